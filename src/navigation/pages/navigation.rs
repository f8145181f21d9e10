//! `/navigation?from=<anchor>&to=<place>&step_free=1`: where the patient is, where to go,
//! and the route. Every choice is in the address, so a wall sign's QR code, a booking's
//! "how to get there" and Back all land on the same screen.

use std::rc::Rc;

use careway_core::api::queue::TicketStatus;
use careway_core::navigation::{Mode, PlaceKind, Planner, Route, RouteError, Venue};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use crate::app::router::{use_location, use_navigator};

use crate::api;
use crate::app::contexts::display::use_display;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::contexts::session::use_session;
use crate::app::route::{NavigationQuery, Route as Page};
use crate::hooks::{use_fetch, use_session_fetch, FetchState};
use crate::navigation::parts::floor::{floor_plan, Ends, View};
use crate::navigation::parts::style::navigation_style;
use crate::navigation::state::{minutes, nearest_of, search, start, zoom_step};
use crate::ui::status::{loading, notice};

/// The quick choices: what patients ask the way to most.
const QUICK: [PlaceKind; 6] = [
    PlaceKind::Pharmacy,
    PlaceKind::Payment,
    PlaceKind::BloodDraw,
    PlaceKind::Toilet,
    PlaceKind::AccessibleToilet,
    PlaceKind::Information,
];

/// The navigation page.
#[component]
pub fn NavigationPage() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let venue_url = meta.meta().and_then(|m| m.venue.clone());
    // The hint stands under the heading from the server's first drawing on, in the place
    // the app keeps it, so the largest text of the page is there before the venue loads.
    let choosing = use_location()
        .map(|l| NavigationQuery::parse(l.query_str()))
        .unwrap_or_default()
        .to
        .is_none();
    html! {
        <div class={navigation_style()}>
            <h1>{ t.navigation_title }</h1>
            // Not where there is no map to choose from, or the hospital's details failed.
            if choosing && (venue_url.is_some() || matches!(&*meta, FetchState::Loading)) {
                <p class="hint">{ t.nav_choose_hint }</p>
            }
            if let Some(url) = venue_url {
                <WithVenue key={url.as_str()} url={AttrValue::from(url.clone())} />
            } else if matches!(&*meta, FetchState::Failed(_)) {
                { notice(t.nav_failed, t.error_network.to_owned(), Some(meta.retry_callback()), meta.phone(), t) }
            } else if meta.meta().is_some() {
                <p>{ t.nav_unavailable }</p>
            } else {
                { loading(t) }
            }
        </div>
    }
}

/// The properties of [`WithVenue`].
#[derive(Properties, PartialEq)]
struct WithVenueProps {
    url: AttrValue,
}

/// Loads the venue once, then plans in the browser.
#[component]
fn WithVenue(props: &WithVenueProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let url = props.url.clone();
    let venue = use_fetch(move |lang, signal| async move {
        let venue = api::venue::get(&url, lang, signal.as_ref()).await;
        // Reading the venue (a large document) and drawing the page from it are two
        // pieces of work of tens of milliseconds each on a slow phone: a pause between
        // them lets a tap or a scroll through, instead of one long freeze.
        gloo::timers::future::TimeoutFuture::new(0).await;
        venue
    });
    match &*venue {
        FetchState::Ready(venue) => html! { <Planned venue={Rc::clone(venue)} /> },
        FetchState::Failed(error) => notice(
            t.nav_failed,
            error.message(lang),
            Some(venue.retry_callback()),
            meta.phone(),
            t,
        ),
        FetchState::Loading => loading(t),
    }
}

/// The properties of [`Planned`].
#[derive(Properties)]
struct PlannedProps {
    venue: Rc<Venue>,
}

impl PartialEq for PlannedProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.venue, &other.venue)
    }
}

/// The choices and the route, for a loaded venue.
#[component]
fn Planned(props: &PlannedProps) -> Html {
    let locale = use_locale();
    let display = use_display();
    let session = use_session();
    let t = locale.t();
    let lang = locale.lang();
    let navigator = use_navigator();
    let query = use_location()
        .map(|l| NavigationQuery::parse(l.query_str()))
        .unwrap_or_default();
    let planner = {
        let venue = Rc::clone(&props.venue);
        use_memo((), move |()| Planner::shared(venue))
    };
    let venue = &*props.venue;
    let typed = use_state(String::new);
    let shown_level = use_state(|| None::<String>);
    let zoom = use_state(|| 100u16);
    let plan_box = use_node_ref();
    // After a zoom, and when another floor or route is drawn zoomed, the scrolled box is
    // centred, where the route's part of the floor is.
    {
        let plan_box = plan_box.clone();
        let drawn = (*zoom, (*shown_level).clone(), query.clone());
        use_effect_on(drawn, move |_| {
            if let Some(el) = plan_box.cast::<web_sys::Element>() {
                el.set_scroll_left((el.scroll_width() - el.client_width()) / 2);
                el.set_scroll_top((el.scroll_height() - el.client_height()) / 2);
            }
        });
    }

    // Every choice goes into the address.
    let go = {
        let navigator = navigator.clone();
        move |next: NavigationQuery| {
            if let Some(navigator) = &navigator {
                navigator.push_with_query(&Page::Navigation, &next.to_query());
            }
        }
    };
    let choose = {
        let go = go.clone();
        let query = query.clone();
        let typed = typed.clone();
        let shown_level = shown_level.clone();
        Callback::from(move |place: String| {
            typed.set(String::new());
            shown_level.set(None);
            go(NavigationQuery {
                to: Some(place),
                ..query.clone()
            });
        })
    };
    let toggle_step_free = {
        let go = go.clone();
        let query = query.clone();
        Callback::from(move |_: Event| {
            go(NavigationQuery {
                step_free: !query.step_free,
                ..query.clone()
            });
        })
    };
    let choose_start = {
        let go = go.clone();
        let query = query.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            go(NavigationQuery {
                from: (!value.is_empty()).then_some(value),
                ..query.clone()
            });
        })
    };
    let on_type = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };

    let from = start(venue, query.from.as_deref(), display.kiosk, lang);
    // What "no choice" means here: the kiosk's own spot, else the main entrance.
    let default_start = start(venue, None, display.kiosk, lang).map_or("", |(_, name)| name);
    let target = query
        .to
        .as_deref()
        .and_then(|id| venue.places.iter().find(|p| p.id == id));
    let mode = Mode {
        step_free: query.step_free,
        pace: if display.elder {
            Mode::ELDER.pace
        } else {
            Mode::WALKING.pace
        },
    };
    let from_node = from.map_or("", |(node, _)| node);
    let planned: Option<Result<Route, RouteError>> = match (from, target) {
        (Some((node, _)), Some(place)) => Some(planner.plan(node, &place.id, mode)),
        _ => None,
    };
    let found = search(venue, &typed, 8);
    let use_session_signed_in = session.signed_in();

    let choices = html! {
        <section class="choose">
            if let Some((_, name)) = from {
                <p class="where"><span>{ t.nav_you_are_here }</span>{ " " }{ name }</p>
            }
            <label for="nav-from">{ t.nav_from }</label>
            <select id="nav-from" onchange={choose_start}>
                <option value="" selected={query.from.is_none()}>{ (t.nav_from_default)(default_start) }</option>
                { for venue.anchors.iter().map(|a| html! {
                    <option value={a.id.clone()} selected={query.from.as_deref() == Some(a.id.as_str())}>
                        { a.name.get(lang) }
                    </option>
                }) }
            </select>
            <label for="nav-search">{ t.nav_to }</label>
            <input id="nav-search" type="search" value={(*typed).clone()} oninput={on_type}
                placeholder={t.nav_search_hint} autocomplete="off" />
            if !typed.trim().is_empty() {
                if found.is_empty() {
                    <p role="status">{ t.nav_no_match }</p>
                } else {
                    <ul class="chips" aria-label={t.nav_to}>
                        { for found.iter().map(|p| place_button(&p.id, p.name.get(lang), &choose, false)) }
                    </ul>
                }
            }
            <ul class="chips" aria-label={t.nav_quick}>
                if use_session_signed_in {
                    <MyPlaces choose={choose.clone()} chosen={query.to.clone().map(AttrValue::from)} />
                }
                { for QUICK.iter().filter_map(|kind| nearest_of(&planner, from_node, *kind, mode)).map(|p| {
                    let on = query.to.as_deref() == Some(p.id.as_str());
                    place_button(&p.id, p.name.get(lang), &choose, on)
                }) }
            </ul>
            <label class="step-free">
                <input type="checkbox" checked={query.step_free} onchange={toggle_step_free} />
                { t.nav_step_free }
            </label>
        </section>
    };

    let result = match (planned, target) {
        (Some(Ok(route)), Some(place)) => {
            let levels: Vec<&careway_core::navigation::Level> = route
                .segments
                .iter()
                .filter_map(|s| venue.levels.iter().find(|l| l.id == s.level))
                .fold(Vec::new(), |mut acc, l| {
                    if !acc
                        .iter()
                        .any(|x: &&careway_core::navigation::Level| x.id == l.id)
                    {
                        acc.push(l);
                    }
                    acc
                });
            let current = (*shown_level)
                .clone()
                .filter(|id| levels.iter().any(|l| &l.id == id))
                .or_else(|| levels.first().map(|l| l.id.clone()))
                .unwrap_or_default();
            let level = levels.iter().find(|l| l.id == current).copied();
            let segments: Vec<_> = route
                .segments
                .iter()
                .filter(|s| s.level == current)
                .collect();
            html! {
                <section aria-labelledby="route-heading">
                    <h2 id="route-heading">{ (t.nav_route_to)(place.name.get(lang)) }</h2>
                    <p class="summary" role="status">
                        { (t.nav_summary)(minutes(route.seconds), route.distance_m.round() as u32) }
                    </p>
                    <div class="route">
                        <div class="list">
                            if levels.len() > 1 {
                                <div class="chips" role="group" aria-label={t.nav_floors}>
                                    { for levels.iter().map(|l| {
                                        let id = l.id.clone();
                                        let shown_level = shown_level.clone();
                                        let on = l.id == current;
                                        html! {
                                            <button type="button" class="chip" aria-pressed={on.to_string()}
                                                onclick={Callback::from(move |_| shown_level.set(Some(id.clone())))}>
                                                { l.name.get(lang) }
                                            </button>
                                        }
                                    }) }
                                </div>
                            }
                            if let Some(level) = level {
                                { zoom_buttons(&zoom, t) }
                                { floor_plan(venue, level, &segments, place, Ends {
                                    starts: route.segments.first().is_some_and(|s| s.level == level.id),
                                    ends: route.segments.last().is_some_and(|s| s.level == level.id),
                                }, View {
                                    label: (t.nav_plan_of)(level.name.get(lang)),
                                    zoom: *zoom,
                                    boxed: &plan_box,
                                    lang,
                                }) }
                            }
                        </div>
                        <ol class="steps" aria-label={t.nav_steps}>
                            { for route.steps.iter().map(|s| html! {
                                <li>{ s.text.get(lang) }</li>
                            }) }
                        </ol>
                    </div>
                    if display.kiosk {
                        <button type="button" class="chip no-print"
                            onclick={Callback::from(|_| { if let Some(w) = crate::platform::window() { let _ = w.print(); } })}>
                            { t.nav_print }
                        </button>
                    }
                </section>
            }
        }
        (
            Some(Err(RouteError::Unreachable {
                reason,
                alternative,
            })),
            _,
        ) => {
            let go = go.clone();
            let query = query.clone();
            html! {
                <section class="note" role="alert">
                    <p>{ reason.get(lang) }</p>
                    if alternative.is_some() {
                        <button type="button" class="chip"
                            onclick={Callback::from(move |_| go(NavigationQuery { step_free: false, ..query.clone() }))}>
                            { t.nav_with_steps }
                        </button>
                    }
                </section>
            }
        }
        // Nothing chosen yet: the hint is under the page's heading (see `NavigationPage`).
        (None, None) if query.to.is_none() => Html::default(),
        // A destination the venue does not have (an old link, a place since removed).
        (Some(Err(RouteError::Unknown { .. })), _) | (None, _) => html! {
            <p class="note" role="alert">{ t.nav_unknown_place }</p>
        },
        (Some(Ok(_)), None) => Html::default(),
    };
    html! { <div class="layout">{ choices }<div class="list">{ result }</div></div> }
}

/// The properties of [`MyPlaces`].
#[derive(Properties, PartialEq)]
struct MyPlacesProps {
    /// Chooses a destination.
    choose: Callback<String>,
    /// The destination chosen now.
    chosen: Option<AttrValue>,
}

/// The account's own destinations, first among the quick choices: "I was called to", the
/// room of a ticket of the family that is being called now, and "my appointment", the
/// department of the next visit. Each is left out when there is none or it cannot be
/// read. One component for both: each component costs the app its own machinery.
#[component]
fn MyPlaces(props: &MyPlacesProps) -> Html {
    let locale = use_locale();
    let t = locale.t();
    let lang = locale.lang();
    let queue = use_session_fetch(|lang, signal| async move {
        crate::api::queue::mine(lang, signal.as_ref()).await
    });
    let upcoming = use_session_fetch(|lang, signal| async move {
        crate::api::booking::appointments(true, lang, signal.as_ref()).await
    });
    let called = queue.data().and_then(|q| {
        q.tickets
            .iter()
            .filter(|t| t.status == TicketStatus::Called)
            .find_map(|t| Some((t.point.place.as_deref()?, &t.point.room)))
    });
    let called = called.map(|(place, room)| (place, (t.nav_called_room)(room.get(lang))));
    let next = upcoming.data().and_then(|list| list.first()).map(|next| {
        (
            next.department.location.as_str(),
            (t.nav_next_visit)(next.department.name.get(lang)),
        )
    });
    html! {
        { for called.into_iter().chain(next).map(|(place, label)| {
            let on = props.chosen.as_deref() == Some(place);
            place_button(place, &label, &props.choose, on)
        }) }
    }
}

/// The floor plan's − and + buttons, with its size read out when it changes.
fn zoom_buttons(zoom: &UseStateHandle<u16>, t: &crate::i18n::Texts) -> Html {
    let button = |bigger: bool, sign: &'static str, label: &'static str| {
        let next = zoom_step(**zoom, bigger);
        let zoom = zoom.clone();
        html! {
            <button type="button" class="chip" aria-label={label} disabled={next.is_none()}
                onclick={Callback::from(move |_| if let Some(z) = next { zoom.set(z) })}>
                { sign }
            </button>
        }
    };
    html! {
        <div class="zoom no-print" role="group" aria-label={t.nav_zoom}>
            { button(false, "−", t.nav_zoom_out) }
            { button(true, "+", t.nav_zoom_in) }
            <span role="status">{ (t.nav_zoom_now)(**zoom) }</span>
        </div>
    }
}

/// A place to choose, as a button.
fn place_button(id: &str, name: &str, choose: &Callback<String>, on: bool) -> Html {
    let id = id.to_owned();
    let choose = choose.clone();
    html! {
        <li>
            <button type="button" class="chip" aria-pressed={on.to_string()}
                onclick={Callback::from(move |_| choose.emit(id.clone()))}>
                { name.to_owned() }
            </button>
        </li>
    }
}

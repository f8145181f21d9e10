//! The frame around the pages: the header with the display controls, the tab bar on
//! phones, and on a kiosk the start-over button and the idle countdown (a queue board on a
//! wall gets the hospital's name alone); also what happens between two pages (scroll to
//! the top, focus on the new page) and the document's title.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use crate::app::router::{use_location, use_route};

use super::contexts::display::use_display;
use super::contexts::locale::use_locale;
use super::contexts::meta::use_meta;
use super::contexts::session::use_session;
use super::route::Route;
use super::start_over::use_start_over;
use crate::hooks::{use_idle, use_keep_alive, FetchState};
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::header::Header;
use crate::ui::icon::{icon, IconKind};
use crate::ui::idle_overlay::IdleOverlay;
use crate::ui::language::language_switch;
use crate::ui::layout::layout;
use crate::ui::nav_link::NavLink;
use crate::ui::tab_bar::{tab_bar, Tab};

/// After moving to another page (not on the first one), scrolls to the top and puts the
/// focus on `<main>`, so the new page starts at its heading and a screen reader announces
/// it, instead of staying on the link that was tapped. A page that put the focus somewhere
/// of its own (the kiosk login's card field, where a card reader types) keeps it: its
/// effects run before the shell's.
#[hook]
fn use_focus_on_navigation(route: Route) {
    let first = use_mut_ref(|| true);
    use_effect_on(route, move |_| {
        if std::mem::replace(&mut *first.borrow_mut(), false) {
            return;
        }
        let Some(window) = crate::platform::window() else {
            return;
        };
        window.scroll_to_with_x_and_y(0.0, 0.0);
        let main = window
            .document()
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(main) = main {
            let active = window.document().and_then(|d| d.active_element());
            let page_chose = active.is_some_and(|a| {
                let a: &web_sys::Node = a.as_ref();
                let m: &web_sys::Node = main.as_ref();
                !a.is_same_node(Some(m)) && m.contains(Some(a))
            });
            if !page_chose {
                let _ = main.focus();
            }
        }
    });
}

/// The address to come back to after a login started on the page at `path` with `query`
/// (`?…` or empty): the page itself, query included.
fn return_path(path: &str, query: &str) -> String {
    format!("{path}{query}")
}

/// The properties of [`Shell`].
#[derive(Properties, PartialEq)]
pub struct ShellProps {
    /// The page (the app's route switch).
    pub children: Html,
}

/// The frame around the pages: the header with the display controls, the tab bar on phones,
/// and on a kiosk the start-over button and the idle countdown.
#[component]
pub fn Shell(props: &ShellProps) -> Html {
    let locale = use_locale();
    let display = use_display();
    let meta = use_meta();
    let session = use_session();
    let route = use_route().unwrap_or(Route::NotFound);
    let here = use_location().map(|l| return_path(l.path(), l.query_str()));
    let start_over = use_start_over();
    let t = locale.t();
    let lang = locale.lang();

    // A wall display (a queue board) shows the hospital's name and nothing to touch: no
    // controls, no tab bar, and it never starts over.
    let wall = matches!(route, Route::Board { .. });
    // A kiosk already showing a fresh home page has nothing to clear: no countdown.
    let fresh = route == Route::Home
        && locale.is_device_default()
        && !display.elder
        && !session.signed_in();
    let idle = use_idle(
        display.kiosk && !fresh && !wall,
        meta.kiosk_idle_seconds(),
        start_over.clone(),
    );

    // A kiosk session ends on the server after its idle time without requests; touches
    // tell the server someone is still there (a third of that time apart at most).
    let keep_alive = session
        .info()
        .filter(|info| info.kiosk)
        .map(|info| (info.idle_timeout_seconds / 3).max(1));
    let ping = {
        let session = session.clone();
        Callback::from(move |()| session.refresh())
    };
    use_keep_alive(keep_alive, ping);

    use_focus_on_navigation(route.clone());

    let name = meta.hospital_name(lang).map(AttrValue::from);
    {
        let title = name.clone().unwrap_or(AttrValue::Static(t.app_name));
        use_effect_on(title, |title| {
            if let Some(document) = crate::platform::window().and_then(|w| w.document()) {
                document.set_title(title);
            }
        });
    }

    let on_lang = {
        let locale = locale.clone();
        Callback::from(move |lang| locale.set(lang))
    };
    let on_large_text = {
        let display = display.clone();
        Callback::from(move |()| display.toggle_elder())
    };
    let header = if wall {
        html! {
            <Header
                skip_label={t.skip_to_content}
                name={name.clone()}
                loading={matches!(*meta, FetchState::Loading)}
                fallback={t.app_name}
            >
                { Html::default() }
            </Header>
        }
    } else {
        html! {
            <Header
                skip_label={t.skip_to_content}
                name={name}
                loading={matches!(*meta, FetchState::Loading)}
                fallback={t.app_name}
            >
                <Button variant={Variant::Secondary} icon={IconKind::TextSize}
                    pressed={Some(display.elder)} onclick={on_large_text}>
                    { t.large_text }
                </Button>
                { language_switch(lang, &on_lang) }
                if display.kiosk {
                    // No tab bar on a kiosk: this is the way to log in and to one's own page.
                    // A login returns to the page it started from (the kiosk's home too); on
                    // the login page itself there is nothing to offer.
                    if session.signed_in() {
                        <NavLink to={Route::Me} current={route == Route::Me}
                            class={button_style(Variant::Secondary)}>
                            { icon(IconKind::User) }{ t.nav_me }
                        </NavLink>
                    } else if route != Route::Login {
                        <NavLink to={Route::Login} next={here.map(AttrValue::from)}
                            class={button_style(Variant::Secondary)}>
                            { icon(IconKind::User) }{ t.log_in }
                        </NavLink>
                    }

                    <Button variant={Variant::Primary} icon={IconKind::StartOver}
                        onclick={start_over.clone()}>
                        { t.start_over }
                    </Button>
                }
            </Header>
        }
    };

    let tab_bar = (!display.kiosk && !wall).then(|| {
        // The tab of the section the page belongs to.
        let section = match route {
            Route::Triage
            | Route::Department { .. }
            | Route::Confirm { .. }
            | Route::Appointments
            | Route::Appointment { .. } => Route::Booking,
            Route::PatientNew | Route::PatientEdit { .. } => Route::Me,
            Route::Survey { .. } | Route::Article { .. } => Route::Inbox,
            ref other => other.clone(),
        };
        let unread = session.info().map_or(0, |info| info.unread);
        let tab = |to: Route, label: &'static str, icon: IconKind| Tab {
            label: AttrValue::Static(label),
            icon,
            current: section == to,
            badge: if to == Route::Inbox { unread } else { 0 },
            badge_label: AttrValue::Static(t.inbox_unread),
            to,
        };
        let tabs = vec![
            tab(Route::Home, t.nav_home, IconKind::Home),
            tab(Route::Booking, t.nav_booking, IconKind::Calendar),
            tab(Route::Inbox, t.nav_inbox, IconKind::Message),
            tab(Route::Me, t.nav_me, IconKind::User),
        ];
        tab_bar(t.nav_label, &tabs)
    });

    let overlay = match idle.seconds_left {
        Some(seconds_left) => html! {
            <IdleOverlay
                title={t.idle_title}
                message={(t.idle_countdown)(seconds_left)}
                {seconds_left}
                continue_label={t.idle_continue}
                on_continue={idle.keep_going.clone()}
            />
        },
        None => Html::default(),
    };

    layout(header, tab_bar, overlay, props.children.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::route::{next_query, next_route};

    #[test]
    fn a_kiosk_login_returns_to_where_it_started() {
        assert_eq!(next_route(Some(&return_path("/", ""))), Route::Home);
        let booking = return_path("/booking/confirm/s-1", "?department=cardiology");
        assert_eq!(next_query(Some(&booking)), Some("department=cardiology"));
        assert_eq!(
            next_route(Some(&return_path("/appointments", ""))),
            Route::Appointments
        );
    }
}

//! Where booking starts (`/booking`): the way into the symptom guide for patients who do
//! not know which department they need, their appointments, and the departments, found
//! as they type (Chinese, English, pinyin initials or a complaint), with the ones opened
//! lately first. The emergency department takes no bookings: it says to go there.

use careway_core::api::booking::{department_matches, Department};
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::contexts::start::use_start;
use crate::app::route::Route;
use crate::booking::load::use_booking_from;
use crate::booking::parts::links::directions_link;
use crate::booking::parts::style::booking_style;
use crate::booking::recent::{recent, stored_recent};
use crate::booking::state::loaded::{find_department, Booking, Load};
use crate::hooks::FetchState;
use crate::i18n::Texts;
use crate::ui::button::{button_style, Variant};
use crate::ui::field::TextField;
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::status::{loading, notice};

/// The departments, where booking starts.
#[component]
pub fn DepartmentsPage() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let query = use_state_eq(String::new);
    // The page the server sent may carry the list: then it shows at once, as the server
    // drew it, and is asked for again only on a retry.
    let start = use_start();
    let list = use_booking_from(
        Load::Departments,
        start.take_departments().map(|departments| Booking {
            departments,
            ..Booking::default()
        }),
    );
    let stored = use_memo((), |()| stored_recent());

    let on_input = {
        let query = query.clone();
        Callback::from(move |value: String| query.set(value))
    };
    let departments = match &*list {
        FetchState::Ready(data) => {
            let all = &data.departments;
            let searching = !query.trim().is_empty();
            let found: Vec<&Department> = all
                .iter()
                .filter(|d| department_matches(d, &query))
                .collect();
            let recent: Vec<&Department> = recent(&stored)
                .into_iter()
                .filter_map(|id| find_department(all, id))
                .filter(|d| d.bookable && !searching)
                .collect();
            html! {
                <>
                    if !recent.is_empty() {
                        <section aria-labelledby="recent-heading">
                            <h2 id="recent-heading">{ t.recent_departments }</h2>
                            <div class="chips">
                                { for recent.iter().map(|d| html! {
                                    <NavLink to={Route::Department { id: d.id.clone() }} class="chip">
                                        { d.name.get(lang) }
                                    </NavLink>
                                }) }
                            </div>
                        </section>
                    }
                    <section aria-labelledby="departments-heading">
                        <h2 id="departments-heading">{ t.all_departments }</h2>
                        <p class="muted" role="status">
                            { if searching { (t.departments_found)(found.len()) } else { String::new() } }
                        </p>
                        if found.is_empty() {
                            <p>{ t.departments_none }</p>
                        }
                        <ul class="list">
                            { for found.iter().map(|d| department_item(d, lang, t)) }
                        </ul>
                    </section>
                </>
            }
        }
        FetchState::Failed(error) => notice(
            t.departments_failed,
            error.message(lang),
            Some(list.retry_callback()),
            meta.phone(),
            t,
        ),
        FetchState::Loading => loading(t),
    };

    html! {
        <div class={booking_style()}>
            <h1>{ t.booking_title }</h1>
            <NavLink to={Route::Triage} class="link-card lead">
                { icon(IconKind::Message) }
                <span class="text">
                    <span class="name">{ t.triage_entry }</span>
                    <span class="muted">{ t.triage_entry_hint }</span>
                </span>
                { icon(IconKind::Chevron) }
            </NavLink>
            <NavLink to={Route::Appointments} class={classes!(button_style(Variant::Secondary), "start")}>
                { icon(IconKind::Calendar) }{ t.my_appointments }
            </NavLink>
            <TextField id="department-search" label={t.search_label}
                hint={AttrValue::from(t.search_hint)} kind="search" value={(*query).clone()}
                autocomplete={AttrValue::Static("off")} maxlength={AttrValue::Static("40")}
                {on_input} />
            { departments }
        </div>
    }
}

/// One department of the list: a link to its doctors, or for the emergency department,
/// which takes no bookings, where to go.
fn department_item(d: &Department, lang: Lang, t: &Texts) -> Html {
    if d.bookable {
        html! {
            <li key={d.id.clone()}>
                <NavLink to={Route::Department { id: d.id.clone() }} class="link-card">
                    <span class="text">
                        <span class="name">{ d.name.get(lang) }</span>
                        <span class="muted">{ d.description.get(lang) }</span>
                    </span>
                    { icon(IconKind::Chevron) }
                </NavLink>
            </li>
        }
    } else {
        html! {
            <li key={d.id.clone()} class="link-card lead">
                <span class="text">
                    <span class="name">{ d.name.get(lang) }</span>
                    <strong>{ t.walk_in }</strong>
                    <span>{ d.location_label.get(lang) }</span>
                </span>
                { directions_link(&d.location, t) }
            </li>
        }
    }
}

//! The account's appointments (`/appointments`, needs a login): upcoming and past, in two
//! tabs, each a link to its page.

use yew::prelude::*;

use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::Route;
use crate::booking::load::use_booking;
use crate::booking::parts::style::booking_style;
use crate::booking::parts::visit::appointment_card;
use crate::booking::state::loaded::Load;
use crate::hooks::FetchState;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::status::back_link;
use crate::ui::status::{loading, notice};
use crate::ui::tabs::{tab_list, TabItem, TabsProps};

/// The ids of the two tabs, upcoming first.
const TAB_IDS: [&str; 2] = ["appointments-upcoming", "appointments-past"];

/// The list of appointments, in two tabs.
#[component]
pub fn AppointmentsPage() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let tab = use_state_eq(|| 0usize);
    let data = use_booking(Load::Appointments);

    let body = match &*data {
        FetchState::Ready(loaded) if !loaded.waiting => {
            let (list, empty) = if *tab == 0 {
                (&loaded.appointments, t.no_upcoming)
            } else {
                (&loaded.past, t.no_past)
            };
            html! {
                <>
                    if list.is_empty() {
                        <p>{ empty }</p>
                        <NavLink to={Route::Booking} class={classes!(button_style(Variant::Primary), "start")}>
                            { icon(IconKind::Calendar) }{ t.booking_title }
                        </NavLink>
                    }
                    <ul class="list">
                        { for list.iter().map(|a| appointment_card(a, lang, t)) }
                    </ul>
                </>
            }
        }
        FetchState::Failed(error) => notice(
            t.appointments_failed,
            error.message(lang),
            Some(data.retry_callback()),
            meta.phone(),
            t,
        ),
        _ => loading(t),
    };
    let tabs = [(t.upcoming, IconKind::Calendar), (t.past, IconKind::Clock)]
        .into_iter()
        .zip(TAB_IDS)
        .map(|((label, icon), id)| TabItem {
            id: id.into(),
            label: label.into(),
            icon,
        })
        .collect::<Vec<_>>();
    let on_select = {
        let tab = tab.clone();
        Callback::from(move |i: usize| tab.set(i))
    };
    html! {
        <div class={booking_style()}>
            { back_link(Route::Booking, t.booking_title) }
            <h1>{ t.my_appointments }</h1>
            <RequireLogin>
                { tab_list(&TabsProps {
                    label: t.my_appointments.into(),
                    tabs,
                    selected: *tab,
                    panel: "appointments-panel".into(),
                    on_select,
                }) }
                <div id="appointments-panel" class="list" role="tabpanel"
                    aria-labelledby={TAB_IDS[*tab % 2]}>
                    { body }
                </div>
            </RequireLogin>
        </div>
    }
}

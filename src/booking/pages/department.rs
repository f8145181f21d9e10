//! A department's page (`/booking/department/{id}`): where it is, its doctors with their
//! titles, specialties and next places, and for the chosen doctor and date the clinics
//! with their fees and time windows. A patient may choose the doctor first (the strip then
//! shows that doctor's days) or the date first (the doctors then show that day). Choosing
//! a window goes on to the confirmation, which asks for a login if needed.
//!
//! The doctor and day chosen live in the address (`?doctor=&date=`, replaced as they
//! change), so Back from the confirmation returns to them; the family member chosen
//! earlier (`patient=`) is carried on to the confirmation.
//!
//! With `?move={appointment}&doctor={id}` the page offers another window of that doctor
//! for an existing appointment, marks the one it is in now, and the confirmation moves it
//! instead of booking anew.

use careway_core::api::booking::{DoctorSchedule, SlotView};
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::app::router::{use_location, use_navigator};

use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::{use_meta, MetaHandle};
use crate::app::route::{ConfirmQuery, DepartmentQuery, Route};
use crate::booking::load::use_booking;
use crate::booking::parts::links::directions_link;
use crate::booking::parts::schedule::{
    date_strip as strip_view, day_sessions, doctor_choice, show_chosen_day,
};
use crate::booking::parts::style::booking_style;
use crate::booking::recent::remember_department;
use crate::booking::state::loaded::Load;
use crate::booking::state::schedule::{current_window, date_strip, first_day, sessions_on};
use crate::hooks::{use_effect_on, FetchState};
use crate::i18n::Texts;
use crate::ui::focus::focus_and_show;
use crate::ui::status::back_link;
use crate::ui::status::{loading, notice};

/// The properties of [`DepartmentPage`].
#[derive(Properties, PartialEq)]
pub struct DepartmentPageProps {
    /// The department's id.
    pub id: String,
}

/// The department page.
#[component]
pub fn DepartmentPage(props: &DepartmentPageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let navigator = use_navigator();
    let query = use_location()
        .map(|l| DepartmentQuery::parse(l.query_str()))
        .unwrap_or_default();
    let t = locale.t();
    let lang = locale.lang();
    // Moving an appointment: its id, and its doctor, the only one offered.
    let moving = query.moving.clone();
    let data = use_booking(Load::Department {
        id: props.id.clone(),
        moving: moving.clone(),
    });
    let doctor = query.doctor.clone();
    let day = query.date.clone();
    // A choice rewrites the address in place: Back returns to the page before, and a
    // return to this page (Back from the confirmation, a reload) finds the same choice.
    let choose = {
        let (navigator, query) = (navigator.clone(), query.clone());
        let route = Route::Department {
            id: props.id.clone(),
        };
        move |change: fn(&mut DepartmentQuery, Option<String>)| {
            let (navigator, query, route) = (navigator.clone(), query.clone(), route.clone());
            Callback::from(move |value: Option<String>| {
                let mut next = query.clone();
                change(&mut next, value);
                let query = next.to_query();
                match &navigator {
                    Some(navigator) if query.is_empty() => navigator.replace(&route),
                    Some(navigator) => navigator.replace_with_query(&route, &query),
                    None => {}
                }
            })
        }
    };

    // Opened: a shortcut on the booking page next time (when the department exists).
    let found = data
        .data()
        .is_some_and(|d| d.department(&props.id).is_some());
    use_effect_on((found, props.id.clone()), |(found, id)| {
        if *found {
            remember_department(id);
        }
    });

    // The day chosen in sight in the strip, once drawn (after Back, a reload).
    use_effect_on((day.clone(), doctor.clone(), data.data().is_some()), |_| {
        show_chosen_day()
    });

    // A doctor chosen: on to their times, once drawn. Changing: back to the list.
    {
        let first = use_mut_ref(|| true);
        use_effect_on(doctor.is_some(), move |chosen| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                focus_and_show(if *chosen {
                    "times-heading"
                } else {
                    "doctors-heading"
                });
            }
        });
    }

    let body = match &*data {
        FetchState::Ready(data) => match data.department(&props.id) {
            Some(department) => {
                // Another doctor keeps the day; when moving, the doctor stays.
                let on_doctor = choose(|q, id| q.doctor = id);
                let on_day = choose(|q, key| q.date = key).reform(Some);
                let on_slot = {
                    // On to the confirmation with this page's choices, to come back to; a
                    // move only with its doctor.
                    let mut schedule = query.clone();
                    if schedule.doctor.is_none() {
                        schedule.moving = None;
                    }
                    let query = ConfirmQuery {
                        department: Some(props.id.clone()),
                        schedule,
                    }
                    .to_query();
                    Callback::from(move |slot: SlotView| {
                        if let Some(navigator) = &navigator {
                            let route = Route::Confirm { slot: slot.id };
                            navigator.push_with_query(&route, &query);
                        }
                    })
                };
                let chosen = doctor
                    .as_ref()
                    .and_then(|id| data.doctors.iter().find(|d| d.doctor.id == *id));
                // The window the appointment being moved is in now.
                let current = chosen
                    .zip(data.appointments.first())
                    .filter(|(_, a)| moving.as_deref() == Some(a.id.as_str()))
                    .and_then(|(one, a)| current_window(one, a));
                // When moving, the appointment's doctor only.
                let doctors = match (chosen, &moving) {
                    (Some(one), Some(_)) => std::slice::from_ref(one),
                    _ => &data.doctors[..],
                };
                html! {
                    <>
                        <div class="card">
                            <p class="muted">{ department.description.get(lang) }</p>
                            <div class="row">
                                <span>{ department.location_label.get(lang) }</span>
                                { directions_link(&department.location, t) }
                            </div>
                            if !department.bookable {
                                <p class="name">{ t.walk_in }</p>
                            }
                        </div>
                        if department.bookable && data.doctors.is_empty() {
                            <p>{ t.no_doctors }</p>
                        }
                        if !doctors.is_empty() {
                            { schedule(doctors, chosen, day.as_deref(), current, &meta, lang, t,
                                &on_doctor, &on_day, &on_slot) }
                        }
                    </>
                }
            }
            None => notice(
                t.department_not_found,
                t.department_not_found.to_owned(),
                None,
                meta.phone(),
                t,
            ),
        },
        FetchState::Failed(error) => {
            let (title, retry) = if error.status() == Some(404) {
                (t.department_not_found, None)
            } else {
                (t.doctors_failed, Some(data.retry_callback()))
            };
            notice(title, error.message(lang), retry, meta.phone(), t)
        }
        FetchState::Loading => loading(t),
    };

    let title = data
        .data()
        .and_then(|d| d.department(&props.id))
        .map_or(t.booking_title, |d| d.name.get(lang));
    html! {
        <div class={booking_style()}>
            if let Some(id) = moving {
                { back_link(Route::Appointment { id }, t.keep_time) }
                <h1>{ t.reschedule_title }</h1>
                <p class="name">{ title.to_owned() }</p>
            } else {
                { back_link(Route::Booking, t.all_departments) }
                <h1>{ title.to_owned() }</h1>
            }
            { body }
        </div>
    }
}

/// The date strip (the chosen doctor's days, or the department's), the doctors (on the
/// day chosen, or over two weeks) and the chosen doctor's clinics on the day shown.
#[allow(clippy::too_many_arguments)]
fn schedule(
    doctors: &[DoctorSchedule],
    chosen: Option<&DoctorSchedule>,
    day: Option<&str>,
    current: Option<&str>,
    meta: &MetaHandle,
    lang: Lang,
    t: &Texts,
    on_doctor: &Callback<Option<String>>,
    on_day: &Callback<String>,
    on_slot: &Callback<SlotView>,
) -> Html {
    // The day shown: the one picked, else the chosen doctor's first with places.
    let shown = day
        .map(str::to_owned)
        .or_else(|| chosen.and_then(first_day));
    let today = meta.today();
    let days = match chosen {
        Some(one) => date_strip(today, &[one]),
        None => date_strip(today, &doctors.iter().collect::<Vec<_>>()),
    };
    let times = match (chosen, &shown) {
        (Some(one), Some(key)) => {
            let sessions = sessions_on(one, key);
            let when = CivilDate::parse(key).map_or(key.clone(), t.day_label);
            html! {
                <>
                    <p class="muted">{ format!("{} · {when}", one.doctor.name.get(lang)) }</p>
                    if sessions.is_empty() {
                        <p>{ t.no_clinic }</p>
                    }
                    { day_sessions(&sessions, current, meta.time_zone(), lang, t, on_slot) }
                </>
            }
        }
        (Some(_), None) => html! { <p>{ t.no_places_soon }</p> },
        (None, _) => html! { <p class="muted">{ t.doctor_first }</p> },
    };
    html! {
        <>
            <section aria-labelledby="dates-heading">
                <h2 id="dates-heading">{ t.choose_date }</h2>
                { strip_view(&days, shown.as_deref(), today, t, on_day) }
            </section>
            <div class="columns">
                <section aria-labelledby="doctors-heading">
                    <h2 id="doctors-heading" tabindex="-1">{ t.choose_doctor }</h2>
                    // Once chosen, the doctor alone, so the times follow close below.
                    { for doctors.iter().filter(|s| chosen.is_none_or(|c| c.doctor.id == s.doctor.id)).map(|schedule| {
                        let id = schedule.doctor.id.clone();
                        let is_chosen = chosen.is_some();
                        doctor_choice(schedule, day, is_chosen, lang, t, on_doctor.reform(move |()| Some(id.clone())))
                    }) }
                    if chosen.is_some() && doctors.len() > 1 {
                        <button type="button" class="chip start"
                            onclick={on_doctor.reform(|_: MouseEvent| None)}>
                            { t.other_doctor }
                        </button>
                    }
                </section>
                <section aria-labelledby="times-heading">
                    <h2 id="times-heading" tabindex="-1">{ t.choose_time }</h2>
                    { times }
                </section>
            </div>
        </>
    }
}

//! Confirming a booking (`/booking/confirm/{slot}?department={id}&…`, needs a login): who
//! the visit is for (the family members; the one the address names with `patient=`, else
//! the default one), what is booked (the department, doctor, date, window, fee and place,
//! and when to arrive), and one button that books. It loads the one window
//! (`GET /slots/{id}`) and the family members, nothing more. Choosing another member
//! rewrites the address, so a reload, Back and Forward keep the choice.
//!
//! With `&move={appointment}` it moves that appointment to the window instead (the patient
//! stays the same, and shown with the time booked now; the old window is given up only
//! once the new one is held).
//!
//! The button sends through [`use_mutation`]: each new request gets a new
//! `Idempotency-Key`, and "try again" after the network failed sends the same key, so a
//! booking that did go through is returned instead of made twice. The appointment the
//! server answers goes to the appointment page as it is. A window taken meanwhile, a
//! closed one or a booking rule each say so, with the way back to the schedule.

use careway_core::api::booking::{yuan, Appointment, Availability, BookRequest, RescheduleRequest};
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use crate::app::router::{use_location, use_navigator};

use crate::api::{self, ApiError};
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{ConfirmQuery, Route};
use crate::booking::load::use_booking;
use crate::booking::parts::style::booking_style;
use crate::booking::parts::visit::{doctor_line, patient_choices, summary, visit_time};
use crate::booking::state::loaded::{Arrival, Arrived, Load};
use crate::booking::state::patient::chosen_patient;
use crate::booking::state::refusal::{refusal, Refusal};
use crate::booking::state::schedule::availability_note;
use crate::hooks::{use_effect_on, use_mutation, FetchState, MutationState};
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::status::back_link;
use crate::ui::status::{loading, notice};

/// What the confirm button sends: the window booked for a family member, or an
/// appointment moved to it. Pressing again with the same request is a retry of it (the
/// same idempotency key while its outcome is unknown).
#[derive(Clone, Debug, PartialEq)]
enum Request {
    /// A new booking.
    Book(BookRequest),
    /// Moving this appointment to the window.
    Move {
        /// The appointment's id.
        appointment: String,
        /// The window.
        to: RescheduleRequest,
    },
}

/// Sends a booking or a move with its idempotency key; both answer with the appointment.
async fn send(
    request: Request,
    key: String,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<Appointment, ApiError> {
    let signal = signal.as_ref();
    match request {
        Request::Book(body) => api::booking::book(&body, &key, lang, signal).await,
        Request::Move { appointment, to } => {
            api::booking::reschedule(&appointment, &to, &key, lang, signal).await
        }
    }
}

/// The properties of [`ConfirmPage`].
#[derive(Properties, PartialEq)]
pub struct ConfirmPageProps {
    /// The window to book.
    pub slot: String,
}

/// The confirmation page.
#[component]
pub fn ConfirmPage(props: &ConfirmPageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let navigator = use_navigator();
    let location = use_location();
    let t = locale.t();
    let lang = locale.lang();
    let query = ConfirmQuery::parse(location.as_ref().map_or("", |l| l.query_str()));
    let moving = query.schedule.moving.clone();
    let data = use_booking(Load::Confirm {
        slot: props.slot.clone(),
        moving: moving.clone(),
    });
    let confirm = use_mutation(send);
    {
        // Booked or moved: on to the appointment as the server answered it, replacing this
        // page (Back goes to the schedule, not to a spent form). Taken or closed meanwhile:
        // the window as it is now.
        let how = if moving.is_some() {
            Arrival::Rescheduled
        } else {
            Arrival::Booked
        };
        let (navigator, data) = (navigator.clone(), data.clone());
        use_effect_on((*confirm).clone(), move |state| match state {
            MutationState::Done(appointment) => {
                if let Some(navigator) = navigator {
                    let route = Route::Appointment {
                        id: appointment.id.clone(),
                    };
                    navigator
                        .replace_with_state(&route, Arrived::new(how, (**appointment).clone()));
                }
            }
            MutationState::Failed(error) => {
                if matches!(refusal(error, lang), Refusal::Taken | Refusal::Closed) {
                    data.reload();
                }
            }
            MutationState::Idle | MutationState::Sending => {}
        });
    }
    // Still busy once booked, until the appointment page replaces this one.
    let busy = confirm.busy() || confirm.done().is_some();
    let refused = confirm.error().map(|error| refusal(error, lang));
    let loaded = data.data().filter(|loaded| !loaded.waiting);
    // Back to the schedule as it was shown: the department (from the address, else the
    // window's), its doctor and day, and the member chosen here.
    let department = query.department.clone().or_else(|| {
        loaded
            .and_then(|l| l.slot.as_ref())
            .map(|s| s.department.id.clone())
    });
    let back = department.map(|id| {
        let schedule = query.schedule.to_query();
        (
            Route::Department { id },
            (!schedule.is_empty()).then(|| AttrValue::from(schedule)),
        )
    });

    let body = match (&*data, loaded.and_then(|l| l.slot.as_ref().map(|s| (l, s)))) {
        (_, Some((loaded, detail))) => {
            let patients = loaded.patients.as_deref().unwrap_or_default();
            let moved = moving
                .as_ref()
                .and_then(|id| loaded.appointments.iter().find(|a| a.id == *id));
            let chosen =
                chosen_patient(patients, query.schedule.patient.as_deref()).map(|p| p.id.clone());
            // Who it is for, or (moving) which appointment.
            let request = match (&moving, &chosen) {
                (Some(appointment), _) => Some(Request::Move {
                    appointment: appointment.clone(),
                    to: RescheduleRequest {
                        slot_id: props.slot.clone(),
                    },
                }),
                (None, Some(patient)) => Some(Request::Book(BookRequest {
                    slot_id: props.slot.clone(),
                    patient_id: patient.clone(),
                })),
                (None, None) => None,
            };
            let on_confirm = {
                let run = confirm.run_callback();
                Callback::from(move |()| {
                    if let Some(request) = &request {
                        run.emit(request.clone());
                    }
                })
            };
            let on_member = {
                // The choice goes into the address (replacing it), so it outlives a reload
                // and comes back with Back and Forward.
                let (navigator, confirm, query) =
                    (navigator.clone(), confirm.clone(), query.clone());
                let route = Route::Confirm {
                    slot: props.slot.clone(),
                };
                Callback::from(move |id: String| {
                    let mut query = query.clone();
                    query.schedule.patient = Some(id);
                    if let Some(navigator) = &navigator {
                        navigator.replace_with_query(&route, &query.to_query());
                    }
                    // The patient moved on: the last failure is old news.
                    confirm.reset();
                })
            };
            let slot = &detail.slot;
            let clinic = &detail.session;
            let place = &detail.department;
            let open = slot.availability == Availability::Open;
            let failure = refused.as_ref().map(|why| {
                let (message, retry) = match why {
                    Refusal::Taken if moving.is_some() => (t.reschedule_taken.to_owned(), None),
                    Refusal::Taken => (t.slot_taken.to_owned(), None),
                    Refusal::Closed => (t.slot_unavailable.to_owned(), None),
                    Refusal::Limit { words, .. } | Refusal::Other(words) => (words.clone(), None),
                    Refusal::Unknown => (t.booking_unknown.to_owned(), Some(on_confirm.clone())),
                };
                let title = if moving.is_some() {
                    t.reschedule_failed
                } else {
                    t.booking_failed
                };
                html! {
                    <>
                        { notice(title, message, retry, meta.phone(), t) }
                        // The same-day rule: the appointment that stands in the way.
                        if let Refusal::Limit { appointment: Some(id), .. } = why {
                            <NavLink to={Route::Appointment { id: id.clone() }}
                                class={button_style(Variant::Secondary)}>
                                { t.blocking_appointment }
                            </NavLink>
                        }
                    </>
                }
            });
            let when = CivilDate::parse(&clinic.date).map_or(clinic.date.clone(), t.day_label);
            let mut rows = Vec::new();
            if let Some(old) = moved {
                rows.push((t.patient_label, old.patient_name.clone()));
                rows.push((
                    t.current_time_label,
                    visit_time(&old.date, &old.window_start, &old.window_end, t),
                ));
            }
            rows.extend([
                (t.doctor_label, doctor_line(&detail.doctor, lang)),
                (t.date_label, when),
                (
                    t.time_label,
                    format!(
                        "{} {}–{}",
                        clinic.period.label().get(lang),
                        slot.start,
                        slot.end
                    ),
                ),
                (
                    t.fee_label,
                    format!(
                        "¥{} · {}",
                        yuan(clinic.fee_fen),
                        clinic.visit_type.label().get(lang)
                    ),
                ),
                (t.place_label, place.location_label.get(lang).to_owned()),
            ]);
            let here = location
                .as_ref()
                .map(|l| AttrValue::from(format!("{}{}", l.path(), l.query_str())));

            html! {
                <>
                    <div class="columns">
                    <section class="card" aria-labelledby="visit-heading">
                        <h2 id="visit-heading">{ place.name.get(lang) }</h2>
                        <p class="arrive">{ detail.arrival.instruction.get(lang) }</p>
                        { summary(rows) }
                        if !open {
                            <p class="tag no">
                                { availability_note(slot.availability, slot.remaining, None, t) }
                            </p>
                        }
                        if moving.is_some() {
                            <p class="muted">{ t.reschedule_note }</p>
                        }
                        if !place.instructions.is_empty() {
                            <h3>{ t.before_visit }</h3>
                            <ul class="instructions">
                                { for place.instructions.iter().map(|line| html! { <li>{ line.get(lang) }</li> }) }
                            </ul>
                        }
                    </section>
                    if moving.is_none() {
                        <fieldset>
                            <legend>{ t.patient_label }</legend>
                            if patients.is_empty() {
                                <p>{ t.no_members }</p>
                            }
                            { patient_choices(patients, chosen.as_deref(), meta.today(), t, &on_member) }
                            <NavLink to={Route::PatientNew} next={here} class="chip start">
                                { icon(IconKind::Plus) }{ t.add_member }
                            </NavLink>
                        </fieldset>
                    }
                    </div>
                    { for failure }
                    if !open || matches!(refused, Some(Refusal::Taken | Refusal::Closed)) {
                        if let Some((to, query)) = back.clone() {
                            <NavLink {to} {query} class={button_style(Variant::Primary)}>
                                { t.other_time }
                            </NavLink>
                        }
                    }
                    <Button busy={busy}
                        disabled={!open || (chosen.is_none() && moving.is_none())}
                        onclick={on_confirm}>
                        { match (busy, &moving) {
                            (true, _) => t.booking_busy,
                            (false, Some(_)) => t.reschedule_confirm,
                            (false, None) => t.confirm_booking,
                        } }
                    </Button>
                </>
            }
        }
        (FetchState::Failed(error), _) if error.status() == Some(404) => notice(
            t.slot_unavailable,
            t.slot_missing.to_owned(),
            None,
            meta.phone(),
            t,
        ),
        (FetchState::Failed(error), _) => notice(
            t.doctors_failed,
            error.message(lang),
            Some(data.retry_callback()),
            meta.phone(),
            t,
        ),
        _ => loading(t),
    };

    html! {
        <div class={booking_style()}>
            { match back {
                Some((to, query)) => html! {
                    <NavLink {to} {query}
                        class={classes!(button_style(Variant::Secondary), "back")}>
                        { icon(IconKind::Chevron) }{ t.other_time }
                    </NavLink>
                },
                None => back_link(Route::Booking, t.all_departments),
            } }
            <h1>{ if moving.is_some() { t.reschedule_confirm } else { t.confirm_title } }</h1>
            <RequireLogin>{ body }</RequireLogin>
        </div>
    }
}

//! Confirming a booking (`/booking/confirm/{slot}?department={id}`, needs a login): who
//! the visit is for (the family members, the default one chosen), what is booked (the
//! department, doctor, date, window, fee and place), and one button that books.
//!
//! With `&move={appointment}` it moves that appointment to the window instead (the patient
//! stays the same; the old window is given up only once the new one is held).
//!
//! Each press of the button sends a new `Idempotency-Key`, except "try again" after the
//! network failed: that sends the same key, so a booking that did go through is returned
//! instead of made twice. A window taken meanwhile, a closed one or a booking rule each
//! say so, with the way back to the schedule.

use careway_core::api::booking::{yuan, Availability, BookRequest, RescheduleRequest};
use careway_core::identity::CivilDate;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError};
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::contexts::session::use_session;
use crate::app::guard::RequireLogin;
use crate::app::route::{BookingQuery, Route};
use crate::booking::load::use_booking;
use crate::booking::parts::status::{loading, notice};
use crate::booking::parts::style::booking_style;
use crate::booking::parts::visit::{patient_choices, summary};
use crate::booking::state::loaded::{Arrival, Load};
use crate::booking::state::schedule::availability_note;
use crate::booking::state::sending::{refusal, Attempt, Refusal, SendAction, Sending};
use crate::hooks::{use_abort_signal, FetchState};
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::icon::{Icon, IconKind};
use crate::ui::nav_link::NavLink;

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
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let signal = use_abort_signal();
    let t = locale.t();
    let lang = locale.lang();
    let query = location.as_ref().map_or("", |l| l.query_str());
    let BookingQuery {
        department, moving, ..
    } = BookingQuery::parse(query);
    let department = department.unwrap_or_default();
    // Back to the schedule as it was shown (the department, and when moving, the doctor).
    let back = query
        .strip_prefix('?')
        .map(|q| AttrValue::from(q.to_owned()));
    let data = use_booking(Load::Confirm(department.clone()));
    let member = use_state_eq(|| None::<String>);
    let sending = use_reducer_eq(Sending::default);

    let body = match &*data {
        FetchState::Ready(loaded) if !loaded.waiting => {
            match (
                loaded.department(&department),
                loaded.find_slot(&props.slot),
            ) {
                (Some(place), Some((doctor, clinic, slot))) => {
                    let patients = loaded.patients.as_deref().unwrap_or_default();
                    // The member chosen, else the default one (listed first).
                    let chosen = (*member)
                        .clone()
                        .filter(|id| patients.iter().any(|p| p.id == *id))
                        .or_else(|| patients.first().map(|p| p.id.clone()));
                    let on_confirm = {
                        let (sending, data, session, navigator, signal) = (
                            sending.clone(),
                            data.clone(),
                            session.clone(),
                            navigator.clone(),
                            signal.clone(),
                        );
                        let (slot_id, chosen, moving) =
                            (props.slot.clone(), chosen.clone(), moving.clone());
                        Callback::from(move |()| {
                            // Who it is for, or (moving) which appointment.
                            let Some(whom) = moving.clone().or_else(|| chosen.clone()) else {
                                return;
                            };
                            if sending.busy {
                                return;
                            }
                            let body = format!("{slot_id}|{whom}");
                            let key = sending
                                .key_for(&body)
                                .map_or_else(api::idempotency_key, str::to_owned);
                            sending.dispatch(SendAction::Start(Attempt {
                                key: key.clone(),
                                body,
                                settled: false,
                            }));
                            let (dispatcher, data, session, navigator, signal, moving, slot_id) = (
                                sending.dispatcher(),
                                data.clone(),
                                session.clone(),
                                navigator.clone(),
                                signal.clone(),
                                moving.is_some(),
                                slot_id.clone(),
                            );
                            yew::platform::spawn_local(async move {
                                let signal = signal.as_ref();
                                let (sent, arrival) = if moving {
                                    let request = RescheduleRequest { slot_id };
                                    let sent = api::booking::reschedule(
                                        &whom, &request, &key, lang, signal,
                                    );
                                    (sent.await, Arrival::Rescheduled)
                                } else {
                                    let request = BookRequest {
                                        slot_id,
                                        patient_id: whom,
                                    };
                                    (
                                        api::booking::book(&request, &key, lang, signal).await,
                                        Arrival::Booked,
                                    )
                                };
                                match sent {
                                    Ok(booked) => {
                                        if let Some(navigator) = navigator {
                                            // Replace: Back goes to the schedule, not to a
                                            // spent form.
                                            let route = Route::Appointment { id: booked.id };
                                            navigator.replace_with_state(&route, arrival);
                                        }
                                    }
                                    Err(ApiError::Aborted) => {}
                                    Err(error) => {
                                        session.report(&error);
                                        let why = refusal(&error, lang);
                                        if matches!(why, Refusal::Taken | Refusal::Closed) {
                                            // Show the window as it is now.
                                            data.reload();
                                        }
                                        dispatcher.dispatch(SendAction::Failed(why));
                                    }
                                }
                            });
                        })
                    };
                    let on_member = {
                        let (member, dispatcher) = (member.clone(), sending.dispatcher());
                        Callback::from(move |id: String| {
                            member.set(Some(id));
                            dispatcher.dispatch(SendAction::Clear);
                        })
                    };
                    let open = slot.availability == Availability::Open;
                    let failure = sending.failure.as_ref().map(|why| {
                        let (message, retry) = match why {
                            Refusal::Taken if moving.is_some() => {
                                (t.reschedule_taken.to_owned(), None)
                            }
                            Refusal::Taken => (t.slot_taken.to_owned(), None),
                            Refusal::Closed => (t.slot_unavailable.to_owned(), None),
                            Refusal::Limit(words) | Refusal::Other(words) => (words.clone(), None),
                            Refusal::Unknown => {
                                (t.booking_unknown.to_owned(), Some(on_confirm.clone()))
                            }
                        };
                        let title = if moving.is_some() {
                            t.reschedule_failed
                        } else {
                            t.booking_failed
                        };
                        notice(title, message, retry, meta.phone(), t)
                    });
                    let when =
                        CivilDate::parse(&clinic.date).map_or(clinic.date.clone(), t.day_label);
                    let rows = vec![
                        (
                            t.doctor_label,
                            format!(
                                "{} {}",
                                doctor.doctor.name.get(lang),
                                doctor.doctor.title.label().get(lang)
                            ),
                        ),
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
                    ];
                    let here = location
                        .as_ref()
                        .map(|l| AttrValue::from(format!("{}{}", l.path(), l.query_str())));

                    html! {
                        <>
                            <div class="columns">
                            <section class="card" aria-labelledby="visit-heading">
                                <h2 id="visit-heading">{ place.name.get(lang) }</h2>
                                <p class="arrive">{ (t.arrive_between)(&slot.start, &slot.end) }</p>
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
                                        <Icon kind={IconKind::Plus} />{ t.add_member }
                                    </NavLink>
                                </fieldset>
                            }
                            </div>
                            { for failure }
                            if !open || matches!(sending.failure, Some(Refusal::Taken | Refusal::Closed)) {
                                <NavLink to={Route::Department { id: department.clone() }}
                                    query={back.clone()}
                                    class={button_style(Variant::Primary)}>
                                    { t.other_time }
                                </NavLink>
                            }
                            <Button busy={sending.busy}
                                disabled={!open || (chosen.is_none() && moving.is_none())}
                                onclick={on_confirm}>
                                { match (sending.busy, &moving) {
                                    (true, _) => t.booking_busy,
                                    (false, Some(_)) => t.reschedule_confirm,
                                    (false, None) => t.confirm_booking,
                                } }
                            </Button>
                        </>
                    }
                }
                _ => notice(
                    t.slot_unavailable,
                    t.slot_missing.to_owned(),
                    None,
                    meta.phone(),
                    t,
                ),
            }
        }
        // An address without its department (typed by hand): the window cannot be found.
        FetchState::Failed(error) if error.status() == Some(404) || department.is_empty() => {
            notice(
                t.slot_unavailable,
                t.slot_missing.to_owned(),
                None,
                meta.phone(),
                t,
            )
        }
        FetchState::Failed(error) => notice(
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
            <NavLink to={Route::Department { id: department.clone() }}
                query={back}
                class={classes!(button_style(Variant::Secondary), "back")}>
                <Icon kind={IconKind::Chevron} />{ t.other_time }
            </NavLink>
            <h1>{ if moving.is_some() { t.reschedule_confirm } else { t.confirm_title } }</h1>
            <RequireLogin>{ body }</RequireLogin>
        </div>
    }
}

//! The booking journey's loader: one hook and one request function for every booking
//! page, each page saying what it needs with a [`Load`]. One loader keeps the bundle
//! small (the fetching machinery exists once, not once per page) and the pages alike.

use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::app::contexts::session::use_session;
use crate::booking::state::loaded::{Booking, Load};
use crate::hooks::{use_effect_on, use_session_fetch_from, UseFetchHandle};

/// Loads what `load` names when the page mounts (and on retry or reload).
///
/// What needs a login waits for it: while the session is still being checked (a deep
/// link) nothing is sent and [`Booking::waiting`] is set; the request goes out once the
/// session is known to be logged in. A 401 on the way is reported to the session, as with
/// [`crate::hooks::use_session_fetch`].
#[hook]
pub fn use_booking(load: Load) -> UseFetchHandle<Booking> {
    use_booking_from(load, None)
}

/// [`use_booking`] starting from what a write just answered, when `known` is given on the
/// first render: the appointment page right after booking shows the appointment the
/// server returned instead of asking for it again. A retry or reload asks the server.
#[hook]
pub fn use_booking_from(load: Load, known: Option<Booking>) -> UseFetchHandle<Booking> {
    let signed_in = use_session().signed_in();
    // Whether the answer depends on the session: then a change of it asks again.
    let personal = load.needs_account()
        || matches!(
            load,
            Load::Triage
                | Load::Department {
                    moving: Some(_),
                    ..
                }
        );
    // Shown from the first render (also when the server draws the page); a retry or
    // reload asks the server.
    let handle = use_session_fetch_from(
        move || known,
        move |lang, signal| fetch_booking(load, signed_in, lang, signal),
    );
    {
        // The first render's request went out already; a later change of the session sends
        // it again, with that render's closure.
        let handle = handle.clone();
        let first = use_mut_ref(|| true);
        use_effect_on(signed_in, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) && personal {
                handle.retry();
            }
        });
    }
    handle
}

/// Sends the requests `load` needs: the two a page cannot show anything without at
/// once, the family members after them (one join less in the bundle; they are small and
/// quick).
async fn fetch_booking(
    load: Load,
    signed_in: bool,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<Booking, ApiError> {
    let signal = signal.as_ref();
    let mut out = Booking::default();
    if load.needs_account() && !signed_in {
        out.waiting = true;
        return Ok(out);
    }
    let departments = || api::booking::departments(lang, signal);
    match load {
        Load::Departments => out.departments = departments().await?,
        Load::Triage => {
            let (areas, list) =
                api::both(api::booking::triage_areas(lang, signal), departments()).await;
            out.areas = areas?;
            out.departments = list?;
            if signed_in {
                out.patients = api::patients::list(lang, signal).await.ok();
            }
        }
        Load::Department { id, moving } => {
            let (list, doctors) =
                api::both(departments(), api::booking::doctors(&id, lang, signal)).await;
            out.departments = list?;
            out.doctors = doctors?;
            // The appointment being moved marks its window; the schedule shows without it.
            if let (Some(moving), true) = (moving, signed_in) {
                let moved = api::booking::appointment(&moving, lang, signal).await;
                out.appointments = moved.into_iter().collect();
            }
        }
        // Moving keeps the patient: the appointment moved instead of the family members.
        Load::Confirm {
            slot,
            moving: Some(moving),
        } => {
            let (slot, moved) = api::both(
                api::booking::slot(&slot, lang, signal),
                api::booking::appointment(&moving, lang, signal),
            )
            .await;
            out.slot = Some(slot?);
            out.appointments = vec![moved?];
        }
        Load::Confirm { slot, moving: None } => {
            let (slot, patients) = api::both(
                api::booking::slot(&slot, lang, signal),
                api::patients::list(lang, signal),
            )
            .await;
            out.slot = Some(slot?);
            out.patients = Some(patients?);
        }
        Load::Appointments => {
            let (upcoming, past) = api::both(
                api::booking::appointments(true, lang, signal),
                api::booking::appointments(false, lang, signal),
            )
            .await;
            out.appointments = upcoming?;
            out.past = past?;
        }
        Load::Appointment(id) => {
            out.appointments = vec![api::booking::appointment(&id, lang, signal).await?];
        }
    }
    Ok(out)
}

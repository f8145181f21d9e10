//! `/api/v1/departments`, `/doctors`, `/slots`, `/appointments` and `/triage`: what can be
//! booked, booking it for a family member, the account's appointments (cancel, move,
//! calendar file, check-in QR code, sending it to the phone), and the symptom guide that
//! suggests a department.

use careway_core::api::booking::{
    Appointment, BookRequest, CancelRequest, Department, DoctorSchedule, RescheduleRequest,
    SentToPhone, SlotDetail,
};
use careway_core::api::triage::{BodyArea, TriageRequest, TriageResult};
use careway_core::locale::Lang;
use gloo::net::http::Method;
use web_sys::AbortSignal;

use super::{segment, ApiError, BASE};

/// Every department, the emergency department (not bookable) included.
pub async fn departments(
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Vec<Department>, ApiError> {
    super::get("/departments", lang, signal).await
}

/// A department's doctors with their clinics from today over the booking horizon.
pub async fn doctors(
    department: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Vec<DoctorSchedule>, ApiError> {
    let path = format!("/departments/{}/doctors", segment(department));
    super::get(&path, lang, signal).await
}

/// One time window with its session, doctor, department and when to arrive: all the
/// confirmation shows (404 for an unknown window).
pub async fn slot(
    id: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<SlotDetail, ApiError> {
    super::get(&format!("/slots/{}", segment(id)), lang, signal).await
}

/// Books a window; `key` makes a retry return the first booking (see [`super::post_once`]).
pub async fn book(
    request: &BookRequest,
    key: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Appointment, ApiError> {
    super::post_once("/appointments", request, key, lang, signal).await
}

/// The account's appointments: upcoming (soonest first) or past and cancelled (latest
/// first).
pub async fn appointments(
    upcoming: bool,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Vec<Appointment>, ApiError> {
    let scope = if upcoming { "upcoming" } else { "past" };
    super::get(&format!("/appointments?scope={scope}"), lang, signal).await
}

/// One appointment of the account (404 for anyone else's).
pub async fn appointment(
    id: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Appointment, ApiError> {
    super::get(&format!("/appointments/{}", segment(id)), lang, signal).await
}

/// Cancels an appointment; the place goes back to the pool.
pub async fn cancel(
    id: &str,
    request: &CancelRequest,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Appointment, ApiError> {
    let path = format!("/appointments/{}/cancel", segment(id));
    super::post(&path, request, lang, signal).await
}

/// Moves an appointment to another window and returns the new one; when the window is
/// gone the old appointment stays.
pub async fn reschedule(
    id: &str,
    request: &RescheduleRequest,
    key: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Appointment, ApiError> {
    let path = format!("/appointments/{}/reschedule", segment(id));
    super::post_once(&path, request, key, lang, signal).await
}

/// The address of an appointment's calendar file (`text/calendar`), for a download link.
pub fn calendar_href(id: &str) -> String {
    format!("{BASE}/appointments/{}/calendar.ics", segment(id))
}

/// Sends an appointment's details to the account's phone (for a kiosk, where nothing
/// should be downloaded); answers with the phone, masked. A 429 says when to try again.
pub async fn send_to_phone(
    id: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<SentToPhone, ApiError> {
    let path = format!("/appointments/{}/send-to-phone", segment(id));
    super::request(Method::POST, &path, None::<&()>, lang, signal).await
}

/// The address of an appointment's check-in QR code (SVG), for an `<img>`; the browser
/// sends the session cookie with it.
pub fn qr_href(id: &str) -> String {
    format!("{BASE}/appointments/{}/qr.svg", segment(id))
}

/// Departments suggested for symptoms, or emergency advice.
pub async fn triage(
    request: &TriageRequest,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<TriageResult, ApiError> {
    super::post("/triage", request, lang, signal).await
}

/// The body areas and their common symptoms, to tap.
pub async fn triage_areas(
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Vec<BodyArea>, ApiError> {
    super::get("/triage/areas", lang, signal).await
}

//! `/api/v1/queue`, `/appointments/{id}/check-in`, `/queue/tickets/{id}/rejoin` and
//! `/board/{area}`: the account's tickets of the day, checking in, rejoining after a missed
//! call, and the public board of an area; and the addresses of their live streams (for
//! [`crate::hooks::use_event_source`]).

use careway_core::api::queue::{Board, CheckInRequest, MyQueue, Ticket};
use careway_core::locale::Lang;
use web_sys::AbortSignal;

use super::{segment, ApiError, BASE};

/// The account's tickets of the day (401 without a session).
pub async fn mine(lang: Lang, signal: Option<&AbortSignal>) -> Result<MyQueue, ApiError> {
    super::get("/queue", lang, signal).await
}

/// The address of the account's live queue: `queue` events, each a whole [`MyQueue`].
pub fn events_url() -> String {
    format!("{BASE}/queue/events")
}

/// Checks in an appointment of today, by the QR sign's `point` or by "I'm here"; `key`
/// makes a retry return the first ticket (see [`super::post_once`]). A 409
/// `check-in-closed` says why not in its `detail`.
pub async fn check_in(
    appointment: &str,
    request: &CheckInRequest,
    key: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Ticket, ApiError> {
    let path = format!("/appointments/{}/check-in", segment(appointment));
    super::post_once(&path, request, key, lang, signal).await
}

/// Puts a missed ticket back in its queue (409 for any other status).
pub async fn rejoin(
    ticket: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Ticket, ApiError> {
    let path = format!("/queue/tickets/{}/rejoin", segment(ticket));
    super::post(&path, &(), lang, signal).await
}

/// The public board of an area (no login; 404 for an unknown area).
pub async fn board(
    area: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Board, ApiError> {
    super::get(&format!("/board/{}", segment(area)), lang, signal).await
}

/// The address of an area's live board: `board` events, each a whole [`Board`].
pub fn board_events_url(area: &str) -> String {
    format!("{BASE}/board/{}/events", segment(area))
}

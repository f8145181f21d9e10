//! Appointments: book a window for a family member, list and read the account's
//! appointments, cancel, move to another window, the calendar file, the check-in QR code,
//! and (for kiosks) sending the details to the account's own phone.
//!
//! Handlers translate: the request into the store's terms, the store's answer (or the
//! booking rule's [`careway_core::booking::Refusal`]) into the response. `POST
//! /appointments` and `POST /appointments/{id}/reschedule` honour `Idempotency-Key`: a
//! phone on a flaky network that retries gets its first appointment back, not a second.
//!
//! Reads of an appointment go to the audit log, by id, after the ownership check:
//! `appointment.read`, `appointment.calendar_read`, `appointment.qr_read`, and one
//! `appointments.listed` per list. Booking itself writes its entry in its own transaction
//! and nothing more, so the booking path does not wait for a second append.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use careway_core::api::account::mask_name;
use careway_core::api::booking::{
    Appointment, BookRequest, CancelRequest, RescheduleRequest, SentToPhone,
};
use careway_core::api::LocalText;
use careway_core::booking::{can_change, CancelReason};
use careway_core::identity::mask_mobile;
use careway_core::problem::{FieldCode, Problem};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{ClientInfo, CurrentSession};
use super::catalogue::for_patients;
use super::error::{Error, Json, Path, Query};
use super::ics::{booking_ics, CalendarEvent};
use super::idempotency::IdempotencyKey;
use super::schedules::{arrival, change_deadline};
use crate::store::appointments::{self as store, AppointmentRecord, SendError};
use crate::store::claims::{self, BookError, NewBooking};
use crate::{http, AppState};

/// How often one appointment's details may be sent to a phone.
pub const SEND_TO_PHONE_INTERVAL_MS: i64 = 60_000;

/// The appointments' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(appointments, book))
        .routes(routes!(appointment))
        .routes(routes!(cancel))
        .routes(routes!(reschedule))
        .routes(routes!(calendar))
        .routes(routes!(qr_code))
        .routes(routes!(send_to_phone))
}

impl From<BookError> for Error {
    fn from(err: BookError) -> Error {
        match err {
            BookError::NotFound => Error::not_found(),
            BookError::Refused(refusal) => Error::Refused(refusal),
            BookError::KeyReused => Error::field(
                careway_core::api::IDEMPOTENCY_KEY_HEADER,
                FieldCode::Duplicate,
            ),
            BookError::Db(err) => err.into(),
        }
    }
}

/// The appointment as the patient sees it: the record, with the hospital's general
/// instructions, the arrival instruction and the change deadline the rules give it.
fn appointment_view(state: &AppState, a: AppointmentRecord) -> Result<Appointment, Error> {
    let rules = &state.content.booking.rules;
    let department = for_patients(a.department, &state.content.booking.instructions);
    let changeable = can_change(
        a.status,
        a.starts_at.as_millisecond(),
        state.clock.now().as_millisecond(),
        rules,
    )
    .is_ok();
    Ok(Appointment {
        arrival: arrival(&a.window_start, rules)?,
        changeable_until: change_deadline(a.starts_at, rules)?,
        changeable,
        instructions: department.instructions.clone(),
        id: a.id,
        status: a.status,
        patient_id: a.patient_id,
        patient_name: a.patient_name,
        department,
        doctor: a.doctor,
        date: a.date,
        period: a.period,
        window_start: a.window_start,
        window_end: a.window_end,
        starts_at: a.starts_at.to_string(),
        ends_at: a.ends_at.to_string(),
        visit_type: a.visit_type,
        fee_fen: a.fee_fen,
        check_in_code: a.check_in_code,
        cancel_reason: a.cancel_reason,
        rescheduled_to: a.rescheduled_to,
        created_at: a.created_at.to_string(),
    })
}

/// The account's appointment `id`, or the 404 for it (recorded when the id is another
/// account's).
async fn own_appointment(
    state: &AppState,
    account_id: &str,
    client: &ClientInfo,
    id: &str,
) -> Result<AppointmentRecord, Error> {
    match store::appointment(&state.db, account_id, id).await? {
        Some(record) => Ok(record),
        None => Err(not_found(state, account_id, client, id).await),
    }
}

/// Records a read of one of the account's appointments (by id only: never its check-in
/// code), once it is known to be the account's and about to be answered.
async fn read(state: &AppState, event: &str, account_id: &str, client: &ClientInfo, id: &str) {
    let detail = json!({ "appointment": id });
    http::audit(state, event, Some(account_id), client, detail).await;
}

/// The 404 for an appointment that is not the account's, recorded in the audit log when
/// the appointment exists under another account.
pub(super) async fn not_found(
    state: &AppState,
    account_id: &str,
    client: &ClientInfo,
    id: &str,
) -> Error {
    match store::appointment_exists_elsewhere(&state.db, account_id, id).await {
        Ok(true) => {
            let detail = json!({ "resource": "appointment", "id": id });
            http::audit(state, "authz.denied", Some(account_id), client, detail).await;
            Error::not_found()
        }
        Ok(false) => Error::not_found(),
        Err(err) => err.into(),
    }
}

/// Books a time window for a family member.
#[utoipa::path(post, path = "/appointments", tag = "booking",
    request_body = BookRequest,
    params(("Idempotency-Key" = Option<String>, Header, max_length = 128, pattern = r"^[ -~]*[!-~][ -~]*$",
        description = "Retries with the same key get the first appointment back; printable ASCII, not blank")),
    responses(
        (status = 201, body = Appointment),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
         description = "A booking rule refused: slot-taken, booking-closed or booking-limit; \
                        a same-day refusal names the blocking appointment in `appointment_id`"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn book(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    headers: HeaderMap,
    Json(req): Json<BookRequest>,
) -> Result<(StatusCode, axum::Json<Appointment>), Error> {
    let key = IdempotencyKey::from_request(&headers, &req)?;
    let booking = NewBooking {
        account_id: &session.account_id,
        patient_id: &req.patient_id,
        slot_id: &req.slot_id,
        channel: if session.kiosk { "kiosk" } else { "app" },
        idempotency: key.as_ref().map(IdempotencyKey::as_key),
        now: state.clock.now(),
        client: (&client.addr, &client.request_id),
    };
    // The audit entry commits with the booking itself.
    let booked = claims::book(&state.db, booking, &state.content.booking.rules).await?;
    let record = store::appointment(&state.db, &session.account_id, booked.id())
        .await?
        .ok_or_else(|| anyhow::anyhow!("a booked appointment cannot be read back"))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(appointment_view(&state, record)?),
    ))
}

/// Query of `GET /appointments`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AppointmentQuery {
    /// `upcoming` (default) or `past`.
    #[serde(default)]
    #[param(inline)]
    pub scope: AppointmentScope,
}

/// Which of the account's appointments `GET /appointments` lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentScope {
    /// Those still to come, soonest first.
    #[default]
    Upcoming,
    /// Those gone by, latest first.
    Past,
}

/// The account's appointments, upcoming (soonest first) or past (latest first).
#[utoipa::path(get, path = "/appointments", tag = "booking",
    params(AppointmentQuery),
    responses(
        (status = 200, body = [Appointment]),
        super::error::SessionProblems,
        super::error::QueryProblems,
    ))]
pub async fn appointments(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Query(query): Query<AppointmentQuery>,
) -> Result<axum::Json<Vec<Appointment>>, Error> {
    let upcoming = query.scope == AppointmentScope::Upcoming;
    let records =
        store::appointments(&state.db, &session.account_id, upcoming, state.clock.now()).await?;
    let list = records
        .into_iter()
        .map(|record| appointment_view(&state, record))
        .collect::<Result<Vec<_>, _>>()?;
    let scope = if upcoming { "upcoming" } else { "past" };
    let detail = json!({ "scope": scope, "count": list.len() });
    http::audit(
        &state,
        "appointments.listed",
        Some(&session.account_id),
        &client,
        detail,
    )
    .await;
    Ok(axum::Json(list))
}

/// One appointment, with its instructions and check-in code.
#[utoipa::path(get, path = "/appointments/{id}", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, body = Appointment),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
    ))]
pub async fn appointment(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<axum::Json<Appointment>, Error> {
    let record = own_appointment(&state, &session.account_id, &client, &id).await?;
    let view = appointment_view(&state, record)?;
    read(
        &state,
        "appointment.read",
        &session.account_id,
        &client,
        &id,
    )
    .await;
    Ok(axum::Json(view))
}

/// Cancels an appointment before the cut-off; the place goes back to the pool.
#[utoipa::path(post, path = "/appointments/{id}/cancel", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    request_body = CancelRequest,
    responses(
        (status = 200, body = Appointment),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
    Json(req): Json<CancelRequest>,
) -> Result<axum::Json<Appointment>, Error> {
    let reason = req.reason.trim();
    if reason.chars().count() > 200 {
        return Err(Error::field("reason", FieldCode::TooLong));
    }
    let words = if reason.is_empty() {
        CancelReason::ByPatient.words()
    } else {
        LocalText {
            zh: reason.to_owned(),
            en: reason.to_owned(),
        }
    };
    let cancelled = claims::cancel(
        &state.db,
        &session.account_id,
        &id,
        &words,
        &state.content.booking.rules,
        state.clock.now(),
    )
    .await;
    match cancelled {
        Ok(()) => {}
        Err(BookError::NotFound) => {
            return Err(not_found(&state, &session.account_id, &client, &id).await)
        }
        Err(err) => return Err(err.into()),
    }
    http::audit(
        &state,
        "appointment.cancelled",
        Some(&session.account_id),
        &client,
        json!({ "appointment": id }),
    )
    .await;
    // The cancellation's own entry already says who touched the appointment.
    let record = own_appointment(&state, &session.account_id, &client, &id).await?;
    Ok(axum::Json(appointment_view(&state, record)?))
}

/// Moves an appointment to another window. The new place is claimed before the old one is
/// released; if the new window is gone, the old appointment stays. The old appointment
/// then names the new one in `rescheduled_to`.
#[utoipa::path(post, path = "/appointments/{id}/reschedule", tag = "booking",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("Idempotency-Key" = Option<String>, Header, max_length = 128, pattern = r"^[ -~]*[!-~][ -~]*$",
         description = "Retries with the same key get the first result back; printable ASCII, not blank"),
    ),
    request_body = RescheduleRequest,
    responses(
        (status = 201, body = Appointment),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
        super::error::BodyProblems,
    ))]
pub async fn reschedule(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(req): Json<RescheduleRequest>,
) -> Result<(StatusCode, axum::Json<Appointment>), Error> {
    let old = own_appointment(&state, &session.account_id, &client, &id).await?;
    let key = IdempotencyKey::from_request(&headers, &(&id, &req))?;
    let booking = NewBooking {
        account_id: &session.account_id,
        patient_id: &old.patient_id,
        slot_id: &req.slot_id,
        channel: if session.kiosk { "kiosk" } else { "app" },
        idempotency: key.as_ref().map(IdempotencyKey::as_key),
        now: state.clock.now(),
        client: (&client.addr, &client.request_id),
    };
    let booked = claims::reschedule(&state.db, &id, booking, &state.content.booking.rules).await?;
    let record = store::appointment(&state.db, &session.account_id, booked.id())
        .await?
        .ok_or_else(|| anyhow::anyhow!("a moved appointment cannot be read back"))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(appointment_view(&state, record)?),
    ))
}

/// The appointment as an iCalendar file, for "add to calendar".
#[utoipa::path(get, path = "/appointments/{id}/calendar.ics", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, content_type = "text/calendar", description = "One VEVENT"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
    ))]
pub async fn calendar(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, Error> {
    let record = own_appointment(&state, &session.account_id, &client, &id).await?;
    let (starts_at, ends_at) = (record.starts_at, record.ends_at);
    let a = appointment_view(&state, record)?;
    let hospital = &state.content.hospital;
    let summary = format!("{} {} 就诊", a.department.name.zh, a.doctor.name.zh);
    let location = format!(
        "{} {} {}",
        hospital.name.zh, hospital.address.zh, a.department.location_label.zh
    );
    let description: Vec<&str> = std::iter::once(a.arrival.instruction.zh.as_str())
        .chain(a.instructions.iter().map(|i| i.zh.as_str()))
        .collect();
    let event = CalendarEvent {
        id: &a.id,
        starts_at,
        ends_at,
        summary: &summary,
        location: &location,
        description: &description,
    };
    let calendar = booking_ics(&event, state.clock.now());
    let read_event = "appointment.calendar_read";
    read(&state, read_event, &session.account_id, &client, &id).await;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"appointment.ics\"",
            ),
        ],
        calendar,
    ))
}

/// The check-in code as a QR code (SVG), shown at the kiosk or the nurse station.
#[utoipa::path(get, path = "/appointments/{id}/qr.svg", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, content_type = "image/svg+xml", description = "The QR code"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
    ))]
pub async fn qr_code(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, Error> {
    let record = own_appointment(&state, &session.account_id, &client, &id).await?;
    let code = qrcode::QrCode::with_error_correction_level(
        format!("careway:check-in:{}", record.check_in_code),
        qrcode::EcLevel::M,
    )
    .map_err(|e| anyhow::anyhow!("cannot make a QR code: {e}"))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    read(
        &state,
        "appointment.qr_read",
        &session.account_id,
        &client,
        &id,
    )
    .await;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg))
}

/// The SMS with an appointment's details, in Chinese as SMS gateways in China require a
/// signature. The patient's name is masked: a family phone is often shared.
fn phone_message(state: &AppState, a: &Appointment) -> String {
    format!(
        "【{}】预约信息：就诊人 {}，{} {} {}–{}，{} {} 医生（{}）。{}签到码 {}。",
        state.content.hospital.short_name_or_name().zh,
        mask_name(&a.patient_name),
        a.date,
        a.period.label().zh,
        a.window_start,
        a.window_end,
        a.department.name.zh,
        a.doctor.name.zh,
        a.department.location_label.zh,
        a.arrival.instruction.zh,
        a.check_in_code,
    )
}

/// Sends the appointment's details (date, window, department, doctor, the patient's
/// masked name, check-in code) by SMS to the account's own login phone: what a kiosk
/// offers instead of a calendar file, which must not land on a public machine. Once a
/// minute per appointment.
#[utoipa::path(post, path = "/appointments/{id}/send-to-phone", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 202, body = SentToPhone, description = "Queued for the account's phone"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json",
         description = "Sent less than a minute ago; see `retry_after`"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
    ))]
pub async fn send_to_phone(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<(StatusCode, axum::Json<SentToPhone>), Error> {
    let record = own_appointment(&state, &session.account_id, &client, &id).await?;
    let account = crate::store::accounts::account(&state.db, &session.account_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a session names a missing account"))?;
    let text = phone_message(&state, &appointment_view(&state, record)?);
    let sent = store::send_to_phone(
        &state.db,
        &session.account_id,
        &id,
        &account.phone,
        &text,
        state.clock.now(),
        SEND_TO_PHONE_INTERVAL_MS,
    )
    .await;
    match sent {
        Ok(()) => {}
        Err(SendError::NotFound) => {
            return Err(not_found(&state, &session.account_id, &client, &id).await)
        }
        Err(SendError::TooSoon { retry_after }) => {
            return Err(Error::TooManyRequests { retry_after })
        }
        Err(SendError::Db(err)) => return Err(err.into()),
    }
    state.outbox_ready.notify_one();
    http::audit(
        &state,
        "appointment.sent_to_phone",
        Some(&session.account_id),
        &client,
        json!({ "appointment": id }),
    )
    .await;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(SentToPhone {
            phone_masked: mask_mobile(&account.phone),
        }),
    ))
}

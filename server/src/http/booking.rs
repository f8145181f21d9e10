//! Booking: departments, doctors' schedules, and appointments (book, list, cancel,
//! reschedule, calendar file, check-in QR code), plus the symptom triage that points a
//! patient at a department.
//!
//! `POST /appointments` and `POST /appointments/{id}/reschedule` honour `Idempotency-Key`:
//! a phone on a flaky network that retries gets its first appointment back, not a second.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use careway_core::api::booking::{
    self, session_availability, Appointment, AppointmentStatus, Availability, BookRequest,
    CancelRequest, Department, Doctor, DoctorSchedule, DoctorTitle, RescheduleRequest, SessionView,
    SlotView, WindowState,
};
use careway_core::api::LocalText;
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use careway_core::triage::{BodyArea, TriageRequest, TriageResult};
use jiff::Timestamp;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;

use super::auth::{ClientInfo, CurrentSession};
use super::error::{Error, Json, Path, Query};
use crate::store::booking::{self as store, BookError, Booked, CancelError, NewBooking};
use crate::{http, AppState};

/// The longest idempotency key accepted.
const MAX_KEY_LEN: usize = 128;

/// A department as the API shows it; `general` are the hospital's notes for every visit,
/// listed after the department's own.
fn department_view(row: &store::DepartmentRow, general: &[LocalText]) -> Department {
    let mut instructions: Vec<LocalText> =
        serde_json::from_str(&row.instructions).unwrap_or_default();
    instructions.extend(general.iter().cloned());
    Department {
        id: row.id.clone(),
        name: LocalText {
            zh: row.name_zh.clone(),
            en: row.name_en.clone(),
        },
        description: LocalText {
            zh: row.description_zh.clone(),
            en: row.description_en.clone(),
        },
        location: row.location.clone(),
        location_label: LocalText {
            zh: row.location_label_zh.clone(),
            en: row.location_label_en.clone(),
        },
        pinyin: row.pinyin.clone(),
        bookable: row.bookable,
        instructions,
    }
}

fn doctor_view(row: &store::DoctorRow) -> Doctor {
    let title: DoctorTitle =
        serde_json::from_value(json!(row.title)).unwrap_or(DoctorTitle::Attending);
    Doctor {
        id: row.id.clone(),
        department: row.department_id.clone(),
        name: LocalText {
            zh: row.name_zh.clone(),
            en: row.name_en.clone(),
        },
        title,
        specialties: LocalText {
            zh: row.specialties_zh.clone(),
            en: row.specialties_en.clone(),
        },
        bio: LocalText {
            zh: row.bio_zh.clone(),
            en: row.bio_en.clone(),
        },
    }
}

fn rfc3339(ms: i64) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Query of `GET /departments`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct DepartmentQuery {
    /// Part of a name (Chinese or English), pinyin initials, or a complaint.
    #[serde(default)]
    pub q: String,
}

/// The departments, optionally filtered by a search.
#[utoipa::path(get, path = "/departments", tag = "booking",
    params(DepartmentQuery),
    responses((status = 200, body = [Department])))]
pub async fn departments(
    State(state): State<AppState>,
    Query(query): Query<DepartmentQuery>,
) -> Result<axum::Json<Vec<Department>>, Error> {
    let rows = store::departments(&state.db).await?;
    Ok(axum::Json(
        rows.iter()
            .map(|row| department_view(row, &state.content.booking.instructions))
            .filter(|d| booking::department_matches(d, &query.q))
            .collect(),
    ))
}

/// The first and last date patients can see: today through the release horizon.
fn horizon(state: &AppState) -> (String, String) {
    let today = state.today();
    let from = jiff::civil::date(today.year as i16, today.month as i8, today.day as i8);
    let to = from
        .checked_add(jiff::Span::new().days(i64::from(state.content.booking.release_days_ahead)))
        .unwrap_or(from);
    (from.to_string(), to.to_string())
}

async fn schedules(
    state: &AppState,
    doctors: Vec<store::DoctorRow>,
) -> Result<Vec<DoctorSchedule>, Error> {
    let (from, to) = horizon(state);
    let ids: Vec<String> = doctors.iter().map(|d| d.id.clone()).collect();
    let rows = store::windows(&state.db, &ids, &from, &to).await?;
    let now = state.clock.now().as_millisecond();
    let cutoff_ms = i64::from(state.content.booking.book_cutoff_minutes) * 60_000;
    let mut out = Vec::with_capacity(doctors.len());
    for doctor in &doctors {
        let mut sessions: Vec<SessionView> = Vec::new();
        for row in rows.iter().filter(|r| r.doctor_id == doctor.id) {
            let remaining = u32::try_from(row.capacity - row.booked).unwrap_or(0);
            let availability = WindowState {
                stopped: row.status == "stopped",
                release_at: row.release_at,
                starts_at: row.starts_at,
                cutoff_ms,
                remaining,
            }
            .availability(now);
            let slot = SlotView {
                id: row.slot_id.clone(),
                start: row.start_label.clone(),
                end: row.end_label.clone(),
                remaining,
                capacity: row.capacity as u32,
                availability,
            };
            match sessions.last_mut() {
                Some(s) if s.id == row.session_id => s.slots.push(slot),
                _ => sessions.push(SessionView {
                    id: row.session_id.clone(),
                    date: row.date.clone(),
                    period: store::period_of(&row.period),
                    visit_type: store::visit_of(&row.visit_type),
                    fee_fen: row.fee_fen as u32,
                    remaining: 0,
                    capacity: 0,
                    availability: Availability::Closed,
                    release_at: rfc3339(row.release_at),
                    stop_reason: row.stop_reason_zh.as_ref().map(|zh| LocalText {
                        zh: zh.clone(),
                        en: row.stop_reason_en.clone().unwrap_or_default(),
                    }),
                    slots: vec![slot],
                }),
            }
        }
        for s in &mut sessions {
            let open: Vec<&SlotView> = s
                .slots
                .iter()
                .filter(|w| w.availability != Availability::Closed)
                .collect();
            s.remaining = open.iter().map(|w| w.remaining).sum();
            s.capacity = s.slots.iter().map(|w| w.capacity).sum();
            let states: Vec<Availability> = s.slots.iter().map(|w| w.availability).collect();
            s.availability = session_availability(&states);
        }
        let next_available = sessions
            .iter()
            .find(|s| s.availability == Availability::Open)
            .map(|s| s.date.clone());
        let remaining = sessions
            .iter()
            .flat_map(|s| &s.slots)
            .filter(|w| w.availability == Availability::Open)
            .map(|w| w.remaining)
            .sum();
        out.push(DoctorSchedule {
            doctor: doctor_view(doctor),
            next_available,
            remaining,
            sessions,
        });
    }
    Ok(out)
}

/// A department's doctors with their schedules over the booking horizon.
#[utoipa::path(get, path = "/departments/{id}/doctors", tag = "booking",
    params(("id" = String, Path, description = "Department id")),
    responses(
        (status = 200, body = [DoctorSchedule]),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn department_doctors(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<Vec<DoctorSchedule>>, Error> {
    let department = store::department(&state.db, &id)
        .await?
        .ok_or_else(Error::not_found)?;
    if !department.bookable {
        return Ok(axum::Json(Vec::new()));
    }
    let doctors = store::doctors_of(&state.db, &id).await?;
    Ok(axum::Json(schedules(&state, doctors).await?))
}

/// One doctor with their schedule.
#[utoipa::path(get, path = "/doctors/{id}", tag = "booking",
    params(("id" = String, Path, description = "Doctor id")),
    responses(
        (status = 200, body = DoctorSchedule),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn doctor(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<DoctorSchedule>, Error> {
    let doctor = store::doctor(&state.db, &id)
        .await?
        .ok_or_else(Error::not_found)?;
    let mut list = schedules(&state, vec![doctor]).await?;
    list.pop().map(axum::Json).ok_or_else(Error::not_found)
}

/// The idempotency key of a request and the hash of what it asked, if it carried a key.
fn idempotency(
    headers: &HeaderMap,
    body: &impl serde::Serialize,
) -> Result<Option<(String, String)>, Error> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= MAX_KEY_LEN)
        .ok_or_else(|| Error::field("Idempotency-Key", FieldCode::Format))?;
    let hash = Sha256::digest(serde_json::to_vec(body).unwrap_or_default());
    let hash = hash.iter().map(|b| format!("{b:02x}")).collect();
    Ok(Some((key.to_owned(), hash)))
}

fn book_error(err: BookError) -> Error {
    match err {
        BookError::NotFound => Error::not_found(),
        BookError::Taken => Error::kind(ProblemKind::SlotTaken),
        BookError::Closed => Error::kind(ProblemKind::BookingClosed),
        BookError::Rule(words) => Error::Problem {
            kind: ProblemKind::BookingLimit,
            detail: Some(words),
            errors: Vec::new(),
        },
        BookError::ChangeClosed => Error::kind(ProblemKind::ChangeClosed),
        BookError::KeyReused => Error::field("Idempotency-Key", FieldCode::Duplicate),
        BookError::Db(err) => err.into(),
    }
}

/// Books a time window for a family member.
#[utoipa::path(post, path = "/appointments", tag = "booking",
    request_body = BookRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key get the first appointment back")),
    responses(
        (status = 201, body = Appointment),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn book(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    headers: HeaderMap,
    Json(req): Json<BookRequest>,
) -> Result<(StatusCode, axum::Json<Appointment>), Error> {
    let key = idempotency(&headers, &req)?;
    let booking = NewBooking {
        account_id: &session.account_id,
        patient_id: &req.patient_id,
        slot_id: &req.slot_id,
        channel: if session.kiosk { "kiosk" } else { "app" },
        idempotency: key.as_ref().map(|(k, h)| (k.as_str(), h.as_str())),
        now: state.clock.now(),
        client: (&client.addr, &client.request_id),
    };
    // The audit entry commits with the booking itself.
    let (Booked::New(id) | Booked::Replay(id)) =
        store::book(&state.db, booking, &state.content.booking)
            .await
            .map_err(book_error)?;
    let view = appointment_view_by_id(&state, &session.account_id, &id).await?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

async fn appointment_view_by_id(
    state: &AppState,
    account_id: &str,
    id: &str,
) -> Result<Appointment, Error> {
    let row = store::appointment(&state.db, account_id, id)
        .await?
        .ok_or_else(Error::not_found)?;
    appointment_view(state, &row).await
}

async fn appointment_view(
    state: &AppState,
    row: &store::AppointmentRow,
) -> Result<Appointment, Error> {
    // Departments and doctors come from the content loaded at start; the database is
    // asked only for ones retired since the appointment was made.
    let general = &state.content.booking.instructions;
    let department = match state
        .content
        .departments
        .iter()
        .find(|d| d.id == row.department_id)
    {
        Some(d) => Department {
            id: d.id.clone(),
            name: d.name.clone(),
            description: d.description.clone(),
            location: d.location.clone(),
            location_label: d.location_label.clone(),
            pinyin: d.pinyin.clone(),
            bookable: d.bookable,
            instructions: d.instructions.iter().chain(general).cloned().collect(),
        },
        None => department_view(
            &store::department(&state.db, &row.department_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("an appointment names a missing department"))?,
            general,
        ),
    };
    let doctor = match state.content.doctors.iter().find(|d| d.id == row.doctor_id) {
        Some(d) => Doctor {
            id: d.id.clone(),
            department: d.department.clone(),
            name: d.name.clone(),
            title: d.title,
            specialties: d.specialties.clone(),
            bio: d.bio.clone(),
        },
        None => doctor_view(
            &store::doctor(&state.db, &row.doctor_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("an appointment names a missing doctor"))?,
        ),
    };
    let rules = &state.content.booking;
    let instructions = department.instructions.clone();
    let changeable_until = row.starts_at - i64::from(rules.cancel_cutoff_minutes) * 60_000;
    let status = AppointmentStatus::parse(&row.status).unwrap_or(AppointmentStatus::Booked);
    Ok(Appointment {
        id: row.id.clone(),
        status,
        patient_id: row.patient_id.clone(),
        patient_name: row.patient_name.clone(),
        department,
        doctor,
        date: row.date.clone(),
        period: store::period_of(&row.period),
        window_start: row.start_label.clone(),
        window_end: row.end_label.clone(),
        starts_at: rfc3339(row.starts_at),
        ends_at: rfc3339(row.ends_at),
        visit_type: store::visit_of(&row.visit_type),
        fee_fen: row.fee_fen as u32,
        check_in_code: row.check_in_code.clone(),
        instructions,
        changeable_until: rfc3339(changeable_until),
        changeable: status == AppointmentStatus::Booked
            && state.clock.now().as_millisecond() <= changeable_until,
        cancel_reason: row.cancel_reason_zh.as_ref().map(|zh| LocalText {
            zh: zh.clone(),
            en: row.cancel_reason_en.clone().unwrap_or_default(),
        }),
        created_at: rfc3339(row.created_at),
    })
}

/// Query of `GET /appointments`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AppointmentQuery {
    /// `upcoming` (default) or `past`.
    #[serde(default)]
    pub scope: Option<String>,
}

/// The account's appointments, upcoming (soonest first) or past (latest first).
#[utoipa::path(get, path = "/appointments", tag = "booking",
    params(AppointmentQuery),
    responses(
        (status = 200, body = [Appointment]),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn appointments(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    Query(query): Query<AppointmentQuery>,
) -> Result<axum::Json<Vec<Appointment>>, Error> {
    let upcoming = match query.scope.as_deref() {
        None | Some("upcoming") => true,
        Some("past") => false,
        Some(_) => return Err(Error::field("scope", FieldCode::OutOfRange)),
    };
    let rows =
        store::appointments(&state.db, &session.account_id, upcoming, state.clock.now()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push(appointment_view(&state, row).await?);
    }
    Ok(axum::Json(out))
}

async fn not_found(state: &AppState, account_id: &str, client: &ClientInfo, id: &str) -> Error {
    if let Ok(true) = store::appointment_exists_elsewhere(&state.db, account_id, id).await {
        let detail = json!({ "resource": "appointment", "id": id });
        http::audit(state, "authz.denied", Some(account_id), client, detail).await;
    }
    Error::not_found()
}

/// One appointment, with its instructions and check-in code.
#[utoipa::path(get, path = "/appointments/{id}", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, body = Appointment),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn appointment(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<axum::Json<Appointment>, Error> {
    match store::appointment(&state.db, &session.account_id, &id).await? {
        Some(row) => Ok(axum::Json(appointment_view(&state, &row).await?)),
        None => Err(not_found(&state, &session.account_id, &client, &id).await),
    }
}

/// Cancels an appointment before the cut-off; the place goes back to the pool.
#[utoipa::path(post, path = "/appointments/{id}/cancel", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    request_body = CancelRequest,
    responses(
        (status = 200, body = Appointment),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
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
        LocalText {
            zh: "患者取消".into(),
            en: "Cancelled by the patient".into(),
        }
    } else {
        LocalText {
            zh: reason.to_owned(),
            en: reason.to_owned(),
        }
    };
    match store::cancel(
        &state.db,
        &session.account_id,
        &id,
        &words,
        &state.content.booking,
        state.clock.now(),
    )
    .await
    {
        Ok(()) => {}
        Err(CancelError::NotFound) => {
            return Err(not_found(&state, &session.account_id, &client, &id).await)
        }
        Err(CancelError::ChangeClosed) => return Err(Error::kind(ProblemKind::ChangeClosed)),
        Err(CancelError::Db(err)) => return Err(err.into()),
    }
    http::audit(
        &state,
        "appointment.cancelled",
        Some(&session.account_id),
        &client,
        json!({ "appointment": id }),
    )
    .await;
    Ok(axum::Json(
        appointment_view_by_id(&state, &session.account_id, &id).await?,
    ))
}

/// Moves an appointment to another window. The new place is claimed before the old one is
/// released; if the new window is gone, the old appointment stays.
#[utoipa::path(post, path = "/appointments/{id}/reschedule", tag = "booking",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retries with the same key get the first result back"),
    ),
    request_body = RescheduleRequest,
    responses(
        (status = 201, body = Appointment),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn reschedule(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(req): Json<RescheduleRequest>,
) -> Result<(StatusCode, axum::Json<Appointment>), Error> {
    let Some(old) = store::appointment(&state.db, &session.account_id, &id).await? else {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    };
    let key = idempotency(&headers, &(&id, &req))?;
    let booking = NewBooking {
        account_id: &session.account_id,
        patient_id: &old.patient_id,
        slot_id: &req.slot_id,
        channel: if session.kiosk { "kiosk" } else { "app" },
        idempotency: key.as_ref().map(|(k, h)| (k.as_str(), h.as_str())),
        now: state.clock.now(),
        client: (&client.addr, &client.request_id),
    };
    let new_id = match store::reschedule(&state.db, &id, booking, &state.content.booking)
        .await
        .map_err(book_error)?
    {
        Booked::New(new_id) | Booked::Replay(new_id) => new_id,
    };
    let view = appointment_view_by_id(&state, &session.account_id, &new_id).await?;
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// The appointment as an iCalendar file, for "add to calendar".
#[utoipa::path(get, path = "/appointments/{id}/calendar.ics", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, content_type = "text/calendar", description = "One VEVENT"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn calendar(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, Error> {
    let Some(row) = store::appointment(&state.db, &session.account_id, &id).await? else {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    };
    let a = appointment_view(&state, &row).await?;
    let hospital = &state.content.hospital;
    let ics = booking_ics(&a, &hospital.name, &hospital.address, state.clock.now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"appointment.ics\"",
            ),
        ],
        ics,
    ))
}

/// Builds an RFC 5545 calendar with one event, in Chinese (the hospital's language), with
/// a reminder an hour before.
pub fn booking_ics(
    a: &Appointment,
    hospital: &LocalText,
    address: &LocalText,
    now: Timestamp,
) -> String {
    let stamp = |s: &str| -> String {
        s.parse::<Timestamp>()
            .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_default()
    };
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    };
    let summary = format!("{} {} 就诊", a.department.name.zh, a.doctor.name.zh);
    let location = format!(
        "{} {} {}",
        hospital.zh, address.zh, a.department.location_label.zh
    );
    let description = a
        .instructions
        .iter()
        .map(|i| i.zh.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Careway//Appointment//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@careway", a.id),
        format!("DTSTAMP:{}", now.strftime("%Y%m%dT%H%M%SZ")),
        format!("DTSTART:{}", stamp(&a.starts_at)),
        format!("DTEND:{}", stamp(&a.ends_at)),
        format!("SUMMARY:{}", escape(&summary)),
        format!("LOCATION:{}", escape(&location)),
        format!("DESCRIPTION:{}", escape(&description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", escape(&summary)),
        "TRIGGER:-PT1H".to_owned(),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
        out.push_str("\r\n");
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out
}

/// The check-in code as a QR code (SVG), shown at the kiosk or the nurse station.
#[utoipa::path(get, path = "/appointments/{id}/qr.svg", tag = "booking",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, content_type = "image/svg+xml", description = "The QR code"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn qr_code(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, Error> {
    let Some(row) = store::appointment(&state.db, &session.account_id, &id).await? else {
        return Err(not_found(&state, &session.account_id, &client, &id).await);
    };
    let code = qrcode::QrCode::with_error_correction_level(
        format!("careway:check-in:{}", row.check_in_code),
        qrcode::EcLevel::M,
    )
    .map_err(|e| anyhow::anyhow!("cannot make a QR code: {e}"))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg))
}

/// Suggests departments for symptoms, or tells the patient to go to the emergency
/// department now when a symptom is a red flag.
#[utoipa::path(post, path = "/triage", tag = "booking",
    request_body = TriageRequest,
    responses(
        (status = 200, body = TriageResult),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn triage(
    State(state): State<AppState>,
    Json(req): Json<TriageRequest>,
) -> Result<axum::Json<TriageResult>, Error> {
    if req.text.chars().count() > careway_core::triage::MAX_TEXT_CHARS {
        return Err(Error::field("text", FieldCode::TooLong));
    }
    if req.text.trim().is_empty() && req.symptom_ids.is_empty() {
        return Err(Error::field("text", FieldCode::Required));
    }
    let mut result = state.content.triage.triage(&req);
    let bookable: Vec<&str> = state
        .content
        .departments
        .iter()
        .filter(|d| d.bookable)
        .map(|d| d.id.as_str())
        .collect();
    result
        .recommendations
        .retain(|r| bookable.contains(&r.department.as_str()));
    Ok(axum::Json(result))
}

/// The body areas and their common symptoms, for patients who tap rather than type.
#[utoipa::path(get, path = "/triage/areas", tag = "booking",
    responses((status = 200, body = [BodyArea])))]
pub async fn triage_areas(State(state): State<AppState>) -> axum::Json<Vec<BodyArea>> {
    axum::Json(state.content.triage.body_areas())
}

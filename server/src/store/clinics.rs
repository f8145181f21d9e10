//! Clinic sessions and their time windows: the one slot pool every channel books from.
//!
//! Sessions are laid out ahead of time from the doctors' weekly clinics, a row per
//! window with its capacity and a counter of places taken; the hospital can stop a
//! session. Reads here return the facts the booking rules decide on
//! ([`WindowFacts`]), decoded strictly: a value this server could not have written is an
//! error, not a guess.

use anyhow::Context;
use careway_core::api::booking::{ClinicSession, Department, Doctor, Period, VisitType};
use careway_core::api::LocalText;
use careway_core::booking::rules::{hhmm, parse_hhmm};
use careway_core::booking::WindowFacts;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::FromRow;

use super::catalogue::{department_from, doctor_from, DEPARTMENT_COLUMNS, DOCTOR_COLUMNS};
use super::{corrupt, count, events, instant, Db};
use crate::content::Content;

/// The Unix ms of a local date and minute of the day in the hospital's zone.
pub fn local_ms(tz: &TimeZone, date: Date, minute_of_day: u32) -> anyhow::Result<i64> {
    let time = jiff::civil::Time::new(
        i8::try_from(minute_of_day / 60)?,
        i8::try_from(minute_of_day % 60)?,
        0,
        0,
    )
    .with_context(|| format!("{minute_of_day} is not a minute of the day"))?;
    let zoned = date
        .to_datetime(time)
        .to_zoned(tz.clone())
        .with_context(|| format!("{date} {time} has no instant in the hospital's time zone"))?;
    Ok(zoned.timestamp().as_millisecond())
}

/// Makes sure every weekly clinic has its sessions and windows for the dates `from` to
/// `to` inclusive. Idempotent: existing sessions (and their bookings) are left alone.
/// Returns how many sessions were created.
pub async fn ensure_sessions(
    db: &Db,
    content: &Content,
    tz: &TimeZone,
    from: Date,
    to: Date,
) -> anyhow::Result<u32> {
    let settings = &content.booking;
    let mut created = 0;
    let mut tx = db.write().begin().await?;
    let mut date = from;
    while date <= to {
        let release_date = date
            .checked_sub(jiff::Span::new().days(i64::from(settings.release_days_ahead)))
            .with_context(|| format!("no release date for {date}"))?;
        let release_at = local_ms(tz, release_date, settings.release_minute)?;
        for entry in &content.doctors {
            let doctor = &entry.doctor;
            for clinic in &entry.clinics {
                if !clinic
                    .weekdays
                    .iter()
                    .any(|w| w.to_jiff() == date.weekday())
                {
                    continue;
                }
                let (start, end) = settings.periods.minutes(clinic.period).with_context(|| {
                    format!("the {} period has no times", clinic.period.as_str())
                })?;
                let id = uuid::Uuid::now_v7().to_string();
                let inserted = sqlx::query(
                    "INSERT INTO clinic_sessions (id, doctor_id, department_id, date, period,
                                                  visit_type, fee_fen, release_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (doctor_id, date, period) DO NOTHING",
                )
                .bind(&id)
                .bind(&doctor.id)
                .bind(&doctor.department)
                .bind(date.to_string())
                .bind(clinic.period.as_str())
                .bind(clinic.visit_type.as_str())
                .bind(i64::from(settings.fees.of(clinic.visit_type)))
                .bind(release_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    continue;
                }
                created += 1;
                let mut at = start;
                while at + settings.window_minutes <= end {
                    let until = at + settings.window_minutes;
                    sqlx::query(
                        "INSERT INTO slots (id, session_id, starts_at, ends_at, start_label,
                                            end_label, capacity)
                         VALUES (?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(uuid::Uuid::now_v7().to_string())
                    .bind(&id)
                    .bind(local_ms(tz, date, at)?)
                    .bind(local_ms(tz, date, until)?)
                    .bind(hhmm(i64::from(at)))
                    .bind(hhmm(i64::from(until)))
                    .bind(i64::from(clinic.capacity))
                    .execute(&mut *tx)
                    .await?;
                    at = until;
                }
            }
        }
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    tx.commit().await?;
    Ok(created)
}

/// One time window with its session, decoded and checked.
#[derive(Clone, Debug)]
pub struct WindowRecord {
    /// The session the window belongs to.
    pub session: ClinicSession,
    /// The session's doctor.
    pub doctor_id: String,
    /// The window's id.
    pub slot_id: String,
    /// Local start, `HH:MM`.
    pub start: String,
    /// Local end, `HH:MM`.
    pub end: String,
    /// When the window starts.
    pub starts_at: Timestamp,
    /// When the window ends.
    pub ends_at: Timestamp,
    /// Places in all.
    pub capacity: u32,
    /// What the booking rules decide on.
    pub facts: WindowFacts,
}

/// The columns [`window_from`] reads, from `clinic_sessions` aliased `s` and `slots`
/// aliased `w`.
const WINDOW_COLUMNS: &str = "s.id AS session_id, s.doctor_id, s.date, s.period, s.visit_type, \
     s.fee_fen, s.release_at, s.status, s.stop_reason_zh, s.stop_reason_en, w.id AS slot_id, \
     w.starts_at, w.ends_at, w.start_label, w.end_label, w.capacity, w.booked";

#[derive(FromRow)]
struct WindowRow {
    session_id: String,
    doctor_id: String,
    date: String,
    period: String,
    visit_type: String,
    fee_fen: i64,
    release_at: i64,
    status: String,
    stop_reason_zh: Option<String>,
    stop_reason_en: Option<String>,
    slot_id: String,
    starts_at: i64,
    ends_at: i64,
    start_label: String,
    end_label: String,
    capacity: i64,
    booked: i64,
}

/// A local time label as stored, checked.
pub(super) fn label(s: String, what: &str) -> sqlx::Result<String> {
    match parse_hhmm(&s) {
        Some(_) => Ok(s),
        None => Err(corrupt(what, s)),
    }
}

/// A window from a row with [`WINDOW_COLUMNS`].
fn window_from(row: &SqliteRow) -> sqlx::Result<WindowRecord> {
    let r = WindowRow::from_row(row)?;
    let stopped = match r.status.as_str() {
        "open" => false,
        "stopped" => true,
        _ => return Err(corrupt("session status", &r.status)),
    };
    let release_at = instant(r.release_at, "session release time")?;
    let starts_at = instant(r.starts_at, "window start")?;
    let ends_at = instant(r.ends_at, "window end")?;
    let capacity = count(r.capacity, "window capacity")?;
    let remaining = count(r.capacity - r.booked, "places left in a window")?;
    Ok(WindowRecord {
        session: ClinicSession {
            id: r.session_id,
            date: r.date,
            period: Period::parse(&r.period).ok_or_else(|| corrupt("period", &r.period))?,
            visit_type: VisitType::parse(&r.visit_type)
                .ok_or_else(|| corrupt("visit type", &r.visit_type))?,
            fee_fen: count(r.fee_fen, "fee")?,
            release_at: release_at.to_string(),
            stop_reason: r.stop_reason_zh.map(|zh| LocalText {
                zh,
                // An empty English text reads as the Chinese one (see `LocalText::get`).
                en: r.stop_reason_en.unwrap_or_default(),
            }),
        },
        doctor_id: r.doctor_id,
        slot_id: r.slot_id,
        start: label(r.start_label, "window start label")?,
        end: label(r.end_label, "window end label")?,
        starts_at,
        ends_at,
        capacity,
        facts: WindowFacts {
            stopped,
            release_at: release_at.as_millisecond(),
            starts_at: starts_at.as_millisecond(),
            remaining,
        },
    })
}

/// Every window of the given doctors' sessions from `from` to `to` (local dates,
/// inclusive), ordered by doctor, date, period and time.
pub async fn windows(
    db: &Db,
    doctor_ids: &[String],
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<WindowRecord>> {
    if doctor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = vec!["?"; doctor_ids.len()].join(", ");
    let sql = format!(
        "SELECT {WINDOW_COLUMNS}
         FROM clinic_sessions s JOIN slots w ON w.session_id = s.id
         WHERE s.doctor_id IN ({placeholders}) AND s.date BETWEEN ? AND ?
         ORDER BY s.doctor_id, s.date,
                  CASE s.period WHEN 'morning' THEN 0 WHEN 'afternoon' THEN 1 ELSE 2 END,
                  w.starts_at"
    );
    let mut query = sqlx::query(&sql);
    for id in doctor_ids {
        query = query.bind(id);
    }
    query
        .bind(from)
        .bind(to)
        .fetch_all(db.read())
        .await?
        .iter()
        .map(window_from)
        .collect()
}

/// One window with its session, doctor and department (retired ones too: the page of a
/// window someone holds a link to still shows whose it was).
#[derive(Clone, Debug)]
pub struct SlotRecord {
    /// The window and its session.
    pub window: WindowRecord,
    /// The session's doctor.
    pub doctor: Doctor,
    /// The session's department, with its own instructions only.
    pub department: Department,
}

/// One window by id.
pub async fn slot(db: &Db, slot_id: &str) -> sqlx::Result<Option<SlotRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {WINDOW_COLUMNS}, {DEPARTMENT_COLUMNS}, {DOCTOR_COLUMNS}
         FROM slots w
         JOIN clinic_sessions s ON s.id = w.session_id
         JOIN departments dep ON dep.id = s.department_id
         JOIN doctors doc ON doc.id = s.doctor_id
         WHERE w.id = ?"
    ))
    .bind(slot_id)
    .fetch_optional(db.read())
    .await?;
    row.map(|row| {
        Ok(SlotRecord {
            window: window_from(&row)?,
            doctor: doctor_from(&row)?,
            department: department_from(&row)?,
        })
    })
    .transpose()
}

/// A patient to tell that the hospital cancelled their appointment.
#[derive(Clone, Debug, FromRow)]
pub struct Affected {
    /// The cancelled appointment.
    pub appointment_id: String,
    /// The account that booked it, if booked online.
    pub account_id: Option<String>,
    /// The patient's phone, if known.
    pub phone: Option<String>,
}

/// Stops a session (the doctor is away): every booked appointment on it is cancelled with
/// the reason, its places are withdrawn, and each patient gets a message through the
/// outbox, all in one transaction. `None` when there is no such open session.
pub async fn stop_session(
    db: &Db,
    session_id: &str,
    reason: &LocalText,
    message: &str,
    now: Timestamp,
) -> sqlx::Result<Option<Vec<Affected>>> {
    let mut tx = db.write().begin_with("BEGIN IMMEDIATE").await?;
    let stopped = sqlx::query(
        "UPDATE clinic_sessions SET status = 'stopped', stop_reason_zh = ?, stop_reason_en = ?
         WHERE id = ? AND status = 'open'",
    )
    .bind(&reason.zh)
    .bind(&reason.en)
    .bind(session_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if stopped == 0 {
        return Ok(None);
    }
    let affected: Vec<Affected> = sqlx::query_as(
        "UPDATE appointments SET status = 'cancelled', cancelled_at = ?1,
                cancel_reason_zh = ?2, cancel_reason_en = ?3
         WHERE session_id = ?4 AND status = 'booked'
         RETURNING id AS appointment_id, account_id,
                   (SELECT phone FROM patients p WHERE p.id = appointments.patient_id) AS phone",
    )
    .bind(now.as_millisecond())
    .bind(&reason.zh)
    .bind(&reason.en)
    .bind(session_id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query("UPDATE slots SET booked = 0 WHERE session_id = ?")
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    for a in &affected {
        events::append(
            &mut tx,
            "appointment.cancelled",
            &a.appointment_id,
            a.account_id.as_deref(),
            json!({ "by": "hospital", "session": session_id }),
            now,
        )
        .await?;
        if let Some(phone) = &a.phone {
            let id = uuid::Uuid::now_v7().to_string();
            super::outbox::enqueue(&mut *tx, &id, "sms", phone, message, now).await?;
        }
    }
    tx.commit().await?;
    Ok(Some(affected))
}

/// What a session is, in words for a message.
#[derive(Clone, Debug)]
pub struct SessionSummary {
    /// Local date.
    pub date: String,
    /// Morning, afternoon or evening.
    pub period: Period,
    /// The doctor's Chinese name.
    pub doctor_name_zh: String,
}

/// A session's date, period and doctor.
pub async fn session_summary(db: &Db, session_id: &str) -> sqlx::Result<Option<SessionSummary>> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT s.date, s.period, d.name_zh
         FROM clinic_sessions s JOIN doctors d ON d.id = s.doctor_id WHERE s.id = ?",
    )
    .bind(session_id)
    .fetch_optional(db.read())
    .await?;
    row.map(|(date, period, doctor_name_zh)| {
        Ok(SessionSummary {
            date,
            period: Period::parse(&period).ok_or_else(|| corrupt("period", &period))?,
            doctor_name_zh,
        })
    })
    .transpose()
}

/// A window that could still be booked, with its session.
#[derive(Clone, Debug, FromRow)]
pub struct OpenWindow {
    /// Session id.
    pub session_id: String,
    /// Slot id.
    pub slot_id: String,
    /// Places left.
    pub remaining: i64,
}

/// Every window released by `now` that starts after `after`, by session and time.
pub async fn open_windows(
    db: &Db,
    now: Timestamp,
    after: Timestamp,
) -> sqlx::Result<Vec<OpenWindow>> {
    sqlx::query_as(
        "SELECT s.id AS session_id, w.id AS slot_id, w.capacity - w.booked AS remaining
         FROM slots w JOIN clinic_sessions s ON s.id = w.session_id
         WHERE s.status = 'open' AND s.release_at <= ?1 AND w.starts_at > ?2
         ORDER BY s.date, s.doctor_id, s.period, w.starts_at",
    )
    .bind(now.as_millisecond())
    .bind(after.as_millisecond())
    .fetch_all(db.read())
    .await
}

/// A slot's capacity, its counter, and its live appointments: the last two must agree.
pub async fn slot_counts(db: &Db, slot_id: &str) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(
        "SELECT w.capacity, w.booked,
                (SELECT COUNT(*) FROM appointments a
                 WHERE a.slot_id = w.id AND a.status IN ('booked', 'arrived'))
         FROM slots w WHERE w.id = ?",
    )
    .bind(slot_id)
    .fetch_one(db.read())
    .await
}

/// Every slot id of a session, in time order.
pub async fn slots_of_session(db: &Db, session_id: &str) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT id FROM slots WHERE session_id = ? ORDER BY starts_at")
        .bind(session_id)
        .fetch_all(db.read())
        .await
}

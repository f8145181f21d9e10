//! Appointments as patients and jobs read them: an account's appointments with their
//! window, doctor and department, decoded strictly; the no-show sweep; and sending an
//! appointment's details to the account's phone. Places are claimed and given back in
//! [`super::claims`].

use careway_core::api::booking::{
    AppointmentStatus, Department, Doctor, Period, RescheduledTo, VisitType,
};
use careway_core::api::LocalText;
use jiff::Timestamp;
use serde_json::json;
use sqlx::sqlite::SqliteRow;
use sqlx::FromRow;

use super::catalogue::{department_from, doctor_from, DEPARTMENT_COLUMNS, DOCTOR_COLUMNS};
use super::clinics::label;
use super::{corrupt, count, events, instant, Db};

/// An appointment with everything the patient sees about it, decoded and checked; the
/// rules and the hospital's general instructions are added by the handler.
#[derive(Clone, Debug)]
pub struct AppointmentRecord {
    /// Id.
    pub id: String,
    /// Status.
    pub status: AppointmentStatus,
    /// The patient.
    pub patient_id: String,
    /// The patient's name.
    pub patient_name: String,
    /// The department, with its own instructions.
    pub department: Department,
    /// The doctor.
    pub doctor: Doctor,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Morning, afternoon or evening.
    pub period: Period,
    /// Regular, specialist or expert.
    pub visit_type: VisitType,
    /// Window start, local `HH:MM`.
    pub window_start: String,
    /// Window end, local `HH:MM`.
    pub window_end: String,
    /// When the window starts.
    pub starts_at: Timestamp,
    /// When the window ends.
    pub ends_at: Timestamp,
    /// Fee in fen.
    pub fee_fen: u32,
    /// The check-in code.
    pub check_in_code: String,
    /// Why it was cancelled, if it was.
    pub cancel_reason: Option<LocalText>,
    /// The appointment it was moved to, if it was.
    pub rescheduled_to: Option<RescheduledTo>,
    /// When it was booked.
    pub created_at: Timestamp,
}

#[derive(FromRow)]
struct AppointmentRow {
    id: String,
    status: String,
    patient_id: String,
    patient_name: String,
    date: String,
    period: String,
    visit_type: String,
    start_label: String,
    end_label: String,
    starts_at: i64,
    ends_at: i64,
    fee_fen: i64,
    check_in_code: String,
    cancel_reason_zh: Option<String>,
    cancel_reason_en: Option<String>,
    created_at: i64,
    moved_id: Option<String>,
    moved_date: Option<String>,
    moved_start: Option<String>,
    moved_end: Option<String>,
}

fn appointment_from(row: &SqliteRow) -> sqlx::Result<AppointmentRecord> {
    let r = AppointmentRow::from_row(row)?;
    let rescheduled_to = match (r.moved_id, r.moved_date, r.moved_start, r.moved_end) {
        (None, ..) => None,
        (Some(id), Some(date), Some(start), Some(end)) => Some(RescheduledTo {
            id,
            date,
            window_start: label(start, "window start label")?,
            window_end: label(end, "window end label")?,
        }),
        (Some(id), ..) => return Err(corrupt("rescheduled appointment", id)),
    };
    Ok(AppointmentRecord {
        status: AppointmentStatus::parse(&r.status)
            .ok_or_else(|| corrupt("appointment status", &r.status))?,
        id: r.id,
        patient_id: r.patient_id,
        patient_name: r.patient_name,
        department: department_from(row)?,
        doctor: doctor_from(row)?,
        date: r.date,
        period: Period::parse(&r.period).ok_or_else(|| corrupt("period", &r.period))?,
        visit_type: VisitType::parse(&r.visit_type)
            .ok_or_else(|| corrupt("visit type", &r.visit_type))?,
        window_start: label(r.start_label, "window start label")?,
        window_end: label(r.end_label, "window end label")?,
        starts_at: instant(r.starts_at, "window start")?,
        ends_at: instant(r.ends_at, "window end")?,
        fee_fen: count(r.fee_fen, "fee")?,
        check_in_code: r.check_in_code,
        cancel_reason: r.cancel_reason_zh.map(|zh| LocalText {
            zh,
            // An empty English text reads as the Chinese one (see `LocalText::get`).
            en: r.cancel_reason_en.unwrap_or_default(),
        }),
        rescheduled_to,
        created_at: instant(r.created_at, "booking time")?,
    })
}

/// The query of an appointment with its window, session, patient, department and doctor,
/// and the date and window of the appointment it was moved to.
fn appointment_select() -> String {
    format!(
        "SELECT a.id, a.status, a.patient_id, p.name AS patient_name, a.date, s.period,
                s.visit_type, w.start_label, w.end_label, w.starts_at, w.ends_at, a.fee_fen,
                a.check_in_code, a.cancel_reason_zh, a.cancel_reason_en, a.created_at,
                n.id AS moved_id, n.date AS moved_date, nw.start_label AS moved_start,
                nw.end_label AS moved_end, {DEPARTMENT_COLUMNS}, {DOCTOR_COLUMNS}
         FROM appointments a
         JOIN slots w ON w.id = a.slot_id
         JOIN clinic_sessions s ON s.id = a.session_id
         JOIN patients p ON p.id = a.patient_id
         JOIN departments dep ON dep.id = a.department_id
         JOIN doctors doc ON doc.id = s.doctor_id
         LEFT JOIN appointments n ON n.id = a.rescheduled_to
         LEFT JOIN slots nw ON nw.id = n.slot_id"
    )
}

/// One appointment of the account.
pub async fn appointment(
    db: &Db,
    account_id: &str,
    id: &str,
) -> sqlx::Result<Option<AppointmentRecord>> {
    sqlx::query(&format!(
        "{} WHERE a.id = ? AND a.account_id = ?",
        appointment_select()
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(db.read())
    .await?
    .as_ref()
    .map(appointment_from)
    .transpose()
}

/// Whether an appointment with this id belongs to another account (for the audit log).
pub async fn appointment_exists_elsewhere(
    db: &Db,
    account_id: &str,
    id: &str,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM appointments WHERE id = ? AND account_id IS NOT ?)",
    )
    .bind(id)
    .bind(account_id)
    .fetch_one(db.read())
    .await
}

/// The account's appointments: upcoming (booked or arrived, not yet over) soonest first, or
/// past (everything else) latest first.
pub async fn appointments(
    db: &Db,
    account_id: &str,
    upcoming: bool,
    now: Timestamp,
) -> sqlx::Result<Vec<AppointmentRecord>> {
    let (filter, order) = if upcoming {
        (
            "a.status IN ('booked', 'arrived') AND w.ends_at > ?",
            "w.starts_at",
        )
    } else {
        (
            "NOT (a.status IN ('booked', 'arrived') AND w.ends_at > ?)",
            "w.starts_at DESC",
        )
    };
    sqlx::query(&format!(
        "{} WHERE a.account_id = ? AND {filter} ORDER BY {order} LIMIT 100",
        appointment_select()
    ))
    .bind(account_id)
    .bind(now.as_millisecond())
    .fetch_all(db.read())
    .await?
    .iter()
    .map(appointment_from)
    .collect()
}

/// Why the details of an appointment were not sent to a phone.
#[derive(Debug)]
pub enum SendError {
    /// Not this account's appointment.
    NotFound,
    /// Sent a moment ago; again after this many seconds.
    TooSoon {
        /// Seconds until the next send is allowed.
        retry_after: u64,
    },
    /// The database failed.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for SendError {
    fn from(err: sqlx::Error) -> SendError {
        SendError::Db(err)
    }
}

/// Queues `text` as an SMS to `phone` about an appointment of the account, at most once
/// per `interval_ms` per appointment. The send is claimed with one conditional update of
/// the appointment's last-sent time, so two kiosk taps at once send one message.
pub async fn send_to_phone(
    db: &Db,
    account_id: &str,
    appointment_id: &str,
    phone: &str,
    text: &str,
    now: Timestamp,
    interval_ms: i64,
) -> Result<(), SendError> {
    let now_ms = now.as_millisecond();
    let mut tx = db.write().begin_with("BEGIN IMMEDIATE").await?;
    let claimed = sqlx::query(
        "UPDATE appointments SET sent_to_phone_at = ?1
         WHERE id = ?2 AND account_id = ?3
           AND (sent_to_phone_at IS NULL OR sent_to_phone_at <= ?1 - ?4)",
    )
    .bind(now_ms)
    .bind(appointment_id)
    .bind(account_id)
    .bind(interval_ms)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        let last: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT sent_to_phone_at FROM appointments WHERE id = ? AND account_id = ?",
        )
        .bind(appointment_id)
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?;
        return Err(match last {
            None => SendError::NotFound,
            Some(last) => {
                let wait_ms = last.unwrap_or(now_ms) + interval_ms - now_ms;
                SendError::TooSoon {
                    retry_after: u64::try_from((wait_ms + 999) / 1000).unwrap_or(0).max(1),
                }
            }
        });
    }
    let id = uuid::Uuid::now_v7().to_string();
    super::outbox::enqueue(&mut *tx, &id, "sms", phone, text, now).await?;
    events::append(
        &mut tx,
        "appointment.sent_to_phone",
        appointment_id,
        Some(account_id),
        json!({ "message": id }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How many upcoming booked appointments a patient has (before removing them from an
/// account).
pub async fn upcoming_for_patient(db: &Db, patient_id: &str, now: Timestamp) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments a JOIN slots w ON w.id = a.slot_id
         WHERE a.patient_id = ? AND a.status = 'booked' AND w.ends_at > ?",
    )
    .bind(patient_id)
    .bind(now.as_millisecond())
    .fetch_one(db.read())
    .await
}

/// Marks appointments whose window ended more than `grace_ms` ago without the patient
/// arriving as no-shows; returns how many.
pub async fn mark_noshows(db: &Db, now: Timestamp, grace_ms: i64) -> sqlx::Result<u64> {
    let mut tx = db.write().begin().await?;
    let ids: Vec<(String, Option<String>)> = sqlx::query_as(
        "UPDATE appointments SET status = 'noshow'
         WHERE status = 'booked' AND patient_id IS NOT NULL
           AND slot_id IN (SELECT id FROM slots WHERE ends_at < ?)
         RETURNING id, account_id",
    )
    .bind(now.as_millisecond() - grace_ms)
    .fetch_all(&mut *tx)
    .await?;
    for (id, account) in &ids {
        events::append(
            &mut tx,
            "appointment.noshow",
            id,
            account.as_deref(),
            json!({}),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// An appointment to remind of, with what the reminder says.
#[derive(sqlx::FromRow)]
struct Due {
    id: String,
    account_id: String,
    patient_id: Option<String>,
    start: String,
    dept_zh: String,
    dept_en: String,
    doc_zh: String,
    doc_en: String,
}

/// Reminds each account of its booked appointments on `date` (the day after the
/// hospital's today): one inbox message per appointment, with the time, the department, the
/// doctor and how early to come, linking to the appointment. An appointment already
/// reminded, cancelled or moved is left alone. Returns how many were sent.
pub async fn remind(
    db: &Db,
    date: &str,
    arrive_before_minutes: u32,
    now: Timestamp,
) -> sqlx::Result<u64> {
    let mut tx = db.write().begin().await?;
    let due: Vec<Due> = sqlx::query_as(
        "UPDATE appointments SET reminded_at = ?
             WHERE date = ? AND status = 'booked' AND reminded_at IS NULL
               AND account_id IS NOT NULL
             RETURNING id, account_id, patient_id,
               (SELECT start_label FROM slots WHERE slots.id = appointments.slot_id) AS start,
               (SELECT d.name_zh FROM departments d WHERE d.id = appointments.department_id)
                 AS dept_zh,
               (SELECT d.name_en FROM departments d WHERE d.id = appointments.department_id)
                 AS dept_en,
               (SELECT doc.name_zh FROM clinic_sessions s JOIN doctors doc ON doc.id = s.doctor_id
                 WHERE s.id = appointments.session_id) AS doc_zh,
               (SELECT doc.name_en FROM clinic_sessions s JOIN doctors doc ON doc.id = s.doctor_id
                 WHERE s.id = appointments.session_id) AS doc_en",
    )
    .bind(now.as_millisecond())
    .bind(date)
    .fetch_all(&mut *tx)
    .await?;
    for Due {
        id,
        account_id: account,
        patient_id: patient,
        start,
        dept_zh,
        dept_en,
        doc_zh,
        doc_en,
    } in &due
    {
        let link = format!("/appointments/{id}");
        let body_zh = format!(
            "明天 {start} {dept_zh} · {doc_zh}医生。请提前 {arrive_before_minutes} 分钟到达，\
             带好身份证或就诊卡，到诊区后在手机上签到。"
        );
        let body_en = format!(
            "Tomorrow at {start}: {dept_en}, Dr {doc_en}. Please arrive \
             {arrive_before_minutes} minutes early with your ID or medical card, and check in \
             on your phone at the clinic."
        );
        super::inbox::add(
            &mut tx,
            super::inbox::InboxMessage {
                account_id: account,
                patient_id: patient.as_deref(),
                kind: "reminder",
                title: ("明天就诊提醒", "Your visit tomorrow"),
                body: (&body_zh, &body_en),
                link: Some(&link),
            },
            now,
        )
        .await?;
        events::append(
            &mut tx,
            "appointment.reminded",
            id,
            Some(account),
            json!({ "date": date }),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(due.len() as u64)
}

/// How many appointments exist at all (the demo fills an empty pool only once).
pub async fn appointment_count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
        .fetch_one(db.read())
        .await
}

/// Live appointments beyond one per patient, department and day: must always be zero.
pub async fn double_bookings(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(n - 1), 0) FROM (
             SELECT COUNT(*) AS n FROM appointments
             WHERE patient_id IS NOT NULL AND status IN ('booked', 'arrived')
             GROUP BY patient_id, department_id, date HAVING COUNT(*) > 1)",
    )
    .fetch_one(db.read())
    .await
}

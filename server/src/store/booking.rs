//! The slot pool and the appointments booked from it.
//!
//! A place is claimed by one conditional update (`booked = booked + 1 WHERE booked <
//! capacity`) inside a write transaction, backed by a CHECK constraint, so no window ever
//! goes over capacity whatever the timing; the booking rules are checked in the same
//! transaction, and so is the idempotency key, so a retried request gets the first answer
//! back rather than a second booking. Every change appends an event in its transaction.

use careway_core::api::booking::{Period, VisitType};
use careway_core::api::LocalText;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::json;
use sqlx::{FromRow, Sqlite, Transaction};

use super::Db;
use crate::content::{BookingRules, Content, Doctor};

/// Writes the content's doctors into the database; doctors no longer listed are retired.
pub async fn sync_doctors(db: &Db, doctors: &[Doctor]) -> sqlx::Result<()> {
    let mut tx = db.write().begin().await?;
    sqlx::query("UPDATE doctors SET active = 0")
        .execute(&mut *tx)
        .await?;
    for (order, d) in doctors.iter().enumerate() {
        sqlx::query(
            "INSERT INTO doctors (id, department_id, name_zh, name_en, title, specialties_zh,
                                  specialties_en, bio_zh, bio_en, sort_order, active)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
             ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id,
               name_zh = excluded.name_zh, name_en = excluded.name_en, title = excluded.title,
               specialties_zh = excluded.specialties_zh, specialties_en = excluded.specialties_en,
               bio_zh = excluded.bio_zh, bio_en = excluded.bio_en,
               sort_order = excluded.sort_order, active = 1",
        )
        .bind(&d.id)
        .bind(&d.department)
        .bind(&d.name.zh)
        .bind(&d.name.en)
        .bind(
            serde_json::to_value(d.title)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned)),
        )
        .bind(&d.specialties.zh)
        .bind(&d.specialties.en)
        .bind(&d.bio.zh)
        .bind(&d.bio.en)
        .bind(order as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The Unix ms of a local date and minute of the day in the hospital's zone.
pub fn local_ms(tz: &TimeZone, date: Date, minute_of_day: u32) -> i64 {
    let time = jiff::civil::Time::new((minute_of_day / 60) as i8, (minute_of_day % 60) as i8, 0, 0)
        .unwrap_or(jiff::civil::Time::midnight());
    date.to_datetime(time)
        .to_zoned(tz.clone())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(0)
}

fn hhmm(minute_of_day: u32) -> String {
    format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60)
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
) -> sqlx::Result<u32> {
    let rules = &content.booking;
    let release_minute = crate::content::parse_hhmm(&rules.release_time).unwrap_or(420);
    let mut created = 0;
    let mut tx = db.write().begin().await?;
    let mut date = from;
    while date <= to {
        let release_date = date
            .checked_sub(jiff::Span::new().days(i64::from(rules.release_days_ahead)))
            .unwrap_or(date);
        let release_at = local_ms(tz, release_date, release_minute);
        for doctor in &content.doctors {
            for clinic in &doctor.clinics {
                if !clinic
                    .weekdays
                    .iter()
                    .any(|w| w.to_jiff() == date.weekday())
                {
                    continue;
                }
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
                .bind(i64::from(rules.fees.of(clinic.visit_type)))
                .bind(release_at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if inserted == 0 {
                    continue;
                }
                created += 1;
                let (start, end) = rules.periods.minutes(clinic.period);
                let mut at = start;
                while at + rules.window_minutes <= end {
                    let until = at + rules.window_minutes;
                    sqlx::query(
                        "INSERT INTO slots (id, session_id, starts_at, ends_at, start_label,
                                            end_label, capacity)
                         VALUES (?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(uuid::Uuid::now_v7().to_string())
                    .bind(&id)
                    .bind(local_ms(tz, date, at))
                    .bind(local_ms(tz, date, until))
                    .bind(hhmm(at))
                    .bind(hhmm(until))
                    .bind(i64::from(clinic.capacity))
                    .execute(&mut *tx)
                    .await?;
                    at = until;
                }
            }
        }
        date = date.tomorrow().unwrap_or(date);
        if date == Date::MAX {
            break;
        }
    }
    tx.commit().await?;
    Ok(created)
}

/// A department row for listing.
#[derive(Clone, Debug, FromRow)]
pub struct DepartmentRow {
    /// Id.
    pub id: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Description, Chinese.
    pub description_zh: String,
    /// Description, English.
    pub description_en: String,
    /// Venue place.
    pub location: String,
    /// Place in words, Chinese.
    pub location_label_zh: String,
    /// Place in words, English.
    pub location_label_en: String,
    /// Pinyin initials.
    pub pinyin: String,
    /// Bookable online.
    pub bookable: bool,
    /// JSON array of {zh, en}.
    pub instructions: String,
}

const DEPARTMENT_COLUMNS: &str = "id, name_zh, name_en, description_zh, description_en, location, \
     location_label_zh, location_label_en, pinyin, bookable, instructions";

/// Every active department in display order.
pub async fn departments(db: &Db) -> sqlx::Result<Vec<DepartmentRow>> {
    sqlx::query_as(&format!(
        "SELECT {DEPARTMENT_COLUMNS} FROM departments WHERE active = 1 ORDER BY sort_order"
    ))
    .fetch_all(db.read())
    .await
}

/// One active department.
pub async fn department(db: &Db, id: &str) -> sqlx::Result<Option<DepartmentRow>> {
    sqlx::query_as(&format!(
        "SELECT {DEPARTMENT_COLUMNS} FROM departments WHERE id = ? AND active = 1"
    ))
    .bind(id)
    .fetch_optional(db.read())
    .await
}

/// A doctor row.
#[derive(Clone, Debug, FromRow)]
pub struct DoctorRow {
    /// Id.
    pub id: String,
    /// Department.
    pub department_id: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// `chief`, …
    pub title: String,
    /// Specialties, Chinese.
    pub specialties_zh: String,
    /// Specialties, English.
    pub specialties_en: String,
    /// Biography, Chinese.
    pub bio_zh: String,
    /// Biography, English.
    pub bio_en: String,
}

const DOCTOR_COLUMNS: &str = "id, department_id, name_zh, name_en, title, specialties_zh, \
     specialties_en, bio_zh, bio_en";

/// The active doctors of a department.
pub async fn doctors_of(db: &Db, department_id: &str) -> sqlx::Result<Vec<DoctorRow>> {
    sqlx::query_as(&format!(
        "SELECT {DOCTOR_COLUMNS} FROM doctors WHERE department_id = ? AND active = 1
         ORDER BY sort_order"
    ))
    .bind(department_id)
    .fetch_all(db.read())
    .await
}

/// One active doctor.
pub async fn doctor(db: &Db, id: &str) -> sqlx::Result<Option<DoctorRow>> {
    sqlx::query_as(&format!(
        "SELECT {DOCTOR_COLUMNS} FROM doctors WHERE id = ? AND active = 1"
    ))
    .bind(id)
    .fetch_optional(db.read())
    .await
}

/// One window with its session, as the schedule shows it.
#[derive(Clone, Debug, FromRow)]
pub struct WindowRow {
    /// Session id.
    pub session_id: String,
    /// Doctor.
    pub doctor_id: String,
    /// Local date.
    pub date: String,
    /// Period name.
    pub period: String,
    /// Visit type name.
    pub visit_type: String,
    /// Fee.
    pub fee_fen: i64,
    /// Release instant, Unix ms.
    pub release_at: i64,
    /// `open` or `stopped`.
    pub status: String,
    /// Why stopped, Chinese.
    pub stop_reason_zh: Option<String>,
    /// Why stopped, English.
    pub stop_reason_en: Option<String>,
    /// Slot id.
    pub slot_id: String,
    /// Window start, Unix ms.
    pub starts_at: i64,
    /// `HH:MM`.
    pub start_label: String,
    /// `HH:MM`.
    pub end_label: String,
    /// Places in all.
    pub capacity: i64,
    /// Places taken.
    pub booked: i64,
}

/// Every window of the given doctors' sessions from `from` to `to` (local dates,
/// inclusive), ordered by doctor, date, period and time.
pub async fn windows(
    db: &Db,
    doctor_ids: &[String],
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<WindowRow>> {
    if doctor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = vec!["?"; doctor_ids.len()].join(", ");
    let sql = format!(
        "SELECT s.id AS session_id, s.doctor_id, s.date, s.period, s.visit_type, s.fee_fen,
                s.release_at, s.status, s.stop_reason_zh, s.stop_reason_en,
                w.id AS slot_id, w.starts_at, w.start_label, w.end_label, w.capacity, w.booked
         FROM clinic_sessions s JOIN slots w ON w.session_id = s.id
         WHERE s.doctor_id IN ({placeholders}) AND s.date BETWEEN ? AND ?
         ORDER BY s.doctor_id, s.date,
                  CASE s.period WHEN 'morning' THEN 0 WHEN 'afternoon' THEN 1 ELSE 2 END,
                  w.starts_at"
    );
    let mut query = sqlx::query_as(&sql);
    for id in doctor_ids {
        query = query.bind(id);
    }
    query.bind(from).bind(to).fetch_all(db.read()).await
}

/// Why a booking (or the new half of a reschedule) was refused.
#[derive(Debug)]
pub enum BookError {
    /// No such slot or patient for this account.
    NotFound,
    /// The window is full.
    Taken,
    /// Not released yet, past the cut-off, or the session is stopped.
    Closed,
    /// A booking rule refused it; the words say which.
    Rule(LocalText),
    /// The appointment being moved cannot be changed any more.
    ChangeClosed,
    /// The idempotency key was used before for a different request.
    KeyReused,
    /// The database failed.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for BookError {
    fn from(err: sqlx::Error) -> BookError {
        BookError::Db(err)
    }
}

/// A booking request, checked for shape.
#[derive(Clone, Debug)]
pub struct NewBooking<'a> {
    /// The booking account.
    pub account_id: &'a str,
    /// The family member.
    pub patient_id: &'a str,
    /// The window.
    pub slot_id: &'a str,
    /// `app` or `kiosk`.
    pub channel: &'a str,
    /// The idempotency key and the hash of the request body, when the client sent a key.
    pub idempotency: Option<(&'a str, &'a str)>,
    /// Now.
    pub now: Timestamp,
    /// The client's address and the request id, for the audit entry that commits with
    /// the booking.
    pub client: (&'a str, &'a str),
}

#[derive(FromRow)]
struct SlotFacts {
    session_id: String,
    department_id: String,
    date: String,
    fee_fen: i64,
    release_at: i64,
    status: String,
    starts_at: i64,
    patient_ok: bool,
    noshows: i64,
    same_day: i64,
    active: i64,
}

/// What an idempotency key already stands for: the id it created, or `Err(KeyReused)`
/// when the key came with a different request.
async fn replayed(
    tx: &mut Transaction<'_, Sqlite>,
    account_id: &str,
    key: Option<(&str, &str)>,
) -> Result<Option<String>, BookError> {
    let Some((key, hash)) = key else {
        return Ok(None);
    };
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT request_hash, resource_id FROM idempotency_keys WHERE account_id = ? AND key = ?",
    )
    .bind(account_id)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        Some((stored, _)) if stored != hash => Err(BookError::KeyReused),
        Some((_, id)) => Ok(Some(id)),
        None => Ok(None),
    }
}

/// Records what an idempotency key created, within `tx`.
async fn remember(
    tx: &mut Transaction<'_, Sqlite>,
    account_id: &str,
    key: Option<(&str, &str)>,
    resource_id: &str,
    now: Timestamp,
) -> sqlx::Result<()> {
    if let Some((key, hash)) = key {
        sqlx::query(
            "INSERT INTO idempotency_keys (account_id, key, request_hash, resource_id, created_at)
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(account_id)
        .bind(key)
        .bind(hash)
        .bind(resource_id)
        .bind(now.as_millisecond())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
/// Claims a place and records the appointment, within `tx`. Shared by booking and
/// rescheduling; `moving` is the appointment a reschedule replaces (excluded from the
/// rules, cancelled here after the new place is claimed).
async fn claim(
    tx: &mut Transaction<'_, Sqlite>,
    b: &NewBooking<'_>,
    rules: &BookingRules,
    moving: Option<&str>,
) -> Result<String, BookError> {
    let now = b.now.as_millisecond();
    // Everything the rules need, in one statement: the single writer is the bottleneck of
    // a release rush, so every round trip inside the transaction counts.
    let facts: Option<SlotFacts> = sqlx::query_as(
        "SELECT s.id AS session_id, s.department_id, s.date, s.fee_fen, s.release_at, s.status,
                w.starts_at,
                EXISTS (SELECT 1 FROM patients p
                        WHERE p.id = ?2 AND p.account_id = ?3 AND p.deleted_at IS NULL)
                    AS patient_ok,
                (SELECT COUNT(*) FROM appointments a JOIN slots x ON x.id = a.slot_id
                 WHERE a.patient_id = ?2 AND a.status = 'noshow' AND x.starts_at > ?4)
                    AS noshows,
                (SELECT COUNT(*) FROM appointments a
                 WHERE a.patient_id = ?2 AND a.department_id = s.department_id AND a.date = s.date
                   AND a.status IN ('booked', 'arrived') AND a.id IS NOT ?5)
                    AS same_day,
                (SELECT COUNT(*) FROM appointments a JOIN slots x ON x.id = a.slot_id
                 WHERE a.account_id = ?3 AND a.status = 'booked' AND x.ends_at > ?6
                   AND a.id IS NOT ?5)
                    AS active
         FROM slots w JOIN clinic_sessions s ON s.id = w.session_id WHERE w.id = ?1",
    )
    .bind(b.slot_id)
    .bind(b.patient_id)
    .bind(b.account_id)
    .bind(now - 90 * 86_400_000)
    .bind(moving)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let slot = facts.ok_or(BookError::NotFound)?;
    if !slot.patient_ok {
        return Err(BookError::NotFound);
    }
    let cutoff = i64::from(rules.book_cutoff_minutes) * 60_000;
    if slot.status != "open" || now < slot.release_at || now > slot.starts_at - cutoff {
        return Err(BookError::Closed);
    }
    if slot.noshows >= i64::from(rules.max_noshows_90_days) {
        let noshows = slot.noshows;
        return Err(BookError::Rule(LocalText {
            zh: format!("该就诊人近 90 天内爽约 {noshows} 次，暂不能在线预约，请到窗口或电话预约。"),
            en: format!("This patient missed {noshows} appointments in 90 days and cannot book online for now; please book at a window or by phone."),
        }));
    }
    if slot.same_day > 0 {
        return Err(BookError::Rule(LocalText {
            zh: "同一就诊人同一天在同一科室只能预约一次。".into(),
            en: "A patient can book one visit per department per day.".into(),
        }));
    }
    if slot.active >= i64::from(rules.max_active_per_account) {
        let max = rules.max_active_per_account;
        return Err(BookError::Rule(LocalText {
            zh: format!("每个账户最多同时保留 {max} 个待就诊的预约。"),
            en: format!("An account can hold at most {max} upcoming appointments."),
        }));
    }

    // The claim itself: one conditional update, never read-then-write.
    let claimed =
        sqlx::query("UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity")
            .bind(b.slot_id)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    if claimed == 0 {
        return Err(BookError::Taken);
    }
    if let Some(old) = moving {
        release(
            tx,
            old,
            b.now,
            &LocalText {
                zh: "已改约到其他时段".into(),
                en: "Moved to another time".into(),
            },
        )
        .await?;
    }
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = sqlx::query(
        "INSERT INTO appointments (id, account_id, patient_id, slot_id, session_id, department_id,
                                   date, status, channel, fee_fen, check_in_code, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(b.account_id)
    .bind(b.patient_id)
    .bind(b.slot_id)
    .bind(&slot.session_id)
    .bind(&slot.department_id)
    .bind(&slot.date)
    .bind(b.channel)
    .bind(slot.fee_fen)
    .bind(check_in_code())
    .bind(now)
    .execute(&mut **tx)
    .await;
    match inserted {
        Ok(_) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Err(BookError::Rule(LocalText {
                zh: "同一就诊人同一天在同一科室只能预约一次。".into(),
                en: "A patient can book one visit per department per day.".into(),
            }))
        }
        Err(e) => Err(e.into()),
    }
}

/// A short code for the check-in QR: 10 characters without look-alikes (0/O, 1/I).
fn check_in_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Cancels a booked appointment within `tx` and gives its place back.
async fn release(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    now: Timestamp,
    reason: &LocalText,
) -> sqlx::Result<Option<String>> {
    let slot: Option<String> = sqlx::query_scalar(
        "UPDATE appointments SET status = 'cancelled', cancelled_at = ?, cancel_reason_zh = ?,
                cancel_reason_en = ?
         WHERE id = ? AND status = 'booked' RETURNING slot_id",
    )
    .bind(now.as_millisecond())
    .bind(&reason.zh)
    .bind(&reason.en)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(slot) = slot else {
        return Ok(None);
    };
    sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = ? AND booked > 0")
        .bind(&slot)
        .execute(&mut **tx)
        .await?;
    Ok(Some(slot))
}

/// Appends an event to the log within `tx`.
pub async fn append_event(
    tx: &mut Transaction<'_, Sqlite>,
    kind: &str,
    subject_id: &str,
    account_id: Option<&str>,
    payload: serde_json::Value,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO events (id, type, subject_id, account_id, payload, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(kind)
    .bind(subject_id)
    .bind(account_id)
    .bind(payload.to_string())
    .bind(now.as_millisecond())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a booking produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Booked {
    /// A new appointment, by id.
    New(String),
    /// The appointment this idempotency key created the first time.
    Replay(String),
}

/// Windows found full in the last second. In a release rush, hundreds of patients press
/// "book" for a window that filled a moment ago; they are told at once instead of each
/// queueing for the writer to find out. The database stays the authority: a window is
/// only ever marked full after a claim on it failed, and the mark expires within a second
/// (sooner here when a place is given back), so a place freed on another server is seen
/// again almost at once.
#[derive(Debug, Default)]
pub struct FullSlots {
    marks: std::sync::Mutex<std::collections::HashMap<String, std::time::Instant>>,
}

/// How long a "full" mark is trusted.
const FULL_MARK_TTL: std::time::Duration = std::time::Duration::from_secs(1);

impl FullSlots {
    fn is_full(&self, slot: &str) -> bool {
        let marks = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        marks
            .get(slot)
            .is_some_and(|at| at.elapsed() < FULL_MARK_TTL)
    }

    fn mark(&self, slot: &str) {
        let mut marks = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        if marks.len() > 10_000 {
            marks.retain(|_, at| at.elapsed() < FULL_MARK_TTL);
        }
        marks.insert(slot.to_owned(), std::time::Instant::now());
    }

    /// Forgets a mark: a place in the window was given back.
    pub fn forget(&self, slot: &str) {
        self.marks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(slot);
    }
}

/// A booking request that outlives the caller's borrow, to travel to the batch writer.
#[derive(Clone, Debug)]
struct OwnedBooking {
    account_id: String,
    patient_id: String,
    slot_id: String,
    channel: String,
    idempotency: Option<(String, String)>,
    now: Timestamp,
    client: (String, String),
}

impl OwnedBooking {
    fn view(&self) -> NewBooking<'_> {
        NewBooking {
            account_id: &self.account_id,
            patient_id: &self.patient_id,
            slot_id: &self.slot_id,
            channel: &self.channel,
            idempotency: self
                .idempotency
                .as_ref()
                .map(|(k, h)| (k.as_str(), h.as_str())),
            now: self.now,
            client: (&self.client.0, &self.client.1),
        }
    }
}

/// Books a window for a family member. The place, the appointment, its event and the
/// idempotency key commit together (with other bookings waiting at the same moment, see
/// [`super::batch`]), so a retry finds the key or nothing at all.
pub async fn book(db: &Db, b: NewBooking<'_>, rules: &BookingRules) -> Result<Booked, BookError> {
    // A retry is answered from its key first, even if its window has filled since.
    if let Some((key, hash)) = b.idempotency {
        let stored: Option<(String, String)> = sqlx::query_as(
            "SELECT request_hash, resource_id FROM idempotency_keys WHERE account_id = ? AND key = ?",
        )
        .bind(b.account_id)
        .bind(key)
        .fetch_optional(db.read())
        .await?;
        if let Some((stored_hash, id)) = stored {
            return if stored_hash == hash {
                Ok(Booked::Replay(id))
            } else {
                Err(BookError::KeyReused)
            };
        }
    }
    if db.full_slots().is_full(b.slot_id) {
        return Err(BookError::Taken);
    }
    let owned = OwnedBooking {
        account_id: b.account_id.to_owned(),
        patient_id: b.patient_id.to_owned(),
        slot_id: b.slot_id.to_owned(),
        channel: b.channel.to_owned(),
        idempotency: b.idempotency.map(|(k, h)| (k.to_owned(), h.to_owned())),
        now: b.now,
        client: (b.client.0.to_owned(), b.client.1.to_owned()),
    };
    let rules = rules.clone();
    let full = db.full_slots().clone();
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: super::batch::Job = Box::new(move |tx| {
        Box::pin(async move {
            // Jobs queued before the window filled are answered without touching the
            // database once another job of this batch or an earlier one found it full.
            let (settled, result) = if full.is_full(&owned.slot_id) {
                (Ok(()), Err(BookError::Taken))
            } else {
                match sqlx::Connection::begin(&mut **tx).await {
                    Ok(mut savepoint) => {
                        let result = book_within(&mut savepoint, &owned.view(), &rules).await;
                        let settled = if result.is_ok() {
                            savepoint.commit().await
                        } else {
                            savepoint.rollback().await
                        };
                        (settled, result)
                    }
                    Err(err) => (Err(err), Err(BookError::Db(sqlx::Error::WorkerCrashed))),
                }
            };
            if matches!(result, Err(BookError::Taken)) {
                // Marked before the commit: should the batch fail, the window looks full
                // for at most the mark's second while it is not, which costs a patient a
                // retry but never a double booking.
                full.mark(&owned.slot_id);
            }
            let finish: super::batch::Finish = Box::new(move |committed| {
                let _ = reply.send(if committed {
                    result
                } else {
                    Err(BookError::Db(sqlx::Error::WorkerCrashed))
                });
            });
            (settled, finish)
        })
    });
    if !db.batcher().submit(job) {
        return Err(BookError::Db(sqlx::Error::PoolClosed));
    }
    answer
        .await
        .unwrap_or(Err(BookError::Db(sqlx::Error::WorkerCrashed)))
}

/// The booking itself, inside the batch's savepoint.
async fn book_within(
    tx: &mut Transaction<'_, Sqlite>,
    b: &NewBooking<'_>,
    rules: &BookingRules,
) -> Result<Booked, BookError> {
    if let Some(id) = replayed(tx, b.account_id, b.idempotency).await? {
        return Ok(Booked::Replay(id));
    }
    let id = claim(tx, b, rules, None).await?;
    append_event(
        tx,
        "appointment.booked",
        &id,
        Some(b.account_id),
        json!({ "slot": b.slot_id, "patient": b.patient_id, "channel": b.channel }),
        b.now,
    )
    .await?;
    remember(tx, b.account_id, b.idempotency, &id, b.now).await?;
    audit_within(
        tx,
        b,
        "appointment.booked",
        json!({ "appointment": id, "slot": b.slot_id }),
    )
    .await?;
    Ok(Booked::New(id))
}

/// Moves a booked appointment to another window: the new place is claimed first and the
/// old one released in the same transaction, so if the new window is gone the old booking
/// stays exactly as it was.
pub async fn reschedule(
    db: &Db,
    appointment_id: &str,
    b: NewBooking<'_>,
    rules: &BookingRules,
) -> Result<Booked, BookError> {
    let mut tx = db.write().begin_with("BEGIN IMMEDIATE").await?;
    if let Some(id) = replayed(&mut tx, b.account_id, b.idempotency).await? {
        return Ok(Booked::Replay(id));
    }
    let old: Option<(String, i64)> = sqlx::query_as(
        "SELECT a.status, w.starts_at FROM appointments a JOIN slots w ON w.id = a.slot_id
         WHERE a.id = ? AND a.account_id = ?",
    )
    .bind(appointment_id)
    .bind(b.account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, starts_at) = old.ok_or(BookError::NotFound)?;
    let cutoff = i64::from(rules.cancel_cutoff_minutes) * 60_000;
    if status != "booked" || b.now.as_millisecond() > starts_at - cutoff {
        return Err(BookError::ChangeClosed);
    }
    let id = claim(&mut tx, &b, rules, Some(appointment_id)).await?;
    sqlx::query("UPDATE appointments SET rescheduled_to = ? WHERE id = ?")
        .bind(&id)
        .bind(appointment_id)
        .execute(&mut *tx)
        .await?;
    append_event(
        &mut tx,
        "appointment.rescheduled",
        &id,
        Some(b.account_id),
        json!({ "from": appointment_id, "slot": b.slot_id }),
        b.now,
    )
    .await?;
    remember(&mut tx, b.account_id, b.idempotency, &id, b.now).await?;
    audit_within(
        &mut tx,
        &b,
        "appointment.rescheduled",
        json!({ "from": appointment_id, "to": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(Booked::New(id))
}

/// Records a booking change in the audit log, inside the change's own transaction.
async fn audit_within(
    tx: &mut Transaction<'_, Sqlite>,
    b: &NewBooking<'_>,
    event: &str,
    detail: serde_json::Value,
) -> sqlx::Result<()> {
    let entry = super::audit::Event {
        event,
        account_id: Some(b.account_id),
        client_addr: b.client.0,
        request_id: b.client.1,
        detail,
    };
    super::audit::append_within(tx, entry, b.now).await
}

/// Why a cancellation was refused.
#[derive(Debug)]
pub enum CancelError {
    /// Not this account's appointment.
    NotFound,
    /// Past the cut-off, or no longer booked.
    ChangeClosed,
    /// The database failed.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for CancelError {
    fn from(err: sqlx::Error) -> CancelError {
        CancelError::Db(err)
    }
}

/// Cancels an appointment before the cut-off and gives its place back to the pool.
pub async fn cancel(
    db: &Db,
    account_id: &str,
    appointment_id: &str,
    reason: &LocalText,
    rules: &BookingRules,
    now: Timestamp,
) -> Result<(), CancelError> {
    let mut tx = db.write().begin_with("BEGIN IMMEDIATE").await?;
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT a.status, w.starts_at FROM appointments a JOIN slots w ON w.id = a.slot_id
         WHERE a.id = ? AND a.account_id = ?",
    )
    .bind(appointment_id)
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (status, starts_at) = row.ok_or(CancelError::NotFound)?;
    let cutoff = i64::from(rules.cancel_cutoff_minutes) * 60_000;
    if status != "booked" || now.as_millisecond() > starts_at - cutoff {
        return Err(CancelError::ChangeClosed);
    }
    let Some(slot) = release(&mut tx, appointment_id, now, reason).await? else {
        return Err(CancelError::ChangeClosed);
    };
    append_event(
        &mut tx,
        "appointment.cancelled",
        appointment_id,
        Some(account_id),
        json!({ "by": "patient" }),
        now,
    )
    .await?;
    tx.commit().await?;
    db.full_slots().forget(&slot);
    Ok(())
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
        append_event(
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
        append_event(
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

/// An appointment with everything the patient sees about it.
#[derive(Clone, Debug, FromRow)]
pub struct AppointmentRow {
    /// Id.
    pub id: String,
    /// Status name.
    pub status: String,
    /// Patient.
    pub patient_id: String,
    /// Patient's name.
    pub patient_name: String,
    /// Department.
    pub department_id: String,
    /// Doctor.
    pub doctor_id: String,
    /// Local date.
    pub date: String,
    /// Period name.
    pub period: String,
    /// Visit type name.
    pub visit_type: String,
    /// `HH:MM`.
    pub start_label: String,
    /// `HH:MM`.
    pub end_label: String,
    /// Window start, Unix ms.
    pub starts_at: i64,
    /// Window end, Unix ms.
    pub ends_at: i64,
    /// Fee.
    pub fee_fen: i64,
    /// For the QR code.
    pub check_in_code: String,
    /// Why cancelled, Chinese.
    pub cancel_reason_zh: Option<String>,
    /// Why cancelled, English.
    pub cancel_reason_en: Option<String>,
    /// Booking time, Unix ms.
    pub created_at: i64,
}

const APPOINTMENT_SELECT: &str = "SELECT a.id, a.status, a.patient_id, p.name AS patient_name,
        a.department_id, s.doctor_id, a.date, s.period, s.visit_type, w.start_label, w.end_label,
        w.starts_at, w.ends_at, a.fee_fen, a.check_in_code, a.cancel_reason_zh,
        a.cancel_reason_en, a.created_at
     FROM appointments a
     JOIN slots w ON w.id = a.slot_id
     JOIN clinic_sessions s ON s.id = a.session_id
     JOIN patients p ON p.id = a.patient_id";

/// One appointment of the account.
pub async fn appointment(
    db: &Db,
    account_id: &str,
    id: &str,
) -> sqlx::Result<Option<AppointmentRow>> {
    sqlx::query_as(&format!(
        "{APPOINTMENT_SELECT} WHERE a.id = ? AND a.account_id = ?"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(db.read())
    .await
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
) -> sqlx::Result<Vec<AppointmentRow>> {
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
    sqlx::query_as(&format!(
        "{APPOINTMENT_SELECT} WHERE a.account_id = ? AND {filter} ORDER BY {order} LIMIT 100"
    ))
    .bind(account_id)
    .bind(now.as_millisecond())
    .fetch_all(db.read())
    .await
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

/// Cancels a patient's upcoming appointments (when the account removes them), giving the
/// places back; returns how many.
pub async fn cancel_upcoming_for_patient(
    db: &Db,
    patient_id: &str,
    reason: &LocalText,
    now: Timestamp,
) -> sqlx::Result<u64> {
    let mut tx = db.write().begin_with("BEGIN IMMEDIATE").await?;
    let ids: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT a.id, a.account_id FROM appointments a JOIN slots w ON w.id = a.slot_id
         WHERE a.patient_id = ? AND a.status = 'booked' AND w.ends_at > ?",
    )
    .bind(patient_id)
    .bind(now.as_millisecond())
    .fetch_all(&mut *tx)
    .await?;
    for (id, account) in &ids {
        release(&mut tx, id, now, reason).await?;
        append_event(
            &mut tx,
            "appointment.cancelled",
            id,
            account.as_deref(),
            json!({ "by": "patient", "reason": "patient removed" }),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// Books places through other channels (window, phone) without an account, the way the
/// hospital's own desks share the pool: `count` places in each listed slot, as far as
/// capacity allows, in one transaction. The demo uses it for its other patients, so a
/// first run shows some clinics nearly full and some full.
pub async fn book_walk_ins(
    db: &Db,
    places: &[(String, u32)],
    channel: &str,
    now: Timestamp,
) -> sqlx::Result<u64> {
    let mut tx = db.write().begin().await?;
    let mut booked = 0;
    for (slot_id, count) in places {
        for _ in 0..*count {
            let claimed = sqlx::query(
                "UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity",
            )
            .bind(slot_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                break;
            }
            sqlx::query(
                "INSERT INTO appointments (id, slot_id, session_id, department_id, date, status,
                                           channel, fee_fen, check_in_code, created_at)
                 SELECT ?, w.id, s.id, s.department_id, s.date, 'booked', ?, s.fee_fen, ?, ?
                 FROM slots w JOIN clinic_sessions s ON s.id = w.session_id WHERE w.id = ?",
            )
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(channel)
            .bind(check_in_code())
            .bind(now.as_millisecond())
            .bind(slot_id)
            .execute(&mut *tx)
            .await?;
            booked += 1;
        }
    }
    tx.commit().await?;
    Ok(booked)
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

/// How many appointments exist at all (the demo fills an empty pool only once).
pub async fn appointment_count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
        .fetch_one(db.read())
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

/// Reads a period stored by this module.
pub fn period_of(s: &str) -> Period {
    Period::parse(s).unwrap_or(Period::Morning)
}

/// Reads a visit type stored by this module.
pub fn visit_of(s: &str) -> VisitType {
    VisitType::parse(s).unwrap_or(VisitType::Regular)
}

/// What a session is, in words for a message.
#[derive(Clone, Debug, FromRow)]
pub struct SessionSummary {
    /// Local date.
    pub date: String,
    /// Period name.
    pub period: String,
    /// The doctor's Chinese name.
    pub doctor_name_zh: String,
}

/// A session's date, period and doctor.
pub async fn session_summary(db: &Db, session_id: &str) -> sqlx::Result<Option<SessionSummary>> {
    sqlx::query_as(
        "SELECT s.date, s.period, d.name_zh AS doctor_name_zh
         FROM clinic_sessions s JOIN doctors d ON d.id = s.doctor_id WHERE s.id = ?",
    )
    .bind(session_id)
    .fetch_optional(db.read())
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

//! Claiming places from the slot pool and giving them back: booking, moving, cancelling,
//! and the bookings of the hospital's own desks.
//!
//! The store reads the facts the booking rules need and performs the claim; the rules
//! themselves are decided by [`careway_core::booking`]. A place is claimed by one
//! conditional update (`booked = booked + 1 WHERE booked < capacity`) inside a write
//! transaction, backed by a CHECK constraint, so no window ever goes over capacity
//! whatever the timing; the facts are read in the same transaction, and so is the
//! idempotency key, so a retried request gets the first answer back rather than a second
//! booking. Every change appends an event and an audit entry in its transaction.

use careway_core::api::booking::AppointmentStatus;
use careway_core::api::LocalText;
use careway_core::booking::rules::noshow_period_start;
use careway_core::booking::{
    can_change, check_booking, BookingFacts, BookingRules, CancelReason, PatientFacts, Refusal,
    SameDay, WindowFacts,
};
use jiff::Timestamp;
use serde_json::json;
use sqlx::{FromRow, Sqlite, Transaction};

use super::audit::ChainKey;
use super::idempotency::{self, Key, Seen};
use super::{corrupt, count, events, Db};

/// Why a booking, a move or a cancellation did not happen.
#[derive(Debug)]
pub enum BookError {
    /// No such window, patient or appointment for this account.
    NotFound,
    /// A booking rule said no.
    Refused(Refusal),
    /// The idempotency key was used before for a different request.
    KeyReused,
    /// The database failed, or holds something this server could not have written.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for BookError {
    fn from(err: sqlx::Error) -> BookError {
        BookError::Db(err)
    }
}

impl From<Refusal> for BookError {
    fn from(refusal: Refusal) -> BookError {
        BookError::Refused(refusal)
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
    /// The idempotency key, when the client sent one.
    pub idempotency: Option<Key<'a>>,
    /// Now.
    pub now: Timestamp,
    /// The client's address and the request id, for the audit entry that commits with
    /// the booking.
    pub client: (&'a str, &'a str),
}

/// What a booking produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Booked {
    /// A new appointment, by id.
    New(String),
    /// The appointment this idempotency key created the first time.
    Replay(String),
}

impl Booked {
    /// The appointment's id, new or replayed.
    pub fn id(&self) -> &str {
        match self {
            Booked::New(id) | Booked::Replay(id) => id,
        }
    }
}

/// Everything the rules need about a window and a patient, as one row.
#[derive(FromRow)]
struct FactsRow {
    session_id: String,
    department_id: String,
    date: String,
    fee_fen: i64,
    release_at: i64,
    status: String,
    starts_at: i64,
    remaining: i64,
    patient_ok: bool,
    noshows: i64,
    same_day_id: Option<String>,
    same_day_elsewhere: bool,
    active: i64,
}

/// Claims a place and records the appointment, within `tx`. Shared by booking and
/// rescheduling; `moving` is the appointment a reschedule replaces (left out of the
/// facts, cancelled here after the new place is claimed).
async fn claim(
    tx: &mut Transaction<'_, Sqlite>,
    b: &NewBooking<'_>,
    rules: &BookingRules,
    moving: Option<&str>,
) -> Result<String, BookError> {
    let now = b.now.as_millisecond();
    // Every fact in one statement: the single writer is the bottleneck of a release rush,
    // so every round trip inside the transaction counts.
    //
    // The patient's facts are the person's: `person` is every member row, in any account
    // and removed or not, with the member's resident ID number (a member without one is a
    // person of their own). So a no-show ban survives removing and re-adding the member,
    // and a second account listing the same person shares their day and their limit.
    // Another account's same-day visit blocks without its id being read out.
    let row: Option<FactsRow> = sqlx::query_as(
        "WITH person (id) AS (
             SELECT ?2
             UNION
             SELECT q.id FROM patients p JOIN patients q ON q.id_number = p.id_number
             WHERE p.id = ?2 AND p.id_number <> ''
         )
         SELECT s.id AS session_id, s.department_id, s.date, s.fee_fen, s.release_at, s.status,
                w.starts_at, w.capacity - w.booked AS remaining,
                EXISTS (SELECT 1 FROM patients p
                        WHERE p.id = ?2 AND p.account_id = ?3 AND p.deleted_at IS NULL)
                    AS patient_ok,
                (SELECT COUNT(*) FROM appointments a JOIN slots x ON x.id = a.slot_id
                 WHERE a.patient_id IN person AND a.status = 'noshow' AND x.starts_at > ?4)
                    AS noshows,
                (SELECT a.id FROM appointments a
                 WHERE a.patient_id IN person AND a.account_id = ?3
                   AND a.department_id = s.department_id AND a.date = s.date
                   AND a.status IN ('booked', 'arrived') AND a.id IS NOT ?5
                 LIMIT 1)
                    AS same_day_id,
                EXISTS (SELECT 1 FROM appointments a
                        WHERE a.patient_id IN person AND a.account_id IS NOT ?3
                          AND a.department_id = s.department_id AND a.date = s.date
                          AND a.status IN ('booked', 'arrived'))
                    AS same_day_elsewhere,
                (SELECT COUNT(*) FROM appointments a JOIN slots x ON x.id = a.slot_id
                 WHERE a.account_id = ?3 AND a.status = 'booked' AND x.ends_at > ?6
                   AND a.id IS NOT ?5)
                 + (SELECT COUNT(*) FROM appointments a JOIN slots x ON x.id = a.slot_id
                    WHERE a.patient_id IN person AND a.account_id IS NOT ?3
                      AND a.status = 'booked' AND x.ends_at > ?6)
                    AS active
         FROM slots w JOIN clinic_sessions s ON s.id = w.session_id WHERE w.id = ?1",
    )
    .bind(b.slot_id)
    .bind(b.patient_id)
    .bind(b.account_id)
    .bind(noshow_period_start(now))
    .bind(moving)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    let row = row.ok_or(BookError::NotFound)?;
    if !row.patient_ok {
        return Err(BookError::NotFound);
    }
    let stopped = match row.status.as_str() {
        "open" => false,
        "stopped" => true,
        other => return Err(corrupt("session status", other).into()),
    };
    let facts = BookingFacts {
        window: WindowFacts {
            stopped,
            release_at: row.release_at,
            starts_at: row.starts_at,
            remaining: count(row.remaining, "places left in a window")?,
        },
        patient: PatientFacts {
            noshows: count(row.noshows, "no-show count")?,
            same_day_appointment: match (&row.same_day_id, row.same_day_elsewhere) {
                (Some(id), _) => Some(SameDay::Here(id)),
                (None, true) => Some(SameDay::Elsewhere),
                (None, false) => None,
            },
            active_appointments: count(row.active, "active appointment count")?,
        },
    };
    check_booking(&facts, rules, now)?;

    // The claim itself: one conditional update, never read-then-write.
    let claimed =
        sqlx::query("UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity")
            .bind(b.slot_id)
            .execute(&mut **tx)
            .await?
            .rows_affected();
    if claimed == 0 {
        return Err(Refusal::Taken.into());
    }
    if let Some(old) = moving {
        release(tx, old, b.now, &CancelReason::Moved.words()).await?;
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
    .bind(&row.session_id)
    .bind(&row.department_id)
    .bind(&row.date)
    .bind(b.channel)
    .bind(row.fee_fen)
    .bind(check_in_code())
    .bind(now)
    .execute(&mut **tx)
    .await;
    match inserted {
        Ok(_) => Ok(id),
        // The unique index backs the same-day rule: a booking that slipped past the facts
        // (none can while there is one writer, but the index does not rely on that) is
        // refused the same way, naming the appointment that holds the day.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            let blocking: String = sqlx::query_scalar(
                "SELECT id FROM appointments
                 WHERE patient_id = ? AND department_id = ? AND date = ?
                   AND status IN ('booked', 'arrived')",
            )
            .bind(b.patient_id)
            .bind(&row.department_id)
            .bind(&row.date)
            .fetch_one(&mut **tx)
            .await?;
            Err(Refusal::SameDepartmentSameDay {
                appointment_id: Some(blocking),
            }
            .into())
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

/// Cancels a booked appointment within `tx` and gives its place back; the slot it held,
/// or `None` when it was not booked (any more).
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

/// Windows found full in the last second. In a release rush, hundreds of patients press
/// "book" for a window that filled a moment ago; they are told at once instead of each
/// queueing for the writer to find out. The database stays the authority: a window is
/// only ever marked full after a claim on it failed, and the mark expires within a second
/// (sooner here when a place is given back), so a place freed on another server is seen
/// again almost at once. A marked window is answered [`Refusal::Taken`] before the
/// patient's own rules are read: in that second, a patient whom a rule would refuse is
/// told "taken" instead, and learns the rule at their next try.
#[derive(Debug)]
pub struct FullSlots {
    enabled: bool,
    marks: std::sync::Mutex<std::collections::HashMap<String, std::time::Instant>>,
}

/// How long a "full" mark is trusted.
const FULL_MARK_TTL: std::time::Duration = std::time::Duration::from_secs(1);

impl FullSlots {
    /// A memory of full windows; when not `enabled`, it remembers nothing and every
    /// booking goes to the database (tests prove the rules hold either way).
    pub fn new(enabled: bool) -> FullSlots {
        FullSlots {
            enabled,
            marks: Default::default(),
        }
    }

    fn is_full(&self, slot: &str) -> bool {
        if !self.enabled {
            return false;
        }
        let marks = self.marks.lock().unwrap_or_else(|e| e.into_inner());
        marks
            .get(slot)
            .is_some_and(|at| at.elapsed() < FULL_MARK_TTL)
    }

    fn mark(&self, slot: &str) {
        if !self.enabled {
            return;
        }
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
    fn new(b: &NewBooking<'_>) -> OwnedBooking {
        OwnedBooking {
            account_id: b.account_id.to_owned(),
            patient_id: b.patient_id.to_owned(),
            slot_id: b.slot_id.to_owned(),
            channel: b.channel.to_owned(),
            idempotency: b
                .idempotency
                .map(|k| (k.key.to_owned(), k.request_hash.to_owned())),
            now: b.now,
            client: (b.client.0.to_owned(), b.client.1.to_owned()),
        }
    }

    fn view(&self) -> NewBooking<'_> {
        NewBooking {
            account_id: &self.account_id,
            patient_id: &self.patient_id,
            slot_id: &self.slot_id,
            channel: &self.channel,
            idempotency: self.idempotency.as_ref().map(|(key, hash)| Key {
                key,
                request_hash: hash,
            }),
            now: self.now,
            client: (&self.client.0, &self.client.1),
        }
    }
}

/// Books a window for a family member. The place, the appointment, its event and the
/// idempotency key commit together (with other bookings waiting at the same moment, see
/// [`super::batch`]), so a retry finds the key or nothing at all.
///
/// Requests with the same key go one at a time ([`idempotency::InFlight`]): a retry is
/// looked up only once its first try has its answer, so it gets that booking back rather
/// than "taken" from the full-window shortcut while the first try is winning the place.
pub async fn book(db: &Db, b: NewBooking<'_>, rules: &BookingRules) -> Result<Booked, BookError> {
    let _flight = match &b.idempotency {
        Some(key) => Some(db.in_flight().enter(b.account_id, key).await),
        None => None,
    };
    // A retry is answered from its key first, even if its window has filled since.
    if let Some(key) = &b.idempotency {
        match idempotency::lookup(db, b.account_id, key).await? {
            Seen::New => {}
            Seen::Replay(id) => return Ok(Booked::Replay(id)),
            Seen::Reused => return Err(BookError::KeyReused),
        }
    }
    if db.full_slots().is_full(b.slot_id) {
        return Err(Refusal::Taken.into());
    }
    let owned = OwnedBooking::new(&b);
    let rules = *rules;
    let full = db.full_slots().clone();
    let audit_key = db.audit_key().clone();
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: super::batch::Job = Box::new(move |tx| {
        Box::pin(async move {
            // Jobs queued before the window filled are answered without touching the
            // database once another job of this batch or an earlier one found it full.
            let (settled, result) = if full.is_full(&owned.slot_id) {
                (Ok(()), Err(Refusal::Taken.into()))
            } else {
                match sqlx::Connection::begin(&mut **tx).await {
                    Ok(mut savepoint) => {
                        let result =
                            book_within(&mut savepoint, &audit_key, &owned.view(), &rules).await;
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
            if matches!(result, Err(BookError::Refused(Refusal::Taken))) {
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
    audit_key: &ChainKey,
    b: &NewBooking<'_>,
    rules: &BookingRules,
) -> Result<Booked, BookError> {
    if let Some(key) = &b.idempotency {
        match idempotency::lookup_within(tx, b.account_id, key).await? {
            Seen::New => {}
            Seen::Replay(id) => return Ok(Booked::Replay(id)),
            Seen::Reused => return Err(BookError::KeyReused),
        }
    }
    let id = claim(tx, b, rules, None).await?;
    events::append(
        tx,
        "appointment.booked",
        &id,
        Some(b.account_id),
        json!({ "slot": b.slot_id, "patient": b.patient_id, "channel": b.channel }),
        b.now,
    )
    .await?;
    if let Some(key) = &b.idempotency {
        idempotency::remember(tx, b.account_id, key, &id, b.now).await?;
    }
    audit_within(
        tx,
        audit_key,
        b,
        "appointment.booked",
        json!({ "appointment": id, "slot": b.slot_id }),
    )
    .await?;
    Ok(Booked::New(id))
}

/// An appointment's status and window start, as the change rules need them.
async fn change_facts(
    tx: &mut Transaction<'_, Sqlite>,
    account_id: &str,
    appointment_id: &str,
) -> Result<(AppointmentStatus, i64), BookError> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT a.status, w.starts_at FROM appointments a JOIN slots w ON w.id = a.slot_id
         WHERE a.id = ? AND a.account_id = ?",
    )
    .bind(appointment_id)
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    let (status, starts_at) = row.ok_or(BookError::NotFound)?;
    let status =
        AppointmentStatus::parse(&status).ok_or_else(|| corrupt("appointment status", &status))?;
    Ok((status, starts_at))
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
    if let Some(key) = &b.idempotency {
        match idempotency::lookup_within(&mut tx, b.account_id, key).await? {
            Seen::New => {}
            Seen::Replay(id) => return Ok(Booked::Replay(id)),
            Seen::Reused => return Err(BookError::KeyReused),
        }
    }
    let (status, starts_at) = change_facts(&mut tx, b.account_id, appointment_id).await?;
    can_change(status, starts_at, b.now.as_millisecond(), rules)?;
    let id = claim(&mut tx, &b, rules, Some(appointment_id)).await?;
    sqlx::query("UPDATE appointments SET rescheduled_to = ? WHERE id = ?")
        .bind(&id)
        .bind(appointment_id)
        .execute(&mut *tx)
        .await?;
    events::append(
        &mut tx,
        "appointment.rescheduled",
        &id,
        Some(b.account_id),
        json!({ "from": appointment_id, "slot": b.slot_id }),
        b.now,
    )
    .await?;
    if let Some(key) = &b.idempotency {
        idempotency::remember(&mut tx, b.account_id, key, &id, b.now).await?;
    }
    audit_within(
        &mut tx,
        db.audit_key(),
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
    key: &ChainKey,
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
    super::audit::append_within(tx, key, entry, b.now).await
}

/// Cancels an appointment while the rules allow it and gives its place back to the pool.
pub async fn cancel(
    db: &Db,
    account_id: &str,
    appointment_id: &str,
    reason: &LocalText,
    rules: &BookingRules,
    now: Timestamp,
) -> Result<(), BookError> {
    let mut tx = db.write().begin_with("BEGIN IMMEDIATE").await?;
    let (status, starts_at) = change_facts(&mut tx, account_id, appointment_id).await?;
    can_change(status, starts_at, now.as_millisecond(), rules)?;
    let Some(slot) = release(&mut tx, appointment_id, now, reason).await? else {
        return Err(Refusal::ChangeClosed.into());
    };
    events::append(
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

/// Cancels a patient's upcoming appointments (when the account removes them), giving the
/// places back; returns how many.
pub async fn cancel_upcoming_for_patient(
    db: &Db,
    patient_id: &str,
    now: Timestamp,
) -> sqlx::Result<u64> {
    let reason = CancelReason::PatientRemoved.words();
    let mut tx = db.write().begin_with("BEGIN IMMEDIATE").await?;
    let ids: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT a.id, a.account_id FROM appointments a JOIN slots w ON w.id = a.slot_id
         WHERE a.patient_id = ? AND a.status = 'booked' AND w.ends_at > ?",
    )
    .bind(patient_id)
    .bind(now.as_millisecond())
    .fetch_all(&mut *tx)
    .await?;
    let mut freed = Vec::new();
    for (id, account) in &ids {
        freed.extend(release(&mut tx, id, now, &reason).await?);
        events::append(
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
    for slot in &freed {
        db.full_slots().forget(slot);
    }
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

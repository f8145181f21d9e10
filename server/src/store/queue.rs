//! The live queue's records: service points, and tickets with every change to them.
//!
//! Each write runs in one transaction on the single writer: it reads the facts, asks the
//! queue rules in `careway_core::queue`, and changes a ticket only by a conditional update
//! on the status it read, so two staff screens pressing "next" at once call two patients,
//! never one twice. Each change appends its event (`ticket.created`, `ticket.called`, …)
//! in the same transaction. The live projection in `crate::live` reloads a point from
//! here after every change.

use careway_core::api::booking::AppointmentStatus;
use careway_core::api::queue::{PointKind, Priority, TicketStatus};
use careway_core::api::LocalText;
use careway_core::identity::CivilDate;
use careway_core::queue::{
    check_in as check_in_rule, is_elderly, next_status, ticket_number, Action, CheckInFacts,
    CheckInRefusal, CheckInRules,
};
use jiff::Timestamp;
use serde_json::json;
use sqlx::{FromRow, Sqlite, Transaction};

use super::idempotency::{self, Key, Seen};
use super::{corrupt, events, surveys, Db};
use crate::content::queue::QueueSettings;

/// A service point as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct PointRow {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: PointKind,
    /// Board area.
    pub area: String,
    /// Ticket letter.
    pub prefix: char,
    /// Name.
    pub name: LocalText,
    /// Where.
    pub room: LocalText,
    /// Venue place.
    pub place: Option<String>,
    /// Typical time per patient.
    pub typical_ms: i64,
    /// Why it is paused, while it is.
    pub paused: Option<LocalText>,
}

#[derive(FromRow)]
struct RawPoint {
    id: String,
    kind: String,
    area: String,
    prefix: String,
    name_zh: String,
    name_en: String,
    room_zh: String,
    room_en: String,
    place: Option<String>,
    typical_ms: i64,
    paused_zh: Option<String>,
    paused_en: Option<String>,
}

impl TryFrom<RawPoint> for PointRow {
    type Error = sqlx::Error;
    fn try_from(r: RawPoint) -> sqlx::Result<PointRow> {
        Ok(PointRow {
            kind: PointKind::parse(&r.kind).ok_or_else(|| corrupt("point kind", &r.kind))?,
            prefix: r
                .prefix
                .chars()
                .next()
                .ok_or_else(|| corrupt("ticket prefix", &r.prefix))?,
            id: r.id,
            area: r.area,
            name: LocalText {
                zh: r.name_zh,
                en: r.name_en,
            },
            room: LocalText {
                zh: r.room_zh,
                en: r.room_en,
            },
            place: r.place,
            typical_ms: r.typical_ms,
            paused: r.paused_zh.map(|zh| LocalText {
                en: r.paused_en.unwrap_or_else(|| zh.clone()),
                zh,
            }),
        })
    }
}

const POINT_COLUMNS: &str = "id, kind, area, prefix, name_zh, name_en, room_zh, room_en, place, \
                             typical_ms, paused_zh, paused_en";

/// A ticket as stored, decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct TicketRow {
    /// Id.
    pub id: String,
    /// Its point.
    pub point_id: String,
    /// Its day.
    pub date: String,
    /// Its number within the point's day.
    pub seq: i64,
    /// The number shown.
    pub number: String,
    /// The account holding it, for tickets of app patients.
    pub account_id: Option<String>,
    /// The patient.
    pub patient_id: Option<String>,
    /// The patient's name.
    pub patient_name: String,
    /// The appointment it came from.
    pub appointment_id: Option<String>,
    /// Status.
    pub status: TicketStatus,
    /// Priority class.
    pub priority: Priority,
    /// Joined after its window.
    pub late: bool,
    /// Its window's start (or when it joined), Unix ms.
    pub window_start: i64,
    /// When it joined, Unix ms.
    pub joined_at: i64,
    /// When it was last called.
    pub called_at: Option<i64>,
    /// When service began.
    pub served_at: Option<i64>,
    /// When it finished.
    pub done_at: Option<i64>,
}

#[derive(FromRow)]
struct RawTicket {
    id: String,
    point_id: String,
    date: String,
    seq: i64,
    number: String,
    account_id: Option<String>,
    patient_id: Option<String>,
    patient_name: String,
    appointment_id: Option<String>,
    status: String,
    priority: String,
    late: i64,
    window_start: i64,
    joined_at: i64,
    called_at: Option<i64>,
    served_at: Option<i64>,
    done_at: Option<i64>,
}

impl TryFrom<RawTicket> for TicketRow {
    type Error = sqlx::Error;
    fn try_from(r: RawTicket) -> sqlx::Result<TicketRow> {
        Ok(TicketRow {
            status: TicketStatus::parse(&r.status)
                .ok_or_else(|| corrupt("ticket status", &r.status))?,
            priority: Priority::parse(&r.priority)
                .ok_or_else(|| corrupt("ticket priority", &r.priority))?,
            id: r.id,
            point_id: r.point_id,
            date: r.date,
            seq: r.seq,
            number: r.number,
            account_id: r.account_id,
            patient_id: r.patient_id,
            patient_name: r.patient_name,
            appointment_id: r.appointment_id,
            late: r.late != 0,
            window_start: r.window_start,
            joined_at: r.joined_at,
            called_at: r.called_at,
            served_at: r.served_at,
            done_at: r.done_at,
        })
    }
}

const TICKET_COLUMNS: &str = "id, point_id, date, seq, number, account_id, patient_id, \
                              patient_name, appointment_id, status, priority, late, \
                              window_start, joined_at, called_at, served_at, done_at";

fn tickets(rows: Vec<RawTicket>) -> sqlx::Result<Vec<TicketRow>> {
    rows.into_iter().map(TicketRow::try_from).collect()
}

/// Writes the hospital's fixed points (blood draw, pharmacy…) into the database; points
/// dropped from the content keep their rows, for the tickets that name them.
pub async fn sync_points(db: &Db, settings: &QueueSettings) -> sqlx::Result<()> {
    let mut tx = db.write().begin().await?;
    for p in &settings.points {
        sqlx::query(
            "INSERT INTO service_points (id, kind, area, prefix, name_zh, name_en, room_zh,
                 room_en, place, typical_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, area = excluded.area,
                 prefix = excluded.prefix, name_zh = excluded.name_zh,
                 name_en = excluded.name_en, room_zh = excluded.room_zh,
                 room_en = excluded.room_en, place = excluded.place,
                 typical_ms = excluded.typical_ms",
        )
        .bind(&p.id)
        .bind(p.kind.as_str())
        .bind(&p.area)
        .bind(p.prefix.to_string())
        .bind(&p.name.zh)
        .bind(&p.name.en)
        .bind(&p.room.zh)
        .bind(&p.room.en)
        .bind(&p.place)
        .bind(i64::from(p.typical_minutes) * 60_000)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The points of a day: the fixed ones and the clinic rooms that have tickets that day.
pub async fn points_of_day(db: &Db, date: &str) -> sqlx::Result<Vec<PointRow>> {
    let rows: Vec<RawPoint> = sqlx::query_as(&format!(
        "SELECT {POINT_COLUMNS} FROM service_points
         WHERE session_id IS NULL
            OR session_id IN (SELECT id FROM clinic_sessions WHERE date = ?)
         ORDER BY id"
    ))
    .bind(date)
    .fetch_all(db.read())
    .await?;
    rows.into_iter().map(PointRow::try_from).collect()
}

/// One point.
pub async fn point(db: &Db, id: &str) -> sqlx::Result<Option<PointRow>> {
    let row: Option<RawPoint> = sqlx::query_as(&format!(
        "SELECT {POINT_COLUMNS} FROM service_points WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db.write())
    .await?;
    row.map(PointRow::try_from).transpose()
}

/// A point's tickets of a day, in joining order. Read on the writer, so the projection
/// reloaded after a change sees the change.
pub async fn tickets_of_point(db: &Db, point_id: &str, date: &str) -> sqlx::Result<Vec<TicketRow>> {
    let rows: Vec<RawTicket> = sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE point_id = ? AND date = ? ORDER BY seq"
    ))
    .bind(point_id)
    .bind(date)
    .fetch_all(db.write())
    .await?;
    tickets(rows)
}

/// Every ticket of a day.
pub async fn tickets_of_day(db: &Db, date: &str) -> sqlx::Result<Vec<TicketRow>> {
    let rows: Vec<RawTicket> = sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE date = ? ORDER BY point_id, seq"
    ))
    .bind(date)
    .fetch_all(db.read())
    .await?;
    tickets(rows)
}

/// One ticket by id, whoever holds it (for staff).
pub async fn ticket(db: &Db, id: &str) -> sqlx::Result<Option<TicketRow>> {
    let row: Option<RawTicket> = sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(db.write())
    .await?;
    row.map(TicketRow::try_from).transpose()
}

/// Why a check-in did not happen.
#[derive(Debug)]
pub enum CheckInError {
    /// No such appointment of this account.
    NotFound,
    /// The rules said no.
    Refused(CheckInRefusal),
    /// The idempotency key was used before for another request.
    KeyReused,
    /// The database failed.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for CheckInError {
    fn from(err: sqlx::Error) -> CheckInError {
        CheckInError::Db(err)
    }
}

#[derive(FromRow)]
struct CheckInRow {
    status: String,
    date: String,
    patient_id: Option<String>,
    patient_name: String,
    birth_date: String,
    session_id: String,
    starts_at: i64,
    ends_at: i64,
    start_label: String,
    session_end: i64,
    has_ticket: i64,
}

#[derive(FromRow)]
struct RoomRow {
    department_id: String,
    doctor_name_zh: String,
    doctor_name_en: String,
    doctor_index: i64,
    department_zh: String,
    department_en: String,
    location: String,
    label_zh: String,
    label_en: String,
}

/// Creates the point of a clinic session's room, if it is not there yet: named after the
/// department and doctor, its room numbered and lettered by the doctor's place in the
/// department (A, B, C…), so rooms on one board never share numbers.
async fn ensure_clinic_point(
    tx: &mut Transaction<'_, Sqlite>,
    session_id: &str,
    settings: &QueueSettings,
) -> sqlx::Result<String> {
    let point_id = clinic_point_id(session_id);
    let row: RoomRow = sqlx::query_as(
        "SELECT cs.department_id, d.name_zh AS doctor_name_zh, d.name_en AS doctor_name_en,
                (SELECT COUNT(*) FROM doctors o WHERE o.department_id = d.department_id
                    AND o.sort_order < d.sort_order) AS doctor_index,
                dp.name_zh AS department_zh, dp.name_en AS department_en, dp.location,
                dp.location_label_zh AS label_zh, dp.location_label_en AS label_en
         FROM clinic_sessions cs
         JOIN doctors d ON d.id = cs.doctor_id
         JOIN departments dp ON dp.id = cs.department_id
         WHERE cs.id = ?",
    )
    .bind(session_id)
    .fetch_one(&mut **tx)
    .await?;
    let room_no = row.doctor_index + 1;
    let prefix = char::from(b'A' + (row.doctor_index.clamp(0, 25) as u8));
    let room_en = if row.label_en.is_empty() {
        format!("Room {room_no}")
    } else {
        format!("{}, room {room_no}", row.label_en)
    };
    sqlx::query(
        "INSERT INTO service_points (id, kind, area, prefix, name_zh, name_en, room_zh, room_en,
             place, typical_ms, session_id)
         VALUES (?, 'clinic', ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&point_id)
    .bind(&row.department_id)
    .bind(prefix.to_string())
    .bind(format!("{} {}", row.department_zh, row.doctor_name_zh))
    .bind(format!("{}, Dr {}", row.department_en, row.doctor_name_en))
    .bind(format!("{} {room_no} 诊室", row.label_zh).trim().to_owned())
    .bind(room_en)
    .bind(&row.location)
    .bind(i64::from(settings.clinic_typical_minutes) * 60_000)
    .bind(session_id)
    .execute(&mut **tx)
    .await?;
    Ok(point_id)
}

/// The clinic point of a session's room: `clinic-<session id>`.
pub fn clinic_point_id(session_id: &str) -> String {
    format!("clinic-{session_id}")
}

/// Checks in the account's appointment `appointment_id` and gives it a ticket in its
/// doctor's room, creating that room's point on the day's first check-in.
#[allow(clippy::too_many_arguments)]
pub async fn check_in(
    db: &Db,
    account_id: &str,
    appointment_id: &str,
    scanned_point: Option<&str>,
    key: Option<&Key<'_>>,
    today: CivilDate,
    now: Timestamp,
    settings: &QueueSettings,
) -> Result<TicketRow, CheckInError> {
    let _flight = match key {
        Some(key) => Some(db.in_flight().enter(account_id, key).await),
        None => None,
    };
    let mut tx = db.write().begin().await?;
    if let Some(key) = key {
        match idempotency::lookup_within(&mut tx, account_id, key).await? {
            Seen::New => {}
            Seen::Reused => return Err(CheckInError::KeyReused),
            Seen::Replay(id) => {
                let row: RawTicket = sqlx::query_as(&format!(
                    "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?"
                ))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                return Ok(TicketRow::try_from(row)?);
            }
        }
    }
    let row: Option<CheckInRow> = sqlx::query_as(
        "SELECT a.status, a.date, a.patient_id, p.name AS patient_name, p.birth_date,
                a.session_id, s.starts_at, s.ends_at, s.start_label,
                (SELECT MAX(ends_at) FROM slots WHERE session_id = a.session_id) AS session_end,
                EXISTS (SELECT 1 FROM tickets t WHERE t.appointment_id = a.id) AS has_ticket
         FROM appointments a
         JOIN patients p ON p.id = a.patient_id
         JOIN slots s ON s.id = a.slot_id
         WHERE a.id = ? AND a.account_id = ?",
    )
    .bind(appointment_id)
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let row = row.ok_or(CheckInError::NotFound)?;
    let status = AppointmentStatus::parse(&row.status)
        .ok_or_else(|| corrupt("appointment status", &row.status))?;
    let point_id = clinic_point_id(&row.session_id);
    let today_text = today.to_string();
    let facts = CheckInFacts {
        status,
        date: &row.date,
        today: &today_text,
        window_start_label: &row.start_label,
        window_start_ms: row.starts_at,
        window_end_ms: row.ends_at,
        session_end_ms: row.session_end,
        has_ticket: row.has_ticket != 0,
        scanned_point_matches: scanned_point.map(|p| p == point_id),
    };
    let arrival = check_in_rule(&facts, now.as_millisecond(), &settings.rules)
        .map_err(CheckInError::Refused)?;
    let elderly = CivilDate::parse(&row.birth_date)
        .map(|birth| is_elderly(birth, today, &settings.rules))
        .unwrap_or(false);

    ensure_clinic_point(&mut tx, &row.session_id, settings).await?;

    let priority = if elderly {
        Priority::Elderly
    } else {
        Priority::None
    };
    let ticket = insert_ticket(
        &mut tx,
        NewTicket {
            point_id: &point_id,
            date: &today_text,
            account_id: Some(account_id),
            patient_id: row.patient_id.as_deref(),
            patient_name: &row.patient_name,
            appointment_id: Some(appointment_id),
            priority,
            late: arrival.late,
            window_start: row.starts_at,
        },
        now,
    )
    .await?;
    sqlx::query("UPDATE appointments SET status = 'arrived' WHERE id = ? AND status = 'booked'")
        .bind(appointment_id)
        .execute(&mut *tx)
        .await?;
    if let Some(key) = key {
        idempotency::remember(&mut tx, account_id, key, &ticket.id, now).await?;
    }
    tx.commit().await?;
    Ok(ticket)
}

/// A ticket to create.
struct NewTicket<'a> {
    point_id: &'a str,
    date: &'a str,
    account_id: Option<&'a str>,
    patient_id: Option<&'a str>,
    patient_name: &'a str,
    appointment_id: Option<&'a str>,
    priority: Priority,
    late: bool,
    window_start: i64,
}

async fn insert_ticket(
    tx: &mut Transaction<'_, Sqlite>,
    t: NewTicket<'_>,
    now: Timestamp,
) -> sqlx::Result<TicketRow> {
    let (prefix, seq): (String, i64) = sqlx::query_as(
        "SELECT p.prefix,
                COALESCE((SELECT MAX(seq) FROM tickets WHERE point_id = p.id AND date = ?), 0) + 1
         FROM service_points p WHERE p.id = ?",
    )
    .bind(t.date)
    .bind(t.point_id)
    .fetch_one(&mut **tx)
    .await?;
    let letter = prefix.chars().next().unwrap_or('Q');
    let row = TicketRow {
        id: uuid::Uuid::now_v7().to_string(),
        point_id: t.point_id.to_owned(),
        date: t.date.to_owned(),
        seq,
        number: ticket_number(letter, u32::try_from(seq).unwrap_or(u32::MAX)),
        account_id: t.account_id.map(str::to_owned),
        patient_id: t.patient_id.map(str::to_owned),
        patient_name: t.patient_name.to_owned(),
        appointment_id: t.appointment_id.map(str::to_owned),
        status: TicketStatus::Waiting,
        priority: t.priority,
        late: t.late,
        window_start: t.window_start,
        joined_at: now.as_millisecond(),
        called_at: None,
        served_at: None,
        done_at: None,
    };
    sqlx::query(&format!(
        "INSERT INTO tickets ({TICKET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)"
    ))
    .bind(&row.id)
    .bind(&row.point_id)
    .bind(&row.date)
    .bind(row.seq)
    .bind(&row.number)
    .bind(&row.account_id)
    .bind(&row.patient_id)
    .bind(&row.patient_name)
    .bind(&row.appointment_id)
    .bind(row.status.as_str())
    .bind(row.priority.as_str())
    .bind(i64::from(row.late))
    .bind(row.window_start)
    .bind(row.joined_at)
    .execute(&mut **tx)
    .await?;
    events::append(
        tx,
        "ticket.created",
        &row.id,
        t.account_id,
        json!({ "point": row.point_id, "number": row.number, "late": row.late }),
        now,
    )
    .await?;
    Ok(row)
}

/// Puts a patient into a point's queue on a doctor's order (the lab, the pharmacy).
/// `None` when the point or the patient does not exist.
pub async fn add_to_queue(
    db: &Db,
    point_id: &str,
    patient_id: &str,
    priority: Priority,
    date: &str,
    now: Timestamp,
) -> sqlx::Result<Option<TicketRow>> {
    let mut tx = db.write().begin().await?;
    let point: Option<(String,)> = sqlx::query_as("SELECT id FROM service_points WHERE id = ?")
        .bind(point_id)
        .fetch_optional(&mut *tx)
        .await?;
    let patient: Option<(String, String)> =
        sqlx::query_as("SELECT account_id, name FROM patients WHERE id = ? AND deleted_at IS NULL")
            .bind(patient_id)
            .fetch_optional(&mut *tx)
            .await?;
    let (Some(_), Some((account_id, name))) = (point, patient) else {
        return Ok(None);
    };
    let ticket = insert_ticket(
        &mut tx,
        NewTicket {
            point_id,
            date,
            account_id: Some(&account_id),
            patient_id: Some(patient_id),
            patient_name: &name,
            appointment_id: None,
            priority,
            late: false,
            window_start: now.as_millisecond(),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(ticket))
}

/// What a staff action did.
#[derive(Debug, PartialEq)]
pub enum Acted {
    /// The ticket, after the change.
    Done(Box<TicketRow>),
    /// No such ticket (or point).
    NotFound,
    /// The action does not apply to the ticket's status (or nobody waits).
    NotApplicable,
}

/// Calls the first waiting ticket of a point's day by the queue's order; whoever was
/// called or in service before is finished (the doctor pressing "next" has seen them).
pub async fn call_next(
    db: &Db,
    point_id: &str,
    date: &str,
    rules: &CheckInRules,
    now: Timestamp,
) -> sqlx::Result<Acted> {
    let mut tx = db.write().begin().await?;
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM service_points WHERE id = ?")
        .bind(point_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Ok(Acted::NotFound);
    }
    let rows: Vec<RawTicket> = sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets
         WHERE point_id = ? AND date = ? AND status IN ('waiting', 'called', 'in_service')"
    ))
    .bind(point_id)
    .bind(date)
    .fetch_all(&mut *tx)
    .await?;
    let live = tickets(rows)?;
    for t in live
        .iter()
        .filter(|t| matches!(t.status, TicketStatus::Called | TicketStatus::InService))
    {
        finish(&mut tx, t, now).await?;
    }
    let next = live
        .iter()
        .filter(|t| t.status == TicketStatus::Waiting)
        .min_by_key(|t| careway_core::queue::order_key(&place(t), rules));
    let Some(next) = next else {
        tx.commit().await?;
        return Ok(Acted::NotApplicable);
    };
    let changed = set_status(&mut tx, next, Action::Call, now).await?;
    tx.commit().await?;
    Ok(changed.map_or(Acted::NotApplicable, |t| Acted::Done(Box::new(t))))
}

/// The ordering facts of a ticket.
pub fn place(t: &TicketRow) -> careway_core::queue::QueuePlace {
    careway_core::queue::QueuePlace {
        late: t.late,
        priority: t.priority,
        window_start_ms: t.window_start,
        joined_ms: t.joined_at,
        seq: t.seq,
    }
}

async fn finish(
    tx: &mut Transaction<'_, Sqlite>,
    t: &TicketRow,
    now: Timestamp,
) -> sqlx::Result<Option<TicketRow>> {
    set_status(tx, t, Action::Finish, now).await
}

/// Applies `action` to `t` by a conditional update on the status read; `None` when the
/// action does not apply or the ticket moved meanwhile.
async fn set_status(
    tx: &mut Transaction<'_, Sqlite>,
    t: &TicketRow,
    action: Action,
    now: Timestamp,
) -> sqlx::Result<Option<TicketRow>> {
    let Some(to) = next_status(t.status, action) else {
        return Ok(None);
    };
    let at = now.as_millisecond();
    let mut next = t.clone();
    next.status = to;
    match action {
        Action::Call | Action::Recall => next.called_at = Some(at),
        Action::Serve => {
            next.served_at = Some(at);
            next.called_at = next.called_at.or(Some(at));
        }
        Action::Finish => next.done_at = Some(at),
        Action::Rejoin => {
            next.late = true;
            next.joined_at = at;
            next.called_at = None;
        }
        Action::Skip => {}
    }
    let updated = sqlx::query(
        "UPDATE tickets SET status = ?, late = ?, joined_at = ?, called_at = ?, served_at = ?,
             done_at = ?
         WHERE id = ? AND status = ?",
    )
    .bind(next.status.as_str())
    .bind(i64::from(next.late))
    .bind(next.joined_at)
    .bind(next.called_at)
    .bind(next.served_at)
    .bind(next.done_at)
    .bind(&t.id)
    .bind(t.status.as_str())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(None);
    }
    if to == TicketStatus::Done {
        if let Some(appointment) = &t.appointment_id {
            let fulfilled = sqlx::query(
                "UPDATE appointments SET status = 'fulfilled' WHERE id = ? AND status = 'arrived'",
            )
            .bind(appointment)
            .execute(&mut **tx)
            .await?;
            if fulfilled.rows_affected() == 1 {
                // The visit is over: ask the patient how it went, and send what the
                // department gives its patients to read at home.
                surveys::open_for_visit(
                    tx,
                    appointment,
                    crate::content::surveys::SATISFACTION,
                    crate::content::surveys::DUE_DAYS,
                    now,
                )
                .await?;
                super::education::send_after_visit(tx, appointment, now).await?;
            }
        }
    }
    let kind = match action {
        Action::Call => "ticket.called",
        Action::Recall => "ticket.recalled",
        Action::Skip => "ticket.missed",
        Action::Serve => "ticket.in_service",
        Action::Finish => "ticket.done",
        Action::Rejoin => "ticket.rejoined",
    };
    events::append(
        tx,
        kind,
        &t.id,
        t.account_id.as_deref(),
        json!({ "point": t.point_id, "number": t.number, "appointment": t.appointment_id }),
        now,
    )
    .await?;
    Ok(Some(next))
}

/// Applies a staff action (recall, skip, serve, finish) to ticket `id`.
pub async fn act(db: &Db, id: &str, action: Action, now: Timestamp) -> sqlx::Result<Acted> {
    let mut tx = db.write().begin().await?;
    let row: Option<RawTicket> = sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(Acted::NotFound);
    };
    let t = TicketRow::try_from(row)?;
    let changed = set_status(&mut tx, &t, action, now).await?;
    tx.commit().await?;
    Ok(changed.map_or(Acted::NotApplicable, |t| Acted::Done(Box::new(t))))
}

/// A missed patient of `account_id` asks to queue again: behind those on time.
pub async fn rejoin(db: &Db, account_id: &str, id: &str, now: Timestamp) -> sqlx::Result<Acted> {
    let mut tx = db.write().begin().await?;
    let row: Option<RawTicket> = sqlx::query_as(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ? AND account_id = ?"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(Acted::NotFound);
    };
    let t = TicketRow::try_from(row)?;
    let changed = set_status(&mut tx, &t, Action::Rejoin, now).await?;
    tx.commit().await?;
    Ok(changed.map_or(Acted::NotApplicable, |t| Acted::Done(Box::new(t))))
}

/// Pauses a point with a reason, or resumes it (`None`). False when there is no such point.
/// A resume records how long the point stood still (`point.resumed` with `paused_ms` and
/// the day), which the wait estimator reads back with [`pauses_of_day`].
pub async fn set_paused(
    db: &Db,
    point_id: &str,
    reason: Option<&LocalText>,
    date: &str,
    now: Timestamp,
) -> sqlx::Result<bool> {
    let mut tx = db.write().begin().await?;
    let since: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT paused_at FROM service_points WHERE id = ?")
            .bind(point_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((since,)) = since else {
        return Ok(false);
    };
    let at = now.as_millisecond();
    sqlx::query(
        "UPDATE service_points SET paused_zh = ?, paused_en = ?, paused_at = ? WHERE id = ?",
    )
    .bind(reason.map(|r| r.zh.as_str()))
    .bind(reason.map(|r| r.en.as_str()))
    .bind(reason.map(|_| since.unwrap_or(at)))
    .bind(point_id)
    .execute(&mut *tx)
    .await?;
    let (kind, payload) = match (reason, since) {
        (Some(_), _) => ("point.paused", json!({ "date": date })),
        (None, Some(since)) => (
            "point.resumed",
            json!({ "date": date, "paused_ms": (at - since).max(0) }),
        ),
        (None, None) => ("point.resumed", json!({ "date": date, "paused_ms": 0 })),
    };
    events::append(&mut tx, kind, point_id, None, payload, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// How long a point stood paused on a day, pause by pause, in ms.
pub async fn pauses_of_day(db: &Db, point_id: &str, date: &str) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT CAST(json_extract(payload, '$.paused_ms') AS INTEGER) FROM events
         WHERE type = 'point.resumed' AND subject_id = ?
           AND json_extract(payload, '$.date') = ?
           AND json_extract(payload, '$.paused_ms') > 0
         ORDER BY seq",
    )
    .bind(point_id)
    .bind(date)
    .fetch_all(db.write())
    .await
}

/// A walk-in appointment of the day that the demo's simulated patients check in for.
#[derive(Clone, Debug, FromRow)]
pub struct WalkIn {
    /// The appointment.
    pub id: String,
    /// Its clinic session.
    pub session_id: String,
    /// Its window.
    pub starts_at: i64,
    /// Its window's end.
    pub ends_at: i64,
}

/// The day's booked appointments without an account (window and phone bookings) whose
/// window starts before `until`: the demo simulator's arriving patients.
pub async fn walk_ins_due(db: &Db, date: &str, until: Timestamp) -> sqlx::Result<Vec<WalkIn>> {
    sqlx::query_as(
        "SELECT a.id, a.session_id, s.starts_at, s.ends_at
         FROM appointments a JOIN slots s ON s.id = a.slot_id
         WHERE a.date = ? AND a.account_id IS NULL AND a.status = 'booked' AND s.starts_at <= ?
         ORDER BY s.starts_at",
    )
    .bind(date)
    .bind(until.as_millisecond())
    .fetch_all(db.read())
    .await
}

/// Checks in a walk-in appointment for a patient known only by name (the demo's
/// simulated patients, or a window check-in). Returns the ticket's point, or `None` when
/// the appointment was no longer booked.
pub async fn check_in_walk_in(
    db: &Db,
    walk_in: &WalkIn,
    name: &str,
    date: &str,
    now: Timestamp,
    settings: &QueueSettings,
) -> sqlx::Result<Option<String>> {
    let mut tx = db.write().begin().await?;
    let updated = sqlx::query(
        "UPDATE appointments SET status = 'arrived' WHERE id = ? AND status = 'booked'",
    )
    .bind(&walk_in.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Ok(None);
    }
    let point_id = ensure_clinic_point(&mut tx, &walk_in.session_id, settings).await?;
    insert_ticket(
        &mut tx,
        NewTicket {
            point_id: &point_id,
            date,
            account_id: None,
            patient_id: None,
            patient_name: name,
            appointment_id: Some(&walk_in.id),
            priority: Priority::None,
            late: now.as_millisecond() > walk_in.ends_at,
            window_start: walk_in.starts_at,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(point_id))
}

/// Puts a patient known only by name into a point's queue (the simulator's orders).
pub async fn add_walk_in(
    db: &Db,
    point_id: &str,
    name: &str,
    date: &str,
    now: Timestamp,
) -> sqlx::Result<TicketRow> {
    let mut tx = db.write().begin().await?;
    let ticket = insert_ticket(
        &mut tx,
        NewTicket {
            point_id,
            date,
            account_id: None,
            patient_id: None,
            patient_name: name,
            appointment_id: None,
            priority: Priority::None,
            late: false,
            window_start: now.as_millisecond(),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(ticket)
}

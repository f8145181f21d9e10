//! Lab and imaging reports: storing what the hospital's systems send, and reading a
//! person's reports for an account that holds them as a family member.
//!
//! A report is about a person, kept under the resident ID number of the members it was
//! matched to (`subject_key`; see [`person_key`] for members without one). An account sees a report only through one of its live
//! members with that number; every read query joins through `patients` on the account,
//! so another account's report is simply not found.

use careway_core::reports::{Report, ReportStatus};
use jiff::Timestamp;
use sqlx::{FromRow, Sqlite, Transaction};

use super::patients::PatientRow;
use super::Db;

/// A stored report.
#[derive(Clone, Debug, FromRow)]
pub struct ReportRow {
    /// Careway's id.
    pub id: String,
    /// The sender's id.
    pub source_id: String,
    /// The person's resident ID number.
    pub subject_key: String,
    /// `lab` or `imaging`.
    pub kind: String,
    /// The FHIR status code.
    pub status: String,
    /// The title.
    pub title: String,
    /// When the sample was taken.
    pub effective: Option<String>,
    /// When it was released.
    pub issued: Option<String>,
    /// The report (JSON of [`Report`]).
    pub body: String,
    /// The body before the last change after it was issued.
    pub previous: Option<String>,
    /// The status before that change.
    pub previous_status: Option<String>,
    /// When it last changed (Unix ms): "new" again for readers after this.
    pub changed_at: i64,
}

const MEMBER_COLUMNS: &str = "p.id, p.account_id, p.name, p.sex, p.birth_date, p.id_number, \
     p.phone, p.relation, p.medical_card, p.is_default";

const COLUMNS: &str = "r.id, r.source_id, r.subject_key, r.kind, r.status, r.title, r.effective, \
     r.issued, r.body, r.previous, r.previous_status, r.changed_at";

impl ReportRow {
    /// The stored report, parsed.
    pub fn report(&self) -> anyhow::Result<Report> {
        Ok(serde_json::from_str(&self.body)?)
    }

    /// The report before its last change, if it changed after being issued.
    pub fn previous_report(&self) -> Option<Report> {
        self.previous
            .as_deref()
            .and_then(|body| serde_json::from_str(body).ok())
    }
}

/// The SQL for a member's person key (see [`person_key`]), over `patients` as `p`.
const PERSON_KEY: &str = "CASE WHEN p.id_number <> '' THEN p.id_number ELSE 'patient:' || p.id END";

/// Whom a member's reports are kept under: the person's resident ID number, shared by every
/// account that holds them; a member saved without one (a child known by a medical card)
/// is a person of their own, `patient:<id>`. Never the empty number, which members without
/// one would all share.
pub fn person_key(member: &PatientRow) -> String {
    if member.id_number.is_empty() {
        format!("patient:{}", member.id)
    } else {
        member.id_number.clone()
    }
}

/// The person a sender's identifiers name: the resident ID number of a live family member
/// whose ID number or medical-card number is one of `values` (ID numbers compared in
/// upper case, as stored), as its [`person_key`].
pub async fn match_subject(db: &Db, values: &[String]) -> sqlx::Result<Option<String>> {
    for value in values {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let found: Option<(String,)> = sqlx::query_as(&format!(
            "SELECT {PERSON_KEY} FROM patients p
             WHERE p.deleted_at IS NULL AND ((p.id_number = ? AND p.id_number <> '')
                 OR p.medical_card = ?)
             ORDER BY p.created_at LIMIT 1"
        ))
        .bind(value.to_ascii_uppercase())
        .bind(value)
        .fetch_optional(db.read())
        .await?;
        if let Some((key,)) = found {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

/// What storing a report did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// A report not seen before.
    Created,
    /// A new version of one already stored.
    Updated,
    /// The same as stored: nothing changed.
    Unchanged,
}

/// Stores `report` under the sender's `source_id` within `tx`: inserts it, or replaces
/// the stored version (keeping the issued version it replaces, so the patient sees what
/// changed). Answers the report's id, what happened, and whether it became issued now
/// (the moment to tell the patient).
pub async fn store(
    tx: &mut Transaction<'_, Sqlite>,
    source_id: &str,
    subject_key: &str,
    report: &Report,
    now: Timestamp,
) -> anyhow::Result<(String, Stored, bool)> {
    let body = serde_json::to_string(report)?;
    let kind = match report.kind {
        careway_core::reports::ReportKind::Lab => "lab",
        careway_core::reports::ReportKind::Imaging => "imaging",
    };
    let existing: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT id, status, body, subject_key FROM reports WHERE source_id = ?")
            .bind(source_id)
            .fetch_optional(&mut **tx)
            .await?;
    let now_ms = now.as_millisecond();
    let Some((id, old_status, old_body, _)) = existing else {
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query(
            "INSERT INTO reports (id, source_id, subject_key, kind, status, title, effective,
                 issued, body, received_at, changed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(source_id)
        .bind(subject_key)
        .bind(kind)
        .bind(report.status.code())
        .bind(&report.title)
        .bind(&report.effective)
        .bind(&report.issued)
        .bind(&body)
        .bind(now_ms)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
        return Ok((id, Stored::Created, report.status.is_issued()));
    };
    if old_body == body {
        return Ok((id, Stored::Unchanged, false));
    }
    let was_issued = ReportStatus::from_code(&old_status).is_some_and(ReportStatus::is_issued);
    // A change to an issued report keeps the issued version, to show what changed.
    let (previous, previous_status) = if was_issued {
        (Some(old_body), Some(old_status))
    } else {
        (None, None)
    };
    sqlx::query(
        "UPDATE reports SET subject_key = ?, kind = ?, status = ?, title = ?, effective = ?,
             issued = ?, body = ?, previous = COALESCE(?, previous),
             previous_status = COALESCE(?, previous_status), changed_at = ?
         WHERE id = ?",
    )
    .bind(subject_key)
    .bind(kind)
    .bind(report.status.code())
    .bind(&report.title)
    .bind(&report.effective)
    .bind(&report.issued)
    .bind(&body)
    .bind(previous)
    .bind(previous_status)
    .bind(now_ms)
    .bind(&id)
    .execute(&mut **tx)
    .await?;
    let notify = report.status.is_issued() && (!was_issued || report.status != ReportStatus::Final);
    Ok((id, Stored::Updated, notify))
}

/// The live family members, in every account, who are the person `subject_key`.
pub async fn members_for(
    tx: &mut Transaction<'_, Sqlite>,
    subject_key: &str,
) -> sqlx::Result<Vec<PatientRow>> {
    sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM patients p
         WHERE {PERSON_KEY} = ? AND p.deleted_at IS NULL ORDER BY p.created_at"
    ))
    .bind(subject_key)
    .fetch_all(&mut **tx)
    .await
}

/// The reports of the person `subject_key` a patient may see, newest first.
pub async fn list(db: &Db, subject_key: &str) -> sqlx::Result<Vec<ReportRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reports r
         WHERE r.subject_key = ?
           AND r.status NOT IN ('entered-in-error', 'registered', 'cancelled')
         ORDER BY COALESCE(r.effective, r.issued) DESC, r.id DESC"
    ))
    .bind(subject_key)
    .fetch_all(db.read())
    .await
}

/// One report with the account's member it is about, if the account has one.
pub async fn get(
    db: &Db,
    account_id: &str,
    report_id: &str,
) -> sqlx::Result<Option<(ReportRow, PatientRow)>> {
    let Some(report): Option<ReportRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM reports r
         WHERE r.id = ? AND r.status NOT IN ('entered-in-error', 'registered', 'cancelled')"
    ))
    .bind(report_id)
    .fetch_optional(db.read())
    .await?
    else {
        return Ok(None);
    };
    let member: Option<PatientRow> = sqlx::query_as(&format!(
        "SELECT {MEMBER_COLUMNS} FROM patients p
         WHERE p.account_id = ? AND {PERSON_KEY} = ? AND p.deleted_at IS NULL
         ORDER BY p.is_default DESC, p.created_at LIMIT 1"
    ))
    .bind(account_id)
    .bind(&report.subject_key)
    .fetch_optional(db.read())
    .await?;
    Ok(member.map(|member| (report, member)))
}

/// Whether a report with this id exists at all (to tell an attempt on another person's
/// report from a mistyped id in the audit log).
pub async fn exists(db: &Db, report_id: &str) -> sqlx::Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM reports WHERE id = ?")
        .bind(report_id)
        .fetch_optional(db.read())
        .await?;
    Ok(found.is_some())
}

/// The ids of the reports (among `subject_key`'s) this account opened since they last
/// changed.
pub async fn opened(db: &Db, account_id: &str, subject_key: &str) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT r.id FROM reports r
         JOIN report_reads rr ON rr.report_id = r.id AND rr.account_id = ?
         WHERE r.subject_key = ? AND rr.at >= r.changed_at",
    )
    .bind(account_id)
    .bind(subject_key)
    .fetch_all(db.read())
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// A read to record.
#[derive(Clone, Debug)]
pub struct Read<'a> {
    /// The person.
    pub subject_key: &'a str,
    /// The report, or `None` for the list.
    pub report_id: Option<&'a str>,
    /// Who.
    pub account_id: &'a str,
    /// Through which member.
    pub patient_id: &'a str,
    /// From where.
    pub client_addr: &'a str,
    /// On a kiosk.
    pub kiosk: bool,
}

/// Records a read, for "who viewed my reports".
pub async fn record_read(db: &Db, read: Read<'_>, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO report_reads (subject_key, report_id, account_id, patient_id,
             client_addr, kiosk, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(read.subject_key)
    .bind(read.report_id)
    .bind(read.account_id)
    .bind(read.patient_id)
    .bind(read.client_addr)
    .bind(read.kiosk)
    .bind(now.as_millisecond())
    .execute(db.write())
    .await?;
    Ok(())
}

/// A recorded read, with the reader's login phone and the report's title.
#[derive(Clone, Debug, FromRow)]
pub struct ReadRow {
    /// When (Unix ms).
    pub at: i64,
    /// The report, or `None` for the list.
    pub report_id: Option<String>,
    /// Its title.
    pub report_title: Option<String>,
    /// The reader's account.
    pub account_id: String,
    /// Its login phone.
    pub phone: String,
    /// From where.
    pub client_addr: String,
    /// On a kiosk.
    pub kiosk: bool,
}

/// The latest reads of the person's reports, newest first.
pub async fn reads(db: &Db, subject_key: &str, limit: i64) -> sqlx::Result<Vec<ReadRow>> {
    sqlx::query_as(
        "SELECT rr.at, rr.report_id, r.title AS report_title, rr.account_id, a.phone,
             rr.client_addr, rr.kiosk
         FROM report_reads rr
         JOIN accounts a ON a.id = rr.account_id
         LEFT JOIN reports r ON r.id = rr.report_id
         WHERE rr.subject_key = ?
         ORDER BY rr.at DESC, rr.seq DESC LIMIT ?",
    )
    .bind(subject_key)
    .bind(limit)
    .fetch_all(db.read())
    .await
}

//! Surveys and complaint tickets in the database.
//!
//! A satisfaction survey is opened in the transaction that completes the visit (the clinic
//! ticket's `done`), once per appointment, with its inbox message and a `survey.opened`
//! event. Submitting writes the answers, the complaint the hospital's rule calls for (at
//! most one per survey: the table's unique key makes a retried submission harmless), an
//! inbox message when a complaint was opened, and `survey.submitted`, all in one
//! transaction. Every patient-side read is scoped to the account, so another account's
//! survey is not found.

use careway_core::questionnaire::ComplaintDecision;
use jiff::civil::Date;
use jiff::Timestamp;
use sqlx::{FromRow, Sqlite, Transaction};

use super::inbox::{self, InboxMessage};
use super::{events, Db};

/// Opens the `questionnaire` survey about a completed appointment, within `tx`: nothing
/// when the appointment has no account (a window booking) or already has that survey.
/// Returns the new survey's id.
pub async fn open_for_visit(
    tx: &mut Transaction<'_, Sqlite>,
    appointment_id: &str,
    questionnaire: &str,
    due_days: i64,
    now: Timestamp,
) -> sqlx::Result<Option<String>> {
    let visit: Option<(String, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT a.account_id, a.patient_id, a.date, d.name_zh, d.name_en, doc.name_zh, doc.name_en
         FROM appointments a
         JOIN departments d ON d.id = a.department_id
         JOIN clinic_sessions s ON s.id = a.session_id
         JOIN doctors doc ON doc.id = s.doctor_id
         WHERE a.id = ? AND a.account_id IS NOT NULL AND a.patient_id IS NOT NULL",
    )
    .bind(appointment_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((account, patient, date, dept_zh, dept_en, doc_zh, doc_en)) = visit else {
        return Ok(None);
    };
    let day: Option<Date> = date.parse().ok();
    let due = day
        .and_then(|d| d.checked_add(jiff::Span::new().days(due_days)).ok())
        .map(|d| d.to_string())
        .unwrap_or_else(|| date.clone());
    let (day_zh, day_en) = match day {
        Some(d) => (
            format!("{}月{}日", d.month(), d.day()),
            d.strftime("%-d %b").to_string(),
        ),
        None => (date.clone(), date.clone()),
    };
    let visit_zh = format!("{dept_zh} · {doc_zh}医生 · {day_zh}");
    let visit_en = format!("{dept_en} · Dr {doc_en} · {day_en}");
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = sqlx::query(
        "INSERT INTO surveys (id, account_id, patient_id, appointment_id, questionnaire,
             visit_zh, visit_en, due_date, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (appointment_id, questionnaire) DO NOTHING",
    )
    .bind(&id)
    .bind(&account)
    .bind(&patient)
    .bind(appointment_id)
    .bind(questionnaire)
    .bind(&visit_zh)
    .bind(&visit_en)
    .bind(&due)
    .bind(now.as_millisecond())
    .execute(&mut **tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(None);
    }
    let link = format!("/surveys/{id}");
    let body_zh = format!("{visit_zh}。请花 3 分钟告诉我们这次就诊的感受，{due} 前有效。");
    let body_en = format!(
        "{visit_en}. Please take 3 minutes to tell us how this visit went; open until {due}."
    );
    inbox::add(
        tx,
        InboxMessage {
            account_id: &account,
            patient_id: Some(&patient),
            kind: "survey",
            title: ("门诊满意度调查", "How was your visit?"),
            body: (&body_zh, &body_en),
            link: Some(&link),
        },
        now,
    )
    .await?;
    events::append(
        tx,
        "survey.opened",
        &id,
        Some(&account),
        serde_json::json!({ "questionnaire": questionnaire, "appointment": appointment_id }),
        now,
    )
    .await?;
    Ok(Some(id))
}

/// A survey as its account sees it, with the complaint its answers opened.
#[derive(Clone, Debug, FromRow)]
pub struct SurveyRow {
    /// Random id.
    pub id: String,
    /// The family member.
    pub patient_id: String,
    /// Their name.
    pub patient_name: String,
    /// The questionnaire's name.
    pub questionnaire: String,
    /// The visit, in Chinese.
    pub visit_zh: String,
    /// The visit, in English.
    pub visit_en: String,
    /// The last day to answer (`YYYY-MM-DD`).
    pub due_date: String,
    /// `open` or `submitted`.
    pub status: String,
    /// The submitted QuestionnaireResponse JSON.
    pub response: Option<String>,
    /// When it was answered (Unix ms).
    pub submitted_at: Option<i64>,
    /// The complaint's status, when one was opened.
    pub complaint_status: Option<String>,
    /// The complaint's resolution.
    pub resolution: Option<String>,
    /// When the complaint last changed (Unix ms).
    pub complaint_updated_at: Option<i64>,
}

const SURVEY_SELECT: &str = "SELECT s.id, s.patient_id, p.name AS patient_name, s.questionnaire,
         s.visit_zh, s.visit_en, s.due_date, s.status, s.response, s.submitted_at,
         c.status AS complaint_status, c.resolution, c.updated_at AS complaint_updated_at
     FROM surveys s
     JOIN patients p ON p.id = s.patient_id
     LEFT JOIN complaints c ON c.survey_id = s.id";

/// One of the account's surveys.
pub async fn get(db: &Db, account_id: &str, id: &str) -> sqlx::Result<Option<SurveyRow>> {
    sqlx::query_as(&format!(
        "{SURVEY_SELECT} WHERE s.id = ? AND s.account_id = ?"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(db.read())
    .await
}

/// Whether a survey with this id exists in any account (to audit an attempt on another
/// account's survey).
pub async fn exists(db: &Db, id: &str) -> sqlx::Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM surveys WHERE id = ?")
        .bind(id)
        .fetch_optional(db.read())
        .await?;
    Ok(found.is_some())
}

/// What a submission did.
#[derive(Debug, PartialEq, Eq)]
pub enum Submitted {
    /// The answers were stored; the complaint's id when one was opened.
    Stored {
        /// The complaint opened.
        complaint: Option<String>,
    },
    /// The same answers were already stored: a retry, answered as the first time.
    Again,
    /// Other answers were already stored.
    AlreadyAnswered,
    /// The due date has passed.
    Expired,
    /// The account has no such survey.
    NotFound,
}

/// Stores the account's answers to an open survey (`response`: the canonical
/// QuestionnaireResponse JSON), with the complaint `decision` calls for, its inbox
/// message and the `survey.submitted` event. `today` is the hospital's date.
pub async fn submit(
    db: &Db,
    account_id: &str,
    id: &str,
    response: &str,
    decision: Option<&ComplaintDecision>,
    today: &str,
    now: Timestamp,
) -> sqlx::Result<Submitted> {
    let mut tx = db.write().begin().await?;
    let current: Option<(String, Option<String>, String, String)> = sqlx::query_as(
        "SELECT status, response, due_date, questionnaire FROM surveys
         WHERE id = ? AND account_id = ?",
    )
    .bind(id)
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((status, stored, due, questionnaire)) = current else {
        return Ok(Submitted::NotFound);
    };
    if status == "submitted" {
        return Ok(if stored.as_deref() == Some(response) {
            Submitted::Again
        } else {
            Submitted::AlreadyAnswered
        });
    }
    if due.as_str() < today {
        return Ok(Submitted::Expired);
    }
    let at = now.as_millisecond();
    let updated = sqlx::query(
        "UPDATE surveys SET status = 'submitted', response = ?, submitted_at = ?
         WHERE id = ? AND status = 'open'",
    )
    .bind(response)
    .bind(at)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        // Another submission of the same survey committed first (the writer is serialised,
        // so this does not happen on SQLite; on a shared database it would).
        return Ok(Submitted::AlreadyAnswered);
    }
    let mut complaint = None;
    if let Some(d) = decision {
        let complaint_id = uuid::Uuid::now_v7().to_string();
        let opened = sqlx::query(
            "INSERT INTO complaints (id, survey_id, account_id, overall, low_items, comment,
                 wants_contact, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (survey_id) DO NOTHING",
        )
        .bind(&complaint_id)
        .bind(id)
        .bind(account_id)
        .bind(i64::from(d.overall))
        .bind(d.low_items.join(","))
        .bind(d.comment.as_deref())
        .bind(d.wants_contact)
        .bind(at)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if opened.rows_affected() == 1 {
            let link = format!("/surveys/{id}");
            inbox::add(
                &mut tx,
                InboxMessage {
                    account_id,
                    patient_id: None,
                    kind: "complaint",
                    title: ("我们正在跟进您的反馈", "We are following up"),
                    body: (
                        "感谢您的评价。服务中心已收到您反映的问题，会尽快跟进处理，并在这里告诉您结果。",
                        "Thank you for your answers. The patient service centre has your \
                         feedback, will follow it up soon and will tell you the outcome here.",
                    ),
                    link: Some(&link),
                },
                now,
            )
            .await?;
            events::append(
                &mut tx,
                "complaint.opened",
                &complaint_id,
                Some(account_id),
                serde_json::json!({ "survey": id, "overall": d.overall, "low_items": d.low_items }),
                now,
            )
            .await?;
            complaint = Some(complaint_id);
        }
    }
    events::append(
        &mut tx,
        "survey.submitted",
        id,
        Some(account_id),
        serde_json::json!({ "questionnaire": questionnaire, "complaint": complaint }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Submitted::Stored { complaint })
}

/// A complaint ticket as the service team works it.
#[derive(Clone, Debug, FromRow)]
pub struct ComplaintRow {
    /// Random id.
    pub id: String,
    /// The survey that opened it.
    pub survey_id: String,
    /// The patient's name.
    pub patient_name: String,
    /// The account's mobile number.
    pub phone: String,
    /// Whether the patient asked to be contacted.
    pub wants_contact: bool,
    /// The visit, in Chinese.
    pub visit_zh: String,
    /// The visit, in English.
    pub visit_en: String,
    /// The overall rating.
    pub overall: i64,
    /// The low-rated linkIds, comma-separated.
    pub low_items: String,
    /// The patient's words.
    pub comment: Option<String>,
    /// `open`, `in_progress` or `resolved`.
    pub status: String,
    /// What was done.
    pub resolution: Option<String>,
    /// When it was opened (Unix ms).
    pub created_at: i64,
    /// When it last changed (Unix ms).
    pub updated_at: i64,
}

const COMPLAINT_SELECT: &str = "SELECT c.id, c.survey_id, p.name AS patient_name, a.phone,
         c.wants_contact, s.visit_zh, s.visit_en, c.overall, c.low_items, c.comment, c.status,
         c.resolution, c.created_at, c.updated_at
     FROM complaints c
     JOIN surveys s ON s.id = c.survey_id
     JOIN patients p ON p.id = s.patient_id
     JOIN accounts a ON a.id = c.account_id";

/// Complaints, oldest first, optionally only those with `status`; at most `limit`.
pub async fn complaints(
    db: &Db,
    status: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<ComplaintRow>> {
    sqlx::query_as(&format!(
        "{COMPLAINT_SELECT} WHERE (?1 IS NULL OR c.status = ?1)
         ORDER BY c.created_at, c.id LIMIT ?2"
    ))
    .bind(status)
    .bind(limit)
    .fetch_all(db.read())
    .await
}

/// What updating a complaint did.
#[derive(Debug)]
pub enum Updated {
    /// The ticket as it now stands.
    Done(Box<ComplaintRow>),
    /// No such ticket.
    NotFound,
    /// It is resolved already; a resolved ticket stays closed.
    Closed,
}

/// Moves a complaint to `status` (`in_progress` or `resolved`, with `resolution`), tells
/// the patient in their inbox, and appends `complaint.updated`.
pub async fn update_complaint(
    db: &Db,
    id: &str,
    status: &str,
    resolution: Option<&str>,
    now: Timestamp,
) -> sqlx::Result<Updated> {
    let mut tx = db.write().begin().await?;
    let current: Option<(String, String, String)> =
        sqlx::query_as("SELECT status, survey_id, account_id FROM complaints WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((was, survey_id, account_id)) = current else {
        return Ok(Updated::NotFound);
    };
    if was == "resolved" {
        return Ok(Updated::Closed);
    }
    let at = now.as_millisecond();
    sqlx::query(
        "UPDATE complaints SET status = ?, resolution = COALESCE(?, resolution), updated_at = ?
         WHERE id = ?",
    )
    .bind(status)
    .bind(resolution)
    .bind(at)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if was != status {
        let link = format!("/surveys/{survey_id}");
        let (title, body) = if status == "resolved" {
            (
                ("您反映的问题已处理", "Your feedback has been resolved"),
                (
                    "服务中心已处理您反映的问题，点此查看处理结果。",
                    "The patient service centre has dealt with your feedback: open to read what was done.",
                ),
            )
        } else {
            (
                ("服务中心已开始处理", "Someone is on it"),
                (
                    "服务中心的工作人员已开始跟进您反映的问题。",
                    "Someone at the patient service centre is now following up your feedback.",
                ),
            )
        };
        inbox::add(
            &mut tx,
            InboxMessage {
                account_id: &account_id,
                patient_id: None,
                kind: "complaint",
                title,
                body,
                link: Some(&link),
            },
            now,
        )
        .await?;
    }
    events::append(
        &mut tx,
        "complaint.updated",
        id,
        Some(&account_id),
        serde_json::json!({ "from": was, "to": status }),
        now,
    )
    .await?;
    let row: ComplaintRow = sqlx::query_as(&format!("{COMPLAINT_SELECT} WHERE c.id = ?"))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Updated::Done(Box::new(row)))
}

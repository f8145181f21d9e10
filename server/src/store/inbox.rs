//! The account's inbox: what the hospital tells an account (report notices, surveys,
//! complaint updates, reminders of tomorrow's visits, health education). Messages are written in the transaction of what
//! they announce; every read is scoped to the account, so another account's message is
//! not found.

use jiff::Timestamp;
use sqlx::{FromRow, Sqlite, Transaction};

use super::Db;

/// One message for an account's inbox.
#[derive(Clone, Debug)]
pub struct InboxMessage<'a> {
    /// The account.
    pub account_id: &'a str,
    /// The member it is about.
    pub patient_id: Option<&'a str>,
    /// `report`, `survey`, `reminder`…
    pub kind: &'a str,
    /// Title in Chinese and English.
    pub title: (&'a str, &'a str),
    /// Text in Chinese and English.
    pub body: (&'a str, &'a str),
    /// Where in the app it leads.
    pub link: Option<&'a str>,
}

/// Puts a message in an account's inbox, within `tx`.
pub async fn add(
    tx: &mut Transaction<'_, Sqlite>,
    message: InboxMessage<'_>,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO inbox (id, account_id, patient_id, kind, title_zh, title_en, body_zh,
             body_en, link, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(message.account_id)
    .bind(message.patient_id)
    .bind(message.kind)
    .bind(message.title.0)
    .bind(message.title.1)
    .bind(message.body.0)
    .bind(message.body.1)
    .bind(message.link)
    .bind(now.as_millisecond())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A stored message.
#[derive(Clone, Debug, FromRow)]
pub struct InboxRow {
    /// Random id.
    pub id: String,
    /// The member it is about.
    pub patient_id: Option<String>,
    /// `report`, `survey`, `complaint`, `reminder`.
    pub kind: String,
    /// Title in Chinese.
    pub title_zh: String,
    /// Title in English.
    pub title_en: String,
    /// Text in Chinese.
    pub body_zh: String,
    /// Text in English.
    pub body_en: String,
    /// Where in the app it leads.
    pub link: Option<String>,
    /// When (Unix ms).
    pub created_at: i64,
    /// When it was opened (Unix ms).
    pub read_at: Option<i64>,
}

/// The account's latest messages, newest first.
pub async fn list(db: &Db, account_id: &str, limit: i64) -> sqlx::Result<Vec<InboxRow>> {
    sqlx::query_as(
        "SELECT id, patient_id, kind, title_zh, title_en, body_zh, body_en, link, created_at,
             read_at
         FROM inbox WHERE account_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
    )
    .bind(account_id)
    .bind(limit)
    .fetch_all(db.read())
    .await
}

/// How many of the account's messages are not yet opened (counted up to 99: the badge
/// says "99+" beyond).
pub async fn unread(db: &Db, account_id: &str) -> sqlx::Result<u32> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT 1 FROM inbox WHERE account_id = ? AND read_at IS NULL
             LIMIT 100)",
    )
    .bind(account_id)
    .fetch_one(db.read())
    .await?;
    Ok(u32::try_from(n).unwrap_or(0))
}

/// Marks one of the account's messages read (the first time only); `false` when the
/// account has no such message.
pub async fn mark_read(db: &Db, account_id: &str, id: &str, now: Timestamp) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE inbox SET read_at = COALESCE(read_at, ?) WHERE id = ? AND account_id = ?",
    )
    .bind(now.as_millisecond())
    .bind(id)
    .bind(account_id)
    .execute(db.write())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether a message with this id exists in any account (to audit an attempt on another
/// account's message).
pub async fn exists(db: &Db, id: &str) -> sqlx::Result<bool> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM inbox WHERE id = ?")
        .bind(id)
        .fetch_optional(db.read())
        .await?;
    Ok(found.is_some())
}

//! Messages waiting to be delivered to patients (SMS codes now; reminders later).
//!
//! Writing a message is part of the request that causes it; delivering it is a background
//! job's business ([`crate::jobs::outbox`]), so a slow or failing SMS gateway never slows a
//! login. A job claims a message by pushing its next attempt into the future in one
//! conditional update, so two workers never send the same message at once.

use jiff::Timestamp;
use sqlx::FromRow;

use super::Db;

/// One message.
#[derive(Clone, Debug, FromRow)]
pub struct Message {
    /// Random id; also the idempotency key for the gateway.
    pub id: String,
    /// `sms`.
    pub channel: String,
    /// The phone number.
    pub recipient: String,
    /// The text.
    pub body: String,
    /// Tries so far, including the one being made.
    pub attempts: i64,
}

/// Queues a message for delivery now.
pub async fn enqueue<'e, E>(
    executor: E,
    id: &str,
    channel: &str,
    recipient: &str,
    body: &str,
    now: Timestamp,
) -> sqlx::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Sqlite>,
{
    let now = now.as_millisecond();
    sqlx::query(
        "INSERT INTO outbox (id, channel, recipient, body, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(channel)
    .bind(recipient)
    .bind(body)
    .bind(now)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// Claims the oldest due message for one attempt: its next attempt moves `lease_ms` ahead,
/// so if this worker dies the message is tried again after the lease.
pub async fn claim_due(db: &Db, now: Timestamp, lease_ms: i64) -> sqlx::Result<Option<Message>> {
    let now = now.as_millisecond();
    sqlx::query_as(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?1 + ?2
         WHERE id = (SELECT id FROM outbox
                     WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?1
                     ORDER BY next_attempt_at, created_at LIMIT 1)
           AND next_attempt_at <= ?1
         RETURNING id, channel, recipient, body, attempts",
    )
    .bind(now)
    .bind(lease_ms)
    .fetch_optional(db.write())
    .await
}

/// Marks a message delivered and blanks its text: a sent code has no business staying in
/// the database.
pub async fn mark_sent(db: &Db, id: &str, now: Timestamp) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbox SET sent_at = ?, body = '', last_error = NULL WHERE id = ?")
        .bind(now.as_millisecond())
        .bind(id)
        .execute(db.write())
        .await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or given up (and blanked) when `None`.
pub async fn mark_failed(
    db: &Db,
    id: &str,
    error: &str,
    retry_at: Option<Timestamp>,
    now: Timestamp,
) -> sqlx::Result<()> {
    match retry_at {
        Some(at) => {
            sqlx::query("UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?")
                .bind(at.as_millisecond())
                .bind(error)
                .bind(id)
        }
        None => {
            sqlx::query("UPDATE outbox SET failed_at = ?, body = '', last_error = ? WHERE id = ?")
                .bind(now.as_millisecond())
                .bind(error)
                .bind(id)
        }
    }
    .execute(db.write())
    .await?;
    Ok(())
}

/// The undelivered messages to a recipient, newest first (tests, and staff support).
pub async fn pending_for(db: &Db, recipient: &str) -> sqlx::Result<Vec<Message>> {
    sqlx::query_as(
        "SELECT id, channel, recipient, body, attempts FROM outbox
         WHERE recipient = ? AND sent_at IS NULL AND failed_at IS NULL
         ORDER BY created_at DESC, rowid DESC",
    )
    .bind(recipient)
    .fetch_all(db.read())
    .await
}

/// Delivery state of one message: (sent, failed, attempts, last error, body).
pub async fn status(
    db: &Db,
    id: &str,
) -> sqlx::Result<Option<(Option<i64>, Option<i64>, i64, Option<String>, String)>> {
    sqlx::query_as("SELECT sent_at, failed_at, attempts, last_error, body FROM outbox WHERE id = ?")
        .bind(id)
        .fetch_optional(db.read())
        .await
}

//! The event log: what happened to appointments (booked, moved, cancelled, missed), for
//! the parts of the system that react to it (notifications, queues, rules). An event is
//! always appended in the transaction of the change it describes, so the log never tells
//! of a change that did not commit, nor misses one that did.

use jiff::Timestamp;
use sqlx::{Sqlite, Transaction};

/// Appends an event to the log within `tx`.
pub async fn append(
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

//! Idempotency keys: a retried `POST` with the same `Idempotency-Key` gets what the first
//! one created, not a second booking. A key is stored in the same transaction as what its
//! request created and names it, so a retry finds the key and its result, or neither.

use jiff::Timestamp;
use sqlx::{Sqlite, Transaction};

use super::Db;

/// A request's idempotency key and the hash of what it asked.
#[derive(Clone, Copy, Debug)]
pub struct Key<'a> {
    /// The key the client chose.
    pub key: &'a str,
    /// The hash of the request's body (and target), so the same key sent with a
    /// different request is told apart from a retry.
    pub request_hash: &'a str,
}

/// What a key already stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// Never used: go ahead.
    New,
    /// Used by the same request before: its result, by id.
    Replay(String),
    /// Used before by a different request.
    Reused,
}

fn judge(stored: Option<(String, String)>, key: &Key<'_>) -> Seen {
    match stored {
        None => Seen::New,
        Some((hash, id)) if hash == key.request_hash => Seen::Replay(id),
        Some(_) => Seen::Reused,
    }
}

const LOOKUP: &str =
    "SELECT request_hash, resource_id FROM idempotency_keys WHERE account_id = ? AND key = ?";

/// Looks a key up outside any transaction, so a retry is answered without queueing for
/// the writer (the answer is checked again inside the transaction).
pub async fn lookup(db: &Db, account_id: &str, key: &Key<'_>) -> sqlx::Result<Seen> {
    let stored = sqlx::query_as(LOOKUP)
        .bind(account_id)
        .bind(key.key)
        .fetch_optional(db.read())
        .await?;
    Ok(judge(stored, key))
}

/// Looks a key up within `tx`.
pub async fn lookup_within(
    tx: &mut Transaction<'_, Sqlite>,
    account_id: &str,
    key: &Key<'_>,
) -> sqlx::Result<Seen> {
    let stored = sqlx::query_as(LOOKUP)
        .bind(account_id)
        .bind(key.key)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(judge(stored, key))
}

/// Records what a key created, within the transaction that created it.
pub async fn remember(
    tx: &mut Transaction<'_, Sqlite>,
    account_id: &str,
    key: &Key<'_>,
    resource_id: &str,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO idempotency_keys (account_id, key, request_hash, resource_id, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(account_id)
    .bind(key.key)
    .bind(key.request_hash)
    .bind(resource_id)
    .bind(now.as_millisecond())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

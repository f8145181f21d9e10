//! Idempotency keys: a retried `POST` with the same `Idempotency-Key` gets what the first
//! one created, not a second booking. A key is stored in the same transaction as what its
//! request created and names it, so a retry finds the key and its result, or neither.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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

/// The keyed requests in progress on this server, one at a time per key.
///
/// A phone that retries sends its request again while the first try may still be queued
/// for the writer. Answering the retry on its own could tell it "slot taken" (the window
/// looks full from the outside) while the first try is winning the place. A request
/// therefore [`enter`](InFlight::enter)s its key before looking it up and holds it until
/// its answer is committed, so a retry looks the key up only after its first try is
/// settled and gets that try's booking back.
#[derive(Debug, Default)]
pub struct InFlight {
    keys: Mutex<HashMap<KeyId, Arc<tokio::sync::Mutex<()>>>>,
}

/// An account and one of its keys.
type KeyId = (String, String);

/// A key held by one request; the next request with the key goes on when it is dropped.
#[derive(Debug)]
pub struct Flight<'a> {
    owner: &'a InFlight,
    id: KeyId,
    lock: Arc<tokio::sync::Mutex<()>>,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl InFlight {
    /// Waits until no other request of `account_id` holds `key`, then holds it.
    pub async fn enter(&self, account_id: &str, key: &Key<'_>) -> Flight<'_> {
        let id = (account_id.to_owned(), key.key.to_owned());
        let lock = self
            .keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(id.clone())
            .or_default()
            .clone();
        let guard = lock.clone().lock_owned().await;
        Flight {
            owner: self,
            id,
            lock,
            guard: Some(guard),
        }
    }
}

impl Drop for Flight<'_> {
    fn drop(&mut self) {
        self.guard.take();
        let mut keys = self.owner.keys.lock().unwrap_or_else(|e| e.into_inner());
        // The map's handle and this one: nobody else waits for the key, so it is forgotten.
        if Arc::strong_count(&self.lock) == 2 {
            keys.remove(&self.id);
        }
    }
}

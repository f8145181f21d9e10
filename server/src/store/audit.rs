//! The append-only, hash-chained audit log of security events and reads of personal data.
//!
//! Each entry's hash covers its own fields and the previous entry's hash, so editing or
//! deleting any entry breaks the chain at that point; [`verify`] walks the chain and names
//! the first entry that does not fit. Appends run in the single writer's `BEGIN IMMEDIATE`
//! transactions, so two requests never chain onto the same predecessor; an entry about a
//! booking commits in the booking's own transaction.
//!
//! The chain is sealed: an entry's hash is an HMAC-SHA256 under the [`ChainKey`] derived
//! from the server's secret, stored as `hmac:<hex>`. A plain hash could be recomputed by
//! anyone who can write to the database, after editing whatever they like.
//!
//! Databases written before the seal hold entries with a plain SHA-256 hash (bare hex).
//! They stay valid as the chain's *beginning* only: at start the server appends an
//! `audit.chain_sealed` entry onto such a chain ([`seal`]), keyed, and from there on every
//! entry must be keyed. The verifier accepts plain entries only before the first keyed
//! one, and a non-empty chain with no keyed entry at all is broken (it was rewritten, or no
//! sealing server has started on it yet). Rewriting a plain entry means recomputing every
//! hash after it, the first keyed one included, which takes the key.

use hmac::Mac;
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use sqlx::{FromRow, Sqlite, Transaction};

use super::Db;
pub use crate::secrets::ChainKey;

/// The hash the first entry chains onto.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One security event to record.
#[derive(Clone, Debug)]
pub struct Event<'a> {
    /// What happened: `code.sent`, `login.succeeded`, `authz.denied`, …
    pub event: &'a str,
    /// The account concerned, when known.
    pub account_id: Option<&'a str>,
    /// The client's address.
    pub client_addr: &'a str,
    /// The request id, to find the request in the server log.
    pub request_id: &'a str,
    /// More about it, as JSON (never a code, token or full ID number).
    pub detail: serde_json::Value,
}

#[derive(Debug, FromRow)]
struct Row {
    seq: i64,
    at: i64,
    event: String,
    account_id: Option<String>,
    client_addr: String,
    request_id: String,
    detail: String,
    prev_hash: String,
    hash: String,
}

/// What marks a keyed hash in the `hash` column; plain (pre-seal) hashes are bare hex.
const KEYED: &str = "hmac:";

/// The fields an entry's hash covers, the previous entry's hash first.
type Fields<'a> = [&'a str; 8];

/// The sealed hash of one entry: HMAC-SHA256 under `key` over its fields, each followed
/// by a unit separator so no two different entries hash alike.
fn entry_hash(key: &ChainKey, parts: Fields<'_>) -> String {
    let mut mac = key.mac();
    for part in parts {
        mac.update(part.as_bytes());
        mac.update(&[0x1f]);
    }
    format!("{KEYED}{}", hex(&mac.finalize().into_bytes()))
}

/// The hash entries had before the chain was sealed: SHA-256 over the same fields. Only
/// the verifier computes it, for the entries of an older database.
fn plain_hash(parts: Fields<'_>) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One event to record, owned, to travel to the batch writer.
#[derive(Clone, Debug)]
struct OwnedEvent {
    event: String,
    account_id: Option<String>,
    client_addr: String,
    request_id: String,
    detail: serde_json::Value,
}

impl OwnedEvent {
    fn view(&self) -> Event<'_> {
        Event {
            event: &self.event,
            account_id: self.account_id.as_deref(),
            client_addr: &self.client_addr,
            request_id: &self.request_id,
            detail: self.detail.clone(),
        }
    }
}

/// Appends one event to the chain, committed with whatever else is waiting for the
/// writer at that moment (see [`super::batch`]): under load, a hundred entries cost one
/// commit instead of a hundred. Returns once the entry is on disk.
pub async fn append(db: &Db, e: Event<'_>, now: Timestamp) -> sqlx::Result<()> {
    let owned = OwnedEvent {
        event: e.event.to_owned(),
        account_id: e.account_id.map(str::to_owned),
        client_addr: e.client_addr.to_owned(),
        request_id: e.request_id.to_owned(),
        detail: e.detail,
    };
    let key = db.audit_key().clone();
    let (reply, answer) = tokio::sync::oneshot::channel();
    let job: super::batch::Job = Box::new(move |tx| {
        Box::pin(async move {
            // One INSERT after a read: if it fails, it leaves nothing behind, and the
            // failure is this entry's alone.
            let result = append_within(tx, &key, owned.view(), now).await;
            let finish: super::batch::Finish = Box::new(move |committed| {
                let _ = reply.send(match result {
                    Ok(()) if !committed => Err(sqlx::Error::WorkerCrashed),
                    other => other,
                });
            });
            (Ok(()), finish)
        })
    });
    if !db.batcher().submit(job) {
        return Err(sqlx::Error::PoolClosed);
    }
    answer.await.unwrap_or(Err(sqlx::Error::WorkerCrashed))
}

/// Appends one event to the chain inside a write transaction, so that it commits (or not)
/// with the change it records. The transaction must hold the write lock (`BEGIN
/// IMMEDIATE`, as every write here does), so no other append can chain onto the same
/// predecessor.
pub async fn append_within(
    tx: &mut Transaction<'_, Sqlite>,
    key: &ChainKey,
    e: Event<'_>,
    now: Timestamp,
) -> sqlx::Result<()> {
    // The chain's head and the highest sequence number ever used, in one read: the
    // sequence never reuses a number, even after the newest rows were deleted.
    let (used, last_seq, last_hash): (Option<i64>, Option<i64>, Option<String>) = sqlx::query_as(
        "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'),
                (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1),
                (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)",
    )
    .fetch_one(&mut **tx)
    .await?;
    let seq = used.unwrap_or(0).max(last_seq.unwrap_or(0)) + 1;
    let prev_hash = last_hash.unwrap_or_else(|| GENESIS.to_owned());
    let at = now.as_millisecond();
    let detail = e.detail.to_string();
    let hash = entry_hash(
        key,
        [
            &prev_hash,
            &seq.to_string(),
            &at.to_string(),
            e.event,
            e.account_id.unwrap_or(""),
            e.client_addr,
            e.request_id,
            &detail,
        ],
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, event, account_id, client_addr, request_id, detail,
                                prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(at)
    .bind(e.event)
    .bind(e.account_id)
    .bind(e.client_addr)
    .bind(e.request_id)
    .bind(&detail)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Where the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    /// The first entry that does not fit (for deleted newest entries: the first missing
    /// sequence number).
    pub seq: i64,
    /// What is wrong with it.
    pub reason: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "audit log entry {}: {}", self.seq, self.reason)
    }
}

/// Checks the whole chain with the server's chain key; `Ok(n)` with the number of
/// entries when it is intact. Plain (pre-seal) entries pass only before the first keyed
/// one, and only when a keyed one follows (see the module's documentation).
pub async fn verify(db: &Db) -> anyhow::Result<Result<u64, Broken>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT seq, at, event, account_id, client_addr, request_id, detail, prev_hash, hash
         FROM audit_log ORDER BY seq",
    )
    .fetch_all(db.read())
    .await?;
    let key = db.audit_key();
    let mut prev_hash = GENESIS.to_owned();
    let mut prev_seq = 0;
    let mut sealed = false;
    for row in &rows {
        if row.seq != prev_seq + 1 {
            return Ok(Err(Broken {
                seq: prev_seq + 1,
                reason: format!(
                    "missing: the chain jumps from entry {prev_seq} to {}",
                    row.seq
                ),
            }));
        }
        if row.prev_hash != prev_hash {
            return Ok(Err(Broken {
                seq: row.seq,
                reason: "does not chain onto the entry before it".to_owned(),
            }));
        }
        let (seq, at) = (row.seq.to_string(), row.at.to_string());
        let fields = [
            row.prev_hash.as_str(),
            &seq,
            &at,
            &row.event,
            row.account_id.as_deref().unwrap_or(""),
            &row.client_addr,
            &row.request_id,
            &row.detail,
        ];
        let fits = if row.hash.starts_with(KEYED) {
            sealed = true;
            row.hash == entry_hash(key, fields)
        } else if sealed {
            return Ok(Err(Broken {
                seq: row.seq,
                reason: "it carries an unkeyed hash after the chain was sealed".to_owned(),
            }));
        } else {
            row.hash == plain_hash(fields)
        };
        if !fits {
            return Ok(Err(Broken {
                seq: row.seq,
                reason: "its contents were changed after it was written".to_owned(),
            }));
        }
        prev_hash = row.hash.clone();
        prev_seq = row.seq;
    }
    if !rows.is_empty() && !sealed {
        return Ok(Err(Broken {
            seq: rows[0].seq,
            reason: "no entry is sealed with the server's key: the log was rewritten, or no \
                     server of this version has started on this database yet"
                .to_owned(),
        }));
    }
    let used: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
            .fetch_optional(db.read())
            .await?;
    if let Some(used) = used.filter(|u| *u > prev_seq) {
        return Ok(Err(Broken {
            seq: prev_seq + 1,
            reason: format!("missing: entries {} to {used} were deleted", prev_seq + 1),
        }));
    }
    Ok(Ok(rows.len() as u64))
}

/// Seals a chain written before entries were keyed: when the newest entry has a plain
/// hash, appends an `audit.chain_sealed` entry (keyed, like every entry after it) that
/// names the last unkeyed one. Runs at every start; it writes only the first time.
pub async fn seal(db: &Db, now: Timestamp) -> sqlx::Result<bool> {
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(db.read())
            .await?;
    let Some((last_plain, _)) = head.filter(|(_, hash)| !hash.starts_with(KEYED)) else {
        return Ok(false);
    };
    let event = Event {
        event: "audit.chain_sealed",
        account_id: None,
        client_addr: "server",
        request_id: "startup",
        detail: serde_json::json!({ "unkeyed_through": last_plain }),
    };
    append(db, event, now).await?;
    Ok(true)
}

/// The newest entries, newest first (for tests and the staff console).
pub async fn recent_events(db: &Db, limit: i64) -> sqlx::Result<Vec<(String, Option<String>)>> {
    sqlx::query_as("SELECT event, account_id FROM audit_log ORDER BY seq DESC LIMIT ?")
        .bind(limit)
        .fetch_all(db.read())
        .await
}

//! Accounts, one-time login codes and sessions.
//!
//! Every check that decides who may log in is a conditional statement, not a read followed
//! by a write: a code is consumed only if it is still unused, unexpired and not locked; a
//! session is touched only if it is neither idle nor past its absolute end.

use jiff::Timestamp;
use sqlx::{FromRow, Sqlite, Transaction};

use super::Db;

/// An account row.
#[derive(Clone, Debug, FromRow)]
pub struct AccountRow {
    /// Random id.
    pub id: String,
    /// The login phone (11 digits).
    pub phone: String,
    /// Creation time, Unix ms.
    pub created_at: i64,
}

/// How many codes went recently to a subject or its phone, and came from an address.
#[derive(Clone, Copy, Debug, FromRow)]
pub struct CodeQuota {
    /// Codes for this subject or to this phone in the last minute.
    pub minute: i64,
    /// Codes for this subject or to this phone in the last hour.
    pub hour: i64,
    /// Codes from this client (address or IPv6 /64) in the last hour.
    pub addr_hour: i64,
    /// When the latest code for this subject or phone was sent, Unix ms.
    pub last: Option<i64>,
    /// When the oldest code of the last hour for this subject or phone was sent, Unix ms.
    pub first_of_hour: Option<i64>,
    /// When the client's oldest code of the last hour was sent, Unix ms.
    pub addr_first_of_hour: Option<i64>,
}

/// A code to store.
#[derive(Clone, Debug)]
pub struct NewCode<'a> {
    /// Random id, also the HMAC salt.
    pub id: &'a str,
    /// `phone:<digits>` or `card:<number>`.
    pub subject: &'a str,
    /// Where the code goes; `None` for an unknown card (nothing is sent).
    pub phone: Option<&'a str>,
    /// The account a card login enters; `None` for phone logins (found or created later).
    pub account_id: Option<&'a str>,
    /// The requesting client's address.
    pub client_addr: &'a str,
    /// HMAC of the code.
    pub code_hash: &'a [u8],
    /// Creation time.
    pub now: Timestamp,
    /// Expiry time.
    pub expires_at: Timestamp,
}

/// The latest code of a subject.
#[derive(Clone, Debug, FromRow)]
pub struct CodeRow {
    /// Id and HMAC salt.
    pub id: String,
    /// Where it was sent.
    pub phone: Option<String>,
    /// For card logins, the account to enter.
    pub account_id: Option<String>,
    /// HMAC of the code.
    pub code_hash: Vec<u8>,
    /// Expiry, Unix ms.
    pub expires_at: i64,
    /// Wrong tries so far.
    pub attempts: i64,
    /// When it was used or replaced.
    pub consumed_at: Option<i64>,
}

/// Opens a write transaction at once (`BEGIN IMMEDIATE`), so a check and the write that
/// depends on it cannot interleave with another request's.
pub async fn begin_write(db: &Db) -> sqlx::Result<Transaction<'static, Sqlite>> {
    db.write().begin_with("BEGIN IMMEDIATE").await
}

/// Counts the recent codes of a subject or of the phone it sends to (`phone`, when one is
/// known), and of a client (`client_key`, see [`crate::http::auth::quota_key`]).
pub async fn code_quota(
    tx: &mut Transaction<'_, Sqlite>,
    subject: &str,
    phone: Option<&str>,
    client_key: &str,
    now: Timestamp,
) -> sqlx::Result<CodeQuota> {
    let now = now.as_millisecond();
    sqlx::query_as(
        "WITH recent AS (
            SELECT created_at FROM login_codes WHERE subject = ?1 AND created_at > ?3 - 3600000
            UNION ALL
            SELECT created_at FROM login_codes
                WHERE phone = ?4 AND subject <> ?1 AND created_at > ?3 - 3600000
         )
         SELECT
            (SELECT COUNT(*) FROM recent WHERE created_at > ?3 - 60000) AS minute,
            (SELECT COUNT(*) FROM recent) AS hour,
            (SELECT COUNT(*) FROM login_codes WHERE client_addr = ?2 AND created_at > ?3 - 3600000)
                AS addr_hour,
            (SELECT MAX(created_at) FROM recent) AS last,
            (SELECT MIN(created_at) FROM recent) AS first_of_hour,
            (SELECT MIN(created_at) FROM login_codes WHERE client_addr = ?2 AND created_at > ?3 - 3600000)
                AS addr_first_of_hour",
    )
    .bind(subject)
    .bind(client_key)
    .bind(now)
    .bind(phone)
    .fetch_one(&mut **tx)
    .await
}

/// Stores a new code and retires the subject's earlier ones: only the latest code works.
pub async fn insert_code(tx: &mut Transaction<'_, Sqlite>, code: NewCode<'_>) -> sqlx::Result<()> {
    let now = code.now.as_millisecond();
    sqlx::query("UPDATE login_codes SET consumed_at = ? WHERE subject = ? AND consumed_at IS NULL")
        .bind(now)
        .bind(code.subject)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO login_codes (id, subject, phone, account_id, client_addr, code_hash,
                                  created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(code.id)
    .bind(code.subject)
    .bind(code.phone)
    .bind(code.account_id)
    .bind(code.client_addr)
    .bind(code.code_hash)
    .bind(now)
    .bind(code.expires_at.as_millisecond())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The subject's most recent code, used or not.
pub async fn latest_code(db: &Db, subject: &str) -> sqlx::Result<Option<CodeRow>> {
    sqlx::query_as(
        "SELECT id, phone, account_id, code_hash, expires_at, attempts, consumed_at
         FROM login_codes WHERE subject = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
    )
    .bind(subject)
    .fetch_optional(db.read())
    .await
}

/// Counts a wrong try, if the code can still be tried; returns the tries used so far, or
/// `None` when the code was already locked, used or expired.
pub async fn record_wrong_try(
    db: &Db,
    code_id: &str,
    max_tries: u32,
    now: Timestamp,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE login_codes SET attempts = attempts + 1
         WHERE id = ? AND consumed_at IS NULL AND attempts < ? AND expires_at > ?
         RETURNING attempts",
    )
    .bind(code_id)
    .bind(i64::from(max_tries))
    .bind(now.as_millisecond())
    .fetch_optional(db.write())
    .await
}

/// Uses a code once: true only for the one request that consumed it while it was valid.
pub async fn consume_code(
    db: &Db,
    code_id: &str,
    max_tries: u32,
    now: Timestamp,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE login_codes SET consumed_at = ?
         WHERE id = ? AND consumed_at IS NULL AND attempts < ? AND expires_at > ?",
    )
    .bind(now.as_millisecond())
    .bind(code_id)
    .bind(i64::from(max_tries))
    .bind(now.as_millisecond())
    .execute(db.write())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account of a phone, created on its first login.
pub async fn find_or_create_account(
    db: &Db,
    new_id: &str,
    phone: &str,
    now: Timestamp,
) -> sqlx::Result<(AccountRow, bool)> {
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, phone, created_at) VALUES (?, ?, ?)
         ON CONFLICT (phone) DO NOTHING",
    )
    .bind(new_id)
    .bind(phone)
    .bind(now.as_millisecond())
    .execute(db.write())
    .await?
    .rows_affected()
        == 1;
    let account = sqlx::query_as("SELECT id, phone, created_at FROM accounts WHERE phone = ?")
        .bind(phone)
        .fetch_one(db.read())
        .await?;
    Ok((account, inserted))
}

/// How many accounts exist.
pub async fn count(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(db.read())
        .await
}

/// An account by id.
pub async fn account(db: &Db, id: &str) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as("SELECT id, phone, created_at FROM accounts WHERE id = ?")
        .bind(id)
        .fetch_optional(db.read())
        .await
}

/// A session to store.
#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    /// SHA-256 of the token.
    pub token_hash: &'a [u8],
    /// Random id, for the audit log (never the token).
    pub id: &'a str,
    /// Who logged in.
    pub account_id: &'a str,
    /// A kiosk session.
    pub kiosk: bool,
    /// The client's address.
    pub client_addr: &'a str,
    /// Login time.
    pub now: Timestamp,
    /// Idle limit in ms.
    pub idle_timeout_ms: i64,
    /// Absolute end.
    pub expires_at: Timestamp,
}

/// A live session.
#[derive(Clone, Debug, FromRow)]
pub struct SessionRow {
    /// Random id.
    pub id: String,
    /// Who is logged in.
    pub account_id: String,
    /// A kiosk session.
    pub kiosk: bool,
    /// Idle limit in ms.
    pub idle_timeout_ms: i64,
    /// Absolute end, Unix ms.
    pub expires_at: i64,
}

/// Stores a new session.
pub async fn create_session(db: &Db, s: NewSession<'_>) -> sqlx::Result<()> {
    let now = s.now.as_millisecond();
    sqlx::query(
        "INSERT INTO sessions (token_hash, id, account_id, kiosk, client_addr, created_at,
                               last_seen_at, idle_timeout_ms, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(s.token_hash)
    .bind(s.id)
    .bind(s.account_id)
    .bind(s.kiosk)
    .bind(s.client_addr)
    .bind(now)
    .bind(now)
    .bind(s.idle_timeout_ms)
    .bind(s.expires_at.as_millisecond())
    .execute(db.write())
    .await?;
    sqlx::query("UPDATE accounts SET last_login_at = ? WHERE id = ?")
        .bind(now)
        .bind(s.account_id)
        .execute(db.write())
        .await?;
    Ok(())
}

/// How stale the recorded activity of a session may get before a request writes it
/// again, as a fraction of its idle timeout: a twentieth (4.5 s of a kiosk's 90 s, 90 s
/// of a phone's 30 minutes). Most requests then cost no write at all.
pub const ACTIVITY_RESOLUTION: i64 = 20;

/// Live sessions seen in the last moments, so that most requests are let in without a
/// database read: in a release rush a thousand patients press "book" at once, and reading
/// each session is what costs them most.
///
/// The database stays the authority. An entry is trusted for [`SESSION_CACHE_TTL`] at
/// most, its expiry and idle limit are checked against the clock on every use, and a
/// logout on this server removes it at once. A session ended from elsewhere (another
/// server on a shared database) is seen within the TTL.
#[derive(Debug, Default)]
pub struct SessionCache {
    entries: std::sync::Mutex<Entries>,
}

/// The cached sessions, and the sessions ended here lately: a read that began before a
/// logout must not put the session back once the logout is done.
#[derive(Debug, Default)]
struct Entries {
    live: std::collections::HashMap<Vec<u8>, CachedSession>,
    ended: std::collections::HashMap<Vec<u8>, std::time::Instant>,
}

#[derive(Clone, Debug)]
struct CachedSession {
    row: SessionRow,
    last_seen_at: i64,
    read_at: std::time::Instant,
}

/// How long a cached session is trusted without reading it again.
pub const SESSION_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

/// How long a session ended here is kept out of the cache.
const ENDED_MEMORY: std::time::Duration = std::time::Duration::from_secs(60);

/// Most sessions kept; past this, stale entries are dropped (and all, if none are).
const SESSION_CACHE_MAX: usize = 50_000;

impl SessionCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The session, if it was read recently, is still live at `now`, and this request
    /// need not be written as activity.
    fn get(&self, token_hash: &[u8], now: i64) -> Option<SessionRow> {
        let entries = self.lock();
        let c = entries.live.get(token_hash)?;
        let live = c.read_at.elapsed() < SESSION_CACHE_TTL
            && c.row.expires_at > now
            && c.last_seen_at + c.row.idle_timeout_ms > now
            && now - c.last_seen_at < c.row.idle_timeout_ms / ACTIVITY_RESOLUTION;
        live.then(|| c.row.clone())
    }

    fn put(&self, token_hash: &[u8], row: &SessionRow, last_seen_at: i64) {
        let mut entries = self.lock();
        if entries.ended.contains_key(token_hash) {
            return;
        }
        if entries.live.len() >= SESSION_CACHE_MAX {
            entries
                .live
                .retain(|_, c| c.read_at.elapsed() < SESSION_CACHE_TTL);
            if entries.live.len() >= SESSION_CACHE_MAX {
                entries.live.clear();
            }
        }
        entries.live.insert(
            token_hash.to_vec(),
            CachedSession {
                row: row.clone(),
                last_seen_at,
                read_at: std::time::Instant::now(),
            },
        );
    }

    /// Drops a session that the database no longer has as live.
    fn forget(&self, token_hash: &[u8]) {
        self.lock().live.remove(token_hash);
    }

    /// Drops a session being ended here, and keeps it out for a while: long enough for
    /// any read that began before the end to have finished.
    fn end(&self, token_hash: &[u8]) {
        let mut entries = self.lock();
        entries.live.remove(token_hash);
        if entries.ended.len() >= SESSION_CACHE_MAX {
            entries.ended.retain(|_, at| at.elapsed() < ENDED_MEMORY);
        }
        entries
            .ended
            .insert(token_hash.to_vec(), std::time::Instant::now());
    }
}

/// Finds a live session by token hash and records this request as activity; `None` when
/// there is no such session or it ended (logout, idle, absolute timeout). Activity is
/// written at most every twentieth of the idle timeout ([`ACTIVITY_RESOLUTION`]), and a
/// session read in the last moments is not read again ([`SessionCache`]).
pub async fn touch_session(
    db: &Db,
    token_hash: &[u8],
    now: Timestamp,
) -> sqlx::Result<Option<SessionRow>> {
    let now = now.as_millisecond();
    if let Some(row) = db.sessions().get(token_hash, now) {
        return Ok(Some(row));
    }
    let live: Option<(SessionRow, i64)> =
        sqlx::query_as::<_, (String, String, bool, i64, i64, i64)>(
            "SELECT id, account_id, kiosk, idle_timeout_ms, expires_at, last_seen_at FROM sessions
         WHERE token_hash = ?2 AND ended_at IS NULL AND expires_at > ?1
           AND last_seen_at + idle_timeout_ms > ?1",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(db.read())
        .await?
        .map(
            |(id, account_id, kiosk, idle_timeout_ms, expires_at, last_seen_at)| {
                (
                    SessionRow {
                        id,
                        account_id,
                        kiosk,
                        idle_timeout_ms,
                        expires_at,
                    },
                    last_seen_at,
                )
            },
        );
    let Some((session, last_seen_at)) = live else {
        db.sessions().forget(token_hash);
        return Ok(None);
    };
    if now - last_seen_at < session.idle_timeout_ms / ACTIVITY_RESOLUTION {
        db.sessions().put(token_hash, &session, last_seen_at);
        return Ok(Some(session));
    }
    // Written conditionally: a logout or expiry in between still wins.
    let touched: Option<SessionRow> = sqlx::query_as(
        "UPDATE sessions SET last_seen_at = ?1
         WHERE token_hash = ?2 AND ended_at IS NULL AND expires_at > ?1
           AND last_seen_at + idle_timeout_ms > ?1
         RETURNING id, account_id, kiosk, idle_timeout_ms, expires_at",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(db.write())
    .await?;
    match &touched {
        Some(row) => db.sessions().put(token_hash, row, now),
        None => db.sessions().forget(token_hash),
    }
    Ok(touched)
}

/// Ends a session (logout); returns it if it was live.
pub async fn end_session(
    db: &Db,
    token_hash: &[u8],
    now: Timestamp,
) -> sqlx::Result<Option<SessionRow>> {
    db.sessions().end(token_hash);
    sqlx::query_as(
        "UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL
         RETURNING id, account_id, kiosk, idle_timeout_ms, expires_at",
    )
    .bind(now.as_millisecond())
    .bind(token_hash)
    .fetch_optional(db.write())
    .await
}

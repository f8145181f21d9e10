//! Every SQL statement of the server lives under this module.
//!
//! Handlers call the functions here and never write SQL, so a second database backend
//! arrives behind the same functions rather than as a rewrite. The embedded default is
//! SQLite in WAL mode with `synchronous=FULL`: a committed booking survives a power cut.

pub mod accounts;
pub mod appointments;
pub mod audit;
pub mod batch;
pub mod catalogue;
pub mod claims;
pub mod clinics;
pub mod education;
pub mod events;
pub mod hospital;
pub mod idempotency;
pub mod inbox;
pub mod medication;
pub mod outbox;
pub mod patients;
pub mod queue;
pub mod reports;
pub mod surveys;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// The database handle shared by all requests: one connection that writes, a few that
/// read.
///
/// SQLite lets one writer in at a time. With a single writing connection, requests that
/// write queue for it in order (fairly, without the back-off sleeps of SQLite's busy
/// handler that make long tails), while reads go on in parallel from their own
/// connections, which WAL mode never blocks.
#[derive(Clone, Debug)]
pub struct Db {
    read: SqlitePool,
    write: SqlitePool,
    /// Group commit for bookings and audit entries, on the same writing connection.
    batcher: batch::Batcher,
    /// Windows recently found full, answered without queueing for the writer.
    full_slots: std::sync::Arc<claims::FullSlots>,
    /// Sessions read in the last moments, so most requests skip the read.
    sessions: std::sync::Arc<accounts::SessionCache>,
    /// Idempotency keys of bookings in progress, so a retry waits for its first try.
    in_flight: std::sync::Arc<idempotency::InFlight>,
    /// The key that seals the audit log's chain.
    audit_key: std::sync::Arc<audit::ChainKey>,
}

impl Db {
    /// The pool for statements that only read.
    pub fn read(&self) -> &SqlitePool {
        &self.read
    }

    /// The pool (of one connection) for statements and transactions that write.
    pub fn write(&self) -> &SqlitePool {
        &self.write
    }

    /// The group-commit writer for bookings.
    pub fn batcher(&self) -> &batch::Batcher {
        &self.batcher
    }

    /// Windows recently found full.
    pub fn full_slots(&self) -> &std::sync::Arc<claims::FullSlots> {
        &self.full_slots
    }

    /// Sessions read in the last moments.
    pub fn sessions(&self) -> &accounts::SessionCache {
        &self.sessions
    }

    /// Idempotency keys of bookings in progress.
    pub fn in_flight(&self) -> &idempotency::InFlight {
        &self.in_flight
    }

    /// The key that seals the audit log's chain, for appending and verifying.
    pub fn audit_key(&self) -> &std::sync::Arc<audit::ChainKey> {
        &self.audit_key
    }

    /// Closes every connection (shutdown, and tests of an unavailable database).
    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
    }
}

/// Opens (creating if needed) the database at `url` and applies the migrations.
/// `full_slot_cache` turns on [`claims::FullSlots`], the short-lived memory of full
/// windows that spares a release rush's losers the queue for the writer. `audit_key`
/// seals the audit log's entries ([`audit`]).
pub async fn connect(
    url: &str,
    full_slot_cache: bool,
    audit_key: audit::ChainKey,
) -> anyhow::Result<Db> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("DATABASE_URL {url:?} is not a valid SQLite URL"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    // No ping before handing out a connection: each is a round trip to the connection's
    // worker thread, and a local file does not drop connections the way a network does.
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options.clone())
        .await
        .with_context(|| format!("cannot open the database at {url}"))?;
    sqlx::migrate!("./migrations")
        .run(&write)
        .await
        .context("cannot apply the database migrations")?;
    let read = SqlitePoolOptions::new()
        .max_connections(4)
        .test_before_acquire(false)
        .connect_with(options.read_only(true))
        .await
        .with_context(|| format!("cannot open the database at {url} for reading"))?;
    let batcher =
        batch::Batcher::start(write.clone()).context("cannot start the database writer thread")?;
    Ok(Db {
        read,
        write,
        batcher,
        full_slots: std::sync::Arc::new(claims::FullSlots::new(full_slot_cache)),
        sessions: Default::default(),
        in_flight: Default::default(),
        audit_key: std::sync::Arc::new(audit_key),
    })
}

/// Answers whether the database responds, for the health check.
pub async fn ping(db: &Db) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(db.read()).await.map(|_| ())
}

/// The error for a value read from the database that this server could not have written
/// (an unknown status, a timestamp out of range, instructions that are not JSON): the row
/// is corrupt. It is an error, never a default, so the request is logged and answered 500
/// instead of showing a patient something the record does not say.
pub(crate) fn corrupt(what: &str, value: impl std::fmt::Debug) -> sqlx::Error {
    sqlx::Error::Decode(format!("corrupt {what} in the database: {value:?}").into())
}

/// An instant stored as Unix milliseconds, checked.
pub(crate) fn instant(ms: i64, what: &str) -> sqlx::Result<jiff::Timestamp> {
    jiff::Timestamp::from_millisecond(ms).map_err(|_| corrupt(what, ms))
}

/// A count or amount stored as an integer that must fit a `u32`.
pub(crate) fn count(n: i64, what: &str) -> sqlx::Result<u32> {
    u32::try_from(n).map_err(|_| corrupt(what, n))
}

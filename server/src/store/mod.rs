//! Every SQL statement of the server lives under this module.
//!
//! Handlers call the functions here and never write SQL, so a second database backend
//! arrives behind the same functions rather than as a rewrite. The embedded default is
//! SQLite in WAL mode with `synchronous=FULL`: a committed booking survives a power cut.

pub mod accounts;
pub mod audit;
pub mod hospital;
pub mod outbox;
pub mod patients;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

/// The database handle shared by all requests.
pub type Db = SqlitePool;

/// Opens (creating if needed) the database at `url` and applies the migrations.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("DATABASE_URL {url:?} is not a valid SQLite URL"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let db = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database at {url}"))?;
    sqlx::migrate!("./migrations")
        .run(&db)
        .await
        .context("cannot apply the database migrations")?;
    Ok(db)
}

/// Answers whether the database responds, for the health check.
pub async fn ping(db: &Db) -> sqlx::Result<()> {
    sqlx::query("SELECT 1").execute(db).await.map(|_| ())
}

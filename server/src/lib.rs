//! careway-server: the REST backend of Careway and the host of its built app.
//!
//! [`app`] builds the whole HTTP service from an [`AppState`], so tests drive exactly what
//! production runs, in-process or on a real port. Requests flow one way: `http::` handler →
//! `store::` query → database; background work (message delivery) lives in `jobs::`.

pub mod bench;
pub mod clock;
pub mod config;
pub mod content;
pub mod demo;
pub mod fanout;
pub mod fhir;
pub mod http;
pub mod jobs;
pub mod live;
pub mod secrets;
pub mod store;

use std::sync::Arc;

use anyhow::Context;
use careway_core::identity::CivilDate;
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::Config;
use crate::content::Content;
pub use crate::http::app;
use crate::jobs::outbox::Sender;
use crate::secrets::SecretKey;
use crate::store::Db;

/// What every request handler shares: settings, the database, the clock, the hospital's
/// content, the server's key and the message sender. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    /// Deployment settings.
    pub config: Arc<Config>,
    /// The database pool.
    pub db: Db,
    /// The one source of "now".
    pub clock: Arc<dyn Clock>,
    /// The hospital's content as loaded from its files (or the demo).
    pub content: Arc<Content>,
    /// The server's key: one-time codes are hashed with it, and the audit chain's key is
    /// derived from it.
    pub secret: SecretKey,
    /// How messages to patients are delivered.
    pub sender: Arc<Sender>,
    /// Wakes the outbox job when a message is queued.
    pub outbox_ready: Arc<Notify>,
    /// The hospital's time zone.
    pub time_zone: jiff::tz::TimeZone,
    /// In-memory limits per client address, checked before anything is written.
    pub throttles: Arc<http::throttle::Throttles>,
    /// The day's queues in memory, and their live channels.
    pub queue: Arc<live::Hub>,
}

impl AppState {
    /// Loads the hospital's content, opens and migrates the database and writes the content
    /// into it (and, for the demo hospital, its demo account): everything the server needs
    /// before it can answer.
    pub async fn open(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
        config.check()?;
        let content = match &config.hospital_dir {
            Some(dir) => content::load_dir(dir)?,
            None => content::demo(),
        };
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "cannot create the data folder {}",
                config.data_dir.display()
            )
        })?;
        let secret = SecretKey::load(config.secret.as_deref(), &config.data_dir)?;
        let sender = Sender::from_config(&config)?;
        let time_zone = jiff::tz::TimeZone::get(&config.time_zone)
            .with_context(|| format!("unknown time zone {}", config.time_zone))?;
        let db = store::connect(
            &config.database_url,
            config.full_slot_cache,
            secret.audit_chain_key(),
        )
        .await?;
        store::audit::seal(&db, clock.now())
            .await
            .context("cannot seal the audit log's chain")?;
        store::hospital::sync(&db, &content)
            .await
            .context("cannot write the hospital into the database")?;
        store::catalogue::sync(&db, &content)
            .await
            .context("cannot write the departments and doctors into the database")?;
        store::education::sync(&db, &content.education)
            .await
            .context("cannot write the education articles into the database")?;
        store::queue::sync_points(&db, &content.queue)
            .await
            .context("cannot write the service points into the database")?;
        let queue = Arc::new(live::Hub::new(content.queue.rules.clone()));
        let state = AppState {
            config: Arc::new(config),
            db,
            clock,
            content: Arc::new(content),
            secret,
            sender: Arc::new(sender),
            outbox_ready: Arc::new(Notify::new()),
            time_zone,
            throttles: Arc::default(),
            queue,
        };
        jobs::schedule::ensure_horizon(&state)
            .await
            .context("cannot create the clinic sessions")?;
        if state.is_demo() && state.config.hospital_dir.is_none() {
            demo::seed(&state)
                .await
                .context("cannot seed the demo account")?;
            demo::fill_clinics(&state)
                .await
                .context("cannot seed the demo bookings")?;
            demo::reports::seed(&state)
                .await
                .context("cannot seed the demo reports")?;
        }
        state
            .load_queues()
            .await
            .context("cannot load the day's queues")?;
        Ok(state)
    }

    /// True in demo mode (see [`Config::demo`]).
    pub fn is_demo(&self) -> bool {
        self.config.demo
    }

    /// Now, by the state's clock.
    pub fn clock_now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Loads the day's queues into memory (at start, and when the hospital's day turns).
    pub async fn load_queues(&self) -> sqlx::Result<()> {
        let mut names: std::collections::HashMap<String, careway_core::api::LocalText> = self
            .content
            .departments
            .iter()
            .map(|d| (d.id.clone(), d.name.clone()))
            .collect();
        for p in &self.content.queue.points {
            names
                .entry(p.area.clone())
                .or_insert_with(|| p.name.clone());
        }
        self.queue
            .load(&self.db, &self.today().to_string(), names)
            .await
    }

    /// Today's date in the hospital's time zone.
    pub fn today(&self) -> CivilDate {
        let date = self.clock.now().to_zoned(self.time_zone.clone()).date();
        CivilDate::new(i32::from(date.year()), date.month() as u8, date.day() as u8)
            .expect("jiff dates are valid")
    }
}

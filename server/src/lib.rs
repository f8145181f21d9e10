//! careway-server: the REST backend of Careway and the host of its built app.
//!
//! [`app`] builds the whole HTTP service from an [`AppState`], so tests drive exactly what
//! production runs, in-process or on a real port. Requests flow one way: `http::` handler →
//! `store::` query → database.

pub mod clock;
pub mod config;
pub mod content;
pub mod http;
pub mod store;

use std::sync::Arc;

use anyhow::Context;

use crate::clock::Clock;
use crate::config::Config;
use crate::content::Content;
pub use crate::http::app;
use crate::store::Db;

/// What every request handler shares: settings, the database, the clock and the hospital's
/// content. Cheap to clone.
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
}

impl AppState {
    /// Loads the hospital's content, opens and migrates the database and writes the content
    /// into it: everything the server needs before it can answer.
    pub async fn open(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
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
        let db = store::connect(&config.database_url).await?;
        store::hospital::sync(&db, &content)
            .await
            .context("cannot write the hospital's content into the database")?;
        Ok(AppState {
            config: Arc::new(config),
            db,
            clock,
            content: Arc::new(content),
        })
    }

    /// True when the server runs the embedded demo hospital.
    pub fn is_demo(&self) -> bool {
        self.config.hospital_dir.is_none()
    }
}

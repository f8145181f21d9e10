//! Delivers the outbox: each message goes through the configured [`Sender`] with retries
//! and backoff, and is blanked once sent or given up.
//!
//! The default sender writes messages to the server log (what a demo or a developer
//! needs); a hospital plugs in its SMS gateway with `CAREWAY_SMS_WEBHOOK`, a URL that
//! receives each message as JSON.

use std::time::Duration;

use careway_core::identity::mask_mobile;
use jiff::SignedDuration;
use serde_json::json;

use crate::store::outbox::{self, Message};
use crate::AppState;

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 6;
/// How long a claimed message stays with one worker before another may retry it.
const LEASE: SignedDuration = SignedDuration::from_secs(60);

/// How messages leave the hospital.
#[derive(Debug)]
pub enum Sender {
    /// Writes each message to the server log.
    Log,
    /// POSTs each message as JSON to a gateway; any 2xx answer means delivered.
    Webhook {
        /// The gateway's URL.
        url: String,
        /// A client with timeouts.
        client: reqwest::Client,
    },
}

impl Sender {
    /// The sender for an optional webhook URL.
    pub fn from_config(webhook: Option<&str>) -> anyhow::Result<Sender> {
        Ok(match webhook {
            None => Sender::Log,
            Some(url) => Sender::Webhook {
                url: url.to_owned(),
                client: reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()?,
            },
        })
    }

    /// Delivers one message.
    pub async fn send(&self, message: &Message) -> anyhow::Result<()> {
        match self {
            Sender::Log => {
                tracing::info!(
                    channel = %message.channel,
                    to = %mask_mobile(&message.recipient),
                    text = %message.body,
                    "message sent (log sender)"
                );
                Ok(())
            }
            Sender::Webhook { url, client } => {
                let response = client
                    .post(url)
                    .header("Idempotency-Key", &message.id)
                    .json(&json!({
                        "id": message.id,
                        "channel": message.channel,
                        "to": message.recipient,
                        "text": message.body,
                    }))
                    .send()
                    .await?;
                anyhow::ensure!(
                    response.status().is_success(),
                    "the gateway answered {}",
                    response.status()
                );
                Ok(())
            }
        }
    }
}

/// Delivers at most one due message; true when there was one.
pub async fn deliver_one(state: &AppState) -> anyhow::Result<bool> {
    let now = state.clock.now();
    let Some(message) = outbox::claim_due(&state.db, now, LEASE.as_millis() as i64).await? else {
        return Ok(false);
    };
    match state.sender.send(&message).await {
        Ok(()) => outbox::mark_sent(&state.db, &message.id, state.clock.now()).await?,
        Err(err) => {
            let now = state.clock.now();
            let retry_at = (message.attempts < MAX_ATTEMPTS)
                .then(|| now + SignedDuration::from_secs(5 * (1 << message.attempts.min(10))));
            tracing::warn!(id = %message.id, attempts = message.attempts, error = %err, "message not delivered");
            outbox::mark_failed(&state.db, &message.id, &format!("{err:#}"), retry_at, now).await?;
        }
    }
    Ok(true)
}

/// Runs forever: delivers due messages, then sleeps until a new one is queued or a second
/// passes (retries come due with time).
pub async fn run(state: AppState) {
    loop {
        match deliver_one(&state).await {
            Ok(true) => continue,
            Ok(false) => {}
            Err(err) => tracing::error!(error = %err, "the outbox job failed"),
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), state.outbox_ready.notified()).await;
    }
}

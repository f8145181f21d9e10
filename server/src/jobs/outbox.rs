//! Delivers the outbox: each message goes through the configured [`Sender`] with retries
//! and backoff, and is blanked once sent or given up.
//!
//! A hospital plugs in its SMS gateway with `CAREWAY_SMS_WEBHOOK`, an https URL that
//! receives each message as JSON, signed with `CAREWAY_SMS_WEBHOOK_SECRET` so the gateway
//! can tell the hospital's requests from anyone else's. Only in demo mode are messages,
//! codes included, written to the server log instead.

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

/// The header carrying a gateway request's signature:
/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the shared secret>`.
/// The gateway recomputes it over the raw body and refuses a mismatch or an old `t`.
pub const SIGNATURE_HEADER: &str = "X-Careway-Signature";

/// How messages leave the hospital.
pub enum Sender {
    /// Writes each message to the server log: demo mode only.
    Log,
    /// POSTs each message as signed JSON to a gateway; any 2xx answer means delivered.
    Webhook {
        /// The gateway's URL.
        url: String,
        /// The key requests are signed with.
        secret: String,
        /// A client with timeouts.
        client: reqwest::Client,
    },
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sender::Log => f.write_str("Sender::Log"),
            Sender::Webhook { url, .. } => write!(f, "Sender::Webhook({url})"),
        }
    }
}

/// The signature header's value for `body` sent at `unix_seconds`.
pub fn signature(secret: &str, unix_seconds: i64, body: &[u8]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(unix_seconds.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={unix_seconds},v1={hex}")
}

impl Sender {
    /// The sender the settings ask for: the gateway when one is configured; the log only
    /// in demo mode (anywhere else a code would end up in a log file).
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Sender> {
        match (&config.sms_webhook, &config.sms_webhook_secret) {
            (Some(url), Some(secret)) => Ok(Sender::Webhook {
                url: url.clone(),
                secret: secret.clone(),
                client: reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()?,
            }),
            (Some(_), None) => anyhow::bail!("an SMS gateway needs its signing secret"),
            (None, _) if config.demo => Ok(Sender::Log),
            (None, _) => anyhow::bail!(
                "outside demo mode messages need an SMS gateway (CAREWAY_SMS_WEBHOOK): \
                 they would otherwise be written to the log, codes included"
            ),
        }
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
            Sender::Webhook {
                url,
                secret,
                client,
            } => {
                let body = serde_json::to_vec(&json!({
                    "id": message.id,
                    "channel": message.channel,
                    "to": message.recipient,
                    "text": message.body,
                }))?;
                let now = jiff::Timestamp::now().as_second();
                let response = client
                    .post(url)
                    .header("Idempotency-Key", &message.id)
                    .header("content-type", "application/json")
                    .header(SIGNATURE_HEADER, signature(secret, now, &body))
                    .body(body)
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

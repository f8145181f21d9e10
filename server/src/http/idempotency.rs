//! The `Idempotency-Key` header of creating requests: read, checked and paired with a
//! hash of what the request asked, so the store can tell a retry (same key, same request:
//! the first result comes back) from a key used again for something else (refused).

use axum::http::HeaderMap;
use careway_core::api::IDEMPOTENCY_KEY_HEADER;
use careway_core::problem::FieldCode;
use sha2::{Digest, Sha256};

use super::error::Error;
use crate::store::idempotency::Key;

/// The longest key accepted.
const MAX_KEY_LEN: usize = 128;

/// A request's key and the hash of its body, owned for the length of the request.
#[derive(Clone, Debug)]
pub struct IdempotencyKey {
    key: String,
    request_hash: String,
}

impl IdempotencyKey {
    /// The key of a request whose meaning is `body` (for a request on a resource, the
    /// resource's id and the body together), if it carried one; a malformed key is a 422
    /// on the header.
    pub fn from_request(
        headers: &HeaderMap,
        body: &impl serde::Serialize,
    ) -> Result<Option<IdempotencyKey>, Error> {
        let Some(value) = headers.get(IDEMPOTENCY_KEY_HEADER) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|k| !k.is_empty() && k.len() <= MAX_KEY_LEN)
            .ok_or_else(|| Error::field(IDEMPOTENCY_KEY_HEADER, FieldCode::Format))?;
        let body = serde_json::to_vec(body)
            .map_err(|e| anyhow::anyhow!("cannot hash a request body: {e}"))?;
        let request_hash = Sha256::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Some(IdempotencyKey {
            key: key.to_owned(),
            request_hash,
        }))
    }

    /// The key as the store takes it.
    pub fn as_key(&self) -> Key<'_> {
        Key {
            key: &self.key,
            request_hash: &self.request_hash,
        }
    }
}

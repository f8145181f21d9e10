//! Random tokens, one-time codes and the server's own key.
//!
//! Session tokens are 256 random bits; only their SHA-256 is stored. One-time codes are six
//! random digits; only an HMAC keyed with the server's secret is stored, so a copy of the
//! database alone cannot be brute-forced back into codes. The audit log's chain is sealed
//! with a key derived from the same secret ([`ChainKey`]), so write access to the database
//! alone cannot rewrite the log and still pass the verifier.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// The server's secret key, for keyed hashes.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

impl SecretKey {
    /// A fresh random key.
    pub fn random() -> SecretKey {
        let mut key = [0; 32];
        OsRng.fill_bytes(&mut key);
        SecretKey(key)
    }

    /// Reads the key from `CAREWAY_SECRET` (64 hex digits) if given, else from
    /// `<data_dir>/secret.key`, creating that file (readable by its owner only) on first
    /// start. Several servers sharing one database must share the key.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<SecretKey> {
        SecretKey::read(configured, data_dir, true)
    }

    /// Reads the key like [`SecretKey::load`] but never makes one: a tool that checks
    /// what the server wrote (the audit verifier) must use the server's key, and a fresh
    /// one would only make every sealed entry look forged.
    pub fn load_existing(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<SecretKey> {
        SecretKey::read(configured, data_dir, false)
    }

    fn read(configured: Option<&str>, data_dir: &Path, create: bool) -> anyhow::Result<SecretKey> {
        if let Some(hex) = configured {
            return SecretKey::from_hex(hex.trim())
                .context("CAREWAY_SECRET must be 64 hexadecimal digits (32 bytes)");
        }
        let path = data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(text) => SecretKey::from_hex(text.trim())
                .with_context(|| format!("{} does not hold 64 hexadecimal digits", path.display())),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && create => {
                let key = SecretKey::random();
                write_private(&path, &key.to_hex())
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Ok(key)
            }
            Err(err) => Err(err).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    fn from_hex(hex: &str) -> Option<SecretKey> {
        if hex.len() != 64 {
            return None;
        }
        let mut key = [0; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(SecretKey(key))
    }

    fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The keyed hash stored for a one-time code; `salt` (the code's id) makes equal codes
    /// hash differently.
    pub fn code_hash(&self, salt: &str, code: &str) -> Vec<u8> {
        self.code_mac(salt, code).finalize().into_bytes().to_vec()
    }

    /// Checks a typed code against a stored hash in constant time.
    pub fn code_matches(&self, salt: &str, code: &str, stored: &[u8]) -> bool {
        self.code_mac(salt, code).verify_slice(stored).is_ok()
    }

    /// The key that seals the audit log's chain: HMAC(secret, "audit-chain"), a key of its
    /// own so that no other keyed hash of this server can ever stand in for a chain link.
    pub fn audit_chain_key(&self) -> ChainKey {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"audit-chain");
        ChainKey(mac.finalize().into_bytes().into())
    }

    fn code_mac(&self, salt: &str, code: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(salt.as_bytes());
        mac.update(b"\x1f");
        mac.update(code.as_bytes());
        mac
    }
}

/// The key of the audit log's chain ([`SecretKey::audit_chain_key`]): someone who can
/// write to the database but does not hold the server's secret cannot compute it, so
/// cannot recompute the chain after editing an entry.
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl std::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChainKey(..)")
    }
}

impl ChainKey {
    /// A fresh MAC under this key, for one chain link.
    pub fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length")
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

/// Six random digits, uniformly drawn.
pub fn new_code() -> String {
    format!("{:06}", OsRng.gen_range(0..1_000_000u32))
}

/// A new session token (256 random bits, URL-safe base64) and the hash to store.
pub fn new_session_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..50).map(|_| new_code()).collect();
        assert!(codes
            .iter()
            .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit())));
        assert!(codes.len() > 40, "codes repeat too often: {}", codes.len());
    }

    #[test]
    fn tokens_are_long_and_stored_hashed() {
        let (token, hash) = new_session_token();
        assert_eq!(token.len(), 43, "256 bits in base64url");
        assert_eq!(hash, token_hash(&token));
        assert_ne!(new_session_token().0, token);
    }

    #[test]
    fn code_hashes_depend_on_key_salt_and_code() {
        let key = SecretKey::random();
        let stored = key.code_hash("id1", "123456");
        assert!(key.code_matches("id1", "123456", &stored));
        assert!(!key.code_matches("id1", "123457", &stored));
        assert!(!key.code_matches("id2", "123456", &stored));
        assert!(!SecretKey::random().code_matches("id1", "123456", &stored));
    }

    #[test]
    fn the_key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = SecretKey::load(None, dir.path()).unwrap();
        let b = SecretKey::load(None, dir.path()).unwrap();
        assert_eq!(a.0, b.0);
        assert!(SecretKey::load(Some("abc"), dir.path()).is_err());
        let hex = "00".repeat(32);
        assert_eq!(SecretKey::load(Some(&hex), dir.path()).unwrap().0, [0; 32]);
        let empty = tempfile::tempdir().unwrap();
        assert!(SecretKey::load_existing(None, empty.path()).is_err());
        assert!(
            !empty.path().join("secret.key").exists(),
            "a checker never makes a key"
        );
        assert_eq!(SecretKey::load_existing(None, dir.path()).unwrap().0, a.0);
    }

    #[test]
    fn the_chain_key_is_its_own_and_follows_the_secret() {
        let key = SecretKey::random();
        assert_eq!(key.audit_chain_key().0, key.audit_chain_key().0);
        assert_ne!(key.audit_chain_key().0, key.0);
        assert_ne!(
            key.audit_chain_key().0,
            SecretKey::random().audit_chain_key().0
        );
    }
}

//! The hospital's building as data: read from `venue.json` in the hospital's folder (or
//! the demo building), checked at start — a broken file stops the server with the file,
//! the feature and the field named — and published once under a fingerprinted address
//! (`/venue-<hash>.json`) that the app loads, caches like its own files and routes on.

use std::path::Path;

use anyhow::Context as _;
use careway_core::navigation::Venue;
use sha2::{Digest, Sha256};

/// The venue file in a hospital's folder (optional).
pub const VENUE_FILE: &str = "venue.json";

/// A venue ready to serve: the document and the address it is served at, which changes
/// whenever the document does, so browsers and the service worker may keep it forever.
#[derive(Clone, Debug)]
pub struct PublishedVenue {
    /// `/venue-<16 hex>.json`.
    pub path: String,
    /// The JSON document.
    pub body: bytes::Bytes,
}

impl PublishedVenue {
    /// Publishes `venue` (already validated).
    pub fn new(venue: &Venue) -> anyhow::Result<PublishedVenue> {
        let body = serde_json::to_vec(venue).context("cannot write the venue as JSON")?;
        let digest = Sha256::digest(&body);
        let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        Ok(PublishedVenue {
            path: format!("/venue-{hash}.json"),
            body: body.into(),
        })
    }
}

/// Reads and checks a venue file; every error names the file, and a broken reference the
/// feature and field too.
pub fn load(path: &Path) -> anyhow::Result<Venue> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse(&path.display().to_string(), &text)
}

/// Parses and checks a venue document named `file`.
pub fn parse(file: &str, text: &str) -> anyhow::Result<Venue> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let venue: Venue = serde_path_to_error::deserialize(deserializer)
        .map_err(|e| anyhow::anyhow!("{file}: {}: {}", e.path(), e.inner()))?;
    if let Err(errors) = venue.validate() {
        let list: Vec<String> = errors.iter().map(|e| format!("{file}: {e}")).collect();
        anyhow::bail!("{}", list.join("\n"));
    }
    Ok(venue)
}

#[cfg(test)]
mod tests {
    use careway_core::navigation::demo_venue;

    use super::*;

    #[test]
    fn the_demo_venue_is_published_at_an_address_that_follows_its_content() {
        let venue = demo_venue();
        let a = PublishedVenue::new(&venue).unwrap();
        assert!(a.path.starts_with("/venue-") && a.path.ends_with(".json"));
        assert_eq!(a.path.len(), "/venue-".len() + 16 + ".json".len());
        assert_eq!(PublishedVenue::new(&venue).unwrap().path, a.path);
        let mut changed = venue.clone();
        changed.name.en.push('!');
        assert_ne!(PublishedVenue::new(&changed).unwrap().path, a.path);
        // What is served reads back as the same venue.
        let text = std::str::from_utf8(&a.body).unwrap();
        assert_eq!(parse("venue.json", text).unwrap(), venue);
    }

    #[test]
    fn a_broken_venue_file_names_the_file_and_what_is_wrong() {
        let err = parse("/h/venue.json", "{\"id\": 3}")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/h/venue.json: id: "), "{err}");
        let mut venue = demo_venue();
        venue.edges[0].to = "n-nowhere".into();
        let text = serde_json::to_string(&venue).unwrap();
        let err = parse("/h/venue.json", &text).unwrap_err().to_string();
        assert!(err.contains("/h/venue.json: edge"), "{err}");
        assert!(err.contains("n-nowhere"), "{err}");
    }
}

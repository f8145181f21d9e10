//! Serves the built app: every path outside `/api` that is not a file answers with
//! `index.html` (status 200) with that page's first screen drawn in (see
//! [`super::pages`]), so deep links and reloads work and show something at once.
//!
//! `index.html` is read once at start: the hospital's phone number goes into its "cannot
//! start" message, and the hashes of its inline scripts (trunk's loader) go into the
//! Content-Security-Policy. Fingerprinted files are cached for a year; `index.html` is
//! revalidated on every load so a new release reaches patients at once.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::error::Error;
use crate::AppState;

/// `index.html` as served, or `None` when the app has not been built.
#[derive(Debug)]
pub struct IndexPage {
    html: Option<Bytes>,
}

impl IndexPage {
    /// Reads `dist/index.html` and fills in the hospital's phone number (see
    /// [`IndexPage::from_html`]).
    pub fn load(dist: &Path, phone: &str) -> IndexPage {
        let path = dist.join("index.html");
        match std::fs::read_to_string(&path) {
            Ok(html) => IndexPage::from_html(&html, phone),
            Err(err) => {
                tracing::warn!(path = %path.display(), %err, "the app is not built; only the API is served");
                IndexPage { html: None }
            }
        }
    }

    /// Builds the page from the text of `index.html`: the hospital's phone number in its
    /// "cannot start" message. What each request adds (the first screen, the start block)
    /// is [`super::pages`]'s.
    pub fn from_html(html: &str, phone: &str) -> IndexPage {
        let tel: String = phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        let html = html
            .replace("__HOSPITAL_PHONE__", &super::pages::escape_html(phone))
            .replace("__HOSPITAL_TEL__", &tel);
        IndexPage {
            html: Some(Bytes::from(html)),
        }
    }

    /// The page's text, when the app is built.
    pub fn template(&self) -> Option<&str> {
        self.html.as_ref().and_then(|h| std::str::from_utf8(h).ok())
    }

    /// CSP sources (`'sha256-…'`) for each inline script of the page.
    pub fn script_hashes(&self) -> Vec<String> {
        let Some(html) = self.html.as_ref().and_then(|h| std::str::from_utf8(h).ok()) else {
            return Vec::new();
        };
        inline_scripts(html)
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect()
    }

    fn response(&self) -> Response {
        match &self.html {
            Some(html) => (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                html.clone(),
            )
                .into_response(),
            None => (
                StatusCode::SERVICE_UNAVAILABLE,
                [
                    (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                "The Careway app has not been built. Run `cargo xtask run`, or set CAREWAY_DIST \
                 to the folder trunk built.\n",
            )
                .into_response(),
        }
    }
}

/// The contents of every `<script>` element without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<script").filter_map(move |(start, _)| {
        let rest = &html[start..];
        let open_end = rest.find('>')?;
        let attrs = &rest[..open_end];
        // Loaded scripts are allowed by their origin; data blocks never run.
        if attrs.contains("src=") || attrs.contains("application/json") {
            return None;
        }
        let body = &rest[open_end + 1..];
        let close = body.find("</script>")?;
        Some(&body[..close])
    })
}

/// The app's files plus the index page, ready to answer any non-API request.
#[derive(Clone)]
pub struct AppFiles {
    dir: ServeDir,
    index: Arc<IndexPage>,
    state: AppState,
}

impl std::fmt::Debug for AppFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppFiles")
            .field("dir", &self.dir)
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl AppFiles {
    /// Serves `dist`, using the `.br`/`.gz` twins written by [`precompress`] when present;
    /// pages are drawn with `state` (see [`super::pages`]).
    pub fn new(dist: &Path, index: IndexPage, state: AppState) -> AppFiles {
        AppFiles {
            dir: ServeDir::new(dist)
                .precompressed_br()
                .precompressed_gzip()
                .append_index_html_on_directories(false),
            index: Arc::new(index),
            state,
        }
    }

    /// The page at `path`, its first screen drawn in; the plain "not built" answer when
    /// there is no app.
    async fn page(&self, headers: &axum::http::HeaderMap, path: &str, query: &str) -> Response {
        match self.index.template() {
            Some(template) => {
                super::pages::respond(&self.state, template, headers, path, query).await
            }
            None => self.index.response(),
        }
    }

    /// Answers one request outside the API's routes.
    pub async fn serve(self, request: Request) -> Response {
        let path = request.uri().path().to_owned();
        if path == "/api" || path.starts_with("/api/") {
            return Error::not_found().into_response();
        }
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, "GET, HEAD")],
            )
                .into_response();
        }
        let headers = request.headers().clone();
        let query = request.uri().query().unwrap_or_default().to_owned();
        if path == "/" || path == "/index.html" {
            return self.page(&headers, "/", &query).await;
        }
        let mut response = match self.dir.clone().oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        };
        if response.status() == StatusCode::NOT_FOUND && !has_extension(&path) {
            // A deep link into the app (`/booking/123`): drawn here, the app's router
            // takes it from there.
            return self.page(&headers, &path, &query).await;
        }
        if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
            let policy = if is_fingerprinted(&path) {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        }
        response
    }
}

fn has_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'))
}

/// True for names that carry a content hash (trunk writes `careway-<hex>_bg.wasm`), which
/// never change and can be cached for good. The hash is a 64-bit number written in hex
/// without leading zeros, so one name in sixteen has 15 digits: 12 to 16 are taken (a
/// shorter one comes once in 65 536 builds, and is then only revalidated, not lost).
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(['-', '_', '.'])
        .any(|part| (12..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Writes brotli (quality 11) and gzip twins next to each compressible file of `dist`, so
/// phones download the smallest form without the server compressing on every request.
/// Twins newer than their source are kept. Failures are logged, not fatal: the files are
/// then served as they are.
pub fn precompress(dist: &Path) {
    let mut files = Vec::new();
    collect_files(dist, &mut files);
    for file in files {
        let compressible = file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e,
                "wasm" | "js" | "css" | "html" | "svg" | "webmanifest" | "json"
            )
        });
        if !compressible {
            continue;
        }
        if let Err(err) = write_twins(&file) {
            tracing::warn!(file = %file.display(), %err, "cannot precompress");
        }
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn write_twins(file: &Path) -> std::io::Result<()> {
    let modified = std::fs::metadata(file)?.modified()?;
    let fresh = |twin: &Path| {
        std::fs::metadata(twin)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t >= modified)
    };
    let data = std::fs::read(file)?;
    let br = append_extension(file, "br");
    if !fresh(&br) {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut data.as_slice(), &mut out, &params)?;
        std::fs::write(&br, out)?;
    }
    let gz = append_extension(file, "gz");
    if !fresh(&gz) {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&data)?;
        std::fs::write(&gz, encoder.finish()?)?;
    }
    Ok(())
}

fn append_extension(file: &Path, ext: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_and_data_are_not() {
        let page = IndexPage::from_html(
            "<head><script src=\"/boot-0123456789abcdef.js\"></script>\
             <script type=\"module\">alert(1)</script></head>",
            "020-1",
        );
        // sha256("alert(1)") in base64.
        assert_eq!(
            page.script_hashes(),
            vec!["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_owned()]
        );
    }

    #[test]
    fn the_phone_number_is_filled_in_and_escaped() {
        let page = IndexPage::from_html(
            "<a href=\"tel:__HOSPITAL_TEL__\">__HOSPITAL_PHONE__</a>",
            "+86 20 <8888>",
        );
        let html = page.html.unwrap();
        assert_eq!(
            &html[..],
            b"<a href=\"tel:+86208888\">+86 20 &lt;8888&gt;</a>"
        );
    }

    #[test]
    fn fingerprinted_names_are_recognised() {
        assert!(is_fingerprinted("/careway-7d1f0c2b9a3e4d5f_bg.wasm"));
        assert!(is_fingerprinted("/boot-7d1f0c2b9a3e4d5f.css"));
        // A hash with a leading zero is written one digit shorter.
        assert!(is_fingerprinted("/careway-3b50c97469c8570.js"));
        assert!(!is_fingerprinted("/careway.js"));
        assert!(!is_fingerprinted("/manifest.webmanifest"));
        assert!(!is_fingerprinted("/icons/icon-192.png"));
    }
}

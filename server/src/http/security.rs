//! Security headers on every response, per the security floor in DESIGN.md.
//!
//! The Content-Security-Policy allows scripts only from the app's own origin plus trunk's
//! inline loader, by its hash: no `'unsafe-inline'` or `'unsafe-eval'` for scripts, and
//! WebAssembly through `'wasm-unsafe-eval'`. Styles allow `'unsafe-inline'` because the
//! app's style sheets are generated at run time; styles cannot run code.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::config::Config;

/// The header values, computed once at start.
#[derive(Debug)]
pub struct SecurityHeaders {
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl SecurityHeaders {
    /// Builds the headers for this deployment and the given inline-script hashes.
    pub fn new(config: &Config, script_hashes: &[String]) -> SecurityHeaders {
        let mut script_src = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
        script_src.extend(script_hashes.iter().cloned());
        let csp = format!(
            "default-src 'self'; script-src {}; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
             manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {}",
            script_src.join(" "),
            config.frame_ancestors
        );
        let mut headers = vec![
            ("content-security-policy", csp),
            ("x-content-type-options", "nosniff".to_owned()),
            ("referrer-policy", "no-referrer".to_owned()),
            (
                "permissions-policy",
                "camera=(self), geolocation=(), microphone=(), payment=(), usb=()".to_owned(),
            ),
            ("cross-origin-opener-policy", "same-origin".to_owned()),
            ("cross-origin-resource-policy", "same-origin".to_owned()),
        ];
        if config.frame_ancestors.trim() == "'none'" {
            headers.push(("x-frame-options", "DENY".to_owned()));
        }
        if config.is_https() {
            headers.push((
                "strict-transport-security",
                "max-age=31536000; includeSubDomains".to_owned(),
            ));
        }
        SecurityHeaders {
            headers: headers
                .into_iter()
                .filter_map(|(name, value)| {
                    Some((
                        HeaderName::from_static(name),
                        HeaderValue::from_str(&value).ok()?,
                    ))
                })
                .collect(),
        }
    }
}

/// Middleware adding the security headers to every response.
pub async fn add_headers(
    State(headers): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    for (name, value) in &headers.headers {
        response.headers_mut().insert(name.clone(), value.clone());
    }
    response
}

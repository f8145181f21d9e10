//! Who is asking: the client's address and request id, the session behind the cookie, and
//! the anti-forgery check on every state-changing request.
//!
//! The session token travels only in an HttpOnly, SameSite=Lax cookie: over https it is
//! `__Host-careway_session` (Secure, Path=/, no Domain, so no sibling site can set or
//! shadow it); over plain http (demo mode on one machine) `careway_session`, scoped to
//! `/api`.
//! State-changing requests must also carry [`CSRF_HEADER`] (`X-Careway-Csrf`), a header a
//! cross-site form or image cannot add, so another site cannot make a patient's browser
//! act for it.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use careway_core::api::BASE_PATH;
pub use careway_core::api::CSRF_HEADER;
use careway_core::problem::ProblemKind;

use super::error::Error;
use crate::store::{self, accounts::SessionRow};
use crate::{secrets, AppState};

/// The session cookie's name over plain http (demo mode).
pub const SESSION_COOKIE: &str = "careway_session";
/// The session cookie's name over https: the browser takes it only from this very host,
/// over https, for the whole site.
pub const SECURE_SESSION_COOKIE: &str = "__Host-careway_session";

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}
/// Paths under [`BASE_PATH`] that change nothing a forged request could abuse, exempt
/// from the anti-forgery header.
const CSRF_EXEMPT: &[&str] = &["/client-errors"];

/// The client's address and the request id, for quotas and the audit log.
#[derive(Clone, Debug)]
pub struct ClientInfo {
    /// The client's IP address (from the configured proxy header when behind a proxy).
    pub addr: String,
    /// The id under which this request is logged, the server's own (see [`super::app`]).
    pub request_id: String,
}

impl ClientInfo {
    /// What quotas count the client by: its IPv4 address, or the /64 network of its IPv6
    /// address (one subscriber gets a whole /64 and can change addresses within it at
    /// will).
    pub fn quota_key(&self) -> String {
        quota_key(&self.addr)
    }
}

/// See [`ClientInfo::quota_key`].
pub fn quota_key(addr: &str) -> String {
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => addr.to_owned(),
    }
}

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(client_info(&parts.headers, parts.extensions.get(), state))
    }
}

fn client_info(
    headers: &HeaderMap,
    connect: Option<&ConnectInfo<SocketAddr>>,
    state: &AppState,
) -> ClientInfo {
    let from_proxy = state
        .config
        .client_ip_header
        .as_deref()
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next_back())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 64);
    let addr = from_proxy
        .or_else(|| connect.map(|c| c.0.ip().to_string()))
        .unwrap_or_else(|| "unknown".to_owned());
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    ClientInfo { addr, request_id }
}

/// The session token from the request's cookies, if any: only the `__Host-` cookie when
/// `secure`.
pub fn session_token(headers: &HeaderMap, secure: bool) -> Option<&str> {
    cookie(headers, cookie_name(secure)).filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The value of the request's cookie called `name`, if it sent one.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.trim())
}

/// A request made within a live session. Extracting it counts as activity: the idle
/// timeout starts again.
#[derive(Clone, Debug)]
pub struct CurrentSession(pub SessionRow);

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(&parts.headers, state.config.is_https()) else {
            return Err(Error::kind(ProblemKind::Unauthenticated));
        };
        let hash = secrets::token_hash(token);
        store::accounts::touch_session(&state.db, &hash, state.clock.now())
            .await?
            .map(CurrentSession)
            .ok_or(Error::kind(ProblemKind::Unauthenticated))
    }
}

/// The `Set-Cookie` value that gives the browser a session token. Kiosk sessions get no
/// `Max-Age`, so the cookie also dies with the browser.
pub fn session_cookie(token: &str, max_age_secs: Option<i64>, secure: bool) -> HeaderValue {
    let mut cookie = cookie_base(token, secure);
    if let Some(max_age) = max_age_secs {
        cookie.push_str(&format!("; Max-Age={max_age}"));
    }
    HeaderValue::from_str(&cookie).expect("tokens are base64url")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    HeaderValue::from_str(&format!("{}; Max-Age=0", cookie_base("", secure)))
        .expect("static cookie")
}

/// Name, value and attributes: a `__Host-` cookie must be Secure with `Path=/`. Pages
/// see the cookie too (`Path=/` over plain http as well), so the server knows whether a
/// session exists when it draws one (see [`super::pages`]).
fn cookie_base(token: &str, secure: bool) -> String {
    let name = cookie_name(secure);
    if secure {
        format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Secure")
    } else {
        format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax")
    }
}

/// Middleware refusing state-changing API requests without the anti-forgery header (403,
/// recorded in the audit log once a minute per address, see [`crate::http::audit_refusal`]).
pub async fn require_csrf_header(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // A bearer token (staff, HIS) is a header a forged request cannot carry either.
    let bearer = request.headers().contains_key(header::AUTHORIZATION);
    let exempt = path
        .strip_prefix(BASE_PATH)
        .is_some_and(|rest| CSRF_EXEMPT.contains(&rest));
    if writes
        && path.starts_with("/api/")
        && !exempt
        && !bearer
        && request.headers().get(CSRF_HEADER).is_none()
    {
        let info = client_info(request.headers(), request.extensions().get(), &state);
        let detail = serde_json::json!({ "reason": "missing anti-forgery header", "path": path });
        crate::http::audit_refusal(&state, "csrf.refused", None, &info, detail).await;
        return Error::kind(ProblemKind::Forbidden).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_count_ipv6_clients_by_their_64() {
        assert_eq!(quota_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(quota_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            quota_key("2001:db8:1:2:bbbb:cccc:dddd:eeee"),
            "2001:db8:1:2::/64"
        );
        assert_ne!(quota_key("2001:db8:1:3::1"), quota_key("2001:db8:1:2::1"));
        assert_eq!(quota_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(quota_key("unknown"), "unknown");
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; careway_session=tok; b=2"),
        );
        assert_eq!(session_token(&headers, false), Some("tok"));
        // Over https only the __Host- cookie counts: a sibling site may have set the other.
        assert_eq!(session_token(&headers, true), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("careway_session=x; __Host-careway_session=tok"),
        );
        assert_eq!(session_token(&headers, true), Some("tok"));
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("careway_session="));
        assert_eq!(session_token(&headers, false), None);
        assert_eq!(session_token(&HeaderMap::new(), false), None);
    }

    #[test]
    fn cookies_are_httponly_samesite_and_seen_by_pages_too() {
        let c = session_cookie("abc", Some(60), true);
        let c = c.to_str().unwrap();
        assert!(c.starts_with("__Host-careway_session=abc; Path=/;"), "{c}");
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("; Secure"));
        assert!(c.contains("Max-Age=60") && !c.contains("Domain"));
        let c = session_cookie("abc", Some(60), false);
        assert!(c.to_str().unwrap().contains("Path=/;"));
        let c = session_cookie("abc", None, false);
        assert!(
            !c.to_str().unwrap().contains("Max-Age") && !c.to_str().unwrap().contains("Secure")
        );
        assert!(clear_session_cookie(false)
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
    }
}

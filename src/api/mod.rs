//! The one HTTP client of the app: every call to the REST API under `/api/v1` goes through
//! [`request`].
//!
//! It sends the patient's language, the session cookie (same origin only) and the
//! anti-forgery header the server requires on state-changing requests; it reads
//! `application/problem+json` failures into [`ApiError::Problem`] and turns every other
//! failure into an [`ApiError`] with a message in the patient's language. Each resource is
//! a module of one-line functions (`api::meta::get`), so pages never build requests
//! themselves.

pub mod account;
pub mod booking;
pub mod education;
pub mod inbox;
pub mod json;
pub mod meta;
pub mod patients;
pub mod queue;
pub mod reports;
pub mod surveys;
pub mod venue;

use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

use careway_core::api::IDEMPOTENCY_KEY_HEADER;
use careway_core::locale::Lang;
use careway_core::problem::{self, Problem, ProblemKind};
use gloo::net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::{AbortSignal, RequestCredentials};

use crate::i18n::texts;

/// Where the REST API lives, relative to the page's origin (defined once, in core).
pub use careway_core::api::BASE_PATH as BASE;
/// The header that state-changing requests carry (defined once, in core). A cross-site
/// form or image cannot set it, so the server refuses writes without it.
pub use careway_core::api::CSRF_HEADER;

/// Why a request did not produce the expected answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server refused the request and said why (RFC 9457 problem details). Boxed: it
    /// is large, and every `Result` of the API carries this type.
    Problem(Box<Problem>),
    /// The server, or a proxy in front of it, answered with an error status and no problem
    /// body.
    Status(u16),
    /// The request never reached the server, or its answer never came back.
    Network,
    /// The request was cancelled, usually because the page that asked for it went away.
    Aborted,
    /// The answer arrived but is not the JSON this app expects.
    Decode,
}

impl ApiError {
    /// What went wrong, in words for the patient, in `lang`.
    ///
    /// A problem of a kind this build knows gets this app's own title in `lang`, so a
    /// language switch after the failure still shows the right words; an unknown kind keeps
    /// the server's title.
    pub fn message(&self, lang: Lang) -> String {
        let t = texts(lang);
        match self {
            ApiError::Problem(problem) => match problem.kind() {
                Some(kind) => kind.title(lang).to_owned(),
                None => problem.title.clone(),
            },
            ApiError::Status(status) => (t.error_status)(*status),
            ApiError::Network => t.error_network.to_owned(),
            ApiError::Aborted => t.error_aborted.to_owned(),
            ApiError::Decode => t.error_decode.to_owned(),
        }
    }

    /// What went wrong, with the server's own explanation when it gave one: a refusal's
    /// `detail` ("check-in opens at 08:00") says more than its kind's title.
    pub fn explanation(&self, lang: Lang) -> String {
        match self.problem().and_then(|p| p.detail.as_deref()) {
            Some(detail) if !detail.trim().is_empty() => detail.to_owned(),
            _ => self.message(lang),
        }
    }

    /// The problem the server sent, if it sent one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Problem(problem) => Some(problem),
            _ => None,
        }
    }

    /// The kind of problem the server reported, when it is one this build knows.
    pub fn kind(&self) -> Option<ProblemKind> {
        self.problem().and_then(Problem::kind)
    }

    /// The HTTP status of the refusal, if the server answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Problem(problem) => Some(problem.status),
            ApiError::Status(status) => Some(*status),
            _ => None,
        }
    }

    /// True when the server says there is no session (any more): the session context
    /// should hear about it (see [`crate::app::contexts::session::SessionHandle::report`]).
    pub fn is_unauthenticated(&self) -> bool {
        self.status() == Some(401) || self.kind() == Some(ProblemKind::Unauthenticated)
    }
}

/// Escapes one segment of a path (an id) so it cannot add segments, climb with `..` or
/// start a query: every byte but ASCII letters, digits and `-_~` is percent-encoded.
pub fn segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Sends one request to `BASE + path` and decodes the JSON answer.
///
/// `body`, when given, is sent as JSON. `lang` becomes `Accept-Language`, so problem titles
/// come back in the patient's language. `signal` cancels the request (see
/// [`crate::hooks::use_fetch`], which aborts when the page unmounts).
pub async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&impl Serialize>,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let body = match body {
        Some(body) => Some(to_json(body)?),
        None => None,
    };
    let url = format!("{BASE}{path}");
    let (status, content_type, text) = send(method, &url, body, None, lang, signal).await?;
    decode_body(status, &content_type, &text)
}

/// Reads one of the server's published JSON documents outside the API (the venue, at the
/// address the meta data names), as the API's answers are read.
pub async fn get_document<T: DeserializeOwned>(
    url: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let (status, content_type, text) = send(Method::GET, url, None, None, lang, signal).await?;
    decode_body(status, &content_type, &text)
}

/// Sends a `POST` that creates something (a booking) with an `Idempotency-Key`: sent again
/// with the same key after a lost answer, the server returns what the first one created
/// instead of creating it twice. See [`idempotency_key`].
pub async fn post_once<T: DeserializeOwned>(
    path: &str,
    body: &impl Serialize,
    key: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    let body = to_json(body)?;
    let url = format!("{BASE}{path}");
    let (status, content_type, text) =
        send(Method::POST, &url, Some(body), Some(key), lang, signal).await?;
    decode_body(status, &content_type, &text)
}

/// A new idempotency key: 128 random bits as hex. One per request a patient means to make;
/// reused only to retry that same request.
pub fn idempotency_key() -> String {
    (0..4)
        .map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32))
        .collect()
}

/// Runs two requests at once and waits for both, so a page that needs two answers waits
/// for the slower one rather than for the sum.
pub async fn both<A, B>(a: impl Future<Output = A>, b: impl Future<Output = B>) -> (A, B) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut first, mut second) = (None, None);
    poll_fn(|cx| {
        if first.is_none() {
            if let Poll::Ready(out) = a.as_mut().poll(cx) {
                first = Some(out);
            }
        }
        if second.is_none() {
            if let Poll::Ready(out) = b.as_mut().poll(cx) {
                second = Some(out);
            }
        }
        match (first.take(), second.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                (first, second) = (a, b);
                Poll::Pending
            }
        }
    })
    .await
}

/// The part of [`request`] that does not depend on the types of the body and the answer,
/// kept apart so it exists once in the app rather than once per endpoint: sends the
/// request to `url` (a path of this server) and returns the status, the media type and the
/// body of the answer.
async fn send(
    method: Method,
    url: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<(u16, String, String), ApiError> {
    let writes = method != Method::GET && method != Method::HEAD;
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .credentials(RequestCredentials::SameOrigin)
        .header("Accept", "application/json, application/problem+json")
        .header("Accept-Language", lang.tag())
        .abort_signal(signal);
    if writes {
        builder = builder.header(CSRF_HEADER, "1");
    }
    if let Some(key) = idempotency_key {
        builder = builder.header(IDEMPOTENCY_KEY_HEADER, key);
    }
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|_| ApiError::Network)?,
        None => builder.build().map_err(|_| ApiError::Network)?,
    };
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    let failed = |_| {
        if aborted() {
            ApiError::Aborted
        } else {
            ApiError::Network
        }
    };
    let response = request.send().await.map_err(failed)?;
    let text = response.text().await.map_err(failed)?;
    let content_type = response.headers().get("Content-Type").unwrap_or_default();
    Ok((response.status(), content_type, text))
}

/// A request body as JSON text, through the browser's own `JSON.stringify`: the app then
/// carries no JSON encoder or parser of its own, which keeps the download small. Also how
/// a journey writes what it keeps on the device (a survey's draft).
pub fn to_json(body: &impl Serialize) -> Result<String, ApiError> {
    let value = body
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| ApiError::Decode)?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| ApiError::Decode)
}

/// An answer's JSON text as `T`, parsed by the browser's `JSON.parse` and read by
/// [`json::from_value`] (also what a journey kept on the device).
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let value = js_sys::JSON::parse(text).map_err(|_| ApiError::Decode)?;
    json::from_value(value).map_err(|_| ApiError::Decode)
}

/// Sends a `GET` (no body) through [`request`].
pub async fn get<T: DeserializeOwned>(
    path: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    request(Method::GET, path, None::<&()>, lang, signal).await
}

/// Sends a `POST` with a JSON body through [`request`].
pub async fn post<T: DeserializeOwned>(
    path: &str,
    body: &impl Serialize,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<T, ApiError> {
    request(Method::POST, path, Some(body), lang, signal).await
}

/// The pure part of decoding: what an answer with this status, media type and body means.
fn decode_body<T: DeserializeOwned>(
    status: u16,
    content_type: &str,
    text: &str,
) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        // An empty body (204) reads as JSON `null`, which is `()` or `None`.
        let text = if text.trim().is_empty() { "null" } else { text };
        return from_json(text);
    }
    Err(refusal(status, content_type, text))
}

/// Why an answer with an error status failed: its problem, if it has one.
fn refusal(status: u16, content_type: &str, text: &str) -> ApiError {
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media_type == problem::CONTENT_TYPE || media_type == "application/json" {
        if let Ok(problem) = from_json::<Problem>(text) {
            return ApiError::Problem(Box::new(problem));
        }
    }
    ApiError::Status(status)
}

#[cfg(test)]
mod tests {
    use careway_core::problem::ProblemKind;

    use super::*;

    #[test]
    fn unauthenticated_answers_are_recognised() {
        let problem = Problem::new(ProblemKind::Unauthenticated, Lang::ZhCn);
        assert!(ApiError::Problem(Box::new(problem)).is_unauthenticated());
        assert!(ApiError::Status(401).is_unauthenticated());
        assert!(!ApiError::Status(403).is_unauthenticated());
        assert!(!ApiError::Network.is_unauthenticated());
        let conflict = ApiError::Problem(Box::new(Problem::new(ProblemKind::Conflict, Lang::En)));
        assert_eq!(conflict.status(), Some(409));
        assert_eq!(conflict.kind(), Some(ProblemKind::Conflict));
    }

    #[test]
    fn segments_cannot_escape_their_place() {
        assert_eq!(segment("0193a-B_c~"), "0193a-B_c~");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("../me"), "%2E%2E%2Fme");
        assert_eq!(segment("a?b#c d"), "a%3Fb%23c%20d");
        assert_eq!(segment("王"), "%E7%8E%8B");
    }

    #[test]
    fn messages_follow_the_language_asked_for() {
        let problem = Problem::new(ProblemKind::TooManyRequests, Lang::ZhCn);
        let error = ApiError::Problem(Box::new(problem));
        assert_eq!(
            error.message(Lang::En),
            ProblemKind::TooManyRequests.title(Lang::En)
        );
        let mut foreign = Problem::new(ProblemKind::Internal, Lang::En);
        foreign.type_uri = "about:blank".into();
        foreign.title = "Teapot".into();
        assert_eq!(
            ApiError::Problem(Box::new(foreign)).message(Lang::ZhCn),
            "Teapot"
        );
        assert_eq!(
            ApiError::Network.message(Lang::En),
            texts(Lang::En).error_network
        );
        assert!(ApiError::Status(503).message(Lang::ZhCn).contains("503"));
    }
}

/// Decoding goes through the browser's JSON, so these run in the browser.
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests {
    use careway_core::api::booking::BookRequest;
    use careway_core::problem::ProblemKind;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn success_bodies_decode_and_empty_means_null() {
        let n: Result<u32, _> = decode_body(200, "application/json", "42");
        assert_eq!(n, Ok(42));
        let unit: Result<(), _> = decode_body(204, "", "");
        assert_eq!(unit, Ok(()));
        let wrong: Result<u32, _> = decode_body(200, "application/json", "\"x\"");
        assert_eq!(wrong, Err(ApiError::Decode));
    }

    #[wasm_bindgen_test]
    fn problem_bodies_become_problems() {
        let body = r#"{"type":"urn:careway:problem:conflict","title":"冲突","status":409}"#;
        let result: Result<(), _> =
            decode_body(409, "application/problem+json; charset=utf-8", body);
        let Err(ApiError::Problem(problem)) = result else {
            panic!("expected a problem, got {result:?}");
        };
        assert_eq!(problem.kind(), Some(ProblemKind::Conflict));
    }

    #[wasm_bindgen_test]
    fn error_pages_without_problem_keep_their_status() {
        let result: Result<(), _> = decode_body(502, "text/html", "<h1>Bad gateway</h1>");
        assert_eq!(result, Err(ApiError::Status(502)));
        let result: Result<(), _> = decode_body(500, "application/problem+json", "oops");
        assert_eq!(result, Err(ApiError::Status(500)));
    }

    #[wasm_bindgen_test]
    fn bodies_are_plain_json_objects() {
        let body = BookRequest {
            slot_id: "s-1".into(),
            patient_id: "p \"1\"".into(),
        };
        assert_eq!(
            to_json(&body).unwrap(),
            r#"{"slot_id":"s-1","patient_id":"p \"1\""}"#
        );
        let back: BookRequest = from_json(&to_json(&body).unwrap()).unwrap();
        assert_eq!(back.patient_id, "p \"1\"");
        assert_eq!(to_json(&None::<u32>).unwrap(), "null");
        assert_eq!(from_json::<i64>("4200"), Ok(4200));
        assert_eq!(from_json::<u32>("{"), Err(ApiError::Decode));
    }
}

//! The server's one error type and how every failure becomes an RFC 9457 problem body.
//!
//! Handlers return [`Error`]; it turns into a response carrying a [`ProblemSpec`] (what went
//! wrong, without words). The [`render_problems`] middleware then writes the body in the
//! request's language with the request id, so handlers never deal with languages. The same
//! middleware turns any other error status under `/api` (an unknown route, a body over the
//! size limit) into a problem body, so a client never has to parse anything else.

use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use careway_core::api::LocalText;
use careway_core::booking::Refusal;
use careway_core::locale::Lang;
use careway_core::problem::{self, FieldCode, FieldError, Problem, ProblemKind};
use serde::de::DeserializeOwned;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A failure of the given kind, with an optional explanation for the patient and
    /// optional field errors.
    #[error("{kind:?}")]
    Problem {
        /// What kind of failure.
        kind: ProblemKind,
        /// More words for this occurrence.
        detail: Option<LocalText>,
        /// Fields to point at, if any.
        errors: Vec<(String, FieldCode)>,
    },
    /// Fields that were refused, each with its reason.
    #[error("validation failed: {0:?}")]
    Validation(Vec<(String, FieldCode)>),
    /// A booking rule said no: its kind, words and blocking appointment come from the
    /// refusal itself.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// Too many attempts; the client may retry after this many seconds.
    #[error("rate limited for {retry_after}s")]
    TooManyRequests {
        /// Seconds until a retry can succeed.
        retry_after: u64,
    },
    /// A failure of the server itself: logged in full, reported to the client as a bare 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// A failure of `kind` with no further explanation.
    pub fn kind(kind: ProblemKind) -> Error {
        Error::Problem {
            kind,
            detail: None,
            errors: Vec::new(),
        }
    }

    /// A failure of `kind` with words for the patient in both languages.
    pub fn with_detail(kind: ProblemKind, zh: impl Into<String>, en: impl Into<String>) -> Error {
        Error::Problem {
            kind,
            detail: Some(LocalText {
                zh: zh.into(),
                en: en.into(),
            }),
            errors: Vec::new(),
        }
    }

    /// The answer for a resource that does not exist or is not the caller's.
    pub fn not_found() -> Error {
        Error::kind(ProblemKind::NotFound)
    }

    /// A validation failure on a single field.
    pub fn field(field: impl Into<String>, code: FieldCode) -> Error {
        Error::Validation(vec![(field.into(), code)])
    }
}

impl From<sqlx::Error> for Error {
    fn from(err: sqlx::Error) -> Error {
        Error::Internal(err.into())
    }
}

impl From<Refusal> for Error {
    fn from(refusal: Refusal) -> Error {
        Error::Refused(refusal)
    }
}

/// The language-free description of a problem, left on the response for
/// [`render_problems`] to put into words.
#[derive(Clone, Debug)]
pub struct ProblemSpec {
    kind: ProblemKind,
    detail: Option<LocalText>,
    errors: Vec<(String, FieldCode)>,
    retry_after: Option<u64>,
    appointment_id: Option<String>,
}

impl ProblemSpec {
    fn of_kind(kind: ProblemKind) -> ProblemSpec {
        ProblemSpec {
            kind,
            detail: None,
            errors: Vec::new(),
            retry_after: None,
            appointment_id: None,
        }
    }

    fn render(&self, lang: Lang, request_id: Option<String>) -> Problem {
        let mut problem = Problem::new(self.kind, lang);
        problem.detail = self.detail.as_ref().map(|d| d.get(lang).to_owned());
        problem.errors = self
            .errors
            .iter()
            .map(|(field, code)| FieldError::new(field.clone(), *code, lang))
            .collect();
        problem.retry_after = self.retry_after;
        problem.request_id = request_id;
        problem.appointment_id = self.appointment_id.clone();
        problem
    }

    fn into_response_in(self, lang: Lang, request_id: Option<String>) -> Response {
        let status =
            StatusCode::from_u16(self.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self.render(lang, request_id)).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(problem::CONTENT_TYPE),
        );
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.tag()),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(self);
        response
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let spec = match self {
            Error::Problem {
                kind,
                detail,
                errors,
            } => ProblemSpec {
                detail,
                errors,
                ..ProblemSpec::of_kind(kind)
            },
            Error::Validation(errors) => ProblemSpec {
                errors,
                ..ProblemSpec::of_kind(ProblemKind::Validation)
            },
            Error::Refused(refusal) => ProblemSpec {
                detail: Some(refusal.detail()),
                appointment_id: refusal.appointment_id().map(str::to_owned),
                ..ProblemSpec::of_kind(refusal.kind())
            },
            Error::TooManyRequests { retry_after } => ProblemSpec {
                retry_after: Some(retry_after),
                ..ProblemSpec::of_kind(ProblemKind::TooManyRequests)
            },
            Error::Internal(err) => {
                // Logged inside the request's span, which carries the request id the
                // client sees; the body says nothing about the cause.
                tracing::error!(error = ?err, "internal error");
                ProblemSpec::of_kind(ProblemKind::Internal)
            }
        };
        spec.into_response_in(Lang::default(), None)
    }
}

/// The problems any request with a JSON body can be answered with before its handler
/// runs ([`Json`]), declared once so that every such operation documents all four.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum BodyProblems {
    /// The body is not JSON at all.
    #[response(status = 400, content_type = "application/problem+json")]
    Malformed(#[to_schema] Problem),
    /// The body is larger than the API accepts.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(#[to_schema] Problem),
    /// The body is not `application/json`.
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(#[to_schema] Problem),
    /// A field is missing, of the wrong type or refused; `errors` names each one.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(#[to_schema] Problem),
}

/// The problem of an operation that needs a session, asked without a live one.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum SessionProblems {
    /// No session cookie, or its session has ended or timed out.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(#[to_schema] Problem),
}

/// The problem of a state-changing request without the anti-forgery header (see
/// [`super::auth::require_csrf_header`]), which every write but the exempt ones can meet.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum CsrfProblems {
    /// The `X-Careway-Csrf` header is missing.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(#[to_schema] Problem),
}

/// The problem of an operation whose query parameters are refused ([`Query`]).
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum QueryProblems {
    /// A query parameter is of the wrong type or out of range.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(#[to_schema] Problem),
}

/// The kind that best describes an error status produced outside the handlers.
fn kind_for_status(status: StatusCode) -> ProblemKind {
    match status.as_u16() {
        401 => ProblemKind::Unauthenticated,
        403 => ProblemKind::Forbidden,
        404 => ProblemKind::NotFound,
        405 => ProblemKind::MethodNotAllowed,
        409 => ProblemKind::Conflict,
        413 => ProblemKind::PayloadTooLarge,
        415 => ProblemKind::UnsupportedMediaType,
        422 => ProblemKind::Validation,
        429 => ProblemKind::TooManyRequests,
        503 | 504 => ProblemKind::Unavailable,
        400..=499 => ProblemKind::MalformedRequest,
        _ => ProblemKind::Internal,
    }
}

/// The language a request asked for in `Accept-Language`.
pub fn request_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or_default()
}

/// Middleware for `/api`: writes every problem in the request's language with the request
/// id, and turns any other error response into a problem body.
pub async fn render_problems(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path != "/api" && !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let lang = request_lang(request.headers());
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut response = next.run(request).await;
    let spec = match response.extensions_mut().remove::<ProblemSpec>() {
        Some(spec) => spec,
        None if response.status().is_client_error() || response.status().is_server_error() => {
            ProblemSpec::of_kind(kind_for_status(response.status()))
        }
        None => return response,
    };
    let mut rendered = spec.into_response_in(lang, request_id);
    // Keep headers an inner layer set on purpose (e.g. `Allow` on a 405).
    for name in [header::ALLOW, header::WWW_AUTHENTICATE] {
        if let Some(value) = response.headers().get(&name) {
            rendered.headers_mut().insert(name, value.clone());
        }
    }
    rendered
}

/// Answers requests to `/api` paths that match no route.
pub async fn api_not_found() -> Error {
    Error::not_found()
}

/// A JSON request body. Unlike axum's own extractor, every way a body can be wrong answers
/// with a problem: not JSON → 400, wrong or missing fields → 422 naming the field, not
/// `application/json` → 415, too large → 413.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == mime::APPLICATION
                    && (m.subtype() == mime::JSON || m.suffix() == Some(mime::JSON))
            });
        if !is_json {
            return Err(Error::kind(ProblemKind::UnsupportedMediaType));
        }
        let bytes =
            Bytes::from_request(req, state)
                .await
                .map_err(|rejection: BytesRejection| match rejection.status() {
                    StatusCode::PAYLOAD_TOO_LARGE => Error::kind(ProblemKind::PayloadTooLarge),
                    _ => Error::kind(ProblemKind::MalformedRequest),
                })?;
        decode_json(&bytes).map(Json)
    }
}

/// Decodes a JSON body, telling a syntax error (400) from a shape error (422 on a field).
///
/// The body is first read as any JSON value, so a truncated or garbled body is always a
/// syntax error, whatever the expected type would have noticed first.
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|_| Error::kind(ProblemKind::MalformedRequest))?;
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path = err.path().to_string();
        let message = err.into_inner().to_string();
        let (field, code) = match message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            Some(missing) if path == "." => (missing.to_owned(), FieldCode::Required),
            Some(missing) => (format!("{path}.{missing}"), FieldCode::Required),
            None if message.starts_with("unknown variant") => (path, FieldCode::OutOfRange),
            // The path already ends in the unknown member's name.
            None if message.starts_with("unknown field") => (path, FieldCode::Unknown),
            None => (path, FieldCode::WrongType),
        };
        Error::Validation(vec![(field, code)])
    })
}

/// Path parameters whose rejection is a 404 problem (a malformed id names nothing).
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Path(v))
            .map_err(|_: PathRejection| Error::not_found())
    }
}

/// Query parameters whose rejection is a 422 problem.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| Query(v))
            .map_err(|rejection: QueryRejection| {
                tracing::debug!(%rejection, "query rejected");
                Error::field("query", FieldCode::Format)
            })
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        phone: String,
        age: u8,
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        inner: Option<Inner>,
    }

    fn fields(err: Error) -> Vec<(String, &'static str)> {
        match err {
            Error::Validation(errors) => errors.into_iter().map(|(f, c)| (f, c.as_str())).collect(),
            other => panic!("expected validation, got {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_malformed_requests() {
        for body in ["{bad", "", "[1,2", "{\"phone\":\"1\",\"age\":1} trailing"] {
            match decode_json::<Body>(body.as_bytes()) {
                Err(Error::Problem { kind, .. }) => {
                    assert_eq!(kind, ProblemKind::MalformedRequest, "{body}")
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn shape_errors_name_the_field() {
        assert_eq!(
            fields(decode_json::<Body>(br#"{"age":3}"#).unwrap_err()),
            vec![("phone".to_owned(), "required")]
        );
        assert_eq!(
            fields(decode_json::<Body>(br#"{"phone":"1","age":"three"}"#).unwrap_err()),
            vec![("age".to_owned(), "wrong_type")]
        );
        assert_eq!(
            fields(decode_json::<Body>(br#"{"phone":"1","age":300}"#).unwrap_err()),
            vec![("age".to_owned(), "wrong_type")]
        );
        assert_eq!(
            fields(decode_json::<Body>(br#"{"phone":"1","age":3,"inner":{}}"#).unwrap_err()),
            vec![("inner.name".to_owned(), "required")]
        );
        assert_eq!(
            fields(decode_json::<Strict>(br#"{"inenr":{"name":"x"}}"#).unwrap_err()),
            vec![("inenr".to_owned(), "unknown")]
        );
        assert_eq!(
            fields(decode_json::<Strict>(br#"{"inner":{"name":"x","nmae":"y"}}"#).unwrap_err()),
            vec![("inner.nmae".to_owned(), "unknown")]
        );
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(
            kind_for_status(StatusCode::NOT_FOUND),
            ProblemKind::NotFound
        );
        assert_eq!(
            kind_for_status(StatusCode::PAYLOAD_TOO_LARGE),
            ProblemKind::PayloadTooLarge
        );
        assert_eq!(
            kind_for_status(StatusCode::IM_A_TEAPOT),
            ProblemKind::MalformedRequest
        );
        assert_eq!(
            kind_for_status(StatusCode::BAD_GATEWAY),
            ProblemKind::Internal
        );
    }
}

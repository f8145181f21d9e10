//! `POST /api/v1/client-errors`: the app reports failures it met (a request that failed
//! unexpectedly, a page that could not render), so the hospital's IT sees them in the
//! server's log next to the request ids patients quote, instead of hearing "the app is
//! broken" with nothing to go on.
//!
//! Everything in a report is the client's word: each field is written escaped (a newline
//! cannot start a forged log line, an escape code cannot colour a terminal), and each
//! address may report 20 times a minute, so a script cannot fill the log.

use axum::extract::State;
use axum::http::StatusCode;
use careway_core::problem::{FieldCode, Problem};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::ClientInfo;
use super::error::{Error, Json};
use super::throttle::Hit;
use crate::AppState;

/// One failure as the app saw it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientError {
    /// What went wrong, as the app describes it (≤ 2 000 characters, not blank).
    #[schema(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub message: String,
    /// The app route where it happened (≤ 200 characters), without query or fragment.
    #[schema(max_length = 200, pattern = r"^/[^?#]*$")]
    pub route: String,
    /// The request id of the failed call, when there was one.
    #[serde(default)]
    #[schema(max_length = 64)]
    pub request_id: Option<String>,
}

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report))
}

/// Records a failure the app met; answers 202 with no body.
#[utoipa::path(post, path = "/client-errors", tag = "meta",
    request_body = ClientError,
    responses(
        (status = 202, description = "Recorded"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
        super::error::BodyProblems,
    ))]
pub async fn report(
    State(state): State<AppState>,
    client: ClientInfo,
    Json(report): Json<ClientError>,
) -> Result<StatusCode, Error> {
    if let Hit::Over { retry_after } = state.throttles.client_errors.hit(&client.quota_key()) {
        return Err(Error::TooManyRequests { retry_after });
    }
    let mut errors = Vec::new();
    if report.message.trim().is_empty() {
        errors.push(("message".to_owned(), FieldCode::Required));
    } else if report.message.chars().count() > 2000 {
        errors.push(("message".to_owned(), FieldCode::TooLong));
    }
    if report.route.chars().count() > 200 {
        errors.push(("route".to_owned(), FieldCode::TooLong));
    } else if !report.route.starts_with('/') || report.route.contains(['?', '#']) {
        errors.push(("route".to_owned(), FieldCode::Format));
    }
    if report
        .request_id
        .as_ref()
        .is_some_and(|id| id.chars().count() > 64)
    {
        errors.push(("request_id".to_owned(), FieldCode::TooLong));
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    tracing::warn!(
        route = %report.route.escape_debug(),
        failed_request_id = ?report.request_id.as_deref().unwrap_or("-"),
        message = %report.message.escape_debug(),
        "the app reported a failure"
    );
    Ok(StatusCode::ACCEPTED)
}

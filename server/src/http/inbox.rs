//! The account's inbox: `GET /inbox` (the latest 100 messages, newest first) and
//! `POST /inbox/{id}/read`. Another account's message answers 404, and the attempt is in
//! the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use careway_core::api::inbox::InboxItem;
use careway_core::api::LocalText;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{ClientInfo, CurrentSession};
use super::error::{Error, Path};
use crate::store::inbox;
use crate::{http, AppState};

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(mark_read))
}

/// The account's messages, newest first.
#[utoipa::path(get, path = "/inbox", tag = "inbox",
    responses(
        (status = 200, body = [InboxItem]),
        super::error::SessionProblems,
    ))]
pub async fn list(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<axum::Json<Vec<InboxItem>>, Error> {
    let rows = inbox::list(&state.db, &session.account_id, 100).await?;
    let items = rows
        .into_iter()
        .map(|r| InboxItem {
            id: r.id,
            kind: r.kind,
            patient_id: r.patient_id,
            title: LocalText {
                zh: r.title_zh,
                en: r.title_en,
            },
            body: LocalText {
                zh: r.body_zh,
                en: r.body_en,
            },
            link: r.link,
            created_at: jiff::Timestamp::from_millisecond(r.created_at)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            read: r.read_at.is_some(),
        })
        .collect();
    Ok(axum::Json(items))
}

/// Marks a message read.
#[utoipa::path(post, path = "/inbox/{id}/read", tag = "inbox",
    params(("id" = String, Path, description = "The message")),
    responses(
        (status = 204),
        (status = 404, body = careway_core::problem::Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<StatusCode, Error> {
    if inbox::mark_read(&state.db, &session.account_id, &id, state.clock.now()).await? {
        return Ok(StatusCode::NO_CONTENT);
    }
    if inbox::exists(&state.db, &id).await? {
        let detail = json!({ "resource": "inbox", "id": id });
        http::audit(
            &state,
            "authz.denied",
            Some(&session.account_id),
            &client,
            detail,
        )
        .await;
    }
    Err(Error::not_found())
}

//! The symptom guide: `POST /triage` suggests departments for what a patient describes, or
//! sends them to the emergency department now; `GET /triage/areas` lists body areas and
//! their common symptoms for patients who tap rather than type. Only departments the
//! department list shows as bookable are recommended: both read the same catalogue.

use axum::extract::State;
use careway_core::api::triage::{BodyArea, TriageRequest, TriageResult, MAX_TEXT_CHARS};
use careway_core::problem::{FieldCode, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{Error, Json};
use crate::store::catalogue;
use crate::AppState;

/// The symptom guide's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(triage))
        .routes(routes!(triage_areas))
}

/// Suggests departments for symptoms, or tells the patient to go to the emergency
/// department now when a symptom is a red flag.
#[utoipa::path(post, path = "/triage", tag = "triage",
    request_body = TriageRequest,
    responses(
        (status = 200, body = TriageResult),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn triage(
    State(state): State<AppState>,
    Json(req): Json<TriageRequest>,
) -> Result<axum::Json<TriageResult>, Error> {
    if req.text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::field("text", FieldCode::TooLong));
    }
    if req.text.trim().is_empty() && req.symptom_ids.is_empty() {
        return Err(Error::field("text", FieldCode::Required));
    }
    let mut result = state.content.triage.triage(&req);
    let departments = catalogue::departments(&state.db).await?;
    result.recommendations.retain(|r| {
        departments
            .iter()
            .any(|d| d.bookable && d.id == r.department)
    });
    Ok(axum::Json(result))
}

/// The body areas and their common symptoms, for patients who tap rather than type.
#[utoipa::path(get, path = "/triage/areas", tag = "triage",
    responses((status = 200, body = [BodyArea])))]
pub async fn triage_areas(State(state): State<AppState>) -> axum::Json<Vec<BodyArea>> {
    axum::Json(state.content.triage.body_areas())
}

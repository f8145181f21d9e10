//! The symptom guide: `POST /triage` suggests departments for what a patient describes, or
//! sends them to the emergency department now; `GET /triage/areas` lists body areas and
//! their common symptoms for patients who tap rather than type. Only departments the
//! department list shows as bookable are recommended: both read the same catalogue.

use axum::extract::State;
use careway_core::api::triage::{BodyArea, TriageRequest, TriageResult, MAX_TEXT_CHARS};
use careway_core::problem::FieldCode;
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};
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
    request_body = TriageBody,
    responses(
        (status = 200, body = TriageResult),
        super::error::CsrfProblems,
        super::error::BodyProblems,
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

/// The body of `POST /triage` as the server checks it, for the OpenAPI document: a
/// [`TriageRequest`] that describes something, in words (`text` not blank) or in tapped
/// symptoms (`symptom_ids` not empty). A field-level schema cannot say "one or the other".
pub struct TriageBody;

impl utoipa::PartialSchema for TriageBody {
    fn schema() -> RefOr<Schema> {
        let in_words = ObjectBuilder::new().required("text").property(
            "text",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(r"\S")),
        );
        let by_symptoms = ObjectBuilder::new().required("symptom_ids").property(
            "symptom_ids",
            ArrayBuilder::new()
                .items(ObjectBuilder::new().schema_type(Type::String))
                .min_items(Some(1)),
        );
        AllOfBuilder::new()
            .item(Ref::from_schema_name(TriageRequest::name()))
            .item(AnyOfBuilder::new().item(in_words).item(by_symptoms))
            .into()
    }
}

impl utoipa::ToSchema for TriageBody {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((TriageRequest::name().into_owned(), TriageRequest::schema()));
        TriageRequest::schemas(schemas);
    }
}

/// The body areas and their common symptoms, for patients who tap rather than type.
#[utoipa::path(get, path = "/triage/areas", tag = "triage",
    responses((status = 200, body = [BodyArea])))]
pub async fn triage_areas(State(state): State<AppState>) -> axum::Json<Vec<BodyArea>> {
    axum::Json(state.content.triage.body_areas())
}

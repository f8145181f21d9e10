//! Surveys: the patient reads one (`GET /surveys/{id}`) and answers it
//! (`POST /surveys/{id}/response`); the service team works the complaints low ratings open
//! (`GET /staff/complaints`, `PATCH /staff/complaints/{id}`, staff token).
//!
//! The answers come as the engine's [`Response`] (what the app sends) or as a FHIR R4
//! QuestionnaireResponse (what another system would send); either is stored as a FHIR
//! QuestionnaireResponse in the engine's own writing.
//!
//! A submission is checked by the same questionnaire engine the app runs: every problem
//! answers 422 with one field error per item, named by its linkId. The hospital's
//! complaint rule ([`complaint_for`]) decides whether a ticket opens. Submitting the same
//! answers again (a retry after a dropped connection) answers as the first time and opens
//! no second ticket; other answers to an answered survey are a conflict. Another account's
//! survey answers 404, and the attempt is audited.

use std::rc::Rc;

use axum::body::Bytes;
use axum::extract::State;
use careway_core::api::surveys::{
    Complaint, ComplaintStatus, FollowUp, Survey, SurveyStatus, UpdateComplaint,
};
use careway_core::api::LocalText;
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use careway_core::questionnaire::{
    check, complaint_for, ErrorCode, QuestionnaireResponse, Response, Status,
};
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{ClientInfo, CurrentSession};
use super::error::{decode_json, Error, Json, Path, Query};
use super::staff::Staff;
use crate::store::surveys::{self as store, ComplaintRow, Submitted, SurveyRow, Updated};
use crate::{http, AppState};

/// The longest resolution text staff may write.
const MAX_RESOLUTION_CHARS: usize = 1000;

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_survey))
        .routes(routes!(submit))
        .routes(routes!(list_complaints))
        .routes(routes!(update_complaint))
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn complaint_status(s: &str) -> ComplaintStatus {
    match s {
        "in_progress" => ComplaintStatus::InProgress,
        "resolved" => ComplaintStatus::Resolved,
        _ => ComplaintStatus::Open,
    }
}

/// The survey body for `row`; `None` when its questionnaire is no longer configured.
fn survey_body(state: &AppState, row: SurveyRow) -> Result<Survey, Error> {
    let form = state
        .content
        .surveys
        .by_name(&row.questionnaire)
        .ok_or_else(|| {
            anyhow::anyhow!("survey {}: no questionnaire {}", row.id, row.questionnaire)
        })?;
    let today = state.today().to_string();
    let status = match row.status.as_str() {
        "submitted" => SurveyStatus::Submitted,
        _ if row.due_date < today => SurveyStatus::Expired,
        _ => SurveyStatus::Open,
    };
    let response = row
        .response
        .as_deref()
        .map(serde_json::from_str::<QuestionnaireResponse>)
        .transpose()
        .map_err(|e| anyhow::anyhow!("survey {}: stored response: {e}", row.id))?
        .map(|stored| Response::from_questionnaire_response(&stored));
    let follow_up = row.complaint_status.as_deref().map(|s| FollowUp {
        status: complaint_status(s),
        resolution: row.resolution.clone(),
        updated_at: rfc3339(row.complaint_updated_at.unwrap_or_default()),
    });
    Ok(Survey {
        id: row.id,
        patient_id: row.patient_id,
        patient_name: row.patient_name,
        visit: LocalText {
            zh: row.visit_zh,
            en: row.visit_en,
        },
        form: Rc::new(form.form.clone()),
        status,
        due: row.due_date,
        submitted_at: row.submitted_at.map(rfc3339),
        response,
        follow_up,
    })
}

/// Audits an attempt on a survey of another account, then answers 404.
async fn not_found(state: &AppState, account_id: &str, client: &ClientInfo, id: &str) -> Error {
    match store::exists(&state.db, id).await {
        Ok(true) => {
            let detail = json!({ "resource": "survey", "id": id });
            http::audit(state, "authz.denied", Some(account_id), client, detail).await;
        }
        Ok(false) => {}
        Err(e) => return e.into(),
    }
    Error::not_found()
}

/// One of the account's surveys, with the questionnaire and, once answered, the answers
/// and the follow-up of any complaint they opened.
#[utoipa::path(get, path = "/surveys/{id}", tag = "surveys",
    params(("id" = String, Path, description = "The survey")),
    responses(
        (status = 200, body = Survey),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::SessionProblems,
    ))]
pub async fn get_survey(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<axum::Json<Survey>, Error> {
    match store::get(&state.db, &session.account_id, &id).await? {
        Some(row) => Ok(axum::Json(survey_body(&state, row)?)),
        None => Err(not_found(&state, &session.account_id, &client, &id).await),
    }
}

/// The field code an engine finding is reported under.
fn field_code(code: ErrorCode) -> FieldCode {
    match code {
        ErrorCode::Required => FieldCode::Required,
        ErrorCode::TooLong => FieldCode::TooLong,
        ErrorCode::WrongType => FieldCode::WrongType,
        ErrorCode::UnknownItem | ErrorCode::AnsweredWhileDisabled => FieldCode::Unknown,
        ErrorCode::TooFew
        | ErrorCode::TooMany
        | ErrorCode::NotAnOption
        | ErrorCode::ReadOnlyChanged => FieldCode::OutOfRange,
    }
}

/// The answers in a submission's body: a FHIR QuestionnaireResponse when it says so
/// (`"resourceType"`), the engine's [`Response`] otherwise.
fn read_answers(body: &[u8]) -> Result<Response, Error> {
    /// Only the one member that tells the two apart.
    #[derive(Deserialize)]
    struct Kind {
        #[serde(rename = "resourceType")]
        resource_type: Option<serde_json::Value>,
    }
    let kind: Kind = decode_json(body)?;
    if kind.resource_type.is_none() {
        return decode_json(body);
    }
    let qr: QuestionnaireResponse = decode_json(body)?;
    if qr.resource_type != "QuestionnaireResponse" {
        return Err(Error::Validation(vec![(
            "resourceType".into(),
            FieldCode::OutOfRange,
        )]));
    }
    Ok(Response::from_questionnaire_response(&qr))
}

/// Answers a survey with completed answers: the engine's response or a FHIR
/// QuestionnaireResponse.
#[utoipa::path(post, path = "/surveys/{id}/response", tag = "surveys",
    params(("id" = String, Path, description = "The survey")),
    request_body(content = Object, description = "The answers, status `completed`: either the \
        engine's response (`{\"questionnaire\", \"status\", \"answers\": {\"values\": {linkId: \
        [value]}, \"groups\": {linkId: [answers]}}}`, values as in the survey's form) or a FHIR \
        R4 QuestionnaireResponse (`\"resourceType\": \"QuestionnaireResponse\"`)"),
    responses(
        (status = 200, body = Survey, description = "Answered (or the same answers again)"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
         description = "Already answered otherwise, or past its due date"),
        super::error::BodyProblems,
        super::error::SessionProblems,
        super::error::CsrfProblems,
    ))]
pub async fn submit(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<axum::Json<Survey>, Error> {
    let account = &session.account_id;
    let Some(row) = store::get(&state.db, account, &id).await? else {
        return Err(not_found(&state, account, &client, &id).await);
    };
    let response = read_answers(&body)?;
    let survey = state
        .content
        .surveys
        .by_name(&row.questionnaire)
        .ok_or_else(|| anyhow::anyhow!("survey {id}: no questionnaire {}", row.questionnaire))?;
    let form = &survey.form;
    let mut errors: Vec<(String, FieldCode)> = Vec::new();
    if response.status != Status::Completed {
        errors.push(("status".into(), FieldCode::OutOfRange));
    }
    if let (Some(given), Some(url)) = (&response.questionnaire, &form.url) {
        // A canonical may carry a version (`url|2026.1`).
        if given.split('|').next() != Some(url.as_str()) {
            errors.push(("questionnaire".into(), FieldCode::OutOfRange));
        }
    }
    for e in check(form, &response) {
        let field = (e.link_id, field_code(e.code));
        if !errors.contains(&field) {
            errors.push(field);
        }
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    // What is stored is the engine's own writing of the answers, so a retry compares equal
    // however the client ordered its JSON.
    let mut canonical = response.without_disabled(form);
    canonical.status = Status::Completed;
    let stored = canonical.to_questionnaire_response(form);
    let stored_json = serde_json::to_string(&stored).map_err(anyhow::Error::from)?;
    let decision = complaint_for(form, &canonical);
    let today = state.today().to_string();
    let now = state.clock.now();
    match store::submit(
        &state.db,
        account,
        &id,
        &stored_json,
        decision.as_ref(),
        &today,
        now,
    )
    .await?
    {
        Submitted::Stored { complaint } => {
            let detail = json!({ "survey": id, "complaint": complaint });
            http::audit(&state, "survey.submitted", Some(account), &client, detail).await;
        }
        Submitted::Again => {}
        Submitted::AlreadyAnswered => {
            return Err(Error::with_detail(
                ProblemKind::Conflict,
                "这份问卷已经提交过了。",
                "This survey has already been answered.",
            ))
        }
        Submitted::Expired => {
            return Err(Error::with_detail(
                ProblemKind::Conflict,
                "这份问卷已过有效期，不能再提交。",
                "This survey is past its due date and can no longer be answered.",
            ))
        }
        Submitted::NotFound => return Err(Error::not_found()),
    }
    let row = store::get(&state.db, account, &id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("survey {id} vanished after submitting"))?;
    Ok(axum::Json(survey_body(&state, row)?))
}

impl From<ComplaintRow> for Complaint {
    fn from(c: ComplaintRow) -> Complaint {
        Complaint {
            id: c.id,
            survey_id: c.survey_id,
            patient_name: c.patient_name,
            contact_phone: c.wants_contact.then_some(c.phone),
            visit: LocalText {
                zh: c.visit_zh,
                en: c.visit_en,
            },
            overall: u8::try_from(c.overall).unwrap_or(0),
            low_items: c
                .low_items
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            comment: c.comment,
            status: complaint_status(&c.status),
            resolution: c.resolution,
            created_at: rfc3339(c.created_at),
            updated_at: rfc3339(c.updated_at),
        }
    }
}

/// Which complaints to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ComplaintQuery {
    /// Only those with this status (`open`, `in_progress`, `resolved`); all when absent.
    pub status: Option<ComplaintStatus>,
}

fn status_name(s: ComplaintStatus) -> &'static str {
    match s {
        ComplaintStatus::Open => "open",
        ComplaintStatus::InProgress => "in_progress",
        ComplaintStatus::Resolved => "resolved",
    }
}

/// Complaint tickets, oldest first (at most 500).
#[utoipa::path(get, path = "/staff/complaints", tag = "staff",
    params(ComplaintQuery),
    responses(
        (status = 200, body = [Complaint]),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        super::error::QueryProblems,
    ),
    security(("staff_token" = [])))]
pub async fn list_complaints(
    State(state): State<AppState>,
    _staff: Staff,
    Query(q): Query<ComplaintQuery>,
) -> Result<axum::Json<Vec<Complaint>>, Error> {
    let rows = store::complaints(&state.db, q.status.map(status_name), 500).await?;
    Ok(axum::Json(rows.into_iter().map(Complaint::from).collect()))
}

/// Takes a complaint up (`in_progress`) or resolves it with what was done; the patient is
/// told in their inbox either way.
#[utoipa::path(patch, path = "/staff/complaints/{id}", tag = "staff",
    params(("id" = String, Path, description = "The complaint")),
    request_body = UpdateComplaint,
    responses(
        (status = 200, body = Complaint),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
         description = "Already resolved"),
        super::error::BodyProblems,
    ),
    security(("staff_token" = [])))]
pub async fn update_complaint(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Path(id): Path<String>,
    Json(req): Json<UpdateComplaint>,
) -> Result<axum::Json<Complaint>, Error> {
    let resolution = req
        .resolution
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match (req.status, resolution) {
        (ComplaintStatus::Open, _) => {
            return Err(Error::field("status", FieldCode::OutOfRange));
        }
        (ComplaintStatus::Resolved, None) => {
            return Err(Error::field("resolution", FieldCode::Required));
        }
        (_, Some(r)) if r.chars().count() > MAX_RESOLUTION_CHARS => {
            return Err(Error::field("resolution", FieldCode::TooLong));
        }
        _ => {}
    }
    match store::update_complaint(
        &state.db,
        &id,
        status_name(req.status),
        resolution,
        state.clock.now(),
    )
    .await?
    {
        Updated::Done(row) => {
            let detail = json!({ "complaint": id, "status": status_name(req.status) });
            http::audit(&state, "complaint.updated", None, &client, detail).await;
            Ok(axum::Json((*row).into()))
        }
        Updated::NotFound => Err(Error::not_found()),
        Updated::Closed => Err(Error::with_detail(
            ProblemKind::Conflict,
            "该投诉已处理完毕。",
            "This complaint is already resolved.",
        )),
    }
}

//! Endpoints for hospital staff and the hospital information system (HIS): stopping a
//! clinic session when a doctor is away, and a patient's medication plan (the inbox then
//! reminds of each dose). Staff authenticate with a bearer token
//! (`CAREWAY_STAFF_TOKEN`; on a demo server a fixed demo token), never with a patient's
//! session.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use careway_core::api::medication::{MedicationPlan, MedicationPlanRequest};
use careway_core::api::LocalText;
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::ClientInfo;
use super::error::{Error, Json, Path};
use crate::store::{clinics as store, medication};
use crate::{http, AppState};

/// The staff token a demo server accepts when none is configured.
pub const DEMO_STAFF_TOKEN: &str = "careway-demo-staff";

/// A request made with a valid staff token.
#[derive(Debug)]
pub struct Staff;

impl FromRequestParts<AppState> for Staff {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let expected = match (&state.config.staff_token, state.is_demo()) {
            (Some(token), _) => token.as_str(),
            (None, true) => DEMO_STAFF_TOKEN,
            (None, false) => return Err(Error::kind(ProblemKind::Forbidden)),
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(Error::kind(ProblemKind::Unauthenticated))?;
        // Compare digests, so the time taken says nothing about the token.
        if Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes()) {
            Ok(Staff)
        } else {
            let client = ClientInfo::from_request_parts(parts, state)
                .await
                .unwrap_or_else(|e| match e {});
            http::audit_refusal(
                state,
                "staff.denied",
                None,
                &client,
                json!({ "path": parts.uri.path() }),
            )
            .await;
            Err(Error::kind(ProblemKind::Forbidden))
        }
    }
}

/// `POST /staff/sessions/{id}/stop`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct StopRequest {
    /// Why, in Chinese, as patients will read it ("医生外出会诊"); not blank, ≤ 100
    /// characters.
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub reason_zh: String,
    /// Why, in English; ≤ 200 characters.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub reason_en: String,
}

/// The answer to a stop: how many appointments were cancelled.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct Stopped {
    /// Appointments cancelled (their patients were sent a message).
    pub cancelled: u32,
}

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(stop_session))
        .routes(routes!(create_medication_plan))
}

/// Stores a patient's medication plan, from the HIS or the pharmacy once the medicine is
/// handed over: from its start date, the inbox of the patient's account reminds of each
/// dose at its time. Every field problem is answered at once (422); an unknown patient
/// answers 404.
#[utoipa::path(post, path = "/staff/medication-plans", tag = "staff",
    request_body = MedicationPlanRequest,
    responses(
        (status = 201, body = MedicationPlan),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::BodyProblems,
    ),
    security(("staff_token" = [])))]
pub async fn create_medication_plan(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Json(req): Json<MedicationPlanRequest>,
) -> Result<(StatusCode, axum::Json<MedicationPlan>), Error> {
    let checked = careway_core::medication::check(&req);
    let start = req.start_date.parse::<jiff::civil::Date>().ok();
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    if req.patient_id.trim().is_empty() {
        errors.insert(0, ("patient_id".to_owned(), FieldCode::Required));
    }
    if start.is_none() || req.start_date.len() != 10 {
        errors.push(("start_date".to_owned(), FieldCode::Format));
    }
    let (Ok(schedule), Some(start), true) = (checked, start, errors.is_empty()) else {
        return Err(Error::Validation(errors));
    };
    let text = |zh: &str, en: &str| LocalText {
        zh: zh.trim().to_owned(),
        en: en.trim().to_owned(),
    };
    let plan = medication::NewPlan {
        patient_id: &req.patient_id,
        drug: text(&req.drug_zh, &req.drug_en),
        dose: text(&req.dose_zh, &req.dose_en),
        schedule,
        start,
    };
    let plan = medication::create(&state.db, plan, state.clock.now())
        .await?
        .ok_or_else(Error::not_found)?;
    let detail = json!({ "plan": plan.id, "patient": plan.patient_id });
    http::audit(&state, "medication.planned", None, &client, detail).await;
    Ok((StatusCode::CREATED, axum::Json(plan)))
}

/// Stops a clinic session: its appointments are cancelled with the reason and every
/// patient is told by SMS.
#[utoipa::path(post, path = "/staff/sessions/{id}/stop", tag = "staff",
    params(("id" = String, Path, description = "Clinic session id")),
    request_body = StopRequest,
    responses(
        (status = 200, body = Stopped),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::BodyProblems,
    ),
    security(("staff_token" = [])))]
pub async fn stop_session(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Path(id): Path<String>,
    Json(req): Json<StopRequest>,
) -> Result<axum::Json<Stopped>, Error> {
    let zh = req.reason_zh.trim();
    if zh.is_empty() {
        return Err(Error::field("reason_zh", FieldCode::Required));
    }
    if zh.chars().count() > 100 || req.reason_en.chars().count() > 200 {
        return Err(Error::field("reason_zh", FieldCode::TooLong));
    }
    let reason = LocalText {
        zh: zh.to_owned(),
        en: if req.reason_en.trim().is_empty() {
            zh.to_owned()
        } else {
            req.reason_en.trim().to_owned()
        },
    };
    let message = stop_message(&state, &id, &reason.zh).await?;
    let affected = store::stop_session(&state.db, &id, &reason, &message, state.clock.now())
        .await?
        .ok_or_else(Error::not_found)?;
    state.outbox_ready.notify_one();
    let detail = json!({ "session": id, "cancelled": affected.len() });
    http::audit(&state, "session.stopped", None, &client, detail).await;
    Ok(axum::Json(Stopped {
        cancelled: affected.len() as u32,
    }))
}

async fn stop_message(state: &AppState, session_id: &str, reason: &str) -> Result<String, Error> {
    let row = store::session_summary(&state.db, session_id)
        .await?
        .ok_or_else(Error::not_found)?;
    let hospital = &state.content.hospital;
    let period = row.period.label().zh;
    Ok(format!(
        "【{}】您预约的 {} {} {} 医生门诊因{}停诊，预约已取消，挂号费将原路退回。如需改约请打开医院小程序，或致电 {}。",
        hospital.short_name_or_name().zh,
        row.date,
        period,
        row.doctor_name_zh,
        reason,
        hospital.phone
    ))
}

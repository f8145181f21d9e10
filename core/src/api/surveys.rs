//! Surveys and the complaint loop: `GET /surveys/{id}`, `POST /surveys/{id}/response`, and
//! for the service team `GET /staff/complaints` and `PATCH /staff/complaints/{id}`.
//!
//! A survey is one questionnaire sent to an account about one visit of one family member.
//! The server reads the hospital's questionnaires as FHIR R4 and sends each survey's as the
//! engine's parsed form ([`Form`], with its translations), so the app carries the engine
//! but not a FHIR parser. The answers go back the same way, as the engine's [`Response`]
//! (a FHIR QuestionnaireResponse is taken too, from other clients); the app and the
//! server run the same engine ([`crate::questionnaire`]) on them, and the server stores
//! them as a FHIR QuestionnaireResponse.

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::LocalText;
use crate::questionnaire::{Form, Response};

/// Where a survey stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SurveyStatus {
    /// Waiting for the patient's answers.
    Open,
    /// Answered; the answers are in [`Survey::response`].
    Submitted,
    /// Past its due date unanswered; it can no longer be answered.
    Expired,
}

/// One survey for an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    /// The survey's id.
    pub id: String,
    /// The family member the visit was for.
    pub patient_id: String,
    /// Their name, to say whose visit it asks about.
    pub patient_name: String,
    /// The visit it asks about ("内科 · 王医生 · 11月23日").
    pub visit: LocalText,
    /// The questionnaire as the engine parsed it on the server, with its translations.
    /// Shared, so the app's renderer holds it without a copy.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub form: Rc<Form>,
    /// Where it stands.
    pub status: SurveyStatus,
    /// The last day it can be answered (`YYYY-MM-DD`, the hospital's calendar).
    pub due: String,
    /// When it was answered (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// What was answered, in the engine's form (as [`Survey::form`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub response: Option<Response>,
    /// The complaint the answers opened, with its progress, when they opened one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUp>,
}

/// Where a complaint stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    /// Opened, nobody has taken it yet.
    Open,
    /// Someone on the service team is following it up.
    InProgress,
    /// Closed with a resolution the patient can read.
    Resolved,
}

/// What the patient sees of the complaint their answers opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    /// Where it stands.
    pub status: ComplaintStatus,
    /// What the hospital did, once resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A complaint ticket, as the service team works it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    /// The ticket's id.
    pub id: String,
    /// The survey whose answers opened it.
    pub survey_id: String,
    /// The patient's name.
    pub patient_name: String,
    /// The account's mobile number, when the patient asked to be contacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
    /// The visit ("内科 · 王医生 · 11月23日").
    pub visit: LocalText,
    /// The overall rating, 1 or 2.
    pub overall: u8,
    /// The questions rated below 3, by linkId.
    pub low_items: Vec<String>,
    /// The patient's own words, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Where it stands.
    pub status: ComplaintStatus,
    /// What the hospital did, once resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// When it was opened (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// `PATCH /staff/complaints/{id}`: take a complaint up or resolve it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateComplaint {
    /// The new status: `in_progress`, or `resolved` with a resolution.
    pub status: ComplaintStatus,
    /// What was done, in words the patient reads (required to resolve; ≤ 1000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
}

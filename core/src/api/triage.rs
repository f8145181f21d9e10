//! The symptom guide's requests and answers (`POST /api/v1/triage`, `GET
//! /api/v1/triage/areas`), shared by the app and the server, and the limits on what a
//! request may carry.
//!
//! The engine that makes the answers, and the knowledge it reads, are in
//! [`crate::triage`]; this module is only the JSON both sides exchange.

use serde::{Deserialize, Serialize};

use super::LocalText;
use crate::identity::Sex;
use crate::locale::Lang;

/// How much free text is read, in characters: more than any patient types, and a bound on
/// the work a hostile request can cause.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// How many tapped symptom ids are read.
pub const MAX_SYMPTOM_IDS: usize = 64;
/// How many departments an answer recommends at most.
pub const MAX_RECOMMENDATIONS: usize = 3;

/// `POST /api/v1/triage`: what the patient said, and who the patient is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageRequest {
    /// Free text in Chinese or English ("头痛三天，有点头晕"); may be empty.
    #[serde(default)]
    pub text: String,
    /// Symptoms tapped in the body-area list, by [`SymptomChoice::id`].
    #[serde(default)]
    pub symptom_ids: Vec<String>,
    /// The patient's age in whole years; children see the paediatrician.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    /// The patient's sex; gynaecology is not offered to men, nor prostate care to women.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// The patient says she is pregnant (ignored for a male patient).
    #[serde(default)]
    pub pregnant: bool,
    /// The language of the patient, for the labels of tapped symptoms in the reasons.
    #[serde(default)]
    pub lang: Lang,
}

/// The answer: either a red flag, or up to [`MAX_RECOMMENDATIONS`] departments, or a hint
/// when nothing matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageResult {
    /// The `version` of the knowledge that made this answer.
    pub knowledge_version: String,
    /// Set when the symptoms need emergency care now; the app must then route to the
    /// emergency department and offer no booking (`recommendations` is empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flag: Option<RedFlag>,
    /// Departments to book, best first.
    pub recommendations: Vec<Recommendation>,
    /// The ids of the symptoms found, in the order the patient mentioned them.
    pub matched: Vec<String>,
    /// Set when there is neither a red flag nor a recommendation: what to do instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Hint>,
}

/// One recommended department.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recommendation {
    /// The department id, e.g. `neurology`.
    pub department: String,
    /// The summed weight of the rules that chose it: comparable within one answer only.
    pub score: u32,
    /// The patient's own symptom phrases that led here ("头痛", "头晕"), so the app can
    /// say "头痛, 头晕 → 神经内科".
    pub reasons: Vec<String>,
}

/// Emergency advice that replaces booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedFlag {
    /// Which red flag, e.g. `heart_attack`, `stroke`, `suicide`.
    pub id: String,
    /// What to do now (call 120, go to the emergency department), in both languages.
    pub message: LocalText,
    /// The department to route to: the emergency department.
    pub department: String,
}

/// What to do when no department matched: never a guess.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hint {
    /// The department to suggest: general medicine, or paediatrics for a child.
    pub department: String,
    /// The advice, in both languages (choose that department or ask at the help desk).
    pub message: LocalText,
}

/// A body area of the tap list, with its common symptoms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BodyArea {
    /// The area id, e.g. `head`.
    pub id: String,
    /// The area's name.
    pub label: LocalText,
    /// The symptoms a patient can tap in this area.
    pub symptoms: Vec<SymptomChoice>,
}

/// One tappable symptom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SymptomChoice {
    /// The stable id the app sends back in [`TriageRequest::symptom_ids`].
    pub id: String,
    /// The symptom's name.
    pub label: LocalText,
}

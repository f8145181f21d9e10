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
    /// Free text in Chinese or English ("头痛三天，有点头晕"), at most [`MAX_TEXT_CHARS`]
    /// characters; may be empty when symptoms are tapped.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub text: String,
    /// Symptoms tapped in the body-area list, by [`SymptomChoice::id`].
    #[serde(default)]
    pub symptom_ids: Vec<String>,
    /// The patient's age in whole years; children see the paediatrician.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_years"
    )]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 255))]
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

/// Reads an age as JSON Schema's `integer` has it, so `30.0` is 30 like `30`: a client
/// whose JSON library writes whole numbers with a fraction must not be refused.
fn whole_years<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u8>, D::Error> {
    let Some(years) = Option::<f64>::deserialize(deserializer)? else {
        return Ok(None);
    };
    if years.fract() == 0.0 && (0.0..=255.0).contains(&years) {
        Ok(Some(years as u8))
    } else {
        Err(serde::de::Error::invalid_value(
            serde::de::Unexpected::Float(years),
            &"whole years from 0 to 255",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_is_whole_years_written_either_way() {
        let age = |json: &str| serde_json::from_str::<TriageRequest>(json).map(|r| r.age);
        assert_eq!(age(r#"{"age":30}"#).unwrap(), Some(30));
        assert_eq!(age(r#"{"age":130.0}"#).unwrap(), Some(130));
        assert_eq!(age(r#"{"age":null}"#).unwrap(), None);
        assert_eq!(age("{}").unwrap(), None);
        assert!(age(r#"{"age":256}"#).is_err());
        assert!(age(r#"{"age":2.5}"#).is_err());
        assert!(age(r#"{"age":-1}"#).is_err());
    }
}

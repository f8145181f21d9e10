//! The questionnaires the hospital sends: the outpatient satisfaction survey after every
//! completed visit. A hospital may put its own version in its content folder as
//! `satisfaction.json`; otherwise the built-in one
//! (`demo/surveys/outpatient-satisfaction.json`) is used.
//!
//! The file is parsed and checked at start, so a questionnaire the engine would
//! misunderstand stops the server with its name and the problem instead of reaching
//! patients: an item type or feature the engine does not implement, an ambiguous
//! condition, or a missing overall rating (which the complaint rule reads).

use std::sync::Arc;

use anyhow::{bail, Context};
use careway_core::questionnaire::{validate_form, Form, ItemType, Questionnaire, OVERALL_LINK_ID};

/// The file a hospital's own satisfaction survey is read from.
pub const SATISFACTION_FILE: &str = "satisfaction.json";

/// The name a satisfaction survey is stored under (surveys.questionnaire).
pub const SATISFACTION: &str = "outpatient-satisfaction";

/// How many days after the visit a satisfaction survey can still be answered.
pub const DUE_DAYS: i64 = 7;

/// One questionnaire, parsed once when the server starts.
#[derive(Debug)]
pub struct SurveyForm {
    /// The parsed form: sent to the app as it is, and what submissions are checked
    /// against.
    pub form: Form,
}

/// The questionnaires in use.
#[derive(Clone, Debug)]
pub struct Surveys {
    /// The outpatient satisfaction survey.
    pub satisfaction: Arc<SurveyForm>,
}

impl Surveys {
    /// The built-in questionnaires.
    pub fn builtin() -> Surveys {
        let satisfaction = parse(
            "demo/surveys/outpatient-satisfaction.json",
            include_str!("../demo/surveys/outpatient-satisfaction.json"),
        )
        .expect("the built-in satisfaction survey is valid (checked by a unit test)");
        Surveys {
            satisfaction: Arc::new(satisfaction),
        }
    }

    /// The questionnaire stored under `name`.
    pub fn by_name(&self, name: &str) -> Option<&SurveyForm> {
        (name == SATISFACTION).then_some(&*self.satisfaction)
    }
}

/// Parses and checks a satisfaction questionnaire; errors name `file`.
pub fn parse(file: &str, text: &str) -> anyhow::Result<SurveyForm> {
    let questionnaire: Questionnaire =
        serde_json::from_str(text).with_context(|| format!("{file}: not a FHIR Questionnaire"))?;
    let form = Form::parse(&questionnaire).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    if let Some(u) = form.unsupported.first() {
        bail!(
            "{file}: item {}: {} is not supported",
            u.link_id.as_deref().unwrap_or("(questionnaire)"),
            u.feature
        );
    }
    if let Some(e) = validate_form(&form).first() {
        bail!("{file}: {e:?}");
    }
    match form.item(OVERALL_LINK_ID) {
        Some(item) if item.kind == ItemType::Choice && item.required => {}
        _ => bail!(
            "{file}: item {OVERALL_LINK_ID}: must be a required choice (the 1–5 overall rating)"
        ),
    }
    Ok(SurveyForm { form })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_survey_is_valid() {
        let surveys = Surveys::builtin();
        assert!(surveys.by_name(SATISFACTION).is_some());
        assert!(surveys.by_name("phq-9").is_none());
    }

    #[test]
    fn a_survey_whose_overall_rating_is_optional_is_refused_by_name() {
        let mut q: serde_json::Value =
            serde_json::from_str(include_str!("../demo/surveys/outpatient-satisfaction.json"))
                .unwrap();
        for item in q["item"].as_array_mut().unwrap() {
            if item["linkId"] == OVERALL_LINK_ID {
                item["required"] = serde_json::json!(false);
            }
        }
        let err = parse("satisfaction.json", &q.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("satisfaction.json: item overall:"), "{err}");
    }

    #[test]
    fn a_condition_on_a_missing_question_is_refused_naming_both() {
        let text = include_str!("../demo/surveys/outpatient-satisfaction.json")
            .replace("\"linkId\": \"overall\"", "\"linkId\": \"overall-rating\"");
        let err = parse("satisfaction.json", &text).unwrap_err().to_string();
        assert!(
            err.starts_with("satisfaction.json:")
                && err.contains("contact-me")
                && err.contains("overall"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_item_type_is_refused_by_name() {
        let text = r#"{"resourceType":"Questionnaire","item":[{"linkId":"a","type":"slider"}]}"#;
        let err = parse("satisfaction.json", text).unwrap_err().to_string();
        assert!(
            err.contains("satisfaction.json") && err.contains("slider"),
            "{err}"
        );
    }
}

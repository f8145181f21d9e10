//! The hospital's rule for patient satisfaction surveys: an overall rating below 3 stars
//! opens a complaint ticket. This is the one place that rule is decided; a data-driven
//! rule engine calls [`complaint_for`] rather than restating it.
//!
//! It reads the outpatient satisfaction questionnaire
//! (`server/src/demo/surveys/outpatient-satisfaction.json`) by its stable linkIds: the
//! overall rating [`OVERALL_LINK_ID`], the free text [`COMMENTS_LINK_ID`] and the
//! yes / no [`CONTACT_LINK_ID`]. A rating is the chosen option's score (`ordinalValue`),
//! or its code read as a number when the option carries none; ratings run from 1 (very
//! dissatisfied) to 5 (very satisfied). Only answers to enabled items count, as in a
//! submitted response.

use super::enable::enabled;
use super::fhir::Value;
use super::form::{Form, Item, ItemType};
use super::response::Response;
use crate::api::LocalText;

/// The linkId of the required overall rating, 1–5 stars.
pub const OVERALL_LINK_ID: &str = "overall";

/// The linkId of the optional free-text comments ("您的意见和建议").
pub const COMMENTS_LINK_ID: &str = "comments";

/// The linkId of the yes / no "contact me" question, asked only after a low overall rating.
pub const CONTACT_LINK_ID: &str = "contact-me";

/// An overall rating below this opens a complaint; a scale item rated below it is named as
/// a low item of the complaint.
pub const COMPLAINT_BELOW: u8 = 3;

/// The lowest and highest ratings; anything else is not read as a rating.
const RATINGS: std::ops::RangeInclusive<u8> = 1..=5;

/// What the service team needs to open a complaint ticket for one response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintDecision {
    /// The overall rating, 1 to `COMPLAINT_BELOW - 1`.
    pub overall: u8,
    /// The linkIds of the rated items other than the overall one rated below
    /// [`COMPLAINT_BELOW`] (1 or 2), in the form's order.
    pub low_items: Vec<String>,
    /// The patient's comments, trimmed; `None` when left blank.
    pub comment: Option<String>,
    /// Whether the patient answered yes to being contacted.
    pub wants_contact: bool,
}

/// The complaint a response calls for: `None` when the overall rating is
/// [`COMPLAINT_BELOW`] or more, or missing (an unfinished response opens no ticket). A
/// stored QuestionnaireResponse is read with
/// [`Response::from_questionnaire_response`] first.
pub fn complaint_for(form: &Form, response: &Response) -> Option<ComplaintDecision> {
    let on = enabled(form, response);
    let answers = response.answers.all();
    let answered = |item: &Item| -> &[&Value] {
        if on.contains(&item.link_id) {
            answers
                .get(item.link_id.as_str())
                .map_or(&[], Vec::as_slice)
        } else {
            &[]
        }
    };
    let flat = form.walk();
    let overall_item = flat
        .iter()
        .map(|(i, _)| *i)
        .find(|i| i.link_id == OVERALL_LINK_ID)?;
    let overall = answered(overall_item)
        .iter()
        .find_map(|v| rating(overall_item, v))?;
    if overall >= COMPLAINT_BELOW {
        return None;
    }
    let mut low_items = Vec::new();
    let mut comment = None;
    let mut wants_contact = false;
    for (item, _) in flat {
        let values = answered(item);
        match item.link_id.as_str() {
            OVERALL_LINK_ID => {}
            COMMENTS_LINK_ID => {
                comment = values.iter().find_map(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                    _ => None,
                });
            }
            CONTACT_LINK_ID => {
                wants_contact = values.iter().any(|v| matches!(v, Value::Boolean(true)));
            }
            _ if is_rated(item)
                && values
                    .iter()
                    .any(|v| rating(item, v).is_some_and(|r| r < COMPLAINT_BELOW)) =>
            {
                low_items.push(item.link_id.clone());
            }
            _ => {}
        }
    }
    Some(ComplaintDecision {
        overall,
        low_items,
        comment,
        wants_contact,
    })
}

/// Short words for the service team's ticket list, in both languages: the rating, the low
/// items (by linkId), whether there is a comment and whether to call the patient back.
pub fn summary(decision: &ComplaintDecision) -> LocalText {
    let mut zh = format!("门诊满意度 {}/5 星", decision.overall);
    let mut en = format!("Outpatient satisfaction {}/5 stars", decision.overall);
    if !decision.low_items.is_empty() {
        zh.push_str(&format!("；低分项：{}", decision.low_items.join("、")));
        en.push_str(&format!("; low: {}", decision.low_items.join(", ")));
    }
    if decision.comment.is_some() {
        zh.push_str("；有书面意见");
        en.push_str("; written comment");
    }
    if decision.wants_contact {
        zh.push_str("；患者希望医院联系");
        en.push_str("; patient asks to be contacted");
    } else {
        zh.push_str("；患者未要求联系");
        en.push_str("; no contact requested");
    }
    zh.push('。');
    en.push('.');
    LocalText { zh, en }
}

/// Whether the item is a rating scale: a choice whose every option carries a score.
fn is_rated(item: &Item) -> bool {
    item.kind == ItemType::Choice
        && !item.options.is_empty()
        && item.options.iter().all(|o| o.score.is_some())
}

/// The rating an answer gives: the chosen option's score, else the Coding's code as a
/// number; `None` outside 1–5 or for an answer that is not a Coding.
fn rating(item: &Item, value: &Value) -> Option<u8> {
    let Value::Coding(coding) = value else {
        return None;
    };
    let scored = item
        .options
        .iter()
        .find(|o| o.matches(value))
        .and_then(|o| o.score)
        .filter(|s| s.fract() == 0.0 && (0.0..=255.0).contains(s))
        .map(|s| s as u8);
    let r = scored.or_else(|| coding.code.as_deref()?.trim().parse().ok())?;
    RATINGS.contains(&r).then_some(r)
}

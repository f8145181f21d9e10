//! The answers a person gives, in the shape a renderer edits, and their conversion to and
//! from a FHIR QuestionnaireResponse.
//!
//! Answers are keyed by linkId. A group's answers sit in its instances (one, or several
//! when it repeats); the items nested under a question share the question's level, and
//! are written under its first answer in FHIR.
//!
//! [`Response`] has JSON of its own, in the engine's shape as [`super::Form`] has: what
//! the app sends and keeps as a draft, so it carries no FHIR writer. For example
//! `{"questionnaire": "…", "status": "completed", "answers": {"values": {"overall":
//! [{"integer": 2}]}, "groups": {"doctor": [{"values": {…}}]}}}`.

use serde::{Deserialize, Serialize};

use crate::collections::{object, Map, Set};

use super::enable::enabled;
use super::fhir::{QuestionnaireResponse, ResponseAnswer, ResponseItem, Status, Value};
use super::form::{Form, Item, ItemType};

/// The answers at one level of a form: the top level, or one instance of a group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// A question's answers by linkId; several when it repeats.
    #[serde(default, skip_serializing_if = "Map::is_empty", with = "object")]
    pub values: Map<String, Vec<Value>>,
    /// A group's instances by linkId; each holds the answers of the group's items.
    #[serde(default, skip_serializing_if = "Map::is_empty", with = "object")]
    pub groups: Map<String, Vec<Answers>>,
}

impl Answers {
    /// The answers of the question `link_id` at this level (none if unanswered).
    pub fn get(&self, link_id: &str) -> &[Value] {
        self.values.get(link_id).map_or(&[], Vec::as_slice)
    }

    /// Replaces the answers of `link_id`; an empty list removes it, so that "answered"
    /// always means "has a value".
    pub fn set(&mut self, link_id: &str, values: Vec<Value>) {
        if values.is_empty() {
            self.values.remove(link_id);
        } else {
            self.values.insert(link_id.to_owned(), values);
        }
    }

    /// Whether nothing at this level or below is answered.
    pub fn is_empty(&self) -> bool {
        self.values.values().all(Vec::is_empty)
            && self.groups.values().flatten().all(Answers::is_empty)
    }

    /// Every answer at this level and below, by linkId (across all group instances): what
    /// enableWhen and scoring look at.
    pub fn all(&self) -> Map<&str, Vec<&Value>> {
        fn go<'a>(a: &'a Answers, out: &mut Map<&'a str, Vec<&'a Value>>) {
            for (k, vs) in &a.values {
                out.entry(k.as_str()).or_default().extend(vs);
            }
            for instance in a.groups.values().flatten() {
                go(instance, out);
            }
        }
        let mut out = Map::new();
        go(self, &mut out);
        out
    }
}

/// A response being filled in: what a renderer edits, checks and finally submits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// The canonical URL of the questionnaire answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<String>,
    /// Whether it is still being filled in.
    pub status: Status,
    /// The answers (`{}` for none). Required, so that JSON of another shape (a FHIR
    /// QuestionnaireResponse) never reads as a response without answers.
    pub answers: Answers,
}

impl Response {
    /// A new response to `form`, prefilled from `initial` and `initialSelected`.
    pub fn new(form: &Form) -> Response {
        fn prefill(items: &[Item], into: &mut Answers) {
            for item in items {
                if item.kind == ItemType::Group {
                    let mut instance = Answers::default();
                    prefill(&item.items, &mut instance);
                    if !instance.is_empty() {
                        into.groups.insert(item.link_id.clone(), vec![instance]);
                    }
                    continue;
                }
                let mut values = item.initial.clone();
                values.extend(
                    item.options
                        .iter()
                        .filter(|o| o.initial_selected)
                        .map(|o| o.value.clone()),
                );
                into.set(&item.link_id, values);
                prefill(&item.items, into);
            }
        }
        let mut answers = Answers::default();
        prefill(&form.items, &mut answers);
        Response {
            questionnaire: form.url.clone(),
            status: Status::InProgress,
            answers,
        }
    }

    /// Reads a stored QuestionnaireResponse. An item with answers is a question, one with
    /// only items a group instance; answers of an unknown type are dropped, which
    /// [`super::check`] cannot see, so callers that must keep everything should keep the
    /// original too.
    pub fn from_questionnaire_response(qr: &QuestionnaireResponse) -> Response {
        fn read(items: &[ResponseItem], into: &mut Answers) {
            for it in items {
                if !it.answer.is_empty() {
                    let entry = into.values.entry(it.link_id.clone()).or_default();
                    entry.extend(it.answer.iter().filter_map(ResponseAnswer::value));
                    for a in &it.answer {
                        read(&a.item, into);
                    }
                }
                if !it.item.is_empty() || it.answer.is_empty() {
                    let mut instance = Answers::default();
                    read(&it.item, &mut instance);
                    if !instance.is_empty() {
                        into.groups
                            .entry(it.link_id.clone())
                            .or_default()
                            .push(instance);
                    }
                }
            }
        }
        let mut answers = Answers::default();
        read(&qr.item, &mut answers);
        answers.values.retain(|_, v| !v.is_empty());
        Response {
            questionnaire: qr.questionnaire.clone(),
            status: qr.status,
            answers,
        }
    }

    /// Writes the response as a QuestionnaireResponse in `form`'s structure and order.
    /// Answers to linkIds the form lacks are written after the rest rather than lost.
    pub fn to_questionnaire_response(&self, form: &Form) -> QuestionnaireResponse {
        QuestionnaireResponse {
            resource_type: "QuestionnaireResponse".to_owned(),
            id: None,
            questionnaire: self.questionnaire.clone().or_else(|| form.url.clone()),
            status: self.status,
            authored: None,
            item: write_level(&form.items, &self.answers),
        }
    }

    /// The response without answers to disabled items: what gets submitted, since FHIR
    /// forbids answers to items that are not enabled.
    pub fn without_disabled(&self, form: &Form) -> Response {
        let on = enabled(form, self);
        // Filled by `insert`, not collected: see `enabled`.
        fn keep(a: &Answers, on: &Set<String>) -> Answers {
            let mut kept = Answers::default();
            for (k, v) in a.values.iter().filter(|(k, _)| on.contains(*k)) {
                kept.values.insert(k.clone(), v.clone());
            }
            for (k, v) in a.groups.iter().filter(|(k, _)| on.contains(*k)) {
                let instances: Vec<Answers> = v
                    .iter()
                    .map(|i| keep(i, on))
                    .filter(|i| !i.is_empty())
                    .collect();
                if !instances.is_empty() {
                    kept.groups.insert(k.clone(), instances);
                }
            }
            kept
        }
        Response {
            questionnaire: self.questionnaire.clone(),
            status: self.status,
            answers: keep(&self.answers, &on),
        }
    }
}

/// The linkIds answered at the level of `items`: the items and, recursively, the items
/// nested under questions (which share the level).
pub(crate) fn level_ids<'a>(items: &'a [Item], out: &mut Vec<&'a str>) {
    for item in items {
        out.push(&item.link_id);
        if item.kind != ItemType::Group {
            level_ids(&item.items, out);
        }
    }
}

fn answer(value: &Value) -> ResponseAnswer {
    let mut a = ResponseAnswer::default();
    a.set_value(value.clone());
    a
}

fn write_level(items: &[Item], a: &Answers) -> Vec<ResponseItem> {
    let mut out = write_items(items, a);
    write_unknown(items, a, &mut out);
    out
}

/// Writes the answers of `items` (known to the form) in the form's order.
fn write_items(items: &[Item], a: &Answers) -> Vec<ResponseItem> {
    let mut out = Vec::new();
    for item in items {
        let link_id = item.link_id.clone();
        if item.kind == ItemType::Group {
            for instance in a.groups.get(&item.link_id).into_iter().flatten() {
                let children = write_level(&item.items, instance);
                if !children.is_empty() {
                    out.push(ResponseItem {
                        link_id: link_id.clone(),
                        text: item.text.clone(),
                        answer: Vec::new(),
                        item: children,
                    });
                }
            }
            continue;
        }
        let mut answers: Vec<ResponseAnswer> = a.get(&item.link_id).iter().map(answer).collect();
        let mut nested = write_items(&item.items, a);
        if let Some(first) = answers.first_mut() {
            first.item = std::mem::take(&mut nested);
        }
        if !answers.is_empty() {
            out.push(ResponseItem {
                link_id,
                text: item.text.clone(),
                answer: answers,
                item: Vec::new(),
            });
        }
        // Nested answers of an unanswered question cannot go under an answer; they are
        // written beside it rather than dropped.
        out.extend(nested);
    }
    out
}

/// Writes answers to linkIds the form lacks at this level, so that nothing is lost.
fn write_unknown(items: &[Item], a: &Answers, out: &mut Vec<ResponseItem>) {
    let mut known = Vec::new();
    level_ids(items, &mut known);
    for (k, vs) in &a.values {
        if !known.contains(&k.as_str()) && !vs.is_empty() {
            out.push(ResponseItem {
                link_id: k.clone(),
                text: None,
                answer: vs.iter().map(answer).collect(),
                item: Vec::new(),
            });
        }
    }
    for (k, instances) in &a.groups {
        if !known.contains(&k.as_str()) {
            for instance in instances {
                out.push(ResponseItem {
                    link_id: k.clone(),
                    text: None,
                    answer: Vec::new(),
                    item: write_level(&[], instance),
                });
            }
        }
    }
}

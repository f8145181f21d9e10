//! Validation of a response against its form: what stops a person submitting, item by item.
//!
//! Only enabled items are held to `required` and the occurrence limits, so a hidden or
//! switched-off required question never blocks submission; answers to disabled items are
//! errors of their own, since the submitted response must not carry them.

use crate::collections::Set;

use super::enable::enabled;
use super::fhir::Value;
use super::form::{Form, Item, ItemType};
use super::response::{level_ids, Answers, Response};
use crate::locale::Lang;

/// What is wrong with the answers to one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorCode {
    /// A required, enabled item has no answer.
    Required,
    /// A text answer is longer than `maxLength`.
    TooLong,
    /// Fewer answers or group instances than `minOccurs`.
    TooFew,
    /// More than `maxOccurs`, or more than one for an item that does not repeat.
    TooMany,
    /// An answer of a type the item does not take.
    WrongType,
    /// A choice answer that is not one of the item's options.
    NotAnOption,
    /// A read-only item's answer differs from its initial value.
    ReadOnlyChanged,
    /// An answer to a linkId the form does not have (at that level).
    UnknownItem,
    /// An answer to an item that is not enabled.
    AnsweredWhileDisabled,
}

impl ErrorCode {
    /// The message a person sees beside the item.
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ErrorCode::Required, Lang::ZhCn) => "此项必填",
            (ErrorCode::Required, Lang::En) => "This question needs an answer",
            (ErrorCode::TooLong, Lang::ZhCn) => "内容过长",
            (ErrorCode::TooLong, Lang::En) => "This answer is too long",
            (ErrorCode::TooFew, Lang::ZhCn) => "回答数量不足",
            (ErrorCode::TooFew, Lang::En) => "More answers are needed",
            (ErrorCode::TooMany, Lang::ZhCn) => "回答数量过多",
            (ErrorCode::TooMany, Lang::En) => "There are too many answers",
            (ErrorCode::WrongType, Lang::ZhCn) => "回答格式不正确",
            (ErrorCode::WrongType, Lang::En) => "This answer is not in the expected form",
            (ErrorCode::NotAnOption, Lang::ZhCn) => "请从选项中选择",
            (ErrorCode::NotAnOption, Lang::En) => "Please choose one of the options",
            (ErrorCode::ReadOnlyChanged, Lang::ZhCn) => "此项不可修改",
            (ErrorCode::ReadOnlyChanged, Lang::En) => "This answer cannot be changed",
            (ErrorCode::UnknownItem, Lang::ZhCn) => "问卷中没有此项",
            (ErrorCode::UnknownItem, Lang::En) => "This question is not in the form",
            (ErrorCode::AnsweredWhileDisabled, Lang::ZhCn) => "此项当前不需回答",
            (ErrorCode::AnsweredWhileDisabled, Lang::En) => "This question does not apply",
        }
    }
}

/// One problem with one item's answers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemError {
    /// The item.
    pub link_id: String,
    /// The problem.
    pub code: ErrorCode,
}

/// Every problem that stops `response` being submitted as completed; empty when it can be.
/// Items inside a group instance are checked once per instance (so an error may repeat);
/// the items of an optional group that was left out are not required.
pub fn check(form: &Form, response: &Response) -> Vec<ItemError> {
    let on = enabled(form, response);
    let mut out = Vec::new();
    check_level(&form.items, &response.answers, &on, &mut out);
    out
}

fn push(out: &mut Vec<ItemError>, item: &str, code: ErrorCode) {
    out.push(ItemError {
        link_id: item.to_owned(),
        code,
    });
}

/// `required`, `minOccurs` and `maxOccurs` against the number of answers or instances. A
/// hidden item is never asked, so it is never missing.
fn check_count(item: &Item, n: usize, out: &mut Vec<ItemError>) {
    let id = &item.link_id;
    let asked = !item.hidden;
    if asked && n == 0 && item.required {
        push(out, id, ErrorCode::Required);
    } else if asked && item.min_occurs.is_some_and(|m| (n as u64) < u64::from(m)) {
        push(out, id, ErrorCode::TooFew);
    }
    if (!item.repeats && n > 1) || item.max_occurs.is_some_and(|m| n as u64 > u64::from(m)) {
        push(out, id, ErrorCode::TooMany);
    }
}

/// Checks the items of one level, then flags answers to linkIds the level does not have.
fn check_level(items: &[Item], a: &Answers, on: &Set<String>, out: &mut Vec<ItemError>) {
    check_items(items, a, on, out);
    let mut known = Vec::new();
    level_ids(items, &mut known);
    for k in a.values.keys().chain(a.groups.keys()) {
        if !known.contains(&k.as_str()) {
            push(out, k, ErrorCode::UnknownItem);
        }
    }
}

fn check_items(items: &[Item], a: &Answers, on: &Set<String>, out: &mut Vec<ItemError>) {
    for item in items {
        let id = item.link_id.as_str();
        let values = a.get(id);
        let instances: Vec<&Answers> = a
            .groups
            .get(id)
            .into_iter()
            .flatten()
            .filter(|i| !i.is_empty())
            .collect();
        if !on.contains(id) {
            if !values.is_empty() || !instances.is_empty() {
                push(out, id, ErrorCode::AnsweredWhileDisabled);
            }
            continue;
        }
        if item.kind == ItemType::Group {
            if !values.is_empty() {
                push(out, id, ErrorCode::WrongType);
            }
            check_count(item, instances.len(), out);
            for instance in &instances {
                check_level(&item.items, instance, on, out);
            }
            if instances.is_empty() && item.required {
                check_level(&item.items, &Answers::default(), on, out);
            }
            continue;
        }
        if !instances.is_empty() || (item.kind == ItemType::Display && !values.is_empty()) {
            push(out, id, ErrorCode::WrongType);
        }
        if item.kind != ItemType::Display {
            check_count(item, values.len(), out);
            check_values(item, values, out);
        }
        check_items(&item.items, a, on, out);
    }
}

/// Type, length, option and read-only checks of a question's answers, each reported once.
fn check_values(item: &Item, values: &[Value], out: &mut Vec<ItemError>) {
    let id = &item.link_id;
    let of_option_type = |v: &Value| {
        item.options
            .iter()
            .any(|o| std::mem::discriminant(&o.value) == std::mem::discriminant(v))
    };
    if values
        .iter()
        .any(|v| !item.kind.accepts(v) && !of_option_type(v))
    {
        push(out, id, ErrorCode::WrongType);
    }
    if let Some(max) = item.max_length {
        let too_long = values.iter().any(|v| match v {
            Value::String(s) | Value::Uri(s) => s.chars().count() > max as usize,
            _ => false,
        });
        if too_long {
            push(out, id, ErrorCode::TooLong);
        }
    }
    if !item.options.is_empty() {
        let free_text_allowed =
            |v: &Value| item.kind == ItemType::OpenChoice && matches!(v, Value::String(_));
        let stray = values
            .iter()
            .any(|v| !free_text_allowed(v) && !item.options.iter().any(|o| o.matches(v)));
        if stray {
            push(out, id, ErrorCode::NotAnOption);
        }
    }
    if item.read_only && !item.initial.is_empty() && values != item.initial.as_slice() {
        push(out, id, ErrorCode::ReadOnlyChanged);
    }
}

//! The typed form: a Questionnaire checked once and turned into items the engine and a
//! renderer can use without re-reading FHIR's JSON shapes.
//!
//! Parsing never fails because of a feature the engine does not implement: each one is
//! named in [`Form::unsupported`] so a caller can refuse the form, warn, or go on. It fails
//! only when the form cannot mean anything (an unknown item type, a malformed condition).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::fhir::{
    AnswerOptionJson, Coding, Element, Extension, Questionnaire, QuestionnaireItem, Value,
};

const SD: &str = "http://hl7.org/fhir/StructureDefinition/";

/// The kind of an item, which fixes what answers it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    /// A section holding other items; answered through its children.
    Group,
    /// Text shown, never answered.
    Display,
    /// Yes / no.
    Boolean,
    /// A number with decimals.
    Decimal,
    /// A whole number.
    Integer,
    /// A date.
    Date,
    /// A date and time.
    DateTime,
    /// A time of day.
    Time,
    /// A short text.
    String,
    /// A long text.
    Text,
    /// A web address.
    Url,
    /// One (or more) of the options.
    Choice,
    /// An option or free text.
    OpenChoice,
    /// A file.
    Attachment,
    /// A link to another resource.
    Reference,
    /// A number with a unit.
    Quantity,
}

impl ItemType {
    /// Reads FHIR's type code; `None` for a code R4 does not define.
    pub fn from_code(code: &str) -> Option<ItemType> {
        Some(match code {
            "group" => ItemType::Group,
            "display" => ItemType::Display,
            "boolean" => ItemType::Boolean,
            "decimal" => ItemType::Decimal,
            "integer" => ItemType::Integer,
            "date" => ItemType::Date,
            "dateTime" => ItemType::DateTime,
            "time" => ItemType::Time,
            "string" => ItemType::String,
            "text" => ItemType::Text,
            "url" => ItemType::Url,
            "choice" => ItemType::Choice,
            "open-choice" => ItemType::OpenChoice,
            "attachment" => ItemType::Attachment,
            "reference" => ItemType::Reference,
            "quantity" => ItemType::Quantity,
            _ => return None,
        })
    }

    /// Whether the item takes answers (everything but groups and display text), which is
    /// what progress counts.
    pub fn is_question(self) -> bool {
        !matches!(self, ItemType::Group | ItemType::Display)
    }

    /// Whether `value` is of a type this item takes (an answer option's type counts too,
    /// checked separately against the options).
    pub fn accepts(self, value: &Value) -> bool {
        matches!(
            (self, value),
            (ItemType::Boolean, Value::Boolean(_))
                | (ItemType::Decimal, Value::Decimal(_) | Value::Integer(_))
                | (ItemType::Integer, Value::Integer(_))
                | (ItemType::Date, Value::Date(_))
                | (ItemType::DateTime, Value::DateTime(_) | Value::Date(_))
                | (ItemType::Time, Value::Time(_))
                | (ItemType::String | ItemType::Text, Value::String(_))
                | (ItemType::Url, Value::Uri(_) | Value::String(_))
                | (ItemType::Choice, Value::Coding(_))
                | (ItemType::OpenChoice, Value::Coding(_) | Value::String(_))
                | (ItemType::Attachment, Value::Attachment(_))
                | (ItemType::Reference, Value::Reference(_))
                | (ItemType::Quantity, Value::Quantity(_))
        )
    }
}

/// How an enableWhen condition compares the question's answers with its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    /// The question has (or, with `false`, has no) answer.
    Exists,
    /// `=`.
    Eq,
    /// `!=`; true when the question has no answer.
    Ne,
    /// `>`.
    Gt,
    /// `<`.
    Lt,
    /// `>=`.
    Ge,
    /// `<=`.
    Le,
}

impl Operator {
    fn from_code(code: &str) -> Option<Operator> {
        Some(match code {
            "exists" => Operator::Exists,
            "=" => Operator::Eq,
            "!=" => Operator::Ne,
            ">" => Operator::Gt,
            "<" => Operator::Lt,
            ">=" => Operator::Ge,
            "<=" => Operator::Le,
            _ => return None,
        })
    }
}

/// One condition on another question's answers that decides whether an item is shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnableWhen {
    /// The linkId of the question looked at.
    pub question: String,
    /// The comparison.
    pub operator: Operator,
    /// The value compared with (a boolean for `exists`); `None` when the questionnaire
    /// wrote it with the wrong JSON type (reported as unsupported): such a condition never
    /// holds, so the item stays hidden rather than shown on a guess.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Value>,
}

/// Whether an item needs all of its conditions or any one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnableBehavior {
    /// Every condition must hold (FHIR's default for a single condition).
    #[default]
    All,
    /// One condition is enough.
    Any,
}

/// One permitted answer of a question, with its score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    /// The answer itself.
    pub value: Value,
    /// Whether a new response starts with it chosen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub initial_selected: bool,
    /// Its score (`ordinalValue` or `itemWeight`), which [`super::total_score`] adds up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// A label shown before it (`questionnaire-optionPrefix`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

impl AnswerOption {
    /// Whether `value` chooses this option (Codings by system + code, others by equality).
    pub fn matches(&self, value: &Value) -> bool {
        match (&self.value, value) {
            (Value::Coding(a), Value::Coding(b)) => a.same_concept(b),
            (a, b) => a == b,
        }
    }
}

/// A question, a group or a display text, with everything the engine interprets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The id answers and conditions refer to.
    pub link_id: String,
    /// The question or heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The text's translations (from `_text`), read with [`Item::text_in`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_ext: Option<Element>,
    /// A label shown before the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The kind of answers it takes.
    pub kind: ItemType,
    /// Whether a completed response must answer it (when enabled).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Whether it takes several answers, or a group several instances.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repeats: bool,
    /// Whether the person may not change it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// The longest text answer allowed, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Answers it starts with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial: Vec<Value>,
    /// Permitted answers; empty means free entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AnswerOption>,
    /// A value set of permitted answers, not expanded (see [`Form::bind_value_set`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_value_set: Option<String>,
    /// Conditions for showing it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable_when: Vec<EnableWhen>,
    /// How the conditions combine.
    #[serde(default)]
    pub enable_behavior: EnableBehavior,
    /// `questionnaire-hidden`: never shown, never blocks submission.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// `questionnaire-minOccurs`: the fewest answers or instances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_occurs: Option<u32>,
    /// `questionnaire-maxOccurs`: the most answers or instances.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_occurs: Option<u32>,
    /// `questionnaire-unit`: the unit a number is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Coding>,
    /// `questionnaire-unitOption`: the units a quantity may be given in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit_options: Vec<Coding>,
    /// `questionnaire-itemControl`: the widget asked for (`drop-down`, `check-box`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// Nested items (under a group, or under a question's answers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

impl Item {
    /// The text in `lang` (a BCP 47 tag): its translation when it has one, else as
    /// written.
    pub fn text_in(&self, lang: &str) -> Option<&str> {
        translated(&self.text, &self.text_ext, lang)
    }
}

/// `text` in `lang` when `ext` carries that translation, else `text`.
fn translated<'a>(
    text: &'a Option<String>,
    ext: &'a Option<Element>,
    lang: &str,
) -> Option<&'a str> {
    ext.as_ref()
        .and_then(|e| e.translation(lang))
        .or(text.as_deref())
}

/// A feature of the questionnaire the engine does not implement, by name, so that nothing
/// is silently ignored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unsupported {
    /// The item it is on; `None` for the questionnaire itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_id: Option<String>,
    /// The element (`answerValueSet`, `initial`) or the extension's URL.
    pub feature: String,
}

/// Why a questionnaire cannot be used at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// An item type R4 does not define.
    UnknownItemType {
        /// The item.
        link_id: String,
        /// The type as written.
        kind: String,
    },
    /// An element whose value makes no sense (an unknown operator, a negative count, a
    /// condition without a value).
    Invalid {
        /// The item.
        link_id: String,
        /// The element.
        element: &'static str,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::UnknownItemType { link_id, kind } => {
                write!(f, "item {link_id}: unknown type {kind}")
            }
            ParseError::Invalid { link_id, element } => {
                write!(f, "item {link_id}: invalid {element}")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// A parsed questionnaire: what the engine and a renderer work from. The server parses
/// each Questionnaire once and sends this to the app as JSON (snake_case, empty fields
/// left out), so the app carries no FHIR parser: only this shape's decoder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// The canonical URL, written into responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The title's translations (from `_title`), read with [`Form::title_in`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_ext: Option<Element>,
    /// The top-level items. Always written and required on reading, so that a FHIR
    /// Questionnaire (`item`, not `items`) given where a form is expected fails loudly
    /// instead of reading as an empty form.
    pub items: Vec<Item>,
    /// Everything found that the engine does not implement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unsupported: Vec<Unsupported>,
}

impl Form {
    /// Turns a Questionnaire into a form, naming what it does not implement.
    pub fn parse(q: &Questionnaire) -> Result<Form, ParseError> {
        let mut unsupported = Vec::new();
        for ext in q.extension.iter().chain(&q.modifier_extension) {
            report(&mut unsupported, None, &ext.url);
        }
        let items = q
            .item
            .iter()
            .map(|i| parse_item(i, &mut unsupported))
            .collect::<Result<_, _>>()?;
        Ok(Form {
            url: q.url.clone(),
            title: q.title.clone(),
            title_ext: q.title_ext.clone(),
            items,
            unsupported,
        })
    }

    /// The title in `lang` (a BCP 47 tag): its translation when it has one, else as
    /// written.
    pub fn title_in(&self, lang: &str) -> Option<&str> {
        translated(&self.title, &self.title_ext, lang)
    }

    /// Every item, depth first, with its parent's linkId: the flat view enableWhen and
    /// validation need.
    pub fn walk(&self) -> Vec<(&Item, Option<&str>)> {
        fn go<'a>(
            items: &'a [Item],
            parent: Option<&'a str>,
            out: &mut Vec<(&'a Item, Option<&'a str>)>,
        ) {
            for item in items {
                out.push((item, parent));
                go(&item.items, Some(&item.link_id), out);
            }
        }
        let mut out = Vec::new();
        go(&self.items, None, &mut out);
        out
    }

    /// The item with this linkId.
    pub fn item(&self, link_id: &str) -> Option<&Item> {
        self.walk()
            .into_iter()
            .map(|(i, _)| i)
            .find(|i| i.link_id == link_id)
    }

    /// Supplies the options of every item whose answers come from the value set `url`
    /// (expanded by the caller, e.g. from a terminology server or a bundled copy), and
    /// withdraws the matching `answerValueSet` reports.
    pub fn bind_value_set(&mut self, url: &str, options: &[AnswerOption]) {
        fn go(items: &mut [Item], url: &str, options: &[AnswerOption], bound: &mut Vec<String>) {
            for item in items {
                if item.answer_value_set.as_deref() == Some(url) && item.options.is_empty() {
                    item.options = options.to_vec();
                    bound.push(item.link_id.clone());
                }
                go(&mut item.items, url, options, bound);
            }
        }
        let mut bound = Vec::new();
        go(&mut self.items, url, options, &mut bound);
        self.unsupported.retain(|u| {
            !(u.feature == "answerValueSet"
                && u.link_id.as_ref().is_some_and(|l| bound.contains(l)))
        });
    }
}

fn report(out: &mut Vec<Unsupported>, link_id: Option<&str>, feature: &str) {
    let u = Unsupported {
        link_id: link_id.map(str::to_owned),
        feature: feature.to_owned(),
    };
    if !out.contains(&u) {
        out.push(u);
    }
}

fn count(link_id: &str, element: &'static str, v: i64) -> Result<u32, ParseError> {
    u32::try_from(v).map_err(|_| ParseError::Invalid {
        link_id: link_id.to_owned(),
        element,
    })
}

/// The score FHIR puts on an option itself or on its Coding.
fn option_score(o: &AnswerOptionJson) -> Option<f64> {
    let coding_ext = o.coding.iter().flat_map(|c| &c.extension);
    o.extension
        .iter()
        .chain(coding_ext)
        .find(|e| is_score(&e.url))
        .and_then(|e| e.value_decimal.or(e.value_integer.map(|i| i as f64)))
}

fn is_score(url: &str) -> bool {
    url.strip_prefix(SD)
        .is_some_and(|n| n == "ordinalValue" || n == "itemWeight")
        || url == "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value"
}

fn parse_item(
    j: &QuestionnaireItem,
    unsupported: &mut Vec<Unsupported>,
) -> Result<Item, ParseError> {
    let id = j.link_id.as_str();
    let invalid = |element| ParseError::Invalid {
        link_id: id.to_owned(),
        element,
    };
    let kind = ItemType::from_code(&j.kind).ok_or_else(|| ParseError::UnknownItemType {
        link_id: id.to_owned(),
        kind: j.kind.clone(),
    })?;
    let mut item = Item {
        link_id: id.to_owned(),
        text: j.text.clone(),
        text_ext: j.text_ext.clone(),
        prefix: j.prefix.clone(),
        kind,
        required: j.required.unwrap_or(false),
        repeats: j.repeats.unwrap_or(false),
        read_only: j.read_only.unwrap_or(false),
        max_length: j
            .max_length
            .map(|v| count(id, "maxLength", v))
            .transpose()?,
        initial: Vec::new(),
        options: Vec::new(),
        answer_value_set: j.answer_value_set.clone(),
        enable_when: Vec::new(),
        enable_behavior: match j.enable_behavior.as_deref() {
            None | Some("all") => EnableBehavior::All,
            Some("any") => EnableBehavior::Any,
            Some(_) => return Err(invalid("enableBehavior")),
        },
        hidden: false,
        min_occurs: None,
        max_occurs: None,
        unit: None,
        unit_options: Vec::new(),
        control: None,
        items: Vec::new(),
    };
    for init in &j.initial {
        match init.value().filter(|_| init.malformed().is_none()) {
            Some(v) => item.initial.push(v),
            None => report(unsupported, Some(id), "initial"),
        }
    }
    for o in &j.answer_option {
        let Some(value) = o.value().filter(|_| o.malformed().is_none()) else {
            report(unsupported, Some(id), "answerOption");
            continue;
        };
        let mut prefix = None;
        for e in &o.extension {
            if e.url.strip_prefix(SD) == Some("questionnaire-optionPrefix")
                && e.value_string.is_some()
            {
                prefix = e.value_string.clone();
            } else if !is_score(&e.url) {
                report(unsupported, Some(id), &e.url);
            }
        }
        item.options.push(AnswerOption {
            value,
            initial_selected: o.initial_selected.unwrap_or(false),
            score: option_score(o),
            prefix,
        });
    }
    if j.answer_value_set.is_some() && item.options.is_empty() {
        report(unsupported, Some(id), "answerValueSet");
    }
    for w in &j.enable_when {
        let operator =
            Operator::from_code(&w.operator).ok_or_else(|| invalid("enableWhen.operator"))?;
        let answer = match w.malformed() {
            Some(name) => {
                report(unsupported, Some(id), &format!("enableWhen.{name}"));
                None
            }
            None => Some(w.value().ok_or_else(|| invalid("enableWhen.answer"))?),
        };
        if operator == Operator::Exists && !matches!(answer, Some(Value::Boolean(_)) | None) {
            return Err(invalid("enableWhen.answer"));
        }
        item.enable_when.push(EnableWhen {
            question: w.question.clone(),
            operator,
            answer,
        });
    }
    for e in &j.extension {
        if !read_extension(&mut item, e)? {
            report(unsupported, Some(id), &e.url);
        }
    }
    for e in &j.modifier_extension {
        report(unsupported, Some(id), &e.url);
    }
    item.items = j
        .item
        .iter()
        .map(|c| parse_item(c, unsupported))
        .collect::<Result<_, _>>()?;
    Ok(item)
}

/// Applies an item extension the engine understands; `false` when it does not.
fn read_extension(item: &mut Item, e: &Extension) -> Result<bool, ParseError> {
    let Some(name) = e.url.strip_prefix(SD) else {
        return Ok(false);
    };
    let id = &item.link_id;
    match (name, e) {
        (
            "questionnaire-hidden",
            Extension {
                value_boolean: Some(b),
                ..
            },
        ) => item.hidden = *b,
        (
            "questionnaire-minOccurs",
            Extension {
                value_integer: Some(n),
                ..
            },
        ) => item.min_occurs = Some(count(id, "questionnaire-minOccurs", *n)?),
        (
            "questionnaire-maxOccurs",
            Extension {
                value_integer: Some(n),
                ..
            },
        ) => item.max_occurs = Some(count(id, "questionnaire-maxOccurs", *n)?),
        (
            "questionnaire-unit",
            Extension {
                value_coding: Some(c),
                ..
            },
        ) => item.unit = Some(c.clone()),
        (
            "questionnaire-unitOption",
            Extension {
                value_coding: Some(c),
                ..
            },
        ) => item.unit_options.push(c.clone()),
        (
            "questionnaire-itemControl",
            Extension {
                value_codeable_concept: Some(cc),
                ..
            },
        ) => item.control = cc.coding.iter().find_map(|c| c.code.clone()),
        _ => return Ok(false),
    }
    Ok(true)
}

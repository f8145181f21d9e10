//! The FHIR R4 wire shapes of a Questionnaire and a QuestionnaireResponse, as serde types.
//!
//! Core carries no JSON parser at runtime: the app and the server parse the JSON with
//! whatever they already have and hand these types to the engine. Only the elements the
//! engine interprets (or must report as unsupported) are declared; serde skips the rest
//! (narrative, metadata such as `code` and `definition`).

use serde::{Deserialize, Serialize};

/// A FHIR Coding: the answer of a choice question, compared by `system` + `code`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coding {
    /// The code system's URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The code within the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The text shown to a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// Extensions on the coding, where FHIR puts an option's ordinal score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Extensions on `display`: its translations.
    #[serde(default, rename = "_display", skip_serializing_if = "Option::is_none")]
    pub display_ext: Option<Element>,
}

impl Coding {
    /// The text shown for the coding in `lang` (a BCP 47 tag such as `en`): its
    /// translation when it has one, else `display`.
    pub fn display_in(&self, lang: &str) -> Option<&str> {
        self.display_ext
            .as_ref()
            .and_then(|e| e.translation(lang))
            .or(self.display.as_deref())
    }

    /// FHIR's Coding equality: same code, and same system when both name one.
    pub fn same_concept(&self, other: &Coding) -> bool {
        self.code.is_some()
            && self.code == other.code
            && match (&self.system, &other.system) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// A FHIR CodeableConcept, read from extensions such as `questionnaire-itemControl`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CodeableConcept {
    /// The codings, any of which names the concept.
    #[serde(default)]
    pub coding: Vec<Coding>,
    /// Free text, when no coding fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A FHIR Quantity, the answer of a `quantity` question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The unit as shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The unit's code system (UCUM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The unit's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A FHIR Reference, the answer of a `reference` question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// The relative or absolute URL of the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The text shown for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// A FHIR Attachment, the answer of an `attachment` question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// The MIME type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The content, base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Where the content is, when not inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The file name or label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The extensions FHIR hangs on a primitive value (`_text`, `_display`, `_title`): the
/// engine reads the standard `translation` extension from them, so one questionnaire
/// carries every language it is written in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Element {
    /// The extensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
}

/// The URL of FHIR's `translation` extension.
pub const TRANSLATION_URL: &str = "http://hl7.org/fhir/StructureDefinition/translation";

impl Element {
    /// The text's translation into `lang` (matched on the primary subtag, so `en` matches
    /// `en-GB`), if the element carries one.
    pub fn translation(&self, lang: &str) -> Option<&str> {
        let primary = |tag: &str| tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        let wanted = primary(lang);
        self.extension
            .iter()
            .filter(|e| e.url == TRANSLATION_URL)
            .find(|e| {
                e.extension.iter().any(|p| {
                    p.url == "lang" && p.value_code.as_deref().map(primary) == Some(wanted.clone())
                })
            })
            .and_then(|e| e.extension.iter().find(|p| p.url == "content"))
            .and_then(|p| p.value_string.as_deref())
    }
}

/// A FHIR extension with the value types the engine reads; an extension whose value is of
/// another type still parses, and is reported as unsupported by its URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    /// What the extension means.
    pub url: String,
    /// `questionnaire-hidden`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_boolean: Option<bool>,
    /// `questionnaire-minOccurs` / `maxOccurs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_integer: Option<i64>,
    /// `ordinalValue`, `itemWeight`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_decimal: Option<f64>,
    /// `questionnaire-optionPrefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
    /// `questionnaire-unit`, `questionnaire-unitOption`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_coding: Option<Coding>,
    /// `questionnaire-itemControl`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_codeable_concept: Option<CodeableConcept>,
    /// The `lang` part of a `translation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_code: Option<String>,
    /// The parts of a complex extension (`translation`'s `lang` and `content`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
}

/// An answer of any type the engine handles: the engine's view of FHIR's `value[x]`.
/// In the engine's own JSON ([`super::Form`]) it is `{"<type>": value}`, e.g.
/// `{"integer": 3}` or `{"coding": {"code": "y"}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// `valueBoolean`.
    Boolean(bool),
    /// `valueDecimal`.
    Decimal(f64),
    /// `valueInteger`.
    Integer(i64),
    /// `valueDate`, as written (`2020`, `2020-03`, `2020-03-13`).
    Date(String),
    /// `valueDateTime`, as written.
    DateTime(String),
    /// `valueTime`, `hh:mm:ss`.
    Time(String),
    /// `valueString`.
    String(String),
    /// `valueUri`, the answer of a `url` question.
    Uri(String),
    /// `valueCoding`.
    Coding(Coding),
    /// `valueAttachment`.
    Attachment(Attachment),
    /// `valueReference`.
    Reference(Reference),
    /// `valueQuantity`.
    Quantity(Quantity),
}

/// A boolean or number element as read: its value, or the fact that the JSON held another
/// type there. Published questionnaires contain such slips; reading them this way lets the
/// engine report the one element instead of rejecting the whole form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lenient<T> {
    /// The value, of the right type.
    Ok(T),
    /// Something of another JSON type (a string, an out-of-range number).
    Malformed,
}

/// Conversions from JSON scalars for [`Lenient`].
trait Scalar: Sized {
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
}

impl Scalar for bool {
    fn from_bool(v: bool) -> Option<bool> {
        Some(v)
    }
}

impl Scalar for i64 {
    fn from_i64(v: i64) -> Option<i64> {
        Some(v)
    }
    fn from_u64(v: u64) -> Option<i64> {
        i64::try_from(v).ok()
    }
}

impl Scalar for f64 {
    fn from_i64(v: i64) -> Option<f64> {
        Some(v as f64)
    }
    fn from_u64(v: u64) -> Option<f64> {
        Some(v as f64)
    }
    fn from_f64(v: f64) -> Option<f64> {
        Some(v)
    }
}

impl<'de, T: Scalar> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<T: Scalar> serde::de::Visitor<'_> for V<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a boolean, number or string")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Lenient<T>, E> {
                Ok(T::from_bool(v).map_or(Lenient::Malformed, Lenient::Ok))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Lenient<T>, E> {
                Ok(T::from_i64(v).map_or(Lenient::Malformed, Lenient::Ok))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Lenient<T>, E> {
                Ok(T::from_u64(v).map_or(Lenient::Malformed, Lenient::Ok))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Lenient<T>, E> {
                Ok(T::from_f64(v).map_or(Lenient::Malformed, Lenient::Ok))
            }
            fn visit_str<E>(self, _: &str) -> Result<Lenient<T>, E> {
                Ok(Lenient::Malformed)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Lenient::Ok(v) => v.serialize(s),
            Lenient::Malformed => s.serialize_none(),
        }
    }
}

/// Declares a struct holding FHIR's `<prefix>[x]` choice elements (with the given JSON
/// names) beside its own fields, and the conversions to and from [`Value`].
macro_rules! choice_struct {
    (
        $(#[$m:meta])* $name:ident
        [$b:literal $dec:literal $int:literal $date:literal $dt:literal $time:literal
         $s:literal $uri:literal $cod:literal $att:literal $rf:literal $q:literal]
        { $($(#[$fm:meta])* $f:ident : $t:ty,)* }
    ) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
            /// Boolean value.
            #[serde(default, rename = $b, skip_serializing_if = "Option::is_none")]
            pub boolean: Option<Lenient<bool>>,
            /// Decimal value.
            #[serde(default, rename = $dec, skip_serializing_if = "Option::is_none")]
            pub decimal: Option<Lenient<f64>>,
            /// Integer value.
            #[serde(default, rename = $int, skip_serializing_if = "Option::is_none")]
            pub integer: Option<Lenient<i64>>,
            /// Date value.
            #[serde(default, rename = $date, skip_serializing_if = "Option::is_none")]
            pub date: Option<String>,
            /// DateTime value.
            #[serde(default, rename = $dt, skip_serializing_if = "Option::is_none")]
            pub date_time: Option<String>,
            /// Time value.
            #[serde(default, rename = $time, skip_serializing_if = "Option::is_none")]
            pub time: Option<String>,
            /// String value.
            #[serde(default, rename = $s, skip_serializing_if = "Option::is_none")]
            pub string: Option<String>,
            /// Uri value.
            #[serde(default, rename = $uri, skip_serializing_if = "Option::is_none")]
            pub uri: Option<String>,
            /// Coding value.
            #[serde(default, rename = $cod, skip_serializing_if = "Option::is_none")]
            pub coding: Option<Coding>,
            /// Attachment value.
            #[serde(default, rename = $att, skip_serializing_if = "Option::is_none")]
            pub attachment: Option<Attachment>,
            /// Reference value.
            #[serde(default, rename = $rf, skip_serializing_if = "Option::is_none")]
            pub reference: Option<Reference>,
            /// Quantity value.
            #[serde(default, rename = $q, skip_serializing_if = "Option::is_none")]
            pub quantity: Option<Quantity>,
        }

        impl $name {
            /// The value carried, if it is of a type the engine knows (the first, if
            /// several are wrongly given).
            pub fn value(&self) -> Option<Value> {
                let v = if let Some(Lenient::Ok(v)) = self.boolean {
                    Value::Boolean(v)
                } else if let Some(Lenient::Ok(v)) = self.decimal {
                    Value::Decimal(v)
                } else if let Some(Lenient::Ok(v)) = self.integer {
                    Value::Integer(v)
                } else if let Some(v) = &self.date {
                    Value::Date(v.clone())
                } else if let Some(v) = &self.date_time {
                    Value::DateTime(v.clone())
                } else if let Some(v) = &self.time {
                    Value::Time(v.clone())
                } else if let Some(v) = &self.string {
                    Value::String(v.clone())
                } else if let Some(v) = &self.uri {
                    Value::Uri(v.clone())
                } else if let Some(v) = &self.coding {
                    Value::Coding(v.clone())
                } else if let Some(v) = &self.attachment {
                    Value::Attachment(v.clone())
                } else if let Some(v) = &self.reference {
                    Value::Reference(v.clone())
                } else if let Some(v) = &self.quantity {
                    Value::Quantity(v.clone())
                } else {
                    return None;
                };
                Some(v)
            }

            /// The JSON name of a boolean or number element written with a value of
            /// another JSON type (`"answerInteger": "2022-09"`), which [`Self::value`]
            /// skips.
            pub fn malformed(&self) -> Option<&'static str> {
                if self.boolean == Some(Lenient::Malformed) {
                    Some($b)
                } else if self.decimal == Some(Lenient::Malformed) {
                    Some($dec)
                } else if self.integer == Some(Lenient::Malformed) {
                    Some($int)
                } else {
                    None
                }
            }

            /// Sets the choice element to `value` (the other fields are left alone).
            pub fn set_value(&mut self, value: Value) {
                match value {
                    Value::Boolean(v) => self.boolean = Some(Lenient::Ok(v)),
                    Value::Decimal(v) => self.decimal = Some(Lenient::Ok(v)),
                    Value::Integer(v) => self.integer = Some(Lenient::Ok(v)),
                    Value::Date(v) => self.date = Some(v),
                    Value::DateTime(v) => self.date_time = Some(v),
                    Value::Time(v) => self.time = Some(v),
                    Value::String(v) => self.string = Some(v),
                    Value::Uri(v) => self.uri = Some(v),
                    Value::Coding(v) => self.coding = Some(v),
                    Value::Attachment(v) => self.attachment = Some(v),
                    Value::Reference(v) => self.reference = Some(v),
                    Value::Quantity(v) => self.quantity = Some(v),
                }
            }
        }
    };
}

choice_struct! {
    /// `Questionnaire.item.initial`: a prefilled answer.
    Initial
    ["valueBoolean" "valueDecimal" "valueInteger" "valueDate" "valueDateTime" "valueTime"
     "valueString" "valueUri" "valueCoding" "valueAttachment" "valueReference" "valueQuantity"]
    {}
}

choice_struct! {
    /// `Questionnaire.item.answerOption`: one permitted answer of a choice question.
    AnswerOptionJson
    ["valueBoolean" "valueDecimal" "valueInteger" "valueDate" "valueDateTime" "valueTime"
     "valueString" "valueUri" "valueCoding" "valueAttachment" "valueReference" "valueQuantity"]
    {
        /// Whether the option is chosen in a new response.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        initial_selected: Option<bool>,
        /// Where the ordinal score and the option prefix live.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        extension: Vec<Extension>,
    }
}

choice_struct! {
    /// `Questionnaire.item.enableWhen`: one condition for showing an item.
    EnableWhenJson
    ["answerBoolean" "answerDecimal" "answerInteger" "answerDate" "answerDateTime" "answerTime"
     "answerString" "answerUri" "answerCoding" "answerAttachment" "answerReference" "answerQuantity"]
    {
        /// The linkId of the question the condition looks at.
        question: String,
        /// `exists`, `=`, `!=`, `>`, `<`, `>=`, `<=`.
        operator: String,
    }
}

choice_struct! {
    /// `QuestionnaireResponse.item.answer`: one answer, and the answers of the question's
    /// nested items.
    ResponseAnswer
    ["valueBoolean" "valueDecimal" "valueInteger" "valueDate" "valueDateTime" "valueTime"
     "valueString" "valueUri" "valueCoding" "valueAttachment" "valueReference" "valueQuantity"]
    {
        /// Answers to the items nested under the question.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        item: Vec<ResponseItem>,
    }
}

/// Reads a boolean flag also when written as the string `"true"` / `"false"`, as some
/// published questionnaires do (LHC-Forms' enableWhen test has `"repeats": "true"`); any
/// other string is still an error.
fn lenient_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct Flag;
    impl serde::de::Visitor<'_> for Flag {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a boolean")
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Option<bool>, E> {
            Ok(Some(v))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Option<bool>, E> {
            match v {
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
            }
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Option<bool>, E> {
            Ok(None)
        }
    }
    d.deserialize_any(Flag)
}

/// `Questionnaire.item`, as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireItem {
    /// The id that answers and conditions refer to.
    pub link_id: String,
    /// The question or heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Extensions on `text`: its translations.
    #[serde(default, rename = "_text", skip_serializing_if = "Option::is_none")]
    pub text_ext: Option<Element>,
    /// A number or label shown before the text ("1.", "(a)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// The item type code.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether a completed response must answer it.
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub required: Option<bool>,
    /// Whether it may have several answers (or group instances).
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub repeats: Option<bool>,
    /// Whether the person may not change it.
    #[serde(
        default,
        deserialize_with = "lenient_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub read_only: Option<bool>,
    /// The longest text answer allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<i64>,
    /// Prefilled answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial: Vec<Initial>,
    /// Permitted answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_option: Vec<AnswerOptionJson>,
    /// A value set of permitted answers, which the engine cannot expand by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_value_set: Option<String>,
    /// Conditions for showing the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable_when: Vec<EnableWhenJson>,
    /// `any` or `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_behavior: Option<String>,
    /// Nested items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QuestionnaireItem>,
    /// Extensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Extensions that change the item's meaning; all are reported as unsupported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifier_extension: Vec<Extension>,
}

/// A FHIR R4 Questionnaire, as written: the input of [`super::Form::parse`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Questionnaire {
    /// The canonical URL, which a response points back to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The logical id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title shown to a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Extensions on `title`: its translations.
    #[serde(default, rename = "_title", skip_serializing_if = "Option::is_none")]
    pub title_ext: Option<Element>,
    /// Extensions on the whole questionnaire.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Extensions that change the questionnaire's meaning; reported as unsupported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifier_extension: Vec<Extension>,
    /// The items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QuestionnaireItem>,
}

/// `QuestionnaireResponse.status`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Still being filled in.
    #[default]
    InProgress,
    /// Submitted.
    Completed,
    /// Changed after submission.
    Amended,
    /// Withdrawn as a mistake.
    EnteredInError,
    /// Abandoned before completion.
    Stopped,
}

/// `QuestionnaireResponse.item`: the answers to one item, or one instance of a group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseItem {
    /// The questionnaire item answered.
    pub link_id: String,
    /// The item's text, copied for readers without the questionnaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The answers of a question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer: Vec<ResponseAnswer>,
    /// The items of a group instance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<ResponseItem>,
}

fn questionnaire_response() -> String {
    "QuestionnaireResponse".to_owned()
}

/// A FHIR R4 QuestionnaireResponse: what is stored and sent for a filled-in form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResponse {
    /// Always `QuestionnaireResponse`.
    #[serde(default = "questionnaire_response")]
    pub resource_type: String,
    /// The logical id, once stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The canonical URL of the questionnaire answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<String>,
    /// Whether it is still being filled in.
    pub status: Status,
    /// When it was last changed, as a FHIR dateTime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authored: Option<String>,
    /// The answers, in the questionnaire's structure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<ResponseItem>,
}

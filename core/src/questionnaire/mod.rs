//! A FHIR R4 Questionnaire engine: parse a Questionnaire, hold a person's answers, decide
//! which items are shown (enableWhen), check the answers, score them and write them as a
//! QuestionnaireResponse.
//!
//! Pure and synchronous, so the app (in WebAssembly) and the server (natively) run the same
//! rules and it is tested natively. Callers parse the JSON into [`Questionnaire`] /
//! [`QuestionnaireResponse`] with the serde parser they already carry.
//!
//! Spec: <https://hl7.org/fhir/R4/questionnaire.html>.

#![warn(missing_docs)]

mod check;
mod enable;
mod fhir;
mod form;
mod response;
pub mod satisfaction;
mod score;
#[cfg(test)]
mod tests;

pub use check::{check, ErrorCode, ItemError};
pub use enable::{enabled, validate_form, FormError};
pub use fhir::{
    AnswerOptionJson, Attachment, CodeableConcept, Coding, Element, EnableWhenJson, Extension,
    Initial, Lenient, Quantity, Questionnaire, QuestionnaireItem, QuestionnaireResponse, Reference,
    ResponseAnswer, ResponseItem, Status, Value,
};
pub use form::{
    AnswerOption, EnableBehavior, EnableWhen, Form, Item, ItemType, Operator, ParseError,
    Unsupported,
};
pub use response::{Answers, Response};
pub use satisfaction::{complaint_for, ComplaintDecision, COMPLAINT_BELOW, OVERALL_LINK_ID};
pub use score::{progress, total_score, Progress};

//! Symptom-based department recommendation ("AI导诊"): a patient types symptoms in Chinese
//! or English, or taps them by body area, and learns which department to book, or that
//! they should not book at all but go to the emergency department now.
//!
//! What the engine knows is data, not code: a [`Knowledge`] file (TOML, shipped as
//! [`DEFAULT_KNOWLEDGE`]) of symptoms with their phrases in both languages, rules that point
//! symptoms at departments, and red flags. The server parses it, runs [`Knowledge::check`]
//! at start, and answers with [`Knowledge::triage`]; the app can run the same function
//! on the same knowledge sent as JSON. Matching is plain substring search over normalised
//! text with whole-word checks for English, phrases whose parts may stand a few words apart
//! within a clause ("胸口…疼" reads 胸口压着疼), and a short look-behind for negation
//! ("不发烧", "no fever"): small enough for the WebAssembly bundle, predictable enough to
//! test, and it never invents a department that no rule names.
//!
//! - `knowledge`: the file's data model, the shipped file, and its validation;
//! - `engine`: symptoms found → red flag, departments or hint;
//! - `text`: normalisation, whole-word matching and negation.
//!
//! The requests and answers are API types, in [`crate::api::triage`].

mod engine;
mod knowledge;
mod text;

#[cfg(test)]
mod fixtures;

pub use knowledge::{
    Area, Knowledge, RedFlagRule, Rule, Settings, Symptom, When, DEFAULT_KNOWLEDGE,
};

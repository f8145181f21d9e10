//! Lab and imaging reports: what a report holds once the hospital's systems sent it
//! ([`model`]), and the one rule that decides what a patient is told about each value
//! ([`ranges`]: which reference range applies to this patient, and whether the value is
//! high, low or critical).
//!
//! The server reads FHIR R4 into [`model::Report`] at intake and asks [`ranges::assess`]
//! when it answers a patient; the app only shows what it was told. Nothing here parses
//! FHIR or touches a database, so every rule is tested natively on plain values.

pub mod model;
pub mod ranges;

pub use self::model::{
    AgeBand, Observation, ObservedValue, RangeKind, ReferenceRange, Report, ReportKind,
    ReportStatus,
};
pub use self::ranges::{applicable_range, assess, Assessment, Flag, Subject};

//! A report as Careway keeps it: the parts of a FHIR R4 `DiagnosticReport` and its
//! `Observation`s that a patient reads, in plain types. Stored as JSON by the server and
//! read back for every view, so the fields are stable and all optional parts are
//! `Option`s rather than guesses.

use serde::{Deserialize, Serialize};

use crate::identity::Sex;

/// Lab results or an imaging study: the two lists a patient filters by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// Values measured on a sample (blood count, panels, HbA1c…).
    Lab,
    /// A study read by a radiologist (CT, ultrasound…): findings and an impression.
    Imaging,
}

/// FHIR's `DiagnosticReport.status`, which says how far a patient can trust a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ReportStatus {
    /// Ordered; nothing to read yet.
    Registered,
    /// Some results are in.
    Partial,
    /// Results are in but not yet verified.
    Preliminary,
    /// Verified and complete.
    Final,
    /// Changed after it was final (new information).
    Amended,
    /// Changed after it was final (an error was fixed).
    Corrected,
    /// Appended to after it was final.
    Appended,
    /// Will not be completed.
    Cancelled,
    /// Sent by mistake: never shown to the patient.
    EnteredInError,
    /// Status unknown to the sender.
    Unknown,
}

impl ReportStatus {
    /// Every status with its FHIR code.
    pub const ALL: [(ReportStatus, &'static str); 10] = [
        (ReportStatus::Registered, "registered"),
        (ReportStatus::Partial, "partial"),
        (ReportStatus::Preliminary, "preliminary"),
        (ReportStatus::Final, "final"),
        (ReportStatus::Amended, "amended"),
        (ReportStatus::Corrected, "corrected"),
        (ReportStatus::Appended, "appended"),
        (ReportStatus::Cancelled, "cancelled"),
        (ReportStatus::EnteredInError, "entered-in-error"),
        (ReportStatus::Unknown, "unknown"),
    ];

    /// The status for a FHIR code (`final`, `entered-in-error`…).
    pub fn from_code(code: &str) -> Option<ReportStatus> {
        Self::ALL.iter().find(|(_, c)| *c == code).map(|(s, _)| *s)
    }

    /// The FHIR code.
    pub fn code(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("unknown", |(_, c)| c)
    }

    /// Whether the results are verified: the moment a patient is told "your report is
    /// ready", and after which a change is shown as a change.
    pub fn is_issued(self) -> bool {
        matches!(
            self,
            ReportStatus::Final
                | ReportStatus::Amended
                | ReportStatus::Corrected
                | ReportStatus::Appended
        )
    }

    /// Whether a patient sees the report at all (entered-in-error ones vanish, as do
    /// orders with nothing in them yet).
    pub fn is_visible(self) -> bool {
        !matches!(
            self,
            ReportStatus::EnteredInError | ReportStatus::Registered | ReportStatus::Cancelled
        )
    }
}

/// One report as sent: a `DiagnosticReport` with its results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// Lab or imaging.
    pub kind: ReportKind,
    /// How far it can be trusted.
    pub status: ReportStatus,
    /// What was done, as the sender named it ("Complete blood count").
    pub title: String,
    /// The report's code (LOINC or local), for telling reports of the same test apart.
    pub code: Option<String>,
    /// When the sample was taken or the study made (RFC 3339 or a FHIR date).
    pub effective: Option<String>,
    /// When the report was released (RFC 3339).
    pub issued: Option<String>,
    /// Who released it (lab or department), as named by the sender.
    pub performer: Option<String>,
    /// The results, in the order sent; panel members follow their panel, with `depth` 1.
    pub observations: Vec<Observation>,
    /// Imaging: the findings as written.
    pub findings: Option<String>,
    /// The conclusion / impression.
    pub conclusion: Option<String>,
    /// Coded conclusions, as their display texts.
    pub conclusion_codes: Vec<String>,
}

/// One result line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Observation {
    /// What was measured, as the sender named it ("Haemoglobin").
    pub name: String,
    /// Its code (LOINC or local): what a trend follows across reports.
    pub code: Option<String>,
    /// The value, if any (a panel heading has none).
    pub value: Option<ObservedValue>,
    /// The sender's flag (FHIR `interpretation` code: `H`, `L`, `HH`, `LL`, `N`, `A`…),
    /// which wins over a computed one.
    pub interpretation: Option<String>,
    /// Every reference range sent; [`crate::reports::applicable_range`] picks the one that
    /// applies to the patient.
    pub ranges: Vec<ReferenceRange>,
    /// 0 for a result, 1 for a member of the panel above it.
    pub depth: u8,
    /// A note from the lab.
    pub note: Option<String>,
}

/// A measured value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ObservedValue {
    /// A number with its unit, e.g. 13.2 g/dL; `comparator` is `<`, `<=`, `>=` or `>` when
    /// the lab could only say the value is beyond what it measures.
    Quantity {
        /// The number.
        value: f64,
        /// Its unit as printed ("g/dL", "10*9/L").
        unit: Option<String>,
        /// `<`, `<=`, `>=`, `>`.
        comparator: Option<String>,
    },
    /// A text result ("negative", "clear").
    Text {
        /// The text.
        text: String,
    },
}

/// What a reference range is for (FHIR `referenceRange.type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RangeKind {
    /// The normal range (also when the type is not given).
    #[default]
    Normal,
    /// Beyond it the value is critical (a panic value).
    Critical,
    /// A treatment or recommended target; shown, never flagged against.
    Other,
}

/// One reference range as sent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceRange {
    /// Lower limit, in the value's unit.
    pub low: Option<f64>,
    /// Upper limit, in the value's unit.
    pub high: Option<f64>,
    /// The range as text ("negative", "<5.7 %").
    pub text: Option<String>,
    /// Normal, critical or other.
    pub kind: RangeKind,
    /// Whom it applies to: a sex, when the range is for one sex only.
    pub sex: Option<Sex>,
    /// Whom it applies to: an age band.
    pub age: Option<AgeBand>,
}

/// An age band in years, both ends inclusive, either open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgeBand {
    /// From this age (years).
    pub low: Option<f64>,
    /// Up to this age (years).
    pub high: Option<f64>,
}

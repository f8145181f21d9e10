//! Reports: `GET /patients/{id}/reports`, `GET /reports/{id}`,
//! `GET /patients/{id}/reports/trend?code=`, `GET /patients/{id}/report-reads`, and the
//! hospital's `POST /integration/fhir`.
//!
//! The server judges every value against the range for the patient's sex and age
//! ([`crate::reports::assess`]) and sends the flag with it; the app shows it.

use serde::{Deserialize, Serialize};

use crate::reports::{Flag, ObservedValue, ReferenceRange, ReportKind, ReportStatus};

/// One line of a patient's report list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSummary {
    /// The report's id.
    pub id: String,
    /// The family member it is about.
    pub patient_id: String,
    /// Lab or imaging.
    pub kind: ReportKind,
    /// How far it can be trusted (preliminary ones are marked).
    pub status: ReportStatus,
    /// What was done ("Complete blood count").
    pub title: String,
    /// When the sample was taken or the study made.
    pub effective: Option<String>,
    /// When it was released or last changed (RFC 3339).
    pub issued: Option<String>,
    /// Not yet opened from this account since it was issued or changed.
    pub new: bool,
    /// How many values are outside their range.
    pub flagged: u32,
    /// Changed after it was final (amended or corrected).
    pub changed: bool,
}

/// A result line as the patient reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultLine {
    /// What was measured.
    pub name: String,
    /// Its code: ask for its trend with it.
    pub code: Option<String>,
    /// The value.
    pub value: Option<ObservedValue>,
    /// The reference range that applies to this patient (by sex and age).
    pub range: Option<ReferenceRange>,
    /// What the value means; none when nothing can honestly be said.
    pub flag: Option<Flag>,
    /// 0 for a result, 1 for a member of the panel above it.
    pub depth: u8,
    /// A note from the lab.
    pub note: Option<String>,
    /// The value before the last correction, when it changed.
    pub was: Option<ObservedValue>,
    /// Whether earlier reports have this value too (a trend can be drawn).
    pub has_trend: bool,
}

/// `GET /reports/{id}`: one report, whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDetail {
    /// The report's id.
    pub id: String,
    /// The family member it is about.
    pub patient_id: String,
    /// Their name, as on the account.
    pub patient_name: String,
    /// Lab or imaging.
    pub kind: ReportKind,
    /// How far it can be trusted.
    pub status: ReportStatus,
    /// What was done.
    pub title: String,
    /// When the sample was taken or the study made.
    pub effective: Option<String>,
    /// When it was released or last changed.
    pub issued: Option<String>,
    /// The lab or department that released it.
    pub performer: Option<String>,
    /// The results, panels followed by their members.
    pub lines: Vec<ResultLine>,
    /// Imaging: the findings.
    pub findings: Option<String>,
    /// The conclusion / impression.
    pub conclusion: Option<String>,
    /// Coded conclusions as text.
    pub conclusion_codes: Vec<String>,
    /// The status before the last change, when the report was amended or corrected.
    pub changed_from: Option<ReportStatus>,
}

/// One point of a trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    /// The report the value is from.
    pub report_id: String,
    /// When the sample was taken (RFC 3339 or a date).
    pub effective: String,
    /// The value.
    pub value: f64,
    /// Its flag.
    pub flag: Option<Flag>,
}

/// `GET /patients/{id}/reports/trend?code=`: one analyte over time, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    /// The analyte's code.
    pub code: String,
    /// Its name, from the newest report.
    pub name: String,
    /// The unit of the values.
    pub unit: Option<String>,
    /// The normal range for this patient, from the newest report (the shaded band).
    pub range: Option<ReferenceRange>,
    /// The values, oldest first.
    pub points: Vec<TrendPoint>,
}

/// Who opened a report, as the patient sees it: `GET /patients/{id}/report-reads`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportRead {
    /// When (RFC 3339).
    pub at: String,
    /// Which report; `None` for opening the list.
    pub report_id: Option<String>,
    /// Its title.
    pub report_title: Option<String>,
    /// Whether it was this account.
    pub by_you: bool,
    /// The account's login phone, masked (`138****0000`).
    pub by: String,
    /// From where: the client's address, partly masked, or "kiosk".
    pub from: String,
}

/// `POST /integration/fhir`: what was stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeResult {
    /// One entry per report in the document, in order.
    pub reports: Vec<IntakeEntry>,
}

/// One stored report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeEntry {
    /// Careway's id for it.
    pub id: String,
    /// The sender's id for it.
    pub source_id: String,
    /// `created`, `updated` or `unchanged`.
    pub outcome: String,
    /// Whether patients were told it is ready.
    pub notified: bool,
}

//! `/api/v1/patients/{id}/reports`, `/reports/{id}`, `/patients/{id}/reports/trend` and
//! `/patients/{id}/report-reads`: a family member's lab and imaging reports, each value
//! already judged by the server for the member's sex and age, and who read them.

use careway_core::api::reports::{ReportDetail, ReportRead, ReportSummary, Trend};
use careway_core::locale::Lang;
use web_sys::AbortSignal;

use super::{segment, ApiError};

/// A member's reports, newest first.
pub async fn list(
    patient: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Vec<ReportSummary>, ApiError> {
    let path = format!("/patients/{}/reports", segment(patient));
    super::get(&path, lang, signal).await
}

/// One report (404 for a report of someone the account does not hold).
pub async fn get(
    id: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<ReportDetail, ApiError> {
    super::get(&format!("/reports/{}", segment(id)), lang, signal).await
}

/// One analyte of a member's reports over time.
pub async fn trend(
    patient: &str,
    code: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Trend, ApiError> {
    let path = format!(
        "/patients/{}/reports/trend?code={}",
        segment(patient),
        segment(code)
    );
    super::get(&path, lang, signal).await
}

/// Who opened a member's reports, newest first.
pub async fn reads(
    patient: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Vec<ReportRead>, ApiError> {
    let path = format!("/patients/{}/report-reads", segment(patient));
    super::get(&path, lang, signal).await
}

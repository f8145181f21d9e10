//! `/api/v1/patients`: the family members ("就诊人") an account books and reads reports
//! for. Identifiers come back masked; the full ID number is only ever sent, never read.

use careway_core::api::account::{CodeSent, MemberCodeRequest, Patient, PatientInput};
use careway_core::locale::Lang;
use gloo::net::http::Method;
use web_sys::AbortSignal;

use super::{segment, ApiError};

/// Every family member of the account, the default one first.
pub async fn list(lang: Lang, signal: Option<&AbortSignal>) -> Result<Vec<Patient>, ApiError> {
    super::get("/patients", lang, signal).await
}

/// One family member of the account (404 for anyone else's).
pub async fn get(id: &str, lang: Lang, signal: Option<&AbortSignal>) -> Result<Patient, ApiError> {
    super::get(&format!("/patients/{}", segment(id)), lang, signal).await
}

/// Adds a family member.
pub async fn create(
    input: &PatientInput,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Patient, ApiError> {
    super::post("/patients", input, lang, signal).await
}

/// Changes a family member's details (`id_number: None` keeps the number on file).
pub async fn update(
    id: &str,
    input: &PatientInput,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Patient, ApiError> {
    let path = format!("/patients/{}", segment(id));
    super::request(Method::PUT, &path, Some(input), lang, signal).await
}

/// Removes a family member.
pub async fn remove(id: &str, lang: Lang, signal: Option<&AbortSignal>) -> Result<(), ApiError> {
    let path = format!("/patients/{}", segment(id));
    super::request(Method::DELETE, &path, None::<&()>, lang, signal).await
}

/// Makes this family member the one chosen by default when booking.
pub async fn set_default(
    id: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Patient, ApiError> {
    let path = format!("/patients/{}/default", segment(id));
    super::request(Method::POST, &path, None::<&()>, lang, signal).await
}

/// Sends a code to the phone a member is being saved with (the typed one, or the one on
/// file of `patient_id`), to be typed back with the save.
pub async fn send_code(
    request: &MemberCodeRequest,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<CodeSent, ApiError> {
    super::post("/patients/phone-codes", request, lang, signal).await
}

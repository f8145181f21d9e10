//! `/api/v1/surveys/{id}` and `/surveys/{id}/response`: one survey sent to the account
//! (its questionnaire, where it stands, the follow-up its answers opened) and sending the
//! patient's answers in the engine's JSON ([`Response`]; the server stores them as FHIR).

use careway_core::api::surveys::Survey;
use careway_core::locale::Lang;
use careway_core::questionnaire::Response;
use web_sys::AbortSignal;

use super::{segment, ApiError};

/// One survey (404 for a survey of someone the account does not hold).
pub async fn get(id: &str, lang: Lang, signal: Option<&AbortSignal>) -> Result<Survey, ApiError> {
    super::get(&format!("/surveys/{}", segment(id)), lang, signal).await
}

/// Sends the completed answers; `key` makes a retry after a lost answer return the first
/// submission (see [`super::post_once`]). Answers the survey, now submitted.
pub async fn submit(
    id: &str,
    response: &Response,
    key: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Survey, ApiError> {
    let path = format!("/surveys/{}/response", segment(id));
    super::post_once(&path, response, key, lang, signal).await
}

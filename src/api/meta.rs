//! `/api/v1/meta`: who the hospital is and how the app should behave there.

use careway_core::api::Meta;
use careway_core::locale::Lang;
use web_sys::AbortSignal;

use super::ApiError;

/// The hospital's name, phone, languages and kiosk settings, needed before the first page.
pub async fn get(lang: Lang, signal: Option<&AbortSignal>) -> Result<Meta, ApiError> {
    super::get("/meta", lang, signal).await
}

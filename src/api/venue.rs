//! The hospital's venue: one JSON document at the address the meta data names
//! (`/venue-<hash>.json`), loaded once; routes are then planned in the app.

use careway_core::locale::Lang;
use careway_core::navigation::Venue;
use web_sys::AbortSignal;

use super::ApiError;

/// The venue published at `url`.
pub async fn get(url: &str, lang: Lang, signal: Option<&AbortSignal>) -> Result<Venue, ApiError> {
    super::get_document(url, lang, signal).await
}

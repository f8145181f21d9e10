//! `/api/v1/inbox`: what the hospital sent the account, and marking a message read.

use careway_core::api::inbox::InboxItem;
use careway_core::locale::Lang;
use web_sys::AbortSignal;

use super::{segment, ApiError};

/// The account's messages, newest first.
pub async fn list(lang: Lang, signal: Option<&AbortSignal>) -> Result<Vec<InboxItem>, ApiError> {
    super::get("/inbox", lang, signal).await
}

/// Marks a message read.
pub async fn mark_read(id: &str, lang: Lang, signal: Option<&AbortSignal>) -> Result<(), ApiError> {
    let path = format!("/inbox/{}/read", segment(id));
    super::post(&path, &(), lang, signal).await
}

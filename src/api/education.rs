//! `/api/v1/articles`: the hospital's health education articles.

use careway_core::api::education::Article;
use careway_core::locale::Lang;
use web_sys::AbortSignal;

use super::{segment, ApiError};

/// One article, in both languages.
pub async fn article(
    id: &str,
    lang: Lang,
    signal: Option<&AbortSignal>,
) -> Result<Article, ApiError> {
    super::get(&format!("/articles/{}", segment(id)), lang, signal).await
}

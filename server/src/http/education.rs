//! Health education: `GET /articles/{id}` and `GET /articles/{id}/image`. Articles are
//! the hospital's content, the same for everyone, so no login is asked and browsers may
//! keep them for an hour; an unknown id answers 404.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use careway_core::api::education::Article;
use careway_core::problem::Problem;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{Error, Path};
use crate::content::education::LoadedArticle;
use crate::AppState;

/// How long a browser may keep an article or its picture before asking again.
const CACHE: &str = "public, max-age=3600";

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(article))
        .routes(routes!(image))
}

/// One article, in both languages.
#[utoipa::path(get, path = "/articles/{id}", tag = "education",
    params(("id" = String, Path, description = "The article's id")),
    responses(
        (status = 200, body = Article),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    answer(&state, &id, |a| axum::Json(&a.article).into_response())
}

/// An article's picture (SVG).
#[utoipa::path(get, path = "/articles/{id}/image", tag = "education",
    params(("id" = String, Path, description = "The article's id")),
    responses(
        (status = 200, content_type = "image/svg+xml", description = "The picture"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn image(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    answer(&state, &id, |a| {
        ([(header::CONTENT_TYPE, "image/svg+xml")], a.image.clone()).into_response()
    })
}

/// The article `id` drawn by `body`, cacheable, or 404.
fn answer(
    state: &AppState,
    id: &str,
    body: impl FnOnce(&LoadedArticle) -> Response,
) -> Result<Response, Error> {
    let loaded = state
        .content
        .education
        .get(id)
        .ok_or_else(Error::not_found)?;
    let mut response = body(loaded);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE));
    Ok(response)
}

//! `GET /departments`: the hospital's departments, searchable by name, pinyin initials or
//! complaint, each with what to do before a visit there.

use axum::extract::State;
use careway_core::api::booking::{department_matches, Department};
use careway_core::api::LocalText;
use careway_core::problem::Problem;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{Error, Query};
use crate::store::catalogue;
use crate::AppState;

/// The catalogue's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(departments))
}

/// A department as patients see it: its own pre-visit notes first, then the hospital's
/// general ones (`general`), which every visit shares.
pub fn for_patients(mut department: Department, general: &[LocalText]) -> Department {
    department.instructions.extend(general.iter().cloned());
    department
}

/// Query of `GET /departments`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct DepartmentQuery {
    /// Part of a name (Chinese or English), pinyin initials, or a complaint.
    #[serde(default)]
    pub q: String,
}

/// The departments, optionally filtered by a search.
#[utoipa::path(get, path = "/departments", tag = "booking",
    params(DepartmentQuery),
    responses(
        (status = 200, body = [Department]),
        (status = 500, body = Problem, content_type = "application/problem+json"),
        super::error::QueryProblems,
    ))]
pub async fn departments(
    State(state): State<AppState>,
    Query(query): Query<DepartmentQuery>,
) -> Result<axum::Json<Vec<Department>>, Error> {
    Ok(axum::Json(
        all_for_patients(&state)
            .await?
            .into_iter()
            .filter(|d| department_matches(d, &query.q))
            .collect(),
    ))
}

/// Every department as patients see it: what `GET /departments` answers without a
/// search, and what the booking page is drawn with.
pub async fn all_for_patients(state: &AppState) -> Result<Vec<Department>, Error> {
    let general = &state.content.booking.instructions;
    Ok(catalogue::departments(&state.db)
        .await?
        .into_iter()
        .map(|d| for_patients(d, general))
        .collect())
}

//! `GET /api/v1/health` and `GET /api/v1/meta`: is the server up, and who is the hospital.

use axum::extract::State;
use axum::Json;
use careway_core::api::{Health, Meta};
use careway_core::locale::Lang;
use careway_core::problem::{Problem, ProblemKind};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::Error;
use crate::{store, AppState};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(meta))
}

/// Health check for load balancers and monitoring: 200 when the database answers.
#[utoipa::path(get, path = "/health", tag = "meta",
    responses(
        (status = 200, body = Health),
        (status = 503, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, Error> {
    store::ping(&state.db).await.map_err(|err| {
        tracing::error!(%err, "database does not answer");
        Error::kind(ProblemKind::Unavailable)
    })?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: VERSION.to_owned(),
    }))
}

/// What the app needs before its first page: the hospital, languages, time zone, modes.
#[utoipa::path(get, path = "/meta", tag = "meta",
    responses(
        (status = 200, body = Meta),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn meta(State(state): State<AppState>) -> Result<Json<Meta>, Error> {
    let hospital = store::hospital::hospital(&state.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the hospital row is missing"))?;
    let department_count = store::hospital::active_department_count(&state.db).await?;
    Ok(Json(Meta {
        hospital,
        time_zone: state.config.time_zone.clone(),
        languages: Lang::ALL.to_vec(),
        demo: state.is_demo(),
        demo_phone: state.is_demo().then(|| crate::demo::DEMO_PHONE.to_owned()),
        kiosk_idle_seconds: state.config.kiosk_idle_seconds,
        department_count,
        version: VERSION.to_owned(),
    }))
}

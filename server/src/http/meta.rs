//! `GET /api/v1/health` and `GET /api/v1/meta`: is the server up, and who is the hospital.

use axum::extract::State;
use axum::Json;
use careway_core::api::{Health, Hospital, Meta};
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
/// The same document is embedded in every page the server sends (see
/// [`super::spa::IndexPage`]), so the app starts without asking for it.
#[utoipa::path(get, path = "/meta", tag = "meta",
    responses(
        (status = 200, body = Meta),
    ))]
pub async fn meta(State(state): State<AppState>) -> Json<Meta> {
    Json(of(&state))
}

/// The meta document of this server: all of it is known from the hospital's content and
/// the settings when the server starts.
pub fn of(state: &AppState) -> Meta {
    let h = &state.content.hospital;
    Meta {
        hospital: Hospital {
            name: h.name.clone(),
            short_name: h.short_name_or_name().clone(),
            address: h.address.clone(),
            phone: h.phone.clone(),
            emergency_phone: h.emergency_phone.clone(),
        },
        time_zone: state.config.time_zone.clone(),
        languages: Lang::ALL.to_vec(),
        demo: state.is_demo(),
        demo_phone: state.is_demo().then(|| crate::demo::DEMO_PHONE.to_owned()),
        kiosk_idle_seconds: state.config.kiosk_idle_seconds,
        department_count: u32::try_from(state.content.departments.len()).unwrap_or(u32::MAX),
        venue: state.content.venue.as_ref().map(|v| v.path.clone()),
        version: VERSION.to_owned(),
    }
}

//! The HTTP surface: the REST API under `/api/v1` and the built app for every other path.
//!
//! Each resource module exposes its routes as a `router()`; this module assembles them
//! under [`BASE_PATH`], documents them in the OpenAPI document (every route is added
//! through `utoipa_axum::routes!`, so the document and the router list the same
//! operations), and wraps everything in the cross-cutting layers: request ids and
//! tracing, problem bodies, security headers, caching and compression.

pub mod appointments;
pub mod auth;
pub mod catalogue;
pub mod client_errors;
pub mod education;
pub mod error;
pub mod ics;
pub mod idempotency;
pub mod inbox;
pub mod meta;
pub mod pages;
pub mod patients;
pub mod queue;
pub mod queue_staff;
pub mod reports;
pub mod schedules;
pub mod security;
pub mod server;
pub mod session;
pub mod spa;
pub mod staff;
pub mod surveys;
pub mod throttle;
pub mod triage;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Request};
use axum::handler::Handler;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::middleware;
use axum::routing::get;
use axum::{Json, Router};
use careway_core::api::BASE_PATH;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::PropagateRequestIdLayer;
use tower_http::set_header::{SetRequestHeaderLayer, SetResponseHeaderLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

/// Largest JSON body the API accepts. Nothing a patient sends comes close.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Careway API",
        description = "The REST API of Careway, a hospital's patient-facing mini-app. \
                       Errors are RFC 9457 problem details (application/problem+json)."
    ),
    components(schemas(careway_core::problem::Problem, careway_core::problem::FieldError))
)]
struct ApiDoc;

/// The path of the OpenAPI document, the one API route not described in it.
pub const OPENAPI_PATH: &str = "/openapi.json";

/// The API routes with ordinary bodies and their OpenAPI description, one router per
/// resource.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(meta::router())
        .merge(client_errors::router())
        .merge(session::router())
        .merge(patients::router())
        .merge(reports::router())
        .merge(inbox::router())
        .merge(education::router())
        .merge(catalogue::router())
        .merge(schedules::router())
        .merge(appointments::router())
        .merge(queue::router())
        .merge(queue_staff::router())
        .merge(surveys::router())
        .merge(triage::router())
        .merge(staff::router())
}

/// The live streams (server-sent events), routed apart from [`api_routes`] so that they
/// skip the compression layer: tower-http never compresses `text/event-stream`, but its
/// response body reserves room for a brotli encoder in every response it wraps, about
/// 6 KB held for as long as a stream stays open, times every wall display and phone.
fn stream_routes() -> OpenApiRouter<AppState> {
    queue::streams()
}

/// Every API route with its OpenAPI description, under [`BASE_PATH`].
fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(BASE_PATH, api_routes().merge(stream_routes()))
}

/// The OpenAPI document of every route, as published at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().split_for_parts().1
}

/// Builds the whole service: the API, the app, and the layers around them.
pub fn app(state: AppState) -> Router {
    let doc = Arc::new(openapi());
    let (streams, _) = OpenApiRouter::new()
        .nest(BASE_PATH, stream_routes())
        .split_for_parts();
    let streams = streams.layer(
        ServiceBuilder::new()
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            )),
    );
    let (api, _) = OpenApiRouter::new()
        .nest(BASE_PATH, api_routes())
        .split_for_parts();
    let api = api
        .route(
            &format!("{BASE_PATH}{OPENAPI_PATH}"),
            get(move || {
                let doc = doc.clone();
                async move { Json(doc) }
            }),
        )
        .layer(
            ServiceBuilder::new()
                .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(CompressionLayer::new()),
        );

    let page = spa::IndexPage::load(&state.config.dist_dir, &state.content.hospital.phone);
    let headers = security::SecurityHeaders::new(&state.config, &page.script_hashes());
    let app_files = spa::AppFiles::new(&state.config.dist_dir, page, state.clone());
    let in_flight = Arc::new(tokio::sync::Semaphore::new(state.config.max_in_flight));
    let request_timeout = state.config.request_timeout;

    let mut router = Router::new().merge(api).merge(streams);
    if let Some(venue) = state.content.venue.clone() {
        // Fingerprinted like the app's files: cached for good, by the browser and the
        // service worker, and replaced by a new address when the building changes.
        let path = venue.path.clone();
        router = router.route(
            &path,
            get(move || {
                let venue = venue.clone();
                async move {
                    (
                        [
                            (header::CONTENT_TYPE, "application/json"),
                            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
                        ],
                        venue.body.clone(),
                    )
                }
            })
            .layer(CompressionLayer::new()),
        );
    }
    // Pages and app files. A page is drawn per request (about 21 KB of HTML, 7 KB
    // compressed), so it is compressed here; the app's files already have their
    // brotli and gzip twins on disk, and a response that is encoded is left as it is.
    // Compressing a page is safe from BREACH-style attacks because a page holds nothing
    // secret (see `pages`): no patient data, no token.
    let serve = move |request: Request| app_files.clone().serve(request);
    router
        .fallback(serve.layer(CompressionLayer::new()))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_csrf_header,
        ))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                // The server's own id, always: one the client sent is overwritten, so a
                // client cannot make its requests pass for another's in the logs.
                .layer(SetRequestHeaderLayer::overriding(
                    REQUEST_ID,
                    |_: &Request| HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()).ok(),
                ))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let id = request
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!(
                            "request",
                            request_id = %id,
                            method = %request.method(),
                            path = %request.uri().path(),
                        )
                    }),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(middleware::from_fn_with_state(
                    Arc::new(headers),
                    security::add_headers,
                ))
                .layer(middleware::from_fn(error::render_problems))
                .layer(middleware::from_fn_with_state(
                    in_flight,
                    server::limit_in_flight,
                ))
                .layer(middleware::from_fn(server::refuse_oversized))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    request_timeout,
                )),
        )
}

/// Appends a security event to the audit log. A failure to write it is logged loudly but
/// does not fail the patient's request.
pub async fn audit(
    state: &AppState,
    event: &str,
    account_id: Option<&str>,
    client: &auth::ClientInfo,
    detail: serde_json::Value,
) {
    let entry = crate::store::audit::Event {
        event,
        account_id,
        client_addr: &client.addr,
        request_id: &client.request_id,
        detail,
    };
    if let Err(err) = crate::store::audit::append(&state.db, entry, state.clock.now()).await {
        tracing::error!(%err, event, "cannot write to the audit log");
    }
}

/// Appends a refusal of an unauthenticated request (missing anti-forgery header, refused
/// staff token, code requests over quota) to the audit log, at most once a minute per
/// address and event: a flood of refusals must not compete with bookings for the one
/// writer. The entry written says in `dropped_before` how many refusals of the minute
/// before were not written.
pub async fn audit_refusal(
    state: &AppState,
    event: &str,
    account_id: Option<&str>,
    client: &auth::ClientInfo,
    mut detail: serde_json::Value,
) {
    let key = format!("{event} {}", client.quota_key());
    if let throttle::Hit::First { dropped } = state.throttles.refusals.hit(&key) {
        if let Some(fields) = detail.as_object_mut() {
            fields.insert("dropped_before".to_owned(), dropped.into());
        }
        audit(state, event, account_id, client, detail).await;
    }
}

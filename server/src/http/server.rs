//! Serving the app on a socket, with the limits a public server needs against clients
//! that are slow on purpose or by accident.
//!
//! `axum::serve` gives no hold on hyper's connection settings, so connections are served
//! here (HTTP/1.1; the reverse proxy in front speaks HTTP/2 to browsers): each gets
//! hyper's header-read timeout (a client that sends half its headers and
//! stops is cut off), and the number of open connections is capped, so that a flood of
//! idle sockets waits at the door instead of holding file descriptors and memory. The
//! per-request limits (a whole-request timeout, requests in flight, an over-large
//! `Content-Length`) are layers of [`super::app`], so in-process tests see them too.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt;

use crate::fanout::Connection;
use crate::AppState;

/// Most connections open at once; the next waits until one closes.
const MAX_CONNECTIONS: usize = 20_000;

/// How long requests in flight get to finish once shutdown is asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// Serves the app on `listener` until `shutdown` resolves, then lets requests in flight
/// finish (for at most [`SHUTDOWN_GRACE`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let header_read_timeout = state.config.header_read_timeout;
    let router = super::app(state);
    let connections = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => {
                permit.expect("the connection semaphore is never closed")
            }
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait, then accept again.
                    tracing::warn!(%err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small writes (an event for a wall display, a short JSON answer) go out at once
        // instead of waiting, under Nagle's algorithm, for the last one's acknowledgement.
        if let Err(err) = stream.set_nodelay(true) {
            tracing::debug!(%err, %remote, "cannot turn off Nagle's algorithm");
        }
        let router = router.clone();
        // The stream is shared, so that a board stream's socket can be handed to the board
        // writers once hyper has written its head (see `fanout`).
        let stream = Connection::new(stream);
        let handover = stream.handover();
        let service = tower::service_fn(move |mut request: axum::http::Request<_>| {
            let extensions = request.extensions_mut();
            extensions.insert(ConnectInfo::<SocketAddr>(remote));
            extensions.insert(handover.clone());
            router.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that goes away or times out is routine, not worth a warning.
            if let Err(err) = connection.await {
                tracing::debug!(%err, %remote, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after {SHUTDOWN_GRACE:?}; stopping anyway");
    }
    Ok(())
}

/// Middleware answering 413 at once when a request announces a body larger than
/// [`super::MAX_BODY_BYTES`] ([`super::reports::MAX_FHIR_BYTES`] for the hospital's
/// systems under `/api/v1/integration/`), before any of it is read (and for routes that
/// would never read it).
pub async fn refuse_oversized(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let limit = if request.uri().path().starts_with("/api/v1/integration/") {
        super::reports::MAX_FHIR_BYTES
    } else {
        super::MAX_BODY_BYTES
    };
    if announced.is_some_and(|len| len > limit as u64) {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    next.run(request).await
}

/// Middleware holding the number of requests handled at once under the configured
/// maximum; one more is answered 503 at once, rather than queued behind the others while
/// memory grows.
pub async fn limit_in_flight(
    axum::extract::State(slots): axum::extract::State<Arc<tokio::sync::Semaphore>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let Ok(_permit) = slots.try_acquire_owned() else {
        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    next.run(request).await
}

//! What the load benchmarks (`bench-auth`, `bench-booking`) share: reading their
//! numeric options and serving the real app on a local port, as a deployment would.

use std::net::SocketAddr;

use crate::{app, AppState};

/// The number given after `name` on the command line (`--clients 20`), or `default`
/// when it is missing or not a whole number.
pub fn option(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Serves the app over `state` on a free port of 127.0.0.1, in the background, with the
/// client addresses the throttles need; returns the address it listens on.
pub async fn serve(state: AppState) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = app(state).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(addr)
}

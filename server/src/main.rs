//! The `careway-server` binary: reads the configuration, opens the database, loads the
//! hospital, and serves the API and the app until SIGTERM or Ctrl-C.

use std::sync::Arc;

use anyhow::Context;
use careway_server::clock::SystemClock;
use careway_server::config::Config;
use careway_server::{app, http, AppState};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    if let Err(err) = run().await {
        eprintln!("careway-server: {err:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    init_logging(config.log_json);

    let dist = config.dist_dir.clone();
    tokio::task::spawn_blocking(move || http::spa::precompress(&dist))
        .await
        .context("precompressing the app failed")?;

    let state = AppState::open(config, Arc::new(SystemClock)).await?;
    let addr = state.config.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (is another server running there?)"))?;
    let local = listener.local_addr()?;
    let hospital = state.content.hospital.name.zh.clone();
    let demo = state.is_demo();

    println!();
    println!("  Careway is ready: http://{local}/");
    println!(
        "  Hospital: {hospital}{}",
        if demo { " (demo)" } else { "" }
    );
    println!("  Kiosk mode on this device: http://{local}/kiosk");
    println!("  API description: http://{local}/api/v1/openapi.json");
    println!("  Press Ctrl-C to stop.");
    println!();

    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}

fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_env("CAREWAY_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Resolves on Ctrl-C or SIGTERM, letting requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

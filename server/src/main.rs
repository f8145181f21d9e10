//! The `careway-server` binary: reads the configuration, opens the database, loads the
//! hospital, and serves the API and the app until SIGTERM or Ctrl-C.
//!
//! `careway-server audit-verify` instead checks the audit log's keyed hash chain, with the
//! server's secret key, and names the first broken entry (exit status 1), for the
//! hospital's IT and auditors.

use std::sync::Arc;

use anyhow::Context;
use careway_server::clock::SystemClock;
use careway_server::config::Config;
use careway_server::secrets::SecretKey;
use careway_server::{http, AppState};
use tracing_subscriber::EnvFilter;

/// jemalloc: less memory held per open event stream than the system's malloc (see
/// server/Cargo.toml for the figures).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() {
    let command = std::env::args().nth(1);
    let result = match command.as_deref() {
        None | Some("serve") => run().await,
        Some("audit-verify") => audit_verify().await,
        Some(other) => Err(anyhow::anyhow!(
            "unknown command {other:?}; use `careway-server` (serve) or `careway-server audit-verify`"
        )),
    };
    if let Err(err) = result {
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
    tokio::spawn(careway_server::jobs::outbox::run(state.clone()));
    tokio::spawn(careway_server::jobs::schedule::run(state.clone()));
    if state.is_demo() && state.config.hospital_dir.is_none() {
        tokio::spawn(careway_server::jobs::simulator::run(state.clone()));
    }
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
    if demo {
        println!(
            "  DEMO MODE (CAREWAY_DEMO=1): codes are written to this log and shown on screen, \
             and the published staff token works. Never use it with real patients."
        );
        println!(
            "  Demo login: phone {} (code shown on the login page and in this log); kiosk card {}",
            careway_server::demo::DEMO_PHONE,
            careway_server::demo::DEMO_CARD
        );
    }
    println!("  Kiosk mode on this device: http://{local}/kiosk");
    println!("  API description: http://{local}/api/v1/openapi.json");
    println!("  Press Ctrl-C to stop.");
    println!();

    http::server::serve(listener, state, shutdown_signal())
        .await
        .context("the server stopped with an error")?;
    tracing::info!("stopped");
    Ok(())
}

/// Checks the audit log's chain in the configured database, with the server's own key
/// (`CAREWAY_SECRET` or `<data_dir>/secret.key`, never a new one).
async fn audit_verify() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    let secret = SecretKey::load_existing(config.secret.as_deref(), &config.data_dir)
        .context("the audit verifier needs the server's secret key")?;
    let db = careway_server::store::connect(
        &config.database_url,
        config.full_slot_cache,
        secret.audit_chain_key(),
    )
    .await?;
    match careway_server::store::audit::verify(&db).await? {
        Ok(entries) => {
            println!("audit log intact: {entries} entries, every hash chains");
            Ok(())
        }
        Err(broken) => Err(anyhow::anyhow!("audit log broken at {broken}")),
    }
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

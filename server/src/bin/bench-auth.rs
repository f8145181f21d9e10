//! `cargo xtask bench auth`: how long a patient waits to log in.
//!
//! Starts the real server (release build, SQLite with synchronous=FULL in a temporary
//! folder) on a free port, then runs many clients at once over HTTP. Each login is the
//! whole round trip a patient makes: ask for a code, receive it (read from the outbox as
//! the SMS gateway would), and exchange it for a session. Each client has its own loopback
//! address, as phones do, so the per-address quota applies as in production. Prints
//! p50/p99 per step and logins per second.
//!
//! Options: `--clients N` (default 20), `--logins N` per client (default 25).

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use careway_server::clock::SystemClock;
use careway_server::config::Config;
use careway_server::{bench, store, AppState};
use serde_json::json;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let clients = bench::option("--clients", 20);
    let logins = bench::option("--logins", 25);

    let dir = std::env::temp_dir().join(format!("careway-bench-auth-{}", uuid::Uuid::now_v7()));
    let mut config = Config::for_data_dir(&dir);
    config.dist_dir = dir.join("no-app");
    let state = AppState::open(config, Arc::new(SystemClock)).await?;
    let addr = bench::serve(state.clone()).await?;
    let base = format!("http://{addr}{}", careway_core::api::BASE_PATH);

    println!(
        "bench auth: {clients} clients × {logins} logins against {base} (SQLite, synchronous=FULL)"
    );
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let state = state.clone();
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            // One loopback address per client: 127.0.<c>.2.
            let local = IpAddr::V4(Ipv4Addr::new(127, 0, c as u8, 2));
            let http = reqwest::Client::builder()
                .local_address(local)
                .timeout(Duration::from_secs(30))
                .build()?;
            let mut samples = Vec::with_capacity(logins);
            for i in 0..logins {
                let phone = format!("13{:03}{:06}", c, i);
                let t0 = Instant::now();
                let reply = http
                    .post(format!("{base}/login-codes"))
                    .header(careway_core::api::CSRF_HEADER, "1")
                    .json(&json!({ "phone": phone }))
                    .send()
                    .await?;
                anyhow::ensure!(
                    reply.status() == 202,
                    "code request answered {}",
                    reply.status()
                );
                let t1 = Instant::now();
                let messages = store::outbox::pending_for(&state.db, &phone).await?;
                let body = &messages
                    .first()
                    .ok_or_else(|| anyhow::anyhow!("no code queued"))?
                    .body;
                let code: String = body
                    .split(|ch: char| !ch.is_ascii_digit())
                    .find(|p| p.len() == 6)
                    .unwrap_or_default()
                    .to_owned();
                let t2 = Instant::now();
                let reply = http
                    .post(format!("{base}/session"))
                    .header(careway_core::api::CSRF_HEADER, "1")
                    .json(&json!({ "phone": phone, "code": code }))
                    .send()
                    .await?;
                anyhow::ensure!(reply.status() == 200, "login answered {}", reply.status());
                let t3 = Instant::now();
                samples.push((t1 - t0, t3 - t2, (t1 - t0) + (t3 - t2)));
            }
            anyhow::Ok(samples)
        }));
    }
    let mut code = Vec::new();
    let mut login = Vec::new();
    let mut round = Vec::new();
    for task in tasks {
        for (a, b, c) in task.await?? {
            code.push(a);
            login.push(b);
            round.push(c);
        }
    }
    let elapsed = started.elapsed();
    let total = round.len();
    println!("  request a code   {}", summary(&mut code));
    println!("  log in with it   {}", summary(&mut login));
    println!("  whole round trip {}", summary(&mut round));
    println!(
        "  {total} logins in {:.2} s: {:.0} logins/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    let at =
        |q: f64| samples[((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1];
    format!(
        "p50 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3)
    )
}

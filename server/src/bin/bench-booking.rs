//! `cargo xtask bench booking`: the release rush and booking throughput.
//!
//! Starts the real server (release build, SQLite with synchronous=FULL in a temporary
//! folder) on a free port with a bench hospital whose clinics have 100 places per window.
//!
//! 1. The rush: 1 000 patients, each with their own account and session, press "book" for
//!    the same 100-place window at the same moment, over HTTP. Like real patients waiting
//!    for the release, each has the app open already: a live connection and a checked
//!    session. Exactly 100 must win, none twice, and every loser must get a 409 problem.
//!    Prints the counts and p50/p99, and the floor: the same burst of requests for an
//!    answer that touches no database, on the same machine (the clients share its cores).
//! 2. Throughput: 4 000 more patients book different windows, 64 requests in flight.
//!    Prints bookings per second and p50/p99.
//!
//! Options: `--rush N` (1000), `--places N` (100, at most 100), `--bookings N` (4000),
//! `--in-flight N` (64).

use std::sync::Arc;
use std::time::{Duration, Instant};

use careway_core::api::account::{CheckedPatient, Relation};
use careway_core::identity::{CivilDate, Sex};
use careway_server::clock::SystemClock;
use careway_server::config::Config;
use careway_server::{bench, secrets, store, AppState};
use jiff::SignedDuration;
use serde_json::json;
use tokio::sync::Semaphore;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rush = bench::option("--rush", 1000);
    let places = bench::option("--places", 100).clamp(1, 100);
    let bookings = bench::option("--bookings", 4000);
    let in_flight = bench::option("--in-flight", 64);

    let dir = std::env::temp_dir().join(format!("careway-bench-booking-{}", uuid::Uuid::now_v7()));
    let content = dir.join("hospital");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        content.join("hospital.toml"),
        include_str!("../demo/hospital.toml"),
    )?;
    std::fs::write(content.join("doctors.toml"), bench_doctors(places))?;
    let mut config = Config::for_data_dir(dir.join("data"));
    config.dist_dir = dir.join("no-app");
    config.hospital_dir = Some(content);
    let state = AppState::open(config, Arc::new(SystemClock)).await?;
    let addr = bench::serve(state.clone()).await?;
    let url = format!("http://{addr}{}/appointments", careway_core::api::BASE_PATH);

    // Windows well clear of the booking cut-off, so every request is a real contest.
    let now = state.clock_now();
    let windows =
        store::clinics::open_windows(&state.db, now, now + SignedDuration::from_hours(2)).await?;
    anyhow::ensure!(windows.len() > 1, "the bench hospital has no open windows");
    let target = windows[0].slot_id.clone();
    println!(
        "bench booking: setting up {} patients with sessions…",
        rush + bookings
    );
    let patients = make_patients(&state, rush + bookings).await?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .pool_max_idle_per_host(2000)
        .build()?;

    // 1. The release rush.
    println!("bench booking: release rush: {rush} clients race {places} places over HTTP (SQLite, synchronous=FULL)");
    let start = Arc::new(tokio::sync::Barrier::new(rush));
    let mut tasks = Vec::new();
    for (cookie, patient) in &patients[..rush] {
        let (cookie, patient) = (cookie.clone(), patient.clone());
        let (http, url, target, start) = (http.clone(), url.clone(), target.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            // Each patient has the app open, waiting for the release: the connection is
            // already up and the session checked, as in a real rush.
            let session = url.replace("/appointments", "/session");
            http.get(&session)
                .header("cookie", &cookie)
                .send()
                .await?
                .error_for_status()?;
            // The floor: the same burst for an answer that touches no database (an
            // unknown API path), to tell the cost of booking from that of HTTP itself.
            start.wait().await;
            let t0 = Instant::now();
            let nothing = url.replace("/appointments", "/no-such-thing");
            let floor = http.get(&nothing).header("cookie", &cookie).send().await?;
            anyhow::ensure!(
                floor.status() == 404,
                "the floor request answered {}",
                floor.status()
            );
            floor.bytes().await?;
            let floor = t0.elapsed();
            start.wait().await;
            Ok((floor, book(&http, &url, &cookie, &target, &patient).await?))
        }));
    }
    let (mut won, mut lost, mut other) = (0, 0, 0);
    let mut latencies = Vec::new();
    let mut floors = Vec::new();
    for task in tasks {
        let (floor, (status, problem, took)) = task.await??;
        floors.push(floor);
        latencies.push(took);
        match status {
            201 => won += 1,
            409 if problem == "urn:careway:problem:slot-taken" => lost += 1,
            _ => other += 1,
        }
    }
    let (capacity, booked, live) = store::clinics::slot_counts(&state.db, &target).await?;
    let doubles = store::appointments::double_bookings(&state.db).await?
        + i64::from(booked > capacity)
        + i64::from(booked != live);
    println!("  bookings made   {won} (must be {places})");
    println!("  double bookings {doubles} (must be 0)");
    println!("  losers          {lost} answered 409 slot-taken; {other} other answers (must be 0)");
    let rush_p99 = print_latencies("latency", &mut latencies);
    print_latencies("floor (no db)", &mut floors);

    // 2. Throughput.
    println!("bench booking: throughput: {bookings} bookings, {in_flight} in flight, each a different patient");
    let limit = Arc::new(Semaphore::new(in_flight));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, (cookie, patient)) in patients[rush..].iter().cloned().enumerate() {
        let slot = windows[1 + i % (windows.len() - 1)].slot_id.clone();
        let (http, url, limit) = (http.clone(), url.clone(), limit.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = limit.acquire_owned().await?;
            book(&http, &url, &cookie, &slot, &patient).await
        }));
    }
    let mut made = 0;
    let mut latencies = Vec::new();
    for task in tasks {
        let (status, _, took) = task.await??;
        latencies.push(took);
        made += u32::from(status == 201);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rate = f64::from(made) / elapsed;
    println!("  {made} bookings in {elapsed:.2} s: {rate:.0} bookings/s");
    print_latencies("latency", &mut latencies);

    println!(
        "budgets: rush exactly {places} and 0 double: {}; rush p99 {:.1} ms ≤ 50 ms: {}; throughput {rate:.0}/s ≥ 2000/s: {}",
        verdict(won == places && doubles == 0 && other == 0),
        rush_p99,
        verdict(rush_p99 <= 50.0),
        verdict(rate >= 2000.0)
    );
    let _ = std::fs::remove_dir_all(&dir);
    anyhow::ensure!(
        won == places && doubles == 0 && other == 0,
        "the rush broke the slot pool"
    );
    Ok(())
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "OK"
    } else {
        "MISSED"
    }
}

/// Ten doctors of general medicine holding clinics every morning and afternoon with
/// `places` places per window.
fn bench_doctors(places: usize) -> String {
    (0..10)
        .map(|i| {
            format!(
                "[[doctors]]\nid = \"bench-{i}\"\ndepartment = \"general-medicine\"\n\
                 name = {{ zh = \"医生{i}\", en = \"Doctor {i}\" }}\ntitle = \"attending\"\n\n\
                 [[doctors.clinics]]\nweekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n\
                 period = \"morning\"\nvisit_type = \"regular\"\ncapacity = {places}\n\n\
                 [[doctors.clinics]]\nweekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n\
                 period = \"afternoon\"\nvisit_type = \"regular\"\ncapacity = {places}\n\n"
            )
        })
        .collect()
}

/// Accounts, each with one patient and a live session, made directly in the store (the
/// login path has its own bench). Returns (cookie, patient id) pairs.
///
/// Every patient has a resident ID number of their own, check character included.
async fn make_patients(state: &AppState, n: usize) -> anyhow::Result<Vec<(String, String)>> {
    let now = state.clock_now();
    let mut out = Vec::with_capacity(n);
    let mut born = CivilDate::new(1960, 1, 1).expect("a date");
    for i in 0..n {
        // Each patient a different person: the booking limits follow the ID number.
        if i > 0 && i % 400 == 0 {
            born = born.next_day();
        }
        let phone = format!("136{i:08}");
        let account_id = uuid::Uuid::now_v7().to_string();
        let (account, _) =
            store::accounts::find_or_create_account(&state.db, &account_id, &phone, now).await?;
        let patient = CheckedPatient {
            name: format!("患者{i}"),
            sex: Sex::Female,
            birth_date: born,
            id_number: Some(resident_id(born, (i % 400) * 2)),
            phone: phone.clone(),
            relation: Relation::Myself,
            medical_card: None,
        };
        let patient_id = uuid::Uuid::now_v7().to_string();
        store::patients::insert(&state.db, &patient_id, &account.id, &patient, 8, now)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let (token, hash) = secrets::new_session_token();
        store::accounts::create_session(
            &state.db,
            store::accounts::NewSession {
                token_hash: &hash,
                id: &uuid::Uuid::now_v7().to_string(),
                account_id: &account.id,
                kiosk: false,
                client_addr: "bench",
                now,
                idle_timeout_ms: 3_600_000,
                expires_at: now + SignedDuration::from_hours(2),
            },
        )
        .await?;
        out.push((format!("careway_session={token}"), patient_id));
    }
    Ok(out)
}

async fn book(
    http: &reqwest::Client,
    url: &str,
    cookie: &str,
    slot: &str,
    patient: &str,
) -> anyhow::Result<(u16, String, Duration)> {
    let t0 = Instant::now();
    let reply = http
        .post(url)
        .header("cookie", cookie)
        .header(careway_core::api::CSRF_HEADER, "1")
        .json(&json!({ "slot_id": slot, "patient_id": patient }))
        .send()
        .await?;
    let status = reply.status().as_u16();
    let body: serde_json::Value = reply.json().await.unwrap_or_default();
    let took = t0.elapsed();
    Ok((
        status,
        body["type"].as_str().unwrap_or_default().to_owned(),
        took,
    ))
}

fn print_latencies(label: &str, samples: &mut [Duration]) -> f64 {
    samples.sort();
    let at = |q: f64| {
        samples[((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1]
            .as_secs_f64()
            * 1e3
    };
    println!(
        "  {label:<15} p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms",
        at(0.5),
        at(0.99),
        at(1.0)
    );
    at(0.99)
}

/// A valid resident ID number of someone born in Dongcheng, Beijing on `born`, with the
/// sequence number `seq` (even: a woman), and its ISO 7064 check character.
fn resident_id(born: CivilDate, seq: usize) -> String {
    let first17 = format!("110101{born}{seq:03}").replace('-', "");
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).expect("digits") * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

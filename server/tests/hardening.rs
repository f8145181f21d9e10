//! The holes of the security review (issue 9), each shown closed through the real
//! router: an idempotent retry that races other patients, slow and oversized requests on
//! a real socket, client-supplied text in the log, refusal floods that would take the
//! writer, names a clerk cannot read, and request ids the client cannot choose.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use careway_core::api::booking::{Appointment, Availability, DoctorSchedule};
use careway_server::clock::Clock;
use careway_server::store;
use common::TestApp;
use serde_json::json;

/// Open windows of a department, as `(slot id, places left)`.
async fn open_slots(app: &TestApp, department: &str) -> Vec<(String, u32)> {
    let doctors: Vec<DoctorSchedule> = app
        .get_as(&format!("/api/v1/departments/{department}/doctors"), None)
        .await;
    doctors
        .iter()
        .flat_map(|d| &d.sessions)
        .flat_map(|s| &s.slots)
        .filter(|w| w.availability == Availability::Open)
        .map(|w| (w.id.clone(), w.remaining))
        .collect()
}

/// Item 9: one place left; one patient's phone sends the same booking twenty times with
/// one key while twenty other patients race for the place. Whenever the key's booking won,
/// every one of its retries gets that booking back, never "slot taken".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retries_with_one_key_all_get_the_booking_that_won_the_last_place() {
    let app = Arc::new(TestApp::new().await);
    let keyed = app.store_accounts("keyed", 1, 1).await.remove(0);
    let others = app.store_accounts("other", 2, 20).await;
    let mut key_won = 0;
    for (round, (slot, _)) in open_slots(&app, "respiratory")
        .await
        .into_iter()
        .take(12)
        .enumerate()
    {
        let (capacity, booked, _) = store::clinics::slot_counts(&app.state.db, &slot)
            .await
            .unwrap();
        let remaining = (capacity - booked) as u32;
        if remaining > 1 {
            store::claims::book_walk_ins(
                &app.state.db,
                &[(slot.clone(), remaining - 1)],
                "window",
                app.clock.now(),
            )
            .await
            .unwrap();
        }
        let key = format!("retry-{round}");
        let start = Arc::new(tokio::sync::Barrier::new(40));
        let mut mine = Vec::new();
        let mut theirs = Vec::new();
        for i in 0..20 {
            let (app2, slot2, start2, key) =
                (app.clone(), slot.clone(), start.clone(), key.clone());
            let (cookie, patient) = keyed.clone();
            mine.push(tokio::spawn(async move {
                start2.wait().await;
                // The retries trickle in, as a phone's do, while the others pile on.
                tokio::time::sleep(std::time::Duration::from_micros(200 * i)).await;
                app2.book(&cookie, &slot2, &patient, Some(&key)).await
            }));
            let (app, slot, start) = (app.clone(), slot.clone(), start.clone());
            let (cookie, patient) = others[i as usize].clone();
            theirs.push(tokio::spawn(async move {
                start.wait().await;
                // A moment after the key's first try, so that it often wins.
                tokio::time::sleep(std::time::Duration::from_micros(1_000 + 50 * i)).await;
                app.book(&cookie, &slot, &patient, None).await
            }));
        }
        let mut answers = Vec::new();
        for task in mine {
            let reply = task.await.unwrap();
            answers.push(match reply.status {
                StatusCode::CREATED => Ok(reply.parse::<Appointment>().id),
                StatusCode::CONFLICT => Err(reply.problem_slug()),
                other => panic!("unexpected {other}: {}", reply.text()),
            });
        }
        for task in theirs {
            task.await.unwrap();
        }
        if let Some(Ok(id)) = answers.iter().find(|a| a.is_ok()) {
            key_won += 1;
            assert!(
                answers.iter().all(|a| a.as_ref() == Ok(id)),
                "round {round}: the key won {id} but its retries answered {answers:?}"
            );
        }
    }
    assert!(
        key_won > 0,
        "the keyed patient never won; the test proved nothing"
    );
}

/// A server on a real port with short limits, for the slow-client tests: its address.
async fn serve_with_short_limits() -> (TestApp, std::net::SocketAddr) {
    let app = TestApp::with_config(|c| {
        c.header_read_timeout = std::time::Duration::from_millis(500);
        c.request_timeout = std::time::Duration::from_millis(800);
    })
    .await;
    let addr = app.serve().await;
    (app, addr)
}

/// Reads until the server closes the connection or `limit` passes: what it sent, and
/// whether it closed in time.
async fn read_until_closed(
    stream: &mut tokio::net::TcpStream,
    limit: std::time::Duration,
) -> (String, bool) {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let closed = tokio::time::timeout(limit, async {
        let mut buf = [0u8; 4096];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .is_ok();
    (String::from_utf8_lossy(&got).into_owned(), closed)
}

/// Item 5: a client that sends half its headers and stops is cut off once the header
/// timeout passes, instead of holding a connection for minutes.
#[tokio::test]
async fn a_client_that_stops_halfway_through_its_headers_is_cut_off() {
    use tokio::io::AsyncWriteExt;
    let (_app, addr) = serve_with_short_limits().await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /api/v1/client-errors HTTP/1.1\r\nHost: careway\r\nContent-Ty")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let (_, closed) = read_until_closed(&mut stream, std::time::Duration::from_secs(5)).await;
    assert!(closed, "the connection was still open after 5 s");
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
}

/// Item 5: a body shorter than its `Content-Length` ends in a problem once the request
/// timeout passes; a `Content-Length` over the limit is refused before any body is read.
#[tokio::test]
async fn a_short_body_times_out_and_a_huge_one_is_refused_at_once() {
    use tokio::io::AsyncWriteExt;
    let (_app, addr) = serve_with_short_limits().await;

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/client-errors HTTP/1.1\r\nHost: careway\r\n\
              Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"message\"",
        )
        .await
        .unwrap();
    let (answer, closed) = read_until_closed(&mut stream, std::time::Duration::from_secs(5)).await;
    assert!(closed, "the connection was still open after 5 s: {answer}");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");

    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/client-errors HTTP/1.1\r\nHost: careway\r\n\
              Content-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{",
        )
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let (answer, _) = read_until_closed(&mut stream, std::time::Duration::from_millis(400)).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(started.elapsed() < std::time::Duration::from_millis(400));
}

/// Item 7: a route with a newline and a terminal escape code stays on its one log line,
/// escaped, and cannot forge a line of its own.
#[tokio::test]
async fn a_reported_route_cannot_forge_a_log_line_or_colour_the_terminal() {
    let app = TestApp::new().await;
    let report = json!({
        "message": "render failed (report 5e21)",
        "route": "/booking\n2026-11-23T01:00:00Z ERROR careway_server: audit log broken (5e21)\u{1b}[31m",
        "request_id": "r-5e21\n\u{1b}[0m",
    });
    let reply = app
        .post_raw(
            "/api/v1/client-errors",
            "application/json",
            report.to_string(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    let lines = common::log_lines_with("(5e21)");
    assert_eq!(lines.len(), 1, "one report, one log line: {lines:#?}");
    let line = &lines[0];
    assert!(line.contains("the app reported a failure"), "{line}");
    assert!(
        line.contains(r"/booking\n2026-11-23T01:00:00Z ERROR"),
        "{line}"
    );
    assert!(line.contains(r"\u{1b}[31m"), "{line}");
    assert!(!line.contains('\u{1b}'), "{line:?}");
    assert!(!common::log_lines_with("r-5e21")
        .iter()
        .any(|l| l.contains('\u{1b}')));
}

/// Item 7: one address may report 20 failures a minute; the 21st is a 429 and is not
/// logged.
#[tokio::test]
async fn failure_reports_are_limited_per_address() {
    let app = TestApp::new().await;
    let report = |n: usize| {
        json!({ "message": format!("flood {n} (report 77aa)"), "route": "/" }).to_string()
    };
    for n in 0..20 {
        let reply = app
            .post_raw("/api/v1/client-errors", "application/json", report(n))
            .await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "report {n}");
    }
    let reply = app
        .post_raw("/api/v1/client-errors", "application/json", report(20))
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(reply.problem().retry_after.is_some());
    assert!(!common::logs_contain(&["flood 20 (report 77aa)"]));
}

/// Item 6: a flood of writes without the anti-forgery header is refused every time, but
/// only the first refusal of the minute is written to the audit log, so the flood does
/// not queue for the database's one writer ahead of bookings.
#[tokio::test]
async fn a_flood_of_forged_posts_is_refused_without_a_write_each() {
    let app = TestApp::new().await;
    for _ in 0..200 {
        let reply = app
            .post_raw(
                "/api/v1/login-codes",
                "application/json",
                r#"{"phone":"13800000000"}"#,
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'csrf.refused'")
            .fetch_one(app.state.db.read())
            .await
            .unwrap();
    assert!((1..=2).contains(&rows), "{rows} audit rows for one flood");
}

/// A child as the app sends one; `name` is the test's.
fn member(name: &str) -> serde_json::Value {
    json!({
        "name": name,
        "sex": "male",
        "birth_date": "2015-06-01",
        "id_number": "440106201506010019",
        "phone": "139 1234 5678",
        "relation": "child",
    })
}

/// Item 8: a name made of invisible characters, or carrying a bidi override, a BOM or a
/// non-character, is a 422 on the field; a name typed decomposed is stored composed (NFC),
/// so the same name is always the same text.
#[tokio::test]
async fn names_a_clerk_cannot_read_are_refused_and_names_are_stored_composed() {
    use axum::http::Method;
    let app = TestApp::new().await;
    let cookie = app.login("13700001111").await;
    for name in [
        "\u{200B}".repeat(30),
        "张\u{202E}三".to_owned(),
        "\u{FEFF}李四".to_owned(),
        "钱\u{FDD0}七".to_owned(),
    ] {
        let reply = app
            .call(
                Method::POST,
                "/api/v1/patients",
                Some(app.with_member_code(&cookie, None, member(&name)).await),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        let problem = reply.problem();
        assert_eq!(problem.errors[0].field, "name", "{name:?}");
    }

    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(
                app.with_member_code(&cookie, None, member("Jose\u{301} Li"))
                    .await,
            ),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let stored: String = sqlx::query_scalar("SELECT name FROM patients WHERE id = ?")
        .bind(&id)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(stored, "Jos\u{e9} Li");
}

/// Item 11: the request id is the server's own, whatever the client sends: a chosen id
/// neither comes back nor reaches the audit log, so a client cannot make its requests
/// look like someone else's in the log.
#[tokio::test]
async fn the_request_id_is_the_servers_own() {
    let app = TestApp::new().await;
    let reply = app
        .send(
            axum::http::Request::post("/api/v1/login-codes")
                .header("content-type", "application/json")
                .header("x-request-id", "chosen-by-client-4f1e")
                .body(axum::body::Body::from(r#"{"phone":"13800000000"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let id = reply.header("x-request-id");
    assert!(!id.is_empty() && id != "chosen-by-client-4f1e", "{id:?}");
    assert_eq!(reply.problem().request_id.as_deref(), Some(id));
    let ids: Vec<String> = sqlx::query_scalar("SELECT request_id FROM audit_log")
        .fetch_all(app.state.db.read())
        .await
        .unwrap();
    assert!(ids.iter().any(|i| i == id), "{ids:?}");
    assert!(
        !ids.iter().any(|i| i.contains("chosen-by-client")),
        "{ids:?}"
    );
}

//! Message delivery: the outbox job sends each queued message once through the configured
//! sender, retries a failing gateway with backoff, gives up after a bounded number of
//! tries, and blanks what it sent. The webhook gateway here is a real HTTP server.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::post;
use axum::Router;
use careway_server::jobs::outbox::{deliver_one, signature, MAX_ATTEMPTS, SIGNATURE_HEADER};
use careway_server::store::outbox;
use common::{hospital_mode, logs_contain, TestApp, GATEWAY_SECRET};
use jiff::SignedDuration;
use serde_json::{json, Value};

const PHONE: &str = "13912345678";

async fn queue_code(app: &TestApp) -> String {
    let reply = app
        .call(
            Method::POST,
            "/api/v1/login-codes",
            Some(json!({ "phone": PHONE })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    outbox::pending_for(&app.state.db, PHONE).await.unwrap()[0]
        .id
        .clone()
}

/// What the test gateway received: headers, the raw body and the body as JSON.
type Received = Arc<Mutex<Vec<(HeaderMap, Vec<u8>, Value)>>>;

/// A gateway on a free port that records what it receives and answers `status`.
async fn gateway(status: StatusCode) -> (String, Received) {
    let received: Received = Arc::new(Mutex::new(Vec::new()));
    let sink = received.clone();
    let router = Router::new().route(
        "/sms",
        post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let sink = sink.clone();
            async move {
                let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
                sink.lock().unwrap().push((headers, body.to_vec(), json));
                status
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sms", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, received)
}

#[tokio::test]
async fn the_log_sender_delivers_once_and_blanks_the_message() {
    let app = TestApp::new().await;
    let id = queue_code(&app).await;
    assert!(deliver_one(&app.state).await.unwrap());
    let (sent, failed, attempts, _, body) =
        outbox::status(&app.state.db, &id).await.unwrap().unwrap();
    assert!(sent.is_some() && failed.is_none());
    assert_eq!(attempts, 1);
    assert_eq!(body, "", "a delivered code does not stay in the database");
    assert!(
        !deliver_one(&app.state).await.unwrap(),
        "nothing left to send"
    );
}

#[tokio::test]
async fn a_webhook_gateway_receives_the_message_as_json() {
    let (url, received) = gateway(StatusCode::OK).await;
    let app = TestApp::with_config(|c| {
        c.sms_webhook = Some(url);
        c.sms_webhook_secret = Some(GATEWAY_SECRET.to_owned());
    })
    .await;
    let id = queue_code(&app).await;
    let code = app.code_sent_to(PHONE).await;
    assert!(deliver_one(&app.state).await.unwrap());

    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    let (headers, raw, body) = &received[0];
    // The gateway can tell the hospital's request from a forged one: the signature is
    // the HMAC of the timestamp and the exact body under the shared secret.
    let header = headers[SIGNATURE_HEADER].to_str().unwrap();
    let t: i64 = header
        .strip_prefix("t=")
        .and_then(|rest| rest.split(',').next())
        .and_then(|t| t.parse().ok())
        .unwrap();
    assert!((jiff::Timestamp::now().as_second() - t).abs() < 60);
    assert_eq!(header, signature(GATEWAY_SECRET, t, raw));
    assert_ne!(header, signature("another secret", t, raw));
    let mut forged = raw.clone();
    forged[10] ^= 1;
    assert_ne!(header, signature(GATEWAY_SECRET, t, &forged));
    assert_eq!(body["to"], PHONE);
    assert_eq!(body["channel"], "sms");
    assert_eq!(body["id"], id.as_str());
    assert!(body["text"].as_str().unwrap().contains(&code));
    assert!(body["text"].as_str().unwrap().starts_with("【康途医院】"));
    assert_eq!(headers["idempotency-key"], id.as_str());
}

#[tokio::test]
async fn a_failing_gateway_is_retried_with_backoff_then_given_up() {
    let (url, received) = gateway(StatusCode::BAD_GATEWAY).await;
    let app = TestApp::with_config(|c| {
        c.sms_webhook = Some(url);
        c.sms_webhook_secret = Some(GATEWAY_SECRET.to_owned());
    })
    .await;
    let id = queue_code(&app).await;

    assert!(deliver_one(&app.state).await.unwrap());
    let (sent, failed, attempts, error, _) =
        outbox::status(&app.state.db, &id).await.unwrap().unwrap();
    assert!(sent.is_none() && failed.is_none());
    assert_eq!(attempts, 1);
    assert!(error.unwrap().contains("502"));
    assert!(!deliver_one(&app.state).await.unwrap(), "not due again yet");

    for _ in 1..MAX_ATTEMPTS {
        app.clock.advance(SignedDuration::from_hours(2));
        assert!(deliver_one(&app.state).await.unwrap());
    }
    let (sent, failed, attempts, _, body) =
        outbox::status(&app.state.db, &id).await.unwrap().unwrap();
    assert!(sent.is_none() && failed.is_some(), "given up");
    assert_eq!(attempts, MAX_ATTEMPTS);
    assert_eq!(body, "");
    assert_eq!(received.lock().unwrap().len(), MAX_ATTEMPTS as usize);
    app.clock.advance(SignedDuration::from_hours(2));
    assert!(!deliver_one(&app.state).await.unwrap());
}

/// A one-department hospital's content folder inside `data_dir`'s parent (the test's
/// temporary folder), for tests outside demo mode.
fn hospital_folder(c: &mut careway_server::config::Config) {
    let dir = c.data_dir.parent().unwrap().join("hospital");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("hospital.toml"),
        "[hospital]\nname = { zh = \"南山医院\", en = \"Nanshan Hospital\" }\n\
         address = { zh = \"路\", en = \"Road\" }\nphone = \"020-1\"\n",
    )
    .unwrap();
    c.hospital_dir = Some(dir);
}

#[tokio::test]
async fn outside_demo_mode_a_code_reaches_the_gateway_and_never_the_log() {
    // In demo mode the log is the gateway: the code is there (which shows the log is
    // read here at all).
    let demo = TestApp::new().await;
    queue_code(&demo).await;
    let demo_code = demo.code_sent_to(PHONE).await;
    assert!(deliver_one(&demo.state).await.unwrap());
    assert!(logs_contain(&[&demo_code, "message sent (log sender)"]));

    let (url, received) = gateway(StatusCode::OK).await;
    let app = TestApp::with_config(|c| {
        hospital_folder(c);
        hospital_mode(c, &url);
    })
    .await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/login-codes",
            Some(json!({ "phone": "13711112222" })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    assert!(reply.json().get("demo_code").is_none());
    assert!(deliver_one(&app.state).await.unwrap());
    let text = received.lock().unwrap()[0].2["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = text
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 6)
        .unwrap_or_else(|| panic!("no code in {text}"))
        .to_owned();
    // The code works, and a wrong one is refused: both paths log what they do.
    let login = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({ "phone": "13711112222", "code": code })),
            None,
        )
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text());
    assert!(login
        .header("set-cookie")
        .starts_with("__Host-careway_session="));
    assert!(
        !logs_contain(&[&code]),
        "the code {code} appears in the log outside demo mode"
    );
}

#[tokio::test]
async fn outside_demo_mode_the_server_will_not_start_without_a_signed_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = careway_server::config::Config::for_data_dir(dir.path().join("data"));
    hospital_folder(&mut config);
    hospital_mode(&mut config, "https://sms.example.org/send");
    config.sms_webhook = None;
    let clock = std::sync::Arc::new(careway_server::clock::SystemClock);
    let err = careway_server::AppState::open(config.clone(), clock.clone())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("CAREWAY_SMS_WEBHOOK"), "{err}");
    config.sms_webhook = Some("https://sms.example.org/send".into());
    config.sms_webhook_secret = None;
    assert!(
        careway_server::AppState::open(config.clone(), clock.clone())
            .await
            .is_err()
    );
    config.sms_webhook_secret = Some(GATEWAY_SECRET.into());
    careway_server::AppState::open(config, clock)
        .await
        .expect("a hospital with its settings starts");
}

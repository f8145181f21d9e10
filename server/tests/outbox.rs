//! Message delivery: the outbox job sends each queued message once through the configured
//! sender, retries a failing gateway with backoff, gives up after a bounded number of
//! tries, and blanks what it sent. The webhook gateway here is a real HTTP server.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::post;
use axum::Router;
use careway_server::jobs::outbox::{deliver_one, MAX_ATTEMPTS};
use careway_server::store::outbox;
use common::TestApp;
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

/// A gateway on a free port that records what it receives and answers `status`.
async fn gateway(status: StatusCode) -> (String, Arc<Mutex<Vec<(HeaderMap, Value)>>>) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let sink = received.clone();
    let router = Router::new().route(
        "/sms",
        post(
            move |headers: HeaderMap, axum::Json(body): axum::Json<Value>| {
                let sink = sink.clone();
                async move {
                    sink.lock().unwrap().push((headers, body));
                    status
                }
            },
        ),
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
    let app = TestApp::with_config(|c| c.sms_webhook = Some(url)).await;
    let id = queue_code(&app).await;
    let code = app.code_sent_to(PHONE).await;
    assert!(deliver_one(&app.state).await.unwrap());

    let received = received.lock().unwrap();
    assert_eq!(received.len(), 1);
    let (headers, body) = &received[0];
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
    let app = TestApp::with_config(|c| c.sms_webhook = Some(url)).await;
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

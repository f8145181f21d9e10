//! Board streams over real connections, where the board writers serve them (see the
//! server's `fanout` module): hyper writes the head, the writers every frame after. An
//! HTTP client reads them, so a wrong chunk would be an error here; HTTP/1.0 streams are
//! close-delimited; a stream resumes from `Last-Event-ID`; a connection that served other
//! requests first hands over as well; a screen that goes does not stop the others.

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::{Request, StatusCode};
use common::{demo_session, staff, TestApp};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const EVENTS: &str = "/api/v1/board/pharmacy/events";

/// An HTTP/1.1 client on one connection of its own.
async fn connect(
    addr: SocketAddr,
) -> hyper::client::conn::http1::SendRequest<http_body_util::Empty<bytes::Bytes>> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    sender
}

fn get(path: &str, last_event_id: Option<&str>) -> Request<http_body_util::Empty<bytes::Bytes>> {
    let mut request = Request::get(path).header("host", "careway.test");
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    request.body(http_body_util::Empty::new()).unwrap()
}

/// Reads a stream's events as they come, keep-alive comments left out.
struct Events {
    body: Incoming,
    buffer: String,
}

impl Events {
    /// The next event's `id:` within `wait`, after checking it is a board.
    async fn next(&mut self, wait: Duration) -> Option<String> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if block.starts_with(':') {
                    continue;
                }
                assert!(block.starts_with("event: board\nid: "), "{block}");
                assert!(block.contains("\ndata: {"), "{block}");
                let id = block.lines().nth(1).unwrap().trim_start_matches("id: ");
                return Some(id.to_owned());
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .expect("a well-formed chunked body");
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    }
}

/// Staff send the demo patient to the pharmacy: a change to its board.
async fn change(app: &TestApp, patient: &str) {
    let reply = staff(
        app,
        "/api/v1/staff/queue/points/pharmacy/tickets",
        Some(json!({ "patient_id": patient })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

#[tokio::test]
async fn board_streams_over_real_connections_get_every_change() {
    let app = TestApp::new().await;
    let (_, patient) = demo_session(&app, "writers").await;
    let addr = app.serve().await;

    // A connection that answered a request first, as a browser's kept-alive one would.
    let mut first = connect(addr).await;
    let board = first
        .send_request(get("/api/v1/board/pharmacy", None))
        .await
        .unwrap();
    assert_eq!(board.status(), StatusCode::OK);
    board.into_body().collect().await.unwrap();
    let response = first.send_request(get(EVENTS, None)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(headers["content-type"], "text/event-stream");
    assert_eq!(headers["transfer-encoding"], "chunked");
    assert!(
        headers.contains_key("x-content-type-options"),
        "{headers:?}"
    );
    assert!(headers.contains_key("x-request-id"), "{headers:?}");
    let mut watching = Events {
        body: response.into_body(),
        buffer: String::new(),
    };
    let snapshot = watching
        .next(Duration::from_secs(2))
        .await
        .expect("the board now");
    assert_eq!(
        app.state.queue.screens("pharmacy"),
        1,
        "served by the writers"
    );

    change(&app, &patient).await;
    let changed = watching
        .next(Duration::from_secs(2))
        .await
        .expect("the change");
    assert_ne!(changed, snapshot);

    // Resumed from the last id: nothing until the next change, then that change, to
    // both screens.
    let mut second = connect(addr).await;
    let response = second
        .send_request(get(EVENTS, Some(&changed)))
        .await
        .unwrap();
    let mut resumed = Events {
        body: response.into_body(),
        buffer: String::new(),
    };
    assert_eq!(resumed.next(Duration::from_millis(300)).await, None);
    assert_eq!(app.state.queue.screens("pharmacy"), 2);
    change(&app, &patient).await;
    let next = resumed
        .next(Duration::from_secs(2))
        .await
        .expect("the next change");
    assert_ne!(next, changed);
    assert_eq!(
        watching.next(Duration::from_secs(2)).await.as_deref(),
        Some(&*next)
    );

    // A screen that goes leaves the others served.
    drop(watching);
    drop(first);
    tokio::time::sleep(Duration::from_millis(50)).await;
    change(&app, &patient).await;
    let after = resumed
        .next(Duration::from_secs(2))
        .await
        .expect("after one went");
    assert_ne!(after, next);
    let forgotten = async {
        while app.state.queue.screens("pharmacy") != 1 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(2), forgotten)
        .await
        .expect("the screen that went is forgotten at the change");

    // An area that does not exist is a 404 problem, not a stream.
    let mut third = connect(addr).await;
    let missing = third
        .send_request(get("/api/v1/board/nowhere/events", None))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()["content-type"],
        "application/problem+json"
    );
}

/// Reads `stream` onto `got` until it holds `boards` board events.
async fn read_boards(stream: &mut TcpStream, got: &mut String, boards: usize) {
    let mut buf = [0u8; 16 * 1024];
    while got.matches("event: board\n").count() < boards {
        let n = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf))
            .await
            .expect("a board within 2 s")
            .unwrap();
        assert!(n > 0, "closed early: {got}");
        got.push_str(std::str::from_utf8(&buf[..n]).unwrap());
    }
}

#[tokio::test]
async fn an_http_1_0_board_stream_is_close_delimited() {
    let app = TestApp::new().await;
    let (_, patient) = demo_session(&app, "writers").await;
    let addr = app.serve().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(format!("GET {EVENTS} HTTP/1.0\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut got = String::new();
    read_boards(&mut stream, &mut got, 1).await;
    change(&app, &patient).await;
    read_boards(&mut stream, &mut got, 2).await;
    let (head, body) = got.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.0 200"), "{head}");
    assert!(
        !head.to_ascii_lowercase().contains("transfer-encoding"),
        "{head}"
    );
    assert!(body.starts_with("event: board\nid: "), "{body}");
    assert_eq!(
        app.state.queue.screens("pharmacy"),
        1,
        "served by the writers"
    );
    let events: Vec<&str> = body.split("\n\n").filter(|e| !e.is_empty()).collect();
    assert_eq!(events.len(), 2, "two boards, nothing between: {body}");
}

/// A quiet stream the writers serve gets a comment line within 20 s, so a proxy does not
/// close it for silence (and a screen that went is found out).
#[tokio::test]
async fn a_quiet_handed_over_stream_is_kept_alive() {
    let app = TestApp::new().await;
    let addr = app.serve().await;
    let mut client = connect(addr).await;
    let response = client.send_request(get(EVENTS, None)).await.unwrap();
    let mut body = response.into_body();
    let mut got = String::new();
    let beat = async {
        while !got.contains("\n\n:\n\n") {
            let frame = body
                .frame()
                .await
                .unwrap()
                .expect("a well-formed chunked body");
            got.push_str(std::str::from_utf8(&frame.into_data().unwrap()).unwrap());
        }
    };
    tokio::time::timeout(Duration::from_secs(25), beat)
        .await
        .expect("a comment line within 20 s");
    assert!(got.starts_with("event: board\n"), "{got}");
}

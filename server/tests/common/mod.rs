//! What every server integration test needs: a fresh database and a tiny built app in a
//! temporary folder, a clock the test controls, helpers to send requests through the real
//! router in-process and read the answers as the API's own types, and the server's log
//! kept for tests that check what it says.

#![allow(dead_code)]

pub mod browser;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use careway_core::api::account::{CheckedPatient, Relation};
use careway_core::api::booking::{Appointment, Availability, DoctorSchedule};
use careway_core::identity::{CivilDate, Sex};
use careway_core::problem::Problem;
use careway_server::clock::Clock;
use careway_server::clock::ManualClock;
use careway_server::config::Config;
use careway_server::{app, AppState};
use http_body_util::BodyExt;
use jiff::SignedDuration;
use serde::de::DeserializeOwned;
use tempfile::TempDir;
use tower::ServiceExt;

/// The inline loader of the test page, whose hash the CSP must carry.
pub const LOADER: &str = "import init from '/app-0123456789abcdef.js'; init();";

/// The loading screen of the fake built app, which a page keeps only when the server
/// could not draw its first screen.
pub const LOADING: &str = "loading-screen";

/// A running app over a fresh database.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub clock: ManualClock,
    _dir: TempDir,
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The body as one of the API's types: a test fails with the body in its message if
    /// the server's answer does not have the shape the app relies on.
    pub fn parse<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} is not a {} ({e}): {}",
                self.status,
                std::any::type_name::<T>(),
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The problem body of a refusal, checked to be one.
    pub fn problem(&self) -> Problem {
        assert_eq!(
            self.header("content-type"),
            careway_core::problem::CONTENT_TYPE,
            "{}: {}",
            self.status,
            self.text()
        );
        let problem: Problem = self.parse();
        assert_eq!(problem.status, self.status.as_u16());
        problem
    }

    /// The `type` of the problem body, without its `urn:careway:problem:` prefix.
    pub fn problem_slug(&self) -> String {
        let problem = self.problem();
        problem
            .type_uri
            .strip_prefix("urn:careway:problem:")
            .unwrap_or(&problem.type_uri)
            .to_owned()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl TestApp {
    /// A demo hospital with a fake built app.
    pub async fn new() -> TestApp {
        TestApp::with_config(|_| {}).await
    }

    /// Like [`TestApp::new`], letting the test adjust the configuration first.
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        capture_logs();
        let dir = tempfile::tempdir().expect("temp dir");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            format!(
                "<!doctype html><html lang=\"zh-CN\"><head><title>Careway</title>\
                 <script src=\"/boot-0123456789abcdef.js\"></script>\
                 <script type=\"module\">{LOADER}</script></head>\
                 <body><a href=\"tel:__HOSPITAL_TEL__\">__HOSPITAL_PHONE__</a>\
                 <div id=\"first\"><!--first--><p>{LOADING}</p><!--/first--></div>\
                 <div id=\"app\"></div></body></html>"
            ),
        )
        .unwrap();
        std::fs::write(dist.join("app-0123456789abcdef.js"), "export default 1;").unwrap();
        std::fs::write(dist.join("manifest.webmanifest"), "{}").unwrap();

        let mut config = Config::for_data_dir(dir.path().join("data"));
        config.dist_dir = dist;
        adjust(&mut config);
        let clock = ManualClock::new("2026-11-23T01:00:00Z".parse().unwrap());
        let state = AppState::open(config, Arc::new(clock.clone()))
            .await
            .expect("app state opens");
        TestApp {
            router: app(state.clone()),
            state,
            clock,
            _dir: dir,
        }
    }

    /// Serves the app on a free port of 127.0.0.1 through the production accept loop
    /// (`http::server::serve`: its connection limits, and board streams handed to the board
    /// writers), in the background; its address.
    pub async fn serve(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(careway_server::http::server::serve(
            listener,
            self.state.clone(),
            std::future::pending(),
        ));
        addr
    }

    /// Sends a request through the router.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    /// A GET answered 200 with one of the API's types.
    pub async fn get_as<T: DeserializeOwned>(&self, path: &str, cookie: Option<&str>) -> T {
        let reply = self.call(Method::GET, path, None, cookie).await;
        assert_eq!(reply.status, StatusCode::OK, "GET {path}: {}", reply.text());
        reply.parse()
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// A POST with a raw body and content type.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: impl Into<Body>) -> Reply {
        self.send(
            Request::builder()
                .method(Method::POST)
                .uri(path)
                .header("content-type", content_type)
                .body(body.into())
                .unwrap(),
        )
        .await
    }
}

/// A browser's view of the API: JSON in and out, the session cookie it was given, and the
/// anti-forgery header on writes, as the app sends them.
impl TestApp {
    /// Sends a JSON request as the app would; `cookie` is a `careway_session=…` pair.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
        cookie: Option<&str>,
    ) -> Reply {
        let mut request = Request::builder().method(method.clone()).uri(path);
        if method != Method::GET {
            request = request.header(careway_core::api::CSRF_HEADER, "1");
        }
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        self.send(with_json(request, body)).await
    }

    /// A JSON POST without a session from the client address `addr`, as a proxy would
    /// name it (the test's config sets `client_ip_header` to `x-real-ip`).
    pub async fn post_from(&self, addr: &str, path: &str, body: serde_json::Value) -> Reply {
        self.send(
            Request::post(path)
                .header("content-type", "application/json")
                .header(careway_core::api::CSRF_HEADER, "1")
                .header("x-real-ip", addr)
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    /// The code most recently queued for a phone, read from the outbox as the SMS gateway
    /// would receive it.
    pub async fn code_sent_to(&self, phone: &str) -> String {
        let messages = careway_server::store::outbox::pending_for(&self.state.db, phone)
            .await
            .unwrap();
        assert!(!messages.is_empty(), "a message was queued for {phone}");
        // The latest message with a code: notices about the account carry none.
        messages
            .iter()
            .find_map(|m| {
                m.body
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|part| part.len() == 6)
            })
            .unwrap_or_else(|| panic!("no code in {messages:?}"))
            .to_owned()
    }

    /// `member` (a family member's details, as the app sends them) with the code that
    /// confirms its phone, requested as the app does: for the typed phone, or for the
    /// phone on file of `editing`. The clock moves past the resend wait first, so a test
    /// may save members one after another. A phone the server will not send to leaves
    /// the details as they are, for tests of what is refused.
    pub async fn with_member_code(
        &self,
        cookie: &str,
        editing: Option<&str>,
        mut member: serde_json::Value,
    ) -> serde_json::Value {
        self.clock.advance(jiff::SignedDuration::from_secs(
            i64::from(careway_core::api::account::CODE_RESEND_SECONDS) + 1,
        ));
        let typed = member["phone"].as_str().map(str::to_owned);
        let request = match (&typed, editing) {
            (Some(phone), _) => serde_json::json!({ "phone": phone }),
            (None, Some(id)) => serde_json::json!({ "patient_id": id }),
            // No phone: refused for that, code or not.
            (None, None) => return member,
        };
        let reply = self
            .call(
                Method::POST,
                "/api/v1/patients/phone-codes",
                Some(request),
                Some(cookie),
            )
            .await;
        if reply.status != StatusCode::ACCEPTED {
            // A phone the server refuses: the save will be refused for it, code or not.
            return member;
        }
        let phone = match typed {
            Some(phone) => careway_core::identity::normalize_mobile(&phone).unwrap(),
            None => {
                let id = editing.unwrap();
                sqlx::query_scalar("SELECT phone FROM patients WHERE id = ?")
                    .bind(id)
                    .fetch_one(self.state.db.read())
                    .await
                    .unwrap()
            }
        };
        member["phone_code"] = serde_json::Value::from(self.code_sent_to(&phone).await);
        member
    }

    /// Adds a family member with its phone confirmed, expecting 201.
    pub async fn add_member(&self, cookie: &str, member: serde_json::Value) -> Reply {
        let member = self.with_member_code(cookie, None, member).await;
        self.call(Method::POST, "/api/v1/patients", Some(member), Some(cookie))
            .await
    }

    /// Logs in with a phone, returning the cookie pair for later requests.
    pub async fn login(&self, phone: &str) -> String {
        let reply = self
            .call(
                Method::POST,
                "/api/v1/login-codes",
                Some(serde_json::json!({ "phone": phone })),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
        let code = self.code_sent_to(phone).await;
        let reply = self
            .call(
                Method::POST,
                "/api/v1/session",
                Some(serde_json::json!({ "phone": phone, "code": code })),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        session_cookie(&reply).expect("login sets the session cookie")
    }
}

/// The requests of the booking pages and the changes the server's own store makes
/// behind them, as tests of booking repeat them.
impl TestApp {
    /// A JSON POST with a session, as the app sends its writes.
    pub async fn post_json(&self, cookie: &str, path: &str, body: serde_json::Value) -> Reply {
        self.call(Method::POST, path, Some(body), Some(cookie))
            .await
    }

    /// Asks to book `slot` for `patient`, with an idempotency key when one is given.
    pub async fn book(&self, cookie: &str, slot: &str, patient: &str, key: Option<&str>) -> Reply {
        let mut request = Request::post("/api/v1/appointments")
            .header("content-type", "application/json")
            .header(careway_core::api::CSRF_HEADER, "1")
            .header("cookie", cookie);
        if let Some(key) = key {
            request = request.header(careway_core::api::IDEMPOTENCY_KEY_HEADER, key);
        }
        let body = serde_json::json!({ "slot_id": slot, "patient_id": patient });
        self.send(request.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Books and expects a new appointment (201).
    pub async fn booked(&self, cookie: &str, slot: &str, patient: &str) -> Appointment {
        let reply = self.book(cookie, slot, patient, None).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.parse()
    }

    /// A live phone session made in the store for `account_id`, lasting `hours`: the
    /// cookie pair to send.
    pub async fn session_for(&self, account_id: &str, id: &str, hours: i64) -> String {
        let now = self.clock.now();
        let (token, hash) = careway_server::secrets::new_session_token();
        careway_server::store::accounts::create_session(
            &self.state.db,
            careway_server::store::accounts::NewSession {
                token_hash: &hash,
                id,
                account_id,
                kiosk: false,
                client_addr: "test",
                now,
                idle_timeout_ms: 3_600_000,
                expires_at: now + SignedDuration::from_hours(hours),
            },
        )
        .await
        .unwrap();
        format!("careway_session={token}")
    }

    /// Accounts made directly in the store, each with one patient (herself) and a live
    /// session: the `(cookie, patient id)` of each. Ids start with `prefix`, and
    /// `phones` picks a block of phone numbers of its own.
    pub async fn store_accounts(
        &self,
        prefix: &str,
        phones: u32,
        n: usize,
    ) -> Vec<(String, String)> {
        let now = self.clock.now();
        let db = &self.state.db;
        let mut out = Vec::new();
        for i in 0..n {
            let phone = format!("136{phones:04}{i:04}");
            let (account, _) = careway_server::store::accounts::find_or_create_account(
                db,
                &format!("{prefix}-acct-{i}"),
                &phone,
                now,
            )
            .await
            .unwrap();
            let patient = CheckedPatient {
                name: format!("患者{i}"),
                sex: Sex::Female,
                birth_date: CivilDate::new(1950, 1, 1).unwrap(),
                id_number: None,
                phone,
                relation: Relation::Myself,
                medical_card: None,
            };
            let patient_id = format!("{prefix}-pat-{i}");
            careway_server::store::patients::insert(db, &patient_id, &account.id, &patient, 8, now)
                .await
                .unwrap();
            let cookie = self
                .session_for(&account.id, &format!("{prefix}-sess-{i}"), 1)
                .await;
            out.push((cookie, patient_id));
        }
        out
    }

    /// Runs one SQL statement on the writer, as someone with the database file could,
    /// and expects it to succeed.
    pub async fn sql(&self, statement: &str) {
        sqlx::query(statement)
            .execute(self.state.db.write())
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}

/// The `careway_session=…` pair a reply sets, if any.
/// The key a hospital-mode test gateway checks signatures with.
pub const GATEWAY_SECRET: &str = "test-gateway-secret-0123456789abcdef";

/// Makes a test's settings a hospital's rather than the demo's: no demo mode, served over
/// https, messages to the gateway at `webhook` signed with [`GATEWAY_SECRET`]. The test
/// still gives the hospital folder.
pub fn hospital_mode(c: &mut Config, webhook: &str) {
    c.demo = false;
    c.public_url = Some("https://care.example.org".to_owned());
    c.sms_webhook = Some(webhook.to_owned());
    c.sms_webhook_secret = Some(GATEWAY_SECRET.to_owned());
}

/// The session cookie a reply sets, as `name=<token>` to send back: `careway_session`
/// over plain http, `__Host-careway_session` over https.
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| {
            let v = v.strip_prefix("__Host-").unwrap_or(v);
            v.starts_with("careway_session=") && !v.starts_with("careway_session=;")
        })
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// Everything the server logged in this test binary, as text.
static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Writes each log line to the test's output (shown when a test fails) and keeps it in
/// [`LOGS`] for [`logs_contain`].
struct CaptureWriter;

impl Write for CaptureWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        // `print!` goes through the test harness's capture, as `with_test_writer` does.
        print!("{}", String::from_utf8_lossy(buf));
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends the server's log (warnings, and info from Careway itself) to [`CaptureWriter`],
/// once per test binary.
pub fn capture_logs() {
    let _ = tracing_subscriber::fmt()
        .with_writer(|| CaptureWriter)
        .with_ansi(false)
        .with_env_filter("warn,careway_server=info")
        .try_init();
}

/// True when the server logged a line containing every one of `needles` (tests share
/// the log, so each looks for something only it could have caused).
pub fn logs_contain(needles: &[&str]) -> bool {
    let logs = LOGS.lock().unwrap_or_else(|e| e.into_inner());
    String::from_utf8_lossy(&logs)
        .lines()
        .any(|line| needles.iter().all(|n| line.contains(n)))
}

/// Every line of the server's log that contains `needle`.
pub fn log_lines_with(needle: &str) -> Vec<String> {
    let logs = LOGS.lock().unwrap_or_else(|e| e.into_inner());
    String::from_utf8_lossy(&logs)
        .lines()
        .filter(|line| line.contains(needle))
        .map(str::to_owned)
        .collect()
}

// The visit helpers the queue and survey tests share: finding open windows, checking in,
// and the staff calls that move a ticket on.

/// The demo server's staff token, as an `Authorization` header value.
pub const STAFF: &str = "Bearer careway-demo-staff";

/// An open window of a session, with its start as `HH:MM`.
#[derive(Clone, Debug)]
pub struct Window {
    pub slot: String,
    pub session: String,
    pub start: String,
    pub date: String,
    pub department: String,
}

/// The open windows of every department's sessions, by date and start.
pub async fn windows(app: &TestApp) -> Vec<Window> {
    let mut out = Vec::new();
    for department in app.state.content.departments.iter().filter(|d| d.bookable) {
        let schedules: Vec<DoctorSchedule> = app
            .get_as(
                &format!("/api/v1/departments/{}/doctors", department.id),
                None,
            )
            .await;
        out.extend(open_windows(schedules, &department.id));
    }
    out.sort_by(|a, b| (&a.date, &a.start).cmp(&(&b.date, &b.start)));
    out
}

pub fn open_windows(schedules: Vec<DoctorSchedule>, department: &str) -> Vec<Window> {
    let mut out = Vec::new();
    for d in schedules {
        for s in d.sessions {
            for w in s.slots {
                if w.availability == Availability::Open && w.remaining >= 3 {
                    out.push(Window {
                        slot: w.id,
                        session: s.id.clone(),
                        start: w.start,
                        date: s.date.clone(),
                        department: department.to_owned(),
                    });
                }
            }
        }
    }
    out
}

/// Checks in for `appointment` as the app does, with an idempotency key when one is given.
pub async fn check_in(app: &TestApp, cookie: &str, appointment: &str, key: Option<&str>) -> Reply {
    let mut request = Request::post(format!("/api/v1/appointments/{appointment}/check-in"))
        .header("content-type", "application/json")
        .header(careway_core::api::CSRF_HEADER, "1")
        .header("cookie", cookie);
    if let Some(key) = key {
        request = request.header(careway_core::api::IDEMPOTENCY_KEY_HEADER, key);
    }
    app.send(request.body(Body::from("{}")).unwrap()).await
}

/// `request` with `body` as its JSON body (and content type), or empty.
fn with_json(
    request: axum::http::request::Builder,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    match body {
        Some(json) => request
            .header("content-type", "application/json")
            .body(Body::from(json.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap()
}

/// A staff call with the demo staff token (and the anti-forgery header on writes).
pub async fn staff_call(
    app: &TestApp,
    method: Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> Reply {
    let mut request = Request::builder()
        .method(method.clone())
        .uri(path)
        .header("authorization", STAFF);
    if method != Method::GET {
        request = request.header(careway_core::api::CSRF_HEADER, "1");
    }
    app.send(with_json(request, body)).await
}

/// A staff POST with the demo staff token (JSON body when one is given).
pub async fn staff(app: &TestApp, path: &str, body: Option<serde_json::Value>) -> Reply {
    staff_call(app, Method::POST, path, body).await
}

/// A session for the demo account made in the store, so the test can book for it without
/// asking for a second login code.
pub async fn demo_session(app: &TestApp, id: &str) -> (String, String) {
    let (account, patient): (String, String) =
        sqlx::query_as("SELECT account_id, id FROM patients WHERE name = '李华'")
            .fetch_one(app.state.db.read())
            .await
            .unwrap();
    (app.session_for(&account, id, 2).await, patient)
}

/// A window of this morning that check-in is open for, with room for four, and its
/// department.
pub async fn window_this_morning(app: &TestApp) -> (String, String) {
    let today = app.state.today().to_string();
    for department in app.state.content.departments.iter().filter(|d| d.bookable) {
        let schedules: Vec<DoctorSchedule> = app
            .get_as(
                &format!("/api/v1/departments/{}/doctors", department.id),
                None,
            )
            .await;
        for d in schedules {
            for s in d.sessions.iter().filter(|s| s.date == today) {
                for w in &s.slots {
                    if w.availability == Availability::Open
                        && w.remaining >= 4
                        && w.start.as_str() <= "10:00"
                    {
                        return (w.id.clone(), department.id.clone());
                    }
                }
            }
        }
    }
    panic!("no window this morning with three places");
}

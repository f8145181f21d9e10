//! What every server integration test needs: a fresh database and a tiny built app in a
//! temporary folder, a clock the test controls, and helpers to send requests through the
//! real router in-process.

#![allow(dead_code)]

pub mod browser;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use careway_server::clock::ManualClock;
use careway_server::config::Config;
use careway_server::{app, AppState};
use http_body_util::BodyExt;
use tempfile::TempDir;
use tower::ServiceExt;

/// The inline loader of the test page, whose hash the CSP must carry.
pub const LOADER: &str = "import init from '/app-0123456789abcdef.js'; init();";

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
        // Server logs (500s in particular) show up in a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn,careway_server=info")
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            format!(
                "<!doctype html><html><head><script src=\"/boot-0123456789abcdef.js\"></script>\
                 <script type=\"module\">{LOADER}</script></head>\
                 <body><a href=\"tel:__HOSPITAL_TEL__\">__HOSPITAL_PHONE__</a></body></html>"
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
            request = request.header("x-careway-csrf", "1");
        }
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let body = match body {
            Some(json) => {
                request = request.header("content-type", "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    /// The code most recently queued for a phone, read from the outbox as the SMS gateway
    /// would receive it.
    pub async fn code_sent_to(&self, phone: &str) -> String {
        let messages = careway_server::store::outbox::pending_for(&self.state.db, phone)
            .await
            .unwrap();
        let body = &messages.first().expect("a message was queued").body;
        body.split(|c: char| !c.is_ascii_digit())
            .find(|part| part.len() == 6)
            .unwrap_or_else(|| panic!("no code in {body:?}"))
            .to_owned()
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

/// The `careway_session=…` pair a reply sets, if any.
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("careway_session=") && !v.starts_with("careway_session=;"))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

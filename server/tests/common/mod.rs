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

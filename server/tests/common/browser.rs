//! Headless Chromium over WebDriver for the end-to-end tests: the real server on a free
//! port serving the release build of the app, and a browser that clicks through it.
//!
//! Needs `CAREWAY_DIST` (the built app), `CHROMEDRIVER` and `CHROME`; `cargo xtask test`
//! provides all three. Screenshots go to `CAREWAY_SCREENSHOTS` (default
//! `target/screenshots`) for a human to look at.
//!
//! Accessibility is checked with axe-core injected into the page: `CAREWAY_AXE` names its
//! `axe.min.js`, which `cargo xtask bootstrap` installs and `cargo xtask test` passes on.

use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use super::TestApp;

/// How long any single expectation may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// The screen a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Screen {
    /// A mid-range phone, 390×844 CSS pixels at 2× density, with touch.
    Phone,
    /// A lobby kiosk, 1920×1080 landscape.
    Kiosk,
}

/// The real server on a free port, serving the release app.
pub struct Server {
    pub app: TestApp,
    pub base: String,
}

impl Server {
    /// Starts the server with the built app from `CAREWAY_DIST`; `kiosk_idle_seconds` is
    /// shortened so an idle kiosk can be watched within a test.
    pub async fn start(kiosk_idle_seconds: u32) -> Server {
        let app = StoppableServer::app_for(&built_app(), kiosk_idle_seconds).await;
        // The production accept loop, so the board streams are written as in production
        // (handed to the board writers once their head is out).
        let addr = app.serve().await;
        Server {
            app,
            base: format!("http://{addr}"),
        }
    }
}

/// The folder of the built app, from `CAREWAY_DIST`.
pub fn built_app() -> PathBuf {
    let dist = PathBuf::from(
        std::env::var("CAREWAY_DIST")
            .expect("CAREWAY_DIST must name the built app (run `cargo xtask test`)"),
    );
    assert!(
        dist.join("index.html").exists(),
        "{} has no index.html: build the app with `cargo xtask app`",
        dist.display()
    );
    dist
}

/// The real server, which a test can take off the network and bring back at the same
/// address: a network blip as a kiosk sees it, or a new release. Stopped, its port is
/// closed and so is every open connection, so the browser gets "connection refused" at
/// once, as with a cable pulled, rather than a slow or an error answer.
pub struct StoppableServer {
    pub app: TestApp,
    pub base: String,
    addr: SocketAddr,
    serving: Option<tokio::task::JoinHandle<()>>,
}

impl StoppableServer {
    /// Starts the server on a free port with the app built into `dist`.
    pub async fn start(dist: &Path, kiosk_idle_seconds: u32) -> StoppableServer {
        let app = Self::app_for(dist, kiosk_idle_seconds).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let serving = Some(serve(listener, app.router.clone()));
        StoppableServer {
            app,
            base: format!("http://{addr}"),
            addr,
            serving,
        }
    }

    async fn app_for(dist: &Path, kiosk_idle_seconds: u32) -> TestApp {
        careway_server::http::spa::precompress(dist);
        let dist = dist.to_owned();
        TestApp::with_config(|c| {
            c.dist_dir = dist;
            c.kiosk_idle_seconds = kiosk_idle_seconds;
        })
        .await
    }

    /// Takes the server off the network: closes its port and every open connection, and
    /// returns once the port refuses connections.
    pub async fn stop(&mut self) {
        if let Some(serving) = self.serving.take() {
            serving.abort();
            let _ = serving.await;
        }
        let started = Instant::now();
        while tokio::net::TcpStream::connect(self.addr).await.is_ok() {
            assert!(started.elapsed() < PATIENCE, "{} still answers", self.addr);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Brings the same server (same database, same app) back at the same address.
    pub async fn start_again(&mut self) {
        self.stop().await;
        let listener = bind_again(self.addr).await;
        self.serving = Some(serve(listener, self.app.router.clone()));
    }

    /// Stops this server and starts a new one, with a fresh database and the app built
    /// into `dist`, at the same address: a new release.
    pub async fn replace(&mut self, dist: &Path, kiosk_idle_seconds: u32) {
        self.stop().await;
        self.app = Self::app_for(dist, kiosk_idle_seconds).await;
        let listener = bind_again(self.addr).await;
        self.serving = Some(serve(listener, self.app.router.clone()));
    }
}

impl Drop for StoppableServer {
    fn drop(&mut self) {
        if let Some(serving) = self.serving.take() {
            serving.abort();
        }
    }
}

/// Listens on `addr` again, which was closed a moment ago.
async fn bind_again(addr: SocketAddr) -> tokio::net::TcpListener {
    let started = Instant::now();
    loop {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => return listener,
            Err(e) => {
                assert!(
                    started.elapsed() < PATIENCE,
                    "cannot listen on {addr} again: {e}"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Serves `router` on `listener` until the returned task is aborted; aborting it also
/// ends every connection it accepted (they are its own tasks), which `axum::serve` does
/// not do.
fn serve(listener: tokio::net::TcpListener, router: axum::Router) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let service = hyper_util::service::TowerToHyperService::new(router.clone());
            connections.spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .with_upgrades()
                    .await;
            });
            while connections.try_join_next().is_some() {}
        }
    })
}

/// A headless Chromium session and the chromedriver that runs it.
pub struct Browser {
    pub client: Client,
    base: String,
    shots: PathBuf,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh Chromium profile in Chinese.
    pub async fn start(base: &str, screen: Screen) -> Browser {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chrome = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}"));
        let started = Instant::now();
        while TcpStream::connect(SocketAddr::from(([127, 0, 0, 1], port))).is_err() {
            assert!(started.elapsed() < PATIENCE, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }

        let profile = tempfile::tempdir().unwrap();
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--lang=zh-CN".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = json!({
            "binary": chrome,
            "prefs": { "intl.accept_languages": "zh-CN,zh" },
        });
        match screen {
            Screen::Phone => {
                options["mobileEmulation"] = json!({
                    "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 2.0, "touch": true }
                });
                args.push("--window-size=390,844".into());
            }
            Screen::Kiosk => args.push("--window-size=1920,1080".into()),
        }
        options["args"] = json!(args);
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        // Keep the console and network errors, for [`Browser::console_log`].
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));

        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("chromedriver accepts a session");

        let shots = std::env::var("CAREWAY_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots")
            });
        std::fs::create_dir_all(&shots).unwrap();
        Browser {
            client,
            base: base.to_owned(),
            shots,
            driver,
            _profile: profile,
        }
    }

    /// Opens an app path, as typing it into the address bar would, and waits until the
    /// app took over from the server's drawing of the page (whose buttons do nothing
    /// yet): a test clicks what the app drew.
    pub async fn open(&self, path: &str) {
        self.open_drawn(path).await;
        self.wait_until_started().await;
    }

    /// Opens an app path and returns as soon as the page loaded: what the server drew,
    /// the app perhaps not started (or, without JavaScript, never).
    pub async fn open_drawn(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    }

    /// Waits until the app took over (`<html data-app="ready">`), or its watchdog gave up
    /// (`failed`), after a page load.
    pub async fn wait_until_started(&self) {
        self.until("the app to take over the page", || async {
            let state = self
                .client
                .execute("return document.documentElement.dataset.app || ''", vec![])
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            state == "ready" || state == "failed"
        })
        .await;
    }

    /// Waits until an element matching the XPath is present and returns it.
    pub async fn find(&self, xpath: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
            .unwrap_or_else(|e| panic!("no element {xpath} within {PATIENCE:?}: {e}"))
    }

    /// Waits until some element shows `text` (visible text, anywhere in the page).
    pub async fn see(&self, text: &str) -> Element {
        self.find(&format!(
            "//*[not(self::script) and not(self::title) and contains(text(), {})]",
            xpath_string(text)
        ))
        .await
    }

    /// Clicks the button or link whose text or accessible label contains `label`.
    pub async fn click(&self, label: &str) {
        let lit = xpath_string(label);
        let element = self
            .find(&format!(
                "//*[(self::button or self::a or @role='button' or @role='switch' or @role='tab') and \
                 (contains(normalize-space(.), {lit}) or contains(@aria-label, {lit}))]"
            ))
            .await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {label:?}: {e}"));
    }

    /// Like [`Browser::click`], but first scrolls the element to the middle of the screen:
    /// WebDriver clicks an element that is only partly in view where it is, and a fixed bar
    /// (the phone's tab bar) may be on top of that point.
    pub async fn click_centered(&self, label: &str) {
        let lit = xpath_string(label);
        let element = self
            .find(&format!(
                "//*[(self::button or self::a or @role='button' or @role='switch' or @role='tab') and \
                 (contains(normalize-space(.), {lit}) or contains(@aria-label, {lit}))]"
            ))
            .await;
        let arg = serde_json::to_value(&element).expect("an element serialises");
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
                vec![arg],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot scroll to {label:?}: {e}"));
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {label:?}: {e}"));
    }

    /// Waits until the body text is at least `px` CSS pixels: elder mode has taken effect.
    pub async fn until_body_text_px(&self, px: f64) {
        self.until("elder mode's larger text", || async {
            self.eval("return parseFloat(getComputedStyle(document.body).fontSize)")
                .await
                .as_f64()
                .unwrap_or(0.0)
                >= px
        })
        .await;
    }

    /// Waits until the address's path starts with `prefix`.
    pub async fn until_path_starts(&self, prefix: &str) {
        self.until(&format!("a page under {prefix}"), || async {
            self.path().await.starts_with(prefix)
        })
        .await;
    }

    /// Polls `check` until it holds, failing after [`PATIENCE`].
    pub async fn until<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let started = Instant::now();
        while !check().await {
            assert!(started.elapsed() < PATIENCE, "timed out waiting for {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs a script in the page and returns its result.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The path part of the current URL.
    pub async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.path().to_owned())
            .unwrap_or_default()
    }

    /// The value of the query parameter `name` in the current URL, decoded.
    pub async fn query_value(&self, name: &str) -> Option<String> {
        let url = self.client.current_url().await.ok()?;
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }

    /// Turns the pages' own JavaScript off (or on again), as a browser or webview without
    /// it would be; the test's own scripts (`eval`) still run.
    pub async fn set_javascript(&self, on: bool) {
        self.client
            .issue_cmd(ChromeCommand {
                path: "goog/cdp/execute",
                body: json!({
                    "cmd": "Emulation.setScriptExecutionDisabled",
                    "params": { "value": !on },
                }),
            })
            .await
            .unwrap_or_else(|e| panic!("cannot switch JavaScript: {e}"));
    }

    /// Reloads the page, as the browser's reload button does.
    pub async fn reload(&self) {
        self.client
            .refresh()
            .await
            .unwrap_or_else(|e| panic!("cannot reload: {e}"));
        self.wait_until_started().await;
    }

    /// Goes one page back in the history, as the browser's Back button does.
    pub async fn back(&self) {
        self.client
            .back()
            .await
            .unwrap_or_else(|e| panic!("cannot go back: {e}"));
        self.wait_until_started().await;
    }

    /// Goes one page forward in the history, as the browser's Forward button does.
    pub async fn forward(&self) {
        self.client
            .forward()
            .await
            .unwrap_or_else(|e| panic!("cannot go forward: {e}"));
        self.wait_until_started().await;
    }

    /// Fails the test when the page is wider than the screen, naming how much wider and
    /// the elements furthest out. Measured against the visual viewport: on a phone, content
    /// wider than the screen widens the layout viewport (`innerWidth`) with it, so a
    /// comparison with `innerWidth` never sees it (the page then pans sideways, and
    /// WebDriver's clicks below the fold miss their target).
    pub async fn assert_fits(&self, what: &str) {
        let measured = self
            .eval(
                "const view = window.visualViewport;
                 const width = Math.round(view.width * view.scale);
                 const over = document.documentElement.scrollWidth - width;
                 const fixed = e => { for (; e; e = e.parentElement) {
                     if (getComputedStyle(e).position === 'fixed') return true; } return false; };
                 // Inside a scrolling box (the date strip) sticking out is fine, unless an
                 // absolutely placed element escapes the box: its containing block is
                 // outside it.
                 const clipped = e => {
                   let escaping = getComputedStyle(e).position === 'absolute';
                   for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                     const style = getComputedStyle(a);
                     if (escaping) {
                       if (style.position === 'static') continue;
                       escaping = false;
                     }
                     if (style.overflowX !== 'visible') return true;
                   }
                   return false;
                 };
                 const out = over <= 0 ? [] : [...document.querySelectorAll('body *')]
                   .map(e => [e, e.getBoundingClientRect().right + window.scrollX])
                   .filter(([e, right]) => right > width + 1 && !fixed(e) && !clipped(e))
                   .sort((a, b) => b[1] - a[1])
                   .slice(0, 3)
                   .map(([e, right]) => `${Math.round(right)}px: ${e.outerHTML.slice(0, 160)}`);
                 return { width, over, out };",
            )
            .await;
        let over = measured["over"].as_f64().unwrap_or(f64::MAX);
        let furthest: Vec<&str> = measured["out"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            over <= 0.0,
            "{what}: the page is {over}px wider than the screen ({}px), so it pans sideways; \
             furthest out:\n  {}",
            measured["width"],
            furthest.join("\n  ")
        );
    }

    /// The browser's console and network messages since the last call (reading empties
    /// the log): what a developer would see in the console, such as a failed request.
    pub async fn console_log(&self) -> Vec<LogEntry> {
        let answer = self
            .client
            .issue_cmd(ChromeCommand {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await
            .unwrap_or_else(|e| panic!("chromedriver does not give the browser log: {e}"));
        answer
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|entry| LogEntry {
                level: entry["level"].as_str().unwrap_or_default().to_owned(),
                source: entry["source"].as_str().unwrap_or_default().to_owned(),
                message: entry["message"].as_str().unwrap_or_default().to_owned(),
            })
            .collect()
    }

    /// Clicks the element found by XPath (a radio, a day, a time window), scrolled to the
    /// middle of the screen first so the phone's tab bar cannot cover it.
    pub async fn click_at(&self, xpath: &str) {
        let element = self.find(xpath).await;
        let arg = serde_json::to_value(&element).expect("an element serialises");
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' });",
                vec![arg],
            )
            .await
            .unwrap_or_else(|e| panic!("cannot scroll to {xpath}: {e}"));
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {xpath}: {e}"));
    }

    /// Types `text` into the field with this id, as a keyboard would.
    pub async fn type_into(&self, id: &str, text: &str) {
        self.find(&format!("//*[@id='{id}']"))
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("cannot type into #{id}: {e}"));
    }

    /// Waits for the path of the current URL to be `path`.
    pub async fn at(&self, path: &str) {
        self.until(&format!("the page {path}"), || async {
            self.path().await == path
        })
        .await;
    }

    /// The six digits of the demo code the login page shows, once it shows one.
    pub async fn demo_code(&self) -> String {
        let read = "const v = document.querySelector('#login-code') && \
                    document.querySelector('.demo-aid .value'); \
                    return v ? v.textContent : '';";
        let code = std::cell::RefCell::new(String::new());
        self.until("the demo code", || async {
            let shown = self.eval(read).await;
            let digits: String = shown
                .as_str()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let ready = digits.len() == 6;
            *code.borrow_mut() = digits;
            ready
        })
        .await;
        code.into_inner()
    }

    /// On the login page (phone method): logs in as the demo account with the demo aid, and
    /// waits to leave the login page.
    pub async fn log_in_as_demo(&self) {
        self.click("一键使用").await;
        let code = self.demo_code().await;
        self.type_into("login-code", &code).await;
        self.click_at("//form//button[@type='submit']").await;
        self.until("leaving the login page", || async {
            self.path().await != "/login"
        })
        .await;
    }

    /// Waits until a service worker controls the page (`navigator.serviceWorker.controller`),
    /// reloading once if the worker is active but has not taken this page over.
    pub async fn wait_for_service_worker(&self) {
        let state = "const done = arguments[arguments.length - 1]; \
                     const sw = navigator.serviceWorker; \
                     if (!sw) return done('unsupported'); \
                     if (sw.controller) return done('controlled'); \
                     sw.getRegistration().then( \
                       r => done(r && r.active && r.active.state === 'activated' ? 'active' : 'none'), \
                       e => done('error: ' + e));";
        let started = Instant::now();
        let mut reloaded = false;
        loop {
            let now = self
                .client
                .execute_async(state, vec![])
                .await
                .unwrap_or_else(|e| panic!("cannot ask for the service worker: {e}"));
            match now.as_str().unwrap_or_default() {
                "controlled" => return,
                "active" if !reloaded && started.elapsed() > Duration::from_secs(2) => {
                    self.reload().await;
                    reloaded = true;
                }
                _ => {}
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no service worker controls the page within {PATIENCE:?} (last state: {now})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The paths of every response saved in the page's caches (the service worker's).
    pub async fn saved_files(&self) -> Vec<String> {
        let list = "const done = arguments[arguments.length - 1]; \
                    caches.keys() \
                      .then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys())))) \
                      .then(lists => done([].concat(...lists).map(r => new URL(r.url).pathname)), \
                            e => done({ error: String(e) }));";
        let answer = self
            .client
            .execute_async(list, vec![])
            .await
            .unwrap_or_else(|e| panic!("cannot list the caches: {e}"));
        answer
            .as_array()
            .unwrap_or_else(|| panic!("cannot list the caches: {answer}"))
            .iter()
            .filter_map(|path| path.as_str().map(str::to_owned))
            .collect()
    }

    /// Saves a screenshot as `<name>.png` for people to look at.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Ends the browser session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// One message of the browser's console, as chromedriver reports it.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// `SEVERE` for errors, `WARNING`, `INFO`, …
    pub level: String,
    /// Where it comes from: `network` for a failed request, `console-api`, `javascript`, …
    pub source: String,
    /// The message, which names the address for a failed request.
    pub message: String,
}

impl LogEntry {
    /// Whether the console shows it as an error.
    pub fn is_error(&self) -> bool {
        self.level == "SEVERE"
    }
}

/// A chromedriver command WebDriver itself does not have: POST `session/<id>/<path>`
/// with a JSON body (the browser log of `goog:loggingPrefs`, the DevTools protocol).
#[derive(Debug)]
struct ChromeCommand {
    path: &'static str,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base_url: &reqwest::Url,
        session_id: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &reqwest::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// The axe-core release `cargo xtask bootstrap` installs, for the hint when it is missing.
const AXE_PACKAGE: &str = "axe-core@4.14.1";
/// How many of a rule's failing elements a failure message shows; the rest are counted
/// (the report file has them all).
const NODES_SHOWN: usize = 3;
/// How many failing elements of a rule are fetched from the page at most.
const NODES_KEPT: usize = 50;
/// How much of an element's HTML a report shows.
const HTML_SHOWN: usize = 240;

/// The source of axe-core's browser build, read once from the file `CAREWAY_AXE` names.
/// Fails the test with the way to get it when it is not there: an accessibility check that
/// silently did not run would pass every page.
pub fn axe_script() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let root = root.parent().unwrap_or(&root).display();
        let how = format!(
            "`cargo xtask test` installs axe-core and sets CAREWAY_AXE itself; to run the \
             end-to-end tests by hand, run `cargo xtask bootstrap` (or `npm install --prefix \
             {root}/.tools {AXE_PACKAGE}`) and set \
             CAREWAY_AXE={root}/.tools/node_modules/axe-core/axe.min.js"
        );
        let path = std::env::var_os("CAREWAY_AXE")
            .unwrap_or_else(|| panic!("CAREWAY_AXE is not set: it names axe.min.js. {how}"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read CAREWAY_AXE={} ({e}). {how}",
                PathBuf::from(&path).display()
            )
        })
    })
}

/// One axe rule a page breaks, with the first few elements that break it.
#[derive(Clone, Debug)]
pub struct Violation {
    /// The rule's id, such as `label-content-name-mismatch`.
    pub rule: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// What the rule asks for, in a sentence.
    pub help: String,
    /// The rule's documentation.
    pub help_url: String,
    /// How many elements break it.
    pub count: usize,
    /// The first of them.
    pub nodes: Vec<FailingNode>,
}

/// An element that breaks a rule.
#[derive(Clone, Debug)]
pub struct FailingNode {
    /// The CSS selector axe found for it.
    pub target: String,
    /// The start of its HTML.
    pub html: String,
    /// axe's account of what is wrong with it.
    pub summary: String,
}

impl Violation {
    /// Serious and critical violations fail a test; moderate and minor ones are warnings.
    pub fn blocks(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }

    fn from_json(value: &Value) -> Violation {
        let text = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
        let nodes = value["nodes"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|node| FailingNode {
                // A selector per frame or shadow root; the page has neither, so usually one.
                target: match &node["target"] {
                    Value::Array(parts) => parts
                        .iter()
                        .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                        .collect::<Vec<_>>()
                        .join(" >>> "),
                    other => other.to_string(),
                },
                html: text(node, "html"),
                summary: text(node, "summary"),
            })
            .collect();
        Violation {
            rule: text(value, "id"),
            impact: value["impact"].as_str().unwrap_or("unknown").to_owned(),
            help: text(value, "help"),
            help_url: text(value, "helpUrl"),
            count: value["count"].as_u64().unwrap_or_default() as usize,
            nodes,
        }
    }

    /// `[impact] rule: help`, the heading of a violation in every report.
    fn heading(&self) -> String {
        format!("[{}] {}: {}", self.impact, self.rule, self.help)
    }

    /// The rule, its impact and help, then the first `shown` elements: selector, HTML, what
    /// is wrong.
    fn describe(&self, out: &mut String, shown: usize) {
        let plural = if self.count == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "  {} ({} element{plural}) {}",
            self.heading(),
            self.count,
            self.help_url
        );
        for node in self.nodes.iter().take(shown) {
            node.describe(out, "      ");
        }
        let listed = self.nodes.len().min(shown);
        if self.count > listed {
            let _ = writeln!(out, "      … and {} more", self.count - listed);
        }
    }
}

impl FailingNode {
    /// The selector, the start of the HTML and axe's account, indented by `indent`.
    fn describe(&self, out: &mut String, indent: &str) {
        let mut html: String = self.html.chars().take(HTML_SHOWN).collect();
        if html.len() < self.html.len() {
            html.push('…');
        }
        let _ = writeln!(out, "{indent}{}\n{indent}  {html}", self.target);
        for line in self.summary.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(out, "{indent}  | {}", line.trim());
        }
    }
}

/// What axe found on one page.
#[derive(Clone, Debug)]
pub struct AxeReport {
    /// The test's name for the page, such as `zh-booking-confirm`.
    pub page: String,
    /// The address axe checked.
    pub url: String,
    /// Every rule the page breaks, whatever its impact.
    pub violations: Vec<Violation>,
}

impl AxeReport {
    /// The violations that fail a test.
    pub fn blocking(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| v.blocks())
    }

    /// The violations that are only warned about.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations.iter().filter(|v| !v.blocks())
    }

    /// The page, its address, and each violation, the failing ones first, with at most
    /// `shown` elements each.
    pub fn describe(&self, shown: usize) -> String {
        let mut out = String::new();
        let blocking = self.blocking().count();
        let _ = writeln!(
            out,
            "axe on {} ({}): {blocking} serious or critical, {} moderate or minor",
            self.page,
            self.url,
            self.violations.len() - blocking
        );
        for violation in self.blocking().chain(self.warnings()) {
            violation.describe(&mut out, shown);
        }
        out
    }
}

/// Runs axe-core on the page as it is now, injecting it first if this page has not got it
/// yet (a full page load drops it), and returns every violation. Waits for the page's
/// finite animations to end first, so colours are measured as the patient sees them.
pub async fn run_axe(client: &Client, page: &str) -> AxeReport {
    let settled = "return document.getAnimations().filter(a => a.playState === 'running' \
                   && a.effect && a.effect.getComputedTiming().endTime !== Infinity).length \
                   === 0 && document.fonts.status === 'loaded';";
    let started = Instant::now();
    while client.execute(settled, vec![]).await.ok() != Some(Value::Bool(true)) {
        assert!(
            started.elapsed() < PATIENCE,
            "{page}: the page kept animating for {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let present = client
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .unwrap_or_else(|e| panic!("{page}: cannot run a script: {e}"));
    if present != Value::Bool(true) {
        client
            .execute(axe_script(), vec![])
            .await
            .unwrap_or_else(|e| panic!("{page}: cannot inject axe-core: {e}"));
    }

    // At most NODES_KEPT failing elements of each rule travel back; the count says the rest.
    let run = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{ resultTypes: ['violations'] }}).then(
           r => done({{
             engine: r.testEngine.version,
             url: location.href,
             violations: r.violations.map(v => ({{
               id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               count: v.nodes.length,
               nodes: v.nodes.slice(0, {NODES_KEPT}).map(n => ({{
                 target: n.target, html: n.html, summary: n.failureSummary }})),
             }})),
           }}),
           e => done({{ error: String(e && e.stack || e) }}));"
    );
    let result = client
        .execute_async(&run, vec![])
        .await
        .unwrap_or_else(|e| panic!("{page}: axe did not finish: {e}"));
    if let Some(error) = result["error"].as_str() {
        panic!("{page}: axe failed: {error}");
    }
    assert!(
        result["engine"].as_str().is_some_and(|v| !v.is_empty()),
        "{page}: axe did not run: {result}"
    );
    AxeReport {
        page: page.to_owned(),
        url: result["url"].as_str().unwrap_or_default().to_owned(),
        violations: result["violations"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(Violation::from_json)
            .collect(),
    }
}

/// Runs axe on the page as it is now and fails the test on any serious or critical
/// violation, naming the rule, the elements, the page and its address; moderate and minor
/// ones are printed as warnings.
pub async fn check_accessibility(client: &Client, page: &str) {
    let report = run_axe(client, page).await;
    if report.blocking().next().is_some() {
        panic!("{}", report.describe(NODES_SHOWN));
    }
    if !report.violations.is_empty() {
        println!("warning: {}", report.describe(NODES_SHOWN));
    }
}

/// Checks page after page and fails once, at the end, with everything found: a test that
/// stopped at the first bad page would hide the pages after it. Each page also gets a
/// screenshot, and the whole report is saved beside the screenshots.
pub struct AccessibilityLog {
    name: String,
    reports: Vec<AxeReport>,
}

impl AccessibilityLog {
    /// A log for one test; `name` names the report file (`<name>.txt`).
    pub fn new(name: &str) -> AccessibilityLog {
        // Fail before starting a browser when axe is missing.
        axe_script();
        AccessibilityLog {
            name: name.to_owned(),
            reports: Vec::new(),
        }
    }

    /// Checks the browser's page as it is now, under the name `page`, and saves a screenshot
    /// `a11y-<page>.png`.
    pub async fn check(&mut self, browser: &Browser, page: &str) {
        browser.screenshot(&format!("a11y-{page}")).await;
        let report = run_axe(&browser.client, page).await;
        print!("{}", report.describe(NODES_SHOWN));
        self.reports.push(report);
    }

    /// Saves the report (every page, every element, warnings too) beside the screenshots
    /// and fails the test if any page had a serious or critical violation. The failure
    /// lists each failing rule once, with its first few distinct elements and the pages
    /// each is on, then every failing page's address.
    pub fn finish(self, browser: &Browser) {
        let bad: Vec<&AxeReport> = self
            .reports
            .iter()
            .filter(|r| r.blocking().next().is_some())
            .collect();
        let full: String = self
            .reports
            .iter()
            .map(|r| r.describe(NODES_KEPT))
            .collect();
        let file = browser.shots.join(format!("{}.txt", self.name));
        let mut message = format!(
            "{} of {} pages have serious or critical accessibility violations \
             (every page, element and warning: {})\n",
            bad.len(),
            self.reports.len(),
            file.display()
        );
        for RuleFindings { heading, elements } in by_rule(&bad) {
            let pages: usize = elements.iter().map(|e| e.pages.len()).sum();
            let _ = writeln!(
                message,
                "\n{heading}\n  {} distinct element{}, found {pages} times",
                elements.len(),
                if elements.len() == 1 { "" } else { "s" }
            );
            for element in elements.iter().take(NODES_SHOWN) {
                element.node.describe(&mut message, "    ");
                let _ = writeln!(message, "      on {}", element.pages.join(", "));
            }
            if elements.len() > NODES_SHOWN {
                let _ = writeln!(
                    message,
                    "    … and {} more distinct elements",
                    elements.len() - NODES_SHOWN
                );
            }
        }
        let _ = writeln!(message, "\npages:");
        for report in &bad {
            let _ = writeln!(message, "  {} {}", report.page, report.url);
        }
        std::fs::write(&file, format!("{message}\n{full}")).expect("write the axe report");
        assert!(bad.is_empty(), "{message}");
    }
}

/// A failing rule across pages: its heading and each distinct element that breaks it.
struct RuleFindings<'a> {
    heading: String,
    elements: Vec<ElementFindings<'a>>,
}

/// One element (same selector and HTML) and the pages it breaks a rule on.
struct ElementFindings<'a> {
    node: &'a FailingNode,
    pages: Vec<&'a str>,
}

/// The serious and critical violations of `reports` by rule, each with its distinct
/// elements and the pages each was found on, in the order found.
fn by_rule<'a>(reports: &[&'a AxeReport]) -> Vec<RuleFindings<'a>> {
    let mut rules: Vec<RuleFindings<'a>> = Vec::new();
    for report in reports {
        for violation in report.blocking() {
            let heading = violation.heading();
            let index = match rules.iter().position(|r| r.heading == heading) {
                Some(index) => index,
                None => {
                    rules.push(RuleFindings {
                        heading,
                        elements: Vec::new(),
                    });
                    rules.len() - 1
                }
            };
            let elements = &mut rules[index].elements;
            for node in &violation.nodes {
                let seen = elements
                    .iter_mut()
                    .find(|e| e.node.target == node.target && e.node.html == node.html);
                match seen {
                    Some(element) => element.pages.push(&report.page),
                    None => elements.push(ElementFindings {
                        node,
                        pages: vec![&report.page],
                    }),
                }
            }
        }
    }
    rules
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Quotes `s` as an XPath 1.0 string literal, whatever quotes it contains.
fn xpath_string(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

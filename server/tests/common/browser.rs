//! Headless Chromium over WebDriver for the end-to-end tests: the real server on a free
//! port serving the release build of the app, and a browser that clicks through it.
//!
//! Needs `CAREWAY_DIST` (the built app), `CHROMEDRIVER` and `CHROME`; `cargo xtask test`
//! provides all three. Screenshots go to `CAREWAY_SCREENSHOTS` (default
//! `target/screenshots`) for a human to look at.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

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
        let dist = PathBuf::from(
            std::env::var("CAREWAY_DIST")
                .expect("CAREWAY_DIST must name the built app (run `cargo xtask test`)"),
        );
        assert!(
            dist.join("index.html").exists(),
            "{} has no index.html: build the app with `cargo xtask app`",
            dist.display()
        );
        careway_server::http::spa::precompress(&dist);
        let app = TestApp::with_config(|c| {
            c.dist_dir = dist;
            c.kiosk_idle_seconds = kiosk_idle_seconds;
        })
        .await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = app.router.clone();
        tokio::spawn(async move { axum::serve(listener, router).await });
        Server {
            app,
            base: format!("http://{addr}"),
        }
    }
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

    /// Opens an app path, as typing it into the address bar would.
    pub async fn open(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
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

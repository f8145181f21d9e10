//! End to end: the first screen comes from the server, so it shows before (and without)
//! WebAssembly, and the app takes over without anything on screen moving.

mod common;

use common::browser::{Browser, Screen, Server};
use serde_json::Value;

/// The boxes of the parts of a page a patient's eye holds on to, by CSS selector (those
/// present): header, heading, the first and last items of lists and tiles, the tab bar.
const LANDMARKS: &[&str] = &[
    "header",
    "header .name",
    "h1",
    "main li:first-of-type",
    "main li:last-of-type",
    "main input",
    "nav",
];

async fn boxes(browser: &Browser) -> Value {
    let selectors = serde_json::to_string(LANDMARKS).unwrap();
    browser
        .eval(&format!(
            "const out = {{}};
             for (const s of {selectors}) {{
               const e = [...document.querySelectorAll(s)]
                 .find(e => !e.closest('[hidden]') && e.getClientRects().length);
               if (e) {{
                 const r = e.getBoundingClientRect();
                 out[s] = [r.x, r.y, r.width, r.height].map(Math.round);
               }}
             }}
             return out;"
        ))
        .await
}

/// The layout shifts the page recorded since it loaded, summed as CLS sums them.
async fn layout_shift(browser: &Browser) -> f64 {
    let total = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             let total = 0;
             const observer = new PerformanceObserver(list => {
               for (const e of list.getEntries()) { if (!e.hadRecentInput) total += e.value; }
             });
             observer.observe({ type: 'layout-shift', buffered: true });
             requestAnimationFrame(() => requestAnimationFrame(() => done(total)));",
            vec![],
        )
        .await
        .expect("layout shifts can be read");
    total.as_f64().unwrap_or(f64::NAN)
}

/// Draws `path` without JavaScript, then with the app, and compares where things are.
async fn same_geometry(browser: &Browser, path: &str, name: &str) {
    browser.set_javascript(false).await;
    browser.open_drawn(path).await;
    // The "please turn JavaScript on" note shows only where JavaScript is off; the app's
    // drawing is compared with the page a browser with JavaScript paints.
    browser
        .eval("document.querySelectorAll('noscript').forEach(n => n.remove())")
        .await;
    let drawn = boxes(browser).await;
    browser.screenshot(&format!("first-{name}-server")).await;
    assert!(
        drawn.get("header").is_some() && drawn.get("h1").is_some(),
        "{path}: the server drew the header and the heading: {drawn}"
    );

    browser.set_javascript(true).await;
    browser.open(path).await;
    let app = boxes(browser).await;
    browser.screenshot(&format!("first-{name}-app")).await;
    assert_eq!(
        drawn, app,
        "{path}: the app drew everything where the server had"
    );
    let shift = layout_shift(browser).await;
    assert!(
        shift <= 0.001,
        "{path}: layout shift {shift} while the app took over"
    );
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn without_javascript_the_first_screen_is_readable_and_its_links_go_somewhere() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;
    browser.set_javascript(false).await;

    browser.open_drawn("/").await;
    browser.see("康途示范医院").await;
    browser.see("广州市越秀区康途路 88 号").await;
    for (href, title) in [
        ("/booking", "预约挂号"),
        ("/navigation", "院内导航"),
        ("/reports", "报告查询"),
    ] {
        let tile = browser.find(&format!("//main//a[@href='{href}']")).await;
        let text = tile.text().await.unwrap();
        assert!(
            text.contains(title),
            "the tile to {href} says {title}: {text}"
        );
    }
    let phone = browser.find("//main//a[starts-with(@href, 'tel:')]").await;
    assert_eq!(
        phone.attr("href").await.unwrap().as_deref(),
        Some("tel:02088886666")
    );
    assert!(phone.text().await.unwrap().contains("020-8888 6666"));
    assert_eq!(
        browser
            .eval("return document.documentElement.dataset.app || ''")
            .await,
        "",
        "no app ran"
    );
    browser.screenshot("first-nojs-home").await;

    // A tile is a real link, and the server draws the page it leads to too. (Followed
    // by address: chromedriver's click waits for scripts a page without them never runs.)
    let booking = browser.find("//main//a[contains(., '预约挂号')]").await;
    let href = booking.attr("href").await.unwrap().unwrap();
    browser.open_drawn(&href).await;
    browser.see("全部科室").await;
    browser.see("心血管内科").await;
    assert_eq!(browser.path().await, "/booking");
    browser.screenshot("first-nojs-booking").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn the_app_takes_over_the_phone_pages_without_moving_anything() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;
    same_geometry(&browser, "/", "home").await;
    same_geometry(&browser, "/booking", "booking").await;
    same_geometry(&browser, "/login", "login").await;

    // Elder mode and English, chosen in the app, are drawn by the server next time.
    browser.click("大字").await;
    browser.click("Switch to English").await;
    browser.see("Log in").await;
    same_geometry(&browser, "/", "home-elder-en").await;
    browser.see("Careway Demonstration Hospital").await;
    same_geometry(&browser, "/booking", "booking-elder-en").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn the_app_takes_over_a_kiosk_without_moving_anything() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Kiosk).await;
    browser.open("/kiosk").await;
    browser.see("重新开始").await;
    // The server draws kiosk mode from the cookie the app mirrors the mode in; the pages
    // below are drawn without the app, so the cookie must be there first.
    browser
        .until("kiosk mode mirrored in the cookie", || async {
            browser
                .eval("return document.cookie")
                .await
                .as_str()
                .is_some_and(|c| c.contains("careway_prefs=") && c.contains("kiosk"))
        })
        .await;
    same_geometry(&browser, "/", "kiosk-home").await;
    same_geometry(&browser, "/login", "kiosk-login").await;
    browser.close().await;
}

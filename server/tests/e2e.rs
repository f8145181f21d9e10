//! End to end: the release build of the app on the real server, clicked through in
//! headless Chromium the way a patient would. Run by `cargo xtask test`, which builds the
//! app and provides the browser; plain `cargo test` skips these.

mod common;

use common::browser::{Browser, Screen, Server};

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_patient_opens_the_app_switches_language_and_follows_a_tile() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    // The home page of the demo hospital, in Chinese, under the strict CSP.
    browser.open("/").await;
    browser.see("康途示范医院").await;
    browser.see("预约挂号").await;
    // The hospital came with the page: the app asked the server nothing before drawing it.
    assert_eq!(
        browser
            .eval(
                "return performance.getEntriesByType('resource')\
                 .filter(e => e.name.includes('/api/v1/meta')).length"
            )
            .await,
        0,
        "no request for the meta document at start"
    );
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "zh-CN"
    );
    assert_eq!(
        browser
            .eval("return document.documentElement.dataset.app")
            .await,
        "ready",
        "the app started and took over from the loading screen"
    );
    browser.screenshot("foundation-home-zh").await;

    // Switch to English.
    browser.click("Switch to English").await;
    browser.see("Careway Demonstration Hospital").await;
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "en"
    );
    browser.screenshot("foundation-home-en").await;

    // A tile of a journey that needs a login leads to the login, which comes back to it.
    browser.click("Queue").await;
    browser.at("/login").await;
    browser.see("Log in to book visits").await;
    assert_eq!(browser.query_value("next").await.as_deref(), Some("/queue"));
    browser.screenshot("foundation-queue-login-en").await;

    // A deep link reloads into the same page, still in English.
    browser.open("/navigation").await;
    browser.see("Find your way").await;
    assert_eq!(
        browser.eval("return document.documentElement.lang").await,
        "en"
    );

    // An unknown address gets the app's own "not found" page, not a server error.
    browser.open("/no/such/page").await;
    browser.see("Back to home").await;

    // Elder mode, from "Me": larger text and targets.
    browser.open("/me").await;
    let body_px = "return parseFloat(getComputedStyle(document.body).fontSize)";
    let before = browser.eval(body_px).await.as_f64().unwrap();
    browser.click("Large text mode").await;
    browser
        .until("body text of at least 20px", || async {
            browser.eval(body_px).await.as_f64().unwrap_or(0.0) >= 20.0
        })
        .await;
    assert!(before < 20.0, "elder mode was off at first ({before}px)");
    browser.open("/").await;
    browser.see("Careway Demonstration Hospital").await;
    browser.screenshot("foundation-home-elder-en").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_kiosk_has_no_tab_bar_and_starts_over_when_left_alone() {
    let server = Server::start(8).await;
    let browser = Browser::start(&server.base, Screen::Kiosk).await;

    // `/kiosk` turns this device into a kiosk and lands on the home page.
    browser.open("/kiosk").await;
    browser.see("康途示范医院").await;
    browser.at("/").await;
    browser.see("重新开始").await;
    let tab_bars = browser
        .eval("return document.querySelectorAll('nav a[aria-current], nav [role=tab]').length")
        .await;
    assert_eq!(tab_bars, 0, "a kiosk has no bottom tab bar");
    browser.screenshot("foundation-kiosk-home").await;

    // Remembered on the device: a reload is still a kiosk.
    browser.open("/").await;
    browser.see("重新开始").await;

    // A patient opens a page and walks away: a visible countdown, then back to start.
    browser.click("院内导航").await;
    browser.see("院内导航").await;
    assert_eq!(browser.path().await, "/navigation");
    browser.see("即将返回首页").await;
    browser.screenshot("foundation-kiosk-countdown").await;
    browser.at("/").await;
    browser.see("康途示范医院").await;

    // "Start over" does the same at once.
    browser.click("院内导航").await;
    browser.at("/navigation").await;
    browser.click("重新开始").await;
    browser.at("/").await;

    browser.close().await;
}

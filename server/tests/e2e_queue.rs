//! End to end: the live queue in the release build of the app on the real server, clicked
//! through in headless Chromium. The demo patient, booked for a window this morning behind
//! two other patients, checks in with "I'm here" and sees two people ahead; staff call the
//! next patient over the staff API and the page shows one ahead without a reload; when
//! he is called, the page shows the banner and "take me there", which opens the route to
//! the clinic; in English and large text the call still fits the phone. The department's
//! wall board, on a kiosk screen, shows his masked name. Run
//! by `cargo xtask test`; plain `cargo test` skips these.

mod common;

use axum::http::StatusCode;
use careway_core::api::queue::Ticket;
use common::browser::{AccessibilityLog, Browser, Screen, Server};
use common::TestApp;

async fn staff_call_next(app: &TestApp, point: &str) {
    let path = format!("/api/v1/staff/queue/points/{point}/call-next");
    let reply = common::staff(app, &path, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

async fn check_in(app: &TestApp, cookie: &str, appointment: &str) -> Ticket {
    let reply = common::check_in(app, cookie, appointment, None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.parse()
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn the_demo_patient_checks_in_moves_up_live_and_is_called() {
    let server = Server::start(90).await;
    let app = &server.app;
    let (slot, department) = common::window_this_morning(app).await;

    // Two patients checked in before him.
    let others = app.store_accounts("e2e-q", 7, 2).await;
    let mut point = String::new();
    for (cookie, patient) in &others {
        let a = app.booked(cookie, &slot, patient).await;
        point = check_in(app, cookie, &a.id).await.point.id;
    }
    let (demo, me) = common::demo_session(app, "e2e-queue-demo").await;
    app.booked(&demo, &slot, &me).await;

    let browser = Browser::start(&server.base, Screen::Phone).await;
    let mut a11y = AccessibilityLog::new("a11y-queue");
    browser.open("/login?next=%2Fqueue").await;
    browser.log_in_as_demo().await;
    browser.at("/queue").await;
    browser.see("今天待签到的预约").await;
    browser.screenshot("queue-before-check-in").await;
    browser.click("我已到达，签到").await;
    browser.see("前面还有 2 人").await;
    browser.see("预计等候").await;
    browser.screenshot("queue-waiting").await;
    a11y.check(&browser, "queue-waiting").await;

    // Staff call the next patient: the page moves up without a reload.
    let marker = "window.__careway_no_reload = true; return true;";
    browser.eval(marker).await;
    staff_call_next(app, &point).await;
    browser.see("前面还有 1 人").await;
    browser.see("快轮到您了").await;
    staff_call_next(app, &point).await;
    browser.see("下一位就是您").await;
    assert_eq!(
        browser
            .eval("return window.__careway_no_reload === true")
            .await,
        true,
        "the page was not reloaded"
    );
    let live = browser
        .eval("return document.querySelector('[aria-live=polite]').textContent")
        .await;
    assert!(
        live.as_str().unwrap_or_default().contains("下一位"),
        "the change is announced: {live}"
    );

    // Called: the banner, the words, and the way there.
    staff_call_next(app, &point).await;
    let banner = browser
        .find("//div[contains(@class,'banner') and contains(@class,'called') and @role='alert']")
        .await;
    let words = banner.text().await.unwrap_or_default();
    assert!(words.contains("请到") && words.contains("就诊"), "{words}");
    browser.screenshot("queue-called").await;
    a11y.check(&browser, "queue-called").await;
    let title = browser.eval("return document.title").await;
    browser
        .until("the title to flash", || async {
            browser.eval("return document.title").await != title
        })
        .await;
    browser.click("我知道了").await;
    browser.click("带我去").await;
    browser.at("/navigation").await;
    assert_eq!(
        browser.query_value("to").await.as_deref(),
        Some(format!("dept-{department}").as_str())
    );
    // Among the quick choices, the room he was called to, chosen.
    browser.see("叫到我了").await;
    let pressed = browser
        .eval(
            "const b = [...document.querySelectorAll('button.chip')] \
               .find((b) => b.textContent.includes('叫到我了')); \
             return b ? b.getAttribute('aria-pressed') : null;",
        )
        .await;
    assert_eq!(pressed.as_str(), Some("true"));
    browser.screenshot("queue-take-me-there").await;

    // The same call in English and in large text, on one screen.
    browser.back().await;
    browser.at("/queue").await;
    browser.click("Switch to English").await;
    browser.see("Please go to").await;
    browser.click("Large text").await;
    browser.until_body_text_px(20.0).await;
    browser.see("Take me there").await;
    browser
        .assert_fits("the called ticket in English, large text")
        .await;
    browser.screenshot("queue-called-en-elder").await;
    a11y.check(&browser, "queue-called-en-elder").await;
    browser.close().await;

    // The department's wall board: the call, with the name masked.
    let board = Browser::start(&server.base, Screen::Kiosk).await;
    board.open(&format!("/board/{department}")).await;
    board.see("正在叫号").await;
    let calls = board
        .find("//ol[contains(@class,'calls')]/li[1]")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(calls.contains("李*"), "{calls}");
    assert!(!calls.contains("李华"), "{calls}");
    board.screenshot("queue-board-kiosk").await;

    // The board follows the next call by itself.
    let (cookie, patient) = app.store_accounts("e2e-q2", 8, 1).await.remove(0);
    let a = app.booked(&cookie, &slot, &patient).await;
    let fourth = check_in(app, &cookie, &a.id).await;
    staff_call_next(app, &point).await;
    board
        .until("the board to show the new call first", || async {
            board
                .eval("return document.querySelector('ol.calls li .number')?.textContent ?? ''")
                .await
                .as_str()
                .unwrap_or_default()
                .contains(&fourth.number)
        })
        .await;
    board.screenshot("queue-board-next-call").await;
    board.close().await;
}

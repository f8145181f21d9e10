//! End to end: indoor navigation in the release build of the app on the real server, in
//! headless Chromium. On the kiosk at the main entrance a patient asks for the pharmacy
//! and gets a route drawn on the floor plan with its steps; from a wall sign's QR code on
//! 3F, the step-free way to the blood-draw room goes by elevator; a booking's "how to get
//! there" opens the route to its department. Run by `cargo xtask test`; plain `cargo test`
//! skips these.

mod common;

use common::browser::{AccessibilityLog, Browser, Screen, Server};

/// Whether the floor plan shows a drawn path.
async fn path_drawn(browser: &Browser) -> bool {
    browser
        .eval(
            "const p = document.querySelector('svg.plan polyline.path'); \
             return !!p && p.getBBox().width + p.getBBox().height > 5;",
        )
        .await
        .as_bool()
        .unwrap_or(false)
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_kiosk_at_the_entrance_draws_the_way_to_the_pharmacy() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Kiosk).await;
    let mut a11y = AccessibilityLog::new("a11y-navigation");

    browser.open("/kiosk").await;
    browser.at("/").await;
    browser.open("/navigation").await;
    browser.see("您在：").await;
    browser.see("请选择要去的地点").await;
    a11y.check(&browser, "navigation-start").await;

    browser.type_into("nav-search", "药房").await;
    browser
        .click_at("//ul[@aria-label='要去哪里']//button[contains(., '药房')]")
        .await;
    browser
        .until("the route to be drawn", || path_drawn(&browser))
        .await;
    browser.see("步行约").await;
    let steps = browser
        .eval("return document.querySelectorAll('ol.steps li').length")
        .await;
    assert!(steps.as_u64().unwrap_or(0) >= 2, "steps: {steps}");
    assert_eq!(
        browser
            .query_value("to")
            .await
            .as_deref()
            .map(|t| t.is_empty()),
        Some(false)
    );
    browser
        .assert_fits("the kiosk's route to the pharmacy")
        .await;
    browser.screenshot("navigation-kiosk-pharmacy").await;
    a11y.check(&browser, "navigation-kiosk-pharmacy").await;

    // Zoomed in twice, the plan is twice the width of its box, which scrolls.
    let plan_width = "const box = document.querySelector('.plan-box'); \
        return Math.round(100 * box.querySelector('svg.plan').getBoundingClientRect().width \
          / box.clientWidth);";
    assert_eq!(browser.eval(plan_width).await.as_u64(), Some(100));
    browser.click_at("//button[@aria-label='放大平面图']").await;
    browser.see("平面图 150%").await;
    browser.click_at("//button[@aria-label='放大平面图']").await;
    browser.see("平面图 200%").await;
    assert_eq!(browser.eval(plan_width).await.as_u64(), Some(200));
    let scrolled = browser
        .eval("return document.querySelector('.plan-box').scrollLeft")
        .await;
    assert!(
        scrolled.as_f64().unwrap_or(0.0) > 0.0,
        "centred: {scrolled}"
    );
    browser.assert_fits("the kiosk's route, zoomed in").await;
    browser.screenshot("navigation-kiosk-zoomed").await;
    a11y.check(&browser, "navigation-kiosk-zoomed").await;

    // Another place while zoomed in: the new route's plan is centred again.
    browser
        .eval("document.querySelector('.plan-box').scrollTo(0, 0); return true")
        .await;
    browser
        .click_at("//ul[contains(@class,'chips')]//button[contains(., '采血室')]")
        .await;
    browser
        .until("the zoomed plan centred on the new route", || async {
            browser
                .eval("return document.querySelector('.plan-box').scrollLeft")
                .await
                .as_f64()
                .unwrap_or(0.0)
                > 0.0
        })
        .await;
    browser.see("平面图 200%").await;
    a11y.finish(&browser);
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn from_a_sign_on_3f_the_step_free_way_to_blood_draw_takes_the_elevator() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    browser.open("/navigation?from=qr-3f-east").await;
    browser.see("您在：").await;
    browser.click("采血").await;
    browser
        .until("the route to be drawn", || path_drawn(&browser))
        .await;
    browser.screenshot("navigation-qr-blood-draw").await;

    browser
        .click_at("//label[contains(@class,'step-free')]//input")
        .await;
    browser
        .until("the step-free route", || async {
            browser.query_value("step_free").await.as_deref() == Some("1")
        })
        .await;
    browser
        .until("the route to be drawn", || path_drawn(&browser))
        .await;
    let step_free = browser
        .eval("return document.querySelector('ol.steps').innerText")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        step_free.contains("电梯"),
        "step-free goes by elevator: {step_free}"
    );
    assert!(
        !step_free.contains("楼梯"),
        "and never by the stairs: {step_free}"
    );
    assert!(
        !step_free.contains("扶梯"),
        "nor the escalator: {step_free}"
    );
    browser.assert_fits("the step-free route on a phone").await;
    browser
        .screenshot("navigation-qr-blood-draw-step-free")
        .await;

    // In English, the same route.
    browser.click("Switch to English").await;
    browser.see("Step-free route").await;
    browser.see("elevator").await;
    browser.screenshot("navigation-qr-blood-draw-en").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_departments_how_to_get_there_opens_its_route() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;
    browser.open("/booking/department/neurology").await;
    browser.click("怎么去").await;
    browser.at("/navigation").await;
    assert_eq!(
        browser.query_value("to").await.as_deref(),
        Some("dept-neurology")
    );
    browser
        .until("the route to be drawn", || path_drawn(&browser))
        .await;
    browser.see("去神经内科候诊区").await;
    browser.screenshot("navigation-from-booking").await;
    browser.close().await;
}

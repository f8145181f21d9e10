//! End to end: reports in the release build of the app on the real server, clicked
//! through in headless Chromium. The demo patient sees "new" on today's blood count, opens
//! it and finds its values flagged high and low in words against the men's ranges, opens
//! the HbA1c trend chart, and finds his reads under "who viewed my reports"; in English,
//! elder mode and on a kiosk the report still fits the screen; the report's notice in the
//! inbox opens it. Run by `cargo xtask test`;
//! plain `cargo test` skips these.

mod common;

use common::browser::{AccessibilityLog, Browser, Screen, Server};

/// The link to today's blood count in the list, with its "new" badge.
const NEW_BLOOD_COUNT: &str =
    "//a[contains(@class,'report') and .//span[contains(@class,'new')] and contains(., '血常规')]";
/// The link to the newest blood count, opened or not.
const BLOOD_COUNT: &str = "(//a[contains(@class,'report') and contains(., '血常规')])[1]";

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn the_demo_patient_reads_a_new_blood_count_and_his_hba1c_trend() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;
    let mut a11y = AccessibilityLog::new("a11y-reports");

    browser.open("/login?next=%2Freports").await;
    browser.log_in_as_demo().await;
    browser.at("/reports").await;
    browser.find(NEW_BLOOD_COUNT).await;
    browser.see("4 项超出参考范围").await;
    browser.see("胸部CT平扫").await;
    browser.screenshot("reports-list").await;
    a11y.check(&browser, "reports-list").await;

    // The filter: imaging only.
    browser.click("检查").await;
    browser.see("腹部超声").await;
    browser
        .until("lab reports to be filtered out", || async {
            browser
                .eval("return document.querySelectorAll('a.report').length")
                .await
                .as_u64()
                == Some(2)
        })
        .await;
    browser.click("全部").await;

    // Today's blood count: flags in words, the men's range for haemoglobin.
    browser.click_at(NEW_BLOOD_COUNT).await;
    browser.until_path_starts("/reports/").await;
    browser.see("采样时间").await;
    let haemoglobin = browser
        .find("//tr[contains(., '血红蛋白')]")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(haemoglobin.contains("126 g/L"), "{haemoglobin}");
    assert!(haemoglobin.contains("偏低"), "{haemoglobin}");
    assert!(haemoglobin.contains("130–175"), "{haemoglobin}");
    let white_cells = browser
        .find("//tr[contains(., '白细胞')]")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(white_cells.contains("偏高"), "{white_cells}");
    browser.see("参考范围已按您的性别和年龄选择").await;
    browser.screenshot("reports-blood-count").await;
    a11y.check(&browser, "reports-blood-count").await;

    // Back in the list, the blood count is no longer new.
    browser.click("报告查询").await;
    browser.at("/reports").await;
    browser.see("糖化血红蛋白 HbA1c").await;
    browser
        .until("the blood count to lose its badge", || async {
            browser
                .eval("return document.querySelectorAll('a.report .new').length")
                .await
                .as_u64()
                == Some(1)
        })
        .await;

    // The HbA1c report and its trend over the year.
    browser
        .click_at("(//a[contains(@class,'report') and contains(., '糖化血红蛋白')])[1]")
        .await;
    browser.see("6.6 %").await;
    browser.click("历次趋势").await;
    browser.at("/reports/trend").await;
    browser
        .find("//*[name()='svg' and contains(@class,'chart')]")
        .await;
    let dots = browser
        .eval("return document.querySelectorAll('svg.chart circle').length")
        .await;
    assert_eq!(dots.as_u64(), Some(5), "five HbA1c results in a year");
    let band = browser
        .eval("const r = document.querySelector('svg.chart rect.band'); return r ? r.getBBox().height : 0")
        .await;
    assert!(
        band.as_f64().unwrap_or(0.0) > 10.0,
        "the normal band is drawn: {band}"
    );
    browser.see("8.1 %").await;
    browser.screenshot("reports-hba1c-trend").await;
    a11y.check(&browser, "reports-hba1c-trend").await;

    // Who viewed: this account's reads of the list and of the blood count.
    browser.click("报告查询").await;
    browser.click_centered("谁查看了我的报告").await;
    browser.at("/reports/reads").await;
    browser
        .find("//li[contains(., '血常规') and contains(., '本账户')]")
        .await;
    browser.screenshot("reports-reads").await;
    a11y.check(&browser, "reports-reads").await;

    a11y.finish(&browser);
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn the_report_notice_in_the_inbox_opens_the_report() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;
    browser.open("/login?next=%2Finbox").await;
    browser.log_in_as_demo().await;
    browser.at("/inbox").await;
    browser.see("报告已出").await;
    browser.find("//li[contains(@class,'unread')]").await;
    browser.screenshot("inbox-unread").await;
    browser.click("报告已出").await;
    browser.see("李华的血常规").await;
    browser.screenshot("inbox-open").await;
    browser.click("查看").await;
    browser.until_path_starts("/reports/").await;
    browser.see("采样时间").await;
    // Read now, also after a reload.
    browser.open("/inbox").await;
    browser.see("报告已出").await;
    browser
        .until("the notice to be read", || async {
            browser
                .eval("return document.querySelectorAll('li.unread').length")
                .await
                .as_u64()
                == Some(0)
        })
        .await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_report_fits_in_english_elder_mode_and_on_a_kiosk() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;
    browser.open("/login?next=%2Freports").await;
    browser.log_in_as_demo().await;
    browser.at("/reports").await;
    browser.click("Switch to English").await;
    browser.see("Who viewed my reports").await;
    browser.click("Large text").await;
    browser.until_body_text_px(20.0).await;
    browser.click_at(NEW_BLOOD_COUNT).await;
    browser.see("Sample taken").await;
    browser.see("Low").await;
    browser
        .assert_fits("the blood count in English, elder mode")
        .await;
    browser.screenshot("reports-blood-count-en-elder").await;
    browser.close().await;

    let browser = Browser::start(&server.base, Screen::Kiosk).await;
    browser.open("/kiosk").await;
    browser.at("/").await;
    browser.click("登录").await;
    browser.at("/login").await;
    browser.click("手机号").await;
    browser.log_in_as_demo().await;
    browser.open("/reports").await;
    browser.click_at(BLOOD_COUNT).await;
    browser.see("采样时间").await;
    browser.assert_fits("the blood count on a kiosk").await;
    browser.screenshot("reports-blood-count-kiosk").await;
    browser.close().await;
}

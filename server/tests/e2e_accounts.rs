//! End to end: accounts in the release build of the app on the real server, clicked
//! through in headless Chromium. A patient logs in with the demo phone and its code, adds
//! a child (after a typo in the ID number), and logs out; a kiosk visitor logs in with a
//! medical card on the on-screen keypad and is logged out by walking away. Run by
//! `cargo xtask test`; plain `cargo test` skips these.

mod common;

use common::browser::{Browser, Screen, Server};
use fantoccini::key::Key;

/// The demo account's login phone, masked as the app shows it.
const DEMO_MASKED: &str = "138****8000";

/// Empties the input with this id and types `text` instead.
async fn retype(browser: &Browser, id: &str, text: &str) {
    let input = browser.find(&format!("//input[@id='{id}']")).await;
    input
        .clear()
        .await
        .unwrap_or_else(|e| panic!("cannot clear #{id}: {e}"));
    input
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("cannot type into #{id}: {e}"));
}

/// Picks a date in a date input: typing into one depends on the browser's locale, so set
/// it the way the date picker does, with the events it fires.
async fn pick_date(browser: &Browser, id: &str, date: &str) {
    browser
        .eval(&format!(
            "const input = document.getElementById('{id}');
             input.value = '{date}';
             input.dispatchEvent(new Event('input', {{ bubbles: true }}));
             input.dispatchEvent(new Event('change', {{ bubbles: true }}));
             return input.value;"
        ))
        .await;
}

/// The value of the input with this id.
async fn value_of(browser: &Browser, id: &str) -> String {
    browser
        .eval(&format!("return document.getElementById('{id}').value"))
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// What `GET /api/v1/session` answers the page now: 200 with a session, 401 without.
async fn session_status(browser: &Browser) -> i64 {
    browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/session', { credentials: 'same-origin' })
                 .then(r => done(r.status), () => done(0));",
            vec![],
        )
        .await
        .expect("the script runs")
        .as_i64()
        .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_patient_logs_in_adds_a_child_and_logs_out() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    // Logged out, "Me" invites to log in and keeps the settings.
    browser.open("/me").await;
    browser.see("登录后管理就诊人").await;
    browser.see("显示与语言").await;
    assert_eq!(session_status(&browser).await, 401);
    browser.screenshot("accounts-me-logged-out").await;

    browser.click("登录").await;
    browser.at("/login").await;
    assert_eq!(
        browser.eval("return location.search").await,
        "?next=%2Fme",
        "the way back, and nothing else, in the address"
    );

    // A mistyped phone is refused next to the field, before anything is sent.
    browser.type_into("login-phone", "1380013").await;
    browser.click("获取验证码").await;
    browser.see("请输入正确的 11 位手机号").await;
    assert_eq!(
        browser.eval("return document.activeElement.id").await,
        "login-phone"
    );

    // The demo aid: the demo phone in one tap, then the code it shows.
    browser.see("演示账号 138 0013 8000").await;
    browser.screenshot("accounts-login-phone").await;
    browser.click("一键使用").await;
    browser.see("验证码已发送至 138****8000").await;
    browser.see("秒后可重新获取").await;
    let code = browser.demo_code().await;
    browser.screenshot("accounts-login-code").await;
    browser.type_into("login-code", &code).await;
    browser.click_at("//form//button[@type='submit']").await;

    // Back on "Me": the demo account and its family.
    browser.at("/me").await;
    browser.see(DEMO_MASKED).await;
    browser.see("李华").await;
    browser.see("王秀英").await;
    assert_eq!(session_status(&browser).await, 200);
    browser.screenshot("accounts-me-logged-in").await;

    // Adding a child, with a typo in the ID number first.
    browser.click_centered("添加就诊人").await;
    browser.at("/me/patients/new").await;
    browser.type_into("patient-name", "王小明").await;
    browser
        .type_into("patient-id-number", "440106201506010018")
        .await;
    browser.click_at("//input[@id='patient-sex']").await;
    pick_date(&browser, "patient-birth-date", "2015-06-01").await;
    browser.type_into("patient-phone", "139 1234 5678").await;
    browser.click_at("//input[@id='patient-relation-1']").await;
    // The message under the ID number appeared as the focus left it; the taps below
    // still landed (the line for it was kept free).
    assert_eq!(
        browser
            .eval(
                "return [document.getElementById('patient-sex').checked, \
                   document.getElementById('patient-relation-1').checked]"
            )
            .await,
        serde_json::json!([true, true])
    );
    browser.click_centered("保存").await;
    browser.see("身份证号校验不通过，请检查是否输错").await;
    assert_eq!(
        browser.eval("return document.activeElement.id").await,
        "patient-id-number",
        "the focus is on the field to fix"
    );
    assert_eq!(value_of(&browser, "patient-name").await, "王小明");
    assert_eq!(value_of(&browser, "patient-birth-date").await, "2015-06-01");
    assert_eq!(value_of(&browser, "patient-phone").await, "139 1234 5678");
    browser.screenshot("accounts-member-bad-id").await;

    retype(&browser, "patient-id-number", "440106201506010019").await;
    browser.click_centered("保存").await;
    browser.at("/me").await;
    browser.see("王小明").await;
    browser.see("440***********0019").await;
    browser.see("3 / 8 位").await;
    browser.screenshot("accounts-me-with-child").await;

    // Logging out ends the session on the server too.
    browser.click_centered("退出登录").await;
    browser.see("登录后管理就诊人").await;
    assert_eq!(session_status(&browser).await, 401);
    browser.open("/me").await;
    browser.see("登录后管理就诊人").await;

    // A page that needs an account sends to the login page, which returns to it.
    browser.open("/me/patients/new").await;
    browser.at("/login").await;
    assert_eq!(
        browser.eval("return location.search").await,
        "?next=%2Fme%2Fpatients%2Fnew"
    );

    // The same page in English.
    browser.click("Switch to English").await;
    browser.see("Mobile number").await;
    browser.see("Demo account 138 0013 8000").await;
    browser.screenshot("accounts-login-en").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn large_text_login_and_me_pages_stay_usable() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Phone).await;

    browser.open("/me").await;
    browser.click_centered("长辈模式").await;
    browser
        .until("elder mode", || async {
            browser
                .eval("return parseFloat(getComputedStyle(document.body).fontSize)")
                .await
                .as_f64()
                .unwrap_or(0.0)
                >= 20.0
        })
        .await;
    browser.see("登录后管理就诊人").await;
    browser.screenshot("accounts-elder-me-logged-out").await;

    browser.click("登录").await;
    browser.see("演示账号 138 0013 8000").await;
    browser.screenshot("accounts-elder-login").await;
    browser.click("一键使用").await;
    let code = browser.demo_code().await;
    browser.screenshot("accounts-elder-login-code").await;
    browser.type_into("login-code", &code).await;
    browser.click_at("//form//button[@type='submit']").await;
    browser.see("李华").await;
    browser.screenshot("accounts-elder-me").await;

    // Nothing is wider than the screen.
    let overflow = browser
        .eval("return document.documentElement.scrollWidth - window.innerWidth")
        .await
        .as_f64()
        .unwrap_or(1.0);
    assert!(overflow <= 0.0, "the page scrolls sideways by {overflow}px");

    browser.click_centered("添加就诊人").await;
    browser.see("与您的关系").await;
    browser.click_centered("保存").await;
    browser.see("此项为必填项").await;
    browser.screenshot("accounts-elder-member-form").await;

    // Editing keeps the ID number, phone and card on file when left blank: saving
    // without typing any of them again works.
    browser.open("/me").await;
    browser.see("王秀英").await;
    browser.click_centered("编辑就诊人 王秀英").await;
    browser.see("当前为 110***********0025，不修改请留空").await;
    assert_eq!(value_of(&browser, "patient-name").await, "王秀英");
    assert_eq!(value_of(&browser, "patient-phone").await, "");
    browser.screenshot("accounts-elder-member-edit").await;
    browser.click_centered("保存").await;
    browser.at("/me").await;
    browser.see("王秀英").await;

    // The removal dialog names the person.
    browser.open("/me").await;
    browser.see("王秀英").await;
    browser.click_centered("删除就诊人 王秀英").await;
    browser.see("确定要删除就诊人“王秀英”吗？").await;
    browser.screenshot("accounts-elder-remove-dialog").await;
    browser.click_centered("取消").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_kiosk_visitor_logs_in_by_card_and_is_logged_out_when_leaving() {
    let server = Server::start(8).await;
    let browser = Browser::start(&server.base, Screen::Kiosk).await;

    browser.open("/kiosk").await;
    browser.at("/").await;
    browser.see("重新开始").await;

    // The card tab comes first, its field has the focus, ready for the reader.
    browser.open("/login?next=/me").await;
    browser.see("刷就诊卡/身份证").await;
    browser
        .until("the card field to take the focus", || async {
            browser.eval("return document.activeElement.id").await == "login-card"
        })
        .await;
    browser.screenshot("accounts-kiosk-login-card").await;

    // A card reader types the number and ends with Enter.
    browser
        .type_into(
            "login-card",
            &format!("MC20260001{}", char::from(Key::Enter)),
        )
        .await;
    browser.see("验证码已发送至卡号").await;
    let code = browser.demo_code().await;

    // No keyboard: the code goes in on the on-screen keypad.
    for digit in code.chars() {
        browser
            .click_at(&format!(
                "//*[@role='group']//button[normalize-space(.)='{digit}']"
            ))
            .await;
    }
    assert_eq!(value_of(&browser, "login-code").await, code);
    browser.screenshot("accounts-kiosk-login-code").await;
    browser.click_at("//form//button[@type='submit']").await;

    browser.at("/me").await;
    browser.see(DEMO_MASKED).await;
    browser.see("李华").await;
    browser.see("离开前请退出登录").await;
    assert_eq!(session_status(&browser).await, 200);
    browser.screenshot("accounts-kiosk-me").await;

    // The visitor walks away: a countdown, then the kiosk starts over and the session is
    // gone, here and on the server.
    browser.see("即将返回首页").await;
    browser.screenshot("accounts-kiosk-countdown").await;
    browser.at("/").await;
    browser
        .until("the session to end on the server", || async {
            session_status(&browser).await == 401
        })
        .await;
    browser.open("/me").await;
    browser.see("登录后管理就诊人").await;
    browser.screenshot("accounts-kiosk-me-after").await;

    browser.close().await;
}

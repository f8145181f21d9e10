//! End to end: accounts in the release build of the app on the real server, clicked
//! through in headless Chromium. A patient logs in with the demo phone and its code (a
//! signed-out page logs no error about the session), adds a child (after a typo in the ID
//! number), and logs out; a kiosk visitor logs in with a medical card on the on-screen
//! keypad and is logged out by walking away; a kiosk visitor who logs in from the kiosk's
//! home page is back on it, and one sent to the login page by a page that needs an account
//! is back on that page. Run by `cargo xtask test`; plain `cargo test` skips these.

mod common;

use std::time::{Duration, Instant};

use common::browser::{Browser, LogEntry, Screen, Server, PATIENCE};
use fantoccini::key::Key;
use jiff::SignedDuration;
use serde_json::Value;

/// The demo account's login phone, masked as the app shows it.
const DEMO_MASKED: &str = "138****8000";
/// The demo patient's medical card, as a kiosk's card reader types it.
const DEMO_CARD: &str = "MC20260001";
/// The home page's tiles, one per journey.
const TILES: [&str; 5] = [
    "预约挂号",
    "院内导航",
    "排队叫号",
    "报告查询",
    "随访问卷与消息",
];

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

/// Whether the page's browser has a session, as `GET /api/v1/session` answers it: 200 with
/// the session, or 200 with `null` when signed out. Anything else fails the test: being
/// signed out is not an error the console should show.
async fn signed_in(browser: &Browser) -> bool {
    let answer = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/session', { credentials: 'same-origin' })
                 .then(r => r.text().then(body => done({ status: r.status, body })))
                 .catch(e => done({ status: 0, body: String(e) }));",
            vec![],
        )
        .await
        .expect("the script runs");
    let body = answer["body"].as_str().unwrap_or_default();
    assert_eq!(
        answer["status"], 200,
        "GET /api/v1/session answers 200, signed in or not: {body}"
    );
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Null) => false,
        Ok(session) if session["account"].is_object() => true,
        _ => panic!("GET /api/v1/session answers a session or null, not {body}"),
    }
}

/// Reads the console until it shows an error about `path` (a failed request), and
/// returns everything read: a request made after the page settled marks the end of what
/// the page logged, and proves that the console is read at all before a test relies on
/// its silence.
async fn console_until_error_about(browser: &Browser, path: &str) -> Vec<LogEntry> {
    let read = std::cell::RefCell::new(Vec::new());
    browser
        .until(&format!("a console error about {path}"), || async {
            let more = browser.console_log().await;
            let mut read = read.borrow_mut();
            read.extend(more);
            read.iter()
                .any(|e| e.is_error() && e.message.contains(path))
        })
        .await;
    read.into_inner()
}

/// Whether the kiosk's card field gets the focus (polled until [`PATIENCE`]), ready for a
/// card reader, which types into whatever has it.
async fn card_field_takes_focus(browser: &Browser) -> bool {
    let started = Instant::now();
    loop {
        if browser.eval("return document.activeElement.id").await == "login-card" {
            return true;
        }
        if started.elapsed() > PATIENCE {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types `text` on the kiosk's on-screen keypad, a key per character.
async fn tap_keys(browser: &Browser, text: &str) {
    for key in text.chars() {
        browser
            .click_at(&format!(
                "//*[@role='group']//button[normalize-space(.)='{key}' or @aria-label='{key}']"
            ))
            .await;
    }
}

/// Enters a card number on the kiosk's login page with the on-screen keypad (letters
/// included), as a visitor without a card reader does.
async fn enter_card(browser: &Browser, card: &str) {
    tap_keys(browser, card).await;
    assert_eq!(value_of(browser, "login-card").await, card);
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
    // Loading a page signed out logs no error about the session; a request that needs a
    // login, made afterwards, does log one (the end of the page's log).
    browser
        .eval("fetch('/api/v1/patients', { credentials: 'same-origin' }); return null;")
        .await;
    let console = console_until_error_about(&browser, "/api/v1/patients").await;
    let session_errors: Vec<_> = console
        .iter()
        .filter(|e| e.is_error() && e.message.contains("/api/v1/session"))
        .collect();
    assert!(
        session_errors.is_empty(),
        "a signed-out page load logs no error about the session: {session_errors:?}"
    );
    assert!(!signed_in(&browser).await);
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
    assert!(signed_in(&browser).await);
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
    // The member's phone is confirmed with a code sent to it (shown here: a demo account).
    browser.see("确认就诊人手机号").await;
    browser.see("验证码已发送至 139****5678").await;
    assert_eq!(
        browser.eval("return document.activeElement.id").await,
        "patient-phone-code",
        "the focus is on the code"
    );
    browser.type_into("patient-phone-code", "000000").await;
    browser.click_centered("确认保存").await;
    browser.see("验证码不正确").await;
    assert_eq!(value_of(&browser, "patient-name").await, "王小明");
    browser.screenshot("accounts-member-code").await;
    browser.click_centered("一键使用").await;
    browser.click_centered("确认保存").await;
    browser.at("/me").await;
    browser.see("王小明").await;
    browser.see("440***********0019").await;
    browser.see("3 / 8 位").await;
    browser.screenshot("accounts-me-with-child").await;

    // Logging out ends the session on the server too.
    browser.click_centered("退出登录").await;
    browser.see("登录后管理就诊人").await;
    assert!(!signed_in(&browser).await);
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
    browser.until_body_text_px(20.0).await;
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
    browser.assert_fits("\"Me\" in elder mode").await;

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
    // The family is shown, not changed, on a shared screen.
    browser.see("自助机上只能查看就诊人").await;
    assert_eq!(
        browser
            .eval("return document.querySelectorAll('article .actions').length")
            .await,
        0,
        "no member actions on a kiosk"
    );
    assert!(signed_in(&browser).await);
    browser.screenshot("accounts-kiosk-me").await;

    // The visitor walks away: a countdown, then the kiosk starts over and the session is
    // gone, here and on the server.
    browser.see("即将返回首页").await;
    browser.screenshot("accounts-kiosk-countdown").await;
    browser.at("/").await;
    browser
        .until("the session to end on the server", || async {
            !signed_in(&browser).await
        })
        .await;
    browser.open("/me").await;
    browser.see("登录后管理就诊人").await;
    browser.screenshot("accounts-kiosk-me-after").await;

    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_kiosk_visitor_who_logs_in_from_the_home_page_is_back_on_it() {
    let server = Server::start(90).await;
    let browser = Browser::start(&server.base, Screen::Kiosk).await;

    browser.open("/kiosk").await;
    browser.at("/").await;
    browser.see("重新开始").await;
    for tile in TILES {
        browser.see(tile).await;
    }

    // The login entry of the kiosk's home page, then the card on the keypad, letters too.
    browser.click("登录").await;
    browser.at("/login").await;
    browser.see("刷就诊卡/身份证").await;
    // Checked at the end, so that what follows is tested too.
    let focused_from_home = card_field_takes_focus(&browser).await;
    browser.screenshot("accounts-kiosk-home-login-card").await;
    enter_card(&browser, DEMO_CARD).await;
    browser.click_at("//form//button[@type='submit']").await;
    browser.see("验证码已发送至卡号").await;
    let code = browser.demo_code().await;
    tap_keys(&browser, &code).await;
    assert_eq!(value_of(&browser, "login-code").await, code);
    browser.click_at("//form//button[@type='submit']").await;

    // Back on the kiosk's home page, logged in: the journeys to choose from, and the way to
    // one's own page instead of the login.
    browser
        .until("leaving the login page", || async {
            browser.path().await != "/login"
        })
        .await;
    browser.screenshot("accounts-kiosk-home-after-login").await;
    assert_eq!(
        browser.path().await,
        "/",
        "a login from the kiosk's home page returns to it"
    );
    assert!(signed_in(&browser).await);
    for tile in TILES {
        browser.see(tile).await;
    }
    browser
        .find("//header//a[contains(normalize-space(.),'我的')]")
        .await;
    assert_eq!(
        browser
            .eval(
                "return [...document.querySelectorAll('header a, header button')]
                     .filter(e => e.textContent.trim() === '登录').length"
            )
            .await,
        0,
        "no login entry once logged in"
    );
    browser.see("重新开始").await;

    // Starting over ends the visit; the next visitor, a minute later (one code a minute
    // per card), opens a page that needs an account, logs in from there, and is back on it.
    browser.click("重新开始").await;
    server.app.clock.advance(SignedDuration::from_secs(61));
    browser
        .until("the session to end on the server", || async {
            !signed_in(&browser).await
        })
        .await;
    browser.open("/appointments").await;
    browser.at("/login").await;
    assert_eq!(
        browser.eval("return location.search").await,
        "?next=%2Fappointments"
    );
    let focused_from_guard = card_field_takes_focus(&browser).await;
    enter_card(&browser, DEMO_CARD).await;
    browser.click_at("//form//button[@type='submit']").await;
    browser.see("验证码已发送至卡号").await;
    let code = browser.demo_code().await;
    tap_keys(&browser, &code).await;
    browser.click_at("//form//button[@type='submit']").await;
    browser.at("/appointments").await;
    browser.see("待就诊").await;
    assert!(signed_in(&browser).await);
    browser.screenshot("accounts-kiosk-next-after-login").await;

    // A card reader types into whatever has the focus: the card field, however the
    // login page was reached (the shell's focus-after-navigation defers to the page's).
    assert!(
        focused_from_home && focused_from_guard,
        "the card field has the focus (from home: {focused_from_home}, from the guard: \
         {focused_from_guard})"
    );

    browser.close().await;
}

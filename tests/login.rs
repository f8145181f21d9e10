//! The login page in a real browser, without the API behind it: what it checks before
//! sending anything, and the kiosk's card tab and keypad.

#![cfg(target_arch = "wasm32")]

mod common;

use careway::account::pages::login::LoginPage;
use careway::app::router::Router;
use careway::app::Providers;
use common::{
    blur, click, find, focused_id, fresh_root, get, remember, settle, text, type_into, value,
    wait_for,
};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[component]
fn Login() -> Html {
    let at = Some((AttrValue::from("/login"), AttrValue::from("next=%2Fme")));
    html! {
        <Providers>
            <Router {at}>
                <LoginPage />
            </Router>
        </Providers>
    }
}

#[wasm_bindgen_test]
async fn the_phone_step_refuses_a_bad_number_before_sending_anything() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<Login>::with_root(root.clone()).render();
    settle().await;

    assert_eq!(text(&root, "h1"), "登录");
    let phone = get(&root, "#login-phone");
    assert_eq!(phone.get_attribute("type").as_deref(), Some("tel"));
    assert_eq!(phone.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(phone.get_attribute("autocomplete").as_deref(), Some("tel"));
    assert_eq!(text(&root, "label[for='login-phone']"), "手机号");
    assert!(
        find(&root, "[role='tablist']").is_none(),
        "phones log in by phone only"
    );

    // Typing is not yet a mistake; leaving the field with a short number is.
    type_into(&phone, "1380013");
    settle().await;
    assert!(find(&root, "#login-phone-error").is_none());
    blur(&phone);
    settle().await;
    assert_eq!(
        text(&root, "#login-phone-error"),
        "请输入正确的 11 位手机号"
    );
    let phone = get(&root, "#login-phone");
    assert_eq!(phone.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(phone
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .contains("login-phone-error"));

    // Asking for a code anyway: refused here, the focus back on the field, still step 1.
    click(&get(&root, "button[type='submit']"));
    settle().await;
    assert_eq!(focused_id().as_deref(), Some("login-phone"));
    assert!(find(&root, "#login-code").is_none(), "no code step");
    assert_eq!(
        value(&root, "#login-phone"),
        "1380013",
        "what was typed stays"
    );

    // Fixing it clears the message at once.
    type_into(&get(&root, "#login-phone"), "138 0013 8000");
    settle().await;
    assert!(find(&root, "#login-phone-error").is_none());

    // An empty submit says the field is required.
    type_into(&get(&root, "#login-phone"), "");
    click(&get(&root, "button[type='submit']"));
    settle().await;
    assert_eq!(text(&root, "#login-phone-error"), "此项为必填项");
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_valid_number_is_sent_and_a_failure_is_said_plainly() {
    let root = fresh_root();
    remember("careway.lang", "en");
    let app = yew::Renderer::<Login>::with_root(root.clone()).render();
    settle().await;

    type_into(&get(&root, "#login-phone"), "13800138000");
    click(&get(&root, "button[type='submit']"));
    settle().await;
    // The test page has no API: the request fails, and the page says so in English, with
    // the number still there to try again.
    wait_for("the failure notice", 5_000.0, || {
        find(&root, "[role='alert']").is_some()
    })
    .await;
    assert_eq!(text(&root, "[role='alert'] h2"), "Could not log in");
    assert_eq!(value(&root, "#login-phone"), "13800138000");
    let submit = get(&root, "button[type='submit']");
    assert_eq!(submit.get_attribute("aria-busy"), None, "no longer busy");
    assert!(text(&root, "button[type='submit']").contains("Get code"));
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_kiosk_starts_with_the_card_and_types_on_its_keypad() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    remember("careway.kiosk", "1");
    let app = yew::Renderer::<Login>::with_root(root.clone()).render();
    settle().await;

    let selected = get(&root, "[role='tab'][aria-selected='true']");
    assert!(selected
        .text_content()
        .unwrap_or_default()
        .contains("刷就诊卡/身份证"));
    let card = get(&root, "#login-card");
    assert_eq!(card.get_attribute("inputmode").as_deref(), Some("none"));
    assert_eq!(
        focused_id().as_deref(),
        Some("login-card"),
        "ready for the card reader"
    );

    // The card number has letters: its keypad is a keyboard.
    let keypad = get(&root, "[role='group'][aria-label='字母数字键盘']");
    let key = |label: &str| {
        let buttons = keypad.query_selector_all("button").expect("a selector");
        (0..buttons.length())
            .filter_map(|i| buttons.get(i))
            .map(wasm_bindgen::JsCast::unchecked_into::<web_sys::Element>)
            .find(|b| {
                b.text_content().unwrap_or_default().trim() == label
                    || b.get_attribute("aria-label").as_deref() == Some(label)
            })
            .unwrap_or_else(|| panic!("no key {label}"))
    };
    for c in "MC20260001".chars() {
        click(&key(&c.to_string()));
    }
    settle().await;
    assert_eq!(value(&root, "#login-card"), "MC20260001");
    assert_eq!(
        focused_id().as_deref(),
        Some("login-card"),
        "the keys keep the focus there"
    );
    click(&key("清空"));
    settle().await;
    assert_eq!(value(&root, "#login-card"), "");

    for c in "11010519491231002X".chars() {
        click(&key(&c.to_string()));
    }
    settle().await;
    assert_eq!(value(&root, "#login-card"), "11010519491231002X");
    click(&key("删除"));
    click(&key("删除"));
    settle().await;
    assert_eq!(value(&root, "#login-card"), "1101051949123100");
    click(&key("清空"));
    settle().await;
    assert_eq!(value(&root, "#login-card"), "");
    let size = common::computed_px(&key("M"), "min-height");
    assert!(size >= 64.0, "letter keys are {size}px high");

    // The phone tab: the keypad types into the phone now, digits only.
    click(&get(&root, "#login-tab-phone"));
    settle().await;
    assert!(find(&root, "#login-phone").is_some());
    let keypad = get(&root, "[role='group'][aria-label='数字键盘']");
    let keys = keypad.text_content().unwrap_or_default();
    assert!(!keys.contains('X') && !keys.contains('M'), "{keys}");
    app.destroy();
}

//! The "Me" page's settings in a real browser: language and elder mode change what the
//! patient sees, and the device remembers them.

#![cfg(target_arch = "wasm32")]

mod common;

use careway::account::pages::me::MePage;
use careway::app::Providers;
use common::{
    click, computed_px, document_lang, fresh_root, get, remember, remembered, settle, text,
};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[component]
fn Settings() -> Html {
    html! {
        <Providers>
            <MePage />
        </Providers>
    }
}

#[wasm_bindgen_test]
async fn switching_the_language_changes_the_texts() {
    let root = fresh_root();
    // The browser running the tests may prefer English; start from a remembered Chinese.
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<Settings>::with_root(root.clone()).render();
    settle().await;

    assert_eq!(text(&root, "h1"), "我的");
    assert_eq!(text(&root, "#settings-heading"), "显示与语言");
    assert_eq!(document_lang().as_deref(), Some("zh-CN"));
    let english = get(&root, "fieldset button[lang='en']");
    assert_eq!(
        english.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );

    click(&english);
    settle().await;

    assert_eq!(text(&root, "h1"), "Me");
    assert_eq!(text(&root, "#settings-heading"), "Display & language");
    assert_eq!(text(&root, "[role='switch'] .label"), "Large text mode");
    assert_eq!(document_lang().as_deref(), Some("en"));
    assert_eq!(
        get(&root, "fieldset button[lang='en']")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(remembered("careway.lang").as_deref(), Some("en"));

    click(&get(&root, "fieldset button[lang='zh-CN']"));
    settle().await;
    assert_eq!(text(&root, "h1"), "我的");
    app.destroy();
}

#[wasm_bindgen_test]
async fn elder_mode_makes_text_and_targets_larger() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<Settings>::with_root(root.clone()).render();
    settle().await;

    let body_text = get(&root, "fieldset legend");
    let switch = get(&root, "[role='switch']");
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("false")
    );
    let font_before = computed_px(&body_text, "font-size");
    assert!(font_before >= 17.0, "phone body text is {font_before}px");
    assert!(font_before < 20.0, "phone body text is {font_before}px");
    let target_before = computed_px(&switch, "min-height");
    assert!(target_before >= 44.0, "phone targets are {target_before}px");

    click(&switch);
    settle().await;

    let switch = get(&root, "[role='switch']");
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    let font_after = computed_px(&get(&root, "fieldset legend"), "font-size");
    assert!(font_after >= 20.0, "elder body text is {font_after}px");
    let target_after = computed_px(&switch, "min-height");
    assert!(target_after >= 56.0, "elder targets are {target_after}px");
    let language_button = get(&root, "fieldset button[lang='en']");
    assert!(computed_px(&language_button, "min-height") >= 56.0);
    assert_eq!(remembered("careway.elder").as_deref(), Some("1"));

    click(&switch);
    settle().await;
    let font_off = computed_px(&get(&root, "fieldset legend"), "font-size");
    assert_eq!(
        font_off, font_before,
        "turning elder mode off restores the size"
    );
    assert_eq!(remembered("careway.elder"), None);
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_remembered_elder_mode_applies_from_the_start() {
    let root = fresh_root();
    remember("careway.lang", "en");
    remember("careway.elder", "1");
    let app = yew::Renderer::<Settings>::with_root(root.clone()).render();
    settle().await;

    assert_eq!(text(&root, "h1"), "Me");
    let switch = get(&root, "[role='switch']");
    assert_eq!(
        switch.get_attribute("aria-checked").as_deref(),
        Some("true")
    );
    assert!(computed_px(&get(&root, "fieldset legend"), "font-size") >= 20.0);
    app.destroy();
}

//! What the component tests share: a clean mount point, waiting for the DOM, reading it.

#![allow(dead_code)]

pub mod app;

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::{Element, EventInit, HtmlElement, HtmlInputElement};

/// A fresh element to mount into, after clearing what earlier tests left: the device's
/// remembered choices and any previous mount point.
pub fn fresh_root() -> Element {
    let window = web_sys::window().expect("a window");
    if let Ok(Some(storage)) = window.local_storage() {
        storage.clear().expect("localStorage clears");
    }
    let document = window.document().expect("a document");
    if let Some(old) = document.get_element_by_id("test-root") {
        old.remove();
    }
    let root = document.create_element("div").expect("a div");
    root.set_id("test-root");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("the root attaches");
    root
}

/// Remembers `value` under `key` in localStorage, as the app would have on an earlier visit.
pub fn remember(key: &str, value: &str) {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
        .set_item(key, value)
        .expect("localStorage accepts the value");
}

/// What localStorage holds under `key`.
pub fn remembered(key: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
        .get_item(key)
        .expect("localStorage reads")
}

/// Lets yew finish rendering and running effects.
pub async fn settle() {
    yew::scheduler::flush().await;
}

/// Polls `condition` every 20 ms until it holds, failing after `timeout_ms` with `what`.
pub async fn wait_for(what: &str, timeout_ms: f64, condition: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + timeout_ms;
    loop {
        settle().await;
        if condition() {
            return;
        }
        assert!(
            js_sys::Date::now() < deadline,
            "timed out after {timeout_ms} ms waiting for {what}"
        );
        TimeoutFuture::new(20).await;
    }
}

/// The first element under `root` matching `selector`, if any.
pub fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).expect("a valid selector")
}

/// The first element under `root` matching `selector`; fails the test if there is none.
pub fn get(root: &Element, selector: &str) -> Element {
    find(root, selector).unwrap_or_else(|| {
        panic!(
            "no `{selector}` in:\n{}",
            root.inner_html().chars().take(2000).collect::<String>()
        )
    })
}

/// The text of the first element matching `selector`.
pub fn text(root: &Element, selector: &str) -> String {
    get(root, selector).text_content().unwrap_or_default()
}

/// Clicks an element as a user would.
pub fn click(element: &Element) {
    element
        .dyn_ref::<HtmlElement>()
        .expect("an HTML element")
        .click();
}

/// A computed style property of `element`, in pixels.
pub fn computed_px(element: &Element, property: &str) -> f64 {
    let style = web_sys::window()
        .expect("a window")
        .get_computed_style(element)
        .expect("getComputedStyle works")
        .expect("a computed style");
    let value = style
        .get_property_value(property)
        .expect("the property reads");
    value
        .trim()
        .strip_suffix("px")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{property} is `{value}`, not a px length"))
}

/// The `lang` attribute of `<html>`.
pub fn document_lang() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
}

/// Types `value` into an input as a user would: the value changes, then `input` fires.
pub fn type_into(element: &Element, value: &str) {
    let input = element
        .dyn_ref::<HtmlInputElement>()
        .expect("an input element");
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an event");
    input.dispatch_event(&event).expect("the event dispatches");
}

/// Leaves a field, as tabbing away would (`blur`, which does not bubble).
pub fn blur(element: &Element) {
    let event = web_sys::Event::new("blur").expect("an event");
    element
        .dispatch_event(&event)
        .expect("the event dispatches");
}

/// Presses a key on an element (`keydown`, bubbling), e.g. `Escape`.
pub fn key_down(element: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("a keyboard event");
    element
        .dispatch_event(&event)
        .expect("the event dispatches");
}

/// The value of the input matching `selector`.
pub fn value(root: &Element, selector: &str) -> String {
    get(root, selector)
        .dyn_into::<HtmlInputElement>()
        .expect("an input element")
        .value()
}

/// The id of the element that has the focus.
pub fn focused_id() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(|e| e.id())
}

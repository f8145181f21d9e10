//! The app's router in a real browser: a move inside the app changes the address bar and
//! the page drawn, Back (the browser's, not the app's) draws the page before, and a state
//! handed to a page is there for that visit only.

#![cfg(target_arch = "wasm32")]

mod common;

use careway::app::route::Route;
use careway::app::router::{use_location, use_navigator, use_route, Router};
use common::{click, fresh_root, get, settle, text, wait_for};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the state handed to the report page says.
struct Note(&'static str);

/// Shows where the router stands, with buttons that move it.
#[component]
fn Where() -> Html {
    let route = use_route();
    let location = use_location();
    let navigator = use_navigator().expect("inside the router");
    let note = location
        .as_ref()
        .and_then(|l| l.state::<Note>())
        .map(|note| note.0)
        .unwrap_or("-");
    let push = {
        let navigator = navigator.clone();
        Callback::from(move |_| {
            navigator.push_with_query(&Route::Report { id: "r 1".into() }, "patient=p-2")
        })
    };
    let replace = Callback::from(move |_| {
        navigator.replace_with_state(&Route::Queue, Note("called"));
    });
    html! {
        <>
            <p id="route">{ format!("{route:?}") }</p>
            <p id="query">{ location.map(|l| l.query_str().to_owned()).unwrap_or_default() }</p>
            <p id="note">{ note }</p>
            <button id="push" onclick={push}>{ "push" }</button>
            <button id="replace" onclick={replace}>{ "replace" }</button>
        </>
    }
}

#[component]
fn InBrowser() -> Html {
    html! { <Router><Where /></Router> }
}

fn address() -> String {
    let location = web_sys::window().unwrap().location();
    format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    )
}

#[wasm_bindgen_test]
async fn moves_follow_the_address_bar_both_ways() {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/booking/"))
        .unwrap();
    let root = fresh_root();
    let app = yew::Renderer::<InBrowser>::with_root(root.clone()).render();
    settle().await;
    assert_eq!(
        text(&root, "#route"),
        "Some(Booking)",
        "a trailing / is the same page"
    );

    click(&get(&root, "#push"));
    settle().await;
    assert_eq!(address(), "/reports/r%201?patient=p-2");
    assert_eq!(
        text(&root, "#route"),
        format!("{:?}", Some(Route::Report { id: "r 1".into() }))
    );
    assert_eq!(text(&root, "#query"), "?patient=p-2");

    click(&get(&root, "#replace"));
    settle().await;
    assert_eq!(address(), "/queue");
    assert_eq!(text(&root, "#note"), "called");

    // The browser's Back: the entry before the report was replaced by nothing, so it is
    // the booking page the test started at.
    history.back().unwrap();
    wait_for("Back to draw the page before", 5_000.0, || {
        text(&root, "#route") == "Some(Booking)"
    })
    .await;
    assert_eq!(text(&root, "#note"), "-");
    history.forward().unwrap();
    wait_for("Forward to draw the queue again", 5_000.0, || {
        text(&root, "#route") == "Some(Queue)"
    })
    .await;
    assert_eq!(text(&root, "#note"), "called", "the visit keeps its state");
    app.destroy();
}

#[component]
fn OnServer() -> Html {
    let at = Some((AttrValue::from("/nowhere"), AttrValue::from("a=1")));
    html! { <Router {at}><Where /></Router> }
}

#[wasm_bindgen_test]
async fn a_fixed_address_stands_and_moves_leave_the_address_bar_alone() {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/me"))
        .unwrap();
    let root = fresh_root();
    let app = yew::Renderer::<OnServer>::with_root(root.clone()).render();
    settle().await;
    assert_eq!(text(&root, "#route"), "Some(NotFound)");
    assert_eq!(text(&root, "#query"), "?a=1");
    click(&get(&root, "#push"));
    settle().await;
    assert_eq!(text(&root, "#query"), "?patient=p-2");
    assert_eq!(address(), "/me", "only the app's own address moved");
    app.destroy();
}

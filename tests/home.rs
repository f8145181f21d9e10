//! The home page in a real browser without the API behind it: it must say so in the
//! patient's language and offer a way forward, and still show the services.

#![cfg(target_arch = "wasm32")]

mod common;

use careway::app::pages::home::HomePage;
use careway::app::route::Route;
use careway::app::router::Router;
use careway::app::Providers;
use common::{click, find, fresh_root, get, remember, settle, text, wait_for};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[component]
fn Home() -> Html {
    let at = Some((AttrValue::from(Route::Home.to_path()), AttrValue::default()));
    html! {
        <Providers>
            <Router {at}>
                <HomePage />
            </Router>
        </Providers>
    }
}

#[wasm_bindgen_test]
async fn without_the_api_home_explains_and_offers_retry() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<Home>::with_root(root.clone()).render();
    settle().await;

    // The test page has no /api/v1/meta: the request fails.
    wait_for("the error notice", 5_000.0, || {
        find(&root, "[role='alert']").is_some()
    })
    .await;
    assert_eq!(text(&root, "[role='alert'] h2"), "暂时无法连接医院服务");
    let retry = get(&root, "[role='alert'] button");
    assert!(retry.text_content().unwrap_or_default().contains("重试"));

    // The five services stay reachable, each a real link.
    let tiles = root
        .query_selector_all("ul a[href]")
        .expect("a valid selector");
    assert_eq!(tiles.length(), 5);
    assert!(find(&root, "a[href='/booking']").is_some());

    // Retry asks again and ends in the same honest state, not a blank page.
    click(&retry);
    settle().await;
    wait_for("the error notice after retrying", 5_000.0, || {
        find(&root, "[role='alert'] button").is_some()
    })
    .await;
    app.destroy();
}

//! The frame around the pages in a real browser: the header holds the skip link, its
//! language switch is named by what it shows, and a kiosk's login entry returns to the
//! page it was tapped on and is not offered on the login page itself.

#![cfg(target_arch = "wasm32")]

mod common;

use careway::app::frame::Shell;
use careway::app::router::Router;
use careway::app::{Pages, Providers};
use common::{find, fresh_root, get, remember, settle};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct AtProps {
    path: AttrValue,
}

#[component]
fn At(props: &AtProps) -> Html {
    let at = Some((props.path.clone(), AttrValue::default()));
    html! {
        <Providers>
            <Router {at}>
                <Shell>
                    <Pages />
                </Shell>
            </Router>
        </Providers>
    }
}

#[wasm_bindgen_test]
async fn the_skip_link_sits_in_the_banner_and_leads_to_main() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<At>::with_root_and_props(root.clone(), AtProps { path: "/".into() })
        .render();
    settle().await;

    let skip = get(&root, "a.skip");
    assert_eq!(skip.get_attribute("href").as_deref(), Some("#main"));
    assert_eq!(skip.text_content().as_deref(), Some("跳到主要内容"));
    assert!(
        skip.closest("header").expect("a selector").is_some(),
        "the skip link is inside the header landmark"
    );
    assert!(root
        .query_selector("main#main")
        .expect("a selector")
        .is_some());
    app.destroy();
}

#[wasm_bindgen_test]
async fn the_language_switch_is_named_by_its_visible_text() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<At>::with_root_and_props(root.clone(), AtProps { path: "/".into() })
        .render();
    settle().await;

    let english = get(&root, "header button[lang='en']");
    let shown = english.text_content().unwrap_or_default();
    let name = english.get_attribute("aria-label").unwrap_or_default();
    assert_eq!(shown.trim(), "EN");
    assert!(name.contains("EN"), "the name `{name}` contains `EN`");
    assert!(name.contains("Switch to English"), "{name}");
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_kiosk_login_entry_returns_to_its_page_and_hides_on_the_login_page() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    remember("careway.kiosk", "1");
    let app = yew::Renderer::<At>::with_root_and_props(root.clone(), AtProps { path: "/".into() })
        .render();
    settle().await;
    let entry = get(&root, "header a[href^='/login']");
    assert_eq!(entry.text_content().as_deref(), Some("登录"));
    assert_eq!(
        entry.get_attribute("href").as_deref(),
        Some("/login?next=%2F"),
        "back to the kiosk's home afterwards"
    );
    app.destroy();

    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    remember("careway.kiosk", "1");
    let app = yew::Renderer::<At>::with_root_and_props(
        root.clone(),
        AtProps {
            path: "/login".into(),
        },
    )
    .render();
    settle().await;
    assert!(
        find(&root, "header a[href^='/login']").is_none(),
        "no login entry on the login page"
    );
    let header = get(&root, "header").text_content().unwrap_or_default();
    assert!(header.contains("重新开始"), "starting over stays: {header}");
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_queue_board_on_a_wall_has_the_hospitals_name_and_nothing_to_touch() {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    remember("careway.kiosk", "1");
    let app = yew::Renderer::<At>::with_root_and_props(
        root.clone(),
        AtProps {
            path: "/board/cardiology".into(),
        },
    )
    .render();
    settle().await;
    get(&root, "header");
    assert!(
        find(&root, "header button, header a:not(.skip)").is_none(),
        "no controls in the header"
    );
    assert!(find(&root, "nav").is_none(), "no tab bar");
    assert_eq!(common::text(&root, "h1"), "叫号屏");
    app.destroy();
}

//! The kiosk's idle countdown in a real browser, with a 3-second idle time: it warns, a
//! touch keeps the visit going, and left alone it starts over.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::Cell;
use std::rc::Rc;

use careway::hooks::use_idle;
use careway::ui::idle_overlay::IdleOverlay;
use common::{find, fresh_root, settle, text, wait_for};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct KioskProps {
    on_expire: Callback<()>,
}

#[component]
fn Kiosk(props: &KioskProps) -> Html {
    let idle = use_idle(true, 3, props.on_expire.clone());
    match idle.seconds_left {
        Some(seconds_left) => html! {
            <IdleOverlay
                title="即将返回首页"
                message={format!("{seconds_left} 秒后将返回首页")}
                {seconds_left}
                continue_label="继续使用"
                on_continue={idle.keep_going.clone()}
            />
        },
        None => html! { <p id="idle">{ "在用" }</p> },
    }
}

fn touch() {
    let event = web_sys::Event::new("pointerdown").expect("an event");
    web_sys::window()
        .expect("a window")
        .dispatch_event(&event)
        .expect("the event dispatches");
}

#[wasm_bindgen_test]
async fn the_kiosk_warns_then_starts_over_unless_touched() {
    let root = fresh_root();
    let expired = Rc::new(Cell::new(0));
    let on_expire = {
        let expired = expired.clone();
        Callback::from(move |()| expired.set(expired.get() + 1))
    };
    let app = yew::Renderer::<Kiosk>::with_root_and_props(root.clone(), KioskProps { on_expire })
        .render();
    settle().await;
    assert!(
        find(&root, "#idle").is_some(),
        "no warning right after input"
    );

    wait_for("the countdown", 4_000.0, || {
        find(&root, "[role='alertdialog']").is_some()
    })
    .await;
    assert_eq!(text(&root, ".count"), "1");
    assert_eq!(expired.get(), 0, "the warning comes before starting over");

    touch();
    settle().await;
    assert!(
        find(&root, "[role='alertdialog']").is_none(),
        "a touch hides the warning"
    );
    assert_eq!(expired.get(), 0, "a touch keeps the visit going");

    wait_for("starting over", 5_000.0, || expired.get() == 1).await;
    assert!(
        find(&root, "#idle").is_some(),
        "after starting over the warning is gone"
    );
    app.destroy();
}

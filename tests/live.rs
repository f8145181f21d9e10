//! Live updates in a real browser, against a stand-in `EventSource` the test drives: the
//! hook decodes named events and says where the connection stands (reconnecting, refused)
//! and closes the stream on unmount; the wall board draws from the stream, says
//! "reconnecting" while it is interrupted, and announces a new call as it speaks it.

#![cfg(target_arch = "wasm32")]

mod common;

use careway::hooks::{use_event_source, Connection};
use common::app::{At, AtProps};
use common::{find, fresh_root, remember, settle, text, wait_for};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces the browser's `EventSource` with one the test drives through `window.__es`
/// (the latest opened) and `window.__esOpened` (how many were opened).
fn fake_event_source() {
    js_sys::Function::new_no_args(
        r#"
        class FakeEventSource extends EventTarget {
            constructor(url) {
                super();
                this.url = url;
                this.readyState = 0;
                this.closed = false;
                window.__es = this;
                window.__esOpened = (window.__esOpened || 0) + 1;
            }
            close() { this.readyState = 2; this.closed = true; }
        }
        FakeEventSource.CONNECTING = 0;
        FakeEventSource.OPEN = 1;
        FakeEventSource.CLOSED = 2;
        window.EventSource = FakeEventSource;
        window.__esOpened = 0;
        window.__es = null;
        "#,
    )
    .call0(&JsValue::NULL)
    .expect("the stand-in installs");
}

/// Runs `script` with `es` bound to the latest stand-in stream.
fn on_stream(script: &str) -> JsValue {
    js_sys::Function::new_with_args("es", script)
        .call1(
            &JsValue::NULL,
            &js_sys::Reflect::get(&js_sys::global(), &"__es".into()).expect("window.__es"),
        )
        .expect("the script runs")
}

/// Sends a named event with `data` on the latest stream.
fn send(event: &str, data: &str) {
    let script = format!(
        "es.readyState = 1; es.dispatchEvent(new MessageEvent({event:?}, {{ data: {data:?} }}));"
    );
    on_stream(&script);
}

fn opened() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"__esOpened".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

#[derive(serde::Deserialize, PartialEq, Debug)]
struct Count {
    n: u32,
}

#[derive(Properties, PartialEq)]
struct ProbeProps {
    url: AttrValue,
}

/// Shows what the hook gives: `#n` the latest data, `#state` the connection.
#[component]
fn Probe(props: &ProbeProps) -> Html {
    let stream = use_event_source::<Count>(Some(props.url.clone()), "count");
    let state = match stream.connection {
        Connection::Connecting => "connecting",
        Connection::Open => "open",
        Connection::Reconnecting => "reconnecting",
        Connection::Closed => "closed",
    };
    html! {
        <>
            <p id="n">{ stream.data.as_ref().map(|c| c.n.to_string()).unwrap_or_default() }</p>
            <p id="state">{ state }</p>
            <p id="received">{ stream.received }</p>
        </>
    }
}

#[wasm_bindgen_test]
async fn the_hook_decodes_named_events_and_follows_the_connection() {
    fake_event_source();
    let root = fresh_root();
    let app = yew::Renderer::<Probe>::with_root_and_props(
        root.clone(),
        ProbeProps {
            url: "/api/v1/test/events".into(),
        },
    )
    .render();
    settle().await;
    assert_eq!(opened(), 1.0);
    assert_eq!(
        on_stream("return es.url;").as_string().as_deref(),
        Some("/api/v1/test/events")
    );
    assert_eq!(text(&root, "#state"), "connecting");

    on_stream("es.readyState = 1; es.dispatchEvent(new Event('open'));");
    wait_for("open", 2_000.0, || text(&root, "#state") == "open").await;

    send("count", r#"{"n":7}"#);
    wait_for("the first event", 2_000.0, || text(&root, "#n") == "7").await;
    // Another event name, and data that does not decode, are skipped.
    send("other", r#"{"n":8}"#);
    send("count", r#"{"n":"nine"}"#);
    send("count", "not json");
    settle().await;
    assert_eq!(text(&root, "#n"), "7");
    assert_eq!(text(&root, "#received"), "1");
    send("count", r#"{"n":10}"#);
    wait_for("the next event", 2_000.0, || text(&root, "#n") == "10").await;

    // A dropped connection the browser is restoring, then a refusal.
    on_stream("es.readyState = 0; es.dispatchEvent(new Event('error'));");
    wait_for("reconnecting", 2_000.0, || {
        text(&root, "#state") == "reconnecting"
    })
    .await;
    on_stream("es.readyState = 2; es.dispatchEvent(new Event('error'));");
    wait_for("closed", 2_000.0, || text(&root, "#state") == "closed").await;
    assert_eq!(text(&root, "#n"), "10", "the last data stays");

    app.destroy();
    settle().await;
    assert_eq!(on_stream("return es.closed;").as_bool(), Some(true));
}

const BOARD: &str = r#"{"area":"cardiology","name":{"zh":"心血管内科","en":"Cardiology"},
"calls":[{"ticket":{"number":"A023","name":"张*明"},"room":{"zh":"门诊楼 3 楼 3 诊室","en":"Outpatient 3F, room 3"},"at":"2026-12-02T01:00:00Z"}],
"rooms":[{"point":{"id":"clinic-s1","kind":"clinic","name":{"zh":"心血管内科 王建国","en":"Cardiology, Dr Wang"},"room":{"zh":"门诊楼 3 楼 3 诊室","en":"Outpatient 3F, room 3"}},
"calling":{"number":"A023","name":"张*明"},"next":[{"number":"A024","name":"李*"}],"waiting":5}]}"#;

#[wasm_bindgen_test]
async fn the_board_follows_its_stream_and_announces_new_calls() {
    fake_event_source();
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<At>::with_root_and_props(
        root.clone(),
        AtProps {
            path: "/board/cardiology".into(),
        },
    )
    .render();
    settle().await;
    assert_eq!(text(&root, "h1"), "叫号屏");
    assert_eq!(
        on_stream("return es.url;").as_string().as_deref(),
        Some("/api/v1/board/cardiology/events")
    );

    send("board", BOARD);
    wait_for("the board", 2_000.0, || {
        find(&root, "ol.calls li.call").is_some()
    })
    .await;
    assert_eq!(text(&root, "h1"), "心血管内科");
    assert_eq!(text(&root, "ol.calls li.call .number"), "A023");
    assert_eq!(
        text(&root, "[aria-live=polite]"),
        "",
        "the past is not read out"
    );

    // A new call: announced (and spoken) once.
    let next = BOARD.replacen(
        r#""calls":["#,
        r#""calls":[{"ticket":{"number":"A024","name":"李*"},"room":{"zh":"门诊楼 3 楼 3 诊室","en":"Outpatient 3F, room 3"},"at":"2026-12-02T01:10:00Z"},"#,
        1,
    );
    send("board", &next);
    wait_for("the new call announced", 2_000.0, || {
        text(&root, "[aria-live=polite]") == "请A024号李*到门诊楼 3 楼 3 诊室就诊"
    })
    .await;
    assert_eq!(text(&root, "ol.calls li.call:first-child .number"), "A024");

    // Interrupted: said, and the board stays.
    on_stream("es.readyState = 0; es.dispatchEvent(new Event('error'));");
    wait_for("reconnecting", 2_000.0, || {
        find(&root, ".conn").is_some_and(|e| e.text_content().as_deref() == Some("重新连接中…"))
    })
    .await;
    assert!(find(&root, "ol.calls li.call").is_some());
    on_stream("es.readyState = 1; es.dispatchEvent(new Event('open'));");
    wait_for("reconnected", 2_000.0, || find(&root, ".conn").is_none()).await;
    app.destroy();
}

//! The queue page in a real browser, against a stand-in API (`fetch`) and a stand-in
//! `EventSource` the test drives: checking in from today's appointment with the clinic's
//! scanned point (a refusal says the server's reason), then the stream moves the ticket
//! near the front and calls it — the alert banner, the flashing title until "Got it", the
//! announcements — and a refused stream (logged out) ends on the login page.

#![cfg(target_arch = "wasm32")]

mod common;

use common::app::{answer, js, At, AtProps};
use common::{click, find, fresh_root, get, remember, settle, text, wait_for};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Installs the stand-ins: `fetch` answers from `window.__routes` (`"GET /api/v1/queue"`
/// → `[status, body]`) and records each request in `window.__requests`; `EventSource`
/// is driven through `window.__es`.
fn stand_ins() {
    js_sys::Function::new_no_args(
        r#"
        window.__routes = {};
        window.__requests = [];
        window.fetch = async (input, init) => {
            const req = input instanceof Request ? input : new Request(input, init);
            const url = new URL(req.url);
            const body = req.method === 'GET' ? null : await req.text();
            window.__requests.push({ method: req.method, path: url.pathname, body,
                key: req.headers.get('Idempotency-Key') });
            const answer = window.__routes[req.method + ' ' + url.pathname];
            if (!answer) { return new Response('', { status: 404 }); }
            const [status, json] = answer;
            const type = status >= 400 ? 'application/problem+json' : 'application/json';
            return new Response(JSON.stringify(json), { status, headers: { 'Content-Type': type } });
        };
        class FakeEventSource extends EventTarget {
            constructor(url) { super(); this.url = url; this.readyState = 0; window.__es = this; }
            close() { this.readyState = 2; }
        }
        FakeEventSource.CLOSED = 2;
        window.EventSource = FakeEventSource;
        "#,
    )
    .call0(&JsValue::NULL)
    .expect("the stand-ins install");
}

/// Sends a `queue` event on the stream.
fn send(json: &str) {
    js(&format!(
        "window.__es.readyState = 1; \
         window.__es.dispatchEvent(new MessageEvent('queue', {{ data: {json:?} }}));"
    ));
}

const SESSION: &str = r#"{"account":{"id":"acc-1","phone_masked":"138****5678","created_at":"2026-11-01T00:00:00Z"},
"kiosk":false,"idle_timeout_seconds":1800,"expires_at":"2026-12-09T00:00:00Z"}"#;

fn appointments(status: &str) -> String {
    format!("[{}]", appointment(status, "2026-12-02"))
}

fn appointment(status: &str, date: &str) -> String {
    format!(
        r#"{{"id":"a-1","status":"{status}","patient_id":"p-1","patient_name":"王小明",
"department":{{"id":"cardiology","name":{{"zh":"心血管内科","en":"Cardiology"}},"description":{{"zh":"","en":""}},
"location":"b1-f3-cardiology","location_label":{{"zh":"门诊楼 3 楼","en":"Outpatient 3F"}},"pinyin":"xxgnk","bookable":true}},
"doctor":{{"id":"d-1","department":"cardiology","name":{{"zh":"王建国","en":"Dr Wang"}},"title":"chief",
"specialties":{{"zh":"","en":""}},"bio":{{"zh":"","en":""}}}},
"date":"{date}","period":"morning","window_start":"09:00","window_end":"09:30",
"starts_at":"2026-12-02T01:00:00Z","ends_at":"2026-12-02T01:30:00Z","visit_type":"regular","fee_fen":2500,
"check_in_code":"CW123","arrival":{{"arrive_from":"08:30","arrive_by":"09:00","instruction":{{"zh":"请于 08:30 后到达","en":"Arrive after 08:30"}}}},
"instructions":[],"changeable_until":"2026-12-01T16:00:00Z","changeable":false,"created_at":"2026-11-20T00:00:00Z"}}"#
    )
}

fn ticket(status: &str, ahead: Option<u32>, called_at: Option<&str>) -> String {
    let ahead = ahead.map_or(String::new(), |n| {
        format!(
            r#""ahead":{n},"wait":{{"low_minutes":15,"expected_minutes":20,"high_minutes":25,"basis":"observed","observations":9}},"#
        )
    });
    let called = called_at.map_or(String::new(), |at| format!(r#""called_at":"{at}","#));
    format!(
        r#"{{"id":"t-1","number":"A023","patient_id":"p-1","patient_name":"王小明","status":"{status}",
"point":{{"id":"clinic-s1","kind":"clinic","name":{{"zh":"心血管内科 王建国","en":"Cardiology, Dr Wang"}},
"room":{{"zh":"门诊楼 3 楼 3 诊室","en":"Outpatient 3F, room 3"}},"place":"b1-f3-cardiology"}},
{ahead}{called}"priority":"none","late":false,"appointment_id":"a-1","joined_at":"2026-12-02T00:40:00Z"}}"#
    )
}

fn queue(tickets: &[String]) -> String {
    format!(
        r#"{{"date":"2026-12-02","tickets":[{}]}}"#,
        tickets.join(",")
    )
}

fn live_text(root: &web_sys::Element) -> String {
    text(root, "[aria-live=polite]")
}

#[wasm_bindgen_test]
async fn checking_in_then_following_the_queue_to_the_call() {
    stand_ins();
    answer("GET /api/v1/session", 200, SESSION);
    answer("GET /api/v1/queue", 200, &queue(&[]));
    answer("GET /api/v1/appointments", 200, &appointments("booked"));
    answer(
        "POST /api/v1/appointments/a-1/check-in",
        409,
        r#"{"type":"urn:careway:problem:check-in-closed","title":"暂不能签到","status":409,"detail":"签到 08:00 开始"}"#,
    );
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<At>::with_root_and_props(
        root.clone(),
        AtProps {
            path: "/queue?point=clinic-s1".into(),
        },
    )
    .render();
    wait_for("the empty queue and today's appointment", 3_000.0, || {
        find(&root, "li.appt button").is_some()
    })
    .await;
    assert_eq!(text(&root, "h1"), "我的排队");
    assert!(root
        .text_content()
        .unwrap_or_default()
        .contains("您今天还没有排队。"));
    let button = get(&root, "li.appt button");
    assert_eq!(button.text_content().as_deref(), Some("我已到达，签到"));

    // Too early: the server's reason, and no retry.
    click(&button);
    wait_for("the refusal", 3_000.0, || {
        root.text_content()
            .unwrap_or_default()
            .contains("签到 08:00 开始")
    })
    .await;
    assert!(root.text_content().unwrap_or_default().contains("未能签到"));
    let request = js("return window.__requests.find(r => r.method === 'POST');");
    let body = js_sys::Reflect::get(&request, &"body".into()).unwrap();
    assert_eq!(
        body.as_string().as_deref(),
        Some(r#"{"point":"clinic-s1"}"#)
    );
    let key = js_sys::Reflect::get(&request, &"key".into()).unwrap();
    assert_eq!(
        key.as_string().map(|k| k.len()),
        Some(32),
        "an idempotency key"
    );

    // Allowed now: the ticket comes, and the appointment leaves the list.
    answer(
        "POST /api/v1/appointments/a-1/check-in",
        201,
        &ticket("waiting", Some(5), None),
    );
    answer(
        "GET /api/v1/queue",
        200,
        &queue(&[ticket("waiting", Some(5), None)]),
    );
    answer("GET /api/v1/appointments", 200, &appointments("arrived"));
    click(&get(&root, "li.appt button"));
    wait_for("the ticket", 3_000.0, || find(&root, "li.ticket").is_some()).await;
    wait_for("the confirmation", 3_000.0, || {
        root.text_content()
            .unwrap_or_default()
            .contains("已签到，您的号码是 A023")
    })
    .await;
    wait_for("no appointment left to check in", 3_000.0, || {
        find(&root, "li.appt").is_none()
    })
    .await;
    assert_eq!(text(&root, "li.ticket .ahead"), "前面还有 5 人");
    assert_eq!(text(&root, "li.ticket .wait"), "预计等候 约 15–25 分钟");

    // The stream: nearly there, said politely.
    send(&queue(&[ticket("waiting", Some(2), None)]));
    wait_for("near the front", 3_000.0, || {
        live_text(&root) == "A023：前面还有 2 人 快轮到您了，请在诊室附近等候。"
    })
    .await;
    assert!(find(&root, ".banner.near").is_some());

    // Called: the alert, the way there, the flashing title until "Got it".
    let title = js("return document.title;").as_string().unwrap_or_default();
    send(&queue(&[ticket(
        "called",
        None,
        Some("2026-12-02T01:00:00Z"),
    )]));
    wait_for("the call", 3_000.0, || {
        find(&root, "[role=alert]").is_some()
    })
    .await;
    assert_eq!(
        text(&root, "[role=alert] .go"),
        "请到 门诊楼 3 楼 3 诊室 就诊"
    );
    assert_eq!(
        get(&root, "[role=alert] a")
            .get_attribute("href")
            .as_deref(),
        Some("/navigation?to=b1-f3-cardiology")
    );
    assert_eq!(live_text(&root), "A023：请到 门诊楼 3 楼 3 诊室 就诊");
    settle().await;
    assert_eq!(
        js("return document.title;").as_string().as_deref(),
        Some("【到您了】A023")
    );
    let got_it = get(&root, "[role=alert] button");
    assert_eq!(got_it.text_content().as_deref(), Some("我知道了"));
    click(&got_it);
    wait_for("the title back", 3_000.0, || {
        js("return document.title;").as_string().as_deref() == Some(title.as_str())
    })
    .await;
    assert!(find(&root, "[role=alert] button").is_none());

    // Logged out elsewhere: the stream is refused, the page asks why and goes to login.
    answer("GET /api/v1/session", 200, "null");
    answer(
        "GET /api/v1/queue",
        401,
        r#"{"type":"urn:careway:problem:unauthenticated","title":"请先登录","status":401}"#,
    );
    js("window.__es.readyState = 2; window.__es.dispatchEvent(new Event('error'));");
    wait_for("the login page", 3_000.0, || text(&root, "h1") == "登录").await;
    app.destroy();
}

#[wasm_bindgen_test]
async fn an_appointment_of_today_checks_in_from_its_page_and_opens_the_queue() {
    stand_ins();
    let today = careway::app::contexts::meta::today_in("Asia/Shanghai").to_string();
    answer("GET /api/v1/session", 200, SESSION);
    answer(
        "GET /api/v1/appointments/a-1",
        200,
        &appointment("booked", &today),
    );
    answer(
        "POST /api/v1/appointments/a-1/check-in",
        201,
        &ticket("waiting", Some(5), None),
    );
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<At>::with_root_and_props(
        root.clone(),
        AtProps {
            path: "/appointments/a-1".into(),
        },
    )
    .render();
    wait_for("the check-in button", 3_000.0, || {
        find(&root, "section[aria-labelledby=check-in-heading] button").is_some()
    })
    .await;
    let button = get(&root, "section[aria-labelledby=check-in-heading] button");
    assert_eq!(button.text_content().as_deref(), Some("签到"));
    click(&button);
    wait_for("the queue page", 3_000.0, || {
        text(&root, "h1") == "我的排队"
    })
    .await;
    let request = js("return window.__requests.find(r => r.method === 'POST');");
    let body = js_sys::Reflect::get(&request, &"body".into()).unwrap();
    assert_eq!(
        body.as_string().as_deref(),
        Some("{}"),
        "\"I'm here\": no point"
    );
    app.destroy();

    // Another day: no check-in from the page.
    answer(
        "GET /api/v1/appointments/a-1",
        200,
        &appointment("booked", "2020-01-01"),
    );
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<At>::with_root_and_props(
        root.clone(),
        AtProps {
            path: "/appointments/a-1".into(),
        },
    )
    .render();
    wait_for("the appointment", 3_000.0, || {
        find(&root, "#check-in-heading").is_some()
    })
    .await;
    assert!(find(&root, "section[aria-labelledby=check-in-heading] button").is_none());
    app.destroy();
}

//! The survey page in a real browser, against a stand-in API (`fetch`): a low rating sent
//! while the network is down says so, keeps the draft and goes by itself when the browser
//! is back online (with the same idempotency key), then shows the thanks and the
//! follow-up; the server's refusal of an answer lands on that question with the focus; a
//! closed survey says so with the way back to the inbox; an answered one shows what the
//! hospital did.

#![cfg(target_arch = "wasm32")]

mod common;

use careway::api::CSRF_HEADER;
use careway::surveys::draft;
use careway_core::questionnaire::{Form, Questionnaire};
use common::app::{answer, js, At, AtProps};
use common::{click, find, focused_id, fresh_root, get, remember, remembered, text, wait_for};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

const SATISFACTION: &str = include_str!("../server/src/demo/surveys/outpatient-satisfaction.json");

const SESSION: &str = r#"{"account":{"id":"acc-1","phone_masked":"138****5678","created_at":"2026-11-01T00:00:00Z"},
"kiosk":false,"idle_timeout_seconds":1800,"expires_at":"2026-12-09T00:00:00Z"}"#;

/// Installs a stand-in `fetch` answering from `window.__routes` (`"GET /api/v1/surveys/s-1"`
/// → `[status, body]`), recording requests in `window.__requests`, and failing every
/// request as a lost network does while `window.__offline` is set.
fn stand_ins() {
    js(r#"
        window.__routes = {};
        window.__requests = [];
        window.__offline = false;
        window.fetch = async (input, init) => {
            const req = input instanceof Request ? input : new Request(input, init);
            const url = new URL(req.url);
            const body = req.method === 'GET' ? null : await req.text();
            window.__requests.push({ method: req.method, path: url.pathname, body,
                key: req.headers.get('Idempotency-Key'), headers: [...req.headers.keys()].join(',') });
            if (window.__offline) { throw new TypeError('Failed to fetch'); }
            const answer = window.__routes[req.method + ' ' + url.pathname];
            if (!answer) { return new Response('', { status: 404 }); }
            const [status, json] = answer;
            const type = status >= 400 ? 'application/problem+json' : 'application/json';
            return new Response(JSON.stringify(json), { status, headers: { 'Content-Type': type } });
        };
    "#);
}

/// The satisfaction questionnaire as the server sends it: parsed by the engine, as JSON.
fn satisfaction_form() -> String {
    let questionnaire: Questionnaire =
        serde_wasm_bindgen::from_value(js_sys::JSON::parse(SATISFACTION).unwrap()).unwrap();
    let form = Form::parse(&questionnaire).unwrap();
    let value = serde_wasm_bindgen::to_value(&form).unwrap();
    String::from(js_sys::JSON::stringify(&value).unwrap())
}

/// A survey of the satisfaction questionnaire, with `extra` fields.
fn survey(status: &str, extra: &str) -> String {
    let form = satisfaction_form();
    format!(
        r#"{{"id":"s-1","patient_id":"p-1","patient_name":"王小明",
"visit":{{"zh":"内科 · 王医生 · 11月23日","en":"Internal medicine · Dr Wang · 23 Nov"}},
"form":{form},"status":"{status}","due":"2026-12-09"{extra}}}"#
    )
}

fn open(path: &str) -> (web_sys::Element, AppHandle<At>) {
    let root = fresh_root();
    remember("careway.lang", "zh-CN");
    let app = yew::Renderer::<At>::with_root_and_props(root.clone(), AtProps { path: path.into() })
        .render();
    (root, app)
}

fn page_text(root: &web_sys::Element) -> String {
    root.text_content().unwrap_or_default()
}

/// The requests sent with `method`.
fn requests(method: &str) -> Vec<JsValue> {
    let list = js(&format!(
        "return window.__requests.filter(r => r.method === '{method}');"
    ));
    js_sys::Array::from(&list).iter().collect()
}

fn field(request: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(request, &name.into())
        .ok()
        .and_then(|v| v.as_string())
}

/// Answers overall 2 stars and "no" to contact, and goes to the review.
async fn answer_low_and_review(root: &web_sys::Element) {
    wait_for("the questions", 3_000.0, || {
        find(root, "[data-link-id='overall']").is_some()
    })
    .await;
    click(&get(root, "#q-overall-3"));
    wait_for("contact me", 1_000.0, || {
        find(root, "#q-contact-me-no").is_some()
    })
    .await;
    click(&get(root, "#q-contact-me-no"));
    click(&get(root, ".survey > button"));
    wait_for("the review", 1_000.0, || find(root, ".review").is_some()).await;
}

#[wasm_bindgen_test]
async fn offline_answers_are_kept_and_sent_when_the_network_returns() {
    stand_ins();
    answer("GET /api/v1/session", 200, SESSION);
    answer("GET /api/v1/surveys/s-1", 200, &survey("open", ""));
    let (root, app) = open("/surveys/s-1");
    answer_low_and_review(&root).await;
    assert_eq!(text(&root, "h1"), "门诊患者满意度调查");
    assert!(page_text(&root).contains("王小明"));

    js("window.__offline = true;");
    click(&get(&root, ".review .actions button:last-child"));
    wait_for("the offline note", 3_000.0, || {
        page_text(&root).contains("网络中断，已保存，恢复后自动提交")
    })
    .await;
    assert!(remembered(&draft::key("s-1")).is_some(), "the draft stays");

    answer(
        "POST /api/v1/surveys/s-1/response",
        200,
        &survey(
            "submitted",
            r#","submitted_at":"2026-12-02T01:00:00Z","follow_up":{"status":"in_progress","updated_at":"2026-12-02T01:05:00Z"}"#,
        ),
    );
    js("window.__offline = false; window.dispatchEvent(new Event('online'));");
    wait_for("the thanks and the follow-up", 3_000.0, || {
        page_text(&root).contains("我们正在跟进您反映的问题")
    })
    .await;
    assert!(page_text(&root).contains("感谢您的反馈"));
    assert!(page_text(&root).contains("处理中"));
    assert_eq!(focused_id().as_deref(), Some("survey-thanks"));
    assert_eq!(remembered(&draft::key("s-1")), None, "the draft is gone");

    let posts = requests("POST");
    assert_eq!(
        posts.len(),
        2,
        "the offline try and the one that went through"
    );
    let key = field(&posts[0], "key").expect("an idempotency key");
    assert_eq!(
        field(&posts[1], "key").as_deref(),
        Some(key.as_str()),
        "the same key"
    );
    let headers = field(&posts[1], "headers").unwrap();
    assert!(
        headers.contains(&CSRF_HEADER.to_ascii_lowercase()),
        "{headers}"
    );
    let body = field(&posts[1], "body").unwrap();
    assert!(body.contains(r#""status":"completed""#), "{body}");
    // The engine's JSON, the answer to "contact me" among the values.
    assert!(
        body.contains(r#""contact-me":[{"boolean":false}]"#),
        "{body}"
    );
    app.destroy();
}

#[wasm_bindgen_test]
async fn the_servers_refusal_lands_on_the_question() {
    stand_ins();
    answer("GET /api/v1/session", 200, SESSION);
    answer("GET /api/v1/surveys/s-1", 200, &survey("open", ""));
    answer(
        "POST /api/v1/surveys/s-1/response",
        422,
        r#"{"type":"urn:careway:problem:validation","title":"填写的信息有误","status":422,
"errors":[{"field":"overall","code":"invalid","message":"请重新选择总体评价"}]}"#,
    );
    let (root, app) = open("/surveys/s-1");
    answer_low_and_review(&root).await;
    click(&get(&root, ".review .actions button:last-child"));
    wait_for("the refusal on the question", 3_000.0, || {
        find(&root, "#q-overall-error").is_some()
    })
    .await;
    assert_eq!(text(&root, "#q-overall-error"), "请重新选择总体评价");
    assert_eq!(focused_id().as_deref(), Some("q-overall"));
    assert!(find(&root, ".review").is_none());
    app.destroy();
}

#[wasm_bindgen_test]
async fn closed_and_answered_surveys_say_where_they_stand() {
    stand_ins();
    answer("GET /api/v1/session", 200, SESSION);
    answer("GET /api/v1/surveys/s-1", 200, &survey("expired", ""));
    let (root, app) = open("/surveys/s-1");
    wait_for("the closed note", 3_000.0, || {
        page_text(&root).contains("问卷已截止")
    })
    .await;
    assert!(page_text(&root).contains("2026-12-09"));
    assert!(find(&root, ".question").is_none());
    assert!(
        find(&root, "[role='note'] a[href='/inbox']").is_some(),
        "back to the inbox"
    );
    app.destroy();

    answer(
        "GET /api/v1/surveys/s-1",
        200,
        &survey(
            "submitted",
            r#","submitted_at":"2026-12-01T01:00:00Z","follow_up":{"status":"resolved","resolution":"已安排专人优化候诊叫号流程。","updated_at":"2026-12-02T01:05:00Z"}"#,
        ),
    );
    let (root, app) = open("/surveys/s-1");
    wait_for("the outcome", 3_000.0, || {
        page_text(&root).contains("感谢您的反馈")
    })
    .await;
    assert!(page_text(&root).contains("已处理"));
    assert!(page_text(&root).contains("已安排专人优化候诊叫号流程。"));
    assert!(page_text(&root).contains("2026-12-01"));
    assert!(find(&root, ".question").is_none());
    app.destroy();

    answer(
        "GET /api/v1/surveys/s-1",
        404,
        r#"{"type":"urn:careway:problem:not-found","title":"未找到","status":404}"#,
    );
    let (root, app) = open("/surveys/s-1");
    wait_for("the failure", 3_000.0, || {
        page_text(&root).contains("问卷加载失败")
    })
    .await;
    assert!(find(&root, "a[href='/inbox']").is_some());
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_conflict_reads_the_survey_again_and_shows_where_it_stands() {
    stand_ins();
    answer("GET /api/v1/session", 200, SESSION);
    answer("GET /api/v1/surveys/s-1", 200, &survey("open", ""));
    let (root, app) = open("/surveys/s-1");
    answer_low_and_review(&root).await;
    assert!(remembered(&draft::key("s-1")).is_some());
    // Answered meanwhile on another device.
    answer(
        "POST /api/v1/surveys/s-1/response",
        409,
        r#"{"type":"urn:careway:problem:conflict","title":"冲突","status":409}"#,
    );
    answer(
        "GET /api/v1/surveys/s-1",
        200,
        &survey("submitted", r#","submitted_at":"2026-12-02T01:00:00Z""#),
    );
    click(&get(&root, ".review .actions button:last-child"));
    wait_for("the survey as it stands", 3_000.0, || {
        page_text(&root).contains("感谢您的反馈")
    })
    .await;
    assert!(find(&root, ".question").is_none());
    assert_eq!(remembered(&draft::key("s-1")), None, "the draft is gone");
    app.destroy();
}

//! The routes in a real browser: every service has its own page with its heading in both
//! languages; the booking pages have their headings; unknown addresses get the not-found
//! page.

#![cfg(target_arch = "wasm32")]

mod common;

use common::app::{At, AtProps};
use common::{fresh_root, get, remember, settle, text};
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn heading_at(path: &'static str, lang: &str) -> (String, web_sys::Element, AppHandle<At>) {
    let root = fresh_root();
    remember("careway.lang", lang);
    let app = yew::Renderer::<At>::with_root_and_props(root.clone(), AtProps { path: path.into() })
        .render();
    settle().await;
    (text(&root, "h1"), root, app)
}

#[wasm_bindgen_test]
async fn every_service_has_its_own_page_in_both_languages() {
    for (path, zh, en) in [
        ("/navigation", "院内导航", "Find your way"),
        ("/queue", "我的排队", "My queue"),
        ("/queue?point=clinic-s1", "我的排队", "My queue"),
        ("/board/cardiology", "叫号屏", "Queue board"),
        ("/reports", "报告查询", "Test reports"),
    ] {
        let (heading, _, app) = heading_at(path, "zh-CN").await;
        assert_eq!(heading, zh, "{path}");
        app.destroy();
        let (heading, _, app) = heading_at(path, "en").await;
        assert_eq!(heading, en, "{path}");
        app.destroy();
    }
}

#[wasm_bindgen_test]
async fn the_login_page_and_the_member_pages_have_their_headings() {
    for (path, zh) in [
        ("/login", "登录"),
        ("/login?next=//evil.example", "登录"),
        ("/me/patients/new", "添加就诊人"),
        ("/me/patients/some-id/edit", "编辑就诊人"),
    ] {
        let (heading, root, app) = heading_at(path, "zh-CN").await;
        assert_eq!(heading, zh, "{path}");
        // Each has a way back or a field to start with.
        assert!(
            root.query_selector("#login-phone, a[href='/me']")
                .expect("a valid selector")
                .is_some(),
            "{path}"
        );
        app.destroy();
    }
}

#[wasm_bindgen_test]
async fn the_booking_pages_have_their_headings_in_both_languages() {
    for (path, zh, en) in [
        ("/booking", "预约挂号", "Book an appointment"),
        ("/booking/triage", "智能导诊", "Symptom guide"),
        (
            "/booking/confirm/s-1?department=neurology",
            "确认预约",
            "Confirm your booking",
        ),
        ("/appointments", "我的预约", "My appointments"),
        ("/appointments/a-1", "预约详情", "Appointment"),
    ] {
        let (heading, _root, app) = heading_at(path, "zh-CN").await;
        assert_eq!(heading, zh, "{path}");
        app.destroy();
        let (heading, _root, app) = heading_at(path, "en").await;
        assert_eq!(heading, en, "{path}");
        app.destroy();
    }
}

#[wasm_bindgen_test]
async fn unknown_addresses_get_the_not_found_page_with_a_way_home() {
    let (heading, root, app) = heading_at("/no/such/page", "zh-CN").await;
    assert_eq!(heading, "找不到这个页面");
    get(&root, "a[href='/']");
    app.destroy();
}

//! The inbox through the real router: the demo account finds the notice of its newest
//! report, opens it, and it stays read; another account's message answers 404 and is
//! audited; no session, no inbox.

mod common;

use axum::http::{Method, StatusCode};
use careway_core::api::inbox::InboxItem;
use careway_server::demo::DEMO_PHONE;
use careway_server::store;
use common::TestApp;

#[tokio::test]
async fn the_demo_account_reads_its_report_notice() {
    let app = TestApp::new().await;
    let cookie = app.login(DEMO_PHONE).await;
    let items: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&cookie)).await;
    assert_eq!(items.len(), 1, "{items:#?}");
    let notice = &items[0];
    assert_eq!(notice.kind, "report");
    assert!(!notice.read);
    assert_eq!(notice.title.zh, "报告已出");
    assert_eq!(notice.title.en, "Report ready");
    assert!(notice.body.zh.contains("血常规"), "{}", notice.body.zh);
    let link = notice.link.clone().unwrap();
    assert!(link.starts_with("/reports/"), "{link}");
    // The link leads to the report itself.
    let reply = app
        .call(Method::GET, &format!("/api/v1{link}"), None, Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK);

    let path = format!("/api/v1/inbox/{}/read", notice.id);
    let reply = app.call(Method::POST, &path, None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    // Twice is fine.
    let reply = app.call(Method::POST, &path, None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let items: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&cookie)).await;
    assert!(items[0].read);
}

#[tokio::test]
async fn another_accounts_message_is_not_found_and_audited() {
    let app = TestApp::new().await;
    let cookie = app.login(DEMO_PHONE).await;
    let items: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&cookie)).await;
    let other = app.login("13787654321").await;
    let theirs: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&other)).await;
    assert!(theirs.is_empty());
    let path = format!("/api/v1/inbox/{}/read", items[0].id);
    let reply = app.call(Method::POST, &path, None, Some(&other)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let events = store::audit::recent_events(&app.state.db, 1).await.unwrap();
    assert_eq!(events[0].0, "authz.denied");
    // Still unread for its owner.
    let items: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&cookie)).await;
    assert!(!items[0].read);
    // No such message at all: a plain 404.
    let reply = app
        .call(
            Method::POST,
            "/api/v1/inbox/nothing/read",
            None,
            Some(&other),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // No session, no inbox.
    assert_eq!(
        app.get("/api/v1/inbox").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn tomorrows_patients_get_one_reminder_each_and_a_cancelled_visit_none() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("rm", 401, 2).await;
    let today = app.state.today();
    let tomorrow = jiff::civil::date(today.year as i16, today.month as i8, today.day as i8)
        .tomorrow()
        .unwrap()
        .to_string();
    let window = common::windows(&app)
        .await
        .into_iter()
        .find(|w| w.date == tomorrow)
        .expect("an open window tomorrow");
    let kept = app
        .booked(&accounts[0].0, &window.slot, &accounts[0].1)
        .await;
    let gone = app
        .booked(&accounts[1].0, &window.slot, &accounts[1].1)
        .await;
    let reply = app
        .post_json(
            &accounts[1].0,
            &format!("/api/v1/appointments/{}/cancel", gone.id),
            serde_json::json!({ "reason": "不去了" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    // The job runs every few minutes: the reminder goes out once.
    for _ in 0..2 {
        careway_server::jobs::schedule::tick(&app.state)
            .await
            .unwrap();
    }
    let items: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&accounts[0].0)).await;
    let reminders: Vec<&InboxItem> = items.iter().filter(|m| m.kind == "reminder").collect();
    assert_eq!(reminders.len(), 1, "{items:#?}");
    let r = reminders[0];
    assert_eq!(r.title.zh, "明天就诊提醒");
    assert_eq!(
        r.link.as_deref(),
        Some(format!("/appointments/{}", kept.id).as_str())
    );
    assert!(r.body.zh.contains(&window.start), "{}", r.body.zh);
    assert!(
        r.body.zh.contains(&kept.department.name.zh),
        "{}",
        r.body.zh
    );
    assert!(r.body.en.contains("Tomorrow at"), "{}", r.body.en);
    let items: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&accounts[1].0)).await;
    assert!(items.iter().all(|m| m.kind != "reminder"), "{items:#?}");
}

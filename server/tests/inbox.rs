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

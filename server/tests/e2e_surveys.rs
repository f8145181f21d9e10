//! End to end: the satisfaction survey and the complaint loop in the release build of the
//! app on the real server, clicked through in headless Chromium. The demo patient's visit
//! this morning is checked in, called and finished over the APIs; he finds the survey in
//! his inbox (the tab carries the unread badge), gives the visit 2 stars, is asked whether
//! he wants a call, writes a comment, reloads mid-survey and finds his answers kept,
//! reviews and sends them, and reads "we are following up". The complaint is in the staff
//! API; when the service team resolves it, the survey shows what was done, in English and
//! large text too. The same visit sends the department's health education: he opens the
//! message, reads the article with its picture, in Chinese and then English in large text;
//! beside it, the reminder of his morning tablet from his medication plan.
//! Run by `cargo xtask test`; plain `cargo test` skips these.

mod common;

use axum::http::{Method, StatusCode};
use careway_core::api::inbox::InboxItem;
use careway_core::api::queue::Ticket;
use careway_core::api::surveys::Complaint;
use common::browser::{AccessibilityLog, Browser, Screen, Server};
use common::TestApp;

/// The demo patient's visit this morning, from check-in to the doctor's "done".
async fn visit_done(app: &TestApp) {
    let (slot, _) = common::window_this_morning(app).await;
    let (cookie, patient) = common::demo_session(app, "e2e-survey-demo").await;
    let appointment = app.booked(&cookie, &slot, &patient).await;
    let reply = common::check_in(app, &cookie, &appointment.id, None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let ticket: Ticket = reply.parse();
    let call = format!("/api/v1/staff/queue/points/{}/call-next", ticket.point.id);
    loop {
        let called = common::staff(app, &call, None).await;
        assert_eq!(called.status, StatusCode::OK, "{}", called.text());
        if called.json()["id"] == ticket.id.as_str() {
            break;
        }
    }
    let finish = format!("/api/v1/staff/queue/tickets/{}/finish", ticket.id);
    let done = common::staff(app, &finish, None).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
}

async fn complaints(app: &TestApp) -> Vec<Complaint> {
    let reply = common::staff_call(app, Method::GET, "/api/v1/staff/complaints", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.parse()
}

/// The `overall` rating's option card that says exactly `words`.
fn overall_option(words: &str) -> String {
    format!("//div[@data-link-id='overall']//label[normalize-space(.)='{words}']")
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn a_two_star_visit_reaches_the_service_team_and_the_patient_sees_the_outcome() {
    let server = Server::start(90).await;
    let app = &server.app;
    visit_done(app).await;

    let browser = Browser::start(&server.base, Screen::Phone).await;
    let mut a11y = AccessibilityLog::new("a11y-surveys");
    browser.open("/login?next=%2Finbox").await;
    browser.log_in_as_demo().await;
    browser.at("/inbox").await;
    browser
        .find("//nav//a[contains(@href,'/inbox')]//span[@class='count']")
        .await;
    browser.click("门诊满意度调查").await;
    browser.click("去填写").await;
    browser.until_path_starts("/surveys/").await;
    let survey_id = browser
        .path()
        .await
        .trim_start_matches("/surveys/")
        .to_owned();
    browser.see("总体而言").await;

    // Two stars: the survey asks whether he wants a call.
    browser.click_at(&overall_option("2 星（不满意）")).await;
    browser.see("您是否希望医院就此联系您").await;
    browser
        .click_at("//div[@data-link-id='contact-me']//label[normalize-space(.)='是']")
        .await;
    browser
        .type_into("q-comments", "候诊两个小时，没有人告诉我还要等多久。")
        .await;
    browser.see("已答").await;
    browser.screenshot("survey-filling").await;
    a11y.check(&browser, "survey-filling").await;

    // A reload mid-survey keeps every answer.
    browser.reload().await;
    browser.see("已恢复您上次未提交的回答").await;
    let kept = browser
        .eval(
            "return [
                document.querySelector(\"[data-link-id=overall] input:checked\")
                    ?.closest('label')?.textContent?.trim() ?? '',
                document.getElementById('q-comments')?.value ?? ''
            ]",
        )
        .await;
    assert_eq!(
        kept,
        serde_json::json!(["2 星（不满意）", "候诊两个小时，没有人告诉我还要等多久。"]),
        "the draft survives the reload"
    );

    // Review, send, and the follow-up.
    browser.click_centered("下一步：检查答案").await;
    browser.see("请确认您的回答").await;
    browser.screenshot("survey-review").await;
    browser.click_centered("提交").await;
    browser.see("我们正在跟进您反映的问题").await;
    browser.screenshot("survey-follow-up").await;
    a11y.check(&browser, "survey-follow-up").await;

    let list = complaints(app).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let complaint = &list[0];
    assert_eq!(complaint.survey_id, survey_id);
    assert_eq!(complaint.overall, 2);
    assert_eq!(
        complaint.comment.as_deref(),
        Some("候诊两个小时，没有人告诉我还要等多久。")
    );
    assert!(complaint.contact_phone.is_some(), "he asked for a call");

    // The service team resolves it; the patient reads what was done.
    let resolution = "已电话回访，候诊区已增设叫号和预计等候时间显示屏。";
    let path = format!("/api/v1/staff/complaints/{}", complaint.id);
    let body = serde_json::json!({ "status": "resolved", "resolution": resolution });
    let reply = common::staff_call(app, Method::PATCH, &path, Some(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser.reload().await;
    browser.see(resolution).await;
    browser.see("已处理").await;

    // In English and large text, on one phone screen width.
    browser.click("Switch to English").await;
    browser.see("What we did").await;
    browser.click("Large text").await;
    browser.until_body_text_px(20.0).await;
    browser
        .assert_fits("the resolved survey in English, large text")
        .await;
    browser.screenshot("survey-resolved-en-elder").await;
    a11y.check(&browser, "survey-resolved-en-elder").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs the built app and Chromium: run `cargo xtask test`"]
async fn after_a_visit_the_patient_reads_the_departments_health_education() {
    let server = Server::start(90).await;
    let app = &server.app;
    visit_done(app).await;
    // The schedule job's round at 09:00: his 08:00 tablet is reminded of.
    careway_server::jobs::schedule::tick(&app.state)
        .await
        .unwrap();
    let (cookie, _) = common::demo_session(app, "e2e-education-demo").await;
    let inbox: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&cookie)).await;
    let message = inbox
        .iter()
        .find(|m| m.kind == "education")
        .expect("the visit sent the department's education");
    let id = message
        .link
        .as_deref()
        .unwrap()
        .trim_start_matches("/articles/");
    let article = &app.state.content.education.get(id).unwrap().article;

    let browser = Browser::start(&server.base, Screen::Phone).await;
    let mut a11y = AccessibilityLog::new("a11y-education");
    browser.open("/login?next=%2Finbox").await;
    browser.log_in_as_demo().await;
    browser.at("/inbox").await;
    browser.click("服药提醒").await;
    browser
        .see("08:00 请服用苯磺酸氨氯地平片：每次 1 片（5 mg）。")
        .await;
    browser.click(&message.title.zh).await;
    browser.see(&message.body.zh).await;
    browser.screenshot("inbox-reminder-and-education").await;
    a11y.check(&browser, "inbox-reminder-and-education").await;
    browser.click("阅读全文").await;
    browser.until_path_starts("/articles/").await;
    browser.see(&article.sections[0].heading.zh).await;
    let picture = browser
        .eval(
            "const img = document.querySelector('article img');
             return new Promise(done => {
                 const report = () => done([img.naturalWidth, img.alt]);
                 if (img.complete) { report(); } else { img.onload = report; img.onerror = report; }
             });",
        )
        .await;
    assert_eq!(
        picture,
        serde_json::json!([320, article.alt.zh]),
        "the picture loads, with its description"
    );
    browser.assert_fits("the article on a phone").await;
    browser.screenshot("education-article").await;
    a11y.check(&browser, "education-article").await;

    browser.click("Switch to English").await;
    browser.see(&article.title.en).await;
    browser.see(&article.sections[0].heading.en).await;
    browser.click("Large text").await;
    browser.until_body_text_px(20.0).await;
    browser
        .assert_fits("the article in English, large text")
        .await;
    browser.screenshot("education-article-en-elder").await;
    a11y.check(&browser, "education-article-en-elder").await;

    // The link at the top goes back to the messages.
    browser.click_centered("Surveys & messages").await;
    browser.at("/inbox").await;
    browser.close().await;

    // On a lobby kiosk (no login needed to read an article): the reading column, large.
    let kiosk = Browser::start(&server.base, Screen::Kiosk).await;
    kiosk.open("/kiosk").await;
    kiosk.at("/").await;
    kiosk.open(&format!("/articles/{id}")).await;
    kiosk.see(&article.sections[0].heading.zh).await;
    kiosk.assert_fits("the article on a kiosk").await;
    kiosk.screenshot("education-article-kiosk").await;
    a11y.check(&kiosk, "education-article-kiosk").await;
    kiosk.close().await;
}

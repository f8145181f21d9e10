//! Surveys and the complaint loop through the real router on real SQLite: a finished visit
//! opens one satisfaction survey in the inbox; answers are checked by the engine item by
//! item (422 with linkIds), stored once (the same answers again answer as the first time;
//! other answers conflict), and a low overall rating opens exactly one complaint, also
//! when the submission is retried; the service team lists and works the complaint and the
//! patient sees its progress; another account's survey answers 404; a survey past its due
//! date can no longer be answered. The same visit sends the department's education
//! articles, once per family member, readable without a login.

mod common;

use axum::http::{Method, StatusCode};
use careway_core::api::account::SessionInfo;
use careway_core::api::education::Article;
use careway_core::api::inbox::InboxItem;
use careway_core::api::queue::Ticket;
use careway_core::api::surveys::{Complaint, ComplaintStatus, Survey, SurveyStatus};
use careway_core::questionnaire::{Answers, Form, Response, Status, Value, OVERALL_LINK_ID};
use common::{check_in, staff, staff_call, windows, TestApp};
use jiff::SignedDuration;
use serde_json::json;

const TODAY: &str = "2026-11-23";

/// Books the first open window today for `patient`, checks in, and has the doctor call and
/// finish: the visit is over. Returns the survey id the inbox then holds.
async fn visit_done(app: &TestApp, cookie: &str, patient: &str) -> String {
    let window = windows(app)
        .await
        .into_iter()
        .find(|w| w.date == TODAY)
        .expect("an open window today");
    let appointment = app.booked(cookie, &window.slot, patient).await;
    let reply = check_in(app, cookie, &appointment.id, None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let ticket: Ticket = reply.parse();
    let point = &ticket.point.id;
    // Others may be waiting at the same room: call until it is this patient's turn.
    for _ in 0..20 {
        let called = staff(
            app,
            &format!("/api/v1/staff/queue/points/{point}/call-next"),
            None,
        )
        .await;
        assert_eq!(called.status, StatusCode::OK, "{}", called.text());
        if called.json()["id"] == ticket.id.as_str() {
            break;
        }
    }
    let done = staff(
        app,
        &format!("/api/v1/staff/queue/tickets/{}/finish", ticket.id),
        None,
    )
    .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    survey_in_inbox(app, cookie)
        .await
        .expect("a survey in the inbox")
}

/// The survey id of the newest survey message in the account's inbox.
async fn survey_in_inbox(app: &TestApp, cookie: &str) -> Option<String> {
    let inbox: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(cookie)).await;
    inbox
        .into_iter()
        .find(|m| m.kind == "survey")
        .and_then(|m| m.link)
        .and_then(|l| l.strip_prefix("/surveys/").map(str::to_owned))
}

fn form(app: &TestApp) -> Form {
    app.state.content.surveys.satisfaction.form.clone()
}

/// The option of `link_id` scored `rating`.
fn rated(form: &Form, link_id: &str, rating: u8) -> Value {
    form.item(link_id)
        .unwrap()
        .options
        .iter()
        .find(|o| o.score == Some(f64::from(rating)))
        .unwrap()
        .value
        .clone()
}

/// A completed response: "waiting.time" rated `waiting`, overall `overall` (left out when
/// `None`), and the comments and contact question when given; as a FHIR
/// QuestionnaireResponse, as another system would send it.
fn answers(
    form: &Form,
    waiting: u8,
    overall: Option<u8>,
    comment: Option<&str>,
    contact: Option<bool>,
) -> serde_json::Value {
    let r = response(form, waiting, overall, comment, contact);
    serde_json::to_value(r.to_questionnaire_response(form)).unwrap()
}

/// The same answers in the engine's own JSON, as the app sends them.
fn engine_answers(
    form: &Form,
    waiting: u8,
    overall: Option<u8>,
    comment: Option<&str>,
    contact: Option<bool>,
) -> serde_json::Value {
    serde_json::to_value(response(form, waiting, overall, comment, contact)).unwrap()
}

fn response(
    form: &Form,
    waiting: u8,
    overall: Option<u8>,
    comment: Option<&str>,
    contact: Option<bool>,
) -> Response {
    let mut r = Response::new(form);
    let mut group = Answers::default();
    group.set("waiting.time", vec![rated(form, "waiting.time", waiting)]);
    r.answers.groups.insert("waiting".into(), vec![group]);
    if let Some(n) = overall {
        r.answers
            .set(OVERALL_LINK_ID, vec![rated(form, OVERALL_LINK_ID, n)]);
    }
    if let Some(c) = comment {
        r.answers.set("comments", vec![Value::String(c.into())]);
    }
    if let Some(yes) = contact {
        r.answers.set("contact-me", vec![Value::Boolean(yes)]);
    }
    r.status = Status::Completed;
    r
}

async fn submit(app: &TestApp, cookie: &str, id: &str, body: serde_json::Value) -> common::Reply {
    app.call(
        Method::POST,
        &format!("/api/v1/surveys/{id}/response"),
        Some(body),
        Some(cookie),
    )
    .await
}

/// The session's count of unopened messages.
async fn unread(app: &TestApp, cookie: &str) -> u32 {
    let session: Option<SessionInfo> = app.get_as("/api/v1/session", Some(cookie)).await;
    session.expect("signed in").unread
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(app.state.db.read())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_finished_visit_opens_one_survey_and_good_answers_are_stored_once() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("sv1", 201, 1).await;
    let (cookie, patient) = &accounts[0];
    let id = visit_done(&app, cookie, patient).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM surveys").await, 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM events WHERE type = 'survey.opened'"
        )
        .await,
        1
    );

    // The inbox tab's badge counts it (with the visit's education articles) until the
    // message is opened.
    let inbox: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(cookie)).await;
    let before = unread(&app, cookie).await;
    assert_eq!(before as usize, inbox.len());
    let message = inbox.iter().find(|m| m.kind == "survey").unwrap();
    assert_eq!(inbox.iter().filter(|m| m.kind == "survey").count(), 1);
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/inbox/{}/read", message.id),
            None,
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(unread(&app, cookie).await, before - 1);

    let survey: Survey = app
        .get_as(&format!("/api/v1/surveys/{id}"), Some(cookie))
        .await;
    assert_eq!(survey.status, SurveyStatus::Open);
    assert_eq!(&survey.patient_id, patient);
    assert_eq!(survey.patient_name, "患者0");
    assert_eq!(survey.due, "2026-11-30", "a week after the visit");
    assert!(survey.visit.zh.contains("11月23日"), "{}", survey.visit.zh);
    assert!(survey.visit.en.contains("23 Nov"), "{}", survey.visit.en);
    assert_eq!(survey.form.title.as_deref(), Some("门诊患者满意度调查"));
    assert!(survey.response.is_none() && survey.follow_up.is_none());

    // The app gets the form the server checks answers against, translations included.
    let f = form(&app);
    assert_eq!(*survey.form, f);
    assert!(
        f.title_ext.is_some(),
        "the English title travels with the form"
    );
    let body = engine_answers(&f, 4, Some(5), Some("  挺好  "), None);
    let reply = submit(&app, cookie, &id, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let survey: Survey = reply.parse();
    assert_eq!(survey.status, SurveyStatus::Submitted);
    assert!(survey.submitted_at.is_some());
    assert!(survey.follow_up.is_none(), "5 stars opens no complaint");
    let stored = survey.response.expect("the answers come back");
    assert_eq!(stored.status, Status::Completed);

    assert_eq!(
        stored.answers.get("comments"),
        [Value::String("  挺好  ".into())]
    );

    // A retry (the first answer was lost on the way back) answers the same, whichever
    // form the same answers come in.
    for body in [
        engine_answers(&f, 4, Some(5), Some("  挺好  "), None),
        answers(&f, 4, Some(5), Some("  挺好  "), None),
    ] {
        let again = submit(&app, cookie, &id, body).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.text());
        assert_eq!(again.parse::<Survey>().response.as_ref(), Some(&stored));
    }
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM events WHERE type = 'survey.submitted'"
        )
        .await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM complaints").await, 0);

    // Other answers to an answered survey are refused.
    let other = submit(&app, cookie, &id, answers(&f, 3, Some(4), None, None)).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.text());
    assert_eq!(other.problem_slug(), "conflict");
}

#[tokio::test]
async fn a_finished_visit_sends_the_departments_education_once_per_member() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("ed1", 211, 1).await;
    let (cookie, patient) = &accounts[0];
    let survey = visit_done(&app, cookie, patient).await;
    let (appointment, department): (String, String) = sqlx::query_as(
        "SELECT a.id, a.department_id FROM surveys s JOIN appointments a ON a.id = s.appointment_id
         WHERE s.id = ?",
    )
    .bind(&survey)
    .fetch_one(app.state.db.read())
    .await
    .unwrap();
    let expected: Vec<&Article> = app
        .state
        .content
        .education
        .articles
        .iter()
        .filter(|a| a.departments.contains(&department))
        .map(|a| &a.article)
        .collect();
    assert!(
        !expected.is_empty(),
        "the demo has articles for {department}"
    );

    // One message per article of the department, leading to it, titled and summarised.
    let inbox: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(cookie)).await;
    let sent: Vec<&InboxItem> = inbox.iter().filter(|m| m.kind == "education").collect();
    assert_eq!(sent.len(), expected.len(), "{sent:?}");
    for article in &expected {
        let message = sent
            .iter()
            .find(|m| m.link.as_deref() == Some(&format!("/articles/{}", article.id)))
            .unwrap_or_else(|| panic!("a message for {}", article.id));
        assert_eq!(message.title, article.title);
        assert_eq!(message.body, article.summary);
        assert_eq!(message.patient_id.as_deref(), Some(patient.as_str()));
    }

    // The article and its picture, without a login, cacheable; unknown ids answer 404.
    let first = expected[0];
    let reply = app.get(&format!("/api/v1/articles/{}", first.id)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["cache-control"], "public, max-age=3600");
    assert_eq!(&reply.parse::<Article>(), first);
    let reply = app.get(&first.image).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers["content-type"], "image/svg+xml");
    assert!(reply.text().contains("<svg"));
    for path in ["/api/v1/articles/nope", "/api/v1/articles/nope/image"] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.headers["content-type"], "application/problem+json");
    }

    // Sent once per family member: the same department again sends nothing new.
    let mut tx = app.state.db.write().begin().await.unwrap();
    let again = careway_server::store::education::send_after_visit(
        &mut tx,
        &appointment,
        app.state.clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(again, 0);
    let inbox: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(cookie)).await;
    assert_eq!(
        inbox.iter().filter(|m| m.kind == "education").count(),
        expected.len()
    );
    // Another account sees none of them.
    let other = app.store_accounts("ed2", 212, 1).await;
    let theirs: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(&other[0].0)).await;
    assert!(theirs.is_empty());
}

#[tokio::test]
async fn a_low_rating_opens_exactly_one_complaint_which_staff_work_and_the_patient_follows() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("sv2", 202, 1).await;
    let (cookie, patient) = &accounts[0];
    let id = visit_done(&app, cookie, patient).await;
    let f = form(&app);
    let body = answers(&f, 1, Some(2), Some("等了两个小时没人解释"), Some(true));

    let reply = submit(&app, cookie, &id, body.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let survey: Survey = reply.parse();
    let follow_up = survey.follow_up.expect("2 stars opens a complaint");
    assert_eq!(follow_up.status, ComplaintStatus::Open);
    // Retried twice: still one ticket, one event.
    for _ in 0..2 {
        assert_eq!(
            submit(&app, cookie, &id, body.clone()).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM complaints").await, 1);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM events WHERE type = 'complaint.opened'"
        )
        .await,
        1
    );
    let inbox: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(cookie)).await;
    assert_eq!(inbox.iter().filter(|m| m.kind == "complaint").count(), 1);

    // The service team sees it, with the phone because the patient asked to be called.
    let reply = staff_call(
        &app,
        Method::GET,
        "/api/v1/staff/complaints?status=open",
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let list: Vec<Complaint> = reply.parse();
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c.survey_id, id);
    assert_eq!(c.overall, 2);
    assert_eq!(c.low_items, vec!["waiting.time".to_owned()]);
    assert_eq!(c.comment.as_deref(), Some("等了两个小时没人解释"));
    assert_eq!(c.contact_phone.as_deref(), Some("13602020000"));
    let path = format!("/api/v1/staff/complaints/{}", c.id);
    let patch = |body: serde_json::Value| staff_call(&app, Method::PATCH, &path, Some(body));

    let reply = patch(json!({ "status": "in_progress" })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let survey: Survey = app
        .get_as(&format!("/api/v1/surveys/{id}"), Some(cookie))
        .await;
    assert_eq!(
        survey.follow_up.unwrap().status,
        ComplaintStatus::InProgress
    );

    let reply = patch(json!({ "status": "resolved" })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.problem().errors[0].field, "resolution");
    let reply = patch(json!({ "status": "open" })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let resolution = "已与您电话沟通，候诊区将增加叫号说明屏。";
    let reply = patch(json!({ "status": "resolved", "resolution": resolution })).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.parse::<Complaint>().status, ComplaintStatus::Resolved);
    let reply = patch(json!({ "status": "in_progress" })).await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "a resolved ticket stays closed"
    );

    let survey: Survey = app
        .get_as(&format!("/api/v1/surveys/{id}"), Some(cookie))
        .await;
    let follow_up = survey.follow_up.unwrap();
    assert_eq!(follow_up.status, ComplaintStatus::Resolved);
    assert_eq!(follow_up.resolution.as_deref(), Some(resolution));
    let inbox: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(cookie)).await;
    assert_eq!(inbox.iter().filter(|m| m.kind == "complaint").count(), 3);
    assert!(inbox[0].title.zh.contains("已处理"), "{:?}", inbox[0].title);

    let reply = patch(json!({ "status": "resolved", "resolution": "x" })).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let missing = staff_call(
        &app,
        Method::PATCH,
        "/api/v1/staff/complaints/nope",
        Some(json!({ "status": "in_progress" })),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_answers_answer_422_item_by_item_and_store_nothing() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("sv3", 203, 1).await;
    let (cookie, patient) = &accounts[0];
    let id = visit_done(&app, cookie, patient).await;
    let f = form(&app);
    let fields = |reply: &common::Reply| -> Vec<(String, String)> {
        reply
            .problem()
            .errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    };

    // The overall rating is required.
    let reply = submit(&app, cookie, &id, answers(&f, 4, None, None, None)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert_eq!(
        fields(&reply),
        [("overall".to_owned(), "required".to_owned())]
    );

    // "Contact me" is asked only after a low rating.
    let reply = submit(&app, cookie, &id, answers(&f, 4, Some(5), None, Some(true))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&reply),
        [("contact-me".to_owned(), "unknown".to_owned())]
    );

    // A rating that is not one of the options.
    let mut body = answers(&f, 4, Some(5), None, None);
    let overall = body["item"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["linkId"] == "overall")
        .unwrap();
    overall["answer"][0]["valueCoding"]["code"] = json!("9");
    let reply = submit(&app, cookie, &id, body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&reply),
        [("overall".to_owned(), "out_of_range".to_owned())]
    );

    // An item the form does not have, a response still in progress, another questionnaire.
    let mut body = answers(&f, 4, Some(5), None, None);
    body["item"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "linkId": "bogus", "answer": [{ "valueString": "x" }] }));
    body["status"] = json!("in-progress");
    body["questionnaire"] = json!("http://example.org/Questionnaire/phq-9");
    let reply = submit(&app, cookie, &id, body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let got = fields(&reply);
    for field in ["status", "questionnaire", "bogus"] {
        assert!(got.iter().any(|(f, _)| f == field), "{field} in {got:?}");
    }

    // The same mistakes in the engine's JSON, as the app would send them.
    let mut body = engine_answers(&f, 4, Some(5), None, Some(true));
    body["answers"]["values"]["bogus"] = json!([{ "string": "x" }]);
    body["status"] = json!("in-progress");
    let reply = submit(&app, cookie, &id, body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let got = fields(&reply);
    for field in ["status", "bogus", "contact-me"] {
        assert!(got.iter().any(|(f, _)| f == field), "{field} in {got:?}");
    }
    let reply = submit(&app, cookie, &id, engine_answers(&f, 4, None, None, None)).await;
    assert_eq!(
        fields(&reply),
        [("overall".to_owned(), "required".to_owned())]
    );
    // A misspelt member is named, not read as "no answers".
    let mut body = engine_answers(&f, 4, Some(5), None, None);
    body["answer"] = body["answers"].take();
    body.as_object_mut().unwrap().remove("answers");
    let reply = submit(&app, cookie, &id, body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&reply),
        [("answer".to_owned(), "unknown".to_owned())]
    );
    // A FHIR resource of another type.
    let mut body = answers(&f, 4, Some(5), None, None);
    body["resourceType"] = json!("Observation");
    let reply = submit(&app, cookie, &id, body).await;
    assert_eq!(
        fields(&reply),
        [("resourceType".to_owned(), "out_of_range".to_owned())]
    );
    // A value of the wrong shape.
    let mut body = engine_answers(&f, 4, Some(5), None, None);
    body["answers"]["values"]["comments"] = json!("not a list");
    let reply = submit(&app, cookie, &id, body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&reply)[0].1, "wrong_type", "{}", reply.text());

    // Not JSON at all.
    let reply = app
        .post_raw(
            &format!("/api/v1/surveys/{id}/response"),
            "application/json",
            "{\"item\": [",
        )
        .await;
    assert!(reply.status.is_client_error(), "{}", reply.status);

    // Nothing was stored, and the survey still takes good answers.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM surveys WHERE status = 'submitted'"
        )
        .await,
        0
    );
    let reply = submit(&app, cookie, &id, answers(&f, 4, Some(4), None, None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

#[tokio::test]
async fn another_accounts_survey_is_not_found_and_staff_calls_need_the_token() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("sv4", 204, 2).await;
    let (owner, patient) = &accounts[0];
    let (other, _) = &accounts[1];
    let id = visit_done(&app, owner, patient).await;
    let f = form(&app);

    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/surveys/{id}"),
            None,
            Some(other),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = submit(&app, other, &id, answers(&f, 1, Some(1), None, None)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM complaints").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE event = 'authz.denied' AND detail LIKE '%survey%'"
        )
        .await,
        2
    );
    let reply = app
        .call(Method::GET, "/api/v1/surveys/nope", None, Some(owner))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .call(Method::GET, &format!("/api/v1/surveys/{id}"), None, None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    let reply = app.get("/api/v1/staff/complaints").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .send(
            axum::http::Request::get("/api/v1/staff/complaints")
                .header("authorization", "Bearer wrong")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_survey_past_its_due_date_can_no_longer_be_answered() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("sv5", 205, 1).await;
    let (cookie, patient) = &accounts[0];
    let id = visit_done(&app, cookie, patient).await;
    // Eight days later, with a fresh session.
    app.clock.advance(SignedDuration::from_hours(8 * 24));
    let cookie = app.login("13602050000").await;
    let survey: Survey = app
        .get_as(&format!("/api/v1/surveys/{id}"), Some(&cookie))
        .await;
    assert_eq!(survey.status, SurveyStatus::Expired);
    let f = form(&app);
    let reply = submit(&app, &cookie, &id, answers(&f, 4, Some(5), None, None)).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    assert!(reply
        .problem()
        .detail
        .unwrap_or_default()
        .contains("有效期"));
}

//! The inbox through the real router: the demo account finds the notice of its newest
//! report, opens it, and it stays read; another account's message answers 404 and is
//! audited; no session, no inbox. Tomorrow's visits are reminded of once; a medication
//! plan from the hospital's system reminds of each dose once, at its time, and the plan
//! endpoint refuses bad fields (all at once), unknown patients and callers without the
//! staff token.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use careway_core::api::inbox::InboxItem;
use careway_core::api::medication::MedicationPlan;
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

/// Sets the hospital's clock to `date` at `hhmm` (China time) and runs the schedule job.
async fn tick_at(app: &TestApp, date: &str, hhmm: &str) {
    app.clock.set(
        format!("{date}T{hhmm}:00+08:00[Asia/Shanghai]")
            .parse::<jiff::Zoned>()
            .unwrap()
            .timestamp(),
    );
    careway_server::jobs::schedule::tick(&app.state)
        .await
        .unwrap();
}

/// The medication reminders in the inbox of the patient's account, oldest first (read from
/// the store: the test moves the clock past the session's life).
async fn medicine_reminders(app: &TestApp, patient: &str) -> Vec<store::inbox::InboxRow> {
    let account: String = sqlx::query_scalar("SELECT account_id FROM patients WHERE id = ?")
        .bind(patient)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    let mut out: Vec<store::inbox::InboxRow> = store::inbox::list(&app.state.db, &account, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "reminder" && m.title_zh == "服药提醒")
        .collect();
    out.reverse();
    out
}

#[tokio::test]
async fn a_medication_plan_reminds_of_each_dose_once_at_its_time() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("med1", 221, 2).await;
    let (cookie, patient) = &accounts[0];
    let today = app.state.today().to_string();
    let day = |n: i64| {
        today
            .parse::<jiff::civil::Date>()
            .unwrap()
            .checked_add(jiff::Span::new().days(n))
            .unwrap()
            .to_string()
    };
    let plan = serde_json::json!({
        "patient_id": patient,
        "drug_zh": "二甲双胍片",
        "drug_en": "Metformin",
        "dose_zh": "每次 1 片（0.5 g），饭后",
        "times": ["12:30", "07:30"],
        "start_date": today,
        "days": 2,
    });
    let reply = common::staff_call(
        &app,
        Method::POST,
        "/api/v1/staff/medication-plans",
        Some(plan),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let plan: MedicationPlan = reply.parse();
    assert_eq!(plan.times, ["07:30", "12:30"]);
    assert_eq!(
        (plan.start_date.as_str(), plan.end_date.clone()),
        (today.as_str(), day(1))
    );

    // Nothing before the first dose; then each dose once, however often the job runs.
    tick_at(&app, &today, "07:00").await;
    assert!(medicine_reminders(&app, patient).await.is_empty());
    tick_at(&app, &today, "07:32").await;
    tick_at(&app, &today, "07:37").await;
    let sent = medicine_reminders(&app, patient).await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(
        sent[0].body_zh,
        "07:30 请服用二甲双胍片：每次 1 片（0.5 g），饭后。"
    );
    assert_eq!(
        sent[0].body_en,
        "07:30: take Metformin, 每次 1 片（0.5 g），饭后."
    );
    assert_eq!(sent[0].patient_id.as_deref(), Some(patient.as_str()));
    // The account reads it in its inbox like any message.
    let items: Vec<InboxItem> = app.get_as("/api/v1/inbox", Some(cookie)).await;
    assert!(items
        .iter()
        .any(|m| m.id == sent[0].id && m.title.en == "Time for your medicine"));
    tick_at(&app, &today, "12:31").await;
    assert_eq!(medicine_reminders(&app, patient).await.len(), 2);

    // The server was down overnight and comes back at 09:00: the 07:30 dose is still
    // reminded (within two hours); one missed by more than that would not be.
    tick_at(&app, &day(1), "09:00").await;
    let sent = medicine_reminders(&app, patient).await;
    assert_eq!(sent.len(), 3);
    assert!(sent[2].body_zh.starts_with("07:30"));
    tick_at(&app, &day(1), "14:45").await;
    assert_eq!(
        medicine_reminders(&app, patient).await.len(),
        3,
        "12:30 is 2 h 15 min ago"
    );
    // After the plan's last day: nothing more.
    tick_at(&app, &day(2), "08:00").await;
    tick_at(&app, &day(2), "13:00").await;
    assert_eq!(medicine_reminders(&app, patient).await.len(), 3);
    // Another account hears nothing of it.
    assert!(medicine_reminders(&app, &accounts[1].1).await.is_empty());

    // A member the family removes is reminded of nothing more, and gets no new plan.
    let other = &accounts[1].1;
    let plan = serde_json::json!({
        "patient_id": other, "drug_zh": "维生素 D 滴剂", "dose_zh": "每次 1 粒",
        "times": ["09:00"], "start_date": day(3), "days": 5,
    });
    let path = "/api/v1/staff/medication-plans";
    let reply = common::staff_call(&app, Method::POST, path, Some(plan.clone())).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let account: String = sqlx::query_scalar("SELECT account_id FROM patients WHERE id = ?")
        .bind(other)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    let now = app.state.clock.now();
    assert!(store::patients::remove(&app.state.db, &account, other, now)
        .await
        .unwrap());
    tick_at(&app, &day(3), "09:05").await;
    assert!(medicine_reminders(&app, other).await.is_empty());
    let reply = common::staff_call(&app, Method::POST, path, Some(plan)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let planned: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE type = 'medication.planned'")
            .fetch_one(app.state.db.read())
            .await
            .unwrap();
    assert!(planned >= 1);
}

#[tokio::test]
async fn medication_plans_refuse_bad_fields_unknown_patients_and_callers_without_the_token() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("med2", 222, 1).await;
    let path = "/api/v1/staff/medication-plans";
    let good = serde_json::json!({
        "patient_id": accounts[0].1,
        "drug_zh": "阿莫西林胶囊",
        "dose_zh": "每次 2 粒",
        "times": ["08:00", "16:00", "23:59"],
        "start_date": "2026-12-01",
        "days": 7,
    });
    // Every problem at once, by field.
    let mut bad = good.clone();
    bad["drug_zh"] = "".into();
    bad["times"] = serde_json::json!(["8:00", "16:00", "16:00"]);
    bad["start_date"] = "2026-13-01".into();
    bad["days"] = 0.into();
    let reply = common::staff_call(&app, Method::POST, path, Some(bad)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    let fields: Vec<String> = reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                e["field"].as_str().unwrap(),
                e["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            "drug_zh:required",
            "times[0]:format",
            "times[2]:duplicate",
            "days:out_of_range",
            "start_date:format"
        ]
    );
    let mut unknown = good.clone();
    unknown["frequency"] = "tid".into();
    let reply = common::staff_call(&app, Method::POST, path, Some(unknown)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    // Nobody by that id.
    let mut nobody = good.clone();
    nobody["patient_id"] = "no-such-patient".into();
    let reply = common::staff_call(&app, Method::POST, path, Some(nobody)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // A patient's session is not a staff token; a wrong token is refused and audited.
    let reply = app.post_json(&accounts[0].0, path, good.clone()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .send(
            Request::post(path)
                .header("authorization", "Bearer not-the-token")
                .header(careway_core::api::CSRF_HEADER, "1")
                .header("content-type", "application/json")
                .body(Body::from(good.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM medication_plans")
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    let reply = common::staff_call(&app, Method::POST, path, Some(good)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM medication_plans")
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(
        after,
        stored + 1,
        "nothing was stored by the refused requests"
    );
}

//! Accounts end to end through the real router and a real SQLite database: one-time codes,
//! their limits, sessions and their timeouts, anti-forgery, family members with
//! object-level authorization, masking, and the audit log's hash chain.

mod common;

use axum::http::{Method, StatusCode};
use careway_server::store;
use common::{session_cookie, Reply, TestApp};
use jiff::SignedDuration;
use serde_json::{json, Value};

const PHONE: &str = "13912345678";
const OTHER_PHONE: &str = "13787654321";

fn child() -> Value {
    json!({
        "name": "王小明",
        "sex": "male",
        "birth_date": "2015-06-01",
        "id_number": "440106201506010019",
        "phone": "139 1234 5678",
        "relation": "child"
    })
}

/// The child's grandmother, a second member with a card of her own.
fn mother() -> Value {
    let mut mother = child();
    mother["name"] = json!("赵丽");
    mother["sex"] = json!("female");
    mother["birth_date"] = json!("1950-01-01");
    mother["id_number"] = json!("110101195001010025");
    mother["relation"] = json!("parent");
    mother
}

async fn send_code(app: &TestApp, phone: &str) -> Reply {
    app.call(
        Method::POST,
        "/api/v1/login-codes",
        Some(json!({ "phone": phone })),
        None,
    )
    .await
}

async fn log_in(app: &TestApp, phone: &str, code: &str) -> Reply {
    app.call(
        Method::POST,
        "/api/v1/session",
        Some(json!({ "phone": phone, "code": code })),
        None,
    )
    .await
}

async fn events(app: &TestApp) -> Vec<String> {
    store::audit::recent_events(&app.state.db, 1000)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .map(|(event, _)| event)
        .collect()
}

fn wrong(code: &str) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
}

#[tokio::test]
async fn the_whole_login_flow() {
    let app = TestApp::new().await;
    let reply = send_code(&app, "139-1234-5678").await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    assert_eq!(
        reply.json(),
        json!({ "resend_after_seconds": 60, "expires_in_seconds": 300 })
    );

    let code = app.code_sent_to(PHONE).await;
    let reply = log_in(&app, PHONE, &code).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let set_cookie = reply.header("set-cookie").to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/;"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "plain http in tests: {set_cookie}"
    );
    let token = set_cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("careway_session=");
    assert!(token.len() >= 43, "at least 256 bits: {token}");
    let session = reply.json();
    assert_eq!(session["account"]["phone_masked"], "139****5678");
    assert_eq!(session["kiosk"], false);
    assert_eq!(session["idle_timeout_seconds"], 1800);
    assert_eq!(session["expires_at"], "2026-11-30T01:00:00Z");

    let cookie = session_cookie(&reply).unwrap();
    let me = app
        .call(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["phone_masked"], "139****5678");
    assert_eq!(me.header("cache-control"), "no-store");
    let again = app
        .call(Method::GET, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(again.json()["account"]["id"], me.json()["id"]);

    assert_eq!(
        events(&app).await,
        ["code.sent", "account.created", "login.succeeded"]
    );
    assert!(
        !token.is_empty() && !store_contains(&app, token).await,
        "the token is stored only as a hash"
    );
}

async fn store_contains(app: &TestApp, needle: &str) -> bool {
    let found: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE CAST(token_hash AS TEXT) = ? OR id = ?",
    )
    .bind(needle)
    .bind(needle)
    .fetch_one(app.state.db.read())
    .await
    .unwrap();
    found > 0
}

#[tokio::test]
async fn unknown_and_known_phones_get_identical_answers() {
    let app = TestApp::new().await;
    app.login(PHONE).await;
    app.clock.advance(SignedDuration::from_secs(61));
    let known = send_code(&app, PHONE).await;
    let unknown = send_code(&app, OTHER_PHONE).await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(known.body, unknown.body);
    let names = |r: &Reply| {
        let mut n: Vec<String> = r.headers.keys().map(|k| k.to_string()).collect();
        n.sort();
        n
    };
    assert_eq!(names(&known), names(&unknown));
}

#[tokio::test]
async fn the_demo_code_is_shown_only_for_the_demo_phone_on_a_demo_server() {
    let app = TestApp::new().await;
    let reply = send_code(&app, careway_server::demo::DEMO_PHONE).await;
    let shown = reply.json()["demo_code"].as_str().unwrap().to_owned();
    assert_eq!(
        shown,
        app.code_sent_to(careway_server::demo::DEMO_PHONE).await
    );
    assert!(send_code(&app, PHONE)
        .await
        .json()
        .get("demo_code")
        .is_none());

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hospital.toml"),
        "[hospital]\nname = { zh = \"医院\", en = \"Hospital\" }\naddress = { zh = \"路\", en = \"Road\" }\nphone = \"020-1\"\n",
    )
    .unwrap();
    let path = dir.path().to_owned();
    let real = TestApp::with_config(|c| {
        c.hospital_dir = Some(path);
        common::hospital_mode(c, "http://127.0.0.1:9/unused");
    })
    .await;
    let reply = send_code(&real, careway_server::demo::DEMO_PHONE).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    assert!(reply.json().get("demo_code").is_none());
    assert!(real
        .get("/api/v1/meta")
        .await
        .json()
        .get("demo_phone")
        .is_none());
}

#[tokio::test]
async fn wrong_guesses_lock_the_guesser_not_the_patients_code() {
    let app = TestApp::with_config(|c| c.client_ip_header = Some("x-real-ip".into())).await;
    send_code(&app, PHONE).await;
    let code = app.code_sent_to(PHONE).await;
    let from = |addr: &'static str, code: String| {
        app.post_from(
            addr,
            "/api/v1/session",
            json!({ "phone": PHONE, "code": code }),
        )
    };
    let mut answers = Vec::new();
    for _ in 0..5 {
        let reply = from("198.51.100.7", wrong(&code)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let problem = reply.json();
        assert_eq!(problem["errors"][0]["field"], "code");
        assert_eq!(problem["errors"][0]["code"], "code_wrong");
        answers.push((problem["detail"].clone(), problem["errors"].clone()));
    }
    answers.dedup();
    assert_eq!(answers.len(), 1, "no countdown tells a guesser anything");
    let reply = from("198.51.100.7", wrong(&code)).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.header("content-type"), "application/problem+json");
    let retry: u64 = reply.header("retry-after").parse().unwrap();
    assert!((1..=900).contains(&retry), "a short lockout: {retry}");
    assert_eq!(reply.json()["retry_after"], retry);
    // Locked out means locked out, even with the right code, for the guesser only.
    assert_eq!(
        from("198.51.100.7", code.clone()).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // The patient, elsewhere, still logs in with the code the guesser tried to burn.
    let reply = from("203.0.113.9", code.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    // Guessers on many addresses together use a code up after 20 wrong tries.
    app.clock.advance(SignedDuration::from_secs(61));
    send_code(&app, PHONE).await;
    let code = app.code_sent_to(PHONE).await;
    for addr in ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"] {
        for _ in 0..5 {
            let reply = from(addr, wrong(&code)).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
    let reply = from("203.0.113.9", code).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "code_wrong");
}

#[tokio::test]
async fn expired_reused_and_superseded_codes_fail() {
    let app = TestApp::new().await;
    send_code(&app, PHONE).await;
    let code = app.code_sent_to(PHONE).await;
    app.clock.advance(SignedDuration::from_secs(301));
    let reply = log_in(&app, PHONE, &code).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let expired = reply.json();
    assert_eq!(expired["errors"][0]["code"], "code_wrong");
    // An expired code and a wrong one get the same answer.
    let wrong_answer = log_in(&app, PHONE, &wrong(&code)).await.json();
    assert_eq!(expired["detail"], wrong_answer["detail"]);
    assert_eq!(expired["errors"], wrong_answer["errors"]);

    app.clock.advance(SignedDuration::from_secs(61));
    send_code(&app, PHONE).await;
    let first = app.code_sent_to(PHONE).await;
    app.clock.advance(SignedDuration::from_secs(61));
    send_code(&app, PHONE).await;
    let second = app.code_sent_to(PHONE).await;
    if first != second {
        let reply = log_in(&app, PHONE, &first).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "only the latest code works"
        );
    }
    assert_eq!(log_in(&app, PHONE, &second).await.status, StatusCode::OK);
    let reply = log_in(&app, PHONE, &second).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.json()["errors"][0]["code"],
        "code_wrong",
        "single use"
    );

    let reply = log_in(&app, OTHER_PHONE, "123456").await;
    assert_eq!(
        reply.json()["errors"][0]["code"],
        "code_wrong",
        "no code was sent: the same answer"
    );
    let reply = log_in(&app, PHONE, "12345").await;
    assert_eq!(reply.json()["errors"][0]["code"], "code_format");
}

#[tokio::test]
async fn sending_is_limited_per_phone_and_per_address() {
    let app = TestApp::with_config(|c| c.client_ip_header = Some("x-real-ip".into())).await;
    assert_eq!(send_code(&app, PHONE).await.status, StatusCode::ACCEPTED);
    let reply = send_code(&app, PHONE).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.header("retry-after"), "60");
    app.clock.advance(SignedDuration::from_secs(30));
    assert_eq!(send_code(&app, PHONE).await.header("retry-after"), "30");

    for _ in 1..5 {
        app.clock.advance(SignedDuration::from_secs(61));
        assert_eq!(send_code(&app, PHONE).await.status, StatusCode::ACCEPTED);
    }
    app.clock.advance(SignedDuration::from_secs(61));
    let reply = send_code(&app, PHONE).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "five an hour");
    let retry: u64 = reply.header("retry-after").parse().unwrap();
    assert!(
        retry > 3000 && retry <= 3600,
        "a lockout of an hour at most: {retry}"
    );
    app.clock.advance(SignedDuration::from_secs(retry as i64));
    assert_eq!(send_code(&app, PHONE).await.status, StatusCode::ACCEPTED);

    // The quota is the phone's, however it is reached: a member's phone confirmation
    // from another account counts with the phone's own logins.
    let victim = "13755556666";
    assert_eq!(send_code(&app, victim).await.status, StatusCode::ACCEPTED);
    let other = app.login(OTHER_PHONE).await;
    let member_code = || {
        app.call(
            Method::POST,
            "/api/v1/patients/phone-codes",
            Some(json!({ "phone": victim })),
            Some(&other),
        )
    };
    for _ in 1..5 {
        app.clock.advance(SignedDuration::from_secs(61));
        assert_eq!(member_code().await.status, StatusCode::ACCEPTED);
    }
    app.clock.advance(SignedDuration::from_secs(61));
    assert_eq!(member_code().await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        send_code(&app, victim).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );

    // One address asking for many phones; an IPv6 client counts by its /64.
    let app = TestApp::with_config(|c| c.client_ip_header = Some("x-real-ip".into())).await;
    let app = &app;
    let from = |addr: String, phone: String| async move {
        app.post_from(&addr, "/api/v1/login-codes", json!({ "phone": phone }))
            .await
    };
    for i in 0..30 {
        let reply = from(format!("2001:db8:0:1::{i:x}"), format!("1380000{i:04}")).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{i}");
    }
    let reply = from("2001:db8:0:1:ffff::9".into(), "13900000000".into()).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let reply = from("2001:db8:0:2::1".into(), "13900000000".into()).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "another /64");
    assert!(events(app).await.contains(&"code.rate_limited".to_owned()));
}

/// The demo phone's code is on the screen for everyone: a dozen visitors trying the demo
/// in an afternoon must not lock it.
#[tokio::test]
async fn the_demo_phone_is_never_locked() {
    let app = TestApp::new().await;
    let demo = careway_server::demo::DEMO_PHONE;
    for _ in 0..12 {
        let reply = send_code(&app, demo).await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
        for _ in 0..6 {
            let code = app.code_sent_to(demo).await;
            assert_eq!(
                log_in(&app, demo, &wrong(&code)).await.status,
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
    }
    let reply = send_code(&app, demo).await;
    let code = reply.json()["demo_code"].as_str().unwrap().to_owned();
    assert_eq!(log_in(&app, demo, &code).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_phones_are_422_in_both_languages() {
    let app = TestApp::new().await;
    let reply = send_code(&app, "12345").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "phone");
    assert_eq!(
        reply.json()["errors"][0]["message"],
        "请输入正确的 11 位手机号"
    );
    let reply = app
        .send(
            axum::http::Request::post("/api/v1/login-codes")
                .header("content-type", "application/json")
                .header("x-careway-csrf", "1")
                .header("accept-language", "en")
                .body(axum::body::Body::from(r#"{"phone":"2345"}"#))
                .unwrap(),
        )
        .await;
    assert_eq!(
        reply.json()["errors"][0]["message"],
        "Enter an 11-digit mainland mobile number"
    );
    let reply = send_code(&app, "").await;
    assert_eq!(reply.json()["errors"][0]["code"], "required");
}

#[tokio::test]
async fn sessions_end_when_idle_at_their_absolute_end_and_at_logout() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    app.clock.advance(SignedDuration::from_mins(29));
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    app.clock.advance(SignedDuration::from_mins(31));
    let reply = app
        .call(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "idle for 31 minutes"
    );
    assert_eq!(reply.json()["type"], "urn:careway:problem:unauthenticated");

    // Active every 25 minutes, the session still ends after 7 days.
    let cookie = app.login(PHONE).await;
    let mut elapsed = SignedDuration::ZERO;
    while elapsed < SignedDuration::from_hours(7 * 24 - 1) {
        app.clock.advance(SignedDuration::from_mins(25));
        elapsed += SignedDuration::from_mins(25);
        let session: Option<careway_core::api::account::SessionInfo> =
            app.get_as("/api/v1/session", Some(&cookie)).await;
        assert!(session.is_some(), "after {elapsed:?}");
    }
    app.clock.advance(SignedDuration::from_mins(25 * 3));
    let reply = app
        .call(Method::GET, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "signed out is an answer");
    assert_eq!(reply.text(), "null", "absolute timeout");
    assert!(
        reply.header("set-cookie").contains("Max-Age=0"),
        "the dead cookie is removed"
    );
    let status = app
        .call(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await
        .status;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "absolute timeout");

    // Logout ends it on the server, not just in the browser, even for a session that
    // was used a moment ago (and so is held in the server's session cache).
    app.clock.advance(SignedDuration::from_secs(61));
    let cookie = app.login(PHONE).await;
    let status = app
        .call(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await
        .status;
    assert_eq!(status, StatusCode::OK);
    let reply = app
        .call(Method::DELETE, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.header("set-cookie").contains("Max-Age=0"));
    let status = app
        .call(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await
        .status;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(events(&app).await.contains(&"logout".to_owned()));
    let reply = app
        .call(Method::DELETE, "/api/v1/session", None, None)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::NO_CONTENT,
        "logging out twice is fine"
    );
}

#[tokio::test]
async fn a_new_login_renews_the_token() {
    let app = TestApp::new().await;
    let first = app.login(PHONE).await;
    app.clock.advance(SignedDuration::from_secs(61));
    send_code(&app, PHONE).await;
    let code = app.code_sent_to(PHONE).await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({ "phone": PHONE, "code": code })),
            Some(&first),
        )
        .await;
    let second = session_cookie(&reply).unwrap();
    assert_ne!(first, second);
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&first))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&second))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn writes_without_the_anti_forgery_header_are_refused() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    for (method, path) in [
        (Method::POST, "/api/v1/login-codes"),
        (Method::POST, "/api/v1/session"),
        (Method::DELETE, "/api/v1/session"),
        (Method::POST, "/api/v1/patients"),
    ] {
        let reply = app
            .send(
                axum::http::Request::builder()
                    .method(method.clone())
                    .uri(path)
                    .header("content-type", "application/json")
                    .header("cookie", &cookie)
                    .body(axum::body::Body::from(r#"{"phone":"13912345678"}"#))
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(reply.json()["type"], "urn:careway:problem:forbidden");
    }
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK,
        "the session survived"
    );
    assert!(events(&app).await.contains(&"csrf.refused".to_owned()));
}

#[tokio::test]
async fn family_members_can_be_added_edited_defaulted_and_removed() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, child()).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let kid = reply.json();
    assert_eq!(kid["id_number_masked"], "440***********0019");
    assert_eq!(kid["phone_masked"], "139****5678");
    assert_eq!(kid["is_default"], true, "the first member is the default");
    assert!(!reply.text().contains("440106201506010019"));

    let mut mother = child();
    mother["name"] = json!("赵丽");
    mother["sex"] = json!("female");
    mother["birth_date"] = json!("1950-01-01");
    mother["id_number"] = json!("110101195001010025");
    mother["relation"] = json!("parent");
    mother["medical_card"] = json!("mc12345678");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, mother.clone()).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let mum = reply.json();
    assert_eq!(mum["medical_card_masked"], "MC1***5678");
    assert_eq!(mum["is_default"], false);

    let id = mum["id"].as_str().unwrap();
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/patients/{id}/default"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.json()["is_default"], true);
    let list = app
        .call(Method::GET, "/api/v1/patients", None, Some(&cookie))
        .await
        .json();
    assert_eq!(list[0]["id"], mum["id"], "default first");
    assert_eq!(list[1]["is_default"], false);

    // Editing without the ID number, phone or card keeps the ones on file (the app has
    // them only masked); the ID number is still checked against.
    let mut edit = mother.clone();
    for kept in ["id_number", "phone", "medical_card"] {
        edit.as_object_mut().unwrap().remove(kept);
    }
    edit["name"] = json!("赵丽华");
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/patients/{id}"),
            Some(app.with_member_code(&cookie, Some(id), edit.clone()).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["name"], "赵丽华");
    assert_eq!(reply.json()["id_number_masked"], "110***********0025");
    assert_eq!(reply.json()["phone_masked"], "139****5678");
    assert_eq!(reply.json()["medical_card_masked"], "MC1***5678");
    // An empty card removes it; a new phone replaces the old one.
    let mut change = edit.clone();
    change["medical_card"] = json!("");
    change["phone"] = json!("13700001111");
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/patients/{id}"),
            Some(app.with_member_code(&cookie, Some(id), change).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["phone_masked"], "137****1111");
    assert!(reply.json().get("medical_card_masked").is_none());
    // Adding, a phone is required.
    let mut no_phone = mother.clone();
    no_phone.as_object_mut().unwrap().remove("phone");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, no_phone).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "phone");
    assert_eq!(reply.json()["errors"][0]["code"], "required");
    edit["birth_date"] = json!("1951-01-01");
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/patients/{id}"),
            Some(app.with_member_code(&cookie, Some(id), edit).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.json()["errors"][0]["code"], "id_birth_date_mismatch");

    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{id}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let list = app
        .call(Method::GET, "/api/v1/patients", None, Some(&cookie))
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        list[0]["is_default"], true,
        "the default moves to who is left"
    );
    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/patients/{id}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    let log = events(&app).await;
    for event in ["patient.added", "patient.changed", "patient.removed"] {
        assert!(log.contains(&event.to_owned()), "{event} in {log:?}");
    }
}

/// An account has one holder ("本人"): a second is refused on the relation field, whether
/// added or edited into being, and the holder cannot be removed. The app offers neither,
/// and the server refuses both for a client that tries anyway.
#[tokio::test]
async fn an_account_has_one_holder_who_cannot_be_removed() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    let mut me = child();
    me["relation"] = json!("self");
    me["birth_date"] = json!("1950-01-01");
    me["id_number"] = json!("110101195001010025");
    me["sex"] = json!("female");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, me).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let holder = reply.json()["id"].as_str().unwrap().to_owned();

    let mut second = child();
    second["relation"] = json!("self");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, second).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert_eq!(reply.json()["errors"][0]["field"], "relation");
    assert_eq!(reply.json()["errors"][0]["code"], "duplicate");

    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, child()).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let kid = reply.json()["id"].as_str().unwrap().to_owned();
    let mut promoted = child();
    promoted["relation"] = json!("self");
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/patients/{kid}"),
            Some(app.with_member_code(&cookie, Some(&kid), promoted).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert_eq!(reply.json()["errors"][0]["field"], "relation");

    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{holder}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{kid}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
}

#[tokio::test]
async fn bad_member_details_are_422_with_every_field_named() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    let mut bad = child();
    bad["id_number"] = json!("440106201506010018");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, bad).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "id_number");
    assert_eq!(reply.json()["errors"][0]["code"], "id_checksum");
    assert_eq!(
        reply.json()["errors"][0]["message"],
        "身份证号校验不通过，请检查是否输错"
    );

    let mut bad = child();
    bad["birth_date"] = json!("2015-06-02");
    bad["sex"] = json!("female");
    bad["phone"] = json!("1234");
    let reply = app
        .send(
            axum::http::Request::post("/api/v1/patients")
                .header("content-type", "application/json")
                .header("x-careway-csrf", "1")
                .header("accept-language", "en")
                .header("cookie", &cookie)
                .body(axum::body::Body::from(bad.to_string()))
                .unwrap(),
        )
        .await;
    let fields: Vec<(String, String)> = reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            (
                "birth_date".to_owned(),
                "The birth date does not match the ID number".to_owned()
            ),
            (
                "sex".to_owned(),
                "The sex does not match the ID number".to_owned()
            ),
            (
                "phone".to_owned(),
                "Enter an 11-digit mainland mobile number".to_owned()
            ),
        ]
    );

    let mut bad = child();
    bad["relation"] = json!("neighbour");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, bad).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "relation");
}

#[tokio::test]
async fn one_id_once_per_account_and_at_most_eight_members() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    assert_eq!(
        app.call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, child()).await),
            Some(&cookie)
        )
        .await
        .status,
        StatusCode::CREATED
    );
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, child()).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "id_number");
    assert_eq!(reply.json()["errors"][0]["code"], "duplicate");

    // Seven more distinct, valid children born on consecutive days.
    for i in 2..=8 {
        let id = with_check(&format!(
            "4401062015060{i}00{}",
            if i % 2 == 0 { 1 } else { 3 }
        ));
        let mut member = child();
        member["birth_date"] = json!(format!("2015-06-{i:02}"));
        member["id_number"] = json!(id);
        // A phone of each child's own: one phone gets five codes an hour.
        member["phone"] = json!(format!("1391234560{i}"));
        let reply = app
            .call(
                Method::POST,
                "/api/v1/patients",
                Some(app.with_member_code(&cookie, None, member).await),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{i}: {}", reply.text());
    }
    let mut ninth = child();
    ninth["birth_date"] = json!("2015-06-09");
    ninth["id_number"] = json!(with_check("44010620150609001"));
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, ninth).await),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.json()["detail"].as_str().unwrap().contains('8'));
}

fn with_check(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .bytes()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{first17}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

#[tokio::test]
async fn another_accounts_member_is_404_and_audited() {
    let app = TestApp::new().await;
    let alice = app.login(PHONE).await;
    let kid = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&alice, None, child()).await),
            Some(&alice),
        )
        .await
        .json();
    let id = kid["id"].as_str().unwrap();
    let bob = app.login(OTHER_PHONE).await;

    let without_request_id = |reply: &Reply| {
        let mut problem = reply.json();
        problem.as_object_mut().unwrap().remove("request_id");
        problem
    };
    let missing = app
        .call(
            Method::GET,
            "/api/v1/patients/0190f0f0-0000-7000-8000-000000000000",
            None,
            Some(&bob),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let path = format!("/api/v1/patients/{id}");
    let mut edit = child();
    edit.as_object_mut().unwrap().remove("id_number");
    for (method, path, body) in [
        (Method::GET, path.clone(), None),
        (Method::PUT, path.clone(), Some(edit)),
        (Method::DELETE, path.clone(), None),
        (Method::POST, format!("{path}/default"), None),
    ] {
        let reply = app.call(method.clone(), &path, body, Some(&bob)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(
            without_request_id(&reply),
            without_request_id(&missing),
            "someone else's member looks exactly like no member"
        );
    }
    let denied = events(&app)
        .await
        .iter()
        .filter(|e| *e == "authz.denied")
        .count();
    assert_eq!(denied, 4);

    // Alice's child is untouched.
    let reply = app.call(Method::GET, &path, None, Some(&alice)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["name"], "王小明");
    assert!(app
        .call(Method::GET, "/api/v1/patients", None, Some(&bob))
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn patient_endpoints_need_a_session() {
    let app = TestApp::new().await;
    for (method, path) in [
        (Method::GET, "/api/v1/patients"),
        (Method::POST, "/api/v1/patients"),
        (Method::GET, "/api/v1/patients/x"),
        (Method::GET, "/api/v1/me"),
    ] {
        let body = (method == Method::POST).then(child);
        let reply = app.call(method.clone(), path, body, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {path}");
        let reply = app
            .call(
                method.clone(),
                path,
                (method == Method::POST).then(child),
                Some("careway_session=forged"),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{method} {path} forged"
        );
    }
}

#[tokio::test]
async fn a_signed_out_browser_asks_who_is_logged_in_and_hears_null() {
    let app = TestApp::new().await;
    for cookie in [None, Some("careway_session=forged")] {
        let reply = app.call(Method::GET, "/api/v1/session", None, cookie).await;
        assert_eq!(reply.status, StatusCode::OK, "{cookie:?}");
        assert_eq!(reply.header("content-type"), "application/json");
        assert_eq!(reply.text(), "null", "{cookie:?}");
        let signed_out: Option<careway_core::api::account::SessionInfo> = reply.parse();
        assert_eq!(signed_out, None);
        assert_eq!(
            reply.header("set-cookie").contains("Max-Age=0"),
            cookie.is_some(),
            "only a cookie that was sent is removed"
        );
    }
    let cookie = app.login(PHONE).await;
    let info: Option<careway_core::api::account::SessionInfo> =
        app.get_as("/api/v1/session", Some(&cookie)).await;
    assert!(info.is_some_and(|s| s.account.phone_masked == "139****5678"));
    app.call(Method::DELETE, "/api/v1/session", None, Some(&cookie))
        .await;
    let reply = app
        .call(Method::GET, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(
        (reply.status, reply.text().as_str()),
        (StatusCode::OK, "null")
    );
}

#[tokio::test]
async fn a_kiosk_logs_in_by_card_and_its_session_is_short() {
    let app = TestApp::new().await;
    let card = careway_server::demo::DEMO_CARD;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/kiosk/login-codes",
            Some(json!({ "card_number": card.to_lowercase() })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    let code = reply.json()["demo_code"].as_str().unwrap().to_owned();
    assert_eq!(
        code,
        app.code_sent_to(careway_server::demo::DEMO_PHONE).await,
        "sent to the phone on file"
    );

    let reply = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({ "card_number": card, "code": code, "kiosk": true })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["kiosk"], true);
    assert_eq!(reply.json()["idle_timeout_seconds"], 90);
    assert!(
        !reply.header("set-cookie").contains("Max-Age"),
        "a kiosk cookie dies with the browser"
    );
    let cookie = session_cookie(&reply).unwrap();
    let members = app
        .call(Method::GET, "/api/v1/patients", None, Some(&cookie))
        .await
        .json();
    assert_eq!(members[0]["name"], "李华");

    app.clock.advance(SignedDuration::from_secs(60));
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::OK
    );
    app.clock.advance(SignedDuration::from_secs(91));
    assert_eq!(
        app.call(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "90 s idle ends a kiosk session"
    );

    // The resident ID number works as a card too.
    let reply = app
        .call(
            Method::POST,
            "/api/v1/kiosk/login-codes",
            Some(json!({ "card_number": "110101198503151235" })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn an_unknown_card_gets_the_same_answer_and_no_code_works() {
    let app = TestApp::new().await;
    let unknown = app
        .call(
            Method::POST,
            "/api/v1/kiosk/login-codes",
            Some(json!({ "card_number": "MC99999999" })),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    assert_eq!(
        unknown.json(),
        json!({ "resend_after_seconds": 60, "expires_in_seconds": 300 })
    );
    for code in ["000000", "123456"] {
        let reply = app
            .call(
                Method::POST,
                "/api/v1/session",
                Some(json!({ "card_number": "MC99999999", "code": code, "kiosk": true })),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.json()["errors"][0]["code"], "code_wrong");
    }
    let reply = app
        .call(
            Method::POST,
            "/api/v1/kiosk/login-codes",
            Some(json!({ "card_number": "12-34" })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "card_number");
}

#[tokio::test]
async fn no_response_carries_a_full_phone_or_id_number() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    let mut bodies = Vec::new();
    bodies.push(
        app.call(
            Method::POST,
            "/api/v1/patients",
            Some(app.with_member_code(&cookie, None, child()).await),
            Some(&cookie),
        )
        .await
        .text(),
    );
    bodies.push(
        app.call(Method::GET, "/api/v1/patients", None, Some(&cookie))
            .await
            .text(),
    );
    bodies.push(
        app.call(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .text(),
    );
    bodies.push(
        app.call(Method::GET, "/api/v1/session", None, Some(&cookie))
            .await
            .text(),
    );
    for body in bodies {
        for secret in [PHONE, "440106201506010019"] {
            assert!(!body.contains(secret), "{secret} in {body}");
        }
    }
}

/// What the audit verifier names in a log that has been tampered with; fails the test
/// when the log still verifies.
async fn broken_entry(app: &TestApp) -> store::audit::Broken {
    store::audit::verify(&app.state.db)
        .await
        .unwrap()
        .expect_err("the tampered log no longer verifies")
}

#[tokio::test]
async fn an_edited_or_deleted_audit_entry_is_named_by_the_verifier() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    app.call(
        Method::POST,
        "/api/v1/patients",
        Some(app.with_member_code(&cookie, None, child()).await),
        Some(&cookie),
    )
    .await;
    app.call(Method::DELETE, "/api/v1/session", None, Some(&cookie))
        .await;
    let db = app.state.db.write();
    let intact = store::audit::verify(&app.state.db).await.unwrap().unwrap();
    // code sent, login, code sent (the member's phone), member added, logout.
    assert_eq!(intact, 6);

    // SQL cannot change the log: the triggers refuse.
    assert!(
        sqlx::query("UPDATE audit_log SET event = 'x' WHERE seq = 2")
            .execute(db)
            .await
            .is_err()
    );
    assert!(sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(db)
        .await
        .is_err());

    // Someone with the database file drops the triggers and edits entry 3.
    app.sql("DROP TRIGGER audit_log_no_update").await;
    app.sql("DROP TRIGGER audit_log_no_delete").await;
    app.sql("UPDATE audit_log SET account_id = 'someone-else' WHERE seq = 3")
        .await;
    let broken = broken_entry(&app).await;
    assert_eq!(broken.seq, 3);
    assert!(broken.to_string().contains("entry 3"), "{broken}");

    // Or deletes entry 2 (and, to hide it, the edit above is undone by deleting 3 too).
    app.sql("DELETE FROM audit_log WHERE seq IN (2, 3)").await;
    assert_eq!(broken_entry(&app).await.seq, 2);

    // Or deletes the newest entries, which nothing chains onto.
    let app = TestApp::new().await;
    app.login(PHONE).await;
    app.sql("DROP TRIGGER audit_log_no_delete").await;
    app.sql("DELETE FROM audit_log WHERE seq = 3").await;
    let broken = broken_entry(&app).await;
    assert_eq!(broken.seq, 3, "{broken}");
}

#[tokio::test]
async fn the_audit_verifier_runs_as_a_command() {
    let app = TestApp::new().await;
    app.login(PHONE).await;
    let binary = env!("CARGO_BIN_EXE_careway-server");
    let run_with = |secret: Option<&str>| {
        let mut command = std::process::Command::new(binary);
        command
            .arg("audit-verify")
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("CAREWAY_DATA_DIR", &app.state.config.data_dir)
            .env_remove("CAREWAY_SECRET");
        if let Some(secret) = secret {
            command.env("CAREWAY_SECRET", secret);
        }
        command.output().unwrap()
    };
    let run = || run_with(None);
    let ok = run();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("3 entries"));
    // With any key but the server's, the sealed entries do not verify.
    let other_key = run_with(Some(&"00".repeat(32)));
    assert!(!other_key.status.success());
    assert!(
        String::from_utf8_lossy(&other_key.stderr).contains("entry 1"),
        "{}",
        String::from_utf8_lossy(&other_key.stderr)
    );
    app.sql("DROP TRIGGER audit_log_no_update").await;
    app.sql("UPDATE audit_log SET detail = '{}' WHERE seq = 1")
        .await;
    let bad = run();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("entry 1"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// Asks for a kiosk code for `card`, expecting the usual 202.
async fn card_code(app: &TestApp, card: &str) {
    let reply = app
        .call(
            Method::POST,
            "/api/v1/kiosk/login-codes",
            Some(json!({ "card_number": card })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
}

/// Whatever is waiting in the outbox for `phone`.
async fn messages_to(app: &TestApp, phone: &str) -> Vec<String> {
    store::outbox::pending_for(&app.state.db, phone)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.body)
        .collect()
}

/// A stranger who types the demo patient's card number into his own account, next to
/// his own phone or next to the victim's, gets neither the victim's kiosk code nor a way
/// to make the victim log into his account.
#[tokio::test]
async fn a_stranger_who_saves_someone_elses_card_cannot_receive_or_use_its_login() {
    let app = TestApp::new().await;
    let card = careway_server::demo::DEMO_CARD;
    let victim_phone = careway_server::demo::DEMO_PHONE;
    let stranger = app.login(OTHER_PHONE).await;

    // With his own phone: he can confirm that phone, so the member is saved.
    let mut copy = child();
    copy["name"] = json!("李华");
    copy["sex"] = json!("male");
    copy["birth_date"] = json!("1985-03-15");
    copy["id_number"] = json!("110101198503151235");
    copy["relation"] = json!("other");
    copy["phone"] = json!(OTHER_PHONE);
    copy["medical_card"] = json!(card);
    let reply = app.add_member(&stranger, copy.clone()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    app.sql("DELETE FROM outbox").await;

    // The victim's card still sends its code to the victim's phone, not the stranger's.
    card_code(&app, card).await;
    assert!(
        messages_to(&app, OTHER_PHONE).await.is_empty(),
        "nothing for the stranger's phone"
    );
    let code = app.code_sent_to(victim_phone).await;
    let login = |code: String| {
        app.call(
            Method::POST,
            "/api/v1/session",
            Some(json!({ "card_number": card, "code": code })),
            None,
        )
    };
    // The stranger, without the code, cannot log in with the card (he tries his luck).
    assert_ne!(login(wrong(&code)).await.status, StatusCode::OK);
    // The victim, with it, enters the victim's own account.
    let reply = login(code).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["account"]["phone_masked"], "138****8000");

    // With the victim's phone: the phone cannot be confirmed without the victim's code,
    // so nothing is saved, and the victim's phone receives only that code request.
    let mut with_victims_phone = copy.clone();
    with_victims_phone["phone"] = json!(victim_phone);
    with_victims_phone["medical_card"] = json!("MC20269999");
    with_victims_phone["phone_code"] = json!("123456");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(with_victims_phone.clone()),
            Some(&stranger),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "phone_code");
    with_victims_phone
        .as_object_mut()
        .unwrap()
        .remove("phone_code");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(with_victims_phone),
            Some(&stranger),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["code"], "required");
}

/// A member whose phone was not confirmed (saved before confirmation existed) sends
/// its kiosk code to the account's own phone, which logs only its owner in.
#[tokio::test]
async fn an_unconfirmed_members_card_login_goes_to_the_accounts_phone() {
    let app = TestApp::new().await;
    let owner = app.login(OTHER_PHONE).await;
    let mut mother = mother();
    mother["phone"] = json!("13700001111");
    mother["medical_card"] = json!("MC55550001");
    let reply = app.add_member(&owner, mother).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    app.sql("DELETE FROM outbox").await;
    app.clock.advance(SignedDuration::from_secs(61));
    card_code(&app, "MC55550001").await;
    assert_eq!(messages_to(&app, "13700001111").await.len(), 1, "confirmed");

    app.sql("UPDATE patients SET phone_verified_at = NULL WHERE medical_card = 'MC55550001'")
        .await;
    app.sql("DELETE FROM outbox").await;
    app.clock.advance(SignedDuration::from_secs(61));
    card_code(&app, "MC55550001").await;
    assert!(messages_to(&app, "13700001111").await.is_empty());
    assert_eq!(messages_to(&app, OTHER_PHONE).await.len(), 1);
}

/// Adding a member, or changing the phone, ID number or card that kiosk logins follow,
/// takes a code sent to the member's phone; the account's phone hears about it.
#[tokio::test]
async fn saving_a_member_takes_a_code_from_its_phone_and_the_account_is_told() {
    let app = TestApp::new().await;
    let cookie = app.login(OTHER_PHONE).await;
    let mut member = child();
    member["phone"] = json!("13700002222");
    let refused = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(member.clone()),
            Some(&cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"][0]["field"], "phone_code");
    let with_code = app.with_member_code(&cookie, None, member.clone()).await;
    // A code for another phone does not confirm this one.
    let mut elsewhere = with_code.clone();
    elsewhere["phone"] = json!("13700003333");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(elsewhere),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = app
        .call(
            Method::POST,
            "/api/v1/patients",
            Some(with_code.clone()),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let told = messages_to(&app, OTHER_PHONE).await;
    assert!(
        told.iter().any(|m| m.contains("添加了就诊人王**")),
        "{told:?}"
    );
    // The same code does not work twice.
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/patients/{id}"),
            Some(json!({
                "name": "王小明", "sex": "male", "birth_date": "2015-06-01",
                "relation": "child", "medical_card": "MC77770001",
                "phone_code": with_code["phone_code"],
            })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "phone_code");
    // A new card takes a new code, sent to the phone on file.
    let change = app
        .with_member_code(
            &cookie,
            Some(&id),
            json!({
                "name": "王小明", "sex": "male", "birth_date": "2015-06-01",
                "relation": "child", "medical_card": "MC77770001",
            }),
        )
        .await;
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/patients/{id}"),
            Some(change),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    // A new name alone needs none.
    let reply = app
        .call(
            Method::PUT,
            &format!("/api/v1/patients/{id}"),
            Some(json!({
                "name": "王晓明", "sex": "male", "birth_date": "2015-06-01",
                "relation": "child",
            })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

/// A card login is a kiosk session whatever the client claims, and a kiosk session
/// cannot change the family.
#[tokio::test]
async fn a_card_login_is_a_short_kiosk_session_that_cannot_change_the_family() {
    let app = TestApp::new().await;
    let card = careway_server::demo::DEMO_CARD;
    card_code(&app, card).await;
    let code = app.code_sent_to(careway_server::demo::DEMO_PHONE).await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/session",
            Some(json!({ "card_number": card, "code": code, "kiosk": false })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["kiosk"], true);
    assert_eq!(reply.json()["idle_timeout_seconds"], 90);
    assert!(!reply.header("set-cookie").contains("Max-Age"));
    let cookie = session_cookie(&reply).unwrap();
    let members = app
        .call(Method::GET, "/api/v1/patients", None, Some(&cookie))
        .await
        .json();
    let id = members[0]["id"].as_str().unwrap().to_owned();
    for (method, path, body) in [
        (Method::POST, "/api/v1/patients".to_owned(), Some(child())),
        (
            Method::POST,
            "/api/v1/patients/phone-codes".to_owned(),
            Some(json!({ "phone": "13700004444" })),
        ),
        (Method::PUT, format!("/api/v1/patients/{id}"), Some(child())),
        (Method::DELETE, format!("/api/v1/patients/{id}"), None),
        (Method::POST, format!("/api/v1/patients/{id}/default"), None),
    ] {
        let reply = app.call(method.clone(), &path, body, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert!(reply.problem().detail.unwrap().contains("自助机"));
    }
    assert!(messages_to(&app, "13700004444").await.is_empty());
}

/// Recomputes the plain SHA-256 chain (the hash entries had before the chain was keyed)
/// from entry `from` through entry `through`, as someone with the database file but without the
/// server's secret can. The update trigger must be gone.
async fn rechain_plain(app: &TestApp, from: i64, through: i64) {
    use sha2::{Digest, Sha256};
    type Entry = (i64, i64, String, Option<String>, String, String, String);
    let db = app.state.db.write();
    let mut prev: String = if from == 1 {
        store::audit::GENESIS.to_owned()
    } else {
        sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = ?")
            .bind(from - 1)
            .fetch_one(db)
            .await
            .unwrap()
    };
    let rows: Vec<Entry> = sqlx::query_as(
        "SELECT seq, at, event, account_id, client_addr, request_id, detail
         FROM audit_log WHERE seq BETWEEN ? AND ? ORDER BY seq",
    )
    .bind(from)
    .bind(through)
    .fetch_all(db)
    .await
    .unwrap();
    for (seq, at, event, account, addr, request, detail) in rows {
        let mut h = Sha256::new();
        for part in [
            prev.as_str(),
            &seq.to_string(),
            &at.to_string(),
            &event,
            account.as_deref().unwrap_or(""),
            &addr,
            &request,
            &detail,
        ] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        sqlx::query("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")
            .bind(&prev)
            .bind(&hash)
            .bind(seq)
            .execute(db)
            .await
            .unwrap();
        prev = hash;
    }
}

#[tokio::test]
async fn an_entry_rewritten_with_a_recomputed_plain_chain_is_caught() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    let reply = app.add_member(&cookie, child()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    // code sent, login, code sent (the member's phone), member added.
    assert_eq!(
        store::audit::verify(&app.state.db).await.unwrap().unwrap(),
        5
    );
    // Someone with the database file changes whose entry 2 is and recomputes every
    // hash from there, the way the chain used to be computed.
    app.sql("DROP TRIGGER audit_log_no_update").await;
    app.sql("UPDATE audit_log SET account_id = 'someone-else' WHERE seq = 2")
        .await;
    rechain_plain(&app, 2, i64::MAX).await;
    let broken = broken_entry(&app).await;
    assert_eq!(broken.seq, 2, "{broken}");
    // Rewriting the whole chain that way does not pass either.
    rechain_plain(&app, 1, i64::MAX).await;
    let broken = broken_entry(&app).await;
    assert_eq!(broken.seq, 1, "{broken}");
    assert!(broken.reason.contains("sealed"), "{broken}");
}

#[tokio::test]
async fn a_chain_from_before_the_key_is_sealed_at_start_and_then_holds() {
    let app = TestApp::new().await;
    let cookie = app.login(PHONE).await;
    app.call(Method::DELETE, "/api/v1/session", None, Some(&cookie))
        .await;
    // A database written by a server that hashed its entries without a key.
    app.sql("DROP TRIGGER audit_log_no_update").await;
    rechain_plain(&app, 1, i64::MAX).await;
    app.sql(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    )
    .await;
    assert!(broken_entry(&app).await.reason.contains("sealed"));

    // The server starts on it: the unkeyed entries are sealed by a keyed one.
    let config = (*app.state.config).clone();
    let restarted = careway_server::AppState::open(config, std::sync::Arc::new(app.clock.clone()))
        .await
        .unwrap();
    let entries = store::audit::verify(&restarted.db).await.unwrap().unwrap();
    assert_eq!(entries, 5, "four old entries and the seal");
    assert_eq!(events(&app).await.last().unwrap(), "audit.chain_sealed");
    // Once sealed, it stays sealed: a second start writes nothing.
    let config = (*app.state.config).clone();
    careway_server::AppState::open(config, std::sync::Arc::new(app.clock.clone()))
        .await
        .unwrap();
    app.login("13900000001").await;
    assert_eq!(
        store::audit::verify(&app.state.db).await.unwrap().unwrap(),
        8
    );

    // The old entries cannot be rewritten now: the seal chains onto them with the key,
    // and rewriting the seal and what follows it unkeyed leaves no sealed entry.
    app.sql("DROP TRIGGER audit_log_no_update").await;
    app.sql("UPDATE audit_log SET account_id = 'someone-else' WHERE seq = 2")
        .await;
    rechain_plain(&app, 2, 4).await;
    assert_eq!(broken_entry(&app).await.seq, 5);
    rechain_plain(&app, 5, i64::MAX).await;
    assert!(broken_entry(&app).await.reason.contains("sealed"));
}

/// Where the hospital names its kiosks' networks, a card login works only from there.
#[tokio::test]
async fn card_logins_come_only_from_the_kiosks_networks_when_named() {
    let app = TestApp::with_config(|c| {
        c.client_ip_header = Some("x-real-ip".into());
        c.kiosk_networks = vec![careway_server::config::Network::parse("10.20.0.0/16").unwrap()];
    })
    .await;
    let from = |addr: &'static str| {
        let card = json!({ "card_number": careway_server::demo::DEMO_CARD });
        app.post_from(addr, "/api/v1/kiosk/login-codes", card)
    };
    let reply = from("203.0.113.9").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.problem().detail.unwrap().contains("自助机"));
    assert_eq!(from("10.20.1.5").await.status, StatusCode::ACCEPTED);
}

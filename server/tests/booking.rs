//! Booking through the real router on real SQLite: the slot pool, the rules, idempotent
//! retries, cancel and reschedule (including the atomic failure), the hospital stopping a
//! session, object-level authorization, and a race of 500 clients for the last place.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use careway_core::api::account::{CheckedPatient, Relation};
use careway_core::identity::{CivilDate, Sex};
use careway_server::clock::Clock;
use careway_server::store;
use common::{Reply, TestApp};
use jiff::{SignedDuration, Timestamp};
use serde_json::{json, Value};

const DEMO_PHONE: &str = careway_server::demo::DEMO_PHONE;

async fn demo_login(app: &TestApp) -> String {
    app.login(DEMO_PHONE).await
}

async fn members(app: &TestApp, cookie: &str) -> Vec<Value> {
    app.call(Method::GET, "/api/v1/patients", None, Some(cookie))
        .await
        .json()
        .as_array()
        .unwrap()
        .clone()
}

/// The open windows of a department, soonest first: (slot id, session id, remaining, doctor).
async fn open_windows(
    app: &TestApp,
    department: &str,
) -> Vec<(String, String, u64, String, String)> {
    let doctors = app
        .get(&format!("/api/v1/departments/{department}/doctors"))
        .await
        .json();
    let mut out = Vec::new();
    for d in doctors.as_array().unwrap() {
        for s in d["sessions"].as_array().unwrap() {
            for w in s["slots"].as_array().unwrap() {
                if w["availability"] == "open" {
                    out.push((
                        w["id"].as_str().unwrap().to_owned(),
                        s["id"].as_str().unwrap().to_owned(),
                        w["remaining"].as_u64().unwrap(),
                        d["doctor"]["id"].as_str().unwrap().to_owned(),
                        s["date"].as_str().unwrap().to_owned(),
                    ));
                }
            }
        }
    }
    out.sort_by(|a, b| a.4.cmp(&b.4));
    out
}

async fn book(app: &TestApp, cookie: &str, slot: &str, patient: &str, key: Option<&str>) -> Reply {
    let mut request = axum::http::Request::post("/api/v1/appointments")
        .header("content-type", "application/json")
        .header("x-careway-csrf", "1")
        .header("cookie", cookie);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    app.send(
        request
            .body(axum::body::Body::from(
                json!({ "slot_id": slot, "patient_id": patient }).to_string(),
            ))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn departments_are_listed_and_searchable() {
    let app = TestApp::new().await;
    let all = app.get("/api/v1/departments").await.json();
    assert!(all.as_array().unwrap().len() >= 15);
    let emergency = all
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "emergency")
        .unwrap();
    assert_eq!(emergency["bookable"], false);
    for q in ["sjnk", "神经", "Neuro", "头痛"] {
        let found = app
            .get(&format!("/api/v1/departments?q={}", urlencode(q)))
            .await
            .json();
        let ids: Vec<&str> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&"neurology"), "{q}: {ids:?}");
        assert!(!ids.contains(&"orthopedics"), "{q}: {ids:?}");
    }
    assert_eq!(
        app.get("/api/v1/departments/nowhere/doctors").await.status,
        StatusCode::NOT_FOUND
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn the_demo_hospital_has_fifty_doctors_two_weeks_of_clinics_some_full() {
    let app = TestApp::new().await;
    let departments = app.get("/api/v1/departments").await.json();
    let (mut doctors, mut full, mut nearly, mut open, mut not_released) = (0, 0, 0, 0, 0);
    let mut dates = std::collections::BTreeSet::new();
    for d in departments
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["bookable"] == true)
    {
        let list = app
            .get(&format!(
                "/api/v1/departments/{}/doctors",
                d["id"].as_str().unwrap()
            ))
            .await
            .json();
        for doctor in list.as_array().unwrap() {
            doctors += 1;
            for s in doctor["sessions"].as_array().unwrap() {
                dates.insert(s["date"].as_str().unwrap().to_owned());
                match s["availability"].as_str().unwrap() {
                    "full" => full += 1,
                    "open" if s["remaining"] == 1 => nearly += 1,
                    "open" => open += 1,
                    "not_released" => not_released += 1,
                    _ => {}
                }
            }
        }
    }
    assert!(doctors >= 50, "{doctors} doctors");
    assert_eq!(dates.len(), 15, "today and the 14 days ahead: {dates:?}");
    assert!(
        full >= 10 && nearly >= 10 && open >= 30,
        "full {full}, nearly {nearly}, open {open}"
    );
    assert_eq!(
        not_released, 0,
        "at 09:00 everything up to 14 days ahead is released"
    );
}

#[tokio::test]
async fn a_patient_books_a_window_and_sees_it() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = &members(&app, &cookie).await[0];
    let (slot, _, remaining, doctor, _) = open_windows(&app, "neurology").await.remove(0);
    let reply = book(&app, &cookie, &slot, me["id"].as_str().unwrap(), None).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let a = reply.json();
    assert_eq!(a["status"], "booked");
    assert_eq!(a["patient_name"], "李华");
    assert_eq!(a["department"]["id"], "neurology");
    assert_eq!(a["doctor"]["id"], doctor.as_str());
    assert_eq!(a["check_in_code"].as_str().unwrap().len(), 10);
    assert!(a["instructions"].as_array().unwrap().len() >= 3);
    assert_eq!(a["changeable"], true);

    let (capacity, booked, live) = store::booking::slot_counts(&app.state.db, &slot)
        .await
        .unwrap();
    assert_eq!(capacity - booked, remaining as i64 - 1);
    assert_eq!(booked, live, "the counter agrees with the appointments");

    let list = app
        .call(Method::GET, "/api/v1/appointments", None, Some(&cookie))
        .await
        .json();
    assert_eq!(list[0]["id"], a["id"]);
    let id = a["id"].as_str().unwrap();
    let detail = app
        .call(
            Method::GET,
            &format!("/api/v1/appointments/{id}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(detail.json()["id"], a["id"]);
    assert!(app
        .call(
            Method::GET,
            "/api/v1/appointments?scope=past",
            None,
            Some(&cookie)
        )
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());

    let ics = app
        .call(
            Method::GET,
            &format!("/api/v1/appointments/{id}/calendar.ics"),
            None,
            Some(&cookie),
        )
        .await;
    assert!(ics.header("content-type").starts_with("text/calendar"));
    let text = ics.text();
    assert!(
        text.contains("BEGIN:VEVENT") && text.contains("DTSTART:") && text.contains("神经内科"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.len() <= 76), "lines are folded");
    let qr = app
        .call(
            Method::GET,
            &format!("/api/v1/appointments/{id}/qr.svg"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(qr.header("content-type"), "image/svg+xml");
    assert!(qr.text().contains("<svg"));

    let events: Vec<String> = sqlx::query_scalar("SELECT type FROM events WHERE subject_id = ?")
        .bind(id)
        .fetch_all(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(events, ["appointment.booked"]);
}

#[tokio::test]
async fn a_retry_with_the_same_key_gets_the_first_booking_back() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (slot, ..) = open_windows(&app, "cardiology").await.remove(0);
    let first = book(&app, &cookie, &slot, &me, Some("k-123")).await;
    let again = book(&app, &cookie, &slot, &me, Some("k-123")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(first.json()["id"], again.json()["id"]);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE patient_id = ?")
        .bind(&me)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(rows, 1);

    // The same key for a different request is refused, not replayed.
    let (other, ..) = open_windows(&app, "ent").await.remove(0);
    let reused = book(&app, &cookie, &other, &me, Some("k-123")).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reused.json()["errors"][0]["field"], "Idempotency-Key");
}

#[tokio::test]
async fn one_visit_per_patient_department_and_day_and_a_cap_per_account() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let family = members(&app, &cookie).await;
    let (me, mother) = (
        family[0]["id"].as_str().unwrap(),
        family[1]["id"].as_str().unwrap(),
    );
    let windows = open_windows(&app, "neurology").await;
    let (slot, _, _, _, date) = windows
        .iter()
        .find(|w| windows.iter().filter(|v| v.4 == w.4).count() >= 2)
        .expect("a day with two open windows");
    assert_eq!(
        book(&app, &cookie, slot, me, None).await.status,
        StatusCode::CREATED
    );
    let same_day = windows
        .iter()
        .find(|w| &w.4 == date && &w.0 != slot)
        .unwrap();
    let reply = book(&app, &cookie, &same_day.0, me, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["type"], "urn:careway:problem:booking-limit");
    assert!(reply.json()["detail"].as_str().unwrap().contains("同一天"));
    assert_eq!(
        book(&app, &cookie, &same_day.0, mother, None).await.status,
        StatusCode::CREATED,
        "another patient may"
    );

    // Six upcoming bookings per account (two made above).
    let mut booked = 2;
    for department in [
        "cardiology",
        "ent",
        "dermatology",
        "ophthalmology",
        "stomatology",
    ] {
        let (slot, ..) = open_windows(&app, department).await.remove(0);
        let reply = book(&app, &cookie, &slot, me, None).await;
        if booked < 6 {
            assert_eq!(
                reply.status,
                StatusCode::CREATED,
                "{department}: {}",
                reply.text()
            );
            booked += 1;
        } else {
            assert_eq!(reply.status, StatusCode::CONFLICT, "{department}");
            assert_eq!(reply.json()["type"], "urn:careway:problem:booking-limit");
        }
    }
    assert_eq!(booked, 6);
}

#[tokio::test]
async fn a_full_window_is_a_409_and_nothing_is_overbooked() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (slot, _, remaining, ..) = open_windows(&app, "orthopedics").await.remove(0);
    store::booking::book_walk_ins(
        &app.state.db,
        &[(slot.clone(), remaining as u32)],
        "window",
        app.clock.now(),
    )
    .await
    .unwrap();
    let reply = book(&app, &cookie, &slot, &me, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["type"], "urn:careway:problem:slot-taken");
    assert_eq!(reply.header("content-type"), "application/problem+json");
    let (capacity, booked, live) = store::booking::slot_counts(&app.state.db, &slot)
        .await
        .unwrap();
    assert_eq!((booked, live), (capacity, capacity));
}

#[tokio::test]
async fn booking_closes_at_the_cutoff_and_opens_at_release_time() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (slot, ..) = open_windows(&app, "pediatrics").await.remove(0);
    let starts_at: i64 = sqlx::query_scalar("SELECT starts_at FROM slots WHERE id = ?")
        .bind(&slot)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    app.clock
        .set(Timestamp::from_millisecond(starts_at - 29 * 60_000).unwrap());
    let cookie = demo_login(&app).await;
    let reply = book(&app, &cookie, &slot, &me, None).await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "29 minutes before: past the 30-minute cut-off"
    );
    assert_eq!(reply.json()["type"], "urn:careway:problem:booking-closed");

    // Tomorrow at 06:59 the new last day exists but is not released until 07:00.
    let app = TestApp::new().await;
    app.clock.set("2026-11-23T22:59:00Z".parse().unwrap()); // 06:59 in Shanghai, 24 Nov
    careway_server::jobs::schedule::ensure_horizon(&app.state)
        .await
        .unwrap();
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let doctors = app
        .get("/api/v1/departments/cardiology/doctors")
        .await
        .json();
    let last = doctors
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["sessions"].as_array().unwrap().clone())
        .filter(|s| s["date"] == "2026-12-08")
        .collect::<Vec<_>>();
    assert!(!last.is_empty(), "sessions 14 days ahead exist");
    assert!(last.iter().all(|s| s["availability"] == "not_released"));
    assert_eq!(last[0]["release_at"], "2026-11-23T23:00:00Z");
    let slot = last[0]["slots"][0]["id"].as_str().unwrap().to_owned();
    let reply = book(&app, &cookie, &slot, &me, None).await;
    assert_eq!(reply.json()["type"], "urn:careway:problem:booking-closed");
    app.clock.advance(SignedDuration::from_mins(1));
    assert_eq!(
        book(&app, &cookie, &slot, &me, None).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn cancelling_returns_the_place_until_the_cutoff() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let windows = open_windows(&app, "dermatology").await;
    let (slot, ..) = windows.last().unwrap().clone();
    let a = book(&app, &cookie, &slot, &me, None).await.json();
    let id = a["id"].as_str().unwrap();
    let before = store::booking::slot_counts(&app.state.db, &slot)
        .await
        .unwrap();
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            Some(json!({ "reason": "已经好了" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["status"], "cancelled");
    assert_eq!(reply.json()["cancel_reason"]["zh"], "已经好了");
    let after = store::booking::slot_counts(&app.state.db, &slot)
        .await
        .unwrap();
    assert_eq!(after.1, before.1 - 1, "the place went back to the pool");
    let again = app
        .call(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            Some(json!({})),
            Some(&cookie),
        )
        .await;
    assert_eq!(again.json()["type"], "urn:careway:problem:change-closed");
    let past = app
        .call(
            Method::GET,
            "/api/v1/appointments?scope=past",
            None,
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(past[0]["id"], a["id"]);

    // Within two hours of the window, it can no longer be cancelled.
    let (slot, ..) = windows[0].clone();
    let a = book(&app, &cookie, &slot, &me, None).await.json();
    let starts_at: Timestamp = a["starts_at"].as_str().unwrap().parse().unwrap();
    app.clock.set(starts_at - SignedDuration::from_mins(119));
    let id = a["id"].as_str().unwrap();
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            Some(json!({})),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["type"], "urn:careway:problem:change-closed");
    let long = "很".repeat(201);
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            Some(json!({ "reason": long })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn rescheduling_claims_the_new_place_first_or_keeps_the_old_one() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let windows = open_windows(&app, "gastroenterology").await;
    let (old_slot, ..) = windows[0].clone();
    let old = book(&app, &cookie, &old_slot, &me, None).await.json();
    let old_id = old["id"].as_str().unwrap();
    let (new_slot, ..) = windows
        .iter()
        .find(|w| w.4 != windows[0].4)
        .unwrap()
        .clone();

    // The target fills up first: the old booking stays exactly as it was.
    let target = store::booking::slot_counts(&app.state.db, &new_slot)
        .await
        .unwrap();
    store::booking::book_walk_ins(
        &app.state.db,
        &[(new_slot.clone(), (target.0 - target.1) as u32)],
        "phone",
        app.clock.now(),
    )
    .await
    .unwrap();
    let before = store::booking::slot_counts(&app.state.db, &old_slot)
        .await
        .unwrap();
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/appointments/{old_id}/reschedule"),
            Some(json!({ "slot_id": new_slot })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["type"], "urn:careway:problem:slot-taken");
    let still = app
        .call(
            Method::GET,
            &format!("/api/v1/appointments/{old_id}"),
            None,
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(still["status"], "booked");
    assert_eq!(
        store::booking::slot_counts(&app.state.db, &old_slot)
            .await
            .unwrap(),
        before
    );

    // To a window with room: new booked, old cancelled, both counters right.
    let (free_slot, ..) = windows
        .iter()
        .rev()
        .find(|w| w.0 != new_slot && w.4 != windows[0].4)
        .unwrap()
        .clone();
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/appointments/{old_id}/reschedule"),
            Some(json!({ "slot_id": free_slot })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let new = reply.json();
    assert_ne!(new["id"], old["id"]);
    let old_now = app
        .call(
            Method::GET,
            &format!("/api/v1/appointments/{old_id}"),
            None,
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(old_now["status"], "cancelled");
    for slot in [&old_slot, &free_slot] {
        let (_, booked, live) = store::booking::slot_counts(&app.state.db, slot)
            .await
            .unwrap();
        assert_eq!(booked, live);
    }
    assert_eq!(
        store::booking::slot_counts(&app.state.db, &old_slot)
            .await
            .unwrap()
            .1,
        before.1 - 1
    );

    // Same day, same department is fine when moving (the old one does not count).
    let new_id = new["id"].as_str().unwrap();
    let date = new["date"].as_str().unwrap();
    if let Some(same_day) = windows
        .iter()
        .find(|w| w.4 == date && w.0 != free_slot && w.0 != new_slot)
    {
        let reply = app
            .call(
                Method::POST,
                &format!("/api/v1/appointments/{new_id}/reschedule"),
                Some(json!({ "slot_id": same_day.0 })),
                Some(&cookie),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    }
}

#[tokio::test]
async fn the_hospital_stops_a_session_and_its_patients_are_told() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (slot, session, ..) = open_windows(&app, "endocrinology").await.remove(0);
    let a = book(&app, &cookie, &slot, &me, None).await.json();

    let stop = |token: Option<&'static str>| {
        let mut r = axum::http::Request::post(format!("/api/v1/staff/sessions/{session}/stop"))
            .header("content-type", "application/json");
        if let Some(t) = token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        r.body(axum::body::Body::from(
            json!({ "reason_zh": "医生外出会诊", "reason_en": "The doctor is away" }).to_string(),
        ))
        .unwrap()
    };
    assert_eq!(
        app.send(stop(None)).await.status,
        StatusCode::FORBIDDEN,
        "no CSRF header, no token"
    );
    assert_eq!(
        app.send(stop(Some("wrong-token"))).await.status,
        StatusCode::FORBIDDEN
    );
    let reply = app
        .send(stop(Some(careway_server::http::staff::DEMO_STAFF_TOKEN)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.json()["cancelled"].as_u64().unwrap() >= 1);

    let id = a["id"].as_str().unwrap();
    let now = app
        .call(
            Method::GET,
            &format!("/api/v1/appointments/{id}"),
            None,
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(now["status"], "cancelled");
    assert_eq!(now["cancel_reason"]["en"], "The doctor is away");
    let sms = store::outbox::pending_for(&app.state.db, DEMO_PHONE)
        .await
        .unwrap();
    assert!(
        sms.iter()
            .any(|m| m.body.contains("医生外出会诊") && m.body.contains("停诊")),
        "{sms:?}"
    );
    let schedule = app
        .get("/api/v1/departments/endocrinology/doctors")
        .await
        .json();
    let stopped = schedule
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["sessions"].as_array().unwrap().clone())
        .find(|s| s["id"] == session.as_str())
        .unwrap();
    assert_eq!(stopped["availability"], "stopped");
    let reply = book(&app, &cookie, &slot, &me, None).await;
    assert_eq!(reply.json()["type"], "urn:careway:problem:booking-closed");
    assert_eq!(
        app.send(stop(Some(careway_server::http::staff::DEMO_STAFF_TOKEN)))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "already stopped"
    );
}

#[tokio::test]
async fn another_accounts_appointment_is_404() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (slot, ..) = open_windows(&app, "urology").await.remove(0);
    let a = book(&app, &cookie, &slot, &me, None).await.json();
    let id = a["id"].as_str().unwrap();
    let stranger = app.login("13712345678").await;
    for (method, path, body) in [
        (Method::GET, format!("/api/v1/appointments/{id}"), None),
        (
            Method::POST,
            format!("/api/v1/appointments/{id}/cancel"),
            Some(json!({})),
        ),
        (
            Method::POST,
            format!("/api/v1/appointments/{id}/reschedule"),
            Some(json!({ "slot_id": slot })),
        ),
        (
            Method::GET,
            format!("/api/v1/appointments/{id}/calendar.ics"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/appointments/{id}/qr.svg"),
            None,
        ),
    ] {
        let reply = app.call(method.clone(), &path, body, Some(&stranger)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    // Nor can a stranger book for someone else's family member.
    let reply = book(&app, &stranger, &slot, &me, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.call(
            Method::GET,
            &format!("/api/v1/appointments/{id}"),
            None,
            Some(&cookie)
        )
        .await
        .json()["status"],
        "booked"
    );
}

#[tokio::test]
async fn bad_booking_input_is_422_and_needs_a_session() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/appointments",
            Some(json!({ "patient_id": "x" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json()["errors"][0]["field"], "slot_id");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/appointments",
            Some(json!({ "slot_id": "nope", "patient_id": "x" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app
        .call(
            Method::GET,
            "/api/v1/appointments?scope=tomorrow",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = app
        .call(
            Method::POST,
            "/api/v1/appointments",
            Some(json!({ "slot_id": "a", "patient_id": "b" })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn removing_a_member_with_upcoming_visits_asks_first() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let mother = members(&app, &cookie).await[1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (slot, ..) = open_windows(&app, "cardiology").await.remove(0);
    let a = book(&app, &cookie, &slot, &mother, None).await.json();
    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{mother}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.json()["detail"].as_str().unwrap().contains('1'));
    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{mother}?cancel_appointments=true"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let id = a["id"].as_str().unwrap();
    let gone = app
        .call(
            Method::GET,
            "/api/v1/appointments?scope=past",
            None,
            Some(&cookie),
        )
        .await
        .json();
    assert!(gone
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["id"] == id && x["status"] == "cancelled"));
}

#[tokio::test]
async fn missed_visits_become_no_shows_and_three_stop_online_booking() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = members(&app, &cookie).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut booked = Vec::new();
    for department in ["cardiology", "ent", "tcm"] {
        let (slot, ..) = open_windows(&app, department).await.remove(0);
        booked.push(book(&app, &cookie, &slot, &me, None).await.json());
    }
    let latest: Timestamp = booked
        .iter()
        .map(|a| a["ends_at"].as_str().unwrap().parse::<Timestamp>().unwrap())
        .max()
        .unwrap();
    app.clock.set(latest + SignedDuration::from_hours(2));
    careway_server::jobs::schedule::tick(&app.state)
        .await
        .unwrap();
    let cookie = demo_login(&app).await;
    let past = app
        .call(
            Method::GET,
            "/api/v1/appointments?scope=past",
            None,
            Some(&cookie),
        )
        .await
        .json();
    assert_eq!(
        past.as_array()
            .unwrap()
            .iter()
            .filter(|a| a["status"] == "noshow")
            .count(),
        3
    );
    let (slot, ..) = open_windows(&app, "neurology").await.remove(0);
    let reply = book(&app, &cookie, &slot, &me, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.json()["detail"].as_str().unwrap().contains("爽约"));
}

#[tokio::test]
async fn five_hundred_clients_race_for_the_last_place_and_one_wins() {
    let app = TestApp::new().await;
    let (slot, _, remaining, ..) = open_windows(&app, "respiratory").await.remove(0);
    if remaining > 1 {
        store::booking::book_walk_ins(
            &app.state.db,
            &[(slot.clone(), remaining as u32 - 1)],
            "window",
            app.clock.now(),
        )
        .await
        .unwrap();
    }
    assert_eq!(
        store::booking::slot_counts(&app.state.db, &slot)
            .await
            .map(|c| c.0 - c.1)
            .unwrap(),
        1
    );

    // 500 accounts, each with a patient and a session, made directly in the store.
    let now = app.clock.now();
    let mut clients = Vec::new();
    for i in 0..500 {
        let phone = format!("135{i:08}");
        let (account, _) = store::accounts::find_or_create_account(
            &app.state.db,
            &format!("acct-{i}"),
            &phone,
            now,
        )
        .await
        .unwrap();
        let patient = CheckedPatient {
            name: format!("患者{i}"),
            sex: Sex::Female,
            birth_date: CivilDate::new(1950, 1, 1).unwrap(),
            id_number: Some("110101195001010025".into()),
            phone: phone.clone(),
            relation: Relation::Myself,
            medical_card: None,
        };
        let patient_id = format!("pat-{i}");
        store::patients::insert(&app.state.db, &patient_id, &account.id, &patient, 8, now)
            .await
            .unwrap();
        let (token, hash) = careway_server::secrets::new_session_token();
        store::accounts::create_session(
            &app.state.db,
            store::accounts::NewSession {
                token_hash: &hash,
                id: &format!("sess-{i}"),
                account_id: &account.id,
                kiosk: false,
                client_addr: "test",
                now,
                idle_timeout_ms: 3_600_000,
                expires_at: now + SignedDuration::from_hours(1),
            },
        )
        .await
        .unwrap();
        clients.push((format!("careway_session={token}"), patient_id));
    }
    let app = Arc::new(app);
    let mut tasks = Vec::new();
    for (cookie, patient) in clients {
        let app = app.clone();
        let slot = slot.clone();
        tasks.push(tokio::spawn(async move {
            book(&app, &cookie, &slot, &patient, None).await
        }));
    }
    let mut won = 0;
    let mut taken = 0;
    for task in tasks {
        let reply = task.await.unwrap();
        match reply.status {
            StatusCode::CREATED => won += 1,
            StatusCode::CONFLICT => {
                assert_eq!(reply.json()["type"], "urn:careway:problem:slot-taken");
                taken += 1;
            }
            other => panic!("unexpected {other}: {}", reply.text()),
        }
    }
    assert_eq!((won, taken), (1, 499));
    let (capacity, booked, live) = store::booking::slot_counts(&app.state.db, &slot)
        .await
        .unwrap();
    assert_eq!((booked, live), (capacity, capacity));

    // The winner's audit entry committed with the booking, in one unbroken chain with
    // everything else the batches wrote.
    let booked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'appointment.booked'")
            .fetch_one(app.state.db.read())
            .await
            .unwrap();
    assert_eq!(booked, 1);
    let entries = store::audit::verify(&app.state.db).await.unwrap().unwrap();
    assert!(entries >= 1);
}

#[tokio::test]
async fn triage_recommends_a_department_or_sends_to_the_emergency_room() {
    let app = TestApp::new().await;
    let reply = app
        .call(
            Method::POST,
            "/api/v1/triage",
            Some(json!({ "text": "头痛三天，有点头晕", "symptom_ids": [], "lang": "zh-CN" })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json()["recommendations"][0]["department"],
        "neurology"
    );
    assert!(reply.json()["red_flag"].is_null());
    let reply = app
        .call(
            Method::POST,
            "/api/v1/triage",
            Some(json!({ "text": "胸口痛，出冷汗", "symptom_ids": [], "lang": "zh-CN" })),
            None,
        )
        .await;
    assert_eq!(reply.json()["red_flag"]["department"], "emergency");
    let reply = app
        .call(
            Method::POST,
            "/api/v1/triage",
            Some(json!({ "text": "", "symptom_ids": [], "lang": "en" })),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

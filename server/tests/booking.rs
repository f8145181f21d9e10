//! Booking through the real router on real SQLite: the slot pool, the rules, idempotent
//! retries, cancel and reschedule (including the atomic failure), one window's page, the
//! hospital stopping a session, sending the details to a phone, object-level
//! authorization, corrupt rows, and a race of 500 clients for the last place.
//!
//! Answers are read as the API's own types (`careway_core::api`), so a test also fails
//! when the server's JSON stops having the shape the app decodes.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use careway_core::api::account::{Patient, Relation};
use careway_core::api::booking::{
    Appointment, AppointmentStatus, Availability, Department, DoctorSchedule, SentToPhone,
    SlotDetail,
};
use careway_core::api::triage::TriageResult;
use careway_core::problem::ProblemKind;
use careway_server::clock::Clock;
use careway_server::store;
use common::TestApp;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

const DEMO_PHONE: &str = careway_server::demo::DEMO_PHONE;

async fn demo_login(app: &TestApp) -> String {
    app.login(DEMO_PHONE).await
}

async fn members(app: &TestApp, cookie: &str) -> Vec<Patient> {
    app.get_as("/api/v1/patients", Some(cookie)).await
}

/// The demo account holder's own patient id.
async fn own_patient(app: &TestApp, cookie: &str) -> String {
    members(app, cookie).await.remove(0).id
}

/// A fresh demo hospital with its account holder signed in: the app, the session cookie
/// and the holder's own patient id.
async fn signed_in() -> (TestApp, String, String) {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let me = own_patient(&app, &cookie).await;
    (app, cookie, me)
}

/// One bookable window as a schedule lists it.
#[derive(Clone, Debug)]
struct Window {
    slot: String,
    session: String,
    remaining: u32,
    doctor: String,
    date: String,
}

async fn schedules(app: &TestApp, department: &str) -> Vec<DoctorSchedule> {
    app.get_as(&format!("/api/v1/departments/{department}/doctors"), None)
        .await
}

/// The open windows of a department, soonest date first.
async fn open_windows(app: &TestApp, department: &str) -> Vec<Window> {
    let mut out = Vec::new();
    for d in schedules(app, department).await {
        for s in &d.sessions {
            for w in s
                .slots
                .iter()
                .filter(|w| w.availability == Availability::Open)
            {
                out.push(Window {
                    slot: w.id.clone(),
                    session: s.id.clone(),
                    remaining: w.remaining,
                    doctor: d.doctor.id.clone(),
                    date: s.date.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}

async fn appointment(app: &TestApp, cookie: &str, id: &str) -> Appointment {
    app.get_as(&format!("/api/v1/appointments/{id}"), Some(cookie))
        .await
}

async fn appointments(app: &TestApp, cookie: &str, scope: &str) -> Vec<Appointment> {
    app.get_as(&format!("/api/v1/appointments?scope={scope}"), Some(cookie))
        .await
}

async fn slot_detail(app: &TestApp, slot: &str) -> SlotDetail {
    app.get_as(&format!("/api/v1/slots/{slot}"), None).await
}

/// Takes every place left in a window, as the hospital's own desks would.
async fn fill(app: &TestApp, slot: &str) {
    let (capacity, booked, _) = store::clinics::slot_counts(&app.state.db, slot)
        .await
        .unwrap();
    store::claims::book_walk_ins(
        &app.state.db,
        &[(slot.to_owned(), (capacity - booked) as u32)],
        "window",
        app.clock.now(),
    )
    .await
    .unwrap();
}

async fn starts_at(app: &TestApp, slot: &str) -> Timestamp {
    let ms: i64 = sqlx::query_scalar("SELECT starts_at FROM slots WHERE id = ?")
        .bind(slot)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    Timestamp::from_millisecond(ms).unwrap()
}

#[tokio::test]
async fn departments_are_listed_and_searchable() {
    let app = TestApp::new().await;
    let all: Vec<Department> = app.get_as("/api/v1/departments", None).await;
    assert!(all.len() >= 15);
    let emergency = all.iter().find(|d| d.id == "emergency").unwrap();
    assert!(!emergency.bookable);
    for q in ["sjnk", "神经", "Neuro", "头痛"] {
        let found: Vec<Department> = app
            .get_as(&format!("/api/v1/departments?q={}", urlencode(q)), None)
            .await;
        let ids: Vec<&str> = found.iter().map(|d| d.id.as_str()).collect();
        assert!(ids.contains(&"neurology"), "{q}: {ids:?}");
        assert!(!ids.contains(&"orthopedics"), "{q}: {ids:?}");
    }
    let reply = app.get("/api/v1/departments/nowhere/doctors").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.problem().kind(), Some(ProblemKind::NotFound));
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
    let departments: Vec<Department> = app.get_as("/api/v1/departments", None).await;
    let (mut doctors, mut full, mut nearly, mut open, mut not_released) = (0, 0, 0, 0, 0);
    let mut dates = std::collections::BTreeSet::new();
    for d in departments.iter().filter(|d| d.bookable) {
        for doctor in schedules(&app, &d.id).await {
            doctors += 1;
            for s in &doctor.sessions {
                dates.insert(s.date.clone());
                match s.availability {
                    Availability::Full => full += 1,
                    Availability::Open if s.remaining == 1 => nearly += 1,
                    Availability::Open => open += 1,
                    Availability::NotReleased => not_released += 1,
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
    let (app, cookie, me) = signed_in().await;
    let w = open_windows(&app, "neurology").await.remove(0);
    let a = app.booked(&cookie, &w.slot, &me).await;
    assert_eq!(a.status, AppointmentStatus::Booked);
    assert_eq!(a.patient_name, "李华");
    assert_eq!(a.department.id, "neurology");
    assert_eq!(a.doctor.id, w.doctor);
    assert_eq!(a.check_in_code.len(), 10);
    assert!(a.changeable);
    assert_eq!(a.rescheduled_to, None);

    // One arrival instruction, from the window and the hospital's lead time; none of the
    // other instructions says when to come.
    let lead = app.state.content.booking.rules.arrive_before_minutes;
    let start = careway_core::booking::rules::parse_hhmm(&a.window_start).unwrap();
    assert_eq!(a.arrival.arrive_by, a.window_start);
    assert_eq!(
        careway_core::booking::rules::parse_hhmm(&a.arrival.arrive_from),
        Some(start - lead)
    );
    assert!(a.arrival.instruction.zh.contains(&a.arrival.arrive_from));
    assert!(a.instructions.len() >= 2, "{:?}", a.instructions);
    assert!(a
        .instructions
        .iter()
        .all(|i| !i.zh.contains("到达") && !i.en.contains("rrive")));

    let (capacity, booked, live) = store::clinics::slot_counts(&app.state.db, &w.slot)
        .await
        .unwrap();
    assert_eq!(capacity - booked, i64::from(w.remaining) - 1);
    assert_eq!(booked, live, "the counter agrees with the appointments");

    let list = appointments(&app, &cookie, "upcoming").await;
    assert_eq!(list[0], a);
    assert_eq!(appointment(&app, &cookie, &a.id).await, a);
    assert!(appointments(&app, &cookie, "past").await.is_empty());

    let id = &a.id;
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
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(&a.arrival.instruction.zh),
        "the calendar says when to arrive, the same words: {unfolded}"
    );
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
    let (app, cookie, me) = signed_in().await;
    let w = open_windows(&app, "cardiology").await.remove(0);
    let first = app.book(&cookie, &w.slot, &me, Some("k-123")).await;
    let again = app.book(&cookie, &w.slot, &me, Some("k-123")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(
        first.parse::<Appointment>().id,
        again.parse::<Appointment>().id
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE patient_id = ?")
        .bind(&me)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    assert_eq!(rows, 1);

    // The same key for a different request is refused, not replayed.
    let other = open_windows(&app, "ent").await.remove(0);
    let reused = app.book(&cookie, &other.slot, &me, Some("k-123")).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem = reused.problem();
    assert_eq!(problem.errors[0].field, "Idempotency-Key");
    assert_eq!(problem.errors[0].code, "duplicate");
}

#[tokio::test]
async fn one_visit_per_patient_department_and_day_and_a_cap_per_account() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let family = members(&app, &cookie).await;
    let (me, mother) = (&family[0].id, &family[1].id);
    let windows = open_windows(&app, "neurology").await;
    let first = windows
        .iter()
        .find(|w| windows.iter().filter(|v| v.date == w.date).count() >= 2)
        .expect("a day with two open windows");
    let held = app.booked(&cookie, &first.slot, me).await;
    let same_day = windows
        .iter()
        .find(|w| w.date == first.date && w.slot != first.slot)
        .unwrap();
    let reply = app.book(&cookie, &same_day.slot, me, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let problem = reply.problem();
    assert_eq!(problem.kind(), Some(ProblemKind::BookingLimit));
    assert!(problem.detail.unwrap().contains("同一天"));
    assert_eq!(
        problem.appointment_id.as_deref(),
        Some(held.id.as_str()),
        "the refusal names the visit in the way, for the page to link to"
    );
    assert_eq!(
        app.book(&cookie, &same_day.slot, mother, None).await.status,
        StatusCode::CREATED,
        "another patient may"
    );

    // Six upcoming bookings per account (two made above).
    let mut count = 2;
    for department in [
        "cardiology",
        "ent",
        "dermatology",
        "ophthalmology",
        "stomatology",
    ] {
        let w = open_windows(&app, department).await.remove(0);
        let reply = app.book(&cookie, &w.slot, me, None).await;
        if count < 6 {
            assert_eq!(
                reply.status,
                StatusCode::CREATED,
                "{department}: {}",
                reply.text()
            );
            count += 1;
        } else {
            assert_eq!(reply.status, StatusCode::CONFLICT, "{department}");
            let problem = reply.problem();
            assert_eq!(problem.kind(), Some(ProblemKind::BookingLimit));
            assert!(problem.detail.unwrap().contains('6'));
            assert_eq!(problem.appointment_id, None);
        }
    }
    assert_eq!(count, 6);
}

#[tokio::test]
async fn a_full_window_is_a_409_and_nothing_is_overbooked() {
    let (app, cookie, me) = signed_in().await;
    let w = open_windows(&app, "orthopedics").await.remove(0);
    fill(&app, &w.slot).await;
    let reply = app.book(&cookie, &w.slot, &me, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.problem_slug(), "slot-taken");
    let (capacity, booked, live) = store::clinics::slot_counts(&app.state.db, &w.slot)
        .await
        .unwrap();
    assert_eq!((booked, live), (capacity, capacity));
}

#[tokio::test]
async fn booking_closes_at_the_cutoff_and_opens_at_release_time() {
    let (app, _, me) = signed_in().await;
    let w = open_windows(&app, "pediatrics").await.remove(0);
    let start = starts_at(&app, &w.slot).await;
    app.clock.set(start - SignedDuration::from_mins(29));
    let cookie = demo_login(&app).await;
    let reply = app.book(&cookie, &w.slot, &me, None).await;
    assert_eq!(
        reply.status,
        StatusCode::CONFLICT,
        "29 minutes before: past the 30-minute cut-off"
    );
    assert_eq!(reply.problem_slug(), "booking-closed");
    // Exactly at the cut-off it still can.
    app.clock.set(start - SignedDuration::from_mins(30));
    assert_eq!(
        app.book(&cookie, &w.slot, &me, None).await.status,
        StatusCode::CREATED
    );

    // Tomorrow at 06:59 the new last day exists but is not released until 07:00.
    let app = TestApp::new().await;
    app.clock.set("2026-11-23T22:59:00Z".parse().unwrap()); // 06:59 in Shanghai, 24 Nov
    careway_server::jobs::schedule::ensure_horizon(&app.state)
        .await
        .unwrap();
    let cookie = demo_login(&app).await;
    let me = own_patient(&app, &cookie).await;
    let last: Vec<_> = schedules(&app, "cardiology")
        .await
        .into_iter()
        .flat_map(|d| d.sessions)
        .filter(|s| s.date == "2026-12-08")
        .collect();
    assert!(!last.is_empty(), "sessions 14 days ahead exist");
    assert!(last
        .iter()
        .all(|s| s.availability == Availability::NotReleased));
    assert_eq!(last[0].release_at, "2026-11-23T23:00:00Z");
    let slot = last[0].slots[0].id.clone();
    let reply = app.book(&cookie, &slot, &me, None).await;
    assert_eq!(reply.problem_slug(), "booking-closed");
    assert!(reply.problem().detail.unwrap().contains("尚未开放"));
    app.clock.advance(SignedDuration::from_mins(1));
    assert_eq!(
        app.book(&cookie, &slot, &me, None).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_window_has_a_page_of_its_own() {
    let app = TestApp::new().await;
    let schedule = schedules(&app, "neurology").await;
    let (doctor, session, window) = schedule
        .iter()
        .flat_map(|d| d.sessions.iter().map(move |s| (d, s)))
        .flat_map(|(d, s)| s.slots.iter().map(move |w| (d, s, w)))
        .find(|(_, _, w)| w.availability == Availability::Open)
        .expect("an open window");
    let detail = slot_detail(&app, &window.id).await;
    assert_eq!(&detail.slot, window, "the same window the schedule shows");
    assert_eq!(detail.session.id, session.id);
    assert_eq!(detail.session.date, session.date);
    assert_eq!(detail.session.period, session.period);
    assert_eq!(detail.session.visit_type, session.visit_type);
    assert_eq!(detail.session.fee_fen, session.fee_fen);
    assert_eq!(detail.session.release_at, session.release_at);
    assert_eq!(detail.session.stop_reason, None);
    assert_eq!(detail.doctor, doctor.doctor);
    assert_eq!(detail.department.id, "neurology");
    assert!(
        !detail.department.instructions.is_empty(),
        "the hospital's general instructions"
    );
    assert_eq!(detail.arrival.arrive_by, window.start);
    let starts: Timestamp = detail.starts_at.parse().unwrap();
    let ends: Timestamp = detail.ends_at.parse().unwrap();
    assert_eq!(starts, starts_at(&app, &window.id).await);
    assert_eq!(starts.duration_until(ends), SignedDuration::from_mins(30));
    let until: Timestamp = detail.changeable_until.parse().unwrap();
    assert_eq!(until.duration_until(starts), SignedDuration::from_mins(120));

    // What the confirm page shows is what the appointment will say.
    let cookie = demo_login(&app).await;
    let me = own_patient(&app, &cookie).await;
    let a = app.booked(&cookie, &window.id, &me).await;
    assert_eq!(a.arrival, detail.arrival);
    assert_eq!(a.changeable_until, detail.changeable_until);
    assert_eq!(a.instructions, detail.department.instructions);
    assert_eq!(
        slot_detail(&app, &window.id).await.slot.remaining,
        window.remaining - 1
    );

    for unknown in ["nope", "%2E%2E", "0193a000-0000-7000-8000-000000000000"] {
        let reply = app.get(&format!("/api/v1/slots/{unknown}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{unknown}");
        assert_eq!(reply.problem().kind(), Some(ProblemKind::NotFound));
    }
}

#[tokio::test]
async fn a_windows_page_says_why_it_cannot_be_booked() {
    let app = TestApp::new().await;
    let windows = open_windows(&app, "dermatology").await;

    // Full.
    let full = &windows[0];
    fill(&app, &full.slot).await;
    let detail = slot_detail(&app, &full.slot).await;
    assert_eq!(detail.slot.availability, Availability::Full);
    assert_eq!(detail.slot.remaining, 0);

    // Stopped, and full too: stopped says more. (The staff endpoint also gives the
    // places back; a hospital system stopping a session may not, so the row is set here.)
    let stopped = windows.iter().find(|w| w.session != full.session).unwrap();
    fill(&app, &stopped.slot).await;
    sqlx::query(
        "UPDATE clinic_sessions SET status = 'stopped', stop_reason_zh = '医生外出会诊',
                stop_reason_en = 'The doctor is away' WHERE id = ?",
    )
    .bind(&stopped.session)
    .execute(app.state.db.write())
    .await
    .unwrap();
    let detail = slot_detail(&app, &stopped.slot).await;
    assert_eq!(detail.slot.remaining, 0);
    assert_eq!(detail.slot.availability, Availability::Stopped);
    assert_eq!(
        detail.session.stop_reason.map(|r| r.en),
        Some("The doctor is away".to_owned())
    );

    // Closed: one millisecond past the cut-off; open exactly at it.
    let later = windows
        .iter()
        .rev()
        .find(|w| w.session != full.session && w.session != stopped.session)
        .unwrap();
    let cutoff = starts_at(&app, &later.slot).await - SignedDuration::from_mins(30);
    app.clock.set(cutoff);
    assert_eq!(
        slot_detail(&app, &later.slot).await.slot.availability,
        Availability::Open
    );
    app.clock.set(cutoff + SignedDuration::from_millis(1));
    assert_eq!(
        slot_detail(&app, &later.slot).await.slot.availability,
        Availability::Closed
    );

    // Not released: the new last day at 06:59, released at 07:00 exactly.
    let app = TestApp::new().await;
    app.clock.set("2026-11-23T22:59:59.999Z".parse().unwrap());
    careway_server::jobs::schedule::ensure_horizon(&app.state)
        .await
        .unwrap();
    let slot = schedules(&app, "cardiology")
        .await
        .into_iter()
        .flat_map(|d| d.sessions)
        .find(|s| s.date == "2026-12-08")
        .expect("a session 14 days ahead")
        .slots[0]
        .id
        .clone();
    let detail = slot_detail(&app, &slot).await;
    assert_eq!(detail.slot.availability, Availability::NotReleased);
    assert_eq!(detail.session.release_at, "2026-11-23T23:00:00Z");
    app.clock.advance(SignedDuration::from_millis(1));
    assert_eq!(
        slot_detail(&app, &slot).await.slot.availability,
        Availability::Open
    );
}

#[tokio::test]
async fn cancelling_returns_the_place_until_the_cutoff() {
    let (app, cookie, me) = signed_in().await;
    let windows = open_windows(&app, "dermatology").await;
    let last = windows.last().unwrap().clone();
    let a = app.booked(&cookie, &last.slot, &me).await;
    let before = store::clinics::slot_counts(&app.state.db, &last.slot)
        .await
        .unwrap();
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/cancel", a.id),
            json!({ "reason": "已经好了" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let cancelled: Appointment = reply.parse();
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    assert_eq!(cancelled.cancel_reason.unwrap().zh, "已经好了");
    assert!(!cancelled.changeable);
    let after = store::clinics::slot_counts(&app.state.db, &last.slot)
        .await
        .unwrap();
    assert_eq!(after.1, before.1 - 1, "the place went back to the pool");
    let again = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/cancel", a.id),
            json!({}),
        )
        .await;
    assert_eq!(again.problem_slug(), "change-closed");
    let past = appointments(&app, &cookie, "past").await;
    assert_eq!(past[0].id, a.id);

    // Until two hours before the window, to the millisecond.
    let a = app.booked(&cookie, &windows[0].slot, &me).await;
    let start: Timestamp = a.starts_at.parse().unwrap();
    let deadline = start - SignedDuration::from_mins(120);
    assert_eq!(a.changeable_until, deadline.to_string());
    app.clock.set(deadline + SignedDuration::from_millis(1));
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/cancel", a.id),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.problem_slug(), "change-closed");
    assert!(!appointment(&app, &cookie, &a.id).await.changeable);
    let long = "很".repeat(201);
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/cancel", a.id),
            json!({ "reason": long }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.clock.set(deadline);
    assert!(appointment(&app, &cookie, &a.id).await.changeable);
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/cancel", a.id),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "exactly at the deadline");
    assert_eq!(
        reply.parse::<Appointment>().cancel_reason.unwrap().zh,
        "患者取消"
    );
}

#[tokio::test]
async fn rescheduling_claims_the_new_place_first_or_keeps_the_old_one() {
    let (app, cookie, me) = signed_in().await;
    let windows = open_windows(&app, "gastroenterology").await;
    let old_slot = windows[0].slot.clone();
    let old = app.booked(&cookie, &old_slot, &me).await;
    let new_slot = windows
        .iter()
        .find(|w| w.date != windows[0].date)
        .unwrap()
        .slot
        .clone();

    // The target fills up first: the old booking stays exactly as it was.
    fill(&app, &new_slot).await;
    let before = store::clinics::slot_counts(&app.state.db, &old_slot)
        .await
        .unwrap();
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/reschedule", old.id),
            json!({ "slot_id": new_slot }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.problem_slug(), "slot-taken");
    assert_eq!(appointment(&app, &cookie, &old.id).await, old);
    assert_eq!(
        store::clinics::slot_counts(&app.state.db, &old_slot)
            .await
            .unwrap(),
        before
    );

    // To a window with room: new booked, old cancelled, both counters right.
    let free_slot = windows
        .iter()
        .rev()
        .find(|w| w.slot != new_slot && w.date != windows[0].date)
        .unwrap()
        .slot
        .clone();
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/reschedule", old.id),
            json!({ "slot_id": free_slot }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let new: Appointment = reply.parse();
    assert_ne!(new.id, old.id);
    let old_now = appointment(&app, &cookie, &old.id).await;
    assert_eq!(old_now.status, AppointmentStatus::Cancelled);
    for slot in [&old_slot, &free_slot] {
        let (_, booked, live) = store::clinics::slot_counts(&app.state.db, slot)
            .await
            .unwrap();
        assert_eq!(booked, live);
    }
    assert_eq!(
        store::clinics::slot_counts(&app.state.db, &old_slot)
            .await
            .unwrap()
            .1,
        before.1 - 1
    );

    // Same day, same department is fine when moving (the old one does not count).
    if let Some(same_day) = windows
        .iter()
        .find(|w| w.date == new.date && w.slot != free_slot && w.slot != new_slot)
    {
        let reply = app
            .post_json(
                &cookie,
                &format!("/api/v1/appointments/{}/reschedule", new.id),
                json!({ "slot_id": same_day.slot }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    }
}

#[tokio::test]
async fn a_moved_appointment_says_where_it_went() {
    let (app, cookie, me) = signed_in().await;
    // From tomorrow on: today's windows are within the two hours that allow no change.
    let windows: Vec<Window> = open_windows(&app, "ent")
        .await
        .into_iter()
        .filter(|w| w.date != "2026-11-23")
        .collect();
    let first = app.booked(&cookie, &windows[0].slot, &me).await;
    let target = windows.iter().find(|w| w.date != first.date).unwrap();
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/reschedule", first.id),
            json!({ "slot_id": target.slot }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let second: Appointment = reply.parse();
    assert_eq!(second.rescheduled_to, None, "the new one was not moved");

    let moved = appointment(&app, &cookie, &first.id).await;
    assert_eq!(moved.status, AppointmentStatus::Cancelled);
    let to = moved.rescheduled_to.expect("names the new appointment");
    assert_eq!(to.id, second.id);
    assert_eq!(to.date, second.date);
    assert_eq!(
        (to.window_start.as_str(), to.window_end.as_str()),
        (second.window_start.as_str(), second.window_end.as_str())
    );
    let past = appointments(&app, &cookie, "past").await;
    let listed = past.iter().find(|a| a.id == first.id).unwrap();
    assert_eq!(
        listed.rescheduled_to.as_ref().map(|t| &t.id),
        Some(&second.id)
    );
    // A plain cancellation names nothing.
    let reply = app
        .post_json(
            &cookie,
            &format!("/api/v1/appointments/{}/cancel", second.id),
            json!({}),
        )
        .await;
    assert_eq!(reply.parse::<Appointment>().rescheduled_to, None);
}

#[tokio::test]
async fn the_hospital_stops_a_session_and_its_patients_are_told() {
    let (app, cookie, me) = signed_in().await;
    let w = open_windows(&app, "endocrinology").await.remove(0);
    let a = app.booked(&cookie, &w.slot, &me).await;

    let session = w.session.clone();
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
    let stopped: careway_server::http::staff::Stopped = reply.parse();
    assert!(stopped.cancelled >= 1);

    let now = appointment(&app, &cookie, &a.id).await;
    assert_eq!(now.status, AppointmentStatus::Cancelled);
    assert_eq!(now.cancel_reason.unwrap().en, "The doctor is away");
    let sms = store::outbox::pending_for(&app.state.db, DEMO_PHONE)
        .await
        .unwrap();
    assert!(
        sms.iter()
            .any(|m| m.body.contains("医生外出会诊") && m.body.contains("停诊")),
        "{sms:?}"
    );
    let stopped = schedules(&app, "endocrinology")
        .await
        .into_iter()
        .flat_map(|d| d.sessions)
        .find(|s| s.id == w.session)
        .unwrap();
    assert_eq!(stopped.availability, Availability::Stopped);
    let reply = app.book(&cookie, &w.slot, &me, None).await;
    assert_eq!(reply.problem_slug(), "booking-closed");
    assert!(reply.problem().detail.unwrap().contains("停诊"));
    assert_eq!(
        app.send(stop(Some(careway_server::http::staff::DEMO_STAFF_TOKEN)))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "already stopped"
    );
}

#[tokio::test]
async fn the_details_go_to_the_accounts_own_phone_once_a_minute() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let family = members(&app, &cookie).await;
    let mother = family
        .iter()
        .find(|m| m.relation == Relation::Parent)
        .unwrap();
    let w = open_windows(&app, "cardiology").await.remove(0);
    let a = app.booked(&cookie, &w.slot, &mother.id).await;
    let path = format!("/api/v1/appointments/{}/send-to-phone", a.id);

    let reply = app.call(Method::POST, &path, None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    let sent: SentToPhone = reply.parse();
    assert_eq!(
        sent.phone_masked, "138****8000",
        "the account's login phone"
    );
    let sms = store::outbox::pending_for(&app.state.db, DEMO_PHONE)
        .await
        .unwrap();
    let body = &sms.first().expect("a message to the account's phone").body;
    for part in [
        a.date.as_str(),
        a.window_start.as_str(),
        a.window_end.as_str(),
        a.department.name.zh.as_str(),
        a.doctor.name.zh.as_str(),
        a.check_in_code.as_str(),
        "王*英",
    ] {
        assert!(body.contains(part), "{part} missing from {body}");
    }
    assert!(!body.contains(&mother.name), "the name is masked: {body}");
    assert!(
        store::outbox::pending_for(&app.state.db, "13900139000")
            .await
            .unwrap()
            .is_empty(),
        "not to the patient's own phone: the account asked"
    );

    // Once a minute per appointment.
    app.clock.advance(SignedDuration::from_secs(20));
    let reply = app.call(Method::POST, &path, None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    let problem = reply.problem();
    assert_eq!(problem.retry_after, Some(40));
    assert_eq!(reply.header("retry-after"), "40");
    app.clock.advance(SignedDuration::from_secs(40));
    let reply = app.call(Method::POST, &path, None, Some(&cookie)).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text());
    assert_eq!(
        store::outbox::pending_for(&app.state.db, DEMO_PHONE)
            .await
            .unwrap()
            .len(),
        sms.len() + 1
    );

    // Another account's appointment is not found, and nothing is sent.
    let stranger = app.login("13712345678").await;
    let reply = app.call(Method::POST, &path, None, Some(&stranger)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(store::outbox::pending_for(&app.state.db, "13712345678")
        .await
        .unwrap()
        .iter()
        .all(|m| !m.body.contains(&a.check_in_code)));
    let reply = app
        .call(
            Method::POST,
            "/api/v1/appointments/nope/send-to-phone",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = app.call(Method::POST, &path, None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_accounts_appointment_is_404() {
    let (app, cookie, me) = signed_in().await;
    let w = open_windows(&app, "urology").await.remove(0);
    let a = app.booked(&cookie, &w.slot, &me).await;
    let id = &a.id;
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
            Some(json!({ "slot_id": w.slot })),
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
        (
            Method::POST,
            format!("/api/v1/appointments/{id}/send-to-phone"),
            None,
        ),
    ] {
        let reply = app.call(method.clone(), &path, body, Some(&stranger)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(reply.problem().kind(), Some(ProblemKind::NotFound));
    }
    let denied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE event = 'authz.denied'")
            .fetch_one(app.state.db.read())
            .await
            .unwrap();
    assert_eq!(denied, 6, "every attempt is in the audit log");
    // Nor can a stranger open someone else's family member: 404, recorded as denied, and
    // nothing recorded as read.
    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/patients/{me}"),
            None,
            Some(&stranger),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(audit_count(&app, "authz.denied").await, 7);
    for read in [
        "patient.read",
        "appointment.read",
        "appointment.calendar_read",
        "appointment.qr_read",
    ] {
        assert_eq!(audit_count(&app, read).await, 0, "{read}");
    }
    // Nor can a stranger book for someone else's family member.
    let reply = app.book(&stranger, &w.slot, &me, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(appointment(&app, &cookie, id).await, a);
}

async fn audit_count(app: &TestApp, event: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE event = ?")
        .bind(event)
        .fetch_one(app.state.db.read())
        .await
        .unwrap()
}

/// The audit entries written after entry `after`: `(event, account, detail)`.
async fn audit_since(app: &TestApp, after: i64) -> Vec<(String, Option<String>, String)> {
    sqlx::query_as("SELECT event, account_id, detail FROM audit_log WHERE seq > ? ORDER BY seq")
        .bind(after)
        .fetch_all(app.state.db.read())
        .await
        .unwrap()
}

async fn audit_head(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_log")
        .fetch_one(app.state.db.read())
        .await
        .unwrap()
}

#[tokio::test]
async fn every_read_of_personal_data_writes_one_audit_entry() {
    let (app, cookie, me) = signed_in().await;
    let w = open_windows(&app, "urology").await.remove(0);
    let a = app.booked(&cookie, &w.slot, &me).await;
    let account: String = sqlx::query_scalar("SELECT account_id FROM patients WHERE id = ?")
        .bind(&me)
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    let id = &a.id;
    for (path, event, detail) in [
        (
            format!("/api/v1/patients/{me}"),
            "patient.read",
            json!({ "patient": me }),
        ),
        (
            format!("/api/v1/appointments/{id}"),
            "appointment.read",
            json!({ "appointment": id }),
        ),
        (
            format!("/api/v1/appointments/{id}/calendar.ics"),
            "appointment.calendar_read",
            json!({ "appointment": id }),
        ),
        (
            format!("/api/v1/appointments/{id}/qr.svg"),
            "appointment.qr_read",
            json!({ "appointment": id }),
        ),
        (
            "/api/v1/patients".to_owned(),
            "patients.listed",
            json!({ "count": 2 }),
        ),
        (
            "/api/v1/appointments?scope=upcoming".to_owned(),
            "appointments.listed",
            json!({ "scope": "upcoming", "count": 1 }),
        ),
    ] {
        let before = audit_head(&app).await;
        let reply = app.call(Method::GET, &path, None, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
        let written = audit_since(&app, before).await;
        assert_eq!(written.len(), 1, "{path}: {written:?}");
        let (logged, by, logged_detail) = &written[0];
        assert_eq!(logged, event, "{path}");
        assert_eq!(by.as_deref(), Some(account.as_str()), "{path}");
        let logged_detail: serde_json::Value = serde_json::from_str(logged_detail).unwrap();
        assert_eq!(logged_detail, detail, "{path}");
        assert!(
            !logged_detail.to_string().contains(&a.check_in_code),
            "{path}: the check-in code stays out of the log"
        );
    }
    let entries = store::audit::verify(&app.state.db).await.unwrap().unwrap();
    assert!(entries > 6);
}

/// A resident ID number of a child, valid, for members added in the tests of the limits
/// that follow the person.
const CHILD_ID: &str = "440106201506010019";

/// Adds the child with [`CHILD_ID`] to the account; their new member id.
async fn add_child(app: &TestApp, cookie: &str) -> String {
    let reply = app
        .add_member(
            cookie,
            json!({
                "name": "王小明",
                "sex": "male",
                "birth_date": "2015-06-01",
                "id_number": CHILD_ID,
                "phone": "139 1234 5678",
                "relation": "child"
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.parse::<Patient>().id
}

#[tokio::test]
async fn a_no_show_ban_survives_removing_and_re_adding_the_member() {
    let (app, cookie, _) = signed_in().await;
    let child = add_child(&app, &cookie).await;
    let mut missed = Vec::new();
    for department in ["cardiology", "ent", "tcm"] {
        let w = open_windows(&app, department).await.remove(0);
        missed.push(app.booked(&cookie, &w.slot, &child).await);
    }
    let latest: Timestamp = missed
        .iter()
        .map(|a| a.ends_at.parse::<Timestamp>().unwrap())
        .max()
        .unwrap();
    app.clock.set(latest + SignedDuration::from_hours(2));
    careway_server::jobs::schedule::tick(&app.state)
        .await
        .unwrap();
    let cookie = demo_login(&app).await;
    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{child}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    let again = add_child(&app, &cookie).await;
    assert_ne!(again, child, "a new member row");
    let w = open_windows(&app, "neurology").await.remove(0);
    let reply = app.book(&cookie, &w.slot, &again, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    let problem = reply.problem();
    assert_eq!(problem.kind(), Some(ProblemKind::BookingLimit));
    assert!(problem.detail.unwrap().contains("爽约 3 次"));
}

#[tokio::test]
async fn one_visit_per_department_and_day_holds_for_the_person_across_accounts() {
    let (app, a_cookie, _) = signed_in().await;
    let a_child = add_child(&app, &a_cookie).await;
    let b_cookie = app.login("13712345678").await;
    let b_child = add_child(&app, &b_cookie).await;
    let windows = open_windows(&app, "neurology").await;
    let first = windows
        .iter()
        .find(|w| windows.iter().filter(|v| v.date == w.date).count() >= 2)
        .expect("a day with two open windows");
    let held = app.booked(&a_cookie, &first.slot, &a_child).await;
    let same_day = windows
        .iter()
        .find(|w| w.date == first.date && w.slot != first.slot)
        .unwrap();
    let reply = app.book(&b_cookie, &same_day.slot, &b_child, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    assert!(
        !reply.text().contains(&held.id),
        "another account's appointment id is not given away: {}",
        reply.text()
    );
    let problem = reply.problem();
    assert_eq!(problem.kind(), Some(ProblemKind::BookingLimit));
    assert!(problem.detail.unwrap().contains("同一天"));
    assert_eq!(problem.appointment_id, None);
    // Within account A the refusal still names the visit in the way.
    let reply = app.book(&a_cookie, &same_day.slot, &a_child, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(
        reply.problem().appointment_id.as_deref(),
        Some(held.id.as_str())
    );
    // Another department that day is fine, from either account.
    let other = open_windows(&app, "cardiology").await.remove(0);
    app.booked(&b_cookie, &other.slot, &b_child).await;
}

#[tokio::test]
async fn the_limit_of_upcoming_appointments_counts_the_person_across_accounts() {
    let (app, a_cookie, _) = signed_in().await;
    let a_child = add_child(&app, &a_cookie).await;
    let b_cookie = app.login("13712345678").await;
    let b_child = add_child(&app, &b_cookie).await;
    for department in [
        "cardiology",
        "ent",
        "dermatology",
        "ophthalmology",
        "stomatology",
        "neurology",
    ] {
        let w = open_windows(&app, department).await.remove(0);
        app.booked(&a_cookie, &w.slot, &a_child).await;
    }
    let w = open_windows(&app, "urology").await.remove(0);
    let reply = app.book(&b_cookie, &w.slot, &b_child, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    let problem = reply.problem();
    assert_eq!(problem.kind(), Some(ProblemKind::BookingLimit));
    assert!(problem.detail.unwrap().contains('6'));
    assert_eq!(problem.appointment_id, None);
    // The person's limit, not account B's: B still books for someone else.
    let reply = app
        .add_member(
            &b_cookie,
            json!({
                "name": "赵丽",
                "sex": "female",
                "birth_date": "1962-03-04",
                "id_number": "11010519620304002X",
                "phone": "137 1234 5678",
                "relation": "parent"
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let b_mother = reply.parse::<Patient>().id;
    app.booked(&b_cookie, &w.slot, &b_mother).await;
}

#[tokio::test]
async fn bad_booking_input_is_422_and_needs_a_session() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let reply = app
        .post_json(
            &cookie,
            "/api/v1/appointments",
            json!({ "patient_id": "x" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.problem().errors[0].field, "slot_id");
    let reply = app
        .post_json(
            &cookie,
            "/api/v1/appointments",
            json!({ "slot_id": "nope", "patient_id": "x" }),
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
    let w = open_windows(&app, "tcm").await.remove(0);
    let me = own_patient(&app, &cookie).await;
    let long = "k".repeat(129);
    for key in ["", long.as_str()] {
        let reply = app.book(&cookie, &w.slot, &me, Some(key)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{key:?}");
        assert_eq!(reply.problem().errors[0].field, "Idempotency-Key");
    }
}

#[tokio::test]
async fn removing_a_member_with_upcoming_visits_asks_first() {
    let app = TestApp::new().await;
    let cookie = demo_login(&app).await;
    let mother = members(&app, &cookie).await.remove(1).id;
    let w = open_windows(&app, "cardiology").await.remove(0);
    let a = app.booked(&cookie, &w.slot, &mother).await;
    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{mother}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.problem().detail.unwrap().contains('1'));
    let before = store::clinics::slot_counts(&app.state.db, &w.slot)
        .await
        .unwrap();
    let reply = app
        .call(
            Method::DELETE,
            &format!("/api/v1/patients/{mother}?cancel_appointments=true"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let gone = appointments(&app, &cookie, "past").await;
    let cancelled = gone.iter().find(|x| x.id == a.id).unwrap();
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    assert_eq!(
        cancelled.cancel_reason.as_ref().unwrap().zh,
        "就诊人已从账户中删除"
    );
    let after = store::clinics::slot_counts(&app.state.db, &w.slot)
        .await
        .unwrap();
    assert_eq!(after.1, before.1 - 1, "the place went back to the pool");
}

#[tokio::test]
async fn missed_visits_become_no_shows_and_three_stop_online_booking() {
    let (app, cookie, me) = signed_in().await;
    let mut missed = Vec::new();
    for department in ["cardiology", "ent", "tcm"] {
        let w = open_windows(&app, department).await.remove(0);
        missed.push(app.booked(&cookie, &w.slot, &me).await);
    }
    let latest: Timestamp = missed
        .iter()
        .map(|a| a.ends_at.parse::<Timestamp>().unwrap())
        .max()
        .unwrap();
    app.clock.set(latest + SignedDuration::from_hours(2));
    careway_server::jobs::schedule::tick(&app.state)
        .await
        .unwrap();
    let cookie = demo_login(&app).await;
    let past = appointments(&app, &cookie, "past").await;
    assert_eq!(
        past.iter()
            .filter(|a| a.status == AppointmentStatus::Noshow)
            .count(),
        3
    );
    let w = open_windows(&app, "neurology").await.remove(0);
    let reply = app.book(&cookie, &w.slot, &me, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let problem = reply.problem();
    assert_eq!(problem.kind(), Some(ProblemKind::BookingLimit));
    assert!(problem.detail.unwrap().contains("爽约 3 次"));
}

/// 500 accounts, each with a patient and a session made directly in the store, race for
/// the last place of one window; exactly one wins and every other gets a 409.
async fn race_for_the_last_place(full_slot_cache: bool) {
    let app = TestApp::with_config(|c| c.full_slot_cache = full_slot_cache).await;
    let w = open_windows(&app, "respiratory").await.remove(0);
    if w.remaining > 1 {
        store::claims::book_walk_ins(
            &app.state.db,
            &[(w.slot.clone(), w.remaining - 1)],
            "window",
            app.clock.now(),
        )
        .await
        .unwrap();
    }
    let slot = w.slot;
    assert_eq!(
        store::clinics::slot_counts(&app.state.db, &slot)
            .await
            .map(|c| c.0 - c.1)
            .unwrap(),
        1
    );

    let clients = app.store_accounts("race", 0, 500).await;
    let app = Arc::new(app);
    let start = Arc::new(tokio::sync::Barrier::new(clients.len()));
    let mut tasks = Vec::new();
    for (cookie, patient) in clients {
        let (app, slot, start) = (app.clone(), slot.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            app.book(&cookie, &slot, &patient, None).await
        }));
    }
    let mut won = 0;
    let mut taken = 0;
    for task in tasks {
        let reply = task.await.unwrap();
        match reply.status {
            StatusCode::CREATED => won += 1,
            StatusCode::CONFLICT => {
                assert_eq!(reply.problem_slug(), "slot-taken");
                taken += 1;
            }
            other => panic!("unexpected {other}: {}", reply.text()),
        }
    }
    assert_eq!((won, taken), (1, 499), "cache {full_slot_cache}");
    let (capacity, booked, live) = store::clinics::slot_counts(&app.state.db, &slot)
        .await
        .unwrap();
    assert_eq!((booked, live), (capacity, capacity));
    assert_eq!(
        store::appointments::double_bookings(&app.state.db)
            .await
            .unwrap(),
        0
    );

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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_hundred_clients_race_for_the_last_place_and_one_wins() {
    race_for_the_last_place(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_the_full_window_cache_the_database_alone_lets_one_win() {
    race_for_the_last_place(false).await;
}

#[tokio::test]
async fn corrupt_rows_are_500s_that_say_nothing_of_the_cause() {
    let (app, cookie, me) = signed_in().await;
    let w = open_windows(&app, "neurology").await.remove(0);
    let a = app.booked(&cookie, &w.slot, &me).await;

    // Instructions that are not JSON: not an empty list.
    app.sql("UPDATE departments SET instructions = 'not json {' WHERE id = 'neurology'")
        .await;
    for path in [
        "/api/v1/departments".to_owned(),
        format!("/api/v1/slots/{}", w.slot),
        format!("/api/v1/appointments/{}", a.id),
    ] {
        let reply = app.call(Method::GET, &path, None, Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{path}");
        let problem = reply.problem();
        assert_eq!(problem.kind(), Some(ProblemKind::Internal), "{path}");
        let request_id = problem.request_id.expect("a request id to quote");
        assert_eq!(request_id, reply.header("x-request-id"));
        assert_eq!(problem.detail, None, "{path}");
        let body = reply.text();
        assert!(
            !body.contains("json") && !body.contains("instructions") && !body.contains("corrupt"),
            "{path}: the cause stays in the log: {body}"
        );
        assert!(
            common::logs_contain(&[&request_id, "corrupt department instructions"]),
            "{path}: the cause is in the log under the request id"
        );
    }
    app.sql("UPDATE departments SET instructions = '[]' WHERE id = 'neurology'")
        .await;
    assert_eq!(appointment(&app, &cookie, &a.id).await.id, a.id);

    // A window start that is no time of day, and an instant past the calendar.
    sqlx::query("UPDATE slots SET start_label = '25:99' WHERE id = ?")
        .bind(&w.slot)
        .execute(app.state.db.write())
        .await
        .unwrap();
    let reply = app
        .call(
            Method::GET,
            &format!("/api/v1/appointments/{}", a.id),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    sqlx::query(
        "UPDATE slots SET start_label = '08:00', starts_at = 9000000000000000000 WHERE id = ?",
    )
    .bind(&w.slot)
    .execute(app.state.db.write())
    .await
    .unwrap();
    let reply = app.get(&format!("/api/v1/slots/{}", w.slot)).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!reply.text().contains("9000000000000000000"));
    let reply = app
        .call(Method::GET, "/api/v1/appointments", None, Some(&cookie))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "the list does not skip or blank the broken one"
    );
}

#[tokio::test]
async fn triage_recommends_a_department_or_sends_to_the_emergency_room() {
    let app = TestApp::new().await;
    let ask = |text: &'static str, lang: &'static str| {
        app.call(
            Method::POST,
            "/api/v1/triage",
            Some(json!({ "text": text, "symptom_ids": [], "lang": lang })),
            None,
        )
    };
    let reply = ask("头痛三天，有点头晕", "zh-CN").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let result: TriageResult = reply.parse();
    assert_eq!(result.recommendations[0].department, "neurology");
    assert!(result.red_flag.is_none());
    let result: TriageResult = ask("胸口痛，出冷汗", "zh-CN").await.parse();
    assert_eq!(result.red_flag.unwrap().department, "emergency");
    let reply = ask("", "en").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Recommendations name only departments the department list offers for booking.
    app.sql("UPDATE departments SET bookable = 0 WHERE id = 'neurology'")
        .await;
    let result: TriageResult = ask("头痛三天，有点头晕", "zh-CN").await.parse();
    assert!(result
        .recommendations
        .iter()
        .all(|r| r.department != "neurology"));
}

//! The live queue through the real router on real SQLite: check-in rules (wrong day, too
//! early, twice, idempotent retry, someone else's appointment), the order of a queue
//! (late arrivals behind those on time, priority first), every staff action and the
//! event it appends, missed → rejoin, pausing a room, the patient's stream resumed with
//! `Last-Event-ID`, the public board with masked names, and the demo simulator moving a
//! day.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use careway_core::api::queue::{Board, MyQueue, Ticket, TicketStatus, WaitBasis};
use careway_core::problem::ProblemKind;
use common::{check_in, staff, windows, TestApp, Window};
use http_body_util::BodyExt;
use jiff::SignedDuration;
use serde_json::json;
use tower::ServiceExt;

const TODAY: &str = "2026-11-23";

/// Two windows of one session today, the second starting later, the first as early as
/// can be.
async fn two_windows_today(app: &TestApp) -> (Window, Window) {
    let all = windows(app).await;
    for a in &all {
        if let Some(b) = all
            .iter()
            .find(|b| b.session == a.session && b.date == TODAY && b.start > a.start)
        {
            if a.date == TODAY {
                return (a.clone(), b.clone());
            }
        }
    }
    panic!("no session with two open windows today");
}

/// Each account books `slot` for its patient and checks in, in order: their tickets, and
/// the window's department.
async fn all_checked_in(
    app: &TestApp,
    accounts: &[(String, String)],
    slot: &str,
) -> (Vec<Ticket>, careway_core::api::booking::Department) {
    let mut tickets = Vec::new();
    let mut department = None;
    for (cookie, patient) in accounts {
        let a = app.booked(cookie, slot, patient).await;
        tickets.push(check_in(app, cookie, &a.id, None).await.parse());
        department = Some(a.department);
    }
    (tickets, department.expect("at least one account"))
}

async fn my_queue(app: &TestApp, cookie: &str) -> MyQueue {
    app.get_as("/api/v1/queue", Some(cookie)).await
}

async fn events_of(app: &TestApp, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE type = ?")
        .bind(kind)
        .fetch_one(app.state.db.read())
        .await
        .unwrap()
}

fn at(app: &TestApp, hhmm: &str) {
    app.clock.set(
        format!("{TODAY}T{hhmm}:00+08:00[Asia/Shanghai]")
            .parse::<jiff::Zoned>()
            .unwrap()
            .timestamp(),
    );
}

/// A new session for the account `<prefix>-acct-<i>` made by `store_accounts`, as the
/// patient logging in again later in the day.
async fn log_in_again(app: &TestApp, prefix: &str, i: usize) -> String {
    use careway_server::clock::Clock;
    let id = format!("{prefix}-again-{i}-{}", app.clock.now().as_millisecond());
    app.session_for(&format!("{prefix}-acct-{i}"), &id, 1).await
}

#[tokio::test]
async fn check_in_gives_a_ticket_once_on_the_day_within_its_time() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("q1", 1, 2).await;
    let (cookie, me) = &accounts[0];
    let (early, late) = two_windows_today(&app).await;
    let a = app.booked(cookie, &early.slot, me).await;

    // A retry with the same key gets the same ticket; a second check-in is refused.
    let first = check_in(&app, cookie, &a.id, Some("k-1")).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let ticket: Ticket = first.parse();
    assert_eq!(ticket.status, TicketStatus::Waiting);
    assert_eq!(ticket.ahead, Some(0));
    assert!(ticket.number.ends_with("001"), "{}", ticket.number);
    assert_eq!(ticket.point.id, format!("clinic-{}", early.session));
    assert_eq!(
        ticket.point.place,
        Some(format!("dept-{}", a.department.id))
    );
    assert!(!ticket.late);
    let retry: Ticket = check_in(&app, cookie, &a.id, Some("k-1")).await.parse();
    assert_eq!(retry.id, ticket.id);
    let twice = check_in(&app, cookie, &a.id, None).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.problem().kind(), Some(ProblemKind::CheckInClosed));
    assert!(twice.problem().detail.unwrap().contains("已签到"));
    let reused = check_in(&app, cookie, &a.id, Some("k-1")).await;
    assert_eq!(
        reused.status,
        StatusCode::CREATED,
        "the same key and request"
    );

    // The appointment says the patient arrived.
    let seen: careway_core::api::booking::Appointment = app
        .get_as(&format!("/api/v1/appointments/{}", a.id), Some(cookie))
        .await;
    assert_eq!(
        seen.status,
        careway_core::api::booking::AppointmentStatus::Arrived
    );

    // Another day's appointment, and one of today too far ahead.
    let tomorrow = windows(&app)
        .await
        .into_iter()
        .find(|w| w.date.as_str() > TODAY && w.department != a.department.id)
        .unwrap();
    let b = app.booked(cookie, &tomorrow.slot, me).await;
    let reply = check_in(&app, cookie, &b.id, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.problem().detail.unwrap().contains(&tomorrow.date));
    let far = windows(&app)
        .await
        .into_iter()
        .find(|w| w.date == TODAY && w.start.as_str() >= "10:30" && w.department != a.department.id)
        .unwrap();
    let c = app.booked(cookie, &far.slot, me).await;
    let reply = check_in(&app, cookie, &c.id, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let detail = reply.problem().detail.unwrap();
    assert!(detail.contains("后签到"), "{detail}");

    // Someone else's appointment is not found, and the attempt is audited.
    let (other, _) = &accounts[1];
    let denied = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE event = 'authz.denied'")
            .fetch_one(app.state.db.read())
            .await
            .unwrap()
    };
    let before = denied().await;
    let reply = check_in(&app, other, &b.id, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(denied().await, before + 1);
    let reply = check_in(&app, other, "no-such-appointment", None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(my_queue(&app, other).await.tickets.is_empty());
    assert_eq!(my_queue(&app, cookie).await.tickets.len(), 1);
    let _ = late;

    // Bad input and no session.
    let reply = app.call(Method::GET, "/api/v1/queue", None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .call(
            Method::POST,
            &format!("/api/v1/appointments/{}/check-in", a.id),
            Some(json!({ "point": 5 })),
            Some(cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_late_go_behind_those_on_time_and_priority_goes_first() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("q2", 2, 3).await;
    let (w1, w2) = two_windows_today(&app).await;
    let a1 = app.booked(&accounts[0].0, &w1.slot, &accounts[0].1).await;
    let a2 = app.booked(&accounts[1].0, &w2.slot, &accounts[1].1).await;

    // The first patient arrives after their window: late. The second, later but within
    // theirs, goes first.
    at(&app, &w2.start);
    app.clock.advance(SignedDuration::from_mins(5));
    let accounts: Vec<(String, String)> = {
        let mut again = Vec::new();
        for (i, (_, patient)) in accounts.iter().enumerate() {
            again.push((log_in_again(&app, "q2", i).await, patient.clone()));
        }
        again
    };
    let t1: Ticket = check_in(&app, &accounts[0].0, &a1.id, None).await.parse();
    assert!(t1.late);
    app.clock.advance(SignedDuration::from_mins(1));
    let t2: Ticket = check_in(&app, &accounts[1].0, &a2.id, None).await.parse();
    assert!(!t2.late);
    assert_eq!(t2.ahead, Some(0));
    assert_eq!(
        my_queue(&app, &accounts[0].0).await.tickets[0].ahead,
        Some(1)
    );

    // A patient back with results goes first.
    let point = t1.point.id.clone();
    let reply = staff(
        &app,
        &format!("/api/v1/staff/queue/points/{point}/tickets"),
        Some(json!({ "patient_id": accounts[2].1, "priority": "return_visit" })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let mine = |i: usize| {
        let app = &app;
        let cookie = accounts[i].0.clone();
        async move { my_queue(app, &cookie).await.tickets.remove(0) }
    };
    assert_eq!(mine(2).await.ahead, Some(0));
    assert_eq!(mine(1).await.ahead, Some(1));
    assert_eq!(mine(0).await.ahead, Some(2));
    let wait = mine(0).await.wait.unwrap();
    assert_eq!(wait.basis, WaitBasis::Typical, "nothing observed yet");
    assert!(
        wait.low_minutes <= wait.expected_minutes && wait.expected_minutes <= wait.high_minutes
    );
    assert!(wait.expected_minutes >= 8, "{wait:?}");
}

#[tokio::test]
async fn staff_actions_move_tickets_and_append_events() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("q3", 3, 3).await;
    let (w1, _) = two_windows_today(&app).await;
    let (tickets, _) = all_checked_in(&app, &accounts, &w1.slot).await;
    let point = tickets[0].point.id.clone();
    let call = format!("/api/v1/staff/queue/points/{point}/call-next");

    // Tokens.
    let reply = app
        .send(
            Request::post(&call)
                .header(careway_core::api::CSRF_HEADER, "1")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let reply = app
        .send(
            Request::post(&call)
                .header("authorization", "Bearer wrong")
                .header(careway_core::api::CSRF_HEADER, "1")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);

    // Call the first: the patient sees it; the second is now first.
    let called = staff(&app, &call, None).await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.text());
    assert_eq!(called.json()["id"], tickets[0].id.as_str());
    assert_eq!(events_of(&app, "ticket.called").await, 1);
    let seen = my_queue(&app, &accounts[0].0).await.tickets.remove(0);
    assert_eq!(seen.status, TicketStatus::Called);
    assert!(seen.called_at.is_some());
    assert_eq!(
        my_queue(&app, &accounts[1].0).await.tickets[0].ahead,
        Some(0)
    );

    // Recall, then skip: missed; the patient rejoins, behind the others.
    let t0 = &tickets[0].id;
    let reply = staff(
        &app,
        &format!("/api/v1/staff/queue/tickets/{t0}/recall"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(events_of(&app, "ticket.recalled").await, 1);
    let reply = staff(
        &app,
        &format!("/api/v1/staff/queue/tickets/{t0}/skip"),
        None,
    )
    .await;
    assert_eq!(reply.json()["status"], "missed");
    assert_eq!(
        my_queue(&app, &accounts[0].0).await.tickets[0].status,
        TicketStatus::Missed
    );
    let rejoin = format!("/api/v1/queue/tickets/{t0}/rejoin");
    let reply = app.post_json(&accounts[1].0, &rejoin, json!({})).await;
    assert_eq!(
        reply.status,
        StatusCode::NOT_FOUND,
        "another account's ticket"
    );
    let reply = app.post_json(&accounts[0].0, &rejoin, json!({})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let back: Ticket = reply.parse();
    assert_eq!(back.status, TicketStatus::Waiting);
    assert!(back.late);
    assert_eq!(back.ahead, Some(2));
    let reply = app.post_json(&accounts[0].0, &rejoin, json!({})).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "not missed any more");

    // Next: serve, finish; the appointment is fulfilled; the estimator learns.
    let next: serde_json::Value = staff(&app, &call, None).await.json();
    assert_eq!(next["id"], tickets[1].id.as_str());
    let t1 = &tickets[1].id;
    let reply = staff(
        &app,
        &format!("/api/v1/staff/queue/tickets/{t1}/serve"),
        None,
    )
    .await;
    assert_eq!(reply.json()["status"], "in_service");
    app.clock.advance(SignedDuration::from_mins(6));
    let reply = staff(
        &app,
        &format!("/api/v1/staff/queue/tickets/{t1}/finish"),
        None,
    )
    .await;
    assert_eq!(reply.json()["status"], "done");
    let reply = staff(
        &app,
        &format!("/api/v1/staff/queue/tickets/{t1}/finish"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let a1: careway_core::api::booking::Appointment = app
        .get_as(
            &format!(
                "/api/v1/appointments/{}",
                tickets[1].appointment_id.clone().unwrap()
            ),
            Some(&accounts[1].0),
        )
        .await;
    assert_eq!(
        a1.status,
        careway_core::api::booking::AppointmentStatus::Fulfilled
    );
    assert_eq!(events_of(&app, "ticket.done").await, 1);
    let wait = my_queue(&app, &accounts[0].0).await.tickets[0]
        .wait
        .unwrap();
    assert_eq!(wait.observations, 1);

    // Unknown action, ticket and point.
    let reply = staff(
        &app,
        &format!("/api/v1/staff/queue/tickets/{t1}/explode"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = staff(&app, "/api/v1/staff/queue/tickets/nope/finish", None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = staff(&app, "/api/v1/staff/queue/points/nope/call-next", None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // Pause with a reason the patients read; resume.
    let pause = format!("/api/v1/staff/queue/points/{point}/pause");
    let reply = staff(&app, &pause, Some(json!({ "reason_zh": "  " }))).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = staff(&app, &pause, Some(json!({ "reason_zh": "医生临时离开" }))).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let paused = my_queue(&app, &accounts[0].0).await.tickets[0]
        .point
        .paused
        .clone();
    assert_eq!(paused.unwrap().zh, "医生临时离开");
    assert_eq!(events_of(&app, "point.paused").await, 1);
    let before = my_queue(&app, &accounts[0].0).await.tickets[0]
        .wait
        .unwrap();
    app.clock.advance(SignedDuration::from_mins(20));
    let resume = format!("/api/v1/staff/queue/points/{point}/resume");
    let reply = staff(&app, &resume, None).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let after = my_queue(&app, &accounts[0].0).await.tickets.remove(0);
    assert!(after.point.paused.is_none());
    let after = after.wait.unwrap();
    assert!(
        after.expected_minutes > before.expected_minutes,
        "a 20-minute pause lengthens the estimate: {before:?} → {after:?}"
    );

    // Orders: to the pharmacy; an unknown patient is 404; nobody waiting is 409.
    let reply = staff(
        &app,
        "/api/v1/staff/queue/points/pharmacy/tickets",
        Some(json!({ "patient_id": accounts[1].1 })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert!(reply.json()["number"].as_str().unwrap().starts_with('Y'));
    let tickets_now = my_queue(&app, &accounts[1].0).await.tickets;
    assert_eq!(tickets_now.len(), 2);
    assert_eq!(tickets_now[0].point.id, "pharmacy", "live tickets first");
    let reply = staff(
        &app,
        "/api/v1/staff/queue/points/pharmacy/tickets",
        Some(json!({ "patient_id": "nobody" })),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    staff(&app, "/api/v1/staff/queue/points/pharmacy/call-next", None).await;
    let reply = staff(&app, "/api/v1/staff/queue/points/pharmacy/call-next", None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
}

/// Staff call the next patient at `point`.
async fn call_next(app: &TestApp, point: &str) {
    let reply = staff(
        app,
        &format!("/api/v1/staff/queue/points/{point}/call-next"),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "call-next at {point}");
}

/// Opens an event stream and returns a reader of its events.
async fn stream(app: &TestApp, path: &str, cookie: Option<&str>, last_id: Option<&str>) -> Events {
    let mut request = Request::get(path);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(id) = last_id {
        request = request.header("last-event-id", id);
    }
    let response = app
        .router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    Events {
        body: response.into_body(),
        buffer: String::new(),
    }
}

struct Events {
    body: Body,
    buffer: String,
}

/// One server-sent event: its name, id and data.
#[derive(Debug)]
struct Sent {
    event: String,
    id: String,
    data: String,
}

impl Events {
    /// The next event within `wait`, skipping keep-alive comments.
    async fn next(&mut self, wait: Duration) -> Option<Sent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut sent = Sent {
                    event: String::new(),
                    id: String::new(),
                    data: String::new(),
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event: ") {
                        sent.event = v.to_owned();
                    } else if let Some(v) = line.strip_prefix("id: ") {
                        sent.id = v.to_owned();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        sent.data.push_str(v);
                    }
                }
                if sent.event.is_empty() {
                    continue;
                }
                return Some(sent);
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .ok()?;
            if let Ok(data) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&data));
            }
        }
    }
}

#[tokio::test]
async fn the_patients_stream_pushes_changes_and_resumes_from_its_last_id() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("q4", 4, 2).await;
    let (w1, _) = two_windows_today(&app).await;
    let (tickets, _) = all_checked_in(&app, &accounts, &w1.slot).await;
    let cookie = &accounts[1].0;
    let mut events = stream(&app, "/api/v1/queue/events", Some(cookie), None).await;
    let first = events
        .next(Duration::from_secs(2))
        .await
        .expect("a snapshot at once");
    assert_eq!(first.event, "queue");
    let snapshot: MyQueue = serde_json::from_str(&first.data).unwrap();
    assert_eq!(snapshot.tickets[0].ahead, Some(1));

    // A call ahead moves the patient up, without asking.
    let point = &tickets[0].point.id;
    call_next(&app, point).await;
    let pushed = events
        .next(Duration::from_secs(2))
        .await
        .expect("the change pushed");
    let after: MyQueue = serde_json::from_str(&pushed.data).unwrap();
    assert_eq!(after.tickets[0].ahead, Some(0));
    assert_ne!(pushed.id, first.id);

    // Reconnecting with the last id: nothing until the next change.
    let mut resumed = stream(&app, "/api/v1/queue/events", Some(cookie), Some(&pushed.id)).await;
    assert!(resumed.next(Duration::from_millis(300)).await.is_none());
    call_next(&app, point).await;
    let called = resumed
        .next(Duration::from_secs(2))
        .await
        .expect("the call");
    let mine: MyQueue = serde_json::from_str(&called.data).unwrap();
    assert_eq!(mine.tickets[0].status, TicketStatus::Called);

    // With an old id, or another server's: the snapshot at once.
    let mut stale = stream(&app, "/api/v1/queue/events", Some(cookie), Some(&first.id)).await;
    let again = stale
        .next(Duration::from_secs(2))
        .await
        .expect("snapshot after a gap");
    assert_eq!(again.id, called.id);
    let mut foreign = stream(
        &app,
        "/api/v1/queue/events",
        Some(cookie),
        Some("abc-999999"),
    )
    .await;
    assert!(foreign.next(Duration::from_secs(2)).await.is_some());

    // Another account's stream hears nothing of this account's ticket.
    let other = app.store_accounts("q4b", 5, 1).await;
    let mut theirs = stream(&app, "/api/v1/queue/events", Some(&other[0].0), None).await;
    let empty: MyQueue =
        serde_json::from_str(&theirs.next(Duration::from_secs(2)).await.unwrap().data).unwrap();
    assert!(empty.tickets.is_empty());
    staff(
        &app,
        &format!("/api/v1/staff/queue/tickets/{}/finish", tickets[1].id),
        None,
    )
    .await;
    assert!(theirs.next(Duration::from_millis(300)).await.is_none());

    // No session, no stream.
    let reply = app
        .call(Method::GET, "/api/v1/queue/events", None, None)
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_board_shows_masked_names_and_pushes_calls() {
    let app = TestApp::new().await;
    let accounts = app.store_accounts("q5", 6, 2).await;
    let (w1, _) = two_windows_today(&app).await;
    let (tickets, department) = all_checked_in(&app, &accounts, &w1.slot).await;
    let board: Board = app
        .get_as(&format!("/api/v1/board/{}", department.id), None)
        .await;
    assert_eq!(board.name, department.name);
    let room = &board.rooms[0];
    assert_eq!(room.waiting, 2);
    assert_eq!(room.next[0].name, "患*0", "the name is masked");
    assert!(board.calls.is_empty());
    let text = serde_json::to_string(&board).unwrap();
    assert!(!text.contains("患者0") && !text.contains(&tickets[0].patient_id));

    let path = format!("/api/v1/board/{}/events", department.id);
    let mut events = stream(&app, &path, None, None).await;
    let first = events.next(Duration::from_secs(2)).await.unwrap();
    assert_eq!(first.event, "board");
    let point = &tickets[0].point.id;
    call_next(&app, point).await;
    let pushed = events.next(Duration::from_secs(2)).await.unwrap();
    let board: Board = serde_json::from_str(&pushed.data).unwrap();
    assert_eq!(board.calls[0].ticket.number, tickets[0].number);
    assert_eq!(board.calls[0].ticket.name, "患*0");
    assert_eq!(
        board.rooms[0].calling.as_ref().unwrap().number,
        tickets[0].number
    );

    // A display that joins now gets the frame already sent (same id, same bytes); one
    // that resumes from that id gets nothing until the next change, then that change.
    let mut late = stream(&app, &path, None, None).await;
    let snapshot = late.next(Duration::from_secs(2)).await.unwrap();
    assert_eq!((&snapshot.id, &snapshot.data), (&pushed.id, &pushed.data));
    let mut resumed = stream(&app, &path, None, Some(&pushed.id)).await;
    assert!(resumed.next(Duration::from_millis(300)).await.is_none());
    call_next(&app, point).await;
    let next = resumed.next(Duration::from_secs(2)).await.unwrap();
    assert_ne!(next.id, pushed.id);
    assert_eq!(late.next(Duration::from_secs(2)).await.unwrap().id, next.id);
    // Streams are never compressed, even for a client that accepts it.
    let response = app
        .router
        .clone()
        .oneshot(
            Request::get(&path)
                .header("accept-encoding", "br, gzip")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("content-encoding").is_none());
    assert_eq!(response.headers()["cache-control"], "no-cache");
    let reply = app.get("/api/v1/board/nowhere/events").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    let reply = app.get("/api/v1/board/nowhere").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let fixed: Board = app.get_as("/api/v1/board/pharmacy", None).await;
    assert_eq!(fixed.rooms.len(), 1);
}

/// A quiet board stream gets a comment line every 20 s, so that a proxy between it and the
/// wall display does not close it for silence, and nothing else. The clock is stopped, so
/// the test waits for the stream's timer, not for 40 real seconds.
#[tokio::test]
async fn a_quiet_board_stream_is_kept_alive() {
    let app = TestApp::new().await;
    let mut events = stream(&app, "/api/v1/board/pharmacy/events", None, None).await;
    assert_eq!(
        events.next(Duration::from_secs(2)).await.unwrap().event,
        "board"
    );
    tokio::time::pause();
    let mut last = tokio::time::Instant::now();
    for _ in 0..2 {
        let frame = tokio::time::timeout(Duration::from_secs(60), events.body.frame())
            .await
            .expect("a comment within a minute")
            .unwrap()
            .unwrap();
        let after = last.elapsed();
        assert!(
            (Duration::from_secs(19)..=Duration::from_secs(21)).contains(&after),
            "a beat {after:?} after the last"
        );
        assert_eq!(frame.into_data().unwrap(), ":\n\n");
        last = tokio::time::Instant::now();
    }
    tokio::time::resume();
}

#[tokio::test]
async fn the_simulator_moves_the_demo_day() {
    let app = TestApp::new().await;
    let mut sim = careway_server::jobs::simulator::Simulator::default();
    at(&app, "09:20");
    sim.step(&app.state).await.unwrap();
    let arrived: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(app.state.db.read())
        .await
        .unwrap();
    assert!(
        arrived > 10,
        "the morning's early patients check in: {arrived}"
    );
    for _ in 0..40 {
        app.clock.advance(SignedDuration::from_mins(3));
        sim.step(&app.state).await.unwrap();
    }
    let count = |status: &'static str| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM tickets WHERE status = ?")
                .bind(status)
                .fetch_one(app.state.db.read())
                .await
                .unwrap()
        }
    };
    assert!(count("done").await > 20, "doctors see patients");
    let sent_on: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tickets WHERE point_id IN ('pharmacy', 'blood-draw')",
    )
    .fetch_one(app.state.db.read())
    .await
    .unwrap();
    assert!(sent_on > 5, "orders send patients on: {sent_on}");
    let board: Board = app.get_as("/api/v1/board/pharmacy", None).await;
    assert!(!board.calls.is_empty());
}

//! The live queue over HTTP: checking in, the account's tickets and their live stream,
//! rejoining after a missed call, and the public boards with theirs.
//!
//! Every write goes to `store::queue` in one transaction, then [`refresh`]es the point in
//! the live projection, which fans the change out. Reads come from the projection, never
//! from the database per subscriber. Streams are server-sent events; a patient's stream
//! ends after [`STREAM_MINUTES`] and the browser's `EventSource` reconnects, so the
//! session is checked again (a logged-out phone stops hearing about its tickets).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Version};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use bytes::Bytes;
use careway_core::api::queue::{Board, CheckInRequest, MyQueue, Ticket, QUEUE_EVENT};
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use futures_util::stream::{self, Stream};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{ClientInfo, CurrentSession};
use super::error::{Error, Json, Path};
use super::idempotency::IdempotencyKey;
use crate::fanout::{Handover, KEEP_ALIVE};
use crate::store::queue::{self as store, CheckInError};
use crate::{http, AppState};

/// How long a patient's stream stays open before the browser reconnects.
pub const STREAM_MINUTES: u64 = 5;

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_queue))
        .routes(routes!(check_in))
        .routes(routes!(rejoin))
        .routes(routes!(board))
}

/// This module's live streams, kept out of [`router`] so that they are served without the
/// response compression layer (see `http::stream_routes`).
pub fn streams() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_queue_events))
        .routes(routes!(board_events))
}

/// Loads the new day into the projection when the hospital's date has turned.
pub async fn ensure_day(state: &AppState) -> Result<(), Error> {
    if state.queue.date() != state.today().to_string() {
        state.load_queues().await?;
    }
    Ok(())
}

/// Tells the projection (and so every screen) that `point_id` changed.
pub async fn refresh(state: &AppState, point_id: &str) -> Result<(), Error> {
    state.queue.refresh(&state.db, point_id).await?;
    Ok(())
}

/// The account's ticket `id`, from the projection.
fn own_ticket(state: &AppState, account_id: &str, id: &str) -> Option<Ticket> {
    let (queue, _) = state.queue.my_queue(account_id, state.clock.now());
    queue.tickets.into_iter().find(|t| t.id == id)
}

/// The family's tickets of the day, with position and estimated wait.
#[utoipa::path(get, path = "/queue", tag = "queue",
    responses(
        (status = 200, body = MyQueue),
        super::error::SessionProblems,
    ))]
pub async fn my_queue(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
) -> Result<axum::Json<MyQueue>, Error> {
    ensure_day(&state).await?;
    Ok(axum::Json(
        state
            .queue
            .my_queue(&session.account_id, state.clock.now())
            .0,
    ))
}

fn last_event_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The family's tickets, live: a `queue` event with the whole [`MyQueue`] at once (unless
/// `Last-Event-ID` shows the client is up to date) and after every change.
#[utoipa::path(get, path = "/queue/events", tag = "queue",
    responses(
        (status = 200, content_type = "text/event-stream",
         description = "`queue` events, each a MyQueue in JSON, with resumable ids"),
        super::error::SessionProblems,
    ))]
pub async fn my_queue_events(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, Error> {
    ensure_day(&state).await?;
    let account = session.account_id;
    let rx = state.queue.subscribe_account(&account);
    let send_first = !state
        .queue
        .account_up_to_date(&account, last_event_id(&headers).as_deref());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(STREAM_MINUTES * 60);
    let snapshot = move |state: &AppState, account: &str| {
        let (queue, id) = state.queue.my_queue(account, state.clock.now());
        let data = serde_json::to_string(&queue).unwrap_or_default();
        Event::default().event(QUEUE_EVENT).id(id).data(data)
    };
    let first = send_first.then(|| snapshot(&state, &account));
    let events = stream::unfold(
        (state, account, rx, first),
        move |(state, account, mut rx, first)| async move {
            if let Some(event) = first {
                return Some((Ok(event), (state, account, rx, None)));
            }
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Err(_) | Ok(Err(RecvError::Closed)) => None,
                Ok(Ok(_)) | Ok(Err(RecvError::Lagged(_))) => {
                    // Drain what queued meanwhile: one snapshot says it all.
                    while rx.try_recv().is_ok() {}
                    let event = snapshot(&state, &account);
                    Some((Ok(event), (state, account, rx, None)))
                }
            }
        },
    );
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)))
}

/// Checks in an appointment of today: by the QR sign at the clinic (`point`) or by "I'm
/// here". The answer is the new ticket. With an `Idempotency-Key`, a retry gets the same
/// ticket back.
#[utoipa::path(post, path = "/appointments/{id}/check-in", tag = "queue",
    params(
        ("id" = String, Path, description = "The appointment"),
        ("Idempotency-Key" = Option<String>, Header, max_length = 128, pattern = r"^[ -~]*[!-~][ -~]*$",
            description = "Retries with the same key get the first ticket back; printable ASCII, not blank"),
    ),
    request_body = CheckInRequest,
    responses(
        (status = 201, body = Ticket),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
         description = "Not today, too early, too late, already checked in, or not booked"),
        super::error::BodyProblems,
        super::error::SessionProblems,
        super::error::CsrfProblems,
    ))]
pub async fn check_in(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(req): Json<CheckInRequest>,
) -> Result<(axum::http::StatusCode, axum::Json<Ticket>), Error> {
    ensure_day(&state).await?;
    let key = IdempotencyKey::from_request(&headers, &(&id, &req))?;
    let outcome = store::check_in(
        &state.db,
        &session.account_id,
        &id,
        req.point.as_deref(),
        key.as_ref().map(IdempotencyKey::as_key).as_ref(),
        state.today(),
        state.clock.now(),
        &state.content.queue,
    )
    .await;
    let ticket = match outcome {
        Ok(ticket) => ticket,
        Err(CheckInError::NotFound) => {
            return Err(
                super::appointments::not_found(&state, &session.account_id, &client, &id).await,
            )
        }
        Err(CheckInError::Refused(refusal)) => {
            let d = refusal.detail();
            return Err(Error::with_detail(ProblemKind::CheckInClosed, d.zh, d.en));
        }
        Err(CheckInError::KeyReused) => {
            return Err(Error::field(
                careway_core::api::IDEMPOTENCY_KEY_HEADER,
                FieldCode::Duplicate,
            ))
        }
        Err(CheckInError::Db(err)) => return Err(err.into()),
    };
    refresh(&state, &ticket.point_id).await?;
    let view = own_ticket(&state, &session.account_id, &ticket.id)
        .ok_or_else(|| anyhow::anyhow!("a ticket just made is not in the projection"))?;
    Ok((axum::http::StatusCode::CREATED, axum::Json(view)))
}

/// A missed patient asks to queue again; they go behind those on time.
#[utoipa::path(post, path = "/queue/tickets/{id}/rejoin", tag = "queue",
    params(("id" = String, Path, description = "The ticket")),
    responses(
        (status = 200, body = Ticket),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
         description = "The ticket was not missed"),
        super::error::SessionProblems,
        super::error::CsrfProblems,
    ))]
pub async fn rejoin(
    State(state): State<AppState>,
    CurrentSession(session): CurrentSession,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<axum::Json<Ticket>, Error> {
    ensure_day(&state).await?;
    match store::rejoin(&state.db, &session.account_id, &id, state.clock.now()).await? {
        store::Acted::Done(ticket) => {
            refresh(&state, &ticket.point_id).await?;
            own_ticket(&state, &session.account_id, &ticket.id)
                .map(axum::Json)
                .ok_or_else(Error::not_found)
        }
        store::Acted::NotApplicable => Err(Error::with_detail(
            ProblemKind::Conflict,
            "该号未过号，无需重新排队。",
            "This ticket was not missed, so it need not rejoin.",
        )),
        store::Acted::NotFound => {
            if store::ticket(&state.db, &id).await?.is_some() {
                let detail = json!({ "resource": "ticket", "id": id });
                http::audit(
                    &state,
                    "authz.denied",
                    Some(&session.account_id),
                    &client,
                    detail,
                )
                .await;
            }
            Err(Error::not_found())
        }
    }
}

/// What a wall display in an area shows: recent calls and each room's next tickets, with
/// masked names. No login.
#[utoipa::path(get, path = "/board/{area}", tag = "queue",
    params(("area" = String, Path, description = "A department id, or a point's area (`blood-draw`, `pharmacy`)")),
    responses(
        (status = 200, body = Board),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn board(
    State(state): State<AppState>,
    Path(area): Path<String>,
) -> Result<axum::Json<Board>, Error> {
    ensure_day(&state).await?;
    state
        .queue
        .board(&area)
        .map(axum::Json)
        .ok_or_else(Error::not_found)
}

/// An area's board, live: a `board` event with the whole [`Board`] at once (unless
/// `Last-Event-ID` is up to date) and after every change. No login.
#[utoipa::path(get, path = "/board/{area}/events", tag = "queue",
    params(("area" = String, Path, description = "The area")),
    responses(
        (status = 200, content_type = "text/event-stream",
         description = "`board` events, each a Board in JSON, with resumable ids"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn board_events(
    State(state): State<AppState>,
    Path(area): Path<String>,
    method: Method,
    version: Version,
    handover: Option<Extension<Handover>>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    ensure_day(&state).await?;
    let hub = state.queue.clone();
    let stream_headers = [
        (header::CONTENT_TYPE, "text/event-stream"),
        (header::CACHE_CONTROL, "no-cache"),
    ];
    if let (Some(Extension(handover)), true) = (handover, method == Method::GET) {
        // Over a real connection the board writers serve the stream (see `fanout`): hyper
        // writes the head, then the socket is theirs. The body never yields, so hyper
        // writes nothing after the head; it only reads, to see the client go.
        if hub.board_frame(&area).is_none() {
            return Err(Error::not_found());
        }
        let last = last_event_id(&headers);
        let chunked = version != Version::HTTP_10;
        handover.after_head(move |socket| hub.attach(&area, last.as_deref(), socket, chunked));
        let silent = stream::pending::<Result<Bytes, Infallible>>();
        return Ok((stream_headers, Body::from_stream(silent)).into_response());
    }
    let (rx, frame) = hub.watch_area(&area).ok_or_else(Error::not_found)?;
    let first = (!hub.area_up_to_date(&area, last_event_id(&headers).as_deref()))
        .then(|| frame.event.clone());
    drop(frame);
    // The frames go out as the hub framed them: the same shared bytes to every screen, no
    // per-subscriber serialisation. A comment line every KEEP_ALIVE keeps proxies from
    // closing a quiet stream; its timer is armed once per stream, not at every frame, so a
    // change reaching 10 000 screens does not also touch 10 000 timers.
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let events = stream::unfold(
        (hub, area, rx, first, beat),
        |(hub, area, mut rx, first, mut beat)| async move {
            if let Some(bytes) = first {
                return Some((Ok::<_, Infallible>(bytes), (hub, area, rx, None, beat)));
            }
            let bytes = tokio::select! {
                biased;
                got = rx.recv() => match got {
                    Ok(frame) => frame.event.clone(),
                    Err(RecvError::Lagged(_)) => hub.board_frame(&area)?.event.clone(),
                    Err(RecvError::Closed) => return None,
                },
                _ = beat.tick() => Bytes::from_static(b":\n\n"),
            };
            Some((Ok(bytes), (hub, area, rx, None, beat)))
        },
    );
    Ok((stream_headers, Body::from_stream(events)).into_response())
}

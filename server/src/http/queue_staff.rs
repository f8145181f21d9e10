//! The live queue for staff and the HIS (staff token): call the next patient, recall,
//! skip a patient who did not come, mark in service and done, pause and resume a room, and
//! put a patient into a point's queue on a doctor's order (lab, imaging, pharmacy). Every
//! call changes the database in one transaction, appends its event, and is fanned out to
//! the patients' and the boards' streams.

use axum::extract::State;
use axum::http::StatusCode;
use careway_core::api::queue::{Priority, TicketStatus};
use careway_core::api::LocalText;
use careway_core::problem::{FieldCode, Problem, ProblemKind};
use careway_core::queue::Action;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::ClientInfo;
use super::error::{Error, Json, Path};
use super::queue::{ensure_day, refresh};
use super::staff::Staff;
use crate::store::queue::{self as store, Acted, TicketRow};
use crate::{http, AppState};

/// This module's routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(call_next))
        .routes(routes!(ticket_action))
        .routes(routes!(pause))
        .routes(routes!(resume))
        .routes(routes!(add_ticket))
}

/// A ticket as staff see it: the full name, for the room's screen.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct StaffTicket {
    /// Id.
    pub id: String,
    /// Number.
    pub number: String,
    /// The patient's full name.
    pub patient_name: String,
    /// Status.
    pub status: TicketStatus,
    /// Its point.
    pub point_id: String,
    /// Priority class.
    pub priority: Priority,
}

impl From<TicketRow> for StaffTicket {
    fn from(t: TicketRow) -> StaffTicket {
        StaffTicket {
            id: t.id,
            number: t.number,
            patient_name: t.patient_name,
            status: t.status,
            point_id: t.point_id,
            priority: t.priority,
        }
    }
}

async fn answer(
    state: &AppState,
    client: &ClientInfo,
    what: &str,
    acted: Acted,
) -> Result<axum::Json<StaffTicket>, Error> {
    match acted {
        Acted::Done(ticket) => {
            refresh(state, &ticket.point_id).await?;
            let detail = json!({ "ticket": ticket.id, "point": ticket.point_id, "action": what });
            http::audit(state, "queue.staff_action", None, client, detail).await;
            Ok(axum::Json((*ticket).into()))
        }
        Acted::NotFound => Err(Error::not_found()),
        Acted::NotApplicable => Err(Error::with_detail(
            ProblemKind::Conflict,
            "该号当前状态不能进行此操作。",
            "The ticket's status does not allow this.",
        )),
    }
}

/// Calls the next patient of a point; whoever was called or in service there is done.
#[utoipa::path(post, path = "/staff/queue/points/{id}/call-next", tag = "staff",
    params(("id" = String, Path, description = "The service point")),
    responses(
        (status = 200, body = StaffTicket),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
         description = "Nobody is waiting"),
    ),
    security(("staff_token" = [])))]
pub async fn call_next(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<axum::Json<StaffTicket>, Error> {
    ensure_day(&state).await?;
    let date = state.queue.date();
    let acted = store::call_next(
        &state.db,
        &id,
        &date,
        &state.content.queue.rules,
        state.clock.now(),
    )
    .await?;
    if acted == Acted::NotApplicable {
        // Someone may have been finished even though nobody waits.
        refresh(&state, &id).await?;
        return Err(Error::with_detail(
            ProblemKind::Conflict,
            "当前没有候诊的患者。",
            "Nobody is waiting.",
        ));
    }
    answer(&state, &client, "call_next", acted).await
}

/// Recalls, skips (missed), serves or finishes one ticket.
#[utoipa::path(post, path = "/staff/queue/tickets/{id}/{action}", tag = "staff",
    params(
        ("id" = String, Path, description = "The ticket"),
        ("action" = String, Path, description = "`recall`, `skip`, `serve` or `finish`"),
    ),
    responses(
        (status = 200, body = StaffTicket),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("staff_token" = [])))]
pub async fn ticket_action(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Path((id, action)): Path<(String, String)>,
) -> Result<axum::Json<StaffTicket>, Error> {
    let action_kind = match action.as_str() {
        "recall" => Action::Recall,
        "skip" => Action::Skip,
        "serve" => Action::Serve,
        "finish" => Action::Finish,
        _ => return Err(Error::not_found()),
    };
    ensure_day(&state).await?;
    let acted = store::act(&state.db, &id, action_kind, state.clock.now()).await?;
    answer(&state, &client, &action, acted).await
}

/// `POST /staff/queue/points/{id}/pause`.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct PauseRequest {
    /// Why, in Chinese, as patients will read it ("医生临时离开，请稍候"); 1–60 characters.
    #[schema(min_length = 1, max_length = 60, pattern = r"\S")]
    pub reason_zh: String,
    /// Why, in English; ≤ 120 characters.
    #[serde(default)]
    #[schema(max_length = 120)]
    pub reason_en: String,
}

/// Pauses a room: patients see the reason, the board shows it, nobody is called.
#[utoipa::path(post, path = "/staff/queue/points/{id}/pause", tag = "staff",
    params(("id" = String, Path, description = "The service point")),
    request_body = PauseRequest,
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::BodyProblems,
    ),
    security(("staff_token" = [])))]
pub async fn pause(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Path(id): Path<String>,
    Json(req): Json<PauseRequest>,
) -> Result<StatusCode, Error> {
    let zh = req.reason_zh.trim();
    if zh.is_empty() {
        return Err(Error::field("reason_zh", FieldCode::Required));
    }
    if zh.chars().count() > 60 || req.reason_en.chars().count() > 120 {
        return Err(Error::field("reason_zh", FieldCode::TooLong));
    }
    let en = req.reason_en.trim();
    let reason = LocalText {
        zh: zh.to_owned(),
        en: if en.is_empty() { zh } else { en }.to_owned(),
    };
    set_paused(&state, &client, &id, Some(&reason)).await
}

/// Resumes a paused room.
#[utoipa::path(post, path = "/staff/queue/points/{id}/resume", tag = "staff",
    params(("id" = String, Path, description = "The service point")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("staff_token" = [])))]
pub async fn resume(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Path(id): Path<String>,
) -> Result<StatusCode, Error> {
    set_paused(&state, &client, &id, None).await
}

async fn set_paused(
    state: &AppState,
    client: &ClientInfo,
    id: &str,
    reason: Option<&LocalText>,
) -> Result<StatusCode, Error> {
    ensure_day(state).await?;
    let date = state.queue.date();
    if !store::set_paused(&state.db, id, reason, &date, state.clock.now()).await? {
        return Err(Error::not_found());
    }
    refresh(state, id).await?;
    let detail = json!({ "point": id, "paused": reason.is_some() });
    http::audit(state, "queue.paused", None, client, detail).await;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /staff/queue/points/{id}/tickets`: a doctor's order sends a patient on.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct AddTicketRequest {
    /// The patient (as the app knows them).
    #[schema(min_length = 1, pattern = r"\S")]
    pub patient_id: String,
    /// Their priority class here (`return_visit` for a patient back with results).
    #[serde(default)]
    pub priority: Priority,
}

/// Puts a patient into a point's queue (the lab, the pharmacy; or back to the doctor with
/// results), so the journey goes on without a window.
#[utoipa::path(post, path = "/staff/queue/points/{id}/tickets", tag = "staff",
    params(("id" = String, Path, description = "The service point")),
    request_body = AddTicketRequest,
    responses(
        (status = 201, body = StaffTicket),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        super::error::BodyProblems,
    ),
    security(("staff_token" = [])))]
pub async fn add_ticket(
    State(state): State<AppState>,
    _staff: Staff,
    client: ClientInfo,
    Path(id): Path<String>,
    Json(req): Json<AddTicketRequest>,
) -> Result<(StatusCode, axum::Json<StaffTicket>), Error> {
    if req.patient_id.trim().is_empty() {
        return Err(Error::field("patient_id", FieldCode::Required));
    }
    ensure_day(&state).await?;
    let date = state.queue.date();
    let ticket = store::add_to_queue(
        &state.db,
        &id,
        &req.patient_id,
        req.priority,
        &date,
        state.clock.now(),
    )
    .await?
    .ok_or_else(Error::not_found)?;
    let answered = answer(&state, &client, "add", Acted::Done(Box::new(ticket))).await?;
    Ok((StatusCode::CREATED, answered))
}

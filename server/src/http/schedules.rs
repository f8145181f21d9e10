//! Clinic sessions and their time windows as patients choose from them: a department's
//! doctors with their schedules over the booking horizon (`GET
//! /departments/{id}/doctors`), one doctor's (`GET /doctors/{id}`), and one window with
//! everything the confirm page shows (`GET /slots/{id}`). Whether a window can be booked
//! is decided by [`careway_core::booking::availability`], here only put into the answer.

use axum::extract::State;
use careway_core::api::booking::{
    Arrival, Availability, Doctor, DoctorSchedule, SessionView, SlotDetail, SlotView,
};
use careway_core::booking::{self, BookingRules};
use careway_core::problem::Problem;
use jiff::Timestamp;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::catalogue::for_patients;
use super::error::{Error, Path};
use crate::store::catalogue;
use crate::store::clinics::{self, WindowRecord};
use crate::AppState;

/// The schedules' routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(department_doctors))
        .routes(routes!(doctor))
        .routes(routes!(slot))
}

/// When to arrive for a window starting at local `start`; the labels were checked when
/// read, so `None` here is a bug.
pub(super) fn arrival(start: &str, rules: &BookingRules) -> Result<Arrival, Error> {
    booking::arrival(start, rules)
        .ok_or_else(|| anyhow::anyhow!("no arrival time for a window starting at {start:?}").into())
}

/// The change deadline of a window starting at `starts_at`, as RFC 3339.
pub(super) fn change_deadline(starts_at: Timestamp, rules: &BookingRules) -> Result<String, Error> {
    let deadline = booking::change_deadline(starts_at.as_millisecond(), rules);
    Timestamp::from_millisecond(deadline)
        .map(|t| t.to_string())
        .map_err(|e| anyhow::anyhow!("no change deadline for a window at {starts_at}: {e}").into())
}

fn slot_view(w: &WindowRecord, rules: &BookingRules, now: i64) -> SlotView {
    SlotView {
        id: w.slot_id.clone(),
        start: w.start.clone(),
        end: w.end.clone(),
        remaining: w.facts.remaining,
        capacity: w.capacity,
        availability: booking::availability(&w.facts, rules, now),
    }
}

/// The first and last date patients can see: today through the release horizon.
fn horizon(state: &AppState) -> Result<(String, String), Error> {
    let today = state.today();
    let from = jiff::civil::Date::new(today.year as i16, today.month as i8, today.day as i8)
        .map_err(|e| anyhow::anyhow!("today is not a date: {e}"))?;
    let to = from
        .checked_add(jiff::Span::new().days(i64::from(state.content.booking.release_days_ahead)))
        .map_err(|e| anyhow::anyhow!("the booking horizon is past the calendar: {e}"))?;
    Ok((from.to_string(), to.to_string()))
}

async fn schedules(state: &AppState, doctors: Vec<Doctor>) -> Result<Vec<DoctorSchedule>, Error> {
    let (from, to) = horizon(state)?;
    let ids: Vec<String> = doctors.iter().map(|d| d.id.clone()).collect();
    let windows = clinics::windows(&state.db, &ids, &from, &to).await?;
    let now = state.clock.now().as_millisecond();
    let rules = &state.content.booking.rules;
    let mut out = Vec::with_capacity(doctors.len());
    for doctor in doctors {
        let mut sessions: Vec<SessionView> = Vec::new();
        for w in windows.iter().filter(|w| w.doctor_id == doctor.id) {
            let slot = slot_view(w, rules, now);
            match sessions.last_mut() {
                Some(s) if s.id == w.session.id => s.slots.push(slot),
                _ => sessions.push(SessionView {
                    id: w.session.id.clone(),
                    date: w.session.date.clone(),
                    period: w.session.period,
                    visit_type: w.session.visit_type,
                    fee_fen: w.session.fee_fen,
                    remaining: 0,
                    capacity: 0,
                    availability: Availability::Closed,
                    release_at: w.session.release_at.clone(),
                    stop_reason: w.session.stop_reason.clone(),
                    slots: vec![slot],
                }),
            }
        }
        for s in &mut sessions {
            s.remaining = s
                .slots
                .iter()
                .filter(|w| w.availability != Availability::Closed)
                .map(|w| w.remaining)
                .sum();
            s.capacity = s.slots.iter().map(|w| w.capacity).sum();
            let states: Vec<Availability> = s.slots.iter().map(|w| w.availability).collect();
            s.availability = booking::session_availability(&states);
        }
        let next_available = sessions
            .iter()
            .find(|s| s.availability == Availability::Open)
            .map(|s| s.date.clone());
        let remaining = sessions
            .iter()
            .flat_map(|s| &s.slots)
            .filter(|w| w.availability == Availability::Open)
            .map(|w| w.remaining)
            .sum();
        out.push(DoctorSchedule {
            doctor,
            next_available,
            remaining,
            sessions,
        });
    }
    Ok(out)
}

/// A department's doctors with their schedules over the booking horizon.
#[utoipa::path(get, path = "/departments/{id}/doctors", tag = "booking",
    params(("id" = String, Path, description = "Department id")),
    responses(
        (status = 200, body = [DoctorSchedule]),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn department_doctors(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<Vec<DoctorSchedule>>, Error> {
    let department = catalogue::department(&state.db, &id)
        .await?
        .ok_or_else(Error::not_found)?;
    if !department.bookable {
        return Ok(axum::Json(Vec::new()));
    }
    let doctors = catalogue::doctors_of(&state.db, &id).await?;
    Ok(axum::Json(schedules(&state, doctors).await?))
}

/// One doctor with their schedule.
#[utoipa::path(get, path = "/doctors/{id}", tag = "booking",
    params(("id" = String, Path, description = "Doctor id")),
    responses(
        (status = 200, body = DoctorSchedule),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn doctor(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<DoctorSchedule>, Error> {
    let doctor = catalogue::doctor(&state.db, &id)
        .await?
        .ok_or_else(Error::not_found)?;
    let mut list = schedules(&state, vec![doctor]).await?;
    list.pop().map(axum::Json).ok_or_else(Error::not_found)
}

/// One time window with its session, doctor and department, whether it can be booked
/// now, and when to arrive: everything the confirm page needs in one answer.
#[utoipa::path(get, path = "/slots/{id}", tag = "booking",
    params(("id" = String, Path, description = "Time window (slot) id")),
    responses(
        (status = 200, body = SlotDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn slot(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<SlotDetail>, Error> {
    let record = clinics::slot(&state.db, &id)
        .await?
        .ok_or_else(Error::not_found)?;
    let rules = &state.content.booking.rules;
    let w = &record.window;
    Ok(axum::Json(SlotDetail {
        slot: slot_view(w, rules, state.clock.now().as_millisecond()),
        starts_at: w.starts_at.to_string(),
        ends_at: w.ends_at.to_string(),
        session: w.session.clone(),
        arrival: arrival(&w.start, rules)?,
        changeable_until: change_deadline(w.starts_at, rules)?,
        doctor: record.doctor,
        department: for_patients(record.department, &state.content.booking.instructions),
    }))
}

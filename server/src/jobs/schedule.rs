//! Keeps the slot pool ahead of time and the appointment book honest: every few minutes
//! the booking horizon is extended with new clinic sessions (from the doctors' weekly
//! clinics), appointments whose window ended without the patient arriving become
//! no-shows, tomorrow's patients get their reminder in the inbox, and so does every dose of
//! a medication plan whose time has come (at most one round, five minutes, late).

use std::time::Duration;

use jiff::civil::Date;

use careway_core::medication::CATCH_UP_MINUTES;

use crate::store::{appointments, clinics, medication};
use crate::AppState;

/// How long after a window ends an appointment still waiting for its patient becomes a
/// no-show.
pub const NOSHOW_GRACE_MS: i64 = 60 * 60 * 1000;

/// Creates the sessions of every date from today to the release horizon that do not exist
/// yet; returns how many were created.
pub async fn ensure_horizon(state: &AppState) -> anyhow::Result<u32> {
    let today = state.today();
    let from = Date::new(today.year as i16, today.month as i8, today.day as i8)?;
    let to = from
        .checked_add(jiff::Span::new().days(i64::from(state.content.booking.release_days_ahead)))?;
    clinics::ensure_sessions(&state.db, &state.content, &state.time_zone, from, to).await
}

/// One round: extend the horizon, mark no-shows, remind tomorrow's patients and the
/// doses due since the last [`CATCH_UP_MINUTES`].
pub async fn tick(state: &AppState) -> anyhow::Result<()> {
    ensure_horizon(state).await?;
    appointments::mark_noshows(&state.db, state.clock.now(), NOSHOW_GRACE_MS).await?;
    let today = state.today();
    let tomorrow = Date::new(today.year as i16, today.month as i8, today.day as i8)?.tomorrow()?;
    appointments::remind(
        &state.db,
        &tomorrow.to_string(),
        state.content.booking.rules.arrive_before_minutes,
        state.clock.now(),
    )
    .await?;
    let local = state
        .clock
        .now()
        .to_zoned(state.time_zone.clone())
        .datetime();
    let since = local.checked_sub(jiff::Span::new().minutes(i64::from(CATCH_UP_MINUTES)))?;
    medication::remind(&state.db, since, local, state.clock.now()).await?;
    Ok(())
}

/// Runs forever, a round every five minutes.
pub async fn run(state: AppState) {
    loop {
        if let Err(err) = tick(&state).await {
            tracing::error!(error = %err, "the schedule job failed");
        }
        tokio::time::sleep(Duration::from_secs(300)).await;
    }
}

//! The demo hospital's day, simulated, so a newcomer sees queues move: the window and
//! phone bookings of today check in around their windows (some early, some late, a few
//! never), each doctor calls the next patient when the last one's consultation (drawn from
//! the same synthetic profiles the wait estimator is judged on) is over, doctors step away
//! now and then, and finished patients are sent on to the blood draw and the pharmacy.
//!
//! It acts only through the store and the live projection, as staff would, so every
//! screen sees its changes the way it sees real ones. It runs only in demo mode.

use std::collections::HashMap;
use std::time::Duration;

use careway_core::api::queue::PointKind;
use careway_core::api::LocalText;
use careway_core::queue::sim::{PointProfile, Rng};
use careway_core::queue::Action;
use jiff::Timestamp;

use crate::store::queue::{self as store, Acted};
use crate::AppState;

/// How often the simulated hospital moves.
pub const TICK: Duration = Duration::from_secs(3);
/// How long before its window a simulated patient may arrive, at most.
const EARLIEST_ARRIVAL_MS: i64 = 40 * 60_000;

/// Runs the simulation for as long as the server runs.
pub async fn run(state: AppState) {
    let mut sim = Simulator::default();
    loop {
        tokio::time::sleep(TICK).await;
        if let Err(err) = sim.step(&state).await {
            tracing::warn!(%err, "the demo simulator could not move the queues");
        }
    }
}

/// The simulator's memory between steps: which rooms are paused until when.
#[derive(Debug, Default)]
pub struct Simulator {
    paused_until: HashMap<String, i64>,
}

/// A stable number from a text, to seed draws that must not change between steps.
fn seed(text: &str) -> u64 {
    // FNV-1a: small, stable across builds and platforms.
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn profile(point_id: &str, kind: PointKind) -> PointProfile {
    PointProfile::of_kind(kind, &mut Rng::new(seed(point_id)))
}

/// How long this patient's service takes, drawn once per ticket.
fn service_ms(profile: &PointProfile, ticket_id: &str) -> i64 {
    let mut rng = Rng::new(seed(ticket_id));
    let base = rng.lognormal(profile.median_service_ms, profile.sigma);
    if rng.chance(profile.outlier_chance) {
        let (lo, hi) = profile.outlier_factor;
        (base as f64 * rng.range_f64(lo, hi)) as i64
    } else {
        base
    }
}

/// When a simulated patient arrives, relative to the window's start: most a little early,
/// some late; `None` for the few who never come.
fn arrival_offset_ms(appointment_id: &str) -> Option<i64> {
    let mut rng = Rng::new(seed(appointment_id) ^ 0x5eed);
    if rng.chance(0.08) {
        return None;
    }
    Some(rng.range(-EARLIEST_ARRIVAL_MS, 20 * 60_000))
}

const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
];
const GIVEN: [&str; 16] = [
    "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明",
];

fn name_for(id: &str) -> String {
    let h = seed(id);
    format!(
        "{}{}",
        SURNAMES[(h % 16) as usize],
        GIVEN[((h >> 8) % 16) as usize]
    )
}

impl Simulator {
    /// One move of the hospital at the clock's now.
    pub async fn step(&mut self, state: &AppState) -> anyhow::Result<()> {
        crate::http::queue::ensure_day(state)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let now = state.clock.now();
        let now_ms = now.as_millisecond();
        let date = state.queue.date();
        let settings = &state.content.queue;

        // Arrivals.
        let until = Timestamp::from_millisecond(now_ms + EARLIEST_ARRIVAL_MS)?;
        for walk_in in store::walk_ins_due(&state.db, &date, until).await? {
            let Some(offset) = arrival_offset_ms(&walk_in.id) else {
                continue;
            };
            if walk_in.starts_at + offset > now_ms {
                continue;
            }
            let name = name_for(&walk_in.id);
            if let Some(point) =
                store::check_in_walk_in(&state.db, &walk_in, &name, &date, now, settings).await?
            {
                state.queue.refresh(&state.db, &point).await?;
            }
        }

        // Rooms.
        for point_id in state.queue.point_ids() {
            let Some(load) = state.queue.point_load(&point_id) else {
                continue;
            };
            let profile = profile(&point_id, load.kind);
            if let Some(until) = self.paused_until.get(&point_id).copied() {
                if now_ms >= until {
                    self.paused_until.remove(&point_id);
                    store::set_paused(&state.db, &point_id, None, &date, now).await?;
                    state.queue.refresh(&state.db, &point_id).await?;
                }
                continue;
            }
            if load.paused {
                // Paused by staff, not by the simulation: leave it alone.
                continue;
            }
            let finished_current = match &load.current {
                Some((ticket_id, since)) => {
                    if now_ms - since < service_ms(&profile, ticket_id) {
                        continue;
                    }
                    match store::act(&state.db, ticket_id, Action::Finish, now).await? {
                        Acted::Done(ticket) => Some(*ticket),
                        _ => None,
                    }
                }
                None => None,
            };
            if let Some(done) = &finished_current {
                self.send_on(state, done, &date, now).await?;
            }
            if load.waiting == 0 {
                if finished_current.is_some() {
                    state.queue.refresh(&state.db, &point_id).await?;
                }
                continue;
            }
            let mut rng = Rng::new(seed(&point_id) ^ now_ms as u64);
            if load.kind == PointKind::Clinic && rng.chance(profile.pause_chance) {
                let pause = rng.range(profile.pause_ms.0, profile.pause_ms.1);
                self.paused_until.insert(point_id.clone(), now_ms + pause);
                let reason = LocalText {
                    zh: "医生临时离开，请稍候".to_owned(),
                    en: "The doctor has stepped away; please wait".to_owned(),
                };
                store::set_paused(&state.db, &point_id, Some(&reason), &date, now).await?;
                state.queue.refresh(&state.db, &point_id).await?;
                continue;
            }
            store::call_next(&state.db, &point_id, &date, &settings.rules, now).await?;
            state.queue.refresh(&state.db, &point_id).await?;
        }
        Ok(())
    }

    /// A simulated patient done with the doctor goes on, as the doctor's orders say: to
    /// the blood draw or the pharmacy (app patients are sent on by staff, not here).
    async fn send_on(
        &mut self,
        state: &AppState,
        done: &store::TicketRow,
        date: &str,
        now: Timestamp,
    ) -> anyhow::Result<()> {
        if done.account_id.is_some() || !done.point_id.starts_with("clinic-") {
            return Ok(());
        }
        let mut rng = Rng::new(seed(&done.id) ^ 0x0dd5);
        let roll = rng.uniform();
        let next = if roll < 0.3 {
            "blood-draw"
        } else if roll < 0.85 {
            "pharmacy"
        } else {
            return Ok(());
        };
        if !state.content.queue.points.iter().any(|p| p.id == next) {
            return Ok(());
        }
        store::add_walk_in(&state.db, next, &done.patient_name, date, now).await?;
        state.queue.refresh(&state.db, next).await?;
        Ok(())
    }
}

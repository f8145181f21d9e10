//! The rules of booking, one function each, on plain facts.
//!
//! Instants are Unix milliseconds; local times of day are `HH:MM` in the hospital's time
//! zone. The boundaries are part of the rules and tested as such: booking is allowed at
//! the very instant of release and at the very instant of the cut-off, and refused one
//! millisecond outside either.

use serde::{Deserialize, Serialize};

use super::Refusal;
use crate::api::booking::{AppointmentStatus, Arrival, Availability};
use crate::api::LocalText;

/// One minute, in milliseconds.
const MINUTE_MS: i64 = 60_000;
/// How many days back a patient's no-shows count against them.
pub const NOSHOW_PERIOD_DAYS: i64 = 90;

/// The hospital's settings for the booking rules, read from the `[booking]` table of its
/// `hospital.toml`. The defaults are what most hospitals in China use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookingRules {
    /// Booking a window closes this many minutes before it starts.
    pub book_cutoff_minutes: u32,
    /// Cancelling or moving an appointment closes this many minutes before its window
    /// starts.
    pub cancel_cutoff_minutes: u32,
    /// Upcoming appointments one account may hold at once.
    pub max_active_per_account: u32,
    /// No-shows within [`NOSHOW_PERIOD_DAYS`] from which a patient can no longer book
    /// online.
    pub max_noshows_90_days: u32,
    /// How many minutes before the window a patient should arrive to check in.
    pub arrive_before_minutes: u32,
}

impl Default for BookingRules {
    fn default() -> BookingRules {
        BookingRules {
            book_cutoff_minutes: 30,
            cancel_cutoff_minutes: 120,
            max_active_per_account: 6,
            max_noshows_90_days: 3,
            arrive_before_minutes: 15,
        }
    }
}

/// The instant `minutes` before `starts_at`: the one place a cut-off is computed.
fn cutoff(starts_at: i64, minutes: u32) -> i64 {
    starts_at.saturating_sub(i64::from(minutes) * MINUTE_MS)
}

/// The last instant a window starting at `starts_at` can be booked (booking at exactly
/// this instant is allowed).
pub fn booking_deadline(starts_at: i64, rules: &BookingRules) -> i64 {
    cutoff(starts_at, rules.book_cutoff_minutes)
}

/// The last instant an appointment whose window starts at `starts_at` can be cancelled or
/// moved (exactly this instant is allowed).
pub fn change_deadline(starts_at: i64, rules: &BookingRules) -> i64 {
    cutoff(starts_at, rules.cancel_cutoff_minutes)
}

/// What decides whether one time window can be booked, as the database holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowFacts {
    /// The hospital stopped the window's session.
    pub stopped: bool,
    /// When the session is released for booking.
    pub release_at: i64,
    /// When the window starts.
    pub starts_at: i64,
    /// Places left.
    pub remaining: u32,
}

/// Whether a window can be booked at `now`, and if not, why. The order matters: a stopped
/// session says "stopped" even when it is also full, and a window past its cut-off says
/// "closed" whether or not places are left.
pub fn availability(window: &WindowFacts, rules: &BookingRules, now: i64) -> Availability {
    if window.stopped {
        Availability::Stopped
    } else if now < window.release_at {
        Availability::NotReleased
    } else if now > booking_deadline(window.starts_at, rules) {
        Availability::Closed
    } else if window.remaining == 0 {
        Availability::Full
    } else {
        Availability::Open
    }
}

/// A session's (or a day's) availability from its windows': open if any window is open;
/// otherwise the most telling reason (full before closed, so a fully booked morning says
/// "full" even after its first windows closed). No windows at all reads as closed.
pub fn session_availability(windows: &[Availability]) -> Availability {
    let any = |a: Availability| windows.contains(&a);
    if any(Availability::Stopped) {
        Availability::Stopped
    } else if any(Availability::Open) {
        Availability::Open
    } else if any(Availability::NotReleased) {
        Availability::NotReleased
    } else if any(Availability::Full) {
        Availability::Full
    } else {
        Availability::Closed
    }
}

/// Whether an appointment in `status` whose window starts at `starts_at` can still be
/// cancelled or moved at `now`: only a booked one, up to and including its
/// [`change_deadline`].
pub fn can_change(
    status: AppointmentStatus,
    starts_at: i64,
    now: i64,
    rules: &BookingRules,
) -> Result<(), Refusal> {
    if status == AppointmentStatus::Booked && now <= change_deadline(starts_at, rules) {
        Ok(())
    } else {
        Err(Refusal::ChangeClosed)
    }
}

/// The first instant whose no-shows still count at `now`: the store counts the patient's
/// no-shows in windows starting after it.
pub fn noshow_period_start(now: i64) -> i64 {
    now.saturating_sub(NOSHOW_PERIOD_DAYS * 24 * 60 * MINUTE_MS)
}

/// The no-show ban: a patient who missed `noshows` visits in the period cannot book
/// online once the count reaches the hospital's limit (they still can at a window or by
/// phone, where staff can talk to them).
pub fn check_noshows(noshows: u32, rules: &BookingRules) -> Result<(), Refusal> {
    if noshows >= rules.max_noshows_90_days {
        Err(Refusal::NoShowBan { count: noshows })
    } else {
        Ok(())
    }
}

/// A live appointment that already holds the window's department and date for the
/// person, as the booking account may see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameDay<'a> {
    /// Booked through this account: the refusal names it, so the patient can open it.
    Here(&'a str),
    /// Booked through another account that lists the same person (the same ID number): it
    /// blocks all the same, but its id is not this account's to see.
    Elsewhere,
}

/// One visit per person, department and day: `same_day` is the person's live appointment
/// in the window's department on the window's date, if there is one; it blocks, and the
/// refusal names it when it is the booking account's own.
pub fn check_same_day(same_day: Option<SameDay<'_>>) -> Result<(), Refusal> {
    match same_day {
        Some(SameDay::Here(id)) => Err(Refusal::SameDepartmentSameDay {
            appointment_id: Some(id.to_owned()),
        }),
        Some(SameDay::Elsewhere) => Err(Refusal::SameDepartmentSameDay {
            appointment_id: None,
        }),
        None => Ok(()),
    }
}

/// The limit of upcoming appointments: `active` is how many the account and the person
/// hold now (see [`PatientFacts::active_appointments`]), so one more is allowed only below
/// the limit.
pub fn check_active(active: u32, rules: &BookingRules) -> Result<(), Refusal> {
    if active >= rules.max_active_per_account {
        Err(Refusal::TooManyActive {
            max: rules.max_active_per_account,
        })
    } else {
        Ok(())
    }
}

/// What the rules need to know about the patient and the account booking.
///
/// The patient's facts are the *person's*: everything booked for the same resident ID
/// number, under any account and under members since removed, so that removing and
/// re-adding a member, or listing them in a second account, starts nothing afresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatientFacts<'a> {
    /// The person's no-shows in windows after [`noshow_period_start`].
    pub noshows: u32,
    /// The person's live (booked or arrived) appointment in the window's department on
    /// the window's date, other than one being moved.
    pub same_day_appointment: Option<SameDay<'a>>,
    /// The account's upcoming booked appointments plus the person's booked through other
    /// accounts, other than one being moved.
    pub active_appointments: u32,
}

/// Everything [`check_booking`] decides on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookingFacts<'a> {
    /// The window asked for.
    pub window: WindowFacts,
    /// The patient and the account.
    pub patient: PatientFacts<'a>,
}

/// Whether a patient may book a window at `now`, and if not, the first reason, in this
/// order:
///
/// 1. the window itself: stopped, not released yet, or past its cut-off
///    ([`Refusal::Closed`]), the same answer for everyone;
/// 2. the no-show ban, which no other window would change;
/// 3. one visit per department per day, naming the blocking appointment;
/// 4. the account's limit of upcoming appointments;
/// 5. places left ([`Refusal::Taken`]), last, so a patient whom a rule refuses learns why
///    instead of being sent to pick another window only to be refused again.
///
/// A place is only ever claimed after this says yes, by the store's conditional update,
/// which stays the authority on places: this check answers early, it does not reserve.
pub fn check_booking(
    facts: &BookingFacts<'_>,
    rules: &BookingRules,
    now: i64,
) -> Result<(), Refusal> {
    let window = availability(&facts.window, rules, now);
    if matches!(
        window,
        Availability::Stopped | Availability::NotReleased | Availability::Closed
    ) {
        return Err(Refusal::Closed(window));
    }
    check_noshows(facts.patient.noshows, rules)?;
    check_same_day(facts.patient.same_day_appointment)?;
    check_active(facts.patient.active_appointments, rules)?;
    if window == Availability::Full {
        return Err(Refusal::Taken);
    }
    Ok(())
}

/// Reads a local time of day, `HH:MM`, as minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let &[h1, h2, b':', m1, m2] = s.as_bytes() else {
        return None;
    };
    let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    let (h, m) = (digit(h1)? * 10 + digit(h2)?, digit(m1)? * 10 + digit(m2)?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Writes minutes after midnight as `HH:MM` (wrapping past midnight either way).
pub fn hhmm(minute_of_day: i64) -> String {
    let m = minute_of_day.rem_euclid(24 * 60);
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// When to arrive for a window starting at `window_start` (local `HH:MM`): from the
/// hospital's lead time before the window until its start, with the one sentence that
/// says so. `None` when `window_start` is not a time of day.
pub fn arrival(window_start: &str, rules: &BookingRules) -> Option<Arrival> {
    let start = i64::from(parse_hhmm(window_start)?);
    let from = hhmm(start - i64::from(rules.arrive_before_minutes));
    let by = hhmm(start);
    let instruction = if from == by {
        LocalText {
            zh: format!("请于 {by} 前到达，在自助机或分诊台签到。"),
            en: format!("Please arrive by {by} and check in at a kiosk or the triage desk."),
        }
    } else {
        LocalText {
            zh: format!("请于 {from}–{by} 到达，在自助机或分诊台签到。"),
            en: format!(
                "Please arrive between {from} and {by} and check in at a kiosk or the triage desk."
            ),
        }
    };
    Some(Arrival {
        arrive_from: from,
        arrive_by: by,
        instruction,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: BookingRules = BookingRules {
        book_cutoff_minutes: 30,
        cancel_cutoff_minutes: 120,
        max_active_per_account: 6,
        max_noshows_90_days: 3,
        arrive_before_minutes: 15,
    };
    /// A window at 10:30 local, as Unix ms (any instant will do).
    const STARTS: i64 = 1_800_000_000_000;
    const RELEASE: i64 = STARTS - 14 * 24 * 60 * MINUTE_MS;

    fn window() -> WindowFacts {
        WindowFacts {
            stopped: false,
            release_at: RELEASE,
            starts_at: STARTS,
            remaining: 2,
        }
    }

    fn nobody() -> PatientFacts<'static> {
        PatientFacts {
            noshows: 0,
            same_day_appointment: None,
            active_appointments: 0,
        }
    }

    fn facts(window: WindowFacts, patient: PatientFacts<'_>) -> BookingFacts<'_> {
        BookingFacts { window, patient }
    }

    #[test]
    fn the_defaults_are_the_demo_hospitals() {
        assert_eq!(BookingRules::default(), RULES);
    }

    #[test]
    fn a_window_opens_exactly_at_release() {
        let w = window();
        assert_eq!(
            availability(&w, &RULES, RELEASE - 1),
            Availability::NotReleased
        );
        assert_eq!(availability(&w, &RULES, RELEASE), Availability::Open);
    }

    #[test]
    fn a_window_closes_one_ms_after_its_cutoff() {
        let w = window();
        let deadline = STARTS - 30 * MINUTE_MS;
        assert_eq!(booking_deadline(STARTS, &RULES), deadline);
        assert_eq!(availability(&w, &RULES, deadline), Availability::Open);
        assert_eq!(availability(&w, &RULES, deadline + 1), Availability::Closed);
        let full = WindowFacts { remaining: 0, ..w };
        assert_eq!(availability(&full, &RULES, deadline), Availability::Full);
        assert_eq!(
            availability(&full, &RULES, deadline + 1),
            Availability::Closed,
            "closed says more than full once booking is over"
        );
    }

    #[test]
    fn stopped_wins_over_full_unreleased_and_closed() {
        let stopped = WindowFacts {
            stopped: true,
            remaining: 0,
            ..window()
        };
        for now in [RELEASE - 1, RELEASE, STARTS, STARTS + 1] {
            assert_eq!(
                availability(&stopped, &RULES, now),
                Availability::Stopped,
                "{now}"
            );
        }
    }

    #[test]
    fn a_full_window_is_full_only_while_it_could_be_booked() {
        let full = WindowFacts {
            remaining: 0,
            ..window()
        };
        assert_eq!(availability(&full, &RULES, RELEASE), Availability::Full);
        assert_eq!(
            availability(&full, &RULES, RELEASE - 1),
            Availability::NotReleased
        );
        let one = WindowFacts {
            remaining: 1,
            ..window()
        };
        assert_eq!(availability(&one, &RULES, RELEASE), Availability::Open);
    }

    #[test]
    fn a_session_is_open_if_any_window_is() {
        use Availability::*;
        assert_eq!(session_availability(&[Closed, Full, Open]), Open);
        assert_eq!(session_availability(&[Closed, Full, Full]), Full);
        assert_eq!(session_availability(&[Closed, Closed]), Closed);
        assert_eq!(
            session_availability(&[NotReleased, NotReleased]),
            NotReleased
        );
        assert_eq!(session_availability(&[Stopped, Stopped]), Stopped);
        assert_eq!(session_availability(&[Open, Stopped]), Stopped);
        assert_eq!(session_availability(&[]), Closed);
    }

    #[test]
    fn changes_close_one_ms_after_the_change_deadline() {
        let deadline = STARTS - 120 * MINUTE_MS;
        assert_eq!(change_deadline(STARTS, &RULES), deadline);
        let booked = AppointmentStatus::Booked;
        assert_eq!(can_change(booked, STARTS, deadline - 1, &RULES), Ok(()));
        assert_eq!(can_change(booked, STARTS, deadline, &RULES), Ok(()));
        assert_eq!(
            can_change(booked, STARTS, deadline + 1, &RULES),
            Err(Refusal::ChangeClosed)
        );
    }

    #[test]
    fn only_a_booked_appointment_can_change() {
        for status in AppointmentStatus::ALL {
            let early = STARTS - 24 * 60 * MINUTE_MS;
            let expected = if status == AppointmentStatus::Booked {
                Ok(())
            } else {
                Err(Refusal::ChangeClosed)
            };
            assert_eq!(
                can_change(status, STARTS, early, &RULES),
                expected,
                "{status:?}"
            );
        }
    }

    #[test]
    fn the_noshow_ban_starts_exactly_at_the_limit() {
        assert_eq!(check_noshows(2, &RULES), Ok(()));
        assert_eq!(
            check_noshows(3, &RULES),
            Err(Refusal::NoShowBan { count: 3 })
        );
        assert_eq!(
            check_noshows(4, &RULES),
            Err(Refusal::NoShowBan { count: 4 })
        );
        let now = STARTS;
        assert_eq!(now - noshow_period_start(now), 90 * 86_400_000);
    }

    #[test]
    fn a_same_day_visit_blocks_and_is_named() {
        assert_eq!(check_same_day(None), Ok(()));
        assert_eq!(
            check_same_day(Some(SameDay::Here("appt-1"))),
            Err(Refusal::SameDepartmentSameDay {
                appointment_id: Some("appt-1".into())
            })
        );
        assert_eq!(
            check_same_day(Some(SameDay::Elsewhere)),
            Err(Refusal::SameDepartmentSameDay {
                appointment_id: None
            }),
            "another account's visit blocks without being named"
        );
    }

    #[test]
    fn the_active_limit_allows_up_to_and_refuses_at_the_limit() {
        assert_eq!(check_active(5, &RULES), Ok(()));
        assert_eq!(
            check_active(6, &RULES),
            Err(Refusal::TooManyActive { max: 6 })
        );
        assert_eq!(
            check_active(7, &RULES),
            Err(Refusal::TooManyActive { max: 6 })
        );
    }

    #[test]
    fn check_booking_says_yes_to_an_open_window_and_a_patient_within_the_rules() {
        let patient = PatientFacts {
            noshows: 2,
            same_day_appointment: None,
            active_appointments: 5,
        };
        assert_eq!(
            check_booking(&facts(window(), patient), &RULES, RELEASE),
            Ok(())
        );
    }

    #[test]
    fn check_booking_runs_its_rules_in_the_documented_order() {
        let everything_wrong = PatientFacts {
            noshows: 3,
            same_day_appointment: Some(SameDay::Here("appt-1")),
            active_appointments: 6,
        };
        let full = WindowFacts {
            remaining: 0,
            ..window()
        };
        let stopped = WindowFacts {
            stopped: true,
            ..full
        };
        // 1. The window's own state first.
        assert_eq!(
            check_booking(&facts(stopped, everything_wrong), &RULES, RELEASE),
            Err(Refusal::Closed(Availability::Stopped))
        );
        assert_eq!(
            check_booking(&facts(full, everything_wrong), &RULES, RELEASE - 1),
            Err(Refusal::Closed(Availability::NotReleased))
        );
        assert_eq!(
            check_booking(&facts(full, everything_wrong), &RULES, STARTS),
            Err(Refusal::Closed(Availability::Closed))
        );
        // 2. Then the ban, 3. the same day, 4. the account's limit, 5. places.
        assert_eq!(
            check_booking(&facts(full, everything_wrong), &RULES, RELEASE),
            Err(Refusal::NoShowBan { count: 3 })
        );
        let same_day = PatientFacts {
            noshows: 0,
            ..everything_wrong
        };
        assert_eq!(
            check_booking(&facts(full, same_day), &RULES, RELEASE),
            Err(Refusal::SameDepartmentSameDay {
                appointment_id: Some("appt-1".into())
            })
        );
        let busy = PatientFacts {
            same_day_appointment: None,
            ..same_day
        };
        assert_eq!(
            check_booking(&facts(full, busy), &RULES, RELEASE),
            Err(Refusal::TooManyActive { max: 6 })
        );
        assert_eq!(
            check_booking(&facts(full, nobody()), &RULES, RELEASE),
            Err(Refusal::Taken)
        );
    }

    #[test]
    fn check_booking_honours_the_cutoff_boundary() {
        let deadline = booking_deadline(STARTS, &RULES);
        assert_eq!(
            check_booking(&facts(window(), nobody()), &RULES, deadline),
            Ok(())
        );
        assert_eq!(
            check_booking(&facts(window(), nobody()), &RULES, deadline + 1),
            Err(Refusal::Closed(Availability::Closed))
        );
    }

    #[test]
    fn other_rules_change_the_boundaries() {
        let strict = BookingRules {
            book_cutoff_minutes: 0,
            cancel_cutoff_minutes: 24 * 60,
            max_active_per_account: 1,
            max_noshows_90_days: 1,
            arrive_before_minutes: 0,
        };
        assert_eq!(availability(&window(), &strict, STARTS), Availability::Open);
        assert_eq!(
            availability(&window(), &strict, STARTS + 1),
            Availability::Closed
        );
        assert_eq!(change_deadline(STARTS, &strict), STARTS - 86_400_000);
        assert!(check_active(1, &strict).is_err());
        assert!(check_noshows(1, &strict).is_err());
    }

    #[test]
    fn one_arrival_instruction_from_the_lead_time_to_the_window() {
        let a = arrival("10:30", &RULES).unwrap();
        assert_eq!(
            (a.arrive_from.as_str(), a.arrive_by.as_str()),
            ("10:15", "10:30")
        );
        assert_eq!(
            a.instruction.zh,
            "请于 10:15–10:30 到达，在自助机或分诊台签到。"
        );
        assert!(a.instruction.en.contains("between 10:15 and 10:30"));
        let a = arrival("08:00", &RULES).unwrap();
        assert_eq!(a.arrive_from, "07:45");
        let a = arrival("00:10", &RULES).unwrap();
        assert_eq!(a.arrive_from, "23:55", "wraps past midnight");
        let none = BookingRules {
            arrive_before_minutes: 0,
            ..RULES
        };
        let a = arrival("13:30", &none).unwrap();
        assert_eq!(a.arrive_from, a.arrive_by);
        assert_eq!(
            a.instruction.zh,
            "请于 13:30 前到达，在自助机或分诊台签到。"
        );
        for bad in ["", "1030", "24:00", "10:60", "9:30"] {
            assert_eq!(arrival(bad, &RULES), None, "{bad:?}");
        }
    }

    #[test]
    fn times_of_day_parse_strictly_and_format_back() {
        assert_eq!(parse_hhmm("07:00"), Some(420));
        assert_eq!(parse_hhmm("23:59"), Some(1439));
        for bad in ["7:00", "24:00", "12:60", "ab:cd", "", "+1:00"] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(hhmm(420), "07:00");
        assert_eq!(hhmm(-5), "23:55");
        assert_eq!(hhmm(1440), "00:00");
    }

    #[test]
    fn rules_read_from_toml_with_defaults_and_no_unknown_keys() {
        let rules: BookingRules = toml::from_str("book_cutoff_minutes = 60").unwrap();
        assert_eq!(rules.book_cutoff_minutes, 60);
        assert_eq!(rules.cancel_cutoff_minutes, 120);
        assert!(toml::from_str::<BookingRules>("cutoff = 1").is_err());
    }
}

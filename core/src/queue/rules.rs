//! Check-in, queue order and ticket transitions.
//!
//! - [`check_in`]: an appointment can be checked in on its day, from
//!   [`CheckInRules::opens_before_minutes`] before its window until its clinic session ends;
//!   after its window the patient is late.
//! - [`order_key`]: on time before late; within each, configured priority classes first;
//!   then by appointment window, then by the time the patient joined.
//! - [`next_status`]: which status a staff action (or the patient's rejoin) leads to, or
//!   none when the action does not apply.

use crate::api::booking::AppointmentStatus;
use crate::api::queue::{Priority, TicketStatus};
use crate::api::LocalText;
use crate::identity::CivilDate;

/// The hospital's check-in settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInRules {
    /// How long before the appointment window check-in opens.
    pub opens_before_minutes: i64,
    /// The age from which a patient has the elderly priority.
    pub elderly_age: u32,
    /// The priority classes this hospital honours; others count as none.
    pub priorities: Vec<Priority>,
}

impl Default for CheckInRules {
    fn default() -> CheckInRules {
        CheckInRules {
            opens_before_minutes: 60,
            elderly_age: 80,
            priorities: vec![Priority::Elderly, Priority::Disabled, Priority::ReturnVisit],
        }
    }
}

/// What the check-in rule needs to know about an appointment, read in one transaction.
#[derive(Clone, Debug)]
pub struct CheckInFacts<'a> {
    /// The appointment's status.
    pub status: AppointmentStatus,
    /// The appointment's date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The hospital's date now.
    pub today: &'a str,
    /// The window's start, local `HH:MM`.
    pub window_start_label: &'a str,
    /// The window's start.
    pub window_start_ms: i64,
    /// The window's end.
    pub window_end_ms: i64,
    /// The end of the clinic session (the period).
    pub session_end_ms: i64,
    /// Whether the appointment already has a ticket.
    pub has_ticket: bool,
    /// The point read from a QR sign, and whether it is the appointment's own.
    pub scanned_point_matches: Option<bool>,
}

/// The checked-in appointment's place in the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// Checked in after the window: behind those on time.
    pub late: bool,
}

/// Why a check-in is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckInRefusal {
    /// The appointment is on another day.
    NotToday {
        /// Its date.
        date: String,
    },
    /// Check-in is not open yet.
    TooEarly {
        /// When it opens, local `HH:MM`.
        opens_at: String,
    },
    /// The clinic session is over.
    TooLate,
    /// The appointment already has a ticket.
    AlreadyCheckedIn,
    /// The appointment is cancelled, missed or over.
    NotBooked,
    /// The QR sign scanned belongs to another clinic.
    WrongPlace,
}

impl CheckInRefusal {
    /// What stands in the way, and what to do, in both languages.
    pub fn detail(&self) -> LocalText {
        let (zh, en) = match self {
            CheckInRefusal::NotToday { date } => (
                format!("该预约在 {date}，只能在就诊当天签到。"),
                format!("This appointment is on {date}; check in on that day."),
            ),
            CheckInRefusal::TooEarly { opens_at } => (
                format!("还未到签到时间，请于 {opens_at} 后签到。"),
                format!("Check-in opens at {opens_at}; please check in then."),
            ),
            CheckInRefusal::TooLate => (
                "本次门诊已结束，不能签到。请联系分诊台或改约。".to_owned(),
                "This clinic session is over, so it cannot be checked in. Please ask at the \
                 triage desk or book another time."
                    .to_owned(),
            ),
            CheckInRefusal::AlreadyCheckedIn => (
                "该预约已签到，请在“排队叫号”中查看。".to_owned(),
                "This appointment is already checked in; see it under Queue.".to_owned(),
            ),
            CheckInRefusal::NotBooked => (
                "该预约已取消或已结束，不能签到。".to_owned(),
                "This appointment was cancelled or is over, so it cannot be checked in.".to_owned(),
            ),
            CheckInRefusal::WrongPlace => (
                "扫描的二维码不是该预约的诊区，请到预约科室签到。".to_owned(),
                "The code scanned belongs to another clinic; please check in at your \
                 appointment's clinic."
                    .to_owned(),
            ),
        };
        LocalText { zh, en }
    }
}

/// Decides a check-in at `now_ms`.
pub fn check_in(
    facts: &CheckInFacts<'_>,
    now_ms: i64,
    rules: &CheckInRules,
) -> Result<Arrival, CheckInRefusal> {
    if facts.has_ticket || facts.status == AppointmentStatus::Arrived {
        return Err(CheckInRefusal::AlreadyCheckedIn);
    }
    if facts.status != AppointmentStatus::Booked {
        return Err(CheckInRefusal::NotBooked);
    }
    if facts.date != facts.today {
        return Err(CheckInRefusal::NotToday {
            date: facts.date.to_owned(),
        });
    }
    if facts.scanned_point_matches == Some(false) {
        return Err(CheckInRefusal::WrongPlace);
    }
    let opens_ms = facts
        .window_start_ms
        .saturating_sub(rules.opens_before_minutes.saturating_mul(60_000));
    if now_ms < opens_ms {
        return Err(CheckInRefusal::TooEarly {
            opens_at: minus_minutes(facts.window_start_label, rules.opens_before_minutes),
        });
    }
    if now_ms >= facts.session_end_ms {
        return Err(CheckInRefusal::TooLate);
    }
    Ok(Arrival {
        late: now_ms > facts.window_end_ms,
    })
}

/// `HH:MM` minus some minutes, on the same day (clamped at midnight).
fn minus_minutes(label: &str, minutes: i64) -> String {
    let parsed = label
        .split_once(':')
        .and_then(|(h, m)| Some(h.parse::<i64>().ok()? * 60 + m.parse::<i64>().ok()?));
    match parsed {
        Some(total) => {
            let t = (total - minutes).max(0);
            format!("{:02}:{:02}", t / 60, t % 60)
        }
        None => label.to_owned(),
    }
}

/// Whether a patient born on `birth` is in the elderly class on `today`.
pub fn is_elderly(birth: CivilDate, today: CivilDate, rules: &CheckInRules) -> bool {
    birth.age_on(today) >= rules.elderly_age as i32
}

/// A waiting ticket's facts for ordering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueuePlace {
    /// Joined after its window (or rejoined after a missed call).
    pub late: bool,
    /// Its priority class.
    pub priority: Priority,
    /// The start of its appointment window; for tickets without one, when it joined.
    pub window_start_ms: i64,
    /// When it joined the queue.
    pub joined_ms: i64,
    /// Its number within the point's day, the last tie-breaker.
    pub seq: i64,
}

/// The sort key of a waiting ticket: smaller goes first.
pub fn order_key(place: &QueuePlace, rules: &CheckInRules) -> (bool, bool, i64, i64, i64) {
    let honoured = place.priority != Priority::None && rules.priorities.contains(&place.priority);
    (
        place.late,
        !honoured,
        place.window_start_ms,
        place.joined_ms,
        place.seq,
    )
}

/// What staff, or the patient, do to a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Call it to the room (the first waiting, by order).
    Call,
    /// Call it again.
    Recall,
    /// It was called and did not come.
    Skip,
    /// The patient is in the room.
    Serve,
    /// Finished.
    Finish,
    /// A missed patient asks to queue again.
    Rejoin,
}

/// The status `action` leads to from `from`, or `None` when it does not apply.
pub fn next_status(from: TicketStatus, action: Action) -> Option<TicketStatus> {
    use TicketStatus::*;
    match (action, from) {
        (Action::Call, Waiting) => Some(Called),
        (Action::Recall, Called) => Some(Called),
        (Action::Skip, Called) => Some(Missed),
        (Action::Serve, Called | Waiting) => Some(InService),
        (Action::Finish, Called | InService) => Some(Done),
        (Action::Rejoin, Missed) => Some(Waiting),
        _ => None,
    }
}

/// The number shown for the `n`th ticket of a point's day: its letter and three digits.
pub fn ticket_number(prefix: char, n: u32) -> String {
    format!("{prefix}{n:03}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn facts() -> CheckInFacts<'static> {
        CheckInFacts {
            status: AppointmentStatus::Booked,
            date: "2026-12-02",
            today: "2026-12-02",
            window_start_label: "09:00",
            window_start_ms: 1_000 * MIN,
            window_end_ms: 1_030 * MIN,
            session_end_ms: 1_180 * MIN,
            has_ticket: false,
            scanned_point_matches: None,
        }
    }

    #[test]
    fn check_in_opens_an_hour_before_and_is_late_after_the_window() {
        let rules = CheckInRules::default();
        let f = facts();
        assert_eq!(
            check_in(&f, 939 * MIN, &rules),
            Err(CheckInRefusal::TooEarly {
                opens_at: "08:00".into()
            })
        );
        assert_eq!(check_in(&f, 940 * MIN, &rules), Ok(Arrival { late: false }));
        assert_eq!(
            check_in(&f, 1_030 * MIN, &rules),
            Ok(Arrival { late: false })
        );
        assert_eq!(
            check_in(&f, 1_031 * MIN, &rules),
            Ok(Arrival { late: true })
        );
        assert_eq!(
            check_in(&f, 1_180 * MIN, &rules),
            Err(CheckInRefusal::TooLate)
        );
    }

    #[test]
    fn check_in_refuses_other_days_twice_and_other_statuses() {
        let rules = CheckInRules::default();
        let now = 1_000 * MIN;
        let other_day = CheckInFacts {
            date: "2026-12-03",
            ..facts()
        };
        assert!(matches!(
            check_in(&other_day, now, &rules),
            Err(CheckInRefusal::NotToday { .. })
        ));
        let twice = CheckInFacts {
            has_ticket: true,
            ..facts()
        };
        assert_eq!(
            check_in(&twice, now, &rules),
            Err(CheckInRefusal::AlreadyCheckedIn)
        );
        for status in [
            AppointmentStatus::Cancelled,
            AppointmentStatus::Fulfilled,
            AppointmentStatus::Noshow,
        ] {
            let f = CheckInFacts { status, ..facts() };
            assert_eq!(check_in(&f, now, &rules), Err(CheckInRefusal::NotBooked));
        }
        let wrong = CheckInFacts {
            scanned_point_matches: Some(false),
            ..facts()
        };
        assert_eq!(
            check_in(&wrong, now, &rules),
            Err(CheckInRefusal::WrongPlace)
        );
        let right = CheckInFacts {
            scanned_point_matches: Some(true),
            ..facts()
        };
        assert!(check_in(&right, now, &rules).is_ok());
    }

    #[test]
    fn priorities_go_first_and_the_late_go_last() {
        let rules = CheckInRules::default();
        let place = |late, priority, window, joined, seq| QueuePlace {
            late,
            priority,
            window_start_ms: window,
            joined_ms: joined,
            seq,
        };
        let mut queue = [
            ("late elderly", place(true, Priority::Elderly, 1, 50, 1)),
            ("on time 9:30", place(false, Priority::None, 30, 20, 2)),
            (
                "on time 9:00 joined late",
                place(false, Priority::None, 0, 25, 3),
            ),
            ("on time 9:00", place(false, Priority::None, 0, 10, 4)),
            ("elderly 9:30", place(false, Priority::Elderly, 30, 40, 5)),
            ("late", place(true, Priority::None, 0, 45, 6)),
        ];
        queue.sort_by_key(|(_, p)| order_key(p, &rules));
        let names: Vec<_> = queue.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "elderly 9:30",
                "on time 9:00",
                "on time 9:00 joined late",
                "on time 9:30",
                "late elderly",
                "late"
            ]
        );
        let no_priorities = CheckInRules {
            priorities: vec![],
            ..CheckInRules::default()
        };
        queue.sort_by_key(|(_, p)| order_key(p, &no_priorities));
        assert_eq!(queue[0].0, "on time 9:00");
    }

    #[test]
    fn transitions_follow_the_table() {
        use TicketStatus::*;
        assert_eq!(next_status(Waiting, Action::Call), Some(Called));
        assert_eq!(next_status(Called, Action::Call), None);
        assert_eq!(next_status(Called, Action::Skip), Some(Missed));
        assert_eq!(next_status(Missed, Action::Rejoin), Some(Waiting));
        assert_eq!(next_status(Waiting, Action::Rejoin), None);
        assert_eq!(next_status(InService, Action::Finish), Some(Done));
        assert_eq!(next_status(Done, Action::Finish), None);
        assert_eq!(next_status(Done, Action::Recall), None);
    }

    #[test]
    fn the_elderly_class_starts_at_eighty() {
        let rules = CheckInRules::default();
        let today = CivilDate::new(2026, 12, 2).unwrap();
        assert!(is_elderly(
            CivilDate::new(1946, 12, 2).unwrap(),
            today,
            &rules
        ));
        assert!(!is_elderly(
            CivilDate::new(1946, 12, 3).unwrap(),
            today,
            &rules
        ));
        assert_eq!(ticket_number('A', 23), "A023");
        assert_eq!(ticket_number('L', 1234), "L1234");
    }

    #[test]
    fn every_refusal_has_words_in_both_languages() {
        for r in [
            CheckInRefusal::NotToday {
                date: "2026-12-03".into(),
            },
            CheckInRefusal::TooEarly {
                opens_at: "08:00".into(),
            },
            CheckInRefusal::TooLate,
            CheckInRefusal::AlreadyCheckedIn,
            CheckInRefusal::NotBooked,
            CheckInRefusal::WrongPlace,
        ] {
            let d = r.detail();
            assert!(
                !d.zh.is_empty() && !d.en.is_empty() && d.zh != d.en,
                "{r:?}"
            );
        }
    }
}

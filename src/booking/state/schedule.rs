//! A schedule as the booking pages show it: the date strip and the mark under each day,
//! the sessions of a day in the order of the day, the day to show first for a doctor, and
//! what each state of a time window or an appointment says.

use careway_core::api::booking::{
    Appointment, AppointmentStatus, Availability, DoctorSchedule, Period, SessionView,
};
use careway_core::identity::CivilDate;

use crate::i18n::Texts;

/// The most days the date strip shows: today and the two weeks the hospital releases.
pub const STRIP_MAX_DAYS: usize = 15;
/// The fewest days the date strip shows, so a short schedule still reads as a week.
pub const STRIP_MIN_DAYS: usize = 7;
/// How bookable a day is, for the mark under it in the date strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayMark {
    /// Places left to book now (how many).
    Open(u32),
    /// Clinics whose places are not released yet.
    NotReleased,
    /// Clinics with every place taken.
    Full,
    /// Clinics too late to book, or stopped by the hospital.
    Closed,
    /// No clinic.
    None,
}

impl DayMark {
    /// Whether a patient can book something on the day.
    pub fn open(self) -> bool {
        matches!(self, DayMark::Open(_))
    }

    /// The mark in words ("余 12", "约满").
    pub fn note(self, t: &Texts) -> String {
        match self {
            DayMark::Open(n) => (t.places_left)(n),
            DayMark::NotReleased => t.not_open_yet.to_owned(),
            DayMark::Full => t.full.to_owned(),
            DayMark::Closed => t.booking_closed.to_owned(),
            DayMark::None => t.no_clinic.to_owned(),
        }
    }
}

/// The mark of a day with these sessions: places to book win, then places still to come,
/// then "full"; a day with only closed or stopped clinics says closed.
pub fn day_mark<'a>(sessions: impl IntoIterator<Item = &'a SessionView>) -> DayMark {
    let mut mark = DayMark::None;
    for session in sessions {
        let open: u32 = session
            .slots
            .iter()
            .filter(|w| w.availability == Availability::Open)
            .map(|w| w.remaining)
            .sum();
        let this = match session.availability {
            Availability::Open if open > 0 => DayMark::Open(open),
            Availability::Open | Availability::Full => DayMark::Full,
            Availability::NotReleased => DayMark::NotReleased,
            Availability::Closed | Availability::Stopped => DayMark::Closed,
        };
        mark = match (mark, this) {
            (DayMark::Open(a), DayMark::Open(b)) => DayMark::Open(a + b),
            (a, b) => {
                if rank(b) > rank(a) {
                    b
                } else {
                    a
                }
            }
        };
    }
    mark
}

fn rank(mark: DayMark) -> u8 {
    match mark {
        DayMark::None => 0,
        DayMark::Closed => 1,
        DayMark::Full => 2,
        DayMark::NotReleased => 3,
        DayMark::Open(_) => 4,
    }
}

/// One day of the date strip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// The date.
    pub date: CivilDate,
    /// The date as the API writes it (`YYYY-MM-DD`), the key of the day's sessions.
    pub key: String,
    /// How bookable it is.
    pub mark: DayMark,
}

/// The days of the date strip for these schedules (one doctor's, or a department's).
///
/// It starts today, or at the first clinic if that is earlier (the server's clock decides
/// what "today" is; a phone's may be off) or so much later that the strip would show none
/// of it; it runs to the last clinic, at least [`STRIP_MIN_DAYS`] and at most
/// [`STRIP_MAX_DAYS`] days. Days without clinics stay in the strip, marked, so the
/// weekdays line up with the calendar.
pub fn date_strip(today: CivilDate, schedules: &[&DoctorSchedule]) -> Vec<Day> {
    let sessions = || schedules.iter().flat_map(|s| s.sessions.iter());
    // No sorting: the earliest and latest dates are all the strip needs.
    let dates = || sessions().filter_map(|s| CivilDate::parse(&s.date));
    let first = match dates().min() {
        Some(earliest) if earliest < today || !within(today, earliest, STRIP_MAX_DAYS) => earliest,
        _ => today,
    };
    let last = dates().max().unwrap_or(first);
    let mut days = Vec::with_capacity(STRIP_MAX_DAYS);
    let mut date = first;
    while days.len() < STRIP_MAX_DAYS && (days.len() < STRIP_MIN_DAYS || date <= last) {
        let key = date.to_string();
        let mark = day_mark(sessions().filter(|s| s.date == key));
        days.push(Day { date, key, mark });
        date = date.next_day();
    }
    days
}

/// Whether `later` is less than `days` days after `from`.
fn within(from: CivilDate, later: CivilDate, days: usize) -> bool {
    let mut date = from;
    for _ in 0..days {
        if date == later {
            return true;
        }
        date = date.next_day();
    }
    false
}

/// A doctor's sessions on the day `key` (`YYYY-MM-DD`), morning first.
pub fn sessions_on<'a>(schedule: &'a DoctorSchedule, key: &str) -> Vec<&'a SessionView> {
    // The periods in their order, rather than a sort, which would cost the bundle more.
    Period::ALL
        .iter()
        .flat_map(|period| {
            schedule
                .sessions
                .iter()
                .filter(move |s| s.date == key && s.period == *period)
        })
        .collect()
}

/// A doctor's first day with places and how many places are left on that day (not over
/// the whole horizon): what "最近可约 12月5日 · 余 10" says.
pub fn next_places(schedule: &DoctorSchedule) -> Option<(&str, u32)> {
    let day = schedule.next_available.as_deref()?;
    match day_mark(schedule.sessions.iter().filter(|s| s.date == day)) {
        DayMark::Open(places) => Some((day, places)),
        _ => None,
    }
}

/// The window of `schedule` that `appointment` is booked in now (same doctor, date and
/// times), to mark it while choosing another.
pub fn current_window<'a>(
    schedule: &'a DoctorSchedule,
    appointment: &Appointment,
) -> Option<&'a str> {
    if schedule.doctor.id != appointment.doctor.id {
        return None;
    }
    schedule
        .sessions
        .iter()
        .filter(|s| s.date == appointment.date)
        .flat_map(|s| &s.slots)
        .find(|w| w.start == appointment.window_start && w.end == appointment.window_end)
        .map(|w| w.id.as_str())
}

/// The day to show first for a doctor: the first with places, else the first clinic.
pub fn first_day(schedule: &DoctorSchedule) -> Option<String> {
    schedule
        .next_available
        .clone()
        .or_else(|| schedule.sessions.first().map(|s| s.date.clone()))
}

/// What a window or session in this state says next to its time ("余 2", "约满",
/// "11月30日 07:00 放号"); `opens` is when a session not released yet opens, in words.
pub fn availability_note(
    availability: Availability,
    remaining: u32,
    opens: Option<&str>,
    t: &Texts,
) -> String {
    match availability {
        Availability::Open => (t.places_left)(remaining),
        Availability::Full => t.full.to_owned(),
        Availability::NotReleased => match opens {
            Some(when) => (t.opens_at)(when),
            None => t.not_open_yet.to_owned(),
        },
        Availability::Closed => t.booking_closed.to_owned(),
        Availability::Stopped => t.clinic_stopped.to_owned(),
    }
}

/// An appointment's status in words.
pub fn status_label(status: AppointmentStatus, t: &Texts) -> &'static str {
    match status {
        AppointmentStatus::Booked => t.status_booked,
        AppointmentStatus::Arrived => t.status_arrived,
        AppointmentStatus::Fulfilled => t.status_fulfilled,
        AppointmentStatus::Cancelled => t.status_cancelled,
        AppointmentStatus::Noshow => t.status_noshow,
    }
}

#[cfg(test)]
mod tests {
    use careway_core::api::booking::AppointmentStatus;
    use careway_core::locale::Lang;

    use super::super::fixtures::{appointment, date, schedule, session, slot};
    use super::*;
    use crate::i18n::texts;

    #[test]
    fn a_day_is_marked_by_its_most_bookable_session() {
        use Availability::*;
        let open = session(
            "2026-11-24",
            Period::Morning,
            vec![slot("a", Open, 2), slot("b", Full, 0)],
        );
        let full = session("2026-11-24", Period::Afternoon, vec![slot("c", Full, 0)]);
        let later = session(
            "2026-11-24",
            Period::Evening,
            vec![slot("d", NotReleased, 3)],
        );
        let closed = session("2026-11-24", Period::Morning, vec![slot("e", Closed, 3)]);
        let stopped = session("2026-11-24", Period::Morning, vec![slot("f", Stopped, 3)]);
        assert_eq!(day_mark([&open, &full]), DayMark::Open(2));
        assert_eq!(day_mark([&full, &later]), DayMark::NotReleased);
        assert_eq!(day_mark([&closed, &full]), DayMark::Full);
        assert_eq!(day_mark([&closed, &stopped]), DayMark::Closed);
        assert_eq!(day_mark([&open, &open]), DayMark::Open(4), "places add up");
        assert_eq!(day_mark(std::iter::empty()), DayMark::None);
        let t = texts(Lang::ZhCn);
        assert_eq!(DayMark::Open(12).note(t), "余 12");
        assert_eq!(DayMark::Full.note(t), "约满");
        assert_eq!(DayMark::Full.note(texts(Lang::En)), "Full");
    }

    #[test]
    fn the_strip_starts_today_and_keeps_days_without_clinics() {
        use Availability::*;
        let doctor = schedule(vec![
            session("2026-11-24", Period::Morning, vec![slot("a", Open, 2)]),
            session("2026-11-26", Period::Morning, vec![slot("b", Full, 0)]),
        ]);
        let days = date_strip(date("2026-11-23"), &[&doctor]);
        assert_eq!(
            days.len(),
            STRIP_MIN_DAYS,
            "a week even for a short schedule"
        );
        assert_eq!(days[0].key, "2026-11-23");
        assert_eq!(days[0].mark, DayMark::None);
        assert_eq!(days[1].mark, DayMark::Open(2));
        assert_eq!(days[2].mark, DayMark::None);
        assert_eq!(days[3].mark, DayMark::Full);
        assert_eq!(days[6].key, "2026-11-29");
    }

    #[test]
    fn the_strip_runs_to_the_last_clinic_but_not_past_two_weeks() {
        use Availability::*;
        let doctor = schedule(vec![
            session("2026-11-23", Period::Morning, vec![slot("a", Open, 1)]),
            session(
                "2026-12-02",
                Period::Morning,
                vec![slot("b", NotReleased, 3)],
            ),
            session(
                "2026-12-30",
                Period::Morning,
                vec![slot("c", NotReleased, 3)],
            ),
        ]);
        let days = date_strip(date("2026-11-23"), &[&doctor]);
        assert_eq!(days.len(), STRIP_MAX_DAYS);
        assert_eq!(days[9].mark, DayMark::NotReleased);
        assert_eq!(days.last().map(|d| d.key.as_str()), Some("2026-12-07"));
    }

    #[test]
    fn the_strip_follows_the_schedule_when_the_phone_clock_is_off() {
        use Availability::*;
        let doctor = schedule(vec![session(
            "2026-11-23",
            Period::Morning,
            vec![slot("a", Open, 1)],
        )]);
        // The phone is a day ahead: the server's today still shows.
        let ahead = date_strip(date("2026-11-24"), &[&doctor]);
        assert_eq!(ahead[0].key, "2026-11-23");
        assert_eq!(ahead[0].mark, DayMark::Open(1));
        // The phone is a year behind: the strip shows the schedule, not an empty fortnight.
        let behind = date_strip(date("2025-11-23"), &[&doctor]);
        assert_eq!(behind[0].key, "2026-11-23");
        // Nothing scheduled: a week from today.
        let empty = date_strip(date("2026-11-23"), &[]);
        assert_eq!(empty.len(), STRIP_MIN_DAYS);
        assert!(empty.iter().all(|d| d.mark == DayMark::None));
    }

    #[test]
    fn a_departments_strip_adds_its_doctors_up() {
        use Availability::*;
        let a = schedule(vec![session(
            "2026-11-24",
            Period::Morning,
            vec![slot("a", Open, 2)],
        )]);
        let b = schedule(vec![session(
            "2026-11-24",
            Period::Afternoon,
            vec![slot("b", Open, 3)],
        )]);
        let days = date_strip(date("2026-11-24"), &[&a, &b]);
        assert_eq!(days[0].mark, DayMark::Open(5));
    }

    #[test]
    fn a_days_sessions_come_in_the_order_of_the_day() {
        use Availability::*;
        let doctor = schedule(vec![
            session("2026-11-24", Period::Afternoon, vec![slot("b", Open, 2)]),
            session("2026-11-25", Period::Morning, vec![slot("c", Open, 2)]),
            session("2026-11-24", Period::Morning, vec![slot("a", Open, 2)]),
        ]);
        let periods: Vec<Period> = sessions_on(&doctor, "2026-11-24")
            .iter()
            .map(|s| s.period)
            .collect();
        assert_eq!(periods, [Period::Morning, Period::Afternoon]);
        assert!(sessions_on(&doctor, "2026-11-26").is_empty());
        assert_eq!(first_day(&doctor).as_deref(), Some("2026-11-24"));
        let with_next = DoctorSchedule {
            next_available: Some("2026-11-25".into()),
            ..doctor
        };
        assert_eq!(first_day(&with_next).as_deref(), Some("2026-11-25"));
    }

    #[test]
    fn a_doctors_next_day_counts_that_days_places_only() {
        use Availability::*;
        let doctor = DoctorSchedule {
            next_available: Some("2026-12-05".into()),
            remaining: 11,
            ..schedule(vec![
                session(
                    "2026-12-05",
                    Period::Morning,
                    vec![slot("a", Open, 4), slot("b", Full, 0)],
                ),
                session("2026-12-05", Period::Afternoon, vec![slot("c", Open, 6)]),
                session("2026-12-07", Period::Morning, vec![slot("d", Open, 1)]),
            ])
        };
        assert_eq!(next_places(&doctor), Some(("2026-12-05", 10)));
        let none = DoctorSchedule {
            next_available: None,
            ..doctor
        };
        assert_eq!(next_places(&none), None);
    }

    #[test]
    fn the_window_being_moved_is_found_in_its_doctors_schedule() {
        use Availability::*;
        let mut later = slot("b", Open, 2);
        later.start = "09:00".into();
        later.end = "09:30".into();
        let doctor = schedule(vec![
            session(
                "2026-12-05",
                Period::Morning,
                vec![slot("a", Open, 2), later],
            ),
            session("2026-12-06", Period::Morning, vec![slot("c", Open, 2)]),
        ]);
        let booked = appointment(&doctor.doctor, "2026-12-05", "09:00", "09:30");
        assert_eq!(current_window(&doctor, &booked), Some("b"));
        let elsewhere = Appointment {
            date: "2026-12-07".into(),
            ..booked
        };
        assert_eq!(current_window(&doctor, &elsewhere), None);
    }

    #[test]
    fn each_window_state_says_why_in_both_languages() {
        use Availability::*;
        let zh = texts(Lang::ZhCn);
        let en = texts(Lang::En);
        assert_eq!(availability_note(Open, 2, None, zh), "余 2");
        assert_eq!(availability_note(Open, 2, None, en), "2 left");
        assert_eq!(availability_note(Full, 0, None, zh), "约满");
        assert_eq!(availability_note(NotReleased, 3, None, zh), "未放号");
        assert_eq!(
            availability_note(NotReleased, 3, Some("12月1日 周二 07:00"), zh),
            "12月1日 周二 07:00 放号"
        );
        assert_eq!(availability_note(Closed, 1, None, en), "Closed");
        assert_eq!(availability_note(Stopped, 3, None, zh), "停诊");
        assert_eq!(status_label(AppointmentStatus::Cancelled, zh), "已取消");
    }

    #[test]
    fn dates_read_with_their_weekday() {
        let day = date("2026-11-24");
        assert_eq!((texts(Lang::ZhCn).day_label)(day), "11月24日 周二");
        assert_eq!((texts(Lang::En).day_label)(day), "Tue 24 Nov");
        assert_eq!((texts(Lang::ZhCn).day_short)(day), "11/24");
        assert_eq!((texts(Lang::En).day_short)(date("2027-01-03")), "3 Jan");
    }
}

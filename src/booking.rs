//! Booking as data: what a booking page loads, the date strip of a schedule and the mark
//! under each day, the sessions of a day, what each state of a time window says, the
//! departments opened lately, a booking being sent (when a retry reuses its idempotency
//! key, what a refusal means for the patient), and the symptom guide's form and request.
//! The booking pages draw these; the rules are tested natively.

use std::rc::Rc;

use careway_core::api::account::Patient;
use careway_core::api::booking::{
    Appointment, AppointmentStatus, Availability, Department, DoctorSchedule, Period, SessionView,
    SlotView,
};
use careway_core::identity::{CivilDate, Sex};
use careway_core::locale::Lang;
use careway_core::problem::ProblemKind;
use careway_core::triage::{BodyArea, TriageRequest, TriageResult};
use yew::Reducible;

use crate::api::ApiError;
use crate::app::contexts::prefs;
use crate::i18n::Texts;

/// The most days the date strip shows: today and the two weeks the hospital releases.
pub const STRIP_MAX_DAYS: usize = 15;
/// The fewest days the date strip shows, so a short schedule still reads as a week.
pub const STRIP_MIN_DAYS: usize = 7;
/// How many departments "recently used" remembers.
pub const RECENT_MAX: usize = 4;

/// What a booking page asks the server for. Every booking page loads through this one
/// request (see [`crate::hooks::use_booking`]), so the app carries one loader, not one
/// per page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    /// The departments.
    Departments,
    /// The body areas and the departments, and the family members when logged in.
    Triage,
    /// The departments and one department's doctors.
    Department(String),
    /// The departments, one department's doctors, and the family members (needs a login).
    Confirm(String),
    /// The upcoming and the past appointments (needs a login).
    Appointments,
    /// One appointment (needs a login).
    Appointment(String),
}

impl Load {
    /// Whether the request needs a logged-in account: it waits for one.
    pub fn needs_account(&self) -> bool {
        matches!(
            self,
            Load::Confirm(_) | Load::Appointments | Load::Appointment(_)
        )
    }
}

/// What a booking page loaded; the parts it did not ask for stay empty.
#[derive(Debug, Default, PartialEq)]
pub struct Booking {
    /// Every department.
    pub departments: Vec<Department>,
    /// One department's doctors with their schedules.
    pub doctors: Vec<DoctorSchedule>,
    /// The body areas of the symptom guide.
    pub areas: Vec<BodyArea>,
    /// The account's family members, default first, when asked for and logged in.
    pub patients: Option<Vec<Patient>>,
    /// Upcoming appointments, or the one asked for.
    pub appointments: Vec<Appointment>,
    /// Past and cancelled appointments.
    pub past: Vec<Appointment>,
    /// Whether the request waited for a login that has not happened (yet).
    pub waiting: bool,
}

impl Booking {
    /// The department with this id.
    pub fn department(&self, id: &str) -> Option<&Department> {
        find_department(&self.departments, id)
    }

    /// The window with this id, with its session and doctor.
    pub fn find_slot(&self, id: &str) -> Option<(&DoctorSchedule, &SessionView, &SlotView)> {
        self.doctors.iter().find_map(|doctor| {
            doctor.sessions.iter().find_map(|session| {
                let slot = session.slots.iter().find(|slot| slot.id == id)?;
                Some((doctor, session, slot))
            })
        })
    }
}

/// The department with this id in a list.
pub fn find_department<'a>(departments: &'a [Department], id: &str) -> Option<&'a Department> {
    departments.iter().find(|d| d.id == id)
}

/// How an appointment page was reached, for the banner that says so (kept in the
/// history entry, so reloading the page later does not repeat it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Just booked.
    Booked,
    /// Just moved from another window.
    Rescheduled,
}

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

/// The departments opened lately, most recent first, from what the device stored.
pub fn recent(stored: &str) -> Vec<&str> {
    stored
        .split(',')
        .filter(|id| !id.is_empty())
        .take(RECENT_MAX)
        .collect()
}

/// The key of the departments opened lately (ids, comma-separated, latest first).
const RECENT_KEY: &str = "careway.recent-departments";

/// The departments opened lately, as this device stored them (see [`recent`]).
pub fn stored_recent() -> String {
    prefs::read(RECENT_KEY).unwrap_or_default()
}

/// Remembers that department `id` was opened. Not on a kiosk: the next visitor's
/// shortcuts should not show what the last one looked at.
pub fn remember_department(id: &str) {
    if !prefs::kiosk() {
        prefs::write(RECENT_KEY, Some(&recent_after(&stored_recent(), id)));
    }
}

/// What the device stores after the patient opened department `id`: it first, then the
/// others, at most [`RECENT_MAX`].
pub fn recent_after(stored: &str, id: &str) -> String {
    if id.is_empty() || id.contains(',') {
        return recent(stored).join(",");
    }
    let mut list = vec![id];
    list.extend(recent(stored).into_iter().filter(|other| *other != id));
    list.truncate(RECENT_MAX);
    list.join(",")
}

/// A booking request sent with an idempotency key, remembered until its outcome is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// The `Idempotency-Key` it was sent with.
    pub key: String,
    /// What it asked for (window and patient), to tell a retry from a new request.
    pub body: String,
    /// Whether the server's answer arrived (booked or refused), so the key is spent.
    pub settled: bool,
}

/// The key to send again for `body`, when it retries an attempt whose outcome is unknown
/// (the network failed after sending): the server then answers with the first booking
/// rather than making a second. A new request (another window or patient, or after an
/// answer) gets a new key: the server refuses an old key with a different body.
pub fn key_to_reuse<'a>(last: Option<&'a Attempt>, body: &str) -> Option<&'a str> {
    last.filter(|a| !a.settled && a.body == body)
        .map(|a| a.key.as_str())
}

/// A booking (or a move) being sent: whether it runs, why it failed, and the attempt whose
/// key a retry reuses. Changed only by [`SendAction`]s.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sending {
    /// A request is running.
    pub busy: bool,
    /// Why the last one failed.
    pub failure: Option<Refusal>,
    /// The last request sent.
    pub last: Option<Attempt>,
}

/// The ways a [`Sending`] changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendAction {
    /// This attempt was sent.
    Start(Attempt),
    /// It failed, for this reason.
    Failed(Refusal),
    /// The patient moved on (chose another window or patient): the failure is old news.
    Clear,
}

impl Sending {
    /// The key to send for `body`: the last one's when this retries it after a lost
    /// answer (see [`key_to_reuse`]).
    pub fn key_for(&self, body: &str) -> Option<&str> {
        key_to_reuse(self.last.as_ref(), body)
    }
}

impl Reducible for Sending {
    type Action = SendAction;

    fn reduce(self: Rc<Self>, action: SendAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SendAction::Start(attempt) => {
                next.busy = true;
                next.failure = None;
                next.last = Some(attempt);
            }
            SendAction::Failed(why) => {
                next.busy = false;
                if let Some(last) = next.last.as_mut() {
                    // An answer arrived: the key is spent. A lost one keeps it for the retry.
                    last.settled = why != Refusal::Unknown;
                }
                next.failure = Some(why);
            }
            SendAction::Clear => next.failure = None,
        }
        Rc::new(next)
    }
}

/// Whether the request may have reached the server and been carried out although no
/// answer says so: a lost connection, or a proxy's or the server's failure.
pub fn outcome_unknown(error: &ApiError) -> bool {
    match error {
        ApiError::Network | ApiError::Decode | ApiError::Aborted => true,
        other => other.status().is_some_and(|s| s >= 500),
    }
}

/// Why a booking (or a move) was refused, as the page explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The window was taken meanwhile: choose another.
    Taken,
    /// The window cannot be booked any more (released later, past the cut-off, stopped).
    Closed,
    /// A booking rule says no; the server's words say which.
    Limit(String),
    /// The outcome is unknown: retrying with the same key is safe.
    Unknown,
    /// Anything else, in words.
    Other(String),
}

/// What `error` means for a patient booking, in `lang`.
pub fn refusal(error: &ApiError, lang: Lang) -> Refusal {
    match error.kind() {
        Some(ProblemKind::SlotTaken) => Refusal::Taken,
        Some(ProblemKind::BookingClosed) => Refusal::Closed,
        Some(ProblemKind::BookingLimit) => Refusal::Limit(
            error
                .problem()
                .and_then(|p| p.detail.clone())
                .unwrap_or_else(|| error.message(lang)),
        ),
        _ if outcome_unknown(error) => Refusal::Unknown,
        _ => Refusal::Other(error.message(lang)),
    }
}

/// Who the symptom guide is asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who<'a> {
    /// A family member of the logged-in account.
    Member {
        /// Their birth date, `YYYY-MM-DD`.
        birth_date: &'a str,
        /// Their sex.
        sex: Sex,
    },
    /// Someone described on the page (logged out).
    Typed {
        /// The age as typed; empty when not given.
        age: &'a str,
        /// The sex, if chosen.
        sex: Option<Sex>,
    },
}

/// Why the symptom guide cannot be asked yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriageInputError {
    /// Nothing was described or tapped.
    Empty,
    /// The typed age is not a whole number of years from 0 to 120.
    Age,
}

/// The oldest age accepted.
const MAX_AGE: u8 = 120;

/// The request of the symptom guide, from what the page holds.
pub fn triage_request(
    text: &str,
    symptom_ids: &[String],
    who: Who<'_>,
    today: CivilDate,
    lang: Lang,
) -> Result<TriageRequest, TriageInputError> {
    let (age, sex) = match who {
        Who::Member { birth_date, sex } => {
            let age = CivilDate::parse(birth_date)
                .map(|born| born.age_on(today).clamp(0, i32::from(MAX_AGE)))
                .and_then(|age| u8::try_from(age).ok());
            (age, Some(sex))
        }
        Who::Typed { age, sex } => {
            let age = age.trim();
            let age = if age.is_empty() {
                None
            } else {
                let years = age
                    .parse::<u8>()
                    .ok()
                    .filter(|years| *years <= MAX_AGE)
                    .ok_or(TriageInputError::Age)?;
                Some(years)
            };
            (age, sex)
        }
    };
    let text = text.trim();
    if text.is_empty() && symptom_ids.is_empty() {
        return Err(TriageInputError::Empty);
    }
    Ok(TriageRequest {
        text: text.to_owned(),
        symptom_ids: symptom_ids.to_vec(),
        age,
        sex,
        pregnant: false,
        lang,
    })
}

/// The symptom guide's page as data: what was typed and tapped, who it is for, and the
/// answer. Changed only by [`TriageAction`]s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TriageForm {
    /// The free text.
    pub text: String,
    /// The tapped symptoms, in the order tapped.
    pub chosen: Vec<String>,
    /// The body area whose symptoms show.
    pub area: usize,
    /// The family member chosen (`None`: the default one).
    pub member: Option<String>,
    /// The typed age (logged out).
    pub age: String,
    /// The chosen sex (logged out).
    pub sex: Option<Sex>,
    /// What stops the request, shown next to its field.
    pub problem: Option<TriageInputError>,
    /// The request is running.
    pub busy: bool,
    /// The answer, once there is one.
    pub answer: Option<Result<Rc<TriageResult>, ApiError>>,
}

/// The ways a [`TriageForm`] changes.
#[derive(Clone, Debug, PartialEq)]
pub enum TriageAction {
    /// The free text changed.
    Text(String),
    /// A symptom was tapped: added, or removed if it was there.
    Toggle(String),
    /// Another body area was opened.
    Area(usize),
    /// Another family member was chosen.
    Member(String),
    /// The age changed.
    Age(String),
    /// The sex was chosen.
    Sex(Sex),
    /// The request cannot be sent, for this reason.
    Invalid(TriageInputError),
    /// The request was sent.
    Sending,
    /// The answer arrived.
    Answered(Result<Rc<TriageResult>, ApiError>),
}

impl Reducible for TriageForm {
    type Action = TriageAction;

    fn reduce(self: Rc<Self>, action: TriageAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            TriageAction::Text(text) => next.text = text,
            TriageAction::Toggle(id) => match next.chosen.iter().position(|s| *s == id) {
                Some(i) => {
                    next.chosen.remove(i);
                }
                None => next.chosen.push(id),
            },
            TriageAction::Area(area) => next.area = area,
            TriageAction::Member(id) => next.member = Some(id),
            TriageAction::Age(age) => next.age = age,
            TriageAction::Sex(sex) => next.sex = Some(sex),
            TriageAction::Invalid(problem) => next.problem = Some(problem),
            TriageAction::Sending => {
                next.problem = None;
                next.busy = true;
            }
            TriageAction::Answered(answer) => {
                next.busy = false;
                next.answer = Some(answer);
            }
        }
        // Typing after a complaint clears it once it no longer holds.
        if next.problem == Some(TriageInputError::Empty)
            && (!next.text.trim().is_empty() || !next.chosen.is_empty())
        {
            next.problem = None;
        }
        Rc::new(next)
    }
}

impl TriageForm {
    /// The request for the symptom guide: about `member` (birth date and sex) when the
    /// account has family members, else about the age and sex typed here.
    pub fn request(
        &self,
        member: Option<(&str, Sex)>,
        today: CivilDate,
        lang: Lang,
    ) -> Result<TriageRequest, TriageInputError> {
        let who = match member {
            Some((birth_date, sex)) => Who::Member { birth_date, sex },
            None => Who::Typed {
                age: &self.age,
                sex: self.sex,
            },
        };
        triage_request(&self.text, &self.chosen, who, today, lang)
    }
}

/// Why the guide recommends a department: "头痛、头晕 → 神经内科".
pub fn reason_line(reasons: &[String], department: &str, sep: &str) -> String {
    if reasons.is_empty() {
        department.to_owned()
    } else {
        format!("{} → {department}", reasons.join(sep))
    }
}

#[cfg(test)]
mod tests {
    use careway_core::api::booking::{Doctor, DoctorTitle, VisitType};
    use careway_core::api::LocalText;
    use careway_core::problem::Problem;

    use super::*;
    use crate::i18n::texts;

    fn date(s: &str) -> CivilDate {
        CivilDate::parse(s).expect("a date")
    }

    fn slot(id: &str, availability: Availability, remaining: u32) -> SlotView {
        SlotView {
            id: id.into(),
            start: "08:00".into(),
            end: "08:30".into(),
            remaining,
            capacity: 3,
            availability,
        }
    }

    fn session(date: &str, period: Period, slots: Vec<SlotView>) -> SessionView {
        let states: Vec<Availability> = slots.iter().map(|s| s.availability).collect();
        SessionView {
            id: format!("{date}-{}", period.as_str()),
            date: date.into(),
            period,
            visit_type: VisitType::Regular,
            fee_fen: 1000,
            remaining: slots.iter().map(|s| s.remaining).sum(),
            capacity: 3 * slots.len() as u32,
            availability: careway_core::api::booking::session_availability(&states),
            release_at: "2026-11-30T23:00:00Z".into(),
            stop_reason: None,
            slots,
        }
    }

    fn schedule(sessions: Vec<SessionView>) -> DoctorSchedule {
        DoctorSchedule {
            doctor: Doctor {
                id: "d1".into(),
                department: "neurology".into(),
                name: LocalText {
                    zh: "周明".into(),
                    en: "Zhou Ming".into(),
                },
                title: DoctorTitle::Chief,
                specialties: LocalText::default(),
                bio: LocalText::default(),
            },
            next_available: None,
            remaining: 0,
            sessions,
        }
    }

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
    fn a_window_is_found_with_its_session_and_doctor() {
        use Availability::*;
        let data = Booking {
            doctors: vec![schedule(vec![
                session("2026-11-24", Period::Morning, vec![slot("a", Open, 2)]),
                session("2026-11-24", Period::Afternoon, vec![slot("b", Full, 0)]),
            ])],
            ..Booking::default()
        };
        let (doctor, session, slot) = data.find_slot("b").expect("found");
        assert_eq!(doctor.doctor.id, "d1");
        assert_eq!(session.period, Period::Afternoon);
        assert_eq!(slot.availability, Full);
        assert!(data.find_slot("zz").is_none());
        assert!(data.department("neurology").is_none());
        assert!(Load::Confirm("x".into()).needs_account());
        assert!(!Load::Triage.needs_account());
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

    #[test]
    fn recent_departments_keep_the_latest_first_without_repeats() {
        assert_eq!(recent(""), Vec::<&str>::new());
        assert_eq!(recent_after("", "neurology"), "neurology");
        assert_eq!(
            recent_after("cardiology,neurology", "neurology"),
            "neurology,cardiology"
        );
        assert_eq!(recent_after("a,b,c,d", "e"), "e,a,b,c");
        assert_eq!(
            recent_after("a,b", "x,y"),
            "a,b",
            "an id with a comma is not stored"
        );
        assert_eq!(recent("a,,b,c,d,e,f"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_retry_after_a_lost_answer_reuses_the_key_and_nothing_else_does() {
        let unknown = Attempt {
            key: "k1".into(),
            body: "slot-1|p-1".into(),
            settled: false,
        };
        assert_eq!(key_to_reuse(Some(&unknown), "slot-1|p-1"), Some("k1"));
        assert_eq!(
            key_to_reuse(Some(&unknown), "slot-1|p-2"),
            None,
            "another patient"
        );
        let answered = Attempt {
            settled: true,
            ..unknown
        };
        assert_eq!(key_to_reuse(Some(&answered), "slot-1|p-1"), None);
        assert_eq!(key_to_reuse(None, "slot-1|p-1"), None);
    }

    #[test]
    fn sending_keeps_the_key_only_while_the_outcome_is_unknown() {
        let attempt = Attempt {
            key: "k1".into(),
            body: "s|p".into(),
            settled: false,
        };
        let state = Rc::new(Sending::default()).reduce(SendAction::Start(attempt));
        assert!(state.busy);
        let lost = state.reduce(SendAction::Failed(Refusal::Unknown));
        assert!(!lost.busy);
        assert_eq!(
            lost.key_for("s|p"),
            Some("k1"),
            "a retry sends the same key"
        );
        let retry = lost.clone().reduce(SendAction::Start(Attempt {
            key: "k1".into(),
            body: "s|p".into(),
            settled: false,
        }));
        assert_eq!(retry.failure, None);
        let taken = retry.reduce(SendAction::Failed(Refusal::Taken));
        assert_eq!(taken.failure, Some(Refusal::Taken));
        assert_eq!(
            taken.key_for("s|p"),
            None,
            "answered: the next try is a new request"
        );
        assert_eq!(taken.reduce(SendAction::Clear).failure, None);
    }

    #[test]
    fn the_triage_form_toggles_symptoms_and_clears_its_complaint() {
        let form = Rc::new(TriageForm::default());
        let form = form.reduce(TriageAction::Toggle("headache".into()));
        let form = form.reduce(TriageAction::Toggle("fever".into()));
        assert_eq!(form.chosen, ["headache", "fever"]);
        let form = form.reduce(TriageAction::Toggle("headache".into()));
        assert_eq!(form.chosen, ["fever"]);
        let form = form.reduce(TriageAction::Toggle("fever".into()));
        let form = form.reduce(TriageAction::Invalid(TriageInputError::Empty));
        assert_eq!(form.problem, Some(TriageInputError::Empty));
        let form = form.reduce(TriageAction::Text("头痛".into()));
        assert_eq!(form.problem, None, "typing answers the complaint");
        let form = form.reduce(TriageAction::Sending);
        assert!(form.busy);
        let form = form.reduce(TriageAction::Answered(Err(ApiError::Network)));
        assert!(!form.busy);
        assert_eq!(form.answer, Some(Err(ApiError::Network)));

        let today = date("2026-11-23");
        let typed = TriageForm {
            text: "cough".into(),
            age: "7".into(),
            sex: Some(Sex::Male),
            ..TriageForm::default()
        };
        let request = typed.request(None, today, Lang::En).expect("ok");
        assert_eq!((request.age, request.sex), (Some(7), Some(Sex::Male)));
        let member = typed
            .request(Some(("1985-03-15", Sex::Female)), today, Lang::En)
            .expect("ok");
        assert_eq!((member.age, member.sex), (Some(41), Some(Sex::Female)));
    }

    fn problem(kind: ProblemKind, detail: Option<&str>) -> ApiError {
        let mut problem = Problem::new(kind, Lang::ZhCn);
        problem.detail = detail.map(str::to_owned);
        ApiError::Problem(Box::new(problem))
    }

    #[test]
    fn refusals_say_what_to_do_next() {
        assert_eq!(
            refusal(&problem(ProblemKind::SlotTaken, None), Lang::ZhCn),
            Refusal::Taken
        );
        assert_eq!(
            refusal(&problem(ProblemKind::BookingClosed, None), Lang::ZhCn),
            Refusal::Closed
        );
        assert_eq!(
            refusal(
                &problem(
                    ProblemKind::BookingLimit,
                    Some("同一就诊人同一天同一科室只能预约一次")
                ),
                Lang::ZhCn
            ),
            Refusal::Limit("同一就诊人同一天同一科室只能预约一次".into())
        );
        assert_eq!(refusal(&ApiError::Network, Lang::ZhCn), Refusal::Unknown);
        assert_eq!(
            refusal(&ApiError::Status(502), Lang::ZhCn),
            Refusal::Unknown
        );
        assert!(matches!(
            refusal(&problem(ProblemKind::NotFound, None), Lang::En),
            Refusal::Other(_)
        ));
        assert!(!outcome_unknown(&ApiError::Status(404)));
        assert!(outcome_unknown(&problem(ProblemKind::Internal, None)));
    }

    #[test]
    fn the_triage_request_carries_who_it_is_for() {
        let today = date("2026-11-23");
        let member = Who::Member {
            birth_date: "1950-01-01",
            sex: Sex::Female,
        };
        let request = triage_request(" 头痛三天 ", &[], member, today, Lang::ZhCn).expect("ok");
        assert_eq!(request.text, "头痛三天");
        assert_eq!(request.age, Some(76));
        assert_eq!(request.sex, Some(Sex::Female));
        assert_eq!(request.lang, Lang::ZhCn);

        let tapped = vec!["headache".to_owned()];
        let typed = Who::Typed {
            age: " 6 ",
            sex: None,
        };
        let request = triage_request("", &tapped, typed, today, Lang::En).expect("ok");
        assert_eq!(request.symptom_ids, tapped);
        assert_eq!((request.age, request.sex), (Some(6), None));

        let nobody = Who::Typed { age: "", sex: None };
        assert_eq!(
            triage_request("  ", &[], nobody, today, Lang::En),
            Err(TriageInputError::Empty)
        );
        for age in ["abc", "-3", "121", "6.5"] {
            let who = Who::Typed { age, sex: None };
            assert_eq!(
                triage_request("cough", &[], who, today, Lang::En),
                Err(TriageInputError::Age),
                "{age}"
            );
        }
        let request = triage_request("cough", &[], nobody, today, Lang::En).expect("ok");
        assert_eq!(request.age, None);
    }

    #[test]
    fn reasons_point_at_the_department() {
        let reasons = vec!["头痛".to_owned(), "头晕".to_owned()];
        assert_eq!(
            reason_line(&reasons, "神经内科", "、"),
            "头痛、头晕 → 神经内科"
        );
        assert_eq!(reason_line(&[], "Neurology", ", "), "Neurology");
    }
}

//! Booking: departments, doctors, their clinic sessions and time windows, and
//! appointments, as `/api/v1/departments`, `/doctors`, `/slots`, `/appointments` send them.
//!
//! Capacity is counted per time window (e.g. 08:00–08:30, 3 places) so a patient is told
//! when to come, not only which half-day. Appointment statuses follow FHIR's
//! Appointment.status (booked, arrived, fulfilled, cancelled, noshow). The rules that
//! decide what can be booked or changed live in [`crate::booking`], not here: these are
//! the bodies only.

use serde::{Deserialize, Serialize};

use super::LocalText;

/// A department as listed for booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    /// Stable id chosen by the hospital (`neurology`).
    pub id: String,
    /// Name in both languages.
    pub name: LocalText,
    /// What it treats, one line.
    pub description: LocalText,
    /// The venue place where it receives patients (for navigation).
    pub location: String,
    /// Where that is, in words ("门诊楼 4 楼 B 区").
    pub location_label: LocalText,
    /// Pinyin initials of the Chinese name, for search.
    pub pinyin: String,
    /// Whether patients can book it (the emergency department cannot).
    pub bookable: bool,
    /// What to do before a visit here (fasting, what to bring, when to arrive): the
    /// department's own notes first, then the hospital's general ones.
    #[serde(default)]
    pub instructions: Vec<LocalText>,
}

/// True when `query` finds `department`: by Chinese name, English name (any case), or the
/// pinyin initials of the Chinese name (`sjnk` finds 神经内科).
pub fn department_matches(department: &Department, query: &str) -> bool {
    // ASCII lowercasing is enough (Chinese has no case, pinyin and the English names are
    // ASCII) and keeps Unicode's case tables out of the app's WebAssembly.
    let q = query.trim().to_ascii_lowercase();
    if q.is_empty() {
        return true;
    }
    department.name.zh.contains(q.as_str())
        || department.name.en.to_ascii_lowercase().contains(q.as_str())
        || department.pinyin.starts_with(q.as_str())
        || department.description.zh.contains(q.as_str())
        || department
            .description
            .en
            .to_ascii_lowercase()
            .contains(q.as_str())
}

/// A doctor's professional title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DoctorTitle {
    /// 主任医师.
    Chief,
    /// 副主任医师.
    AssociateChief,
    /// 主治医师.
    Attending,
    /// 住院医师.
    Resident,
}

impl DoctorTitle {
    /// Every title, most senior first.
    pub const ALL: [DoctorTitle; 4] = [
        DoctorTitle::Chief,
        DoctorTitle::AssociateChief,
        DoctorTitle::Attending,
        DoctorTitle::Resident,
    ];

    /// The stored name, as in the API (`associate_chief`).
    pub fn as_str(self) -> &'static str {
        match self {
            DoctorTitle::Chief => "chief",
            DoctorTitle::AssociateChief => "associate_chief",
            DoctorTitle::Attending => "attending",
            DoctorTitle::Resident => "resident",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<DoctorTitle> {
        DoctorTitle::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The title in both languages.
    pub fn label(self) -> LocalText {
        let (zh, en) = match self {
            DoctorTitle::Chief => ("主任医师", "Chief Physician"),
            DoctorTitle::AssociateChief => ("副主任医师", "Associate Chief Physician"),
            DoctorTitle::Attending => ("主治医师", "Attending Physician"),
            DoctorTitle::Resident => ("住院医师", "Resident Physician"),
        };
        LocalText {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }
}

/// The kind of visit a clinic session offers, which sets its fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum VisitType {
    /// 普通门诊.
    Regular,
    /// 专科门诊.
    Specialist,
    /// 专家门诊.
    Expert,
}

impl VisitType {
    /// Every visit type.
    pub const ALL: [VisitType; 3] = [VisitType::Regular, VisitType::Specialist, VisitType::Expert];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitType::Regular => "regular",
            VisitType::Specialist => "specialist",
            VisitType::Expert => "expert",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<VisitType> {
        VisitType::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The name in both languages.
    pub fn label(self) -> LocalText {
        let (zh, en) = match self {
            VisitType::Regular => ("普通门诊", "Regular clinic"),
            VisitType::Specialist => ("专科门诊", "Specialist clinic"),
            VisitType::Expert => ("专家门诊", "Expert clinic"),
        };
        LocalText {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }
}

/// Part of the day a clinic session runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Period {
    /// 上午.
    Morning,
    /// 下午.
    Afternoon,
    /// 夜间.
    Evening,
}

impl Period {
    /// Every period, in the order of the day.
    pub const ALL: [Period; 3] = [Period::Morning, Period::Afternoon, Period::Evening];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Morning => "morning",
            Period::Afternoon => "afternoon",
            Period::Evening => "evening",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The name in both languages.
    pub fn label(self) -> LocalText {
        let (zh, en) = match self {
            Period::Morning => ("上午", "Morning"),
            Period::Afternoon => ("下午", "Afternoon"),
            Period::Evening => ("夜间", "Evening"),
        };
        LocalText {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }
}

/// A doctor as listed for booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Doctor {
    /// Stable id.
    pub id: String,
    /// The department the doctor sees patients for.
    pub department: String,
    /// Name (the same in both languages for most doctors).
    pub name: LocalText,
    /// Professional title.
    pub title: DoctorTitle,
    /// What the doctor specialises in, one line.
    pub specialties: LocalText,
    /// A short biography.
    pub bio: LocalText,
}

/// How bookable one clinic session (or one day) is right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Availability {
    /// Places left and bookable now.
    Open,
    /// Every place is taken.
    Full,
    /// Not released yet: see `release_at`.
    NotReleased,
    /// Too late to book (past the cut-off).
    Closed,
    /// The hospital stopped the session (the doctor is away).
    Stopped,
}

/// One time window of a session: when to come, and how many places are left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotView {
    /// The slot's id, sent to book it.
    pub id: String,
    /// Local start time, `HH:MM`.
    pub start: String,
    /// Local end time, `HH:MM`.
    pub end: String,
    /// Places left.
    pub remaining: u32,
    /// Places in all.
    pub capacity: u32,
    /// Whether this window can be booked now.
    pub availability: Availability,
}

/// A doctor's half-day clinic on one date, with its windows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// The session's id.
    pub id: String,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Morning, afternoon or evening.
    pub period: Period,
    /// Regular, specialist or expert.
    pub visit_type: VisitType,
    /// The registration fee in fen (1/100 yuan).
    pub fee_fen: u32,
    /// Places left in the whole session.
    pub remaining: u32,
    /// Places in all.
    pub capacity: u32,
    /// Whether the session can be booked now.
    pub availability: Availability,
    /// When booking opens (RFC 3339), for sessions not released yet.
    pub release_at: String,
    /// Why the hospital stopped the session, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_reason: Option<LocalText>,
    /// The time windows.
    pub slots: Vec<SlotView>,
}

/// A doctor with their sessions over the booking horizon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorSchedule {
    /// Who.
    pub doctor: Doctor,
    /// The first date with a bookable place, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_available: Option<String>,
    /// Places left over the whole horizon.
    pub remaining: u32,
    /// The sessions, by date and period.
    pub sessions: Vec<SessionView>,
}

/// `POST /api/v1/appointments`: book a window for a family member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookRequest {
    /// The time window to book.
    pub slot_id: String,
    /// The family member the visit is for.
    pub patient_id: String,
}

/// `POST /api/v1/appointments/{id}/cancel`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {
    /// Why, in the patient's words (optional, ≤ 200 characters).
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/v1/appointments/{id}/reschedule`: move to another window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduleRequest {
    /// The new time window.
    pub slot_id: String,
}

/// An appointment's status (FHIR Appointment.status).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AppointmentStatus {
    /// Booked, not yet arrived.
    Booked,
    /// Checked in at the hospital.
    Arrived,
    /// Seen.
    Fulfilled,
    /// Cancelled by the patient or the hospital.
    Cancelled,
    /// Did not come.
    Noshow,
}

impl AppointmentStatus {
    /// Every status.
    pub const ALL: [AppointmentStatus; 5] = [
        AppointmentStatus::Booked,
        AppointmentStatus::Arrived,
        AppointmentStatus::Fulfilled,
        AppointmentStatus::Cancelled,
        AppointmentStatus::Noshow,
    ];

    /// The stored name, as in FHIR.
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Booked => "booked",
            AppointmentStatus::Arrived => "arrived",
            AppointmentStatus::Fulfilled => "fulfilled",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Noshow => "noshow",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<AppointmentStatus> {
        AppointmentStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// An appointment as the patient sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    /// The appointment's id.
    pub id: String,
    /// Current status.
    pub status: AppointmentStatus,
    /// Who the visit is for.
    pub patient_id: String,
    /// Their name.
    pub patient_name: String,
    /// The department.
    pub department: Department,
    /// The doctor.
    pub doctor: Doctor,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Morning, afternoon or evening.
    pub period: Period,
    /// When to come: window start, `HH:MM`.
    pub window_start: String,
    /// Window end, `HH:MM`.
    pub window_end: String,
    /// The window's start as an instant (RFC 3339), for calendars and countdowns.
    pub starts_at: String,
    /// The window's end as an instant (RFC 3339).
    pub ends_at: String,
    /// Regular, specialist or expert.
    pub visit_type: VisitType,
    /// Fee in fen.
    pub fee_fen: u32,
    /// The code shown as a QR code for checking in.
    pub check_in_code: String,
    /// When to arrive, the one sentence that says so (computed by
    /// [`crate::booking::rules::arrival`]).
    pub arrival: Arrival,
    /// What to do before the visit (fasting, what to bring): the department's notes, then
    /// the hospital's. When to arrive is [`Appointment::arrival`], never one of these.
    pub instructions: Vec<LocalText>,
    /// Until when it can be cancelled or moved (RFC 3339).
    pub changeable_until: String,
    /// Whether it can still be cancelled or moved now.
    pub changeable: bool,
    /// Why it was cancelled, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<LocalText>,
    /// For an appointment that was moved (its status is then `cancelled`): the appointment
    /// that replaced it, so its history can say "moved to 12月5日 10:30".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescheduled_to: Option<RescheduledTo>,
    /// When it was booked (RFC 3339).
    pub created_at: String,
}

/// The appointment a moved appointment became.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RescheduledTo {
    /// The new appointment's id.
    pub id: String,
    /// Its local date, `YYYY-MM-DD`.
    pub date: String,
    /// Its window start, local `HH:MM`.
    pub window_start: String,
    /// Its window end, local `HH:MM`.
    pub window_end: String,
}

/// When to arrive for a window: one instruction, computed once, so the confirm page, the
/// appointment and the calendar file never say two different things.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Arrival {
    /// The earliest local time worth arriving, `HH:MM` (the hospital's lead time before
    /// the window).
    pub arrive_from: String,
    /// The local time to have arrived and checked in by, `HH:MM` (the window's start).
    pub arrive_by: String,
    /// The instruction as the patient reads it, in both languages.
    pub instruction: LocalText,
}

/// A clinic session as a single window's page shows it: which half-day, what kind of
/// visit, what it costs, and whether the hospital stopped it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClinicSession {
    /// The session's id.
    pub id: String,
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Morning, afternoon or evening.
    pub period: Period,
    /// Regular, specialist or expert.
    pub visit_type: VisitType,
    /// The registration fee in fen.
    pub fee_fen: u32,
    /// When booking opens (RFC 3339).
    pub release_at: String,
    /// Why the hospital stopped the session, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_reason: Option<LocalText>,
}

/// `GET /api/v1/slots/{id}`: one time window with everything the confirm page shows, so it
/// loads one window instead of a department's two-week schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotDetail {
    /// The window: its id, local start and end, places left and whether it can be booked.
    pub slot: SlotView,
    /// The window's start as an instant (RFC 3339).
    pub starts_at: String,
    /// The window's end as an instant (RFC 3339).
    pub ends_at: String,
    /// The session the window belongs to.
    pub session: ClinicSession,
    /// The doctor.
    pub doctor: Doctor,
    /// The department, with its pre-visit instructions.
    pub department: Department,
    /// When to arrive.
    pub arrival: Arrival,
    /// Until when an appointment in this window could be cancelled or moved (RFC 3339).
    pub changeable_until: String,
}

/// The answer to `POST /api/v1/appointments/{id}/send-to-phone`: where the details went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentToPhone {
    /// The account's login phone, masked (`138****5678`).
    pub phone_masked: String,
}

/// Formats fen as yuan for display: `2500` → `25.00`.
pub fn yuan(fen: u32) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neurology() -> Department {
        Department {
            id: "neurology".into(),
            name: LocalText {
                zh: "神经内科".into(),
                en: "Neurology".into(),
            },
            description: LocalText {
                zh: "头痛、头晕".into(),
                en: "Headache, dizziness".into(),
            },
            location: "b1-f4".into(),
            location_label: LocalText::default(),
            pinyin: "sjnk".into(),
            bookable: true,
            instructions: Vec::new(),
        }
    }

    #[test]
    fn departments_are_found_by_name_pinyin_english_and_complaint() {
        let d = neurology();
        for q in [
            "神经",
            "sjnk",
            "sj",
            "NEURO",
            "neurology",
            " 头痛 ",
            "",
            "headache",
        ] {
            assert!(department_matches(&d, q), "{q:?}");
        }
        for q in ["骨科", "gk", "ortho", "jnk"] {
            assert!(!department_matches(&d, q), "{q:?}");
        }
    }

    #[test]
    fn enums_round_trip_through_their_stored_names() {
        for v in VisitType::ALL {
            assert_eq!(VisitType::parse(v.as_str()), Some(v));
        }
        for p in Period::ALL {
            assert_eq!(Period::parse(p.as_str()), Some(p));
        }
        for s in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for t in DoctorTitle::ALL {
            assert_eq!(DoctorTitle::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        assert_eq!(AppointmentStatus::parse("lost"), None);
        assert_eq!(DoctorTitle::Chief.label().zh, "主任医师");
    }

    fn doctor() -> Doctor {
        Doctor {
            id: "wang-neurology".into(),
            department: "neurology".into(),
            name: LocalText {
                zh: "王医生".into(),
                en: "Dr Wang".into(),
            },
            title: DoctorTitle::Chief,
            specialties: LocalText::default(),
            bio: LocalText::default(),
        }
    }

    #[test]
    fn an_appointment_carries_its_arrival_and_only_a_moved_one_says_where_to() {
        let arrival =
            crate::booking::arrival("10:30", &crate::booking::BookingRules::default()).unwrap();
        let mut a = Appointment {
            id: "a-1".into(),
            status: AppointmentStatus::Booked,
            patient_id: "p-1".into(),
            patient_name: "李华".into(),
            department: neurology(),
            doctor: doctor(),
            date: "2026-12-05".into(),
            period: Period::Morning,
            window_start: "10:30".into(),
            window_end: "11:00".into(),
            starts_at: "2026-12-05T02:30:00Z".into(),
            ends_at: "2026-12-05T03:00:00Z".into(),
            visit_type: VisitType::Expert,
            fee_fen: 5000,
            check_in_code: "ABCDEFGHJK".into(),
            arrival,
            instructions: Vec::new(),
            changeable_until: "2026-12-05T00:30:00Z".into(),
            changeable: true,
            cancel_reason: None,
            rescheduled_to: None,
            created_at: "2026-11-23T01:00:00Z".into(),
        };
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["arrival"]["arrive_from"], "10:15");
        assert_eq!(json["arrival"]["arrive_by"], "10:30");
        assert!(json.get("rescheduled_to").is_none());
        a.status = AppointmentStatus::Cancelled;
        a.rescheduled_to = Some(RescheduledTo {
            id: "a-2".into(),
            date: "2026-12-06".into(),
            window_start: "09:00".into(),
            window_end: "09:30".into(),
        });
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["rescheduled_to"]["window_start"], "09:00");
        let back: Appointment = serde_json::from_value(json).unwrap();
        assert_eq!(back, a);
    }

    #[test]
    fn fees_format_as_yuan() {
        assert_eq!(yuan(2500), "25.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(10050), "100.50");
    }
}

//! Schedules to test the booking rules with: dates, windows, clinics and a doctor.

use careway_core::api::booking::{
    session_availability, Availability, Doctor, DoctorSchedule, DoctorTitle, Period, SessionView,
    SlotView, VisitType,
};
use careway_core::api::LocalText;
use careway_core::identity::CivilDate;

pub fn date(s: &str) -> CivilDate {
    CivilDate::parse(s).expect("a date")
}

pub fn slot(id: &str, availability: Availability, remaining: u32) -> SlotView {
    SlotView {
        id: id.into(),
        start: "08:00".into(),
        end: "08:30".into(),
        remaining,
        capacity: 3,
        availability,
    }
}

pub fn session(date: &str, period: Period, slots: Vec<SlotView>) -> SessionView {
    let states: Vec<Availability> = slots.iter().map(|s| s.availability).collect();
    SessionView {
        id: format!("{date}-{}", period.as_str()),
        date: date.into(),
        period,
        visit_type: VisitType::Regular,
        fee_fen: 1000,
        remaining: slots.iter().map(|s| s.remaining).sum(),
        capacity: 3 * slots.len() as u32,
        availability: session_availability(&states),
        release_at: "2026-11-30T23:00:00Z".into(),
        stop_reason: None,
        slots,
    }
}

pub fn schedule(sessions: Vec<SessionView>) -> DoctorSchedule {
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

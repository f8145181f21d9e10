//! [`Refusal`]: every way the booking rules say no, and the words a patient reads for
//! each, in both languages, from this one place. The server turns a refusal into a
//! problem body (its kind, its detail, and the blocking appointment when there is one);
//! the app can show the same words for what it checks itself.

use crate::api::booking::Availability;
use crate::api::LocalText;
use crate::locale::Lang;
use crate::problem::{Problem, ProblemKind};

/// Why a booking, or a change to an appointment, is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The window cannot be booked now: stopped, not released yet, or past its cut-off
    /// (the availability says which; never `Open` or `Full`).
    Closed(Availability),
    /// No place is left in the window.
    Taken,
    /// The patient missed this many visits in 90 days: no online booking for now.
    NoShowBan {
        /// The no-shows counted.
        count: u32,
    },
    /// The patient already has a visit in this department on this day.
    SameDepartmentSameDay {
        /// The appointment that blocks this one, for the patient to open; `None` when it
        /// was booked through another account, whose appointments are not this one's to
        /// see.
        appointment_id: Option<String>,
    },
    /// The account holds as many upcoming appointments as it may.
    TooManyActive {
        /// The limit.
        max: u32,
    },
    /// The appointment can no longer be cancelled or moved: past its deadline, or no
    /// longer booked.
    ChangeClosed,
}

impl Refusal {
    /// The kind of problem this is, which sets its `type`, status (409) and title.
    pub fn kind(&self) -> ProblemKind {
        match self {
            Refusal::Closed(_) => ProblemKind::BookingClosed,
            Refusal::Taken => ProblemKind::SlotTaken,
            Refusal::NoShowBan { .. }
            | Refusal::SameDepartmentSameDay { .. }
            | Refusal::TooManyActive { .. } => ProblemKind::BookingLimit,
            Refusal::ChangeClosed => ProblemKind::ChangeClosed,
        }
    }

    /// The short title, in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        self.kind().title(lang)
    }

    /// What exactly stands in the way, in both languages.
    pub fn detail(&self) -> LocalText {
        let (zh, en) = match self {
            Refusal::Closed(Availability::NotReleased) => (
                "该号源尚未开放预约，请在放号时间后再试。".to_owned(),
                "This clinic is not open for booking yet; please try again after its release time."
                    .to_owned(),
            ),
            Refusal::Closed(Availability::Stopped) => (
                "医生停诊，该门诊不能预约。".to_owned(),
                "The doctor is not holding this clinic, so it cannot be booked.".to_owned(),
            ),
            Refusal::Closed(_) => (
                "该时段已过预约截止时间，请选择其他时段。".to_owned(),
                "Booking for this time has closed; please choose another.".to_owned(),
            ),
            Refusal::Taken => (
                "该时段已没有剩余号源。".to_owned(),
                "No place is left at this time.".to_owned(),
            ),
            Refusal::NoShowBan { count } => (
                format!("该就诊人近 90 天内爽约 {count} 次，暂不能在线预约，请到窗口或电话预约。"),
                format!(
                    "This patient missed {count} appointments in 90 days and cannot book online \
                     for now; please book at a window or by phone."
                ),
            ),
            Refusal::SameDepartmentSameDay { .. } => (
                "同一就诊人同一天在同一科室只能预约一次。".to_owned(),
                "A patient can book one visit per department per day.".to_owned(),
            ),
            Refusal::TooManyActive { max } => (
                format!("每个账户最多同时保留 {max} 个待就诊的预约。"),
                format!("An account can hold at most {max} upcoming appointments."),
            ),
            Refusal::ChangeClosed => (
                "已过取消或改期的截止时间，或该预约已不是待就诊状态。".to_owned(),
                "The deadline for cancelling or moving has passed, or the appointment is no \
                 longer booked."
                    .to_owned(),
            ),
        };
        LocalText { zh, en }
    }

    /// The appointment that blocks the booking, when one does.
    pub fn appointment_id(&self) -> Option<&str> {
        match self {
            Refusal::SameDepartmentSameDay { appointment_id } => appointment_id.as_deref(),
            _ => None,
        }
    }

    /// The whole problem body in `lang`, as the server sends it (without a request id).
    pub fn problem(&self, lang: Lang) -> Problem {
        let mut problem = Problem::new(self.kind(), lang);
        problem.detail = Some(self.detail().get(lang).to_owned());
        problem.appointment_id = self.appointment_id().map(str::to_owned);
        problem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_refusal() -> Vec<Refusal> {
        vec![
            Refusal::Closed(Availability::NotReleased),
            Refusal::Closed(Availability::Closed),
            Refusal::Closed(Availability::Stopped),
            Refusal::Taken,
            Refusal::NoShowBan { count: 3 },
            Refusal::SameDepartmentSameDay {
                appointment_id: Some("appt-1".into()),
            },
            Refusal::SameDepartmentSameDay {
                appointment_id: None,
            },
            Refusal::TooManyActive { max: 6 },
            Refusal::ChangeClosed,
        ]
    }

    #[test]
    fn every_refusal_is_a_409_with_words_in_both_languages() {
        for refusal in every_refusal() {
            assert_eq!(refusal.kind().status(), 409, "{refusal:?}");
            let detail = refusal.detail();
            assert!(
                !detail.zh.is_empty() && !detail.en.is_empty(),
                "{refusal:?}"
            );
            assert_ne!(detail.zh, detail.en, "{refusal:?}");
            assert_ne!(refusal.title(Lang::ZhCn), refusal.title(Lang::En));
        }
    }

    #[test]
    fn the_reasons_a_window_is_closed_read_differently() {
        let words: std::collections::HashSet<String> = [
            Availability::NotReleased,
            Availability::Closed,
            Availability::Stopped,
        ]
        .into_iter()
        .map(|a| Refusal::Closed(a).detail().zh)
        .collect();
        assert_eq!(words.len(), 3);
    }

    #[test]
    fn the_numbers_are_in_the_words() {
        assert!(Refusal::NoShowBan { count: 4 }
            .detail()
            .zh
            .contains("爽约 4 次"));
        assert!(Refusal::TooManyActive { max: 6 }
            .detail()
            .en
            .contains("at most 6"));
    }

    #[test]
    fn the_problem_carries_the_blocking_appointment_only_when_there_is_one() {
        let same_day = Refusal::SameDepartmentSameDay {
            appointment_id: Some("appt-1".into()),
        };
        let p = same_day.problem(Lang::ZhCn);
        assert_eq!(p.kind(), Some(ProblemKind::BookingLimit));
        assert_eq!(p.appointment_id.as_deref(), Some("appt-1"));
        assert!(p.detail.unwrap().contains("同一天"));
        let json = serde_json::to_value(same_day.problem(Lang::En)).unwrap();
        assert_eq!(json["appointment_id"], "appt-1");
        let json = serde_json::to_value(Refusal::Taken.problem(Lang::En)).unwrap();
        assert!(json.get("appointment_id").is_none());
        assert_eq!(json["type"], "urn:careway:problem:slot-taken");
        let elsewhere = Refusal::SameDepartmentSameDay {
            appointment_id: None,
        };
        let json = serde_json::to_value(elsewhere.problem(Lang::En)).unwrap();
        assert!(json.get("appointment_id").is_none());
        assert_eq!(json["type"], "urn:careway:problem:booking-limit");
    }
}

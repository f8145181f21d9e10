//! Why an appointment was cancelled, in the words stored with the cancellation and shown
//! in the patient's history. The patient's own words, when they give any, are stored as
//! typed instead; the hospital's reason for stopping a session comes from its staff.

use crate::api::LocalText;

/// A reason for a cancellation that the system words, not a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelReason {
    /// The patient cancelled without saying why.
    ByPatient,
    /// The appointment was moved to another window (see `Appointment::rescheduled_to`).
    Moved,
    /// The account removed the family member the appointment was for.
    PatientRemoved,
}

impl CancelReason {
    /// The reason in both languages.
    pub fn words(self) -> LocalText {
        let (zh, en) = match self {
            CancelReason::ByPatient => ("患者取消", "Cancelled by the patient"),
            CancelReason::Moved => ("已改约到其他时段", "Moved to another time"),
            CancelReason::PatientRemoved => (
                "就诊人已从账户中删除",
                "The patient was removed from the account",
            ),
        };
        LocalText {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_both_languages() {
        for reason in [
            CancelReason::ByPatient,
            CancelReason::Moved,
            CancelReason::PatientRemoved,
        ] {
            let words = reason.words();
            assert!(!words.zh.is_empty() && !words.en.is_empty());
            assert_ne!(words.zh, words.en);
        }
    }
}

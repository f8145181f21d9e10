//! What a refused booking (or move) means for the patient: choose another window, a rule
//! says no, or try again (the outcome is unknown, and the retry reuses the idempotency key,
//! see [`crate::hooks::use_mutation`]).

use careway_core::locale::Lang;
use careway_core::problem::ProblemKind;

use crate::api::ApiError;
use crate::hooks::outcome_unknown;

/// Why a booking (or a move) was refused, as the page explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The window was taken meanwhile: choose another.
    Taken,
    /// The window cannot be booked any more (released later, past the cut-off, stopped).
    Closed,
    /// A booking rule says no; the server's words say which, and for a visit the same day
    /// which appointment it is (to link to it).
    Limit {
        /// The server's words.
        words: String,
        /// The appointment that stands in the way, when one does.
        appointment: Option<String>,
    },
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
        Some(ProblemKind::BookingLimit) => Refusal::Limit {
            words: error
                .problem()
                .and_then(|p| p.detail.clone())
                .unwrap_or_else(|| error.message(lang)),
            appointment: error.problem().and_then(|p| p.appointment_id.clone()),
        },
        _ if outcome_unknown(error) => Refusal::Unknown,
        _ => Refusal::Other(error.message(lang)),
    }
}

#[cfg(test)]
mod tests {
    use careway_core::problem::Problem;

    use super::*;

    fn problem(kind: ProblemKind, detail: Option<&str>) -> ApiError {
        let mut problem = Problem::new(kind, Lang::ZhCn);
        problem.detail = detail.map(str::to_owned);
        ApiError::Problem(Box::new(problem))
    }

    #[test]
    fn a_same_day_refusal_names_the_appointment_in_the_way() {
        let mut same_day = Problem::new(ProblemKind::BookingLimit, Lang::ZhCn);
        same_day.detail = Some("同一就诊人同一天在同一科室只能预约一次".into());
        same_day.appointment_id = Some("a-7".into());
        assert_eq!(
            refusal(&ApiError::Problem(Box::new(same_day)), Lang::ZhCn),
            Refusal::Limit {
                words: "同一就诊人同一天在同一科室只能预约一次".into(),
                appointment: Some("a-7".into()),
            }
        );
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
            Refusal::Limit {
                words: "同一就诊人同一天同一科室只能预约一次".into(),
                appointment: None,
            }
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
    }
}

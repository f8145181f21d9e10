//! A booking (or a move) being sent: when a retry reuses its idempotency key, and what a
//! refusal means for the patient.

use std::rc::Rc;

use careway_core::locale::Lang;
use careway_core::problem::ProblemKind;
use yew::Reducible;

use crate::api::ApiError;

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
}

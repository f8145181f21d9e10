//! What sending an appointment to the patient's phone (from a kiosk) says once answered:
//! where it went, when to try again after sending too often, or what failed.

use careway_core::api::booking::SentToPhone;
use careway_core::locale::Lang;
use careway_core::problem::ProblemKind;

use crate::api::ApiError;
use crate::i18n::texts;

/// The sentence for the answer to a send: "已发送至 138****8000", the wait after a 429
/// ("请 42 秒后再试"), or the failure in words.
pub fn send_note(answer: Result<&SentToPhone, &ApiError>, lang: Lang) -> String {
    let t = texts(lang);
    match answer {
        Ok(sent) => (t.sent_to_phone)(&sent.phone_masked),
        Err(error)
            if error.status() == Some(429)
                || error.kind() == Some(ProblemKind::TooManyRequests) =>
        {
            let seconds = error.problem().and_then(|p| p.retry_after).unwrap_or(60);
            (t.send_again_in)(u32::try_from(seconds.clamp(1, 3_600)).unwrap_or(60))
        }
        Err(error) => error.message(lang),
    }
}

#[cfg(test)]
mod tests {
    use careway_core::problem::Problem;

    use super::*;

    #[test]
    fn a_send_says_where_it_went_or_when_to_try_again() {
        let sent = SentToPhone {
            phone_masked: "138****8000".into(),
        };
        assert_eq!(send_note(Ok(&sent), Lang::ZhCn), "已发送至 138****8000");
        assert_eq!(send_note(Ok(&sent), Lang::En), "Sent to 138****8000");
        let mut limited = Problem::new(ProblemKind::TooManyRequests, Lang::ZhCn);
        limited.retry_after = Some(42);
        let limited = ApiError::Problem(Box::new(limited));
        assert_eq!(
            send_note(Err(&limited), Lang::ZhCn),
            "发送太频繁，请 42 秒后再试"
        );
        assert!(send_note(Err(&limited), Lang::En).contains("42 seconds"));
        assert_eq!(
            send_note(Err(&ApiError::Network), Lang::ZhCn),
            ApiError::Network.message(Lang::ZhCn)
        );
    }
}

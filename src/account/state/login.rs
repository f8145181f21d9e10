//! The login page as data: which way the patient logs in (phone, or on a kiosk a card),
//! which step they are on, what they typed, which messages show, and how long until
//! another code may be asked for. [`LoginState`] changes only through [`LoginAction`]s, so
//! the rules are tested natively; [`crate::account::pages::login`] sends the requests and draws it. Where
//! to go after logging in is the login route's own query
//! ([`crate::app::route::LoginQuery`]).

use careway_core::api::account::{is_code, is_medical_card, CodeSent};
use careway_core::identity::{mask_id_number, mask_mobile, normalize_mobile};
use careway_core::problem::{FieldCode, ProblemKind};
use yew::prelude::*;

use crate::account::state::keypad::{press, Key, Layout};
use crate::api::ApiError;
use crate::ui::field_message::FieldMessage;

/// How the patient says who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// A mobile number; the code goes there.
    Phone,
    /// On a kiosk: a medical card or ID card (read or typed); the code goes to the phone
    /// on file.
    Card,
}

/// Where the patient is in the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Typing the phone or card number.
    Identify,
    /// Typing the code that was sent.
    Code,
}

/// The login page's inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The mobile number.
    Phone,
    /// The card or ID number.
    Card,
    /// The one-time code.
    Code,
}

impl Field {
    const ALL: [Field; 3] = [Field::Phone, Field::Card, Field::Code];

    fn index(self) -> usize {
        self as usize
    }

    /// The field's name in request bodies and in the server's field errors.
    pub fn api_name(self) -> &'static str {
        match self {
            Field::Phone => "phone",
            Field::Card => "card_number",
            Field::Code => "code",
        }
    }

    /// The field the server means by `name`.
    pub fn from_api(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.api_name() == name)
    }

    /// The `id` of the field's input, for labels, messages and focus.
    pub fn dom_id(self) -> &'static str {
        match self {
            Field::Phone => "login-phone",
            Field::Card => "login-card",
            Field::Code => "login-code",
        }
    }

    /// Checks what was typed, as the server will: the value to send, or why not.
    pub fn check(self, value: &str) -> Result<String, FieldCode> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(FieldCode::Required);
        }
        match self {
            Field::Phone => normalize_mobile(trimmed).map_err(|_| FieldCode::Mobile),
            Field::Card if is_medical_card(trimmed) => Ok(trimmed.to_ascii_uppercase()),
            Field::Card => Err(FieldCode::CardNumber),
            Field::Code if is_code(trimmed) => Ok(trimmed.to_owned()),
            Field::Code => Err(FieldCode::CodeFormat),
        }
    }
}

/// A request the page is waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Asking for a code (first time or again).
    SendCode,
    /// Logging in with the code.
    Login,
}

/// A failure that belongs to no single field, shown above the form.
#[derive(Clone, Debug, PartialEq)]
pub enum Alert {
    /// Too many codes asked for: another may be asked for after `retry_after` seconds.
    RateLimited {
        /// Seconds to wait, as the server said.
        retry_after: u64,
    },
    /// Too many wrong codes: this code is locked, a new one is needed.
    CodeLocked,
    /// Anything else (no network, a server failure).
    Failed(ApiError),
}

/// When another code may be asked for, and for which phone or card.
#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    /// The normalised phone or card number.
    pub to: String,
    /// The time (ms since the epoch) after which a code may be asked for again.
    pub until: f64,
}

/// Everything the login page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LoginState {
    /// Phone or card.
    pub method: Method,
    /// Which step.
    pub step: Step,
    /// The phone as typed.
    pub phone: String,
    /// The card or ID number as typed (or read).
    pub card: String,
    /// The code as typed.
    pub code: String,
    /// The request running now; the buttons show progress and ignore taps meanwhile.
    pub busy: Option<Request>,
    /// A failure above the form.
    pub alert: Option<Alert>,
    /// Where the last code went (normalised), while on the code step.
    pub sent_to: Option<String>,
    /// The code itself, only for the demo account of a demo server.
    pub demo_code: Option<String>,
    /// The resend countdown.
    pub wait: Option<Wait>,
    /// Fields the patient has left (or submitted): their own checks show from then on.
    touched: [bool; 3],
    /// The server's messages per field, until the field is edited.
    server: [Option<FieldMessage>; 3],
}

impl LoginState {
    /// A fresh page: by card on a kiosk, by phone elsewhere.
    pub fn new(kiosk: bool) -> LoginState {
        LoginState {
            method: if kiosk { Method::Card } else { Method::Phone },
            step: Step::Identify,
            phone: String::new(),
            card: String::new(),
            code: String::new(),
            busy: None,
            alert: None,
            sent_to: None,
            demo_code: None,
            wait: None,
            touched: [false; 3],
            server: [None, None, None],
        }
    }

    /// The field being typed into on this step.
    pub fn field(&self) -> Field {
        match (self.step, self.method) {
            (Step::Code, _) => Field::Code,
            (Step::Identify, Method::Phone) => Field::Phone,
            (Step::Identify, Method::Card) => Field::Card,
        }
    }

    /// What a field holds.
    pub fn value(&self, field: Field) -> &str {
        match field {
            Field::Phone => &self.phone,
            Field::Card => &self.card,
            Field::Code => &self.code,
        }
    }

    /// The message to show next to `field`, if any: the server's, else the field's own
    /// check once the patient has left the field or submitted it.
    pub fn message(&self, field: Field) -> Option<FieldMessage> {
        if let Some(message) = &self.server[field.index()] {
            return Some(message.clone());
        }
        if !self.touched[field.index()] {
            return None;
        }
        field.check(self.value(field)).err().map(FieldMessage::Code)
    }

    /// The normalised phone or card number to send a code to, if what was typed passes.
    pub fn destination(&self) -> Option<String> {
        let field = match self.method {
            Method::Phone => Field::Phone,
            Method::Card => Field::Card,
        };
        field.check(self.value(field)).ok()
    }

    /// Whole seconds until another code may be asked for the current phone or card, at
    /// `now` (ms since the epoch); `None` when one may be asked for now.
    pub fn wait_seconds(&self, now: f64) -> Option<u32> {
        let wait = self.wait.as_ref()?;
        let to = match self.step {
            Step::Code => self.sent_to.clone(),
            Step::Identify => self.destination(),
        };
        (to.as_deref() == Some(wait.to.as_str()))
            .then(|| seconds_until(wait.until, now))
            .filter(|&s| s > 0)
    }

    /// Where the code went, masked, for "sent to 138****8000".
    pub fn sent_to_masked(&self) -> Option<String> {
        let to = self.sent_to.as_deref()?;
        Some(match self.method {
            Method::Phone => mask_mobile(to),
            Method::Card => mask_id_number(to),
        })
    }
}

/// The ways the login page changes.
#[derive(Clone, Debug, PartialEq)]
pub enum LoginAction {
    /// Switches between phone and card (the code step goes back to the first).
    Choose(Method),
    /// The patient typed (or the keypad or a card reader did).
    Edit(Field, String),
    /// A key of the on-screen keypad, for the field of this step.
    Key(Key),
    /// The patient left a field: its check shows from now on.
    Blur(Field),
    /// The patient submitted a field that does not pass: its check shows, even empty.
    Touch(Field),
    /// A request starts.
    Sending(Request),
    /// The code is on its way to `to` (normalised), answered at `now` (ms).
    CodeSent {
        /// The phone or card the code was asked for.
        to: String,
        /// The server's answer.
        sent: CodeSent,
        /// When it arrived.
        now: f64,
    },
    /// The request running now failed, at `now` (ms).
    Failed {
        /// Why.
        error: ApiError,
        /// When.
        now: f64,
    },
    /// The login succeeded (the page moves on).
    LoggedIn,
    /// From the code step back to the phone or card, to change it.
    Back,
}

impl Reducible for LoginState {
    type Action = LoginAction;

    fn reduce(self: std::rc::Rc<Self>, action: LoginAction) -> std::rc::Rc<Self> {
        let mut next = (*self).clone();
        match action {
            LoginAction::Choose(method) => {
                if next.busy.is_some() || next.method == method {
                    return self;
                }
                next.method = method;
                next.step = Step::Identify;
                next.alert = None;
                next.code.clear();
            }
            LoginAction::Edit(field, value) => {
                if next.value(field) == value {
                    return self;
                }
                match field {
                    Field::Phone => next.phone = value,
                    Field::Card => next.card = value,
                    Field::Code => next.code = value,
                }
                next.server[field.index()] = None;
            }
            LoginAction::Key(key) => {
                let field = next.field();
                let layout = match field {
                    Field::Phone => Layout::PHONE,
                    Field::Card => Layout::CARD,
                    Field::Code => Layout::CODE,
                };
                let value = press(next.value(field), key, layout);
                return self.reduce(LoginAction::Edit(field, value));
            }
            LoginAction::Touch(field) => {
                if next.touched[field.index()] {
                    return self;
                }
                next.touched[field.index()] = true;
            }
            LoginAction::Blur(field) => {
                // Leaving an empty field the patient never typed in is not a mistake yet.
                if next.touched[field.index()] || next.value(field).trim().is_empty() {
                    return self;
                }
                next.touched[field.index()] = true;
            }
            LoginAction::Sending(request) => {
                next.busy = Some(request);
                next.alert = None;
                let field = match request {
                    Request::SendCode => next.field_for_method(),
                    Request::Login => Field::Code,
                };
                next.touched[field.index()] = true;
            }
            LoginAction::CodeSent { to, sent, now } => {
                next.busy = None;
                next.step = Step::Code;
                next.wait = Some(Wait {
                    to: to.clone(),
                    until: now + f64::from(sent.resend_after_seconds) * 1000.0,
                });
                if next.sent_to.as_deref() != Some(to.as_str()) {
                    next.code.clear();
                    next.touched[Field::Code.index()] = false;
                }
                next.server[Field::Code.index()] = None;
                next.sent_to = Some(to);
                next.demo_code = sent.demo_code;
            }
            LoginAction::Failed { error, now } => {
                let request = next.busy.take();
                next.fail(request, error, now);
            }
            LoginAction::LoggedIn => next.busy = None,
            LoginAction::Back => {
                if next.busy.is_some() {
                    return self;
                }
                next.step = Step::Identify;
                next.alert = None;
                next.server[Field::Code.index()] = None;
            }
        }
        std::rc::Rc::new(next)
    }
}

impl LoginState {
    fn field_for_method(&self) -> Field {
        match self.method {
            Method::Phone => Field::Phone,
            Method::Card => Field::Card,
        }
    }

    /// Puts a failure where the patient will look: next to its field, or above the form.
    fn fail(&mut self, request: Option<Request>, error: ApiError, now: f64) {
        if error.kind() == Some(ProblemKind::TooManyRequests) || error.status() == Some(429) {
            if request == Some(Request::Login) {
                self.alert = Some(Alert::CodeLocked);
                self.code.clear();
                return;
            }
            let retry_after = error
                .problem()
                .and_then(|p| p.retry_after)
                .unwrap_or(60)
                .max(1);
            let to = match self.step {
                Step::Code => self.sent_to.clone(),
                Step::Identify => self.destination(),
            };
            if let Some(to) = to {
                // At most a day: a longer figure from a confused server is not believable.
                let seconds = retry_after.min(86_400) as f64;
                self.wait = Some(Wait {
                    to,
                    until: now + seconds * 1000.0,
                });
            }
            self.alert = Some(Alert::RateLimited { retry_after });
            return;
        }
        let mut placed = false;
        if let Some(problem) = error.problem() {
            for field_error in &problem.errors {
                // The code step also answers for the phone or card it was sent to.
                let field = Field::from_api(&field_error.field).filter(|f| {
                    *f == Field::Code
                        || (self.step == Step::Identify && *f == self.field_for_method())
                });
                if let Some(field) = field {
                    if self.server[field.index()].is_none() {
                        self.server[field.index()] = Some(FieldMessage::from_error(field_error));
                    }
                    placed = true;
                }
            }
        }
        if !placed {
            self.alert = Some(Alert::Failed(error));
        }
    }
}

/// Whole seconds from `now` until `until` (both ms since the epoch), rounded up so a
/// countdown never shows 0 before it is over.
pub fn seconds_until(until: f64, now: f64) -> u32 {
    let left = ((until - now) / 1000.0).ceil();
    if left <= 0.0 {
        0
    } else {
        // A countdown of more than a u32 of seconds is not one anybody waits for.
        left.min(f64::from(u32::MAX)) as u32
    }
}

/// A mobile number grouped 3-4-4 for reading aloud and copying: `138 0013 8000`.
pub fn group_mobile(mobile: &str) -> String {
    let digits: Vec<char> = mobile.chars().collect();
    if digits.len() != 11 {
        return mobile.to_owned();
    }
    let part = |r: std::ops::Range<usize>| digits[r].iter().collect::<String>();
    format!("{} {} {}", part(0..3), part(3..7), part(7..11))
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use careway_core::locale::Lang;
    use careway_core::problem::{FieldError, Problem};

    use super::*;

    fn reduce(state: LoginState, actions: impl IntoIterator<Item = LoginAction>) -> LoginState {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        (*state).clone()
    }

    fn sent(resend: u32, demo: Option<&str>) -> CodeSent {
        CodeSent {
            resend_after_seconds: resend,
            expires_in_seconds: 300,
            demo_code: demo.map(str::to_owned),
        }
    }

    fn problem(kind: ProblemKind, errors: &[(&str, FieldCode)]) -> ApiError {
        let mut p = Problem::new(kind, Lang::ZhCn);
        p.errors = errors
            .iter()
            .map(|(f, c)| FieldError::new(*f, *c, Lang::ZhCn))
            .collect();
        ApiError::Problem(Box::new(p))
    }

    #[test]
    fn kiosks_start_with_the_card_and_phones_with_the_phone() {
        assert_eq!(LoginState::new(true).method, Method::Card);
        assert_eq!(LoginState::new(true).field(), Field::Card);
        assert_eq!(LoginState::new(false).field(), Field::Phone);
    }

    #[test]
    fn fields_check_as_the_server_does() {
        assert_eq!(
            Field::Phone.check(" 138 0013 8000 "),
            Ok("13800138000".into())
        );
        assert_eq!(Field::Phone.check("1380013800"), Err(FieldCode::Mobile));
        assert_eq!(Field::Phone.check("  "), Err(FieldCode::Required));
        assert_eq!(Field::Card.check("mc20260001"), Ok("MC20260001".into()));
        assert_eq!(
            Field::Card.check("11010519491231002x"),
            Ok("11010519491231002X".into())
        );
        assert_eq!(Field::Card.check("MC-1"), Err(FieldCode::CardNumber));
        assert_eq!(Field::Code.check("123456"), Ok("123456".into()));
        assert_eq!(Field::Code.check("12345"), Err(FieldCode::CodeFormat));
        assert_eq!(Field::from_api("card_number"), Some(Field::Card));
        assert_eq!(Field::from_api("name"), None);
    }

    #[test]
    fn a_bad_number_shows_its_message_only_after_leaving_the_field() {
        let typing = reduce(
            LoginState::new(false),
            [LoginAction::Edit(Field::Phone, "1380".into())],
        );
        assert_eq!(
            typing.message(Field::Phone),
            None,
            "no scolding while typing"
        );
        let left = reduce(typing, [LoginAction::Blur(Field::Phone)]);
        assert_eq!(
            left.message(Field::Phone),
            Some(FieldMessage::Code(FieldCode::Mobile))
        );
        let fixed = reduce(
            left,
            [LoginAction::Edit(Field::Phone, "13800138000".into())],
        );
        assert_eq!(
            fixed.message(Field::Phone),
            None,
            "fixing it clears it at once"
        );
        let untouched = reduce(LoginState::new(false), [LoginAction::Blur(Field::Phone)]);
        assert_eq!(
            untouched.message(Field::Phone),
            None,
            "tabbing past is fine"
        );
    }

    #[test]
    fn sending_a_code_moves_to_the_code_step_with_a_countdown() {
        let state = reduce(
            LoginState::new(false),
            [
                LoginAction::Edit(Field::Phone, "138 0013 8000".into()),
                LoginAction::Sending(Request::SendCode),
            ],
        );
        assert_eq!(state.busy, Some(Request::SendCode));
        let state = reduce(
            state,
            [LoginAction::CodeSent {
                to: "13800138000".into(),
                sent: sent(60, Some("246810")),
                now: 1_000.0,
            }],
        );
        assert_eq!(state.step, Step::Code);
        assert_eq!(state.field(), Field::Code);
        assert_eq!(state.busy, None);
        assert_eq!(state.demo_code.as_deref(), Some("246810"));
        assert_eq!(state.sent_to_masked().as_deref(), Some("138****8000"));
        assert_eq!(state.wait_seconds(1_000.0), Some(60));
        assert_eq!(state.wait_seconds(60_500.0), Some(1));
        assert_eq!(state.wait_seconds(61_000.0), None);

        // Back to change the phone: the countdown holds for the same phone only.
        let back = reduce(state, [LoginAction::Back]);
        assert_eq!(back.step, Step::Identify);
        assert_eq!(back.wait_seconds(2_000.0), Some(59));
        let other = reduce(
            back,
            [LoginAction::Edit(Field::Phone, "13912345678".into())],
        );
        assert_eq!(other.wait_seconds(2_000.0), None);
    }

    #[test]
    fn server_field_errors_go_next_to_their_field_until_edited() {
        let state = reduce(
            LoginState::new(false),
            [
                LoginAction::Edit(Field::Phone, "13800138000".into()),
                LoginAction::Sending(Request::SendCode),
                LoginAction::CodeSent {
                    to: "13800138000".into(),
                    sent: sent(60, None),
                    now: 0.0,
                },
                LoginAction::Edit(Field::Code, "111111".into()),
                LoginAction::Sending(Request::Login),
                LoginAction::Failed {
                    error: problem(ProblemKind::Validation, &[("code", FieldCode::CodeWrong)]),
                    now: 0.0,
                },
            ],
        );
        assert_eq!(state.busy, None);
        assert_eq!(
            state.message(Field::Code),
            Some(FieldMessage::Code(FieldCode::CodeWrong))
        );
        assert_eq!(state.code, "111111", "what was typed stays");
        assert_eq!(state.alert, None);
        let edited = reduce(state, [LoginAction::Edit(Field::Code, "11111".into())]);
        assert_eq!(
            edited.message(Field::Code),
            Some(FieldMessage::Code(FieldCode::CodeFormat)),
            "then its own check speaks"
        );
    }

    #[test]
    fn rate_limits_and_locked_codes_say_what_to_do() {
        let mut limited = Problem::new(ProblemKind::TooManyRequests, Lang::ZhCn);
        limited.retry_after = Some(3_600);
        let state = reduce(
            LoginState::new(false),
            [
                LoginAction::Edit(Field::Phone, "13800138000".into()),
                LoginAction::Sending(Request::SendCode),
                LoginAction::Failed {
                    error: ApiError::Problem(Box::new(limited.clone())),
                    now: 0.0,
                },
            ],
        );
        assert_eq!(state.alert, Some(Alert::RateLimited { retry_after: 3_600 }));
        assert_eq!(state.step, Step::Identify);
        assert_eq!(state.wait_seconds(0.0), Some(3_600));

        let locked = reduce(
            state,
            [
                LoginAction::Sending(Request::SendCode),
                LoginAction::CodeSent {
                    to: "13800138000".into(),
                    sent: sent(60, None),
                    now: 0.0,
                },
                LoginAction::Edit(Field::Code, "000000".into()),
                LoginAction::Sending(Request::Login),
                LoginAction::Failed {
                    error: ApiError::Problem(Box::new(limited)),
                    now: 0.0,
                },
            ],
        );
        assert_eq!(locked.alert, Some(Alert::CodeLocked));
        assert_eq!(locked.code, "", "a locked code is no use");
    }

    #[test]
    fn other_failures_show_above_the_form() {
        let state = reduce(
            LoginState::new(true),
            [
                LoginAction::Edit(Field::Card, "MC20260001".into()),
                LoginAction::Sending(Request::SendCode),
                LoginAction::Failed {
                    error: ApiError::Network,
                    now: 0.0,
                },
            ],
        );
        assert_eq!(state.alert, Some(Alert::Failed(ApiError::Network)));
        let refused = reduce(
            state,
            [
                LoginAction::Sending(Request::SendCode),
                LoginAction::Failed {
                    error: problem(
                        ProblemKind::Validation,
                        &[("card_number", FieldCode::CardNumber)],
                    ),
                    now: 0.0,
                },
            ],
        );
        assert_eq!(refused.alert, None);
        assert_eq!(
            refused.message(Field::Card),
            Some(FieldMessage::Code(FieldCode::CardNumber))
        );
    }

    #[test]
    fn the_keypad_types_into_the_field_of_the_step() {
        let typed = reduce(
            LoginState::new(true),
            [
                LoginAction::Key(Key::Digit(1)),
                LoginAction::Key(Key::Digit(2)),
                LoginAction::Key(Key::Backspace),
                LoginAction::Key(Key::Digit(3)),
            ],
        );
        assert_eq!(typed.card, "13");
        assert_eq!(typed.phone, "");
        let phone = reduce(
            LoginState::new(false),
            "138001380001"
                .bytes()
                .map(|b| LoginAction::Key(Key::Digit(b - b'0'))),
        );
        assert_eq!(phone.phone, "13800138000", "no more than 11 digits");
        let refused = reduce(LoginState::new(false), [LoginAction::Touch(Field::Phone)]);
        assert_eq!(
            refused.message(Field::Phone),
            Some(FieldMessage::Code(FieldCode::Required))
        );
    }

    #[test]
    fn nothing_changes_method_or_step_while_a_request_runs() {
        let busy = reduce(
            LoginState::new(true),
            [
                LoginAction::Edit(Field::Card, "MC20260001".into()),
                LoginAction::Sending(Request::SendCode),
            ],
        );
        assert_eq!(
            reduce(busy.clone(), [LoginAction::Choose(Method::Phone)]),
            busy
        );
        assert_eq!(reduce(busy.clone(), [LoginAction::Back]), busy);
    }

    #[test]
    fn countdowns_round_up_and_stop_at_zero() {
        assert_eq!(seconds_until(10_000.0, 0.0), 10);
        assert_eq!(seconds_until(10_000.0, 9_001.0), 1);
        assert_eq!(seconds_until(10_000.0, 10_000.0), 0);
        assert_eq!(seconds_until(0.0, 10_000.0), 0);
        assert_eq!(group_mobile("13800138000"), "138 0013 8000");
        assert_eq!(group_mobile("1380"), "1380");
    }
}

//! Logging in (`/login?next=/me`): a phone number (or, on a kiosk, a medical card or ID
//! card), then the one-time code sent to the phone. Once logged in, the page opens `next`
//! if it is one of the app's own pages, else "Me".
//!
//! The rules (steps, messages, the resend countdown) are in
//! [`crate::account::state::login`]; this page sends the requests through
//! [`crate::hooks::use_mutation`] and draws the state.

use careway_core::api::account::{CodeSent, LoginRequest, CODE_TTL_SECONDS};
use careway_core::identity::normalize_mobile;
use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use crate::app::router::{use_location, use_navigator};

use crate::account::parts::demo_aid::{demo_aid, DemoAidProps};
use crate::account::parts::keypad::{keypad, KeypadProps};
use crate::account::state::login::{
    group_mobile, Alert, Field, LoginAction, LoginState, Method, Request, Step,
};
use crate::api::{self, ApiError};
use crate::app::contexts::display::use_display;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::contexts::session::{use_session, SessionHandle};
use crate::app::route::{open_next, LoginQuery};
use crate::hooks::{use_effect_on, use_mutation, use_now, MutationState};
use crate::i18n::Span;
use crate::ui::button::{Button, Variant};
use crate::ui::error_notice::ErrorNotice;
use crate::ui::field::TextField;
use crate::ui::focus::focus_id;
use crate::ui::icon::IconKind;
use crate::ui::tabs::{tab_list, TabItem, TabsProps};

/// What the login page sends: a request for a one-time code (to the phone typed, or on a
/// kiosk to the phone on file for the card), or the code to log in with.
#[derive(Clone, Debug, PartialEq)]
enum Ask {
    /// Ask for a code for this phone or card.
    Code(Method, String),
    /// Log in.
    LogIn(LoginRequest),
}

/// What came back from an [`Ask`].
enum Answer {
    /// The code is on its way to this phone or card.
    Code(String, CodeSent),
    /// Logged in; the session already knows.
    LoggedIn,
}

/// Sends a code request, or logs in through the session, which tells the whole app.
async fn ask(
    request: Ask,
    session: SessionHandle,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<Answer, ApiError> {
    Ok(match request {
        Ask::Code(method, to) => {
            let asked = match method {
                Method::Phone => api::account::send_code(&to, lang, signal.as_ref()).await,
                Method::Card => api::account::send_card_code(&to, lang, signal.as_ref()).await,
            };
            Answer::Code(to, asked?)
        }
        Ask::LogIn(request) => {
            session.login(request, signal).await?;
            Answer::LoggedIn
        }
    })
}

/// The login page.
#[component]
pub fn LoginPage() -> Html {
    let locale = use_locale();
    let display = use_display();
    let meta = use_meta();
    let session = use_session();
    let navigator = use_navigator();
    let location = use_location();
    let t = locale.t();
    let lang = locale.lang();
    let kiosk = display.kiosk;

    let next = location.and_then(|l| LoginQuery::parse(l.query_str()).next);
    // Logged in (now, or already when the page opened): on to the page asked for. Replace,
    // so Back does not return to a login form for a session that exists.
    use_effect_on(session.signed_in(), move |&signed_in| {
        if let (true, Some(navigator)) = (signed_in, navigator) {
            open_next(&navigator, next.as_deref(), true);
        }
    });

    let state = use_reducer(|| LoginState::new(kiosk));
    let running = state
        .wait
        .as_ref()
        .is_some_and(|w| w.until > crate::platform::now_ms());
    let now = use_now(running);
    let field = state.field();

    // The focus follows the step: the code field once the code is sent, the phone or card
    // field when going back. A kiosk starts in its card field, ready for the reader.
    {
        let first = use_mut_ref(|| true);
        use_effect_on((state.step, state.method), move |_| {
            let first = std::mem::replace(&mut *first.borrow_mut(), false);
            if !first || kiosk {
                focus_id(field.dom_id());
            }
        });
    }

    // The page's requests; each answer goes into the page's state, where the rules of the
    // flow put it.
    let sending = {
        let session = session.clone();
        use_mutation(move |request, _key, lang, signal| ask(request, session.clone(), lang, signal))
    };
    {
        let dispatcher = state.dispatcher();
        use_effect_on((*sending).clone(), move |outcome| {
            let now = crate::platform::now_ms();
            match outcome {
                MutationState::Done(sent) => dispatcher.dispatch(match &**sent {
                    Answer::Code(to, sent) => LoginAction::CodeSent {
                        to: to.clone(),
                        sent: sent.clone(),
                        now,
                    },
                    // The session tells the whole app; the effect above moves on.
                    Answer::LoggedIn => LoginAction::LoggedIn,
                }),
                MutationState::Failed(error) => dispatcher.dispatch(LoginAction::Failed {
                    error: (**error).clone(),
                    now,
                }),
                MutationState::Idle | MutationState::Sending => {}
            }
        });
    }

    let send = {
        let dispatcher = state.dispatcher();
        let run = sending.run_callback();
        let method = state.method;
        Callback::from(move |to: String| {
            dispatcher.dispatch(LoginAction::Sending(Request::SendCode));
            run.emit(Ask::Code(method, to));
        })
    };
    let log_in = {
        let dispatcher = state.dispatcher();
        let run = sending.run_callback();
        let method = state.method;
        let sent_to = state.sent_to.clone();
        Callback::from(move |code: String| {
            let Some(to) = sent_to.clone() else {
                return;
            };
            dispatcher.dispatch(LoginAction::Sending(Request::Login));
            run.emit(Ask::LogIn(LoginRequest {
                phone: (method == Method::Phone).then(|| to.clone()),
                card_number: (method == Method::Card).then_some(to),
                code,
                kiosk,
            }));
        })
    };

    let onsubmit = {
        let state = state.clone();
        let send = send.clone();
        let log_in = log_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if state.busy.is_some() {
                return;
            }
            let field = state.field();
            let checked = field.check(state.value(field));
            match (state.step, checked) {
                (_, Err(_)) => {
                    state.dispatch(LoginAction::Touch(field));
                    focus_id(field.dom_id());
                }
                (Step::Identify, Ok(to)) => {
                    if state.wait_seconds(crate::platform::now_ms()).is_none() {
                        send.emit(to);
                    }
                }
                (Step::Code, Ok(code)) => log_in.emit(code),
            }
        })
    };

    let edit = |field: Field| {
        let dispatcher = state.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(LoginAction::Edit(field, value)))
    };
    let blur = |field: Field| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(LoginAction::Blur(field)))
    };
    let message = |field: Field| {
        state
            .message(field)
            .map(|m| AttrValue::from(m.text(lang).to_owned()))
    };
    let busy = state.busy;
    let wait = state.wait_seconds(now);
    // On a kiosk the keypad types; the system keyboard would cover half the screen.
    let inputmode = AttrValue::Static(if kiosk { "none" } else { "numeric" });

    let alert = state.alert.as_ref().map(|alert| {
        let message = match alert {
            Alert::RateLimited { retry_after } => (t.rate_limited)(Span::of(*retry_after)),
            Alert::CodeLocked => t.code_locked.to_owned(),
            Alert::Failed(error) => error.message(lang),
        };
        html! {
            <ErrorNotice title={t.login_failed} {message} retry_label={t.retry}
                phone={meta.phone()} phone_label={t.call_hospital} />
        }
    });

    let demo_phone = meta
        .meta()
        .and_then(|m| m.demo_phone.clone())
        .filter(|_| meta.is_demo());
    let step_body = match state.step {
        Step::Identify => {
            let input = match state.method {
                Method::Phone => html! {
                    <TextField id={Field::Phone.dom_id()} label={t.phone_label}
                        hint={AttrValue::from(t.phone_hint)} kind="tel" value={state.phone.clone()}
                        inputmode={inputmode.clone()} autocomplete={AttrValue::Static("tel")}
                        maxlength={AttrValue::Static("20")} large={kiosk}
                        on_input={edit(Field::Phone)} on_blur={blur(Field::Phone)}
                        error={message(Field::Phone)} />
                },
                Method::Card => html! {
                    <TextField id={Field::Card.dom_id()} label={t.card_label}
                        hint={AttrValue::from(t.card_hint)} value={state.card.clone()}
                        inputmode={AttrValue::Static("none")} autocomplete={AttrValue::Static("off")}
                        maxlength={AttrValue::Static("20")} large=true
                        on_input={edit(Field::Card)} on_blur={blur(Field::Card)}
                        error={message(Field::Card)} />
                },
            };
            let demo = match (&demo_phone, state.method) {
                (Some(phone), Method::Phone) => {
                    let on_use = {
                        let dispatcher = state.dispatcher();
                        let send = send.clone();
                        let phone = phone.clone();
                        Callback::from(move |()| {
                            dispatcher.dispatch(LoginAction::Edit(Field::Phone, phone.clone()));
                            if let Ok(to) = normalize_mobile(&phone) {
                                send.emit(to);
                            }
                        })
                    };
                    demo_aid(&DemoAidProps {
                        title: t.demo_aid.into(),
                        text: (t.demo_account)(&group_mobile(phone)).into(),
                        use_label: t.demo_use.into(),
                        on_use,
                        busy: busy.is_some(),
                    })
                }
                _ => Html::default(),
            };
            let label = match (busy, wait) {
                (Some(_), _) => t.sending_code.to_owned(),
                (None, Some(seconds)) => (t.resend_in)(seconds),
                (None, None) => t.get_code.to_owned(),
            };
            html! {
                <>
                    { input }
                    { demo }
                    <Button submit=true busy={busy.is_some()} disabled={wait.is_some()}
                        class="wide">
                        { label }
                    </Button>
                </>
            }
        }
        Step::Code => {
            let sent_to = state.sent_to_masked().unwrap_or_default();
            let sent_line = match state.method {
                Method::Phone => (t.code_sent_to_phone)(&sent_to),
                Method::Card => (t.code_sent_for_card)(&sent_to),
            };
            let demo = state.demo_code.clone().map(|code| {
                let on_use = {
                    let dispatcher = state.dispatcher();
                    let log_in = log_in.clone();
                    Callback::from(move |()| {
                        dispatcher.dispatch(LoginAction::Edit(Field::Code, code.clone()));
                        log_in.emit(code.clone());
                    })
                };
                demo_aid(&DemoAidProps {
                    title: t.demo_aid.into(),
                    text: (t.demo_code)(state.demo_code.as_deref().unwrap_or_default()).into(),
                    use_label: t.demo_use.into(),
                    on_use,
                    busy: busy.is_some(),
                })
            });
            let on_resend = {
                let send = send.clone();
                let to = state.sent_to.clone();
                Callback::from(move |()| {
                    if let Some(to) = to.clone() {
                        send.emit(to);
                    }
                })
            };
            let on_back = {
                let dispatcher = state.dispatcher();
                Callback::from(move |()| dispatcher.dispatch(LoginAction::Back))
            };
            let resend_label = match (busy, wait) {
                (Some(Request::SendCode), _) => t.sending_code.to_owned(),
                (_, Some(seconds)) => (t.resend_in)(seconds),
                _ => t.resend.to_owned(),
            };
            let change = match state.method {
                Method::Phone => t.change_phone,
                Method::Card => t.change_card,
            };
            html! {
                <>
                    <p class="sent" role="status">
                        { sent_line }
                        <span class="valid">
                            { (t.code_valid_for)(CODE_TTL_SECONDS / 60) }
                        </span>
                    </p>
                    <TextField id={Field::Code.dom_id()} label={t.code_label}
                        value={state.code.clone()} inputmode={inputmode.clone()}
                        autocomplete={AttrValue::Static("one-time-code")}
                        maxlength={AttrValue::Static("6")} large=true
                        on_input={edit(Field::Code)} on_blur={blur(Field::Code)}
                        error={message(Field::Code)} />
                    { for demo }
                    <Button submit=true busy={busy == Some(Request::Login)}
                        disabled={busy == Some(Request::SendCode)} class="wide">
                        { if busy == Some(Request::Login) { t.logging_in } else { t.log_in } }
                    </Button>
                    <div class="more">
                        <Button variant={Variant::Secondary} icon={IconKind::Retry}
                            busy={busy == Some(Request::SendCode)}
                            disabled={wait.is_some() || busy == Some(Request::Login)}
                            onclick={on_resend}>
                            { resend_label }
                        </Button>
                        <Button variant={Variant::Secondary} onclick={on_back}
                            disabled={busy.is_some()}>
                            { change }
                        </Button>
                    </div>
                </>
            }
        }
    };

    let tabs = (kiosk && state.step == Step::Identify).then(|| {
        let tabs = vec![
            TabItem {
                id: "login-tab-card".into(),
                label: t.login_by_card.into(),
                icon: IconKind::Card,
            },
            TabItem {
                id: "login-tab-phone".into(),
                label: t.login_by_phone.into(),
                icon: IconKind::Phone,
            },
        ];
        let selected = match state.method {
            Method::Card => 0,
            Method::Phone => 1,
        };
        let on_select = {
            let dispatcher = state.dispatcher();
            Callback::from(move |i: usize| {
                let method = if i == 0 { Method::Card } else { Method::Phone };
                dispatcher.dispatch(LoginAction::Choose(method));
            })
        };
        tab_list(&TabsProps {
            label: t.login_methods.into(),
            tabs,
            selected,
            panel: "login-panel".into(),
            on_select,
        })
    });
    let panel_label = match (kiosk && state.step == Step::Identify, state.method) {
        (true, Method::Card) => Some("login-tab-card"),
        (true, Method::Phone) => Some("login-tab-phone"),
        (false, _) => None,
    };

    // The card's keyboard has ten columns: it takes the wider part of the card.
    let keyboard = kiosk && field == Field::Card;
    let keypad = kiosk.then(|| {
        let letters = field == Field::Card;
        let on_key = {
            let dispatcher = state.dispatcher();
            Callback::from(move |key| dispatcher.dispatch(LoginAction::Key(key)))
        };
        keypad(&KeypadProps {
            label: if letters {
                t.keyboard_label
            } else {
                t.keypad_label
            }
            .into(),
            controls: field.dom_id().into(),
            letters,
            backspace_label: t.key_backspace.into(),
            clear_label: t.key_clear.into(),
            on_key,
        })
    });

    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-3);
        width: 100%;
        max-width: var(--form-max);
        margin: 0 auto;
        & .intro {
            color: var(--c-muted);
        }
        & .card {
            display: grid;
            gap: var(--sp-3);
            padding: var(--sp-4) var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            box-shadow: var(--shadow);
        }
        & .body {
            display: grid;
            gap: var(--sp-4);
            grid-template-columns: repeat(auto-fit, minmax(min(18em, 100%), 1fr));
            align-items: start;
        }
        & .body.with-keyboard {
            grid-template-columns: minmax(0, 2fr) minmax(0, 3fr);
        }
        & form {
            display: grid;
            gap: var(--sp-2);
        }
        & .wide {
            width: 100%;
        }
        & .sent {
            display: grid;
            gap: 2px;
        }
        & .sent .valid {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .more {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
        }
        & .more > * {
            flex: 1 1 10em;
        }
        "#
    );
    html! {
        <div {class}>
            <h1>{ t.log_in }</h1>
            <p class="intro">{ t.login_intro }</p>
            <div class="card">
                { for tabs }
                { for alert }
                <div class={classes!("body", keyboard.then_some("with-keyboard"))} id="login-panel"
                    role={panel_label.map(|_| "tabpanel")} aria-labelledby={panel_label}>
                    <form {onsubmit} novalidate=true>
                        { step_body }
                    </form>
                    { for keypad }
                </div>
            </div>
        </div>
    }
}

//! Adding a family member (`/me/patients/new`) and editing one
//! (`/me/patients/{id}/edit`). Both need a login. After saving, the page returns to "Me",
//! or to `?next=` (the booking confirmation that sent the patient here).
//!
//! A member's phone, ID number and card decide where kiosk login codes go, so saving a new
//! member, or a change to any of them, takes a code sent to the member's phone (see
//! [`careway_core::api::account::needs_member_code`]): the form is checked first, then
//! the code is sent and asked for, and only then is the member saved. The form stays
//! mounted (hidden) meanwhile, so going back to it loses nothing typed.

use std::rc::Rc;

use careway_core::api::account::{
    CodeSent, MemberCodeRequest, Patient, PatientInput, MAX_PATIENTS,
};
use careway_core::locale::Lang;
use careway_core::problem::ProblemKind;
use web_sys::AbortSignal;
use yew::prelude::*;

use crate::app::router::{use_location, use_navigator};

use crate::account::parts::demo_aid::{demo_aid, DemoAidProps};
use crate::account::parts::patient_editor::{PatientEditor, Rejection};
use crate::account::state::patient_form::PatientForm;
use crate::api::{self, ApiError};
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{open_next, LoginQuery, Route};
use crate::hooks::{use_effect_on, use_mutation, use_session_fetch, FetchState};
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::error_notice::ErrorNotice;
use crate::ui::field::TextField;
use crate::ui::field_message::FieldMessage;
use crate::ui::focus::focus_id;
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::progress::skeleton;
use careway_core::api::account::relation_choices;

/// The properties of [`PatientEditPage`].
#[derive(Properties, PartialEq)]
pub struct PatientEditPageProps {
    /// The member to edit; `None` to add one.
    #[prop_or_default]
    pub id: Option<String>,
}

/// The page: heading, a way back, and the form, for a logged-in account only.
#[component]
pub fn PatientEditPage(props: &PatientEditPageProps) -> Html {
    let t = use_locale().t();
    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & .back {
            justify-self: start;
        }
        & .back svg {
            transform: rotate(180deg);
        }
        "#
    );
    let title = if props.id.is_some() {
        t.edit_member
    } else {
        t.add_member
    };
    html! {
        <div {class}>
            <NavLink to={Route::Me} class={classes!(button_style(Variant::Secondary), "back")}>
                { icon(IconKind::Chevron) }{ t.back_to_me }
            </NavLink>
            <h1>{ title }</h1>
            <RequireLogin>
                <MemberForm id={props.id.clone()} />
            </RequireLogin>
        </div>
    }
}

/// The properties of [`MemberForm`].
#[derive(Properties, PartialEq)]
struct MemberFormProps {
    /// The member to edit; `None` to add one.
    id: Option<String>,
}

/// Adds a member, or with `id` changes that member's details.
async fn save_member(
    id: Option<String>,
    input: PatientInput,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<Patient, ApiError> {
    let signal = signal.as_ref();
    match id {
        Some(id) => api::patients::update(&id, &input, lang, signal).await,
        None => api::patients::create(&input, lang, signal).await,
    }
}

/// Loads the member to edit (if any), shows the form, and saves: refusals go next to the
/// fields (or above the form when they belong to none); on success, back to "Me".
#[component]
fn MemberForm(props: &MemberFormProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let navigator = use_navigator();
    let next = use_location().and_then(|l| LoginQuery::parse(l.query_str()).next);
    let t = locale.t();
    let lang = locale.lang();
    // The member to edit (if any) and the whole list, which decides the relations offered.
    let member = {
        let id = props.id.clone();
        use_session_fetch(move |lang, signal| async move {
            let editing = match id {
                Some(id) => Some(api::patients::get(&id, lang, signal.as_ref()).await?),
                None => None,
            };
            let members = api::patients::list(lang, signal.as_ref()).await?;
            Ok((editing, members))
        })
    };
    let save = {
        let id = props.id.clone();
        use_mutation(move |input, _key, lang, signal| save_member(id.clone(), input, lang, signal))
    };
    // The checked form waiting for its phone's code, and the code being typed.
    let pending = use_state(|| None::<Rc<PatientInput>>);
    let code = use_state(String::new);
    let send_code = use_mutation(
        move |request: MemberCodeRequest, _key, lang, signal| async move {
            api::patients::send_code(&request, lang, signal.as_ref()).await
        },
    );
    // Which save a refusal answers, so the same refusal twice still moves the focus.
    let attempt = use_mut_ref(|| 0u32);
    {
        // Saved: back to where the patient came from (a booking), else "Me".
        let navigator = navigator.clone();
        use_effect_on(save.done().is_some(), move |&saved| {
            if let (true, Some(navigator)) = (saved, navigator) {
                open_next(&navigator, next.as_deref(), false);
            }
        });
    }

    let editing = match &*member {
        FetchState::Loading => {
            return html! {
                <div aria-busy="true">
                    <span class="visually-hidden" role="status">{ t.loading }</span>
                    { skeleton("100%", "20em") }
                </div>
            }
        }
        FetchState::Failed(error) if error.status() == Some(404) => {
            return html! {
                <ErrorNotice title={t.member_not_found} message={error.message(lang)}
                    retry_label={t.retry} />
            }
        }
        FetchState::Failed(error) => {
            return html! {
                <ErrorNotice title={t.family_failed} message={error.message(lang)}
                    retry_label={t.retry} on_retry={member.retry_callback()}
                    phone={meta.phone()} phone_label={t.call_hospital} />
            }
        }
        FetchState::Ready(loaded) => loaded.as_ref().clone(),
    };
    let (editing, members) = editing;
    let relations = Rc::new(relation_choices(&members, props.id.as_deref()));

    let today = meta.today();
    let initial = Rc::new(match &editing {
        Some(patient) => PatientForm::editing(patient, today),
        None => PatientForm::new(today),
    });
    let on_save = {
        let (run, attempt) = (save.run_callback(), attempt.clone());
        let (send, pending, code) = (send_code.clone(), pending.clone(), code.clone());
        let editing_id = props.id.clone();
        Callback::from(move |input: PatientInput| {
            // Editing only what no kiosk login follows: saved at once.
            let changes_identity =
                input.phone.is_some() || input.id_number.is_some() || input.medical_card.is_some();
            if editing_id.is_some() && !changes_identity {
                *attempt.borrow_mut() += 1;
                run.emit(input);
                return;
            }
            let request = MemberCodeRequest {
                patient_id: input.phone.is_none().then(|| editing_id.clone()).flatten(),
                phone: input.phone.clone(),
            };
            code.set(String::new());
            pending.set(Some(Rc::new(input)));
            send.run(request);
        })
    };
    // A refusal of the code goes next to the code; other refused fields next to theirs.
    let code_refusal = save
        .error()
        .and_then(|error| error.problem())
        .and_then(|problem| problem.errors.iter().find(|e| e.field == "phone_code"))
        .map(FieldMessage::from_error);
    let refused = save
        .error()
        .and_then(|error| error.problem())
        .filter(|problem| !problem.errors.is_empty())
        .filter(|_| code_refusal.is_none());
    let rejection = refused.map(|problem| Rejection {
        attempt: *attempt.borrow(),
        errors: Rc::new(problem.errors.clone()),
    });
    let failure = save.error().filter(|_| refused.is_none());
    // Still busy once saved, until the next page replaces this one.
    let busy = save.busy() || save.done().is_some();

    let failure_notice = failure.map(|error| {
        // The one conflict when adding: the account already has the most members.
        let message = if error.kind() == Some(ProblemKind::Conflict) {
            (t.member_limit)(MAX_PATIENTS)
        } else {
            error.message(lang)
        };
        html! {
            <ErrorNotice title={t.save_failed} {message} retry_label={t.retry}
                phone={meta.phone()} phone_label={t.call_hospital} />
        }
    });
    // The code step: shown once a code was sent for the pending save.
    let sent: Option<Rc<CodeSent>> = send_code.done().cloned();
    let step = match (&*pending, &sent) {
        (Some(input), Some(sent)) if refused.is_none() => {
            let masked = input
                .phone
                .as_deref()
                .map(careway_core::identity::mask_mobile)
                .or_else(|| editing.as_ref().map(|p| p.phone_masked.clone()))
                .unwrap_or_default();
            let on_confirm = {
                let (run, attempt, input, code) = (
                    save.run_callback(),
                    attempt.clone(),
                    input.clone(),
                    code.clone(),
                );
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let mut body = (*input).clone();
                    body.phone_code = Some((*code).trim().to_owned());
                    *attempt.borrow_mut() += 1;
                    run.emit(body);
                })
            };
            let on_back = {
                let (pending, send, save) = (pending.clone(), send_code.clone(), save.clone());
                Callback::from(move |()| {
                    pending.set(None);
                    send.reset();
                    save.reset();
                })
            };
            let on_resend = {
                let (send, input) = (send_code.clone(), input.clone());
                let editing_id = props.id.clone();
                Callback::from(move |()| {
                    send.run(MemberCodeRequest {
                        patient_id: input.phone.is_none().then(|| editing_id.clone()).flatten(),
                        phone: input.phone.clone(),
                    })
                })
            };
            let on_code = {
                let code = code.clone();
                Callback::from(move |value: String| code.set(value))
            };
            let demo = sent.demo_code.clone().map(|demo_code| {
                let on_use = {
                    let code = code.clone();
                    let demo_code = demo_code.clone();
                    Callback::from(move |()| code.set(demo_code.clone()))
                };
                demo_aid(&DemoAidProps {
                    title: t.demo_aid.into(),
                    text: (t.demo_code)(&demo_code).into(),
                    use_label: t.demo_use.into(),
                    on_use,
                    busy: false,
                })
            });
            let error = code_refusal
                .as_ref()
                .map(|m| AttrValue::from(m.text(lang).to_owned()));
            Some(html! {
                <PhoneCodeStep title={t.confirm_phone_title}
                    why={(t.confirm_phone_why)(&masked)} code={(*code).clone()}
                    code_label={t.code_label} {error} {busy} {on_code} {on_confirm}
                    confirm_label={if busy { t.saving } else { t.confirm_save }}
                    back_label={t.back_to_edit} {on_back}
                    resend_label={t.resend} {on_resend} resending={send_code.busy()}>
                    { for demo }
                </PhoneCodeStep>
            })
        }
        _ => None,
    };
    // Sending the code failed (a quota, the network): said above the form, which stays.
    let send_failure = send_code.error().map(|error| {
        html! {
            <ErrorNotice title={t.save_failed} message={error.message(lang)} retry_label={t.retry}
                phone={meta.phone()} phone_label={t.call_hospital} />
        }
    });
    let in_step = step.is_some();
    let busy = busy || send_code.busy();
    html! {
        <>
            { for failure_notice.filter(|_| !in_step) }
            { for send_failure }
            { for step }
            <div hidden={in_step}>
                <PatientEditor {initial} {relations} {lang} {busy} {rejection} {on_save} />
            </div>
        </>
    }
}

/// The properties of [`PhoneCodeStep`].
#[derive(Properties, PartialEq)]
struct PhoneCodeStepProps {
    title: AttrValue,
    why: AttrValue,
    code: AttrValue,
    code_label: AttrValue,
    #[prop_or_default]
    error: Option<AttrValue>,
    busy: bool,
    on_code: Callback<String>,
    on_confirm: Callback<SubmitEvent>,
    confirm_label: AttrValue,
    back_label: AttrValue,
    on_back: Callback<()>,
    resend_label: AttrValue,
    on_resend: Callback<()>,
    resending: bool,
    #[prop_or_default]
    children: Html,
}

/// Asks for the code sent to the member's phone: where it went and why, the code field
/// (focused when the step opens), the save, a new code, and the way back to the form.
#[component]
fn PhoneCodeStep(props: &PhoneCodeStepProps) -> Html {
    use_effect_on((), |_| focus_id("patient-phone-code"));
    {
        // A refused code takes the focus back to the field.
        use_effect_on(props.error.clone(), |error| {
            if error.is_some() {
                focus_id("patient-phone-code");
            }
        });
    }
    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-3);
        padding: var(--sp-4);
        border: 1px solid var(--c-border);
        border-radius: var(--radius);
        background: var(--c-surface);
        & h2 {
            margin: 0;
        }
        & p {
            margin: 0;
        }
        & .actions {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
        }
        & .actions > * {
            flex: 1 1 12em;
        }
        "#
    );
    html! {
        <form {class} onsubmit={props.on_confirm.clone()} novalidate=true
            aria-labelledby="phone-code-title">
            <h2 id="phone-code-title">{ props.title.clone() }</h2>
            <p>{ props.why.clone() }</p>
            <TextField id="patient-phone-code" label={props.code_label.clone()}
                value={props.code.clone()} on_input={props.on_code.clone()}
                on_blur={Callback::noop()} kind="text"
                inputmode={AttrValue::Static("numeric")}
                autocomplete={AttrValue::Static("one-time-code")}
                maxlength={AttrValue::Static("6")} error={props.error.clone()} large=true />
            { props.children.clone() }
            <div class="actions">
                <Button submit=true busy={props.busy}>{ props.confirm_label.clone() }</Button>
                <Button variant={Variant::Secondary} onclick={props.on_resend.clone()}
                    busy={props.resending}>
                    { props.resend_label.clone() }
                </Button>
                <Button variant={Variant::Secondary} onclick={props.on_back.clone()}>
                    { props.back_label.clone() }
                </Button>
            </div>
        </form>
    }
}

//! Adding a family member (`/me/patients/new`) and editing one
//! (`/me/patients/{id}/edit`). Both need a login. After saving, the page returns to "Me",
//! or to `?next=` (the booking confirmation that sent the patient here).

use std::rc::Rc;

use careway_core::api::account::{Patient, PatientInput, MAX_PATIENTS};
use careway_core::locale::Lang;
use careway_core::problem::ProblemKind;
use stylist::css;
use web_sys::AbortSignal;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::account::parts::patient_editor::{PatientEditor, Rejection};
use crate::account::state::patient_form::PatientForm;
use crate::api::{self, ApiError};
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{open_next, LoginQuery, Route};
use crate::hooks::{use_mutation, use_session_fetch, FetchState};
use crate::ui::button::{button_style, Variant};
use crate::ui::error_notice::ErrorNotice;
use crate::ui::icon::{Icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::progress::Skeleton;
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
    let class = css!(
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
                <Icon kind={IconKind::Chevron} />{ t.back_to_me }
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
    let next = use_location()
        .and_then(|l| l.query::<LoginQuery>().ok())
        .and_then(|q| q.next);
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
    // Which save a refusal answers, so the same refusal twice still moves the focus.
    let attempt = use_mut_ref(|| 0u32);
    {
        // Saved: back to where the patient came from (a booking), else "Me".
        let navigator = navigator.clone();
        use_effect_with(save.done().is_some(), move |&saved| {
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
                    <Skeleton height="20em" />
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
        Callback::from(move |input: PatientInput| {
            *attempt.borrow_mut() += 1;
            run.emit(input);
        })
    };
    // Refused fields go next to the fields; any other failure above the form.
    let refused = save
        .error()
        .and_then(|error| error.problem())
        .filter(|problem| !problem.errors.is_empty());
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
    html! {
        <>
            { for failure_notice }
            <PatientEditor {initial} {relations} {lang} {busy} {rejection} {on_save} />
        </>
    }
}

//! The patient's own page (`/me`): the account and its family members ("就诊人") when
//! logged in, an invitation to log in when not, and the display and language settings
//! either way.

use std::rc::Rc;

use careway_core::api::account::{Patient, MAX_PATIENTS};
use careway_core::locale::Lang;
use web_sys::AbortSignal;
use yew::prelude::*;

use crate::account::parts::patient_card::PatientCard;
use crate::api::{self, ApiError};
use crate::app::contexts::display::use_display;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::contexts::session::{use_session, SessionStatus};
use crate::app::route::Route;
use crate::app::start_over::use_start_over;
use crate::hooks::{use_effect_on, use_mutation, use_session_fetch, FetchState, MutationState};
use crate::i18n::texts;
use crate::ui::button::{button_style, Button, Variant};
use crate::ui::dialog::ConfirmDialog;
use crate::ui::error_notice::ErrorNotice;
use crate::ui::focus::focus_id;
use crate::ui::icon::{icon, IconKind};
use crate::ui::language::{language_picker, LanguageProps};
use crate::ui::live_region::{live_region, LiveRegionProps};
use crate::ui::nav_link::NavLink;
use crate::ui::patient::age;
use crate::ui::progress::skeleton;
use crate::ui::toggle::{toggle, ToggleProps};

/// The page: heading, account (by session state), settings.
#[component]
pub fn MePage() -> Html {
    let locale = use_locale();
    let display = use_display();
    let session = use_session();
    let meta = use_meta();
    let start_over = use_start_over();
    let t = locale.t();
    let lang = locale.lang();

    let on_lang = {
        let locale = locale.clone();
        Callback::from(move |lang| locale.set(lang))
    };
    let on_elder = {
        let display = display.clone();
        Callback::from(move |on| display.set_elder(on))
    };
    let on_logout = {
        let session = session.clone();
        let kiosk = display.kiosk;
        Callback::from(move |()| {
            if kiosk {
                // On a kiosk, logging out is the end of the visit: start over for the next.
                start_over.emit(());
            } else {
                session.clear();
                focus_id("main");
            }
        })
    };

    let class = crate::style!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & > section {
            display: grid;
            gap: var(--sp-3);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            box-shadow: var(--shadow);
        }
        & fieldset {
            display: grid;
            gap: var(--sp-2);
            margin: 0;
            padding: 0;
            border: 0;
            min-width: 0;
        }
        & legend {
            padding: 0;
            margin-bottom: var(--sp-2);
            font-weight: 600;
        }
        & .invite {
            justify-items: start;
        }
        & .invite p {
            color: var(--c-muted);
        }
        & .account {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            justify-content: space-between;
            gap: var(--sp-2) var(--sp-3);
        }
        & .account .phone {
            font-size: var(--fs-title);
            font-weight: 700;
            font-variant-numeric: tabular-nums;
        }
        & .account .label {
            display: block;
            font-size: var(--fs-small);
            color: var(--c-muted);
        }
        & .note {
            display: flex;
            align-items: flex-start;
            gap: var(--sp-2);
            padding: var(--sp-2) var(--sp-3);
            border-radius: var(--radius-s);
            background: var(--c-notice-soft);
            color: var(--c-notice);
            font-size: var(--fs-small);
        }
        & .note svg {
            margin-top: 0.25em;
        }
        "#
    );

    let account = match &session.status {
        SessionStatus::Checking => html! {
            <section aria-labelledby="account-heading" aria-busy="true">
                <h2 id="account-heading">{ t.account_heading }</h2>
                <span class="visually-hidden" role="status">{ t.session_checking }</span>
                { skeleton("12em", "1.4em") }
                { skeleton("100%", "6em") }
            </section>
        },
        SessionStatus::Unreachable(error) => {
            let retry = {
                let session = session.clone();
                Callback::from(move |()| session.refresh())
            };
            html! {
                <ErrorNotice
                    title={t.session_unknown}
                    message={error.message(lang)}
                    retry_label={t.retry}
                    on_retry={retry}
                    phone={meta.phone()}
                    phone_label={t.call_hospital}
                />
            }
        }
        SessionStatus::SignedOut => html! {
            <section class="invite" aria-labelledby="account-heading">
                <h2 id="account-heading">{ t.me_logged_out_title }</h2>
                <p>{ t.me_logged_out_body }</p>
                <NavLink to={Route::Login} next={Route::Me.to_path()}
                    class={button_style(Variant::Primary)}>
                    { icon(IconKind::User) }{ t.log_in }
                </NavLink>
            </section>
        },
        SessionStatus::SignedIn(info) => html! {
            <>
                <section aria-labelledby="account-heading">
                    <h2 id="account-heading">{ t.account_heading }</h2>
                    <div class="account">
                        <p>
                            <span class="label">{ t.account_phone }</span>
                            <span class="phone">{ &info.account.phone_masked }</span>
                        </p>
                        <Button variant={Variant::Secondary} icon={IconKind::LogOut}
                            onclick={on_logout}>
                            { t.log_out }
                        </Button>
                    </div>
                    if info.kiosk {
                        <p class="note">
                            { icon(IconKind::Info) }
                            { (t.kiosk_session_note)(info.idle_timeout_seconds) }
                        </p>
                    }
                </section>
                <Family kiosk={info.kiosk} />
            </>
        },
    };

    html! {
        <div {class}>
            <h1>{ t.me_title }</h1>
            { account }
            <section aria-labelledby="settings-heading">
                <h2 id="settings-heading">{ t.settings_heading }</h2>
                <fieldset>
                    <legend>{ t.language_label }</legend>
                    { language_picker(&LanguageProps { current: lang, on_change: on_lang }) }
                </fieldset>
                { toggle(&ToggleProps {
                    id: "elder-mode".into(),
                    label: t.elder_mode_label.into(),
                    hint: Some(t.elder_mode_hint.into()),
                    checked: display.elder,
                    on_text: t.on.into(),
                    off_text: t.off.into(),
                    on_change: on_elder,
                }) }
            </section>
        </div>
    }
}

/// An action on a member that is running or was asked for.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    /// Asking whether to remove this member.
    Remove(Rc<Patient>),
    /// Removing this member.
    Removing(Rc<Patient>),
    /// Making this member the default.
    Default(String),
}

/// A change to the family list the patient asked for.
#[derive(Clone, Debug, PartialEq)]
enum Change {
    /// Make this member the one chosen by default when booking.
    MakeDefault(Rc<Patient>),
    /// Remove this member.
    Remove(Rc<Patient>),
}

/// Sends a change; the answer is the words that announce it.
async fn send_change(
    change: Change,
    _key: String,
    lang: Lang,
    signal: Option<AbortSignal>,
) -> Result<String, ApiError> {
    let (t, signal) = (texts(lang), signal.as_ref());
    match change {
        Change::MakeDefault(patient) => api::patients::set_default(&patient.id, lang, signal)
            .await
            .map(|_| (t.made_default)(&patient.name)),
        Change::Remove(patient) => api::patients::remove(&patient.id, lang, signal)
            .await
            .map(|()| (t.removed)(&patient.name)),
    }
}

/// The properties of [`Family`].
#[derive(Properties, PartialEq)]
struct FamilyProps {
    /// A kiosk session: the family is shown, not changed (the server refuses changes
    /// from a kiosk too).
    kiosk: bool,
}

/// The family members: the list with its actions, the removal dialog, the add button.
#[component]
fn Family(props: &FamilyProps) -> Html {
    let kiosk = props.kiosk;
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let list = use_session_fetch(|lang, signal| async move {
        api::patients::list(lang, signal.as_ref()).await
    });
    let pending = use_state_eq(|| None::<Pending>);
    let change = use_mutation(send_change);
    {
        // Either way, the list as the server has it now, and the focus back on it.
        let (pending, list) = (pending.clone(), list.clone());
        use_effect_on((*change).clone(), move |state| {
            if matches!(state, MutationState::Done(_) | MutationState::Failed(_)) {
                pending.set(None);
                list.reload();
                focus_id("family-heading");
            }
        });
    }
    // Already gone (removed on another device) is no failure: the fresh list says so.
    let failure = change.error().filter(|error| error.status() != Some(404));
    let announcement = change
        .done()
        .map(|message| AttrValue::from((**message).clone()));

    let on_default = {
        let (pending, run) = (pending.clone(), change.run_callback());
        Callback::from(move |patient: Rc<Patient>| {
            if pending.is_none() {
                pending.set(Some(Pending::Default(patient.id.clone())));
                run.emit(Change::MakeDefault(patient));
            }
        })
    };
    let on_remove = {
        let pending = pending.clone();
        Callback::from(move |patient: Rc<Patient>| {
            if pending.is_none() {
                pending.set(Some(Pending::Remove(patient)));
            }
        })
    };
    let on_cancel = {
        let pending = pending.clone();
        Callback::from(move |()| {
            if matches!(*pending, Some(Pending::Remove(_))) {
                pending.set(None);
            }
        })
    };
    let on_confirm = {
        let (pending, run) = (pending.clone(), change.run_callback());
        Callback::from(move |()| {
            if let Some(Pending::Remove(patient)) = (*pending).clone() {
                pending.set(Some(Pending::Removing(patient.clone())));
                run.emit(Change::Remove(patient));
            }
        })
    };

    let class = crate::style!(
        r#"
        & .head {
            display: flex;
            flex-wrap: wrap;
            align-items: baseline;
            justify-content: space-between;
            gap: var(--sp-1) var(--sp-3);
        }
        & .head h2:focus {
            outline: none;
        }
        & .count {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & ul {
            display: grid;
            grid-template-columns: repeat(auto-fill, minmax(min(22em, 100%), 1fr));
            gap: var(--sp-3);
            margin: 0;
            padding: 0;
            list-style: none;
        }
        & .empty {
            color: var(--c-muted);
        }
        & .add {
            display: grid;
            justify-items: start;
            gap: var(--sp-2);
        }
        & .add .limit {
            color: var(--c-muted);
            font-size: var(--fs-small);
        }
        & .kiosk-note {
            display: flex;
            align-items: center;
            gap: var(--sp-2);
            margin: var(--sp-3) 0 0;
            color: var(--c-muted);
        }
        "#
    );

    let today = meta.today();
    let body = match &*list {
        FetchState::Loading => html! {
            <div aria-busy="true">
                <span class="visually-hidden" role="status">{ t.loading }</span>
                { skeleton("100%", "9em") }
            </div>
        },
        FetchState::Failed(error) => html! {
            <ErrorNotice
                title={t.family_failed}
                message={error.message(lang)}
                retry_label={t.retry}
                on_retry={list.retry_callback()}
                phone={meta.phone()}
                phone_label={t.call_hospital}
            />
        },
        FetchState::Ready(patients) => {
            let full = patients.len() >= MAX_PATIENTS;
            html! {
                <>
                    if patients.is_empty() {
                        <p class="empty">{ t.family_empty }</p>
                    } else {
                        <ul>
                            { for patients.iter().map(|patient| {
                                let patient = Rc::new(patient.clone());
                                let busy = matches!(&*pending,
                                    Some(Pending::Default(id)) if *id == patient.id);
                                let on_default = {
                                    let patient = patient.clone();
                                    on_default.reform(move |()| patient.clone())
                                };
                                let on_remove = {
                                    let patient = patient.clone();
                                    on_remove.reform(move |()| patient.clone())
                                };
                                html! {
                                    <li key={patient.id.clone()}>
                                        <PatientCard patient={(*patient).clone()}
                                            age={age(&patient.birth_date, today)}
                                            {lang} {busy} {on_default} {on_remove}
                                            read_only={kiosk} />
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                    if kiosk {
                        <p class="kiosk-note">
                            { icon(IconKind::Info) }{ t.family_on_phone_only }
                        </p>
                    } else {
                    <div class="add">
                        if full {
                            <Button icon={IconKind::Plus} disabled=true
                                describedby={AttrValue::Static("member-limit")}>
                                { t.add_member }
                            </Button>
                            <p class="limit" id="member-limit">{ (t.member_limit)(MAX_PATIENTS) }</p>
                        } else {
                            <NavLink to={Route::PatientNew} class={button_style(Variant::Primary)}>
                                { icon(IconKind::Plus) }{ t.add_member }
                            </NavLink>
                        }
                    </div>
                    }
                </>
            }
        }
    };

    let dialog = match &*pending {
        Some(Pending::Remove(patient) | Pending::Removing(patient)) => html! {
            <ConfirmDialog
                title={t.remove_title}
                message={(t.remove_question)(&patient.name)}
                confirm_label={t.remove}
                cancel_label={t.cancel}
                busy={matches!(*pending, Some(Pending::Removing(_)))}
                on_confirm={on_confirm}
                on_cancel={on_cancel}
            />
        },
        _ => Html::default(),
    };

    let count = list
        .data()
        .map(|patients| (t.family_count)(patients.len(), MAX_PATIENTS));
    html! {
        <section {class} aria-labelledby="family-heading">
            <div class="head">
                <h2 id="family-heading" tabindex="-1">{ t.family_heading }</h2>
                if let Some(count) = count {
                    <span class="count">{ count }</span>
                }
            </div>
            if let Some(error) = failure {
                <ErrorNotice
                    title={t.action_failed}
                    message={error.message(lang)}
                    retry_label={t.retry}
                    phone={meta.phone()}
                    phone_label={t.call_hospital}
                />
            }
            { body }
            { dialog }
            { live_region(&LiveRegionProps { message: announcement.unwrap_or_default() }) }
        </section>
    }
}

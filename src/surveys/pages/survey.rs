//! One survey (`/surveys/{id}`): fetched, then filled in with the questionnaire renderer
//! and sent; or, once answered, the thanks and the hospital's follow-up of a complaint the
//! answers opened; or, past its due date, a plain "closed" with the way back to the inbox.
//!
//! Sending when the network is down keeps the answers (the draft on the device, and the
//! request itself) and sends them again as soon as the browser says it is back online,
//! with the same idempotency key, so a submission that did get through is not made twice.

use careway_core::api::surveys::{ComplaintStatus, FollowUp, Survey, SurveyStatus};
use careway_core::questionnaire::Response;
use gloo::events::EventListener;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use crate::api::{self, ApiError};
use crate::app::contexts::display::use_display;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::Route;
use crate::hooks::{use_mutation, use_session_fetch, FetchState};
use crate::i18n::Texts;
use crate::surveys::draft;
use crate::surveys::parts::form::{Submission, SurveyForm};
use crate::surveys::parts::style::surveys_style;
use crate::ui::icon::{icon, IconKind};
use crate::ui::status::{back_link, loading, notice};

/// The properties of [`Screen`].
#[derive(Properties, PartialEq)]
pub struct ScreenProps {
    /// The survey's id.
    pub id: AttrValue,
}

/// The page of survey `id`: drawn by the journey's page function, not a component of its
/// own (one component less to carry), keyed by the survey so another one starts afresh.
pub fn survey_page(id: String) -> Html {
    let key = id.clone();
    html! {
        <div {key} class={surveys_style()}>
            <RequireLogin><Screen id={AttrValue::from(id)} /></RequireLogin>
        </div>
    }
}

/// The survey, once logged in.
#[component]
fn Screen(props: &ScreenProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let display = use_display();
    let (t, lang) = (locale.t(), locale.lang());
    let survey = {
        let id = props.id.clone();
        use_session_fetch(move |lang, signal| async move {
            api::surveys::get(&id, lang, signal.as_ref()).await
        })
    };
    let send = use_mutation(
        |(id, response): (AttrValue, Response), key, lang, signal| async move {
            api::surveys::submit(&id, &response, &key, lang, signal.as_ref()).await
        },
    );
    // What was last sent, to send again when the network returns.
    let last = use_mut_ref(|| None::<Response>);
    let on_send = {
        let (id, send, last) = (props.id.clone(), send.clone(), last.clone());
        Callback::from(move |response: Response| {
            *last.borrow_mut() = Some(response.clone());
            send.run((id.clone(), response));
        })
    };
    let offline = matches!(send.error(), Some(ApiError::Network));
    {
        let (id, send, last) = (props.id.clone(), send.clone(), last.clone());
        use_effect_on(offline, move |offline| {
            let listener = match (*offline, crate::platform::window()) {
                (true, Some(window)) => Some(EventListener::new(&window, "online", move |_| {
                    if let Some(response) = last.borrow().clone() {
                        send.run((id.clone(), response));
                    }
                })),
                _ => None,
            };
            move || drop(listener)
        });
    }
    // Sent, or no longer open: the draft has done its work.
    {
        let id = props.id.clone();
        let sent = send.done().is_some();
        let closed = survey
            .data()
            .is_some_and(|s| s.status != SurveyStatus::Open);
        use_effect_on((sent, closed), move |&(sent, closed)| {
            if sent || closed {
                draft::clear(&id);
            }
            if sent {
                crate::ui::focus::focus_id("survey-thanks");
            }
        });
    }
    // Refused as already answered or closed: read the survey again, which then shows
    // where it stands.
    {
        let survey = survey.clone();
        let conflict = send.error().is_some_and(|e| e.status() == Some(409));
        use_effect_on(conflict, move |conflict| {
            if *conflict {
                survey.reload();
            }
        });
    }
    let form = {
        let data = match &*survey {
            FetchState::Ready(data) => Some(data.clone()),
            _ => None,
        };
        use_memo(data, |data| data.as_ref().map(|d| d.form.clone()))
    };

    let back = back_link(Route::Inbox, t.inbox_title);
    let survey_data = match &*survey {
        FetchState::Loading => {
            return html! { <>{ back }<h1>{ t.survey_title }</h1>{ loading(t) }</> };
        }
        FetchState::Failed(error) => {
            return html! {
                <>
                    { back }
                    <h1>{ t.survey_title }</h1>
                    { notice(t.survey_failed, error.message(lang), Some(survey.retry_callback()), meta.phone(), t) }
                </>
            };
        }
        FetchState::Ready(data) => data.clone(),
    };
    let title = (*form)
        .as_ref()
        .and_then(|f| f.title_in(lang.tag()))
        .unwrap_or(t.survey_title)
        .to_owned();
    let head = html! {
        <>
            { back }
            <h1>{ title }</h1>
            <p class="muted">{ (t.survey_about)(&survey_data.patient_name, survey_data.visit.get(lang)) }</p>
        </>
    };
    if let Some(done) = send.done() {
        return html! { <>{ head }{ outcome(done, t) }</> };
    }
    let body = match survey_data.status {
        SurveyStatus::Submitted => outcome(&survey_data, t),
        SurveyStatus::Expired => html! {
            <div class="card-box" role="note">
                <h2>{ t.survey_expired_title }</h2>
                <p>{ (t.survey_expired)(&survey_data.due) }</p>
                { back_link(Route::Inbox, t.inbox_title) }
            </div>
        },
        SurveyStatus::Open => match (*form).clone() {
            Some(form) => html! {
                <>
                    <p class="muted">{ (t.survey_due)(&survey_data.due) }</p>
                    <SurveyForm {form} on_send={on_send}
                        draft={(!display.kiosk).then(|| props.id.clone())}
                        submission={Submission::of(&send, lang)} />
                </>
            },
            None => Html::default(),
        },
    };
    html! { <>{ head }{ body }</> }
}

/// The thanks, and the follow-up of a complaint the answers opened.
fn outcome(survey: &Survey, t: &'static Texts) -> Html {
    html! {
        <section class="outcome" aria-labelledby="survey-thanks">
            <div class="card-box" role="status">
                <h2 id="survey-thanks" tabindex="-1">{ icon(IconKind::Check) }{ t.survey_thanks_title }</h2>
                <p>{ t.survey_thanks }</p>
                if let Some(at) = &survey.submitted_at {
                    <p class="muted">{ (t.survey_submitted_at)(at.get(..10).unwrap_or(at)) }</p>
                }
            </div>
            if let Some(follow_up) = &survey.follow_up {
                { follow_up_view(follow_up, t) }
            }
            { back_link(Route::Inbox, t.inbox_title) }
        </section>
    }
}

/// "We are following up", where the complaint stands, and what was done once resolved.
fn follow_up_view(follow_up: &FollowUp, t: &'static Texts) -> Html {
    let status = match follow_up.status {
        ComplaintStatus::Open => t.follow_up_open,
        ComplaintStatus::InProgress => t.follow_up_in_progress,
        ComplaintStatus::Resolved => t.follow_up_resolved,
    };
    html! {
        <div class="card-box follow-up">
            <h2>{ t.survey_follow_up }</h2>
            <p class="badge">{ status }</p>
            if follow_up.status == ComplaintStatus::Resolved {
                if let Some(resolution) = &follow_up.resolution {
                    <h3>{ t.follow_up_resolution }</h3>
                    <p class="prose">{ resolution }</p>
                }
            }
        </div>
    }
}

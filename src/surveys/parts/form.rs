//! The questionnaire renderer: any FHIR R4 Questionnaire the engine parses, drawn as a form
//! the patient fills in and then looks over before sending.
//!
//! [`SurveyForm`] owns the survey's state ([`crate::surveys::state`]) and the draft on the
//! device ([`crate::surveys::draft`]); the page hands it the parsed form, where the send
//! stands ([`Submission`]) and what to do with the answers ([`SurveyFormProps::on_send`]).
//! Top-level groups are sections with headings, nested groups fieldsets; each item type
//! has one control ([`super::controls`]); only enabled, not hidden items are drawn, so
//! enableWhen works live as the patient answers.

use careway_core::collections::{Map, Set};
use std::rc::Rc;

use careway_core::locale::Lang;
use careway_core::questionnaire::{Answers, Form, Item, ItemType, Response};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use super::controls::{control, ControlCtx};
use crate::app::contexts::locale::use_locale;
use crate::i18n::Texts;
use crate::surveys::draft;
pub use crate::surveys::state::Submission;
use crate::surveys::state::{
    can_add, can_remove, instance_count, is_shown, label, level_of, shown_items, unusable, Action,
    Failure, Level, Problem, Step, SurveyState,
};
use crate::ui::button::{Button, Variant};
use crate::ui::icon::{icon, IconKind};

/// The properties of [`SurveyForm`].
#[derive(Properties, PartialEq)]
pub struct SurveyFormProps {
    /// The questionnaire.
    pub form: Rc<Form>,
    /// The survey's id, under which a draft is kept on the device; `None` keeps none
    /// (a kiosk, shared by strangers).
    #[prop_or_default]
    pub draft: Option<AttrValue>,
    /// Where sending stands.
    #[prop_or_default]
    pub submission: Submission,
    /// Sends the completed answers (the review step's submit, and its retry).
    #[prop_or_default]
    pub on_send: Callback<Response>,
}

/// A questionnaire being filled in: the questions with progress and inline checks, then
/// the review of every answer with "change" links and the submit button. A form the
/// engine cannot run (an enableWhen loop) says so instead.
#[component]
pub fn SurveyForm(props: &SurveyFormProps) -> Html {
    let locale = use_locale();
    let (t, lang) = (locale.t(), locale.lang());
    let broken = use_memo(props.form.clone(), |form| unusable(form).is_some());
    let state = {
        let (form, key) = (props.form.clone(), props.draft.clone());
        use_reducer(move || {
            let mut state = SurveyState::new(form);
            // A draft of another questionnaire (or version of it) is not put back.
            let kept = key
                .as_deref()
                .and_then(draft::load)
                .filter(|kept| kept.questionnaire == state.form.url);
            if let Some(kept) = kept {
                state.response = kept;
                state.restored = true;
            }
            state
        })
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };

    // The draft follows every change the patient makes (counted, so no copy of the
    // answers is kept to compare against); answers nobody changed are not a draft.
    {
        let key = props.draft.clone();
        let state = state.clone();
        use_effect_on(state.edits, move |edits| {
            if let Some(key) = key {
                if *edits > 0 && state.step != Step::Sent {
                    draft::save(&key, &state.draft());
                }
            }
        });
    }

    // The page's news about the send.
    {
        let dispatch = dispatch.clone();
        use_effect_on(props.submission.clone(), move |submission| {
            if let Some(action) = submission.action() {
                dispatch.emit(action);
            }
        });
    }

    // The focus goes where the state asks: the first problem, the item to change.
    use_effect_on(state.focus.clone(), |focus| {
        if let Some((link_id, _)) = focus {
            focus_item(link_id);
        }
    });
    use_effect_on(state.step, |step| {
        if *step == Step::Review {
            crate::ui::focus::focus_and_show("survey-review-title");
        }
    });

    if *broken {
        return html! {
            <div class="broken" role="alert">
                <h2>{ t.survey_broken }</h2>
                <p>{ t.survey_broken_detail }</p>
            </div>
        };
    }
    match state.step {
        Step::Filling => questions(&state, &dispatch, lang, t),
        Step::Review | Step::Sending | Step::Sent => {
            review(&state, &dispatch, &props.on_send, lang, t)
        }
    }
}

/// The questions, with progress on top and the review button below.
fn questions(
    state: &SurveyState,
    dispatch: &Callback<Action>,
    lang: Lang,
    t: &'static Texts,
) -> Html {
    let on = state.enabled();
    let problems = state.problems();
    let progress = state.progress();
    let shown_problems = if state.checked {
        shown_items(&state.form, &on)
            .into_iter()
            .filter(|id| problems.contains_key(*id))
            .count()
    } else {
        0
    };
    let ctx = Ctx {
        state,
        on,
        problems,
        lang,
        t,
        dispatch: dispatch.clone(),
    };
    let to_review = dispatch.reform(|()| Action::Review);
    html! {
        <form class="survey" novalidate=true onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="progress">
                <p id="survey-progress">{ (t.survey_progress)(progress.answered, progress.total) }</p>
                <progress max={progress.total.max(1).to_string()} value={progress.answered.to_string()}
                    aria-labelledby="survey-progress"></progress>
            </div>
            if state.restored {
                <p class="note" role="status">{ t.survey_draft_restored }</p>
            }
            if shown_problems > 0 {
                <p class="summary" role="alert">{ icon(IconKind::Alert) }{ (t.survey_fix)(shown_problems) }</p>
            }
            { items(&ctx, &state.form.items, &Vec::new(), Some(&state.response.answers), 0) }
            <Button onclick={to_review} class={classes!("wide")}>{ t.survey_to_review }</Button>
        </form>
    }
}

/// The review step: every answered question with its answer and a "change" link, then
/// the submit button, and why the last send failed.
fn review(
    state: &SurveyState,
    dispatch: &Callback<Action>,
    on_send: &Callback<Response>,
    lang: Lang,
    t: &'static Texts,
) -> Html {
    let lines = state.summary(lang, t);
    let sending = state.step == Step::Sending;
    let send = {
        let (on_send, dispatch) = (on_send.clone(), dispatch.clone());
        let body = state.submission();
        Callback::from(move |()| {
            dispatch.emit(Action::Sending);
            on_send.emit(body.clone());
        })
    };
    let back = dispatch.reform(|()| Action::Edit(None));
    html! {
        <section class="review" aria-labelledby="survey-review-title">
            <h2 id="survey-review-title" tabindex="-1">{ t.survey_review_title }</h2>
            if lines.is_empty() {
                <p>{ t.survey_no_answers }</p>
            } else {
                <dl class="lines">
                    { for lines.iter().map(|line| {
                        let edit = {
                            let id = line.link_id.clone();
                            dispatch.reform(move |_: MouseEvent| Action::Edit(Some(id.clone())))
                        };
                        html! {
                            <div class="line">
                                <dt>{ &line.question }</dt>
                                <dd class="answer">{ &line.answer }</dd>
                                <dd>
                                    <button type="button" class="edit" onclick={edit} disabled={sending}
                                        aria-label={(t.survey_edit_named)(&line.question)}>
                                        { t.survey_edit }
                                    </button>
                                </dd>
                            </div>
                        }
                    }) }
                </dl>
            }
            { match &state.failure {
                Some(Failure::Offline) => html! {
                    <div class="note" role="status">
                        <p>{ t.survey_offline }</p>
                    </div>
                },
                Some(Failure::Conflict) => html! {
                    <div class="failure" role="alert"><p>{ t.survey_conflict }</p></div>
                },
                Some(Failure::Other(message)) => html! {
                    <div class="failure" role="alert">
                        <h3>{ t.survey_send_failed }</h3>
                        <p>{ message }</p>
                    </div>
                },
                None => html! {},
            } }
            <div class="actions">
                <Button variant={Variant::Secondary} onclick={back} disabled={sending}>
                    { t.survey_back_to_questions }
                </Button>
                if state.failure != Some(Failure::Conflict) {
                    <Button onclick={send} busy={sending} disabled={lines.is_empty()}
                        icon={state.failure.is_some().then_some(IconKind::Retry)}>
                        { if state.failure.is_some() { t.retry } else { t.survey_submit } }
                    </Button>
                }
            </div>
        </section>
    }
}

/// What every item of one render needs.
pub(super) struct Ctx<'a> {
    pub state: &'a SurveyState,
    pub on: Set<String>,
    pub problems: Map<String, Problem>,
    pub lang: Lang,
    pub t: &'static Texts,
    pub dispatch: Callback<Action>,
}

/// The id of an item's control at `level`: unique per group entry, and stable so the
/// focus can find it.
pub fn control_id(level: &[(String, usize)], link_id: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    let mut id = String::from("q-");
    for (group, index) in level {
        id.push_str(&clean(group));
        id.push_str(&format!("-{index}-"));
    }
    id.push_str(&clean(link_id));
    id
}

/// The items of one level, each only when on screen.
fn items(ctx: &Ctx, list: &[Item], level: &Level, answers: Option<&Answers>, depth: usize) -> Html {
    html! {
        { for list.iter().filter(|i| is_shown(i, &ctx.on)).map(|item| match item.kind {
            ItemType::Display => html! {
                <p class="display" id={control_id(level, &item.link_id)}>{ label(item, ctx.lang) }</p>
            },
            ItemType::Group => group(ctx, item, level, answers, depth),
            _ => html! {
                <>
                    { question(ctx, item, level, answers) }
                    { items(ctx, &item.items, level, answers, depth + 1) }
                </>
            },
        }) }
    }
}

/// A group: a section with a heading at the top, a fieldset below; a repeating one with
/// its entries and the buttons to add and remove them.
fn group(ctx: &Ctx, item: &Item, level: &Level, answers: Option<&Answers>, depth: usize) -> Html {
    let n = instance_count(answers, item);
    let title = label(item, ctx.lang);
    let heading_id = format!("{}-title", control_id(level, &item.link_id));
    let entries = (0..n).map(|index| {
        let mut inner = level.clone();
        inner.push((item.link_id.clone(), index));
        let inner_answers = answers.and_then(|a| level_of(a, &inner[level.len()..]));
        let body = items(ctx, &item.items, &inner, inner_answers, depth + 1);
        if !item.repeats {
            return body;
        }
        let remove = can_remove(item, n).then(|| {
            let (level, link_id) = (level.clone(), item.link_id.clone());
            let onclick = ctx.dispatch.reform(move |()| Action::RemoveInstance {
                level: level.clone(),
                link_id: link_id.clone(),
                index,
            });
            html! {
                <Button variant={Variant::Secondary} {onclick}>{ (ctx.t.survey_remove_instance)(index + 1) }</Button>
            }
        });
        html! {
            <fieldset class="entry">
                <legend>{ (ctx.t.survey_instance)(index + 1) }</legend>
                { body }
                { for remove }
            </fieldset>
        }
    });
    let add = can_add(item, n).then(|| {
        let (level, link_id) = (level.clone(), item.link_id.clone());
        let onclick = ctx.dispatch.reform(move |()| Action::AddInstance {
            level: level.clone(),
            link_id: link_id.clone(),
        });
        html! {
            <Button variant={Variant::Secondary} icon={IconKind::Plus} {onclick}>{ ctx.t.survey_add_instance }</Button>
        }
    });
    // A group's own problem (required, too few entries) shows below its entries.
    let error_id = format!("{}-error", control_id(level, &item.link_id));
    let error = ctx
        .state
        .message_at(&ctx.problems, item, answers, ctx.lang)
        .map(|message| {
            html! {
                <p class="error" id={error_id.clone()}>{ icon(IconKind::Alert) }{ message }</p>
            }
        });
    let described = error.is_some().then(|| error_id.clone());
    let class = error.is_some().then_some("invalid");
    if depth == 0 {
        html! {
            <section class={classes!("section", class)} aria-labelledby={heading_id.clone()}
                aria-describedby={described} data-link-id={item.link_id.clone()}>
                <h2 id={heading_id}>{ title }</h2>
                { for entries }
                { for add }
                { for error }
            </section>
        }
    } else {
        html! {
            <fieldset class={classes!("group", class)} aria-describedby={described}
                data-link-id={item.link_id.clone()}>
                <legend>{ title }</legend>
                { for entries }
                { for add }
                { for error }
            </fieldset>
        }
    }
}

/// One question: its control, and the line for its message.
fn question(ctx: &Ctx, item: &Item, level: &Level, answers: Option<&Answers>) -> Html {
    let id = control_id(level, &item.link_id);
    let error = ctx.state.message_at(&ctx.problems, item, answers, ctx.lang);
    let values = answers.map_or(&[][..], |a| a.get(&item.link_id));
    let leave = {
        let link_id = item.link_id.clone();
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: FocusEvent| {
            if !focus_stays_inside(&e) {
                dispatch.emit(Action::Leave(link_id.clone()));
            }
        })
    };
    let set = {
        let (level, link_id) = (level.clone(), item.link_id.clone());
        ctx.dispatch.reform(move |values| Action::Answer {
            level: level.clone(),
            link_id: link_id.clone(),
            values,
        })
    };
    let control_ctx = ControlCtx {
        item,
        id: id.clone(),
        label: label(item, ctx.lang),
        values,
        error: error.is_some(),
        lang: ctx.lang,
        t: ctx.t,
        set,
    };
    html! {
        <div class={classes!("question", error.is_some().then_some("invalid"))}
            data-link-id={item.link_id.clone()} data-control={id.clone()} onfocusout={leave}>
            { control(&control_ctx) }
            <div class="slot">
                if let Some(error) = error {
                    <p class="error" id={format!("{id}-error")}>
                        { icon(IconKind::Alert) }{ error }
                    </p>
                }
            </div>
        </div>
    }
}

/// Whether the focus moves to another control of the same question (the next radio
/// card): not "leaving" it.
fn focus_stays_inside(e: &FocusEvent) -> bool {
    let Some(container) = e
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
    else {
        return false;
    };
    e.related_target()
        .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
        .is_some_and(|to| container.contains(Some(&to)))
}

/// Moves the focus to the control of the item `link_id` (the entry with a message
/// first, in a repeating group; a group's first control) and shows it.
fn focus_item(link_id: &str) {
    let Some(document) = crate::platform::window().and_then(|w| w.document()) else {
        return;
    };
    // The first element of the item with a message, else its first: a CSS string with its
    // quote and backslash escaped.
    let quoted = link_id.replace('\\', "\\\\").replace('"', "\\\"");
    let find = |extra: &str| {
        document
            .query_selector(&format!("[data-link-id=\"{quoted}\"]{extra}"))
            .ok()
            .flatten()
    };
    let Some(el) = find(".invalid").or_else(|| find("")) else {
        return;
    };
    let control = match el.get_attribute("data-control") {
        Some(id) => document.get_element_by_id(&id),
        None => el
            .query_selector("input:not([disabled]), textarea, select, button")
            .ok()
            .flatten(),
    };
    if let Some(id) = control.map(|c| c.id()).filter(|id| !id.is_empty()) {
        crate::ui::focus::focus_and_show(&id);
    } else if let Ok(control) = el.dyn_into::<web_sys::HtmlElement>() {
        if !control.has_attribute("tabindex") {
            let _ = control.set_attribute("tabindex", "-1");
        }
        let _ = control.focus();
        control.scroll_into_view();
    }
}

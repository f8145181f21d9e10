//! The symptom guide (`/booking/triage`): the patient describes what is wrong in their own
//! words (up to the guide's limit, with a counter) or taps common symptoms by body area,
//! says who it is for (a family member when logged in, kept in the address as
//! `?patient=` and carried to the department booked; else an age and sex), and gets
//! departments to book with the reasons, or, for a red-flag symptom, emergency advice with
//! the number to call and no way to book.
//!
//! The form's rules are [`crate::booking::state::triage::TriageForm`]'s; this page sends
//! the request through [`crate::hooks::use_mutation`] and draws the state.

use careway_core::api::booking::Department;
use careway_core::api::triage::{TriageResult, MAX_TEXT_CHARS};
use careway_core::identity::Sex;
use careway_core::locale::Lang;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::app::router::{use_location, use_navigator};

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::{use_meta, MetaHandle};
use crate::app::route::{DepartmentQuery, Route, TriageQuery};
use crate::booking::load::use_booking;
use crate::booking::parts::style::booking_style;
use crate::booking::parts::triage::{hint, recommendation, red_flag};
use crate::booking::state::loaded::{find_department, Load};
use crate::booking::state::patient::chosen_patient;
use crate::booking::state::triage::{text_count, TriageAction, TriageForm, TriageInputError};
use crate::hooks::{use_effect_on, use_mutation, FetchState, MutationState};
use crate::i18n::{texts, Texts};
use crate::ui::button::Button;
use crate::ui::field::{Choice, ChoiceField, TextField};
use crate::ui::focus::{focus_and_show, focus_id};
use crate::ui::icon::{icon, IconKind};
use crate::ui::patient::{relation_label, sex_label};
use crate::ui::status::back_link;
use crate::ui::status::{loading, notice};

/// The free-text field's id.
const TEXT_ID: &str = "triage-text";
/// The age field's id.
const AGE_ID: &str = "triage-age";
/// The sexes to choose from, in the order shown.
const SEXES: [Sex; 2] = [Sex::Female, Sex::Male];

/// The symptom guide.
#[component]
pub fn TriagePage() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let navigator = use_navigator();
    let query = use_location()
        .map(|l| TriageQuery::parse(l.query_str()))
        .unwrap_or_default();
    let data = use_booking(Load::Triage);
    let form = use_reducer(TriageForm::default);
    let act = |make: fn(String) -> TriageAction| {
        let dispatcher = form.dispatcher();
        Callback::from(move |value: String| dispatcher.dispatch(make(value)))
    };

    let loaded = data.data();
    let members = loaded
        .and_then(|d| d.patients.as_ref())
        .filter(|list| !list.is_empty());
    // The member the address names, else the default one.
    let member = members.and_then(|list| chosen_patient(list, query.patient.as_deref()));
    // The departments suggested are booked for that member.
    let onward = member.map(|p| {
        AttrValue::from(
            DepartmentQuery {
                patient: Some(p.id.clone()),
                ..DepartmentQuery::default()
            }
            .to_query(),
        )
    });

    let ask = use_mutation(|request, _key, lang, signal| async move {
        api::booking::triage(&request, lang, signal.as_ref()).await
    });
    let onsubmit = {
        let (form, run, ask) = (form.clone(), ask.run_callback(), ask.clone());
        let who = member.map(|p| (p.birth_date.clone(), p.sex));
        let today = meta.today();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let who = who.as_ref().map(|(birth, sex)| (birth.as_str(), *sex));
            match form.request(who, today, lang) {
                Ok(request) => {
                    form.dispatch(TriageAction::Sending);
                    run.emit(request);
                }
                Err(problem) => {
                    // No answer stays under a complaint: it would be about other symptoms.
                    ask.reset();
                    form.dispatch(TriageAction::Invalid(problem));
                    focus_id(match problem {
                        TriageInputError::Empty => TEXT_ID,
                        TriageInputError::Age => AGE_ID,
                    });
                }
            }
        })
    };
    // Each answer takes the focus (and the screen) once drawn: it is below the form.
    use_effect_on(ask.busy(), |busy| {
        if !busy {
            focus_and_show("triage-results");
        }
    });
    let on_text = {
        let dispatcher = form.dispatcher();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            dispatcher.dispatch(TriageAction::Text(text));
        })
    };

    let areas = match &*data {
        FetchState::Ready(data) => symptom_chips(&data.areas, &form, lang),
        FetchState::Failed(error) => notice(
            t.triage_failed,
            error.message(lang),
            Some(data.retry_callback()),
            meta.phone(),
            t,
        ),
        FetchState::Loading => loading(t),
    };

    let who = match (members, member) {
        (Some(list), Some(chosen)) => {
            let choices = list
                .iter()
                .map(|p| Choice {
                    label: format!("{}（{}）", p.name, relation_label(p.relation, t)).into(),
                    checked: p.id == chosen.id,
                })
                .collect::<Vec<_>>();
            let ids: Vec<String> = list.iter().map(|p| p.id.clone()).collect();
            // The choice goes into the address (replacing it): a reload keeps it, and the
            // departments suggested carry it on.
            let navigator = navigator.clone();
            let on_choose = Callback::from(move |i: usize| {
                if let (Some(id), Some(navigator)) = (ids.get(i), &navigator) {
                    let query = TriageQuery {
                        patient: Some(id.clone()),
                    };
                    navigator.replace_with_query(&Route::Triage, &query.to_query());
                }
            });
            html! { <ChoiceField id="triage-member" label={t.triage_who} {choices} {on_choose} /> }
        }
        _ => {
            let choices = SEXES
                .iter()
                .map(|s| Choice {
                    label: sex_label(*s, t).into(),
                    checked: form.sex == Some(*s),
                })
                .collect::<Vec<_>>();
            let dispatcher = form.dispatcher();
            let on_sex = Callback::from(move |i: usize| {
                dispatcher.dispatch(TriageAction::Sex(SEXES[i % 2]));
            });
            let age_error = (form.problem == Some(TriageInputError::Age))
                .then_some(AttrValue::Static(t.triage_age_error));
            html! {
                <div class="row">
                    <TextField id={AGE_ID} label={t.triage_age_label} value={form.age.clone()}
                        inputmode={AttrValue::Static("numeric")} maxlength={AttrValue::Static("3")}
                        error={age_error} on_input={act(TriageAction::Age)} />
                    <ChoiceField id="triage-sex" label={t.sex_label} {choices} on_choose={on_sex} />
                </div>
            }
        }
    };

    let empty = form.problem == Some(TriageInputError::Empty);
    let (count, full) = text_count(&form.text);
    let answer = match &*ask {
        MutationState::Done(result) => Some(triage_answer(
            result,
            loaded.map_or(&[], |d| &d.departments),
            onward.as_ref(),
            &meta,
            lang,
        )),
        MutationState::Failed(error) => Some(notice(
            t.triage_failed,
            error.message(lang),
            None,
            meta.phone(),
            t,
        )),
        MutationState::Idle | MutationState::Sending => None,
    };
    let answered = answer.is_some();
    let results = answer.map(|body| {
        html! {
            <section aria-labelledby="triage-results">
                <h2 id="triage-results" tabindex="-1">{ t.triage_results }</h2>
                { body }
                <p class="muted">{ t.triage_disclaimer }</p>
            </section>
        }
    });

    html! {
        <div class={booking_style()}>
            { back_link(Route::Booking, t.all_departments) }
            <h1>{ t.triage_title }</h1>
            <p>{ t.triage_intro }</p>
            <form class="card" {onsubmit} novalidate=true>
                <label class="name" for={TEXT_ID}>{ t.triage_text_label }</label>
                <textarea id={TEXT_ID} value={form.text.clone()} oninput={on_text}
                    placeholder={t.triage_text_hint} aria-invalid={empty.then_some("true")}
                    aria-describedby={if empty { "triage-empty triage-count" } else { "triage-count" }} />
                <p class="muted count" id="triage-count">{ (t.triage_count)(count, MAX_TEXT_CHARS) }</p>
                if full {
                    <p class="tag no" role="status">{ (t.triage_text_full)(MAX_TEXT_CHARS) }</p>
                }
                if empty {
                    <p class="tag no" id="triage-empty" role="alert">{ t.triage_empty }</p>
                }
                <fieldset>
                    <legend>{ t.triage_areas_label }</legend>
                    { areas }
                    <p class="muted" role="status">
                        { if form.chosen.is_empty() { String::new() } else { (t.triage_chosen)(form.chosen.len()) } }
                    </p>
                </fieldset>
                { who }
                <Button submit=true busy={ask.busy()}>
                    { if ask.busy() { t.triage_sending } else { t.triage_submit } }
                </Button>
                // Once: here until there is an answer, then under the answer.
                if !answered {
                    <p class="muted">{ t.triage_disclaimer }</p>
                }
            </form>
            { for results }
        </div>
    }
}

/// The body areas as chips (one open at a time), and the open area's symptoms as chips
/// that add or remove themselves.
fn symptom_chips(
    areas: &[careway_core::api::triage::BodyArea],
    form: &UseReducerHandle<TriageForm>,
    lang: Lang,
) -> Html {
    let Some(open) = areas.get(form.area).or_else(|| areas.first()) else {
        return Html::default();
    };
    let chip = |label: &str, pressed: bool, mark: Option<IconKind>, action: TriageAction| {
        let dispatcher = form.dispatcher();
        let onclick = Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()));
        html! {
            <button type="button" class="chip" {onclick}
                aria-pressed={if pressed { "true" } else { "false" }}>
                if let Some(kind) = mark {
                    { icon(kind) }
                }
                { label.to_owned() }
            </button>
        }
    };
    html! {
        <>
            <div class="chips">
                { for areas.iter().enumerate().map(|(i, area)| {
                    chip(area.label.get(lang), area.id == open.id, None, TriageAction::Area(i))
                }) }
            </div>
            <p class="muted" id="triage-area">{ open.label.get(lang) }</p>
            <div class="chips" role="group" aria-labelledby="triage-area">
                { for open.symptoms.iter().map(|symptom| {
                    let on = form.chosen.contains(&symptom.id);
                    let icon = if on { IconKind::Check } else { IconKind::Plus };
                    chip(symptom.label.get(lang), on, Some(icon), TriageAction::Toggle(symptom.id.clone()))
                }) }
            </div>
        </>
    }
}

/// The guide's answer: emergency advice first and alone, else the departments, else the
/// hint.
fn triage_answer(
    result: &TriageResult,
    departments: &[Department],
    onward: Option<&AttrValue>,
    meta: &MetaHandle,
    lang: Lang,
) -> Html {
    let t: &Texts = texts(lang);
    if let Some(flag) = &result.red_flag {
        let number = meta
            .meta()
            .map(|m| m.hospital.emergency_phone.as_str())
            .filter(|n| !n.is_empty())
            .unwrap_or("120");
        return red_flag(
            flag,
            find_department(departments, &flag.department),
            number,
            lang,
            t,
        );
    }
    match &result.hint {
        Some(h) if result.recommendations.is_empty() => hint(
            h,
            find_department(departments, &h.department),
            onward,
            lang,
            t,
        ),
        _ => html! {
            <ul class="list">
                { for result.recommendations.iter().enumerate().map(|(i, item)| {
                    recommendation(item, find_department(departments, &item.department), i == 0, onward, lang, t)
                }) }
            </ul>
        },
    }
}

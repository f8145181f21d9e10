//! A visit as the confirmation and the appointment pages show it: who it is for, its
//! summary, its status, and its card in a list of appointments.

use careway_core::api::account::Patient;
use careway_core::api::booking::{Appointment, AppointmentStatus, Doctor};
use careway_core::identity::CivilDate;
use careway_core::locale::Lang;
use yew::prelude::*;

use crate::app::route::Route;
use crate::booking::state::schedule::status_label;
use crate::i18n::Texts;
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::patient::{age, relation_label, sex_label};

/// The family members as large radio cards (name, relation, sex and age), one chosen.
pub fn patient_choices(
    patients: &[Patient],
    chosen: Option<&str>,
    today: CivilDate,
    t: &Texts,
    on_choose: &Callback<String>,
) -> Html {
    html! {
        <div class="list">
            { for patients.iter().map(|p| {
                let checked = chosen == Some(p.id.as_str());
                let details = [Some(sex_label(p.sex, t).to_owned()), age(&p.birth_date, today).map(t.age)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                let id = p.id.clone();
                let onchange = on_choose.reform(move |_: Event| id.clone());
                html! {
                    <label class={classes!("member", checked.then_some("chosen"))} key={p.id.clone()}>
                        <input type="radio" name="patient" value={p.id.clone()} {checked} {onchange} />
                        <span class="text">
                            <span class="row">
                                <span class="name">{ &p.name }</span>
                                <span class="tag">{ relation_label(p.relation, t) }</span>
                            </span>
                            <span class="muted">{ details }</span>
                        </span>
                    </label>
                }
            }) }
        </div>
    }
}

/// The rows of a visit's summary (label, value) as a definition list.
pub fn summary(rows: Vec<(&'static str, String)>) -> Html {
    html! {
        <dl>
            { for rows.into_iter().map(|(label, value)| html! {
                <>
                    <dt>{ label }</dt>
                    <dd>{ value }</dd>
                </>
            }) }
        </dl>
    }
}

/// An appointment's status as a badge: booked and checked in stand out, the rest are quiet.
/// A moved appointment says so, and to when ("已改约至 12月5日 周六 10:30–11:00"), not
/// merely "cancelled".
pub fn status_tag(a: &Appointment, t: &Texts) -> Html {
    let class = match a.status {
        AppointmentStatus::Booked | AppointmentStatus::Arrived => Some("ok"),
        AppointmentStatus::Noshow => Some("no"),
        AppointmentStatus::Fulfilled | AppointmentStatus::Cancelled => None,
    };
    html! { <span class={classes!("tag", class)}>{ status_words(a, t) }</span> }
}

/// An appointment's status in words: a moved one says to when.
pub fn status_words(a: &Appointment, t: &Texts) -> String {
    match &a.rescheduled_to {
        Some(to) => (t.rescheduled_to)(&visit_time(&to.date, &to.window_start, &to.window_end, t)),
        None => status_label(a.status, t).to_owned(),
    }
}

/// A doctor and their title, kept apart: "唐慧 · 主任医师", "Tang Hui · Chief Physician".
pub fn doctor_line(doctor: &Doctor, lang: Lang) -> String {
    format!(
        "{} · {}",
        doctor.name.get(lang),
        doctor.title.label().get(lang)
    )
}

/// When and what a visit is, in one line: "11月24日 周二 08:00–08:30".
pub fn visit_time(date: &str, start: &str, end: &str, t: &Texts) -> String {
    let day = CivilDate::parse(date).map_or(date.to_owned(), t.day_label);
    format!("{day} {start}–{end}")
}

/// An appointment in a list: when, where, with whom, for whom, and its status, as a link
/// to its page.
pub fn appointment_card(a: &Appointment, lang: Lang, t: &Texts) -> Html {
    html! {
        <li key={a.id.clone()}>
            <NavLink to={Route::Appointment { id: a.id.clone() }} class="link-card">
                <span class="text">
                    <span class="row">
                        <span class="name">{ visit_time(&a.date, &a.window_start, &a.window_end, t) }</span>
                        { status_tag(a, t) }
                    </span>
                    <span>{ format!("{} · {}", a.department.name.get(lang), a.doctor.name.get(lang)) }</span>
                    <span class="muted">{ format!("{} {}", t.patient_label, a.patient_name) }</span>
                </span>
                { icon(IconKind::Chevron) }
            </NavLink>
        </li>
    }
}

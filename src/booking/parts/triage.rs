//! The symptom guide's answers: emergency advice for a red flag, the departments it
//! suggests with the reasons, or a hint when nothing matched.

use careway_core::api::booking::Department;
use careway_core::api::triage::{Hint, Recommendation, RedFlag};
use careway_core::locale::Lang;
use yew::prelude::*;

use super::links::directions_link;
use crate::app::route::Route;
use crate::booking::state::triage::reason_line;
use crate::i18n::Texts;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;

/// The emergency advice that replaces booking when a symptom is a red flag: announced at
/// once (`role="alert"`), a large button that calls the emergency number, and where the
/// emergency department is. It offers no booking, on purpose.
pub fn red_flag(
    flag: &RedFlag,
    emergency: Option<&Department>,
    number: &str,
    lang: Lang,
    t: &Texts,
) -> Html {
    let dial: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    html! {
        <section class="card alert" role="alert" aria-labelledby="red-flag-title">
            <h2 id="red-flag-title">{ icon(IconKind::Alert) }{ t.red_flag_title }</h2>
            <p class="message">{ flag.message.get(lang) }</p>
            <a class={classes!(button_style(Variant::Primary), "call")} href={format!("tel:{dial}")}>
                { icon(IconKind::Phone) }{ (t.call_emergency)(number) }
            </a>
            if let Some(department) = emergency {
                <p>{ (t.emergency_at)(department.name.get(lang), department.location_label.get(lang)) }</p>
                { directions_link(&department.location, t) }
            }
        </section>
    }
}

/// One recommended department: its name, why ("头痛、头晕 → 神经内科"), where it is, and
/// the way to book it, with `query` (the family member the guide was asked about).
pub fn recommendation(
    item: &Recommendation,
    department: Option<&Department>,
    best: bool,
    query: Option<&AttrValue>,
    lang: Lang,
    t: &Texts,
) -> Html {
    let name = department.map_or(item.department.as_str(), |d| d.name.get(lang));
    html! {
        <li class="card" key={item.department.clone()}>
            <div class="row">
                <h3>{ name }</h3>
                if best {
                    <span class="tag ok">{ t.triage_best }</span>
                }
            </div>
            <p>{ reason_line(&item.reasons, name, t.list_sep) }</p>
            if let Some(department) = department {
                <p class="muted">{ department.location_label.get(lang) }</p>
            }
            <NavLink to={Route::Department { id: item.department.clone() }}
                query={query.cloned()} class={button_style(Variant::Primary)}
                label={AttrValue::from(format!("{} {name}", t.book_department))}>
                { t.book_department }
            </NavLink>
        </li>
    }
}

/// What to do when no department matched: the hint, and the department it suggests (with
/// `query`, as [`recommendation`]).
pub fn hint(
    hint: &Hint,
    department: Option<&Department>,
    query: Option<&AttrValue>,
    lang: Lang,
    t: &Texts,
) -> Html {
    let name = department.map_or(hint.department.as_str(), |d| d.name.get(lang));
    html! {
        <div class="card">
            <p>{ hint.message.get(lang) }</p>
            <NavLink to={Route::Department { id: hint.department.clone() }}
                query={query.cloned()} class={button_style(Variant::Secondary)}
                label={AttrValue::from(format!("{} {name}", t.book_department))}>
                { format!("{} · {name}", t.book_department) }
            </NavLink>
        </div>
    }
}

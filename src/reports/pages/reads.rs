//! Who opened a family member's reports (`/reports/reads?patient=`), newest first: when,
//! what (the list or which report), which account (this one, or another holding the same
//! person, its phone masked) and from where.

use yew::prelude::*;

use crate::app::router::use_location;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{ReportsQuery, Route};
use crate::hooks::{use_session_fetch, FetchState};
use crate::reports::parts::style::reports_style;
use crate::reports::state::when;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::status::{loading, notice};

/// The page.
#[component]
pub fn ReadsPage() -> Html {
    let t = use_locale().t();
    let query = use_location()
        .map(|l| ReportsQuery::parse(l.query_str()))
        .unwrap_or_default();
    let back = ReportsQuery {
        patient: query.patient.clone(),
        code: None,
    }
    .to_query();
    html! {
        <div class={reports_style()}>
            <NavLink to={Route::Reports} query={AttrValue::from(back)}
                class={classes!(button_style(Variant::Secondary), "back")}>
                { icon(IconKind::Chevron) }{ t.reports_title }
            </NavLink>
            <h1>{ t.report_reads_title }</h1>
            <p>{ t.reads_intro }</p>
            <RequireLogin>
                <Reads key={query.patient.clone().unwrap_or_default()}
                    patient={AttrValue::from(query.patient.clone().unwrap_or_default())} />
            </RequireLogin>
        </div>
    }
}

/// The properties of [`Reads`].
#[derive(Properties, PartialEq)]
struct ReadsProps {
    patient: AttrValue,
}

#[component]
fn Reads(props: &ReadsProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let patient = props.patient.clone();
    let reads = use_session_fetch(move |lang, signal| async move {
        api::reports::reads(&patient, lang, signal.as_ref()).await
    });
    match &*reads {
        FetchState::Ready(list) if list.is_empty() => html! { <p>{ t.reads_empty }</p> },
        FetchState::Ready(list) => html! {
            <ul class="list">
                { for list.iter().map(|r| html! {
                    <li class="card">
                        <span class="title">{ r.report_title.clone().unwrap_or_else(|| t.reads_list.to_owned()) }</span>
                        <span>{ when(&r.at) }</span>
                        <span class="muted">
                            { if r.by_you { t.reads_you.to_owned() } else { r.by.clone() } }
                            { " · " }
                            { if r.from == "kiosk" { t.reads_kiosk.to_owned() } else { r.from.clone() } }
                        </span>
                    </li>
                }) }
            </ul>
        },
        FetchState::Failed(error) => notice(
            t.reads_failed,
            error.message(lang),
            Some(reads.retry_callback()),
            meta.phone(),
            t,
        ),
        FetchState::Loading => loading(t),
    }
}

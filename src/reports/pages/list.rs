//! A family member's reports (`/reports?patient=`), newest first, with a filter for lab
//! and imaging, "new" on those not opened yet, and the way to "who viewed my reports".

use careway_core::api::reports::ReportSummary;
use careway_core::reports::ReportKind;
use yew::prelude::*;

use crate::app::router::use_location;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{ReportsQuery, Route};
use crate::hooks::{use_session_fetch, FetchState};
use crate::reports::parts::lines::report_card;
use crate::reports::parts::members::member_links;
use crate::reports::parts::style::reports_style;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::patient::chosen_patient;
use crate::ui::status::{loading, notice};
use crate::ui::tabs::{tab_list, TabItem, TabsProps};

/// The reports page.
#[component]
pub fn ReportsPage() -> Html {
    let t = use_locale().t();
    html! {
        <div class={reports_style()}>
            <h1>{ t.reports_title }</h1>
            <RequireLogin><Family /></RequireLogin>
        </div>
    }
}

/// The family, then the chosen member's reports.
#[component]
fn Family() -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let query = use_location()
        .map(|l| ReportsQuery::parse(l.query_str()))
        .unwrap_or_default();
    let family = use_session_fetch(|lang, signal| async move {
        api::patients::list(lang, signal.as_ref()).await
    });
    match &*family {
        FetchState::Ready(members) => {
            let Some(member) = chosen_patient(members, query.patient.as_deref()) else {
                return html! {
                    <>
                        <p>{ t.reports_no_family }</p>
                        <NavLink to={Route::PatientNew} class={classes!(button_style(Variant::Primary), "back")}>
                            { icon(IconKind::Plus) }{ t.add_member }
                        </NavLink>
                    </>
                };
            };
            let reads_query = ReportsQuery {
                patient: Some(member.id.clone()),
                code: None,
            }
            .to_query();
            html! {
                <>
                    if members.len() > 1 {
                        { member_links(members, &member.id, &Route::Reports, t) }
                    }
                    <Reports key={member.id.clone()} patient={AttrValue::from(member.id.clone())} />
                    <NavLink to={Route::ReportReads} query={AttrValue::from(reads_query)}
                        class={classes!(button_style(Variant::Secondary), "back")}>
                        { icon(IconKind::User) }{ t.report_reads_title }
                    </NavLink>
                </>
            }
        }
        FetchState::Failed(error) => notice(
            t.reports_failed,
            error.message(lang),
            Some(family.retry_callback()),
            meta.phone(),
            t,
        ),
        FetchState::Loading => loading(t),
    }
}

/// The properties of [`Reports`].
#[derive(Properties, PartialEq)]
struct ReportsProps {
    /// The member's id.
    patient: AttrValue,
}

/// The ids of the three filters.
const TAB_IDS: [&str; 3] = ["reports-all", "reports-lab", "reports-imaging"];

/// One member's reports, with the filter.
#[component]
fn Reports(props: &ReportsProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let tab = use_state_eq(|| 0usize);
    let patient = props.patient.clone();
    let reports = use_session_fetch(move |lang, signal| async move {
        api::reports::list(&patient, lang, signal.as_ref()).await
    });
    let wanted = match *tab {
        1 => Some(ReportKind::Lab),
        2 => Some(ReportKind::Imaging),
        _ => None,
    };
    let body = match &*reports {
        FetchState::Ready(list) => {
            let shown: Vec<&ReportSummary> = list
                .iter()
                .filter(|r| wanted.is_none_or(|kind| r.kind == kind))
                .collect();
            if shown.is_empty() {
                html! { <p>{ t.reports_empty }</p> }
            } else {
                html! { <ul class="list">{ for shown.into_iter().map(|r| report_card(r, t)) }</ul> }
            }
        }
        FetchState::Failed(error) => notice(
            t.reports_failed,
            error.message(lang),
            Some(reports.retry_callback()),
            meta.phone(),
            t,
        ),
        FetchState::Loading => loading(t),
    };
    let tabs = [
        (t.reports_all, IconKind::Report),
        (t.reports_lab, IconKind::Report),
        (t.reports_imaging, IconKind::Report),
    ]
    .into_iter()
    .zip(TAB_IDS)
    .map(|((label, icon), id)| TabItem {
        id: id.into(),
        label: label.into(),
        icon,
    })
    .collect::<Vec<_>>();
    let on_select = {
        let tab = tab.clone();
        Callback::from(move |i: usize| tab.set(i))
    };
    html! {
        <>
            { tab_list(&TabsProps {
                label: t.reports_title.into(),
                tabs,
                selected: *tab,
                panel: "reports-panel".into(),
                on_select,
            }) }
            <div id="reports-panel" class="list" role="tabpanel" aria-labelledby={TAB_IDS[*tab % 3]}>
                { body }
            </div>
        </>
    }
}

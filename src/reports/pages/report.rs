//! One report (`/reports/{id}`): what was done, for whom and when; for lab reports every
//! value with its flag in words and the range that applies to the patient, links to
//! trends and a plain explanation of the flags; for imaging the findings and impression.
//! A preliminary or corrected report says so first. Printable.

use careway_core::api::reports::ReportDetail;
use careway_core::reports::{ReportKind, ReportStatus};
use yew::prelude::*;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{ReportsQuery, Route};
use crate::hooks::{use_session_fetch, FetchState};
use crate::i18n::Texts;
use crate::reports::parts::lines::{badges, result_row};
use crate::reports::parts::style::reports_style;
use crate::reports::state::when;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::status::{loading, notice};

/// The properties of [`ReportPage`].
#[derive(Properties, PartialEq)]
pub struct ReportPageProps {
    /// The report's id.
    pub id: AttrValue,
}

/// The report page.
#[component]
pub fn ReportPage(props: &ReportPageProps) -> Html {
    html! {
        <div class={reports_style()}>
            <RequireLogin><Report id={props.id.clone()} /></RequireLogin>
        </div>
    }
}

#[component]
fn Report(props: &ReportPageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let id = props.id.clone();
    let report = use_session_fetch(move |lang, signal| async move {
        api::reports::get(&id, lang, signal.as_ref()).await
    });
    match &*report {
        FetchState::Ready(report) => view(report, t),
        FetchState::Failed(error) => html! {
            <>
                { back(None, t) }
                <h1>{ t.reports_title }</h1>
                { notice(
                    t.report_failed,
                    error.message(lang),
                    Some(report.retry_callback()),
                    meta.phone(),
                    t,
                ) }
            </>
        },
        FetchState::Loading => html! {
            <>
                { back(None, t) }
                <h1>{ t.reports_title }</h1>
                { loading(t) }
            </>
        },
    }
}

/// The link back to the member's reports.
fn back(patient: Option<&str>, t: &Texts) -> Html {
    let query = ReportsQuery {
        patient: patient.map(str::to_owned),
        code: None,
    }
    .to_query();
    html! {
        <NavLink to={Route::Reports} query={(!query.is_empty()).then(|| AttrValue::from(query))}
            class={classes!(button_style(Variant::Secondary), "back")}>
            { icon(IconKind::Chevron) }{ t.reports_title }
        </NavLink>
    }
}

fn view(report: &ReportDetail, t: &'static Texts) -> Html {
    let preliminary = matches!(
        report.status,
        ReportStatus::Preliminary | ReportStatus::Partial
    );
    let print = Callback::from(|_: MouseEvent| {
        if let Some(window) = crate::platform::window() {
            let _ = window.print();
        }
    });
    html! {
        <>
            { back(Some(&report.patient_id), t) }
            <h1>{ &report.title }</h1>
            { badges(false, report.status, t) }
            if preliminary {
                <p class="note" role="note">{ t.report_preliminary_note }</p>
            }
            if report.changed_from.is_some() {
                <p class="note" role="note">{ t.report_changed_note }</p>
            }
            <dl class="facts">
                <dt>{ t.report_patient }</dt><dd>{ &report.patient_name }</dd>
                if let Some(taken) = &report.effective {
                    <dt>{ t.report_taken }</dt><dd>{ when(taken) }</dd>
                }
                if let Some(issued) = &report.issued {
                    <dt>{ t.report_issued }</dt><dd>{ when(issued) }</dd>
                }
                if let Some(by) = &report.performer {
                    <dt>{ t.report_by }</dt><dd>{ by }</dd>
                }
            </dl>
            if !report.lines.is_empty() {
                <table>
                    <caption class="visually-hidden">{ &report.title }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ t.report_item }</th>
                            <th scope="col">{ t.report_result }</th>
                            <th scope="col">{ t.report_range }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for report.lines.iter().map(|l| result_row(l, &report.patient_id, t)) }
                    </tbody>
                </table>
                <p class="muted">{ t.flags_explained }</p>
            }
            if report.kind == ReportKind::Imaging || report.findings.is_some() {
                if let Some(findings) = &report.findings {
                    <section>
                        <h2>{ t.report_findings }</h2>
                        <p class="prose">{ findings }</p>
                    </section>
                }
            }
            if report.conclusion.is_some() || !report.conclusion_codes.is_empty() {
                <section class="card">
                    <h2>{ t.report_impression }</h2>
                    if let Some(conclusion) = &report.conclusion {
                        <p class="prose">{ conclusion }</p>
                    }
                    { for report.conclusion_codes.iter().map(|c| html! { <p class="prose">{ c }</p> }) }
                </section>
            }
            <button type="button" class={classes!(button_style(Variant::Secondary), "back", "no-print")}
                onclick={print}>
                { icon(IconKind::Report) }{ t.report_print }
            </button>
        </>
    }
}

//! A report in a list, and a result line in the results table.

use careway_core::api::reports::{ReportSummary, ResultLine};
use careway_core::reports::{ReportKind, ReportStatus};
use yew::prelude::*;

use crate::app::route::{ReportsQuery, Route};
use crate::i18n::Texts;
use crate::reports::state::{flag_class, flag_words, range_text, value_text, when};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;

/// The badges of a report: new, preliminary, corrected.
pub fn badges(new: bool, status: ReportStatus, t: &Texts) -> Html {
    let preliminary = matches!(status, ReportStatus::Preliminary | ReportStatus::Partial);
    let changed = matches!(status, ReportStatus::Amended | ReportStatus::Corrected);
    if !(new || preliminary || changed) {
        return Html::default();
    }
    html! {
        <span class="badges">
            if new { <span class="badge new">{ t.report_new }</span> }
            if preliminary { <span class="badge warn">{ t.report_preliminary }</span> }
            if changed { <span class="badge info">{ t.report_changed }</span> }
        </span>
    }
}

/// One report in the list, a link to it.
pub fn report_card(report: &ReportSummary, t: &Texts) -> Html {
    let date = report
        .effective
        .as_deref()
        .or(report.issued.as_deref())
        .map(when)
        .unwrap_or_default();
    let summary = match (report.kind, report.flagged) {
        (ReportKind::Imaging, _) => None,
        (ReportKind::Lab, 0) => Some(html! { <span class="muted">{ t.report_all_normal }</span> }),
        (ReportKind::Lab, n) => Some(html! {
            <span class="flagged">{ (t.report_flagged)(n) }</span>
        }),
    };
    html! {
        <li>
            <NavLink to={Route::Report { id: report.id.clone() }} class="report">
                { icon(IconKind::Report) }
                <span class="text">
                    <span class="title">{ &report.title }</span>
                    <span class="muted">{ date }</span>
                    { badges(report.new, report.status, t) }
                    { for summary }
                </span>
                { icon(IconKind::Chevron) }
            </NavLink>
        </li>
    }
}

/// One row of the results table: the value with its flag in words (never colour alone),
/// the range that applies, what it was before a correction, and a link to its trend.
pub fn result_row(line: &ResultLine, patient: &str, t: &Texts) -> Html {
    let flag = line.flag.filter(|f| f.is_out_of_range());
    let class = classes!(
        (line.depth > 0).then_some("member"),
        line.value.is_none().then_some("panel")
    );
    let trend = match (&line.code, line.has_trend) {
        (Some(code), true) => {
            let query = ReportsQuery {
                patient: Some(patient.to_owned()),
                code: Some(code.clone()),
            }
            .to_query();
            let label = AttrValue::from((t.report_trend_of)(&line.name));
            Some(html! {
                <NavLink to={Route::ReportTrend} query={AttrValue::from(query)}
                    class="trend-link" {label}>
                    { t.report_trend }
                </NavLink>
            })
        }
        _ => None,
    };
    html! {
        <tr {class}>
            <td>{ &line.name }{ for trend }</td>
            <td>
                if let Some(value) = &line.value {
                    <span class={classes!("value", flag.map(flag_class))}>
                        { value_text(value) }
                        if let Some(flag) = flag {
                            { " " }{ flag.mark() }
                        }
                    </span>
                }
                if let Some(flag) = flag {
                    <span class={classes!("flag", flag_class(flag))}>{ flag_words(flag, t) }</span>
                }
                if let Some(was) = &line.was {
                    <span class="was">{ (t.report_was)(&value_text(was)) }</span>
                }
                if let Some(note) = &line.note {
                    <span class="muted">{ note }</span>
                }
            </td>
            <td class="range">{ line.range.as_ref().map(range_text).unwrap_or_default() }</td>
        </tr>
    }
}

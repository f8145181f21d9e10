//! One analyte over time (`/reports/trend?patient=&code=`): a line over the normal band,
//! and the same values as a table.

use yew::prelude::*;

use crate::app::router::use_location;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::guard::RequireLogin;
use crate::app::route::{ReportsQuery, Route};
use crate::hooks::{use_session_fetch, FetchState};
use crate::reports::parts::chart::trend_chart;
use crate::reports::parts::style::reports_style;
use crate::ui::button::{button_style, Variant};
use crate::ui::icon::{icon, IconKind};
use crate::ui::nav_link::NavLink;
use crate::ui::status::{loading, notice};

/// The trend page.
#[component]
pub fn TrendPage() -> Html {
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
            <RequireLogin>
                <Chart key={query.to_query()} query={query.clone()} />
            </RequireLogin>
        </div>
    }
}

/// The properties of [`Chart`].
#[derive(Properties, PartialEq)]
struct ChartProps {
    query: ReportsQuery,
}

#[component]
fn Chart(props: &ChartProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let t = locale.t();
    let lang = locale.lang();
    let patient = props.query.patient.clone().unwrap_or_default();
    let code = props.query.code.clone().unwrap_or_default();
    let trend = use_session_fetch(move |lang, signal| async move {
        api::reports::trend(&patient, &code, lang, signal.as_ref()).await
    });
    match &*trend {
        FetchState::Ready(trend) => html! {
            <>
                <h1>{ &trend.name }</h1>
                { trend_chart(trend, t) }
            </>
        },
        FetchState::Failed(error) => html! {
            <>
                <h1>{ t.report_trend }</h1>
                { notice(t.trend_failed, error.message(lang), Some(trend.retry_callback()), meta.phone(), t) }
            </>
        },
        FetchState::Loading => html! {
            <>
                <h1>{ t.report_trend }</h1>
                { loading(t) }
            </>
        },
    }
}

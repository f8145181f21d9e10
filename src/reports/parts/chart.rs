//! The trend chart: an analyte's values over time as a line, over its normal band, with
//! the same values in a table beside it for screen readers and for reading exact numbers.

use careway_core::api::reports::Trend;
use careway_core::number::decimal;
use yew::prelude::*;

use crate::i18n::Texts;
use crate::reports::state::{
    chart, day_number, flag_class, flag_words, number, when, HEIGHT, LEFT, WIDTH,
};

/// The chart and the table of a trend.
pub fn trend_chart(trend: &Trend, t: &Texts) -> Html {
    let points: Vec<(i64, f64)> = trend
        .points
        .iter()
        .filter_map(|p| Some((day_number(&p.effective)?, p.value)))
        .collect();
    let band = trend
        .range
        .as_ref()
        .map_or((None, None), |r| (r.low, r.high));
    let g = chart(&points, band);
    let line = g
        .points
        .iter()
        .map(|(x, y)| format!("{},{}", decimal(*x, 1), decimal(*y, 1)))
        .collect::<Vec<_>>()
        .join(" ");
    let label = (t.trend_chart_label)(&trend.name, trend.points.len());
    // Written as `decimal` writes every number: `{}` of an `f64` would bring the standard
    // library's float printer (~3 KB brotli) into the download for these two.
    let view_box = format!("0 0 {} {}", decimal(WIDTH, 0), decimal(HEIGHT, 0));
    let unit = trend.unit.clone().unwrap_or_default();
    let first = trend
        .points
        .first()
        .map(|p| when(&p.effective))
        .unwrap_or_default();
    let last = trend
        .points
        .last()
        .map(|p| when(&p.effective))
        .unwrap_or_default();
    html! {
        <>
            <svg class="chart" viewBox={view_box} role="img" aria-label={label}>
                if let Some((top, bottom)) = g.band {
                    <rect class="band" x={decimal(LEFT, 1)} y={decimal(top, 1)}
                        width={decimal(WIDTH - LEFT, 1)} height={decimal(bottom - top, 1)} />
                }
                { for g.ticks.iter().map(|(value, y)| html! {
                    <>
                        <line class="axis" x1={decimal(LEFT, 1)} x2={decimal(WIDTH, 1)}
                            y1={decimal(*y, 1)} y2={decimal(*y, 1)} />
                        <text x="2" y={decimal(y + 4.0, 1)}>{ number(*value) }</text>
                    </>
                }) }
                <polyline class="line" points={line} />
                { for g.points.iter().zip(&trend.points).map(|((x, y), p)| {
                    let out = p.flag.is_some_and(|f| f.is_out_of_range());
                    html! {
                        <circle class={classes!("dot", out.then_some("out"))}
                            cx={decimal(*x, 1)} cy={decimal(*y, 1)} r="5" />
                    }
                }) }
                <text x={decimal(LEFT, 1)} y={decimal(HEIGHT - 1.0, 1)}>{ first.get(..10).unwrap_or_default().to_owned() }</text>
                <text x={decimal(WIDTH - 10.0, 1)} y={decimal(HEIGHT - 1.0, 1)} text-anchor="end">
                    { last.get(..10).unwrap_or_default().to_owned() }
                </text>
            </svg>
            if g.band.is_some() {
                <p class="muted">{ t.trend_band }{ ": " }
                    { trend.range.as_ref().map(crate::reports::state::range_text).unwrap_or_default() }
                    { " " }{ unit.clone() }
                </p>
            }
            <table>
                <thead>
                    <tr><th scope="col">{ t.trend_date }</th><th scope="col">{ t.report_result }</th></tr>
                </thead>
                <tbody>
                    { for trend.points.iter().rev().map(|p| {
                        let flag = p.flag.filter(|f| f.is_out_of_range());
                        html! {
                            <tr>
                                <td>{ when(&p.effective) }</td>
                                <td>
                                    <span class={classes!("value", flag.map(flag_class))}>
                                        { format!("{} {unit}", number(p.value)) }
                                        if let Some(flag) = flag { { " " }{ flag.mark() } }
                                    </span>
                                    if let Some(flag) = flag {
                                        <span class={classes!("flag", flag_class(flag))}>{ flag_words(flag, t) }</span>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </>
    }
}

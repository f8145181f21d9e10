//! A floor plan with the route's part on it: the floor's outline, its rooms (the
//! destination highlighted), the path, and markers where the walk starts and ends on this
//! floor. North is up, as on the hospital's own signs. Zoomed in, the plan grows inside a
//! box that scrolls (by finger, mouse wheel or the arrow keys), so no part is cut off.

use careway_core::locale::Lang;
use careway_core::navigation::{Level, Place, PlaceKind, Segment, Venue};
use careway_core::number::decimal;
use yew::prelude::*;

use crate::navigation::state::{Frame, LABEL_ROOM};

/// Where on the whole route a floor's part is: whether the walk starts and ends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ends {
    /// The route starts on this floor ("you are here").
    pub starts: bool,
    /// The route ends on this floor (the destination).
    pub ends: bool,
}

/// How a floor plan is shown: its name for screen readers, its size and the box it
/// scrolls in.
pub struct View<'a> {
    /// What the drawing shows ("3F floor plan"), read out in place of the picture.
    pub label: String,
    /// The size, in percent of the width available (see [`crate::navigation::state::ZOOMS`]).
    pub zoom: u16,
    /// The scrolling box, which the page centres on the route after a zoom.
    pub boxed: &'a NodeRef,
    /// The language of the destination's label.
    pub lang: Lang,
}

/// The drawing of `level` with the route's `segments` on it; `to` is the destination.
/// The route's start and destination get their markers; where the walk leaves or reaches
/// this floor by a lift or stairs, a ring marks the change.
pub fn floor_plan(
    venue: &Venue,
    level: &Level,
    segments: &[&Segment],
    to: &Place,
    ends: Ends,
    view: View<'_>,
) -> Html {
    let View {
        label,
        zoom,
        boxed,
        lang,
    } = view;
    let path_points: Vec<[f64; 2]> = segments
        .iter()
        .flat_map(|s| s.points.iter().copied())
        .collect();
    // The part of the floor the route is on, with room around it: a long floor drawn whole
    // would make the route too small to follow on a phone.
    let mut focus = path_points.clone();
    if to.level == level.id {
        focus.extend(to.polygon.iter().copied());
    }
    // The floor's own frame leaves room for the destination's name beside a room at the
    // floor's edge.
    let floor = Frame::around(&level.outline, 3.0 + LABEL_ROOM);
    let frame = Frame::around(&focus, 12.0).within(&floor);
    let places = venue.places.iter().filter(|p| p.level == level.id);
    let start = path_points.first().map(|&p| frame.to_svg(p));
    let end = path_points.last().map(|&p| frame.to_svg(p));
    let zoomed = zoom > 100;
    html! {
        // Focusable when it scrolls, so the arrow keys can move a zoomed plan.
        <div class="plan-box" ref={boxed.clone()} tabindex={zoomed.then_some("0")}>
        <svg class={classes!("plan", zoomed.then_some("zoomed"))} viewBox={frame.view_box()}
            role="img" aria-label={label} preserveAspectRatio="xMidYMid meet"
            style={zoomed.then(|| format!("width: {zoom}%"))}>
            <polygon class="outline" points={frame.svg_points(&level.outline)} />
            { for places.map(|p| {
                let class = classes!(
                    "room",
                    (p.id == to.id).then_some("target"),
                    matches!(p.kind, PlaceKind::Elevator | PlaceKind::Stairs | PlaceKind::Escalator).then_some("way")
                );
                html! { <polygon {class} points={frame.svg_points(&p.polygon)} /> }
            }) }
            { for segments.iter().map(|s| html! {
                <polyline class="path" points={frame.svg_points(&s.points)} />
            }) }
            if let Some((x, y)) = start {
                <circle class={if ends.starts { "start" } else { "change" }}
                    cx={decimal(x, 1)} cy={decimal(y, 1)} r="2.2" />
            }
            if let Some((x, y)) = end {
                <circle class={if ends.ends { "end" } else { "change" }}
                    cx={decimal(x, 1)} cy={decimal(y, 1)} r="2.2" />
            }
            if to.level == level.id {
                { label_for(&frame, to, end, lang) }
            }
        </svg>
        </div>
    }
}

/// The destination's name on the plan, beside its room on the side away from the end
/// marker (`end`), so neither hides the other.
fn label_for(frame: &Frame, place: &Place, end: Option<(f64, f64)>, lang: Lang) -> Html {
    let (x, y) = frame.label_at(&place.polygon, end);
    html! {
        <text class="target-name" x={decimal(x, 1)} y={decimal(y, 1)} text-anchor="middle">
            { place.name.get(lang) }
        </text>
    }
}

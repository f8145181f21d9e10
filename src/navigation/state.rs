//! What the navigation page works out, as plain functions: which places a search finds,
//! where a route starts, and how a floor is drawn (its view box, and metres turned into
//! drawing coordinates with north up).

use careway_core::locale::Lang;
use careway_core::navigation::{Mode, Place, PlaceKind, Planner, Search, Venue};
use careway_core::number::decimal;

/// The anchor a kiosk stands at when nothing else is said.
pub const KIOSK_ANCHOR: &str = "kiosk-main-entrance";

/// Places a patient may be sent to: everything but the lifts, stairs and escalators,
/// which are ways, not destinations.
pub fn is_destination(place: &Place) -> bool {
    !matches!(
        place.kind,
        PlaceKind::Elevator | PlaceKind::Stairs | PlaceKind::Escalator
    )
}

/// The places whose name (in either language, any case) contains every word of `text`,
/// at most `limit`, in the venue's order; nothing for an empty search. Case is folded for
/// ASCII letters only: the names are Chinese (no case) and English, and full Unicode
/// case folding would bring its tables (~20 KB) into the app's WebAssembly.
pub fn search<'a>(venue: &'a Venue, text: &str, limit: usize) -> Vec<&'a Place> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    venue
        .places
        .iter()
        .filter(|p| is_destination(p))
        .filter(|p| {
            let name = format!("{} {} {}", p.name.zh, p.name.en, p.id).to_ascii_lowercase();
            words.iter().all(|w| name.contains(w.as_str()))
        })
        .take(limit)
        .collect()
}

/// The nearest place of `kind` (a pharmacy, a toilet…) from node `from` in `mode`, for the
/// quick choices: "the toilet" means the closest one that can be reached.
pub fn nearest_of<'a>(
    planner: &'a Planner,
    from: &str,
    kind: PlaceKind,
    mode: Mode,
) -> Option<&'a Place> {
    planner
        .venue()
        .places
        .iter()
        .filter(|p| p.kind == kind)
        .filter_map(|p| Some((planner.distance(from, &p.id, mode, Search::AStar)?, p)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| p)
}

/// Where a route starts, as a node id and its name: the anchor `from` names (a wall sign
/// or a kiosk), else the kiosk's own anchor on a kiosk, else the main entrance.
pub fn start<'a>(
    venue: &'a Venue,
    from: Option<&str>,
    kiosk: bool,
    lang: Lang,
) -> Option<(&'a str, &'a str)> {
    let anchor = from
        .and_then(|id| venue.anchor(id))
        .or_else(|| kiosk.then(|| venue.anchor(KIOSK_ANCHOR)).flatten());
    if let Some(anchor) = anchor {
        return Some((anchor.node.as_str(), anchor.name.get(lang)));
    }
    venue
        .main_entrance()
        .map(|p| (p.door.as_str(), p.name.get(lang)))
}

/// A floor's drawing frame: the bounds of its outline (metres) with a margin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// West edge.
    pub min_x: f64,
    /// South edge.
    pub min_y: f64,
    /// East edge.
    pub max_x: f64,
    /// North edge.
    pub max_y: f64,
}

impl Frame {
    /// The frame around `points`, with `margin` metres all round.
    pub fn around(points: &[[f64; 2]], margin: f64) -> Frame {
        let mut f = Frame {
            min_x: f64::INFINITY,
            min_y: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            max_y: f64::NEG_INFINITY,
        };
        for &[x, y] in points {
            f.min_x = f.min_x.min(x);
            f.min_y = f.min_y.min(y);
            f.max_x = f.max_x.max(x);
            f.max_y = f.max_y.max(y);
        }
        if !f.min_x.is_finite() {
            return Frame {
                min_x: 0.0,
                min_y: 0.0,
                max_x: 1.0,
                max_y: 1.0,
            };
        }
        Frame {
            min_x: f.min_x - margin,
            min_y: f.min_y - margin,
            max_x: f.max_x + margin,
            max_y: f.max_y + margin,
        }
    }

    /// This frame cut to `outer` (a floor's own frame); the whole of `outer` when they do
    /// not overlap.
    pub fn within(&self, outer: &Frame) -> Frame {
        let cut = Frame {
            min_x: self.min_x.max(outer.min_x),
            min_y: self.min_y.max(outer.min_y),
            max_x: self.max_x.min(outer.max_x),
            max_y: self.max_y.min(outer.max_y),
        };
        if cut.min_x < cut.max_x && cut.min_y < cut.max_y {
            cut
        } else {
            *outer
        }
    }

    /// The SVG view box.
    pub fn view_box(&self) -> String {
        format!(
            "0 0 {} {}",
            decimal(self.max_x - self.min_x, 1),
            decimal(self.max_y - self.min_y, 1)
        )
    }

    /// A point in drawing coordinates: east to the right, north up.
    pub fn to_svg(&self, [x, y]: [f64; 2]) -> (f64, f64) {
        (x - self.min_x, self.max_y - y)
    }

    /// Where a room's name goes on the plan, in drawing coordinates: centred on the room,
    /// on its side away from `marker` (the end of the route, at the room's door), so the
    /// name is read beside the marker instead of under it. The baseline is below the room
    /// when the room lies below the marker, above it otherwise; without a marker, at the
    /// room's middle. `polygon` is the room's outline in metres.
    pub fn label_at(&self, polygon: &[[f64; 2]], marker: Option<(f64, f64)>) -> (f64, f64) {
        let drawn: Vec<(f64, f64)> = polygon.iter().map(|&p| self.to_svg(p)).collect();
        let n = drawn.len().max(1) as f64;
        let x = drawn.iter().map(|p| p.0).sum::<f64>() / n;
        let middle = drawn.iter().map(|p| p.1).sum::<f64>() / n;
        let top = drawn.iter().map(|p| p.1).fold(middle, f64::min);
        let bottom = drawn.iter().map(|p| p.1).fold(middle, f64::max);
        match marker {
            // The name's letters are 4 units tall (`.target-name`), and hang above the
            // baseline: below the room, the baseline is a letter's height and a gap down.
            Some((_, y)) if middle >= y => (x, bottom + LABEL_GAP + LABEL_SIZE),
            Some(_) => (x, top - LABEL_GAP),
            None => (x, middle),
        }
    }

    /// `points` as an SVG `points` attribute.
    pub fn svg_points(&self, points: &[[f64; 2]]) -> String {
        points
            .iter()
            .map(|&p| {
                let (x, y) = self.to_svg(p);
                format!("{},{}", decimal(x, 1), decimal(y, 1))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The height of a room's name on a plan, in drawing units (metres); the style's
/// `.target-name` font size.
pub const LABEL_SIZE: f64 = 4.0;

/// The space between a room and its name, in drawing units.
const LABEL_GAP: f64 = 1.5;

/// The space a room's name takes beside its room: a plan's frame leaves this much beyond
/// the floor's outline so a name beside a room at the edge is not cut off.
pub const LABEL_ROOM: f64 = LABEL_GAP + LABEL_SIZE;

/// The sizes a floor plan can be drawn at, in percent of the space it has: the plan
/// grows and the box around it scrolls, so every part of it stays reachable.
pub const ZOOMS: [u16; 4] = [100, 150, 200, 300];

/// The next size up (`bigger`) or down from `now`; `None` at the end of [`ZOOMS`].
pub fn zoom_step(now: u16, bigger: bool) -> Option<u16> {
    if bigger {
        ZOOMS.iter().copied().find(|&z| z > now)
    } else {
        ZOOMS.iter().rev().copied().find(|&z| z < now)
    }
}

/// Minutes to walk, rounded up, at least one.
pub fn minutes(seconds: f64) -> u32 {
    ((seconds / 60.0).ceil() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use careway_core::navigation::demo_venue;

    use super::*;

    #[test]
    fn a_rooms_name_sits_on_the_side_away_from_the_marker_at_its_door() {
        let frame = Frame::around(&[[0.0, 0.0], [20.0, 20.0]], 0.0);
        // A room 4 m wide, from 6 to 10 m north; drawn, its top is at 10 and bottom at 14.
        let room = [[8.0, 6.0], [12.0, 6.0], [12.0, 10.0], [8.0, 10.0]];
        // Door on the north side (the marker above the room): the name goes below it.
        let (x, y) = frame.label_at(&room, Some((10.0, 10.0)));
        assert_eq!(x, 10.0);
        assert!(
            y - LABEL_SIZE > 14.0,
            "the letters start below the room: {y}"
        );
        // Door on the south side: the name goes above the room, clear of its top.
        let (_, y) = frame.label_at(&room, Some((10.0, 14.0)));
        assert!(y < 10.0, "the baseline is above the room: {y}");
        // No marker on this floor: the middle of the room.
        assert_eq!(frame.label_at(&room, None), (10.0, 12.0));
    }

    #[test]
    fn zoom_steps_up_and_down_and_stops_at_the_ends() {
        assert_eq!(zoom_step(100, true), Some(150));
        assert_eq!(zoom_step(150, true), Some(200));
        assert_eq!(zoom_step(300, true), None);
        assert_eq!(zoom_step(200, false), Some(150));
        assert_eq!(zoom_step(100, false), None);
    }

    #[test]
    fn a_search_finds_places_by_either_languages_words() {
        let venue = demo_venue();
        let zh = search(&venue, "药房", 10);
        assert!(!zh.is_empty());
        assert!(zh.iter().all(|p| p.name.zh.contains("药房")));
        let en = search(&venue, "PHARMACY", 10);
        assert_eq!(zh.len(), en.len());
        assert!(search(&venue, "  ", 10).is_empty());
        assert!(search(&venue, "no such place", 10).is_empty());
        // Lifts are ways, not places to go.
        assert!(search(&venue, "elevator", 50).is_empty());
        assert!(search(&venue, "a", 3).len() <= 3);
    }

    #[test]
    fn a_route_starts_at_the_sign_the_kiosk_or_the_entrance() {
        let venue = demo_venue();
        let sign = venue
            .anchors
            .iter()
            .find(|a| a.id.starts_with("qr-"))
            .unwrap();
        assert_eq!(
            start(&venue, Some(&sign.id), false, Lang::ZhCn).unwrap().0,
            sign.node
        );
        let kiosk = venue.anchor(KIOSK_ANCHOR).unwrap();
        assert_eq!(start(&venue, None, true, Lang::En).unwrap().0, kiosk.node);
        // An unknown sign falls back rather than failing.
        let entrance = venue.main_entrance().unwrap();
        assert_eq!(
            start(&venue, Some("qr-nowhere"), false, Lang::En)
                .unwrap()
                .0,
            entrance.door
        );
    }

    #[test]
    fn quick_choices_are_the_nearest_reachable_place_of_their_kind() {
        let venue = demo_venue();
        let planner = Planner::new(&venue);
        let kiosk = venue.anchor(KIOSK_ANCHOR).unwrap();
        let kiosk_level = &venue
            .nodes
            .iter()
            .find(|n| n.id == kiosk.node)
            .unwrap()
            .level;
        let toilet = nearest_of(&planner, &kiosk.node, PlaceKind::Toilet, Mode::WALKING).unwrap();
        assert_eq!(
            &toilet.level, kiosk_level,
            "a toilet on the kiosk's own floor"
        );
        let nearest = planner
            .distance(&kiosk.node, &toilet.id, Mode::WALKING, Search::AStar)
            .unwrap();
        for other in venue.places.iter().filter(|p| p.kind == PlaceKind::Toilet) {
            let d = planner.distance(&kiosk.node, &other.id, Mode::WALKING, Search::AStar);
            assert!(d.is_none_or(|d| d >= nearest), "{} is nearer", other.id);
        }
        let payment = nearest_of(&planner, &kiosk.node, PlaceKind::Payment, Mode::WALKING).unwrap();
        assert!(!payment.id.contains("parking"), "{}", payment.id);
    }

    #[test]
    fn floors_are_drawn_north_up_inside_their_frame() {
        let frame = Frame::around(&[[0.0, 0.0], [60.0, 30.0]], 2.0);
        assert_eq!(frame.view_box(), "0 0 64 34");
        // The north-west corner is at the top left.
        assert_eq!(frame.to_svg([0.0, 30.0]), (2.0, 2.0));
        assert_eq!(frame.to_svg([60.0, 0.0]), (62.0, 32.0));
        assert_eq!(frame.svg_points(&[[0.0, 0.0], [1.0, 1.0]]), "2,32 3,31");
        assert_eq!(Frame::around(&[], 1.0).view_box(), "0 0 1 1");
        // A route's part of a floor stays on the floor.
        let floor = Frame::around(&[[0.0, 0.0], [100.0, 20.0]], 0.0);
        let near = Frame::around(&[[90.0, 10.0]], 15.0).within(&floor);
        assert_eq!(
            (near.min_x, near.max_x, near.min_y, near.max_y),
            (75.0, 100.0, 0.0, 20.0)
        );
        let apart = Frame::around(&[[500.0, 500.0]], 1.0).within(&floor);
        assert_eq!(apart, floor);
    }

    #[test]
    fn walking_time_reads_in_whole_minutes() {
        assert_eq!(minutes(0.0), 1);
        assert_eq!(minutes(61.0), 2);
        assert_eq!(minutes(120.0), 2);
    }
}

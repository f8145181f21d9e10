//! Turn-by-turn instructions in both languages, from the route's geometry and the places
//! along it: which way to head, where to turn (bends under [`BEND_DEG`] are ignored),
//! which lift, escalator or stairs to take to which level, what to walk past, and on which
//! side the destination's door is. Deterministic: the same route gives the same words.

use serde::{Deserialize, Serialize};

use super::model::EdgeKind;
use super::planner::{Path, Planner};
use crate::api::LocalText;

/// Bends smaller than this (degrees) are "keep going", not a turn.
pub const BEND_DEG: f64 = 30.0;
/// A stretch this short (metres) is a doorway, folded into the next instruction.
const DOORWAY_M: f64 = 2.5;
/// A place whose door is this close (metres) to the path can be named as passed.
const LANDMARK_M: f64 = 3.0;

/// One instruction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Level id the instruction is carried out on (the arrival level for a ride).
    pub level: String,
    /// What to do, in both languages.
    pub text: LocalText,
    /// Metres walked or ridden in this step.
    pub distance_m: f64,
}

#[derive(Clone, Copy, PartialEq)]
enum Turn {
    Left,
    Right,
    Straight,
}

impl Turn {
    fn between(a: [f64; 2], b: [f64; 2]) -> Turn {
        let angle = cross(a, b).atan2(dot(a, b)).to_degrees();
        if angle.abs() < BEND_DEG {
            Turn::Straight
        } else if angle > 0.0 {
            Turn::Left
        } else {
            Turn::Right
        }
    }
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Turn::Left => ("左转", "turn left"),
            Turn::Right => ("右转", "turn right"),
            Turn::Straight => ("直行", "go straight"),
        }
    }
}

fn cross(a: [f64; 2], b: [f64; 2]) -> f64 {
    a[0] * b[1] - a[1] * b[0]
}
fn dot(a: [f64; 2], b: [f64; 2]) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}
fn sub(a: [f64; 2], b: [f64; 2]) -> [f64; 2] {
    [a[0] - b[0], a[1] - b[1]]
}
fn norm(a: [f64; 2]) -> f64 {
    a[0].hypot(a[1])
}

/// A straight run of a walk.
struct Stretch {
    a: [f64; 2],
    b: [f64; 2],
    len: f64,
}

impl Stretch {
    fn dir(&self) -> [f64; 2] {
        sub(self.b, self.a)
    }
}

/// A piece of the path: walking on one level, or riding/climbing between levels.
enum Leg {
    Walk(Vec<u32>),
    Ride {
        kind: EdgeKind,
        from: u32,
        to: u32,
        len: f64,
    },
}

fn legs(p: &Planner, path: &Path) -> Vec<Leg> {
    let mut legs = Vec::new();
    let mut walk = vec![path.nodes[0]];
    for (i, &e) in path.edges.iter().enumerate() {
        let (u, v) = (path.nodes[i], path.nodes[i + 1]);
        let edge = &p.venue.edges[e as usize];
        let len = edge_len(p, u, v, e);
        if p.level[u as usize] == p.level[v as usize] {
            walk.push(v);
            continue;
        }
        if walk.len() > 1 {
            legs.push(Leg::Walk(std::mem::take(&mut walk)));
        }
        walk = vec![v];
        match legs.last_mut() {
            Some(Leg::Ride {
                kind, to, len: l, ..
            }) if *kind == edge.kind && *to == u => {
                *to = v;
                *l += len;
            }
            _ => legs.push(Leg::Ride {
                kind: edge.kind,
                from: u,
                to: v,
                len,
            }),
        }
    }
    if walk.len() > 1 {
        legs.push(Leg::Walk(walk));
    }
    legs
}

fn edge_len(p: &Planner, u: u32, v: u32, e: u32) -> f64 {
    let edge = &p.venue.edges[e as usize];
    edge.length
        .unwrap_or_else(|| {
            let (a, b) = (&p.venue.nodes[u as usize], &p.venue.nodes[v as usize]);
            let s = p.venue.levels[p.level[u as usize] as usize].ordinal
                - p.venue.levels[p.level[v as usize] as usize].ordinal;
            super::model::geometric_length(a, b, s)
        })
        .max(0.0)
}

fn stretches(p: &Planner, nodes: &[u32]) -> Vec<Stretch> {
    let mut out: Vec<Stretch> = Vec::new();
    for w in nodes.windows(2) {
        let (a, b) = (p.xy[w[0] as usize], p.xy[w[1] as usize]);
        let len = norm(sub(b, a));
        if len < 1e-9 {
            continue;
        }
        match out.last_mut() {
            Some(s) if Turn::between(s.dir(), sub(b, a)) == Turn::Straight => {
                s.b = b;
                s.len += len;
            }
            _ => out.push(Stretch { a, b, len }),
        }
    }
    out
}

fn name(p: &Planner, place: u32) -> &LocalText {
    &p.venue.places[place as usize].name
}

fn level_name(p: &Planner, node: u32) -> &LocalText {
    &p.venue.levels[p.level[node as usize] as usize].name
}

fn level_id(p: &Planner, node: u32) -> String {
    p.venue.levels[p.level[node as usize] as usize].id.clone()
}

/// The landmark passed last on a stretch: a landmark-kind place whose door is within
/// [`LANDMARK_M`] of it, not beside the stretch's start (4 m) or end (2 m), not on the
/// route itself.
fn landmark(p: &Planner, level: u32, s: &Stretch, skip: &[u32]) -> Option<u32> {
    let d = s.dir();
    let mut best: Option<(f64, u32)> = None;
    for &pl in &p.level_places[level as usize] {
        let place = &p.venue.places[pl as usize];
        let door = p.place_door[pl as usize];
        if !place.kind.is_landmark() || skip.contains(&door) {
            continue;
        }
        let v = sub(p.xy[door as usize], s.a);
        let along = dot(v, d) / s.len;
        let off = (cross(d, v) / s.len).abs();
        if off <= LANDMARK_M
            && along >= 4.0
            && along <= s.len - 2.0
            && best.is_none_or(|(b, _)| along > b + 1e-9)
        {
            best = Some((along, pl));
        }
    }
    best.map(|b| b.1)
}

const ORDINALS: [(&str, &str); 5] = [
    ("一", "first"),
    ("二", "second"),
    ("三", "third"),
    ("四", "fourth"),
    ("五", "fifth"),
];

fn cardinal(d: [f64; 2]) -> (&'static str, &'static str) {
    if d[0].abs() >= d[1].abs() {
        if d[0] >= 0.0 {
            ("东", "east")
        } else {
            ("西", "west")
        }
    } else if d[1] >= 0.0 {
        ("北", "north")
    } else {
        ("南", "south")
    }
}

fn ride_words(kind: EdgeKind) -> (&'static str, &'static str) {
    match kind {
        EdgeKind::Elevator => ("电梯", "the elevator"),
        EdgeKind::Escalator => ("扶梯", "the escalator"),
        _ => ("楼梯间", "the stairwell"),
    }
}

/// The instructions for `path`, which ends at the door of place `dest`.
pub(crate) fn describe(p: &Planner, path: &Path, dest: u32) -> Vec<Step> {
    let legs = legs(p, path);
    let mut steps = Vec::new();
    let dest_name = name(p, dest);
    let mut after_ride: Option<EdgeKind> = None;
    let mut arrived = false;
    let mut enter: Option<Turn> = None;
    for (li, leg) in legs.iter().enumerate() {
        match leg {
            Leg::Ride {
                kind,
                from,
                to,
                len,
            } => {
                let up = p.venue.levels[p.level[*to as usize] as usize].ordinal
                    > p.venue.levels[p.level[*from as usize] as usize].ordinal;
                let (zh_dir, en_dir) = if up { ("上", "up") } else { ("下", "down") };
                let zh_verb = if *kind == EdgeKind::Stairs {
                    "走"
                } else {
                    "乘"
                };
                // Lifts are told apart by name ("Elevator C"); an escalator or a flight of
                // stairs is simply "the escalator" / "the stairs" in English.
                let via = p.door_place[*from as usize];
                let zh_via = match via {
                    u32::MAX => ride_words(*kind).0,
                    _ => name(p, via).zh.as_str(),
                };
                let en_via = match (via, kind) {
                    (u32::MAX, EdgeKind::Elevator) => "the elevator",
                    (_, EdgeKind::Elevator) => name(p, via).en.as_str(),
                    (_, EdgeKind::Escalator) => "the escalator",
                    _ => "the stairs",
                };
                let lv = level_name(p, *to);
                let (ez, ee) = match enter.take() {
                    Some(t) => (t.words().0, format!("{} and take", cap(t.words().1))),
                    None => ("", "Take".to_owned()),
                };
                steps.push(Step {
                    level: level_id(p, *to),
                    text: LocalText {
                        zh: spaced(&format!("{ez}{zh_verb}{zh_via}{zh_dir}到{}。", lv.zh)),
                        en: format!("{ee} {en_via} {en_dir} to {}.", lv.en),
                    },
                    distance_m: *len,
                });
                after_ride = Some(*kind);
            }
            Leg::Walk(nodes) => {
                let last_leg = li + 1 == legs.len();
                let level = p.level[nodes[0] as usize];
                let mut ss = stretches(p, nodes);
                let mut lead = None;
                if ss.len() >= 2 && ss[0].len <= DOORWAY_M {
                    lead = Some(Turn::between(ss[0].dir(), ss[1].dir()));
                    ss.remove(0);
                }
                let mut arrival = None;
                let short_end = ss.last().is_some_and(|s| s.len <= DOORWAY_M);
                if last_leg && ss.len() >= 2 && short_end {
                    let door = ss.pop().map(|s| s.b).unwrap_or_default();
                    arrival = Some(side_and_ordinal(p, level, &ss[ss.len() - 1], door));
                } else if !last_leg && short_end {
                    // Stepping into the lift or onto the stairs: said with the ride.
                    let into = ss.pop().map(|s| s.dir()).unwrap_or_default();
                    enter = ss.last().map(|s| Turn::between(s.dir(), into));
                }
                for (k, s) in ss.iter().enumerate() {
                    let d = crate::number::decimal(s.len, 0);
                    let (mut zh, mut en) = if k > 0 {
                        let (tz, te) = Turn::between(ss[k - 1].dir(), s.dir()).words();
                        (
                            format!("{tz}，走{d}米"),
                            format!("{} and walk {d} m", cap(te)),
                        )
                    } else if let Some(kind) = after_ride {
                        let (rz, re) = ride_words(kind);
                        match lead {
                            Some(t) => {
                                let (tz, te) = t.words();
                                (
                                    format!("出{rz}{tz}，走{d}米"),
                                    format!("Leave {re}, {te} and walk {d} m"),
                                )
                            }
                            None => (
                                format!("出{rz}，走{d}米"),
                                format!("Leave {re} and walk {d} m"),
                            ),
                        }
                    } else {
                        let (cz, ce) = cardinal(s.dir());
                        (format!("向{cz}走{d}米"), format!("Head {ce} for {d} m"))
                    };
                    if let Some(l) = landmark(p, level, s, &path.nodes) {
                        let n = name(p, l);
                        zh.push_str(&format!("，经过{}", n.zh));
                        en.push_str(&format!(", passing {}", n.en));
                    }
                    steps.push(Step {
                        level: level_id(p, nodes[0]),
                        text: LocalText {
                            zh: spaced(&(zh + "。")),
                            en: en + ".",
                        },
                        distance_m: s.len,
                    });
                }
                if last_leg {
                    steps.push(arrive(p, dest, dest_name, arrival));
                    arrived = true;
                }
                after_ride = None;
            }
        }
    }
    if !arrived {
        steps.push(arrive(p, dest, dest_name, None));
    }
    steps
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Which side of the last stretch the door is on, and how many doors on that side the
/// patient passes up to and including it (counted along the stretch).
fn side_and_ordinal(p: &Planner, level: u32, s: &Stretch, door: [f64; 2]) -> (Turn, usize) {
    let d = s.dir();
    let side_of = |pt: [f64; 2]| cross(d, sub(pt, s.a));
    let side = if side_of(door) > 0.0 {
        Turn::Left
    } else {
        Turn::Right
    };
    let target = dot(sub(door, s.a), d) / s.len;
    let mut doors: Vec<[f64; 2]> = p.level_places[level as usize]
        .iter()
        .map(|&pl| p.xy[p.place_door[pl as usize] as usize])
        .filter(|&pt| {
            let off = side_of(pt) / s.len;
            let along = dot(sub(pt, s.a), d) / s.len;
            (off > 0.1) == (side == Turn::Left)
                && off.abs() > 0.1
                && off.abs() <= DOORWAY_M
                && along > 0.5
                && along <= target + 1e-6
        })
        .collect();
    doors.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    doors.dedup();
    (side, doors.len())
}

fn arrive(p: &Planner, dest: u32, n: &LocalText, arrival: Option<(Turn, usize)>) -> Step {
    let level = p.place_door[dest as usize];
    let text = match arrival {
        Some((side, count)) => {
            let (sz, se) = match side {
                Turn::Left => ("左", "left"),
                _ => ("右", "right"),
            };
            match ORDINALS.get(count.wrapping_sub(1)) {
                Some((oz, oe)) => LocalText {
                    zh: format!("{sz}侧第{oz}间就是{}。", n.zh),
                    en: format!("{} is the {oe} door on your {se}.", n.en),
                },
                None => LocalText {
                    zh: format!("{}在{sz}侧。", n.zh),
                    en: format!("{} is on your {se}.", n.en),
                },
            }
        }
        None => LocalText {
            zh: format!("到达{}。", n.zh),
            en: format!("Arrive at {}.", n.en),
        },
    };
    Step {
        level: level_id(p, level),
        text: LocalText {
            zh: spaced(&text.zh),
            en: text.en,
        },
        distance_m: 0.0,
    }
}

/// Chinese typesetting: a space between an ideograph and a Latin letter or digit
/// ("乘 C 电梯到 3 楼"), so templates need not care which names hold which.
fn spaced(s: &str) -> String {
    let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(p) = prev {
            if (cjk(p) && c.is_ascii_alphanumeric()) || (p.is_ascii_alphanumeric() && cjk(c)) {
                out.push(' ');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_gets_a_space_between_ideographs_and_latin() {
        assert_eq!(spaced("乘C电梯到3楼。"), "乘 C 电梯到 3 楼。");
        assert_eq!(
            spaced("左侧第二间就是3-12 诊室"),
            "左侧第二间就是 3-12 诊室"
        );
        assert_eq!(spaced("出电梯右转，走24米"), "出电梯右转，走 24 米");
    }

    #[test]
    fn small_bends_are_straight_and_turns_have_a_side() {
        assert!(Turn::between([1.0, 0.0], [1.0, 0.3]) == Turn::Straight);
        assert!(Turn::between([1.0, 0.0], [0.0, 1.0]) == Turn::Left);
        assert!(Turn::between([1.0, 0.0], [0.2, -1.0]) == Turn::Right);
        assert_eq!(cardinal([-3.0, 1.0]), ("西", "west"));
    }
}

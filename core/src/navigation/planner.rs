//! The route planner: shortest walking route from a node to a place over all levels,
//! step-free on request, never through staff-only or closed edges, escalators one way.
//!
//! [`Planner::new`] flattens the venue once into index arrays (compressed adjacency) so
//! each route is a few microseconds; [`plan`] is the one-off convenience.
//!
//! A* or Dijkstra: both are exact here (the A* heuristic is a lower bound derived from
//! the venue's own edges, see [`Planner::new`]); the default [`Search`] is the one that
//! measured faster on the demo venue, figures on [`Search`].

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::model::{geometric_length, EdgeKind, Venue};
use super::steps::{describe, Step};
use crate::api::LocalText;

/// How the patient travels.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mode {
    /// No stairs and no escalators (wheelchair, walker, pram): elevators, ramps, corridors
    /// and doors only.
    pub step_free: bool,
    /// Walking speed in m/s, which turns distance into time.
    pub pace: f64,
}

impl Mode {
    /// A typical adult's pace.
    pub const WALKING: Mode = Mode {
        step_free: false,
        pace: 1.2,
    };
    /// An elderly patient's pace, so the time shown is honest.
    pub const ELDER: Mode = Mode {
        step_free: false,
        pace: 0.8,
    };
    /// Step-free at a wheelchair's pace.
    pub const WHEELCHAIR: Mode = Mode {
        step_free: true,
        pace: 0.9,
    };
}

impl Default for Mode {
    fn default() -> Self {
        Mode::WALKING
    }
}

/// Which shortest-path search to run; both give the same distance.
///
/// Measured on the demo venue (1 093 nodes, 1 124 edges; 10 000 random door → place
/// pairs; release build, native, two shared cores, two runs;
/// `cargo run --release -p careway-core --example route_bench`), search only:
/// A* p50 8–10 µs, p99 41–51 µs; Dijkstra p50 21–24 µs, p99 46–95 µs, in either mode.
/// A* settles far fewer nodes (the floors are long corridors), so it is the default;
/// building the route and its steps adds about 10 µs to either.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Search {
    /// A* with the admissible, consistent heuristic built in [`Planner::new`].
    #[default]
    AStar,
    /// Plain Dijkstra.
    Dijkstra,
}

/// A planned route.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// The path as polylines, one per stretch on a level, in order (for drawing).
    pub segments: Vec<Segment>,
    /// Total cost in walking-equivalent metres.
    pub distance_m: f64,
    /// Time at the mode's pace.
    pub seconds: f64,
    /// Turn-by-turn instructions in both languages.
    pub steps: Vec<Step>,
    /// Ids of the edges taken, in order, so the app can show which lift or door is meant
    /// and a report of a closed corridor can name it.
    pub edges: Vec<String>,
}

/// Part of a route on one level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Level id.
    pub level: String,
    /// Points in metres, in walking order.
    pub points: Vec<[f64; 2]>,
}

/// Why no route was given.
#[derive(Clone, Debug, PartialEq)]
pub enum RouteError {
    /// An id the venue does not have: `what` is `"node"` or `"place"`.
    Unknown {
        /// Kind of id.
        what: &'static str,
        /// The id asked for.
        id: String,
    },
    /// No usable path; `reason` says why in both languages.
    Unreachable {
        /// Why, for the patient.
        reason: LocalText,
        /// When step-free failed but a route with stairs or escalators exists, that route
        /// (boxed so the error, and every `Result` carrying it, stays small).
        alternative: Option<Box<Route>>,
    },
}

/// A venue flattened for routing: build once, plan many routes.
#[derive(Clone, Debug)]
pub struct Planner {
    /// Shared, not copied: the app keeps drawing from the same venue it routes on.
    pub(crate) venue: Rc<Venue>,
    node_index: HashMap<String, u32>,
    place_index: HashMap<String, u32>,
    /// Door node of each place.
    pub(crate) place_door: Vec<u32>,
    /// Place whose door is at each node (first such), or `u32::MAX`.
    pub(crate) door_place: Vec<u32>,
    /// Coordinates of each node.
    pub(crate) xy: Vec<[f64; 2]>,
    /// Index into `venue.levels` of each node.
    pub(crate) level: Vec<u32>,
    ordinal: Vec<i32>,
    /// Places of each level (indices into `venue.places`), for landmarks.
    pub(crate) level_places: Vec<Vec<u32>>,
    offsets: Vec<u32>,
    adj_to: Vec<u32>,
    adj_len: Vec<f64>,
    adj_edge: Vec<u32>,
    adj_step_free: Vec<bool>,
    /// Heuristic: every usable edge costs at least `h_planar` × its planar length plus
    /// `h_storey` × storeys it climbs, so the same of the straight line to the goal is a
    /// lower bound (admissible and consistent by the triangle inequality).
    h_planar: f64,
    h_storey: f64,
}

#[derive(Clone, Copy, PartialEq)]
struct Entry(f64, u32);
impl Eq for Entry {}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A found path: nodes in order and the venue edge taken into each (after the first).
pub(crate) struct Path {
    pub(crate) nodes: Vec<u32>,
    pub(crate) edges: Vec<u32>,
    pub(crate) distance: f64,
}

impl Planner {
    /// Flattens `venue` (it should pass [`Venue::validate`]; edges with dangling ends are
    /// skipped): staff-only and closed edges are dropped here, escalators get one
    /// direction, and the heuristic's bounds are taken from the remaining edges.
    pub fn new(venue: &Venue) -> Planner {
        Planner::shared(Rc::new(venue.clone()))
    }

    /// [`Planner::new`] on a venue the caller holds too, without copying it: the app has
    /// the venue it downloaded in an `Rc`, and a copy would cost a slow phone the time and
    /// memory of a second venue (and the bundle the code that copies one).
    pub fn shared(venue: Rc<Venue>) -> Planner {
        let level_index: HashMap<&str, u32> = venue
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i as u32))
            .collect();
        let node_index: HashMap<String, u32> = venue
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i as u32))
            .collect();
        let n = venue.nodes.len();
        let xy: Vec<[f64; 2]> = venue.nodes.iter().map(|n| [n.x, n.y]).collect();
        let level: Vec<u32> = venue
            .nodes
            .iter()
            .map(|n| level_index.get(n.level.as_str()).copied().unwrap_or(0))
            .collect();
        let ordinal: Vec<i32> = level
            .iter()
            .map(|&l| venue.levels.get(l as usize).map_or(0, |l| l.ordinal))
            .collect();
        let mut place_index = HashMap::new();
        let mut place_door = Vec::with_capacity(venue.places.len());
        let mut door_place = vec![u32::MAX; n];
        let mut level_places = vec![Vec::new(); venue.levels.len().max(1)];
        for (i, p) in venue.places.iter().enumerate() {
            place_index.entry(p.id.clone()).or_insert(i as u32);
            let door = node_index.get(&p.door).copied().unwrap_or(u32::MAX);
            place_door.push(door);
            if door != u32::MAX {
                if door_place[door as usize] == u32::MAX {
                    door_place[door as usize] = i as u32;
                }
                level_places[level[door as usize] as usize].push(i as u32);
            }
        }

        // Directed arcs (from, to, length, edge, step-free), then compressed by source.
        let mut arcs: Vec<(u32, u32, f64, u32, bool)> = Vec::new();
        let (mut h_planar, mut vertical) = (f64::INFINITY, Vec::new());
        for (ei, e) in venue.edges.iter().enumerate() {
            if e.staff_only || e.closed {
                continue;
            }
            let (Some(&a), Some(&b)) = (node_index.get(&e.from), node_index.get(&e.to)) else {
                continue;
            };
            let (na, nb) = (&venue.nodes[a as usize], &venue.nodes[b as usize]);
            let storeys = ordinal[a as usize] - ordinal[b as usize];
            let len = e
                .length
                .unwrap_or_else(|| geometric_length(na, nb, storeys))
                .max(0.0);
            let planar = (na.x - nb.x).hypot(na.y - nb.y);
            if planar > 1e-9 {
                h_planar = h_planar.min(len / planar);
            }
            if storeys != 0 {
                vertical.push((len, planar, storeys.unsigned_abs()));
            }
            let free = e.kind.is_step_free();
            arcs.push((a, b, len, ei as u32, free));
            if e.kind != EdgeKind::Escalator {
                arcs.push((b, a, len, ei as u32, free));
            }
        }
        if !h_planar.is_finite() {
            h_planar = 0.0;
        }
        let h_storey = vertical
            .iter()
            .map(|&(len, planar, s)| ((len - h_planar * planar) / f64::from(s)).max(0.0))
            .fold(f64::INFINITY, f64::min);
        let h_storey = if h_storey.is_finite() { h_storey } else { 0.0 };
        // Stable order by source keeps routes deterministic (ties go the same way).
        arcs.sort_by_key(|a| a.0);
        let mut offsets = vec![0u32; n + 1];
        for a in &arcs {
            offsets[a.0 as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Planner {
            adj_to: arcs.iter().map(|a| a.1).collect(),
            adj_len: arcs.iter().map(|a| a.2).collect(),
            adj_edge: arcs.iter().map(|a| a.3).collect(),
            adj_step_free: arcs.iter().map(|a| a.4).collect(),
            offsets,
            venue,
            node_index,
            place_index,
            place_door,
            door_place,
            xy,
            level,
            ordinal,
            level_places,
            h_planar,
            h_storey,
        }
    }

    /// The venue this planner routes on.
    pub fn venue(&self) -> &Venue {
        &self.venue
    }

    /// Plans the route from node `from` to place `to` with the default [`Search`].
    pub fn plan(&self, from: &str, to: &str, mode: Mode) -> Result<Route, RouteError> {
        self.plan_with(from, to, mode, Search::default())
    }

    /// Plans with a chosen search (the benchmark compares them; results are equal).
    pub fn plan_with(
        &self,
        from: &str,
        to: &str,
        mode: Mode,
        search: Search,
    ) -> Result<Route, RouteError> {
        let unknown = |what, id: &str| RouteError::Unknown {
            what,
            id: id.to_owned(),
        };
        let &s = self
            .node_index
            .get(from)
            .ok_or_else(|| unknown("node", from))?;
        let &p = self
            .place_index
            .get(to)
            .ok_or_else(|| unknown("place", to))?;
        let t = self.place_door[p as usize];
        if t == u32::MAX {
            return Err(unknown("node", &self.venue.places[p as usize].door));
        }
        if let Some(path) = self.search(s, t, mode.step_free, search) {
            return Ok(self.route(&path, p, mode));
        }
        let stepped = if mode.step_free {
            self.search(s, t, false, search)
        } else {
            None
        };
        let reason = match stepped {
            Some(_) => LocalText {
                zh: "无障碍模式下，只有楼梯或扶梯能到达那里".to_owned(),
                en: "In step-free mode: only stairs or escalators lead there".to_owned(),
            },
            None => LocalText {
                zh: "没有开放的公共通道通往那里".to_owned(),
                en: "No open public way leads there".to_owned(),
            },
        };
        Err(RouteError::Unreachable {
            reason,
            alternative: stepped.map(|path| {
                Box::new(self.route(
                    &path,
                    p,
                    Mode {
                        step_free: false,
                        ..mode
                    },
                ))
            }),
        })
    }

    /// Shortest distance only (no route built), for tests and the benchmark.
    pub fn distance(&self, from: &str, to: &str, mode: Mode, search: Search) -> Option<f64> {
        let &s = self.node_index.get(from)?;
        let &p = self.place_index.get(to)?;
        let t = *self
            .place_door
            .get(p as usize)
            .filter(|&&t| t != u32::MAX)?;
        self.search(s, t, mode.step_free, search)
            .map(|p| p.distance)
    }

    fn heuristic(&self, v: u32, t: u32) -> f64 {
        let (a, b) = (self.xy[v as usize], self.xy[t as usize]);
        let storeys = (self.ordinal[v as usize] - self.ordinal[t as usize]).unsigned_abs();
        self.h_planar * (a[0] - b[0]).hypot(a[1] - b[1]) + self.h_storey * f64::from(storeys)
    }

    pub(crate) fn search(&self, s: u32, t: u32, step_free: bool, search: Search) -> Option<Path> {
        let n = self.xy.len();
        let astar = search == Search::AStar;
        let mut g = vec![f64::INFINITY; n];
        let mut prev = vec![u32::MAX; n];
        let mut done = vec![false; n];
        let mut heap = BinaryHeap::new();
        g[s as usize] = 0.0;
        heap.push(Entry(0.0, s));
        while let Some(Entry(_, u)) = heap.pop() {
            let ui = u as usize;
            if done[ui] {
                continue;
            }
            done[ui] = true;
            if u == t {
                break;
            }
            let lo = self.offsets[ui] as usize;
            let hi = self.offsets[ui + 1] as usize;
            for k in lo..hi {
                if step_free && !self.adj_step_free[k] {
                    continue;
                }
                let v = self.adj_to[k];
                let w = g[ui] + self.adj_len[k];
                if w < g[v as usize] {
                    g[v as usize] = w;
                    prev[v as usize] = k as u32;
                    let f = if astar { w + self.heuristic(v, t) } else { w };
                    heap.push(Entry(f, v));
                }
            }
        }
        if !done[t as usize] {
            return None;
        }
        let (mut nodes, mut edges) = (vec![t], Vec::new());
        let mut v = t;
        while v != s {
            let k = prev[v as usize] as usize;
            edges.push(self.adj_edge[k]);
            // The arc's source: the slot lies in its source's offset range.
            let from = self.offsets.partition_point(|&o| o as usize <= k) - 1;
            v = from as u32;
            nodes.push(v);
        }
        nodes.reverse();
        edges.reverse();
        Some(Path {
            nodes,
            edges,
            distance: g[t as usize],
        })
    }

    fn route(&self, path: &Path, place: u32, mode: Mode) -> Route {
        let mut segments: Vec<Segment> = Vec::new();
        let mut last_level = u32::MAX;
        for &v in &path.nodes {
            let l = self.level[v as usize];
            if l != last_level {
                segments.push(Segment {
                    level: self.venue.levels[l as usize].id.clone(),
                    points: Vec::new(),
                });
                last_level = l;
            }
            if let Some(seg) = segments.last_mut() {
                seg.points.push(self.xy[v as usize]);
            }
        }
        Route {
            segments,
            distance_m: path.distance,
            seconds: path.distance / mode.pace.max(0.1),
            steps: describe(self, path, place),
            edges: path
                .edges
                .iter()
                .map(|&e| self.venue.edges[e as usize].id.clone())
                .collect(),
        }
    }
}

/// Plans one route on `venue` from node `from` to place `to`; builds a [`Planner`] each
/// time, so keep one when planning more than one.
pub fn plan(venue: &Venue, from: &str, to: &str, mode: Mode) -> Result<Route, RouteError> {
    Planner::new(venue).plan(from, to, mode)
}

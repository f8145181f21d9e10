//! Venue validation: the checks a venue must pass before anyone routes on it, so a broken
//! upload is refused with every problem named instead of sending a patient nowhere.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::model::{EdgeKind, Node, Venue};

/// One problem in a venue, naming the feature kind, its id and the field, so whoever
/// edits the venue file can find it: `edge e123 .to: no node "n999"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueError {
    /// Feature kind: `venue`, `level`, `place`, `node`, `edge` or `anchor`.
    pub feature: &'static str,
    /// The feature's id.
    pub id: String,
    /// The field at fault.
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for VenueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} .{}: {}",
            self.feature, self.id, self.field, self.problem
        )
    }
}

impl std::error::Error for VenueError {}

fn err(feature: &'static str, id: &str, field: &'static str, problem: String) -> VenueError {
    VenueError {
        feature,
        id: id.to_owned(),
        field,
        problem,
    }
}

fn duplicates<'a>(
    feature: &'static str,
    ids: impl Iterator<Item = &'a str>,
    errors: &mut Vec<VenueError>,
) {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            errors.push(err(feature, id, "id", "duplicate id".to_owned()));
        }
    }
}

impl Venue {
    /// Checks references, ids, edge kinds and lengths, and that every place can be
    /// reached from the main entrance over public, open edges; returns every problem.
    pub fn validate(&self) -> Result<(), Vec<VenueError>> {
        let mut errors = Vec::new();
        duplicates(
            "level",
            self.levels.iter().map(|l| l.id.as_str()),
            &mut errors,
        );
        duplicates(
            "place",
            self.places.iter().map(|p| p.id.as_str()),
            &mut errors,
        );
        duplicates(
            "node",
            self.nodes.iter().map(|n| n.id.as_str()),
            &mut errors,
        );
        duplicates(
            "edge",
            self.edges.iter().map(|e| e.id.as_str()),
            &mut errors,
        );
        duplicates(
            "anchor",
            self.anchors.iter().map(|a| a.id.as_str()),
            &mut errors,
        );

        let ordinal: HashMap<&str, i32> = self
            .levels
            .iter()
            .map(|l| (l.id.as_str(), l.ordinal))
            .collect();
        let index: HashMap<&str, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let no_node = |id: &str| format!("no node {id:?}");
        let no_level = |id: &str| format!("no level {id:?}");

        for n in &self.nodes {
            if !ordinal.contains_key(n.level.as_str()) {
                errors.push(err("node", &n.id, "level", no_level(&n.level)));
            }
        }
        for p in &self.places {
            if !ordinal.contains_key(p.level.as_str()) {
                errors.push(err("place", &p.id, "level", no_level(&p.level)));
            }
            match index.get(p.door.as_str()) {
                None => errors.push(err("place", &p.id, "door", no_node(&p.door))),
                Some(&i) if self.nodes[i].level != p.level => errors.push(err(
                    "place",
                    &p.id,
                    "door",
                    format!("node {:?} is on level {:?}", p.door, self.nodes[i].level),
                )),
                Some(_) => {}
            }
        }
        for a in &self.anchors {
            if !index.contains_key(a.node.as_str()) {
                errors.push(err("anchor", &a.id, "node", no_node(&a.node)));
            }
        }
        let level_of = |n: &Node| ordinal.get(n.level.as_str()).copied();
        for e in &self.edges {
            let from = index.get(e.from.as_str()).map(|&i| &self.nodes[i]);
            let to = index.get(e.to.as_str()).map(|&i| &self.nodes[i]);
            if from.is_none() {
                errors.push(err("edge", &e.id, "from", no_node(&e.from)));
            }
            if to.is_none() {
                errors.push(err("edge", &e.id, "to", no_node(&e.to)));
            }
            if let Some(len) = e.length {
                if !(len.is_finite() && len >= 0.0) {
                    errors.push(err(
                        "edge",
                        &e.id,
                        "length",
                        format!("{len} is not a finite length of 0 m or more"),
                    ));
                }
            }
            if let (Some(a), Some(b)) = (from, to) {
                if e.kind.is_vertical() && a.level == b.level && level_of(a).is_some() {
                    let what = match e.kind {
                        EdgeKind::Elevator => "an elevator",
                        EdgeKind::Escalator => "an escalator",
                        _ => "stairs",
                    };
                    errors.push(err(
                        "edge",
                        &e.id,
                        "to",
                        format!(
                            "{what} must change level, but both ends are on {:?}",
                            a.level
                        ),
                    ));
                }
            }
        }
        self.check_reachable(&index, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Every place's door must be reachable from the main entrance over edges a patient
    /// may use (not staff-only, not closed; escalators one way).
    fn check_reachable(&self, index: &HashMap<&str, usize>, errors: &mut Vec<VenueError>) {
        let Some(main) = self.main_entrance() else {
            errors.push(err("venue", &self.id, "places", "no entrance".to_owned()));
            return;
        };
        let Some(&start) = index.get(main.door.as_str()) else {
            return; // already reported as a dangling door
        };
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        for e in self.edges.iter().filter(|e| !e.staff_only && !e.closed) {
            if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
                out[a].push(b);
                if e.kind != EdgeKind::Escalator {
                    out[b].push(a);
                }
            }
        }
        let mut seen = vec![false; self.nodes.len()];
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(u) = stack.pop() {
            for &v in &out[u] {
                if !seen[v] {
                    seen[v] = true;
                    stack.push(v);
                }
            }
        }
        for p in &self.places {
            if let Some(&i) = index.get(p.door.as_str()) {
                if !seen[i] {
                    errors.push(err(
                        "place",
                        &p.id,
                        "door",
                        format!(
                            "not reachable from the main entrance {:?} over public open edges",
                            main.id
                        ),
                    ));
                }
            }
        }
    }
}

//! The venue model: levels, places (IMDF units and amenities), the walkable graph of
//! nodes and edges (IMDF openings and circulation), and anchors where a patient can tell
//! the app where they stand. Coordinates are metres in one frame shared by every level.

use serde::{Deserialize, Serialize};

use crate::api::LocalText;

/// A node's id; routes start at a node (an anchor, or where the patient tapped).
pub type NodeId = String;
/// A place's id; routes end at a place, which is what a booking points at.
pub type PlaceId = String;

/// Walking-equivalent metres of one storey, used for a level-changing edge whose length
/// the venue leaves out.
pub const STOREY_M: f64 = 4.5;

/// A building (IMDF venue, FHIR `Location` of physical type `bu`): everything the app
/// needs to draw it and route in it offline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    /// Stable id.
    pub id: String,
    /// Name in both languages.
    pub name: LocalText,
    /// Floors, any order; `ordinal` says which is above which.
    pub levels: Vec<Level>,
    /// Rooms, desks and amenities a patient can be sent to.
    pub places: Vec<Place>,
    /// Points of the walkable graph.
    pub nodes: Vec<Node>,
    /// Walkable links between nodes.
    pub edges: Vec<Edge>,
    /// Where a patient can locate themselves (kiosks, QR codes).
    pub anchors: Vec<Anchor>,
}

/// A floor (IMDF level, FHIR `Location` of physical type `lvl`, `partOf` the venue).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Level {
    /// Id as the signs say it (`B1`, `1F`).
    pub id: String,
    /// Floor number: 0 is the ground floor, negative below it; orders the floors.
    pub ordinal: i32,
    /// Name in both languages, used in instructions ("3 楼" / "3F").
    pub name: LocalText,
    /// Outline of the floor in metres, for drawing.
    pub outline: Vec<[f64; 2]>,
}

/// A room, desk or amenity (IMDF unit/amenity, FHIR `Location` `partOf` a level).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Stable id a booking catalogue points at (`dept-neurology`).
    pub id: PlaceId,
    /// Level id it is on.
    pub level: String,
    /// What it is (FHIR `physicalType`-like), which decides how instructions name it.
    pub kind: PlaceKind,
    /// Name in both languages.
    pub name: LocalText,
    /// Footprint in metres, for drawing.
    pub polygon: Vec<[f64; 2]>,
    /// The node at its door: routes to this place end there.
    pub door: NodeId,
}

/// What a place is: it decides whether the place serves as a landmark in instructions and
/// lets the app pick an icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A consulting room.
    Clinic,
    /// Where a department receives its patients (what bookings point at).
    DepartmentReception,
    /// A laboratory or sample drop.
    Lab,
    /// Where blood is drawn.
    BloodDraw,
    /// CT, MRI, X-ray, ultrasound.
    Imaging,
    /// A pharmacy window.
    Pharmacy,
    /// A payment window.
    Payment,
    /// Registration desks or kiosks.
    Registration,
    /// Toilets.
    Toilet,
    /// A wheelchair-accessible toilet.
    AccessibleToilet,
    /// An elevator (its door node is the car at that level).
    Elevator,
    /// A stairwell.
    Stairs,
    /// An escalator landing.
    Escalator,
    /// A building entrance; the first one in `places` is the main entrance.
    Entrance,
    /// An information desk.
    Information,
    /// A café or shop.
    Cafe,
    /// Car parking.
    Parking,
    /// The emergency department's rooms.
    Emergency,
    /// A cash machine.
    Atm,
    /// Anything else (offices, stores).
    Other,
}

impl PlaceKind {
    /// Whether instructions may name this place as something the patient walks past:
    /// consulting rooms and offices look alike, so they are not.
    pub fn is_landmark(self) -> bool {
        !matches!(self, PlaceKind::Clinic | PlaceKind::Other)
    }
}

/// A point of the walkable graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id.
    pub id: NodeId,
    /// Level id it is on.
    pub level: String,
    /// Metres east.
    pub x: f64,
    /// Metres north.
    pub y: f64,
}

/// A walkable link. Every kind is walkable both ways except an escalator, which runs
/// only from `from` to `to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Stable id, so validation can name a broken edge.
    pub id: String,
    /// Node id at one end (an escalator's bottom or top where it starts).
    pub from: NodeId,
    /// Node id at the other end.
    pub to: NodeId,
    /// Cost in walking-equivalent metres; when absent, the planar distance plus
    /// [`STOREY_M`] per storey climbed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<f64>,
    /// How it is walked, which decides step-free routing and the instructions.
    pub kind: EdgeKind,
    /// Staff only: never offered to patients.
    #[serde(default, skip_serializing_if = "is_false")]
    pub staff_only: bool,
    /// Closed for now (works, cleaning): never routed through.
    #[serde(default, skip_serializing_if = "is_false")]
    pub closed: bool,
}

/// How an edge is walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A corridor or open floor.
    Walk,
    /// Through a doorway.
    Door,
    /// A flight of stairs between levels.
    Stairs,
    /// An escalator between levels, one way from `from` to `to`.
    Escalator,
    /// An elevator ride between levels.
    Elevator,
    /// A ramp (step-free).
    Ramp,
}

impl EdgeKind {
    /// Whether a wheelchair, walker or pram can use it.
    pub fn is_step_free(self) -> bool {
        !matches!(self, EdgeKind::Stairs | EdgeKind::Escalator)
    }

    /// Whether the edge exists to change level.
    pub fn is_vertical(self) -> bool {
        matches!(
            self,
            EdgeKind::Stairs | EdgeKind::Escalator | EdgeKind::Elevator
        )
    }
}

/// A place a patient can say "I am here" at: a kiosk or a QR code on the wall.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    /// Id printed in the QR code (`qr-3f-east`).
    pub id: String,
    /// The node it stands at.
    pub node: NodeId,
    /// Name in both languages.
    pub name: LocalText,
}

impl Venue {
    /// The main entrance: the first place of kind [`PlaceKind::Entrance`]; every public
    /// place must be reachable from it.
    pub fn main_entrance(&self) -> Option<&Place> {
        self.places.iter().find(|p| p.kind == PlaceKind::Entrance)
    }

    /// The anchor with this id, so a scanned QR code becomes a route's start.
    pub fn anchor(&self, id: &str) -> Option<&Anchor> {
        self.anchors.iter().find(|a| a.id == id)
    }
}

/// Cost of an edge without a given length: planar distance plus [`STOREY_M`] a storey.
pub(crate) fn geometric_length(a: &Node, b: &Node, storeys: i32) -> f64 {
    (a.x - b.x).hypot(a.y - b.y) + STOREY_M * f64::from(storeys.unsigned_abs())
}

/// For `skip_serializing_if`: an edge's flags are written only when set, which keeps the
/// published venue a fifth smaller (most of its edges are open, public corridors) and
/// quicker for a phone to read.
fn is_false(flag: &bool) -> bool {
    !*flag
}

//! Indoor navigation: the hospital building as data ([`model`]), the checks a venue must
//! pass before anyone routes on it ([`validate`]), a demonstration outpatient building
//! ([`demo`]), the multi-floor route planner ([`planner`]) and the turn-by-turn words it
//! speaks ([`steps`]).
//!
//! It is all pure so the app can route offline in WebAssembly and the server can check a
//! venue at upload; the concepts follow OGC IMDF (venue, level, unit, opening, amenity,
//! anchor) and FHIR `Location` (`partOf`, `physicalType`), kept to what routing needs.

pub mod demo;
pub mod model;
pub mod planner;
pub mod steps;
pub mod validate;

pub use self::demo::demo_venue;
pub use self::model::{
    Anchor, Edge, EdgeKind, Level, Node, NodeId, Place, PlaceId, PlaceKind, Venue,
};
pub use self::planner::{plan, Mode, Planner, Route, RouteError, Search, Segment};
pub use self::steps::Step;
pub use self::validate::VenueError;

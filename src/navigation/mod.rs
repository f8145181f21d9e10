//! The indoor navigation journey (`/navigation?from=&to=&step_free=1`): where the patient
//! stands (the kiosk's spot, a scanned wall sign, or chosen), where to go (a search over
//! the venue's places, or the place a booking named), and the route drawn on each floor
//! it crosses with turn-by-turn steps.
//!
//! The venue reaches the app once as data (the server's fingerprinted `venue-….json`,
//! cached like the app's own files) and routes are planned here, in WebAssembly, by
//! `careway_core::navigation::Planner`: once the venue is loaded a kiosk keeps routing
//! through a network blip. [`state`] holds what the page works out (search, where the
//! route starts, the floor plan's geometry) as plain functions tested natively; [`pages`]
//! draw it with [`parts`]. It uses the shell's route and contexts and no other journey.

pub mod pages;
pub mod parts;
pub mod state;

//! careway-core: the types of Careway's REST API and the pure logic that both the app (in
//! WebAssembly) and the server (natively) run.
//!
//! Nothing here knows about yew, axum or sqlx: each module is plain data and functions, so
//! it is tested natively and shared by both sides without either redefining a type.

pub mod api;
pub mod booking;
pub mod collections;
pub mod identity;
pub mod locale;
pub mod medication;
pub mod navigation;
pub mod number;
pub mod problem;
pub mod questionnaire;
pub mod queue;
pub mod reports;
pub mod triage;

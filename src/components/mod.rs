//! Presentational components: props in, callbacks out, no fetching and no app state of
//! their own. Pages and the shell read the contexts and hand these what to show.

pub mod booking;
pub mod button;
pub mod demo_aid;
pub mod dialog;
pub mod error_notice;
pub mod field;
pub mod header;
pub mod icon;
pub mod idle_overlay;
pub mod keypad;
pub mod language;
pub mod layout;
pub mod live_region;
pub mod nav_link;
pub mod patient_card;
pub mod patient_form;
pub mod phone_link;
pub mod progress;
pub mod tab_bar;
pub mod tabs;
pub mod tile;
pub mod toggle;

//! Presentational components: props in, callbacks out, no fetching and no app state of
//! their own. Pages and the shell read the contexts and hand these what to show.

pub mod button;
pub mod coming_soon;
pub mod error_notice;
pub mod header;
pub mod icon;
pub mod idle_overlay;
pub mod language;
pub mod layout;
pub mod live_region;
pub mod nav_link;
pub mod phone_link;
pub mod progress;
pub mod tab_bar;
pub mod tile;
pub mod toggle;

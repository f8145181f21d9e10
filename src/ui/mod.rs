//! The UI kit: presentational pieces every page draws with, whatever its journey. Props
//! in, callbacks out, no fetching and no app state of their own; the pages and the shell
//! read the contexts and hand these what to show. The one [`theme`] of tokens, moving the
//! focus on purpose ([`focus`]) and the message next to a form field ([`field_message`])
//! are here too.
//!
//! A piece without state (an icon, a tile, the tab bar, the page frame) is a plain function
//! returning `Html`, not a component: each component type costs the app its own lifecycle
//! code, and these have nothing for it to manage.

pub mod button;
pub mod dialog;
pub mod error_notice;
pub mod field;
pub mod field_message;
pub mod focus;
pub mod header;
pub mod icon;
pub mod idle_overlay;
pub mod language;
pub mod layout;
pub mod live_region;
pub mod nav_link;
pub mod patient;
pub mod phone_link;
pub mod progress;
pub mod status;
pub mod style;
pub mod tab_bar;
pub mod tabs;
pub mod theme;
pub mod tile;
pub mod toggle;

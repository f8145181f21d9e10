//! The navigation page.

pub mod navigation;

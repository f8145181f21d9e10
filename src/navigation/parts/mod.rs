//! The pieces the navigation page is drawn with: a floor plan with the route on it, and
//! the look of the page. Plain functions of what to show; both rely on
//! [`style::navigation_style`] on an ancestor.

pub mod floor;
pub mod style;

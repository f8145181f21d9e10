//! The pieces the reports pages are drawn with: the family members to choose from, a
//! report in a list, a result line, and the trend chart. Plain functions of what to show,
//! holding no state; all rely on [`style::reports_style`] on an ancestor.

pub mod chart;
pub mod lines;
pub mod members;
pub mod style;

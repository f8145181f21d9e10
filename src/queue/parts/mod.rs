//! The pieces the queue pages are drawn with: a ticket, and a board's calls and rooms.
//! Plain functions of what to show, holding no state; they rely on [`style::queue_style`]
//! or [`style::board_style`] on an ancestor.

pub mod board;
pub mod style;
pub mod ticket;

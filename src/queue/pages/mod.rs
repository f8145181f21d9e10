//! The queue pages: the account's queue ([`queue`], needs a login) and an area's wall
//! display ([`board`], public).

pub mod board;
pub mod queue;

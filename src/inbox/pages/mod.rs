//! The inbox page.

pub mod inbox;

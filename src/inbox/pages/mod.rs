//! The inbox page and the education articles its messages lead to.

pub mod article;
pub mod inbox;

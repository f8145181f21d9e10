//! The journeys' own parts, until each journey has its folder: props in, callbacks out.

pub mod booking;

//! The pieces a survey is drawn with: the questionnaire renderer ([`form`]) and its
//! controls ([`controls`]), and the look of the journey ([`style`]).

pub mod controls;
pub mod form;
pub mod style;

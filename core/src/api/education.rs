//! Health education: `GET /articles/{id}` and its picture at `GET /articles/{id}/image`.
//!
//! Articles are the hospital's content (written by its nurses, loaded from its files), not
//! patient data: anyone may read one. What is personal is which articles a patient was
//! sent, and that lives in the inbox.

use serde::{Deserialize, Serialize};

use super::LocalText;

/// One article: what a nurse would hand over on paper after the visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// Its id (`home-blood-pressure`).
    pub id: String,
    /// Its title in both languages.
    pub title: LocalText,
    /// One sentence saying what it is about (also the inbox message's text).
    pub summary: LocalText,
    /// The address of its picture (an SVG of 320 × 180).
    pub image: String,
    /// What the picture shows, for screen readers.
    pub alt: LocalText,
    /// Its sections, in reading order.
    pub sections: Vec<ArticleSection>,
}

/// A section of an article: a heading and its text (paragraphs separated by a blank line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSection {
    /// The heading.
    pub heading: LocalText,
    /// The text.
    pub text: LocalText,
}

/// The width and height of every article's picture, in CSS pixels: the page reserves the
/// space before the picture arrives, so nothing moves when it does.
pub const IMAGE_SIZE: (u32, u32) = (320, 180);

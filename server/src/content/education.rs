//! Health education: the articles a patient finds in the inbox after a visit, and their
//! pictures. A hospital puts its own in its content folder as `education.toml`, with the
//! pictures (SVG) in an `education/` folder beside it; otherwise the built-in ones
//! (`demo/education.toml`) are used.
//!
//! Each article names the departments after whose visits it is sent. The file is checked
//! at start: ids, departments that exist, both languages everywhere, a picture that is
//! there and is a plain drawing (no scripts), so a mistake stops the server with the file
//! and the article's id instead of reaching patients.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context};
use bytes::Bytes;
use careway_core::api::education::{Article, ArticleSection};
use careway_core::api::LocalText;
use serde::Deserialize;

/// The file a hospital's own articles are read from.
pub const EDUCATION_FILE: &str = "education.toml";
/// The folder beside it holding the pictures.
pub const IMAGE_DIR: &str = "education";

/// One article with its picture, as loaded.
#[derive(Clone, Debug)]
pub struct LoadedArticle {
    /// The article as the API sends it.
    pub article: Article,
    /// The departments after whose visits it is sent.
    pub departments: Vec<String>,
    /// The picture (SVG).
    pub image: Bytes,
}

/// The hospital's articles, in file order.
#[derive(Clone, Debug, Default)]
pub struct Education {
    /// The articles.
    pub articles: Vec<LoadedArticle>,
}

impl Education {
    /// The article `id`, if there is one.
    pub fn get(&self, id: &str) -> Option<&LoadedArticle> {
        self.articles.iter().find(|a| a.article.id == id)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    article: Vec<RawArticle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    id: String,
    departments: Vec<String>,
    image: String,
    title: LocalText,
    summary: LocalText,
    alt: LocalText,
    #[serde(default)]
    section: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    heading: LocalText,
    text: LocalText,
}

/// The built-in articles, for the demo hospital and for a hospital without its own: each
/// kept for the departments of `departments` it names, and left out when it names none.
pub fn builtin(departments: &HashSet<String>) -> Education {
    const IMAGES: [(&str, &str); 5] = [
        (
            "home-blood-pressure.svg",
            include_str!("../demo/education/home-blood-pressure.svg"),
        ),
        (
            "taking-medicines.svg",
            include_str!("../demo/education/taking-medicines.svg"),
        ),
        (
            "wound-care.svg",
            include_str!("../demo/education/wound-care.svg"),
        ),
        (
            "eye-drops.svg",
            include_str!("../demo/education/eye-drops.svg"),
        ),
        (
            "blood-sugar.svg",
            include_str!("../demo/education/blood-sugar.svg"),
        ),
    ];
    let all = parse(
        "demo/education.toml",
        include_str!("../demo/education.toml"),
        None,
        |name| {
            IMAGES
                .iter()
                .find(|(file, _)| *file == name)
                .map(|(_, svg)| Bytes::from_static(svg.as_bytes()))
                .ok_or_else(|| anyhow::anyhow!("no built-in picture {name}"))
        },
    )
    .expect("the built-in articles are valid (checked by a unit test)");
    let articles = all
        .articles
        .into_iter()
        .filter_map(|mut a| {
            a.departments.retain(|d| departments.contains(d));
            (!a.departments.is_empty()).then_some(a)
        })
        .collect();
    Education { articles }
}

/// The hospital's own `education.toml` (`file`, already read, with its `text`), its
/// pictures read from the `education/` folder in `dir`.
pub fn from_dir(
    file: &str,
    text: &str,
    dir: &Path,
    departments: &HashSet<String>,
) -> anyhow::Result<Education> {
    let images = dir.join(IMAGE_DIR);
    parse(file, text, Some(departments), |name| {
        let picture = images.join(name);
        std::fs::read(&picture)
            .map(Bytes::from)
            .with_context(|| format!("cannot read the picture {}", picture.display()))
    })
}

/// Parses and checks an education file against the hospital's `departments` (any name
/// passes with `None`); `image` reads a picture by its file name. Errors name `file` and
/// the article.
pub fn parse(
    file: &str,
    text: &str,
    departments: Option<&HashSet<String>>,
    image: impl Fn(&str) -> anyhow::Result<Bytes>,
) -> anyhow::Result<Education> {
    let raw: File = toml::from_str(text).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    let mut seen = HashSet::new();
    let mut articles = Vec::new();
    for a in raw.article {
        let id = a.id.clone();
        let fail = |why: String| anyhow::anyhow!("{file}: article {id}: {why}");
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            bail!("{file}: article id {id:?}: use lowercase letters, digits and '-'");
        }
        if !seen.insert(id.clone()) {
            return Err(fail("the id is used twice".into()));
        }
        if a.departments.is_empty() {
            return Err(fail("name at least one department".into()));
        }
        if let Some(d) =
            departments.and_then(|known| a.departments.iter().find(|d| !known.contains(d.as_str())))
        {
            return Err(fail(format!("no department {d:?} in hospital.toml")));
        }
        let mut texts = vec![
            ("title", &a.title),
            ("summary", &a.summary),
            ("alt", &a.alt),
        ];
        for s in &a.section {
            texts.push(("section heading", &s.heading));
            texts.push(("section text", &s.text));
        }
        if let Some((what, _)) = texts
            .iter()
            .find(|(_, t)| t.zh.trim().is_empty() || t.en.trim().is_empty())
        {
            return Err(fail(format!("the {what} needs both zh and en")));
        }
        if a.section.is_empty() {
            return Err(fail("add at least one [[article.section]]".into()));
        }
        if !a.image.ends_with(".svg") || a.image.contains(['/', '\\']) {
            return Err(fail(format!(
                "the image {:?} must be an .svg file in the {IMAGE_DIR}/ folder",
                a.image
            )));
        }
        let svg = image(&a.image).map_err(|e| fail(format!("{e:#}")))?;
        check_svg(&svg).map_err(|why| fail(format!("{}: {why}", a.image)))?;
        articles.push(LoadedArticle {
            article: Article {
                image: format!("/api/v1/articles/{id}/image"),
                id,
                title: a.title,
                summary: a.summary,
                alt: a.alt,
                sections: a
                    .section
                    .into_iter()
                    .map(|s| ArticleSection {
                        heading: s.heading,
                        text: s.text,
                    })
                    .collect(),
            },
            departments: a.departments,
            image: svg,
        });
    }
    Ok(Education { articles })
}

/// A picture must be a drawing and nothing more: an `<svg>` document without scripts,
/// event handlers, embedded HTML or outside references, since it is served from the app's
/// own origin.
fn check_svg(svg: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(svg).map_err(|_| "not UTF-8 text".to_owned())?;
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<svg") {
        return Err("not an SVG drawing".into());
    }
    for banned in [
        "<script",
        "javascript:",
        "<foreignobject",
        "href=\"http",
        "href='http",
        "<iframe",
        "@import",
    ] {
        if lower.contains(banned) {
            return Err(format!("contains {banned:?}, which a picture must not"));
        }
    }
    if lower
        .split(|c: char| c.is_ascii_whitespace())
        .any(|word| word.starts_with("on") && word.contains('='))
    {
        return Err("has an event handler attribute (on…=)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn departments() -> HashSet<String> {
        crate::content::demo()
            .departments
            .iter()
            .map(|d| d.id.clone())
            .collect()
    }

    #[test]
    fn the_built_in_articles_load_with_their_pictures() {
        let education = builtin(&departments());
        assert_eq!(education.articles.len(), 5);
        let bp = education.get("home-blood-pressure").unwrap();
        assert!(bp.departments.iter().any(|d| d == "general-medicine"));
        assert_eq!(
            bp.article.image,
            "/api/v1/articles/home-blood-pressure/image"
        );
        assert!(bp.article.sections.len() >= 3);
        for a in &education.articles {
            assert!(std::str::from_utf8(&a.image).unwrap().contains("<svg"));
        }
        // A hospital with other departments keeps only the articles that fit its own.
        let few = HashSet::from(["ophthalmology".to_owned(), "dentistry".to_owned()]);
        let kept = builtin(&few);
        assert_eq!(kept.articles.len(), 1);
        assert_eq!(kept.articles[0].departments, ["ophthalmology"]);
    }

    const ONE: &str = r#"
[[article]]
id = "x"
departments = ["cardiology"]
image = "x.svg"
title = { zh = "标题", en = "Title" }
summary = { zh = "摘要", en = "Summary" }
alt = { zh = "图", en = "Picture" }
[[article.section]]
heading = { zh = "小标题", en = "Heading" }
text = { zh = "正文", en = "Text" }
"#;

    fn parse_with(text: &str, svg: &'static str) -> anyhow::Result<Education> {
        parse("education.toml", text, Some(&departments()), |_| {
            Ok(Bytes::from_static(svg.as_bytes()))
        })
    }

    #[test]
    fn mistakes_stop_the_server_naming_the_article() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>";
        assert_eq!(parse_with(ONE, svg).unwrap().articles.len(), 1);
        let cases = [
            (
                ONE.replace("cardiology", "astrology"),
                "no department \"astrology\"",
            ),
            (
                ONE.replace("en = \"Summary\"", "en = \"\""),
                "summary needs both",
            ),
            (ONE.replace("x.svg", "../x.svg"), "must be an .svg file"),
            (
                ONE.replace("id = \"x\"", "id = \"X Y\""),
                "lowercase letters",
            ),
            (format!("{ONE}{ONE}"), "used twice"),
            (ONE.replace("title =", "titel ="), "unknown field"),
        ];
        for (text, expected) in cases {
            let err = format!("{:#}", parse_with(&text, svg).unwrap_err());
            assert!(err.contains(expected), "{expected}: {err}");
            assert!(err.starts_with("education.toml"), "{err}");
        }
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=\"alert(1)\"></svg>",
            "<svg><image href=\"https://tracker.example/x.png\"/></svg>",
            "<html></html>",
        ] {
            let err = format!("{:#}", parse_with(ONE, bad).unwrap_err());
            assert!(err.contains("article x: x.svg"), "{bad}: {err}");
        }
    }
}

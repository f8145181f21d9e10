//! The languages Careway speaks, and how a request or a browser picks one.
//!
//! Chinese (zh-CN) is the hospital's first language and the fallback for anything that is
//! neither Chinese nor English; English is the second.

use serde::{Deserialize, Serialize};

/// A language the app and the server have complete texts for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every supported language, primary first.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, as used in `<html lang>` and `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Reads one BCP 47 tag (`en-GB`, `zh-Hans-CN`, `zh`); `None` for languages Careway
    /// has no texts for.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the language for an `Accept-Language` header: the supported language with the
    /// highest quality, ties going to the earlier entry; Chinese when nothing matches.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(Lang, f32)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::from_tag) else {
                continue;
            };
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map(|(lang, _)| lang).unwrap_or_default()
    }

    /// Picks the language from the browser's preference list (`navigator.languages`): the
    /// first entry Careway speaks, else Chinese.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_languages() {
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("zh_TW"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr-FR"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(Lang::negotiate("en-US,en;q=0.9,zh-CN;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("zh-CN,zh;q=0.9,en;q=0.8"), Lang::ZhCn);
        assert_eq!(Lang::negotiate("fr;q=1, en;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0.2, zh;q=0.7"), Lang::ZhCn);
        assert_eq!(Lang::negotiate("en;q=0"), Lang::ZhCn);
    }

    #[test]
    fn unknown_or_hostile_headers_fall_back_to_chinese() {
        assert_eq!(Lang::negotiate(""), Lang::ZhCn);
        assert_eq!(Lang::negotiate("de-DE"), Lang::ZhCn);
        assert_eq!(Lang::negotiate(";;;,,,q=abc"), Lang::ZhCn);
        assert_eq!(Lang::negotiate(&"en;q=x,".repeat(1000)), Lang::En);
    }

    #[test]
    fn browser_preferences_pick_first_spoken_language() {
        assert_eq!(Lang::from_preferences(["fr", "en-US", "zh"]), Lang::En);
        assert_eq!(Lang::from_preferences(["ja"]), Lang::ZhCn);
        assert_eq!(Lang::from_preferences([]), Lang::ZhCn);
    }

    #[test]
    fn serde_uses_bcp47_tags() {
        assert_eq!(serde_json::to_string(&Lang::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}

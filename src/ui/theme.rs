//! The one theme: every colour, size and distance the app draws with.
//!
//! [`Theme`] holds the design tokens; [`Theme::new`] picks their values for the display
//! mode (phone, elder mode, kiosk, or both), and [`theme_styles`] writes them as CSS custom
//! properties on `:root`, together with the few rules that apply to the whole page.
//! Components only ever say `var(--…)`, so elder mode and kiosk mode change these values and
//! never a component.
//!
//! Colour pairs meet WCAG 2.2 AA: body text ≥ 4.5:1 on its background, control borders and
//! the focus ring ≥ 3:1.

use stylist::yew::Global;
use yew::prelude::*;

/// The system fonts, Chinese faces included so no platform falls back to a bitmap font.
pub const FONT_FAMILY: &str = "-apple-system, BlinkMacSystemFont, \"Segoe UI\", Roboto, \
    \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", \
    \"Source Han Sans SC\", \"Helvetica Neue\", Arial, sans-serif";

/// The design tokens. Each becomes a custom property of the same name on `:root`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// `--c-bg`: the page behind the cards.
    pub color_bg: &'static str,
    /// `--c-surface`: cards, bars and dialogs.
    pub color_surface: &'static str,
    /// `--c-text`: body text.
    pub color_text: &'static str,
    /// `--c-muted`: secondary text (hints, captions), still AA on both backgrounds.
    pub color_muted: &'static str,
    /// `--c-primary`: the hospital teal of buttons, links and active tabs.
    pub color_primary: &'static str,
    /// `--c-primary-strong`: pressed buttons, headings on tinted panels.
    pub color_primary_strong: &'static str,
    /// `--c-on-primary`: text on the primary colour.
    pub color_on_primary: &'static str,
    /// `--c-primary-soft`: tinted panels behind icons.
    pub color_primary_soft: &'static str,
    /// `--c-border`: card outlines (decorative).
    pub color_border: &'static str,
    /// `--c-border-strong`: outlines of controls, ≥ 3:1 against the surface.
    pub color_border_strong: &'static str,
    /// `--c-focus`: the keyboard focus ring.
    pub color_focus: &'static str,
    /// `--c-danger`: error text and icons.
    pub color_danger: &'static str,
    /// `--c-danger-soft`: the background of error notices.
    pub color_danger_soft: &'static str,
    /// `--c-notice`: text of badges such as "demo hospital".
    pub color_notice: &'static str,
    /// `--c-notice-soft`: the background of such badges.
    pub color_notice_soft: &'static str,
    /// `--c-skeleton`: placeholder blocks while content loads.
    pub color_skeleton: &'static str,

    /// `--fs-small`: captions and hints.
    pub font_small: &'static str,
    /// `--fs-body`: body text.
    pub font_body: &'static str,
    /// `--fs-title`: tile and card titles.
    pub font_title: &'static str,
    /// `--fs-h2`: section headings.
    pub font_h2: &'static str,
    /// `--fs-h1`: page headings.
    pub font_h1: &'static str,
    /// `--lh`: line height of running text.
    pub line_height: &'static str,

    /// `--sp-1`: the smallest gap (icon to label).
    pub space_1: &'static str,
    /// `--sp-2`: gaps inside a control or card.
    pub space_2: &'static str,
    /// `--sp-3`: padding of cards and the page edge.
    pub space_3: &'static str,
    /// `--sp-4`: gaps between cards.
    pub space_4: &'static str,
    /// `--sp-5`: gaps between sections.
    pub space_5: &'static str,

    /// `--radius`: cards and tiles.
    pub radius: &'static str,
    /// `--radius-s`: buttons and badges.
    pub radius_small: &'static str,
    /// `--border`: the width of outlines.
    pub border_width: &'static str,
    /// `--shadow`: the lift of cards.
    pub shadow: &'static str,

    /// `--target`: the minimum height and width of anything that can be touched.
    pub target: &'static str,
    /// `--check`: the size of radio buttons and checkboxes (the browser's own are ~13 px).
    pub check: &'static str,
    /// `--icon`: the size of icons in tiles.
    pub icon: &'static str,
    /// `--content-max`: the widest the content column grows.
    pub content_max: &'static str,
    /// `--form-max`: the widest a form column grows (login); on a kiosk wide enough for
    /// the form and the keypad side by side.
    pub form_max: &'static str,
    /// `--tile-min-w`: the narrowest a service tile gets; the grid fits as many per row as
    /// the screen allows (all five on a landscape kiosk).
    pub tile_min_width: &'static str,
    /// `--tile-lead`: the `grid-column` of the first tile (booking), which leads on phones.
    pub tile_lead: &'static str,
    /// `--tile-dir`: `column` (icon above text) or `row` (icon beside text).
    pub tile_direction: &'static str,
    /// `--tile-lead-dir`: the direction of the first tile, which may span the whole row.
    pub tile_lead_direction: &'static str,
    /// `--tile-align`: where a tile's icon and text sit across it (`flex-start`, `center`).
    pub tile_align: &'static str,
    /// `--tile-justify`: where a tile's content sits along its direction.
    pub tile_justify: &'static str,
    /// `--tile-text`: how a tile's text lines up (`start`, `center`), matching `tile_align`.
    pub tile_text_align: &'static str,
    /// `--tile-min-h`: the minimum height of a service tile.
    pub tile_min_height: &'static str,
}

/// The phone look: body 17 px, targets 48 px.
const PHONE: Theme = Theme {
    color_bg: "#f3f6f7",
    color_surface: "#ffffff",
    color_text: "#1b2631",
    color_muted: "#4b5966",
    color_primary: "#0a6b6b",
    color_primary_strong: "#075454",
    color_on_primary: "#ffffff",
    color_primary_soft: "#e3f2f1",
    color_border: "#d5dee3",
    color_border_strong: "#6b7a86",
    color_focus: "#1d4ed8",
    color_danger: "#b42318",
    color_danger_soft: "#fdecea",
    color_notice: "#7a4d00",
    color_notice_soft: "#fff4d6",
    color_skeleton: "#dde5e9",

    font_small: "15px",
    font_body: "17px",
    font_title: "19px",
    font_h2: "20px",
    font_h1: "24px",
    line_height: "1.55",

    space_1: "4px",
    space_2: "8px",
    space_3: "16px",
    space_4: "20px",
    space_5: "32px",

    radius: "16px",
    radius_small: "12px",
    border_width: "1px",
    shadow: "0 1px 2px rgba(16, 42, 52, 0.08), 0 2px 8px rgba(16, 42, 52, 0.06)",

    target: "48px",
    check: "22px",
    icon: "48px",
    content_max: "720px",
    form_max: "560px",
    tile_min_width: "150px",
    tile_lead: "1 / -1",
    tile_direction: "column",
    tile_lead_direction: "row",
    tile_align: "flex-start",
    tile_text_align: "start",
    tile_justify: "flex-start",
    tile_min_height: "132px",
};

impl Theme {
    /// The tokens for a display mode. Elder mode: body ≥ 20 px, targets ≥ 56 px, darker text
    /// and stronger borders. Kiosk: a 1920×1080 touch screen seen from arm's length, with
    /// all five services in one row.
    pub fn new(elder: bool, kiosk: bool) -> Theme {
        let mut theme = PHONE;
        if kiosk {
            theme = Theme {
                font_small: "20px",
                font_body: "22px",
                font_title: "32px",
                font_h2: "28px",
                font_h1: "40px",
                space_2: "12px",
                space_3: "24px",
                space_4: "32px",
                space_5: "48px",
                radius: "24px",
                radius_small: "16px",
                target: "72px",
                check: "36px",
                icon: "104px",
                content_max: "1760px",
                form_max: "1320px",
                tile_min_width: "300px",
                tile_lead: "auto",
                tile_direction: "column",
                tile_lead_direction: "column",
                tile_align: "center",
                tile_text_align: "center",
                // Icons at the top: a row of tiles lines its icons up whatever the text.
                tile_justify: "flex-start",
                tile_min_height: "360px",
                ..theme
            };
        }
        if elder {
            theme = Theme {
                color_bg: "#ffffff",
                color_text: "#0b1116",
                color_muted: "#26323c",
                color_primary: "#075454",
                color_primary_strong: "#053f3f",
                color_border: "#5b6b77",
                color_border_strong: "#44525e",
                border_width: "2px",
                ..theme
            };
            theme = if kiosk {
                Theme {
                    font_small: "24px",
                    font_body: "28px",
                    font_title: "38px",
                    font_h2: "34px",
                    font_h1: "46px",
                    target: "88px",
                    check: "40px",
                    icon: "112px",
                    tile_min_height: "400px",
                    ..theme
                }
            } else {
                Theme {
                    font_small: "19px",
                    font_body: "21px",
                    font_title: "24px",
                    font_h2: "25px",
                    font_h1: "30px",
                    line_height: "1.6",
                    space_3: "18px",
                    target: "60px",
                    check: "28px",
                    icon: "56px",
                    tile_min_width: "280px",
                    form_max: "720px",
                    tile_lead: "auto",
                    tile_direction: "row",
                    tile_lead_direction: "row",
                    tile_min_height: "104px",
                    ..theme
                }
            };
        }
        theme
    }
}

/// Writes the theme of a display mode onto the page: the tokens on `:root` and the
/// page-wide rules (fonts, focus ring, reduced motion, and scroll padding so whatever
/// scrolls into view, the focus or a field to fix, stays clear of the sticky header and
/// the phone's tab bar: WCAG 2.4.11). Render it once; the shell passes the display mode
/// (`elder`: elder mode is on; `kiosk`: this device is a kiosk). A function rather than a
/// component: it has no state, and each component costs the download its own copy of
/// yew's lifecycle code.
pub fn theme_styles(elder: bool, kiosk: bool) -> Html {
    let theme = Theme::new(elder, kiosk);
    html! { <Global css={global_css(&theme)} /> }
}

/// The page-wide rules, after the tokens (see [`theme_styles`]).
const PAGE_RULES: &str = r#"
        -webkit-text-size-adjust: 100%;
        text-size-adjust: 100%;

        *, *::before, *::after {
            box-sizing: border-box;
        }
        html {
            scroll-padding-top: calc(var(--target) + var(--sp-3));
            scroll-padding-bottom: calc(var(--target) + var(--sp-4) + env(safe-area-inset-bottom));
        }
        body {
            margin: 0;
            min-height: 100vh;
            background: var(--c-bg);
            color: var(--c-text);
            font-family: var(--font);
            font-size: var(--fs-body);
            line-height: var(--lh);
            -webkit-tap-highlight-color: transparent;
        }
        h1, h2, h3, p, ul {
            margin: 0;
        }
        h1 {
            font-size: var(--fs-h1);
            line-height: 1.3;
        }
        h2 {
            font-size: var(--fs-h2);
            line-height: 1.35;
        }
        a {
            color: var(--c-primary);
        }
        button {
            font: inherit;
            color: inherit;
        }
        input[type="radio"], input[type="checkbox"] {
            width: var(--check);
            height: var(--check);
            accent-color: var(--c-primary);
        }
        :focus-visible {
            outline: 3px solid var(--c-focus);
            outline-offset: 3px;
        }
        .visually-hidden {
            position: absolute;
            width: 1px;
            height: 1px;
            margin: -1px;
            padding: 0;
            overflow: hidden;
            clip: rect(0 0 0 0);
            white-space: nowrap;
            border: 0;
        }
        [hidden] {
            display: none !important;
        }
        @media (prefers-reduced-motion: reduce) {
            *, *::before, *::after {
                animation-duration: 0.01ms !important;
                animation-iteration-count: 1 !important;
                transition-duration: 0.01ms !important;
            }
        }
        "#;

impl Theme {
    /// Each token's custom property name (without `--`) and value, in the order written.
    fn tokens(&self) -> [(&'static str, &'static str); 45] {
        [
            ("c-bg", self.color_bg),
            ("c-surface", self.color_surface),
            ("c-text", self.color_text),
            ("c-muted", self.color_muted),
            ("c-primary", self.color_primary),
            ("c-primary-strong", self.color_primary_strong),
            ("c-on-primary", self.color_on_primary),
            ("c-primary-soft", self.color_primary_soft),
            ("c-border", self.color_border),
            ("c-border-strong", self.color_border_strong),
            ("c-focus", self.color_focus),
            ("c-danger", self.color_danger),
            ("c-danger-soft", self.color_danger_soft),
            ("c-notice", self.color_notice),
            ("c-notice-soft", self.color_notice_soft),
            ("c-skeleton", self.color_skeleton),
            ("fs-small", self.font_small),
            ("fs-body", self.font_body),
            ("fs-title", self.font_title),
            ("fs-h2", self.font_h2),
            ("fs-h1", self.font_h1),
            ("lh", self.line_height),
            ("sp-1", self.space_1),
            ("sp-2", self.space_2),
            ("sp-3", self.space_3),
            ("sp-4", self.space_4),
            ("sp-5", self.space_5),
            ("radius", self.radius),
            ("radius-s", self.radius_small),
            ("border", self.border_width),
            ("shadow", self.shadow),
            ("target", self.target),
            ("check", self.check),
            ("icon", self.icon),
            ("content-max", self.content_max),
            ("form-max", self.form_max),
            ("tile-min-w", self.tile_min_width),
            ("tile-lead", self.tile_lead),
            ("tile-dir", self.tile_direction),
            ("tile-lead-dir", self.tile_lead_direction),
            ("tile-align", self.tile_align),
            ("tile-text", self.tile_text_align),
            ("tile-justify", self.tile_justify),
            ("tile-min-h", self.tile_min_height),
            ("font", FONT_FAMILY),
        ]
    }

    /// The theme as CSS text: the tokens, then [`PAGE_RULES`]. Plain text rather than
    /// stylist's macro, for the reason in [`crate::ui::style`].
    pub(crate) fn css(&self) -> String {
        let mut css = String::with_capacity(4096);
        for (name, value) in self.tokens() {
            css.push_str("--");
            css.push_str(name);
            css.push(':');
            css.push_str(value);
            css.push(';');
        }
        css.push_str(PAGE_RULES);
        css
    }
}

fn global_css(t: &Theme) -> stylist::StyleSource {
    crate::ui::style::source_of_text(&t.css())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn px(value: &str) -> f32 {
        value
            .strip_suffix("px")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{value} is not a px length"))
    }

    #[test]
    fn phone_meets_the_minimums() {
        let t = Theme::new(false, false);
        assert!(px(t.font_body) >= 17.0);
        assert!(px(t.target) >= 44.0);
        assert!(px(t.check) >= 20.0);
    }

    #[test]
    fn a_lobby_kiosk_is_readable_and_touchable_from_arm_s_length() {
        for elder in [false, true] {
            let t = Theme::new(elder, true);
            assert!(px(t.font_body) >= 22.0, "kiosk text {}", t.font_body);
            assert!(px(t.target) >= 64.0, "kiosk targets {}", t.target);
            assert!(px(t.check) >= 32.0, "kiosk radios {}", t.check);
        }
    }

    #[test]
    fn elder_mode_is_larger_everywhere() {
        for kiosk in [false, true] {
            let normal = Theme::new(false, kiosk);
            let elder = Theme::new(true, kiosk);
            assert!(px(elder.font_body) >= 20.0);
            assert!(px(elder.target) >= 56.0);
            for (a, b) in [
                (normal.font_small, elder.font_small),
                (normal.font_body, elder.font_body),
                (normal.font_title, elder.font_title),
                (normal.font_h1, elder.font_h1),
                (normal.target, elder.target),
                (normal.check, elder.check),
                (normal.border_width, elder.border_width),
            ] {
                assert!(
                    px(b) > px(a),
                    "elder {b} should exceed {a} (kiosk: {kiosk})"
                );
            }
            assert_ne!(normal.color_text, elder.color_text, "elder text is darker");
        }
    }

    #[test]
    fn kiosk_is_larger_than_phone_and_shows_all_tiles_in_a_row() {
        let phone = Theme::new(false, false);
        for elder in [false, true] {
            let kiosk = Theme::new(elder, true);
            assert!(px(kiosk.font_body) > px(phone.font_body));
            assert!(px(kiosk.target) > px(phone.target));
            // Five tiles and four gaps fit the content width of a 1920 px screen.
            let row = 5.0 * px(kiosk.tile_min_width) + 4.0 * px(kiosk.space_3);
            assert!(row <= px(kiosk.content_max).min(1920.0 - 2.0 * px(kiosk.space_3)));
        }
    }

    #[test]
    fn phones_show_two_tiles_a_row_and_elder_mode_one() {
        // A 390 px phone: the content is 390 minus the page padding on both sides.
        let fits = |t: &Theme| {
            let width = 390.0 - 2.0 * px(t.space_3);
            ((width + px(t.space_3)) / (px(t.tile_min_width) + px(t.space_3))).floor()
        };
        assert_eq!(fits(&Theme::new(false, false)), 2.0);
        assert_eq!(fits(&Theme::new(true, false)), 1.0);
    }
}

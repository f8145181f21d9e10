//! A component's style as class names: [`style!`](crate::style) is `stylist::css!` whose
//! result becomes `Classes` through [`class_of`], so the same components can be drawn on
//! the server.
//!
//! In the browser a style is registered with stylist's default manager, which puts it in
//! the document. On the server (the `ssr` feature) there is no document: while
//! [`crate::ssr`] draws a page it names a manager that collects the styles instead
//! ([`with_server_manager`]), and every style drawn on that thread goes there, so the page
//! carries the styles its markup names.
//!
//! A style is written as plain CSS text ([`class_of_text`]): its top-level declarations
//! apply to the element that carries the class, `& …` blocks to what is inside it, and
//! `@media` blocks hold either. stylist's own `css!` macro turns the same text into a tree
//! with one node per declaration, and those nodes are pointers that barely compress: the
//! app's ~1 060 declarations cost ~14 KB brotli of wasm that way. Kept as text and cut into
//! a sheet once, at first use, the same rules cost the text itself. The CSS this reads is
//! the subset the app writes (declarations, one level of nested selectors, `@media` around
//! either, `/* comments */`); a test reads every style in `src/` both ways and compares
//! what stylist writes out. A style with values computed at run time uses `css!` and
//! [`class_of`].

use std::borrow::Cow;
use std::cell::RefCell;

use stylist::ast::{
    Block, Bow, Rule, RuleBlockContent, ScopeContent, Selector, Sheet, StringFragment,
    StyleAttribute,
};
use stylist::StyleSource;
use yew::Classes;

/// The class names of a style (see the module).
pub fn class_of(source: StyleSource) -> Classes {
    #[cfg(feature = "ssr")]
    if let Some(manager) = SERVER_MANAGER.with(|m| m.borrow().clone()) {
        // Only fails for CSS the macro already checked at compile time.
        if let Ok(style) = stylist::Style::new_with_manager(source.clone(), manager) {
            return Classes::from(style.get_class_name().to_owned());
        }
    }
    Classes::from(source)
}

/// The class names of a style written as plain CSS (see the module). Use it through
/// [`style!`](crate::style).
pub fn class_of_text(css: &'static str) -> Classes {
    class_of(StyleSource::from(sheet_of(css)))
}

/// A style computed at run time (the theme's tokens), as plain CSS: cut each time, so
/// only for a style drawn rarely.
pub fn source_of_text(css: &str) -> StyleSource {
    StyleSource::from(read_sheet(css))
}

thread_local! {
    /// Each style's sheet, cut from its text once; found again by where the text lives.
    static SHEETS: RefCell<Vec<(usize, Sheet)>> = const { RefCell::new(Vec::new()) };
}

/// The sheet of a style written as plain CSS, cut once per text.
fn sheet_of(css: &'static str) -> Sheet {
    let key = css.as_ptr() as usize;
    SHEETS.with(|sheets| {
        if let Some((_, sheet)) = sheets.borrow().iter().find(|(k, _)| *k == key) {
            return sheet.clone();
        }
        let sheet = read_sheet(css);
        sheets.borrow_mut().push((key, sheet.clone()));
        sheet
    })
}

/// One thing in a CSS body: a run of declarations, or a block (`prelude { body }`).
enum Item<'a> {
    Declarations(Vec<String>),
    Block { prelude: &'a str, body: &'a str },
}

/// `css` as a stylist sheet (see the module for the CSS it reads).
fn read_sheet(css: &str) -> Sheet {
    let text = without_comments(css);
    let contents = items(&text)
        .into_iter()
        .map(|item| match item {
            Item::Declarations(declarations) => ScopeContent::Block(Block {
                condition: Cow::Borrowed(&[]),
                content: vec![attribute(&declarations)].into(),
            }),
            Item::Block { prelude, body } if prelude.starts_with('@') => ScopeContent::Rule(Rule {
                condition: vec![fragment(prelude)].into(),
                content: rule_content(body),
            }),
            Item::Block { prelude, body } => ScopeContent::Block(block(prelude, body)),
        })
        .collect::<Vec<_>>();
    Sheet::from(contents)
}

/// A block for `selectors { body }`.
fn block(selectors: &str, body: &str) -> Block {
    Block {
        condition: split_outside_parentheses(selectors, b',')
            .into_iter()
            .map(|selector| Selector::from(vec![fragment(selector)]))
            .collect::<Vec<_>>()
            .into(),
        content: block_content(body).into(),
    }
}

/// What a block holds: its declarations.
fn block_content(body: &str) -> Vec<RuleBlockContent> {
    items(body)
        .into_iter()
        .map(|item| match item {
            Item::Declarations(declarations) => attribute(&declarations),
            Item::Block { prelude, body } => {
                RuleBlockContent::Block(Bow::Boxed(Box::new(block(prelude, body))))
            }
        })
        .collect()
}

/// What an `@media` holds: declarations for the element itself (a block without a
/// selector, as stylist writes them) and blocks.
fn rule_content(body: &str) -> Cow<'static, [RuleBlockContent]> {
    items(body)
        .into_iter()
        .map(|item| {
            let inner = match item {
                Item::Declarations(declarations) => Block {
                    condition: Cow::Borrowed(&[]),
                    content: vec![attribute(&declarations)].into(),
                },
                Item::Block { prelude, body } => block(prelude, body),
            };
            RuleBlockContent::Block(Bow::Boxed(Box::new(inner)))
        })
        .collect::<Vec<_>>()
        .into()
}

/// A run of declarations as one stylist attribute. stylist writes an attribute as
/// `key: value;`, so the key carries every declaration but the last, and the last one's
/// property; the value is the last one's value.
fn attribute(declarations: &[String]) -> RuleBlockContent {
    let (last, before) = declarations
        .split_last()
        .expect("a run has at least one declaration");
    let (property, value) = last.split_once(':').unwrap_or((last, ""));
    let mut key = String::new();
    for declaration in before {
        key.push_str(declaration);
        key.push(';');
    }
    key.push_str(property.trim());
    RuleBlockContent::StyleAttr(StyleAttribute {
        key: key.into(),
        value: vec![fragment(value)].into(),
    })
}

/// `text` as a fragment, [`squeezed`].
fn fragment(text: &str) -> StringFragment {
    StringFragment {
        inner: squeezed(text).into(),
    }
}

/// `text`, trimmed, with each run of white space made one space.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A CSS body cut into its items, in order. A `;` or `{` inside parentheses does not count.
fn items(body: &str) -> Vec<Item<'_>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut run = Vec::new();
    let (mut start, mut at) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'(' => at = closing(bytes, at, b'(', b')'),
            b';' => {
                push_declaration(&mut run, &body[start..at]);
                start = at + 1;
            }
            b'{' => {
                let end = closing(bytes, at, b'{', b'}');
                if !run.is_empty() {
                    out.push(Item::Declarations(std::mem::take(&mut run)));
                }
                out.push(Item::Block {
                    prelude: body[start..at].trim(),
                    body: &body[at + 1..end.min(body.len())],
                });
                start = end + 1;
                at = end;
            }
            _ => {}
        }
        at += 1;
    }
    if start < body.len() {
        push_declaration(&mut run, &body[start..]);
    }
    if !run.is_empty() {
        out.push(Item::Declarations(run));
    }
    out
}

/// Adds one declaration ([`squeezed`]) to a run, unless it is empty.
fn push_declaration(run: &mut Vec<String>, text: &str) {
    let declaration = squeezed(text);
    if !declaration.is_empty() {
        run.push(declaration);
    }
}

/// Where the bracket opened at `open_at` closes (the end of the text if it never does).
fn closing(bytes: &[u8], open_at: usize, open: u8, close: u8) -> usize {
    let mut depth = 0;
    for (at, &byte) in bytes.iter().enumerate().skip(open_at) {
        if byte == open {
            depth += 1;
        } else if byte == close {
            depth -= 1;
            if depth == 0 {
                return at;
            }
        }
    }
    bytes.len()
}

/// `text` cut at each `separator` that is not inside parentheses, each part trimmed.
fn split_outside_parentheses(text: &str, separator: u8) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let (mut start, mut at) = (0, 0);
    while at < bytes.len() {
        if bytes[at] == b'(' {
            at = closing(bytes, at, b'(', b')');
        } else if bytes[at] == separator {
            parts.push(text[start..at].trim());
            start = at + 1;
        }
        at += 1;
    }
    parts.push(text[start.min(text.len())..].trim());
    parts
}

/// `css` without its `/* comments */`.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(open) = rest.find("/*") {
        out.push_str(&rest[..open]);
        rest = rest[open + 2..]
            .find("*/")
            .map_or("", |close| &rest[open + 2 + close + 2..]);
    }
    out.push_str(rest);
    out
}

#[cfg(feature = "ssr")]
thread_local! {
    static SERVER_MANAGER: std::cell::RefCell<Option<stylist::manager::StyleManager>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `draw` with every style on this thread going to `manager`.
#[cfg(feature = "ssr")]
pub fn with_server_manager<R>(
    manager: stylist::manager::StyleManager,
    draw: impl FnOnce() -> R,
) -> R {
    SERVER_MANAGER.with(|m| *m.borrow_mut() = Some(manager));
    let out = draw();
    SERVER_MANAGER.with(|m| *m.borrow_mut() = None);
    out
}

/// A style written as plain CSS, as class names (see the module): `style!(r#"gap: 1em;"#)`.
///
/// The text the app carries is the [`minify`]d one, made while compiling: the source keeps
/// its indentation and comments, the download does not.
#[macro_export]
macro_rules! style {
    ($css:literal) => {{
        const LEN: usize = $crate::ui::style::minify::<0>($css).1;
        const BYTES: [u8; LEN] = $crate::ui::style::minify::<LEN>($css).0;
        const TEXT: &str = match ::core::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("minify keeps UTF-8 whole"),
        };
        $crate::ui::style::class_of_text(TEXT)
    }};
}

/// `css` without its comments and the white space CSS does not need, for [`style!`]
/// (crate::style) to run while compiling: returns the first `N` bytes of the result and
/// its whole length, so a first call with `N = 0` measures and a second fills. A run of
/// white space (or a comment) becomes one space, or nothing next to `{ } ; ,` or after
/// `:`; a space before `:` stays, since in a selector it means "a descendant that is".
/// Only ASCII bytes are dropped, so UTF-8 stays whole. [`read_sheet`] reads the result as
/// it reads the source (a test compares every style both ways).
pub const fn minify<const N: usize>(css: &str) -> ([u8; N], usize) {
    const fn tight(byte: u8) -> bool {
        matches!(byte, b'{' | b'}' | b';' | b',')
    }
    let bytes = css.as_bytes();
    let mut out = [0u8; N];
    let (mut len, mut at, mut last, mut space) = (0, 0, 0u8, false);
    while at < bytes.len() {
        let byte = bytes[at];
        if byte == b'/' && at + 1 < bytes.len() && bytes[at + 1] == b'*' {
            at += 2;
            while at < bytes.len() && !(bytes[at] == b'/' && bytes[at - 1] == b'*') {
                at += 1;
            }
            at += 1;
            space = true;
            continue;
        }
        at += 1;
        if byte.is_ascii_whitespace() {
            space = true;
            continue;
        }
        if space && len > 0 && !tight(last) && last != b':' && !tight(byte) {
            if len < N {
                out[len] = b' ';
            }
            len += 1;
        }
        space = false;
        if len < N {
            out[len] = byte;
        }
        len += 1;
        last = byte;
    }
    (out, len)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::path::Path;

    use stylist::ast::ToStyleStr;

    use super::*;

    /// The CSS text of every `style!` in the files under `dir`, with where it is.
    fn styles_in(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                styles_in(&path, out);
                continue;
            }
            // This file names the macro in its docs and tests; it has no style of its own.
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("ui/style.rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            for (at, _) in source.match_indices("style!(") {
                let rest = source[at + "style!(".len()..].trim_start();
                let css = if let Some(raw) = rest.strip_prefix("r#\"") {
                    &raw[..raw.find("\"#").expect("a closed raw string")]
                } else if let Some(plain) = rest.strip_prefix('"') {
                    &plain[..plain.find('"').expect("a closed string")]
                } else {
                    continue;
                };
                out.push((format!("{}:{at}", path.display()), css.to_owned()));
            }
        }
    }

    /// The CSS text of every `style!` of the app, with where it is.
    fn app_styles() -> Vec<(String, String)> {
        let mut styles = Vec::new();
        styles_in(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut styles,
        );
        styles
    }

    /// What stylist writes for a sheet, with white space made comparable: the reader
    /// joins declarations on one line, stylist puts one per line.
    fn written(sheet: &Sheet) -> String {
        let text = sheet.to_style_str(Some("c"));
        let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for (from, to) in [
            (" {", "{"),
            ("{ ", "{"),
            ("; ", ";"),
            (" }", "}"),
            ("} ", "}"),
            (": ", ":"),
            (";}", "}"),
        ] {
            text = text.replace(from, to);
        }
        text
    }

    #[test]
    fn every_style_reads_as_stylists_own_parser_reads_it() {
        let styles = app_styles();
        // The app's styles are here, not a handful found by accident.
        assert!(styles.len() >= 35, "found {} styles", styles.len());
        for (place, css) in &styles {
            let theirs: Sheet = css.parse().unwrap_or_else(|e| panic!("{place}: {e}"));
            assert_eq!(written(&read_sheet(css)), written(&theirs), "{place}");
        }
    }

    #[test]
    fn every_style_reads_the_same_minified() {
        let styles = app_styles();
        let mut saved = 0;
        for (place, css) in &styles {
            let (bytes, len) = minify::<16384>(css);
            assert!(len <= bytes.len(), "{place}: raise the buffer");
            let small = std::str::from_utf8(&bytes[..len]).unwrap();
            // Spaces after a comma in a value (`rgba(0, 0, 0)`) are the one difference.
            let same = |sheet: &Sheet| written(sheet).replace(", ", ",");
            assert_eq!(same(&read_sheet(small)), same(&read_sheet(css)), "{place}");
            assert!(
                !small.contains("/*") && !small.contains("  "),
                "{place}: {small}"
            );
            saved += css.len() - len;
        }
        assert!(saved > 10_000, "minifying saved only {saved} bytes");
    }

    #[test]
    fn minify_drops_what_css_does_not_need() {
        let css = "
            /* the card */ gap: 1em; color: rgba(0, 0, 0, 0.5)
            ;
            & .a, & .b:hover { margin: 0 auto; }
            & :focus-visible { outline: 2px solid }
            @media (min-width: 60em) { & > img { grid-column: 2 / span 8 } }
        ";
        let (bytes, len) = minify::<512>(css);
        assert_eq!(
            std::str::from_utf8(&bytes[..len]).unwrap(),
            "gap:1em;color:rgba(0,0,0,0.5);& .a,& .b:hover{margin:0 auto;}\
             & :focus-visible{outline:2px solid}\
             @media (min-width:60em){& > img{grid-column:2 / span 8}}"
        );
        assert_eq!(minify::<0>(css).1, len, "measuring and filling agree");
        // Through the macro, as the app uses it.
        const TEXT: &str = {
            const LEN: usize = minify::<0>("a {  b: c;  } /* x */").1;
            const BYTES: [u8; LEN] = minify::<LEN>("a {  b: c;  } /* x */").0;
            match std::str::from_utf8(&BYTES) {
                Ok(text) => text,
                Err(_) => panic!(),
            }
        };
        assert_eq!(TEXT, "a{b:c;}");
        // Each call of one `style!` hands over the same text, so its sheet is cut once.
        fn styled() -> Classes {
            crate::style!("gap: 2em;  /* twice */")
        }
        let count = || SHEETS.with(|sheets| sheets.borrow().len());
        let before = count();
        assert_eq!(styled(), styled());
        assert_eq!(count(), before + 1);
        let (bytes, len) = minify::<64>("color: 红 /* 注 */ ;");
        assert_eq!(std::str::from_utf8(&bytes[..len]), Ok("color:红;"));
    }

    #[test]
    fn the_theme_reads_as_stylists_own_parser_reads_it() {
        for (elder, kiosk) in [(false, false), (true, false), (false, true), (true, true)] {
            let css = crate::ui::theme::Theme::new(elder, kiosk).css();
            let theirs: Sheet = css.parse().unwrap();
            let (ours, theirs) = (read_sheet(&css), theirs);
            // The theme is global: no class, so `:root` carries the tokens.
            assert_eq!(
                ours.to_style_str(None)
                    .split_whitespace()
                    .collect::<String>(),
                theirs
                    .to_style_str(None)
                    .split_whitespace()
                    .collect::<String>()
            );
            assert_eq!(written(&ours), written(&theirs));
        }
    }

    #[test]
    fn nesting_media_comments_and_selector_lists() {
        let css = "
            /* the card */ gap: 1em; color: red
            ;
            & .a, & .b:hover { margin: 0 auto; }
            @media (min-width: 60em) { max-width: none; & > img { grid-column: 2 / span 8 } }
            padding: 0;
        ";
        let theirs: Sheet = css.parse().unwrap();
        assert_eq!(written(&read_sheet(css)), written(&theirs));
        assert_eq!(
            written(&read_sheet(css)),
            ".c{gap:1em;color:red}.c .a, .c .b:hover{margin:0 auto}\
             @media (min-width:60em){.c{max-width:none}}\
             @media (min-width:60em){.c > img{grid-column:2 / span 8}}\
             .c{padding:0}"
        );
        // A comma inside parentheses does not end a selector (stylist's parser cuts there).
        assert_eq!(
            written(&read_sheet("& :is(.b, .c) { margin: 0 }")),
            ".c :is(.b, .c){margin:0}"
        );
    }

    #[test]
    fn a_style_is_cut_once() {
        const CSS: &str = "gap: 1em;";
        let (first, again) = (sheet_of(CSS), sheet_of(CSS));
        assert!(std::ptr::eq(first.as_ptr(), again.as_ptr()));
        assert!(!std::ptr::eq(first.as_ptr(), read_sheet(CSS).as_ptr()));
    }
}

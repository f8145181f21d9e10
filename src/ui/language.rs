//! Choosing the language: a compact switch for headers, a picker for the settings page.

use careway_core::locale::Lang;
use yew::prelude::*;

use super::button::{button_style, Variant};
use crate::i18n::texts;

/// The properties of [`LanguageSwitch`] and what [`language_picker`] takes.
#[derive(Properties, PartialEq)]
pub struct LanguageProps {
    /// The language the app speaks now.
    pub current: Lang,
    /// Asked to switch to a language.
    pub on_change: Callback<Lang>,
}

/// The other language than `lang` (Careway speaks two).
fn other(lang: Lang) -> Lang {
    match lang {
        Lang::ZhCn => Lang::En,
        Lang::En => Lang::ZhCn,
    }
}

/// A header button that switches to the other language. It is written in that language
/// ("EN" on a Chinese page, "中文" on an English one), so a patient who cannot read the
/// current page still recognises it. Its accessible name starts with that visible text
/// ("EN – Switch to English"), so voice control users can say what they see (WCAG 2.5.3).
pub fn language_switch(current: Lang, on_change: &Callback<Lang>) -> Html {
    let target = other(current);
    let text = match target {
        Lang::ZhCn => "中文",
        Lang::En => "EN",
    };
    let label = accessible_name(text, texts(target).switch_to_language);
    let onclick = on_change.reform(move |_: MouseEvent| target);
    let class = classes!(
        button_style(Variant::Secondary),
        crate::style!("padding-inline: var(--sp-3);")
    );
    html! {
        <button type="button" {class} {onclick} lang={target.tag()}
            aria-label={label}>
            { text }
        </button>
    }
}

/// The accessible name of a button showing `visible` that does `action`: the visible text
/// first, so the name contains what the button says.
fn accessible_name(visible: &str, action: &str) -> String {
    format!("{visible} – {action}")
}

/// The settings page's language choice: one button per language, each written in its own
/// language, the current one pressed.
///
/// A function rather than a component: it holds no state, and each component type adds
/// its own copy of yew's component machinery to the bundle.
pub fn language_picker(props: &LanguageProps) -> Html {
    let class = crate::style!(
        r#"
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(8em, 1fr));
        gap: var(--sp-2);
        & button[aria-pressed="true"] {
            background: var(--c-primary);
            color: var(--c-on-primary);
            border-color: var(--c-primary);
        }
        "#
    );
    html! {
        <div {class}>
            { for Lang::ALL.into_iter().map(|lang| {
                let pressed = lang == props.current;
                let onclick = props.on_change.reform(move |_: MouseEvent| lang);
                html! {
                    <button type="button" class={button_style(Variant::Secondary)} {onclick}
                        lang={lang.tag()} aria-pressed={if pressed { "true" } else { "false" }}>
                        { texts(lang).language_name }
                    </button>
                }
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_is_named_by_what_it_shows() {
        for lang in Lang::ALL {
            let target = other(lang);
            let visible = match target {
                Lang::ZhCn => "中文",
                Lang::En => "EN",
            };
            let name = accessible_name(visible, texts(target).switch_to_language);
            assert!(name.starts_with(visible), "{name}");
            assert!(name.contains(texts(target).switch_to_language), "{name}");
        }
    }
}

//! The kiosk's on-screen keypad: kiosks have no keyboard. Digits for phone numbers and
//! codes; for card numbers, a compact keyboard with the letters too.

use yew::prelude::*;

use crate::account::state::keypad::Key;
use crate::ui::icon::{icon, IconKind};

/// What [`keypad`] draws.
#[derive(PartialEq)]
pub struct KeypadProps {
    /// The accessible name of the keypad ("Keypad").
    pub label: AttrValue,
    /// The id of the input the keys type into (`aria-controls`).
    pub controls: AttrValue,
    /// Whether to offer letters as well (card and ID numbers): a compact keyboard.
    pub letters: bool,
    /// The backspace key's name.
    pub backspace_label: AttrValue,
    /// The clear key's name.
    pub clear_label: AttrValue,
    /// A key was pressed (see [`crate::account::state::keypad::press`] for what it does to the text).
    pub on_key: Callback<Key>,
}

/// Digits 1–9 and 0, backspace and clear, as big keys; with `letters`, a keyboard of ten
/// columns: the digits, the letters in QWERTY rows, backspace and clear. Pressing a key
/// leaves the focus in the field (so leaving the field does not count as done typing).
///
/// A function rather than a component: it holds no state, and each component type adds
/// its own copy of yew's component machinery to the bundle.
pub fn keypad(props: &KeypadProps) -> Html {
    let class = crate::style!(
        r#"
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: var(--sp-2);
        width: 100%;
        & button {
            display: inline-flex;
            align-items: center;
            justify-content: center;
            gap: var(--sp-1);
            min-height: calc(var(--target) * 1.15);
            padding: var(--sp-1);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-text);
            font-size: var(--fs-h2);
            font-weight: 700;
            font-variant-numeric: tabular-nums;
            cursor: pointer;
            touch-action: manipulation;
            user-select: none;
        }
        & button:active {
            background: var(--c-primary-soft);
            border-color: var(--c-primary);
        }
        & .wide {
            grid-column: 1 / -1;
            font-size: var(--fs-body);
        }
        & .spacer {
            visibility: hidden;
        }
        &.letters {
            grid-template-columns: repeat(10, minmax(0, 1fr));
            gap: var(--sp-1);
        }
        &.letters button {
            min-height: var(--target);
            font-size: var(--fs-title);
        }
        &.letters .clear {
            grid-column: span 3;
            font-size: var(--fs-body);
        }
        "#
    );
    // A mouse or touch press would move the focus to the key; keep it in the field.
    let keep_focus = Callback::from(|e: MouseEvent| e.prevent_default());
    let key = |key: Key, text: Html, label: Option<AttrValue>, class: Option<&'static str>| {
        let onclick = props.on_key.reform(move |_: MouseEvent| key);
        html! {
            <button type="button" {class} {onclick} onmousedown={keep_focus.clone()}
                aria-label={label} aria-controls={props.controls.clone()}>
                { text }
            </button>
        }
    };
    let digit = |k: Key| match k {
        Key::Digit(d) => key(k, html! { { d } }, None, None),
        _ => Html::default(),
    };
    let backspace = key(
        Key::Backspace,
        html! { { icon(IconKind::Backspace) } },
        Some(props.backspace_label.clone()),
        None,
    );
    if props.letters {
        let [top, middle, bottom] = Key::LETTER_ROWS.map(|row| {
            row.chars()
                .map(|c| key(Key::Letter(c), html! { { c } }, None, None))
                .collect::<Html>()
        });
        return html! {
            <div class={classes!(class, "letters")} role="group" aria-label={props.label.clone()}>
                { for Key::DIGITS.into_iter().map(digit) }
                { top }
                { middle }
                { backspace }
                { bottom }
                { key(Key::Clear, html! { { &props.clear_label } }, None, Some("clear")) }
            </div>
        };
    }
    html! {
        <div {class} role="group" aria-label={props.label.clone()}>
            { for Key::DIGITS[..9].iter().copied().map(digit) }
            <span class="spacer" aria-hidden="true"></span>
            { digit(Key::Digit(0)) }
            { backspace }
            { key(Key::Clear, html! { { &props.clear_label } }, None, Some("wide")) }
        </div>
    }
}

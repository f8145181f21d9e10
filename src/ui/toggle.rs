//! An on/off switch that says what it does and whether it is on.

use yew::prelude::*;

/// What [`toggle`] shows.
#[derive(PartialEq)]
pub struct ToggleProps {
    /// A stable id, from which the label and hint ids are derived.
    pub id: AttrValue,
    /// What the switch turns on and off.
    pub label: AttrValue,
    /// What that changes, below the label.
    pub hint: Option<AttrValue>,
    /// Whether it is on.
    pub checked: bool,
    /// The state's word when on ("On").
    pub on_text: AttrValue,
    /// The state's word when off ("Off").
    pub off_text: AttrValue,
    /// Asked to switch to the given state.
    pub on_change: Callback<bool>,
}

/// A switch (`role="switch"` with `aria-checked`): the whole row is the target, and the
/// state is shown in words as well as by the knob's position.
///
/// A function rather than a component: it holds no state, and each component type adds
/// its own copy of yew's component machinery to the bundle.
pub fn toggle(props: &ToggleProps) -> Html {
    let class = crate::style!(
        r#"
        display: flex;
        align-items: center;
        gap: var(--sp-3);
        width: 100%;
        min-height: var(--target);
        padding: var(--sp-2) var(--sp-3);
        background: var(--c-surface);
        border: var(--border) solid var(--c-border-strong);
        border-radius: var(--radius-s);
        text-align: start;
        cursor: pointer;
        touch-action: manipulation;
        & .text {
            flex: 1;
            display: grid;
            gap: 2px;
        }
        & .label {
            font-weight: 600;
        }
        & .hint {
            font-size: var(--fs-small);
            color: var(--c-muted);
        }
        & .state {
            font-size: var(--fs-small);
            color: var(--c-muted);
            min-width: 3em;
            text-align: end;
        }
        & .track {
            position: relative;
            flex: none;
            width: calc(var(--target) * 1.1);
            height: calc(var(--target) * 0.6);
            border-radius: 999px;
            background: var(--c-surface);
            border: 2px solid var(--c-border-strong);
            transition: background 0.15s;
        }
        & .knob {
            position: absolute;
            top: 50%;
            left: 4px;
            width: calc(var(--target) * 0.6 - 12px);
            height: calc(var(--target) * 0.6 - 12px);
            border-radius: 50%;
            background: var(--c-border-strong);
            transform: translateY(-50%);
            transition: left 0.15s;
        }
        &[aria-checked="true"] .track {
            background: var(--c-primary);
            border-color: var(--c-primary);
        }
        &[aria-checked="true"] .knob {
            left: calc(100% - var(--target) * 0.6 + 8px);
            background: var(--c-on-primary);
        }
        &[aria-checked="true"] .state {
            color: var(--c-primary);
            font-weight: 600;
        }
        "#
    );
    let checked = props.checked;
    let onclick = props.on_change.reform(move |_: MouseEvent| !checked);
    let label_id = format!("{}-label", props.id);
    let hint_id = props.hint.as_ref().map(|_| format!("{}-hint", props.id));
    html! {
        <button type="button" {class} id={props.id.clone()} role="switch"
            aria-checked={if checked { "true" } else { "false" }}
            aria-labelledby={label_id.clone()} aria-describedby={hint_id.clone()} {onclick}>
            <span class="text">
                <span class="label" id={label_id}>{ &props.label }</span>
                if let (Some(hint), Some(hint_id)) = (&props.hint, hint_id) {
                    <span class="hint" id={hint_id}>{ hint }</span>
                }
            </span>
            <span class="state" aria-hidden="true">
                { if checked { &props.on_text } else { &props.off_text } }
            </span>
            <span class="track" aria-hidden="true"><span class="knob"></span></span>
        </button>
    }
}

//! Form fields: a labelled input and a labelled group of choices, each with an optional
//! hint and an error message tied to the input (`aria-describedby`, `aria-invalid`), so
//! a screen reader reads the label, the hint and what is wrong together.
//!
//! The line under a field is kept free for its message even when there is none: a message
//! appearing when the patient leaves a field would otherwise push the next field down
//! between pressing and releasing on it, and the tap would miss.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::icon::{icon, IconKind};

/// The shared look of fields: label above, hint below it, the input, the error under.
/// The gap between fields comes from the message line, so forms set little of their own.
fn field_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-1);
        min-width: 0;
        & > label, & legend {
            font-weight: 600;
        }
        & .hint {
            font-size: var(--fs-small);
            color: var(--c-muted);
        }
        & .slot {
            min-height: calc(var(--fs-small) * 1.5);
        }
        & .error {
            display: flex;
            align-items: flex-start;
            gap: var(--sp-1);
            color: var(--c-danger);
            font-size: var(--fs-small);
            font-weight: 600;
        }
        & .error svg {
            margin-top: 0.2em;
        }
        & input:not([type="radio"]) {
            width: 100%;
            min-height: var(--target);
            padding: var(--sp-2) var(--sp-3);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            color: var(--c-text);
            font: inherit;
            font-size: var(--fs-body);
        }
        & input[aria-invalid="true"] {
            border-color: var(--c-danger);
            border-width: 2px;
            background: var(--c-danger-soft);
        }
        & input.large {
            font-size: var(--fs-h1);
            font-weight: 700;
            letter-spacing: 0.08em;
            font-variant-numeric: tabular-nums;
        }
        & fieldset {
            display: grid;
            gap: var(--sp-1);
            margin: 0;
            padding: 0;
            border: 0;
            min-width: 0;
        }
        & legend {
            padding: 0;
            margin-bottom: var(--sp-1);
        }
        & .choices {
            display: flex;
            flex-wrap: wrap;
            gap: var(--sp-2);
        }
        & .choice {
            display: inline-flex;
            align-items: center;
            gap: var(--sp-2);
            min-height: var(--target);
            padding: var(--sp-1) var(--sp-3);
            border: var(--border) solid var(--c-border-strong);
            border-radius: var(--radius-s);
            background: var(--c-surface);
            cursor: pointer;
            touch-action: manipulation;
        }
        & .choice input {
            flex: none;
            width: var(--check);
            height: var(--check);
            margin: 0;
            accent-color: var(--c-primary);
        }
        & .choice.checked {
            border-color: var(--c-primary);
            background: var(--c-primary-soft);
            color: var(--c-primary-strong);
            font-weight: 600;
        }
        & .choices.invalid .choice {
            border-color: var(--c-danger);
        }
        "#
    )
}

/// The ids a field's input points to with `aria-describedby`.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [(hint, "hint"), (error, "error")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, part)| format!("{id}-{part}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Whether the focus leaves for a submit button. That is not "leaving the field": the
/// submit checks the field anyway, and a message appearing at that moment would push the
/// button away from under the finger or pointer, so the press would miss it.
fn to_submit_button(e: &FocusEvent) -> bool {
    e.related_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            el.tag_name() == "BUTTON" && el.get_attribute("type").as_deref() == Some("submit")
        })
}

/// The properties of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The input's id; the hint and error ids are derived from it.
    pub id: AttrValue,
    /// What to type.
    pub label: AttrValue,
    /// What was typed.
    pub value: AttrValue,
    /// The text after each keystroke.
    pub on_input: Callback<String>,
    /// The patient left the field.
    #[prop_or_default]
    pub on_blur: Callback<()>,
    /// More about what to type, below the label.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// What is wrong with it, in the patient's language.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The input's `type` (`text`, `tel`, `date`).
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    /// `inputmode`: which on-screen keyboard a phone shows (`numeric`; `none` on a kiosk
    /// with its own keypad).
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// `autocomplete` (`tel`, `one-time-code`, `name`, `off`).
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// `maxlength`.
    #[prop_or_default]
    pub maxlength: Option<AttrValue>,
    /// `max` (the latest date of a date input).
    #[prop_or_default]
    pub max: Option<AttrValue>,
    /// Large digits, for codes and card numbers.
    #[prop_or_default]
    pub large: bool,
    /// The input element, for focusing it.
    #[prop_or_default]
    pub node_ref: NodeRef,
}

/// A labelled text input.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = props
        .on_input
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    // Some pickers (dates) and card readers report through `change` only.
    let onchange = props
        .on_input
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    let onblur = {
        let on_blur = props.on_blur.clone();
        Callback::from(move |e: FocusEvent| {
            if !to_submit_button(&e) {
                on_blur.emit(());
            }
        })
    };
    let id = &props.id;
    let invalid = props.error.is_some();
    html! {
        <div class={field_style()}>
            <label for={id.clone()}>{ &props.label }</label>
            if let Some(hint) = &props.hint {
                <p class="hint" id={format!("{id}-hint")}>{ hint }</p>
            }
            <input id={id.clone()} name={id.clone()} type={props.kind.clone()}
                class={props.large.then_some("large")}
                value={props.value.clone()} {oninput} {onchange} {onblur}
                inputmode={props.inputmode.clone()} autocomplete={props.autocomplete.clone()}
                maxlength={props.maxlength.clone()} max={props.max.clone()}
                autocapitalize="off" spellcheck="false"
                aria-invalid={invalid.then_some("true")}
                aria-describedby={described_by(id, props.hint.is_some(), invalid)}
                ref={props.node_ref.clone()} />
            <div class="slot">
                if let Some(error) = &props.error {
                    <p class="error" id={format!("{id}-error")}>
                        { icon(IconKind::Alert) }{ error }
                    </p>
                }
            </div>
        </div>
    }
}

/// One option of a [`ChoiceField`].
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    /// What it says.
    pub label: AttrValue,
    /// Whether it is the chosen one.
    pub checked: bool,
}

/// The properties of [`ChoiceField`].
#[derive(Properties, PartialEq)]
pub struct ChoiceFieldProps {
    /// The first radio's id (the focus target); the others, the hint and error ids are
    /// derived from it.
    pub id: AttrValue,
    /// What to choose.
    pub label: AttrValue,
    /// The options, in order.
    pub choices: Vec<Choice>,
    /// Where each option stands among all the field can offer, when some are left out
    /// (the relation "self" once the holder exists): the radios keep their ids (`id`,
    /// `{id}-1`, …) whatever is offered. By default, their order.
    #[prop_or_default]
    pub slots: Option<Vec<usize>>,
    /// The index (in `choices`) of the option chosen.
    pub on_choose: Callback<usize>,
    /// What is wrong, in the patient's language.
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

/// A `<fieldset>` of radio buttons drawn as large chips: one choice among a few (sex,
/// relation). Arrow keys move between them, as with any radio group. The radios share the
/// name `id`, which [`crate::ui::focus::focus_id`] falls back on when the first is left out.
#[component]
pub fn ChoiceField(props: &ChoiceFieldProps) -> Html {
    let id = &props.id;
    let invalid = props.error.is_some();
    let describedby = described_by(id, false, invalid);
    html! {
        <div class={field_style()}>
            <fieldset>
                <legend>{ &props.label }</legend>
                <div class={classes!("choices", invalid.then_some("invalid"))}>
                    { for props.choices.iter().enumerate().map(|(i, choice)| {
                        let slot = props.slots.as_ref().and_then(|s| s.get(i).copied()).unwrap_or(i);
                        let input_id = if slot == 0 { id.to_string() } else { format!("{id}-{slot}") };
                        let onchange = props.on_choose.reform(move |_: Event| i);
                        html! {
                            <label class={classes!("choice", choice.checked.then_some("checked"))}>
                                <input type="radio" id={input_id} name={id.clone()}
                                    checked={choice.checked} {onchange}
                                    aria-invalid={invalid.then_some("true")}
                                    aria-describedby={describedby.clone()} />
                                <span>{ &choice.label }</span>
                            </label>
                        }
                    }) }
                </div>
            </fieldset>
            <div class="slot">
                if let Some(error) = &props.error {
                    <p class="error" id={format!("{id}-error")}>
                        { icon(IconKind::Alert) }{ error }
                    </p>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_point_to_their_hint_and_error() {
        assert_eq!(described_by("phone", false, false), None);
        assert_eq!(
            described_by("phone", true, false).as_deref(),
            Some("phone-hint")
        );
        assert_eq!(
            described_by("phone", true, true).as_deref(),
            Some("phone-hint phone-error")
        );
    }
}

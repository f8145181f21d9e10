//! One control per item type: big radio cards for a choice or any item with answer
//! options (checkboxes when it repeats),
//! cards and an "other" field for an open choice, two cards for yes / no, a number with
//! − / + and its unit, a number and a unit for a quantity, the browser's own date and time
//! inputs, a text input with its length limit, a text area with a character count. Each
//! is labelled (`label for`, or `fieldset` + `legend`), points to its message with
//! `aria-describedby`, and is disabled when the item is read-only.

use careway_core::locale::Lang;
use careway_core::number::decimal;
use careway_core::questionnaire::{AnswerOption, Coding, Item, ItemType, Quantity, Value};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::Texts;
use crate::surveys::state::answer_text;

/// What a control needs about its question.
pub struct ControlCtx<'a> {
    /// The question.
    pub item: &'a Item,
    /// The id of its (first) input; the label and message ids derive from it.
    pub id: String,
    /// Its text in the patient's language.
    pub label: String,
    /// Its answers at this level.
    pub values: &'a [Value],
    /// Whether a message shows under it.
    pub error: bool,
    /// The patient's language.
    pub lang: Lang,
    /// The patient's texts.
    pub t: &'static Texts,
    /// Replaces its answers.
    pub set: Callback<Vec<Value>>,
}

impl ControlCtx<'_> {
    fn described_by(&self) -> Option<String> {
        self.error.then(|| format!("{}-error", self.id))
    }

    fn invalid(&self) -> Option<&'static str> {
        self.error.then_some("true")
    }

    /// The question's text, marked when an answer is required.
    fn title(&self) -> Html {
        html! {
            <>
                { &self.label }
                if self.item.required {
                    <span class="required">{ self.t.survey_required }</span>
                }
            </>
        }
    }
}

/// The control for the question's type.
pub fn control(c: &ControlCtx) -> Html {
    match c.item.kind {
        // Options restrict any type to themselves (an integer scale, a list of strings).
        kind if kind.is_question() && !c.item.options.is_empty() => cards(c),
        ItemType::Boolean => yes_no(c),
        ItemType::Integer | ItemType::Decimal => number(c),
        ItemType::Quantity => quantity(c),
        ItemType::Date => plain_input(c, "date"),
        ItemType::DateTime => plain_input(c, "datetime-local"),
        ItemType::Time => plain_input(c, "time"),
        ItemType::String | ItemType::OpenChoice => plain_input(c, "text"),
        ItemType::Url => plain_input(c, "url"),
        ItemType::Text => text_area(c),
        // A choice without options (a value set not supplied), a file, a reference.
        _ => html! {
            <>
                <p class="q-label" id={c.id.clone()}>{ c.title() }</p>
                <p class="muted">{ c.t.survey_not_online }</p>
            </>
        },
    }
}

/// The text an option shows.
fn option_text(option: &AnswerOption, lang: Lang, t: &Texts) -> String {
    let text = answer_text(&option.value, lang, t);
    match &option.prefix {
        Some(prefix) => format!("{prefix} {text}"),
        None => text,
    }
}

/// A choice (or open choice) as cards: radios, or checkboxes when it takes several
/// answers; an open choice adds a text field for another answer.
fn cards(c: &ControlCtx) -> Html {
    let item = c.item;
    let several = item.repeats || item.control.as_deref() == Some("check-box");
    let open = item.kind == ItemType::OpenChoice;
    let chosen = |v: &Value| item.options.iter().any(|o| o.matches(v));
    let other: String = c
        .values
        .iter()
        .find_map(|v| match v {
            Value::String(s) if open && !chosen(v) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let name = c.id.clone();
    let options = item.options.iter().enumerate().map(|(k, option)| {
        let checked = c.values.iter().any(|v| option.matches(v));
        let id = if k == 0 {
            c.id.clone()
        } else {
            format!("{}-{k}", c.id)
        };
        let onchange = {
            let set = c.set.clone();
            let values = c.values.to_vec();
            let value = option.value.clone();
            Callback::from(move |_: Event| {
                let next = if several {
                    let mut next: Vec<Value> = values.clone();
                    match next.iter().position(|v| v == &value) {
                        Some(at) => {
                            next.remove(at);
                        }
                        None => next.push(value.clone()),
                    }
                    next
                } else {
                    vec![value.clone()]
                };
                set.emit(next);
            })
        };
        html! {
            <label class={classes!("card", checked.then_some("checked"))} for={id.clone()}>
                <input {id} type={if several { "checkbox" } else { "radio" }} name={name.clone()}
                    {checked} disabled={item.read_only} {onchange} />
                <span>{ option_text(option, c.lang, c.t) }</span>
            </label>
        }
    });
    let other_field = open.then(|| {
        let id = format!("{}-other", c.id);
        let oninput = {
            let set = c.set.clone();
            let kept: Vec<Value> = if several {
                c.values.iter().filter(|v| chosen(v)).cloned().collect()
            } else {
                Vec::new()
            };
            Callback::from(move |e: InputEvent| {
                let text = e.target_unchecked_into::<HtmlInputElement>().value();
                let mut next = kept.clone();
                if !text.trim().is_empty() {
                    next.push(Value::String(text));
                }
                set.emit(next);
            })
        };
        html! {
            <div class="other">
                <label for={id.clone()}>{ c.t.survey_other }</label>
                <input {id} type="text" value={other.clone()} {oninput} disabled={item.read_only}
                    maxlength={item.max_length.map(|m| m.to_string())} />
            </div>
        }
    });
    html! {
        <fieldset aria-describedby={c.described_by()} aria-invalid={c.invalid()}>
            <legend class="q-label">{ c.title() }</legend>
            <div class="cards">{ for options }</div>
            { for other_field }
        </fieldset>
    }
}

/// Yes / no as two big cards.
fn yes_no(c: &ControlCtx) -> Html {
    let current = c.values.iter().find_map(|v| match v {
        Value::Boolean(b) => Some(*b),
        _ => None,
    });
    let card = |answer: bool, id: String, text: &'static str| {
        let onchange = c.set.reform(move |_: Event| vec![Value::Boolean(answer)]);
        let checked = current == Some(answer);
        html! {
            <label class={classes!("card", checked.then_some("checked"))} for={id.clone()}>
                <input {id} type="radio" name={c.id.clone()} {checked} disabled={c.item.read_only} {onchange} />
                <span>{ text }</span>
            </label>
        }
    };
    html! {
        <fieldset aria-describedby={c.described_by()} aria-invalid={c.invalid()}>
            <legend class="q-label">{ c.title() }</legend>
            <div class="cards two">
                { card(true, c.id.clone(), c.t.survey_yes) }
                { card(false, format!("{}-no", c.id), c.t.survey_no) }
            </div>
        </fieldset>
    }
}

/// The number of an integer or decimal answer, or of a quantity.
fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(n) => Some(*n as f64),
        Value::Decimal(x) => Some(*x),
        Value::Quantity(q) => q.value,
        _ => None,
    }
}

/// The number in a number input as the browser reads it: `None` while it is empty or not
/// a number (the browser parses it, so the app carries no float parser of its own).
fn typed_number(e: &InputEvent) -> Option<f64> {
    let number = e
        .target_unchecked_into::<HtmlInputElement>()
        .value_as_number();
    number.is_finite().then_some(number)
}

/// A typed number as the item's answer: an integer item takes whole numbers only.
fn number_answer(kind: ItemType, number: f64) -> Option<Value> {
    match kind {
        ItemType::Integer => {
            (number.fract() == 0.0 && number.abs() < 9e15).then_some(Value::Integer(number as i64))
        }
        _ => Some(Value::Decimal(number)),
    }
}

/// How a unit reads: its name in the patient's language, else its code.
fn unit_label(unit: &Coding, lang: Lang) -> Option<&str> {
    unit.display_in(lang.tag()).or(unit.code.as_deref())
}

/// An integer or decimal: the number with − and + beside it, and its unit.
fn number(c: &ControlCtx) -> Html {
    let item = c.item;
    let current = c.values.first().and_then(number_of);
    let shown = c.values.first().map(|v| answer_text(v, c.lang, c.t));
    let kind = item.kind;
    let step = move |delta: f64| {
        let next = current.unwrap_or(0.0) + delta;
        let value = match kind {
            ItemType::Integer => Value::Integer(next.round() as i64),
            _ => Value::Decimal(next),
        };
        c.set.reform(move |()| vec![value.clone()])
    };
    let oninput = c.set.reform(move |e: InputEvent| {
        typed_number(&e)
            .and_then(|number| number_answer(kind, number))
            .into_iter()
            .collect()
    });
    let unit_id = format!("{}-unit", c.id);
    let unit = item.unit.as_ref().and_then(|u| unit_label(u, c.lang));
    let described = [c.described_by(), unit.as_ref().map(|_| unit_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    html! {
        <>
            <label class="q-label" for={c.id.clone()}>{ c.title() }</label>
            <div class="stepper">
                <button type="button" class="step" aria-label={c.t.survey_decrease}
                    disabled={item.read_only} aria-controls={c.id.clone()}
                    onclick={step(-1.0).reform(|_: MouseEvent| ())}>{ "−" }</button>
                <input id={c.id.clone()} type="number"
                    inputmode={if kind == ItemType::Integer { "numeric" } else { "decimal" }}
                    step={if kind == ItemType::Integer { "1" } else { "any" }}
                    value={shown.unwrap_or_default()} {oninput} disabled={item.read_only}
                    aria-invalid={c.invalid()}
                    aria-describedby={(!described.is_empty()).then_some(described)} />
                <button type="button" class="step" aria-label={c.t.survey_increase}
                    disabled={item.read_only} aria-controls={c.id.clone()}
                    onclick={step(1.0).reform(|_: MouseEvent| ())}>{ "+" }</button>
                if let Some(unit) = unit {
                    <span class="unit" id={unit_id}>{ unit }</span>
                }
            </div>
        </>
    }
}

/// A quantity: the number, and its unit from the item's unit options (or its one unit).
fn quantity(c: &ControlCtx) -> Html {
    let item = c.item;
    let current: Quantity = match c.values.first() {
        Some(Value::Quantity(q)) => q.clone(),
        _ => Quantity::default(),
    };
    let units: Vec<Coding> = if item.unit_options.is_empty() {
        item.unit.iter().cloned().collect()
    } else {
        item.unit_options.clone()
    };
    let with_unit = |q: &mut Quantity, unit: Option<&Coding>, lang: Lang| {
        if let Some(u) = unit {
            q.unit = unit_label(u, lang).map(str::to_owned);
            q.system = u.system.clone();
            q.code = u.code.clone();
        }
    };
    let chosen = units
        .iter()
        .position(|u| u.code.is_some() && u.code == current.code)
        .unwrap_or(0);
    let lang = c.lang;
    let oninput = {
        let (current, unit) = (current.clone(), units.get(chosen).cloned());
        c.set.reform(move |e: InputEvent| {
            let Some(value) = typed_number(&e) else {
                return Vec::new();
            };
            let mut q = current.clone();
            q.value = Some(value);
            if q.code.is_none() && q.unit.is_none() {
                with_unit(&mut q, unit.as_ref(), lang);
            }
            vec![Value::Quantity(q)]
        })
    };
    let onchange = {
        let (current, units) = (current.clone(), units.clone());
        c.set.reform(move |e: Event| {
            let index: usize = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(0);
            let mut q = current.clone();
            with_unit(&mut q, units.get(index), lang);
            if q.value.is_none() {
                return Vec::new();
            }
            vec![Value::Quantity(q)]
        })
    };
    let unit_id = format!("{}-unit", c.id);
    html! {
        <>
            <label class="q-label" for={c.id.clone()}>{ c.title() }</label>
            <div class="stepper">
                <input id={c.id.clone()} type="number" inputmode="decimal" step="any"
                    value={current.value.map(|v| decimal(v, 9)).unwrap_or_default()}
                    {oninput} disabled={item.read_only} aria-invalid={c.invalid()}
                    aria-describedby={c.described_by()} />
                if units.len() > 1 {
                    <label class="visually-hidden" for={unit_id.clone()}>{ c.t.survey_unit }</label>
                    <select id={unit_id} {onchange} disabled={item.read_only}>
                        { for units.iter().enumerate().map(|(k, u)| html! {
                            <option value={k.to_string()} selected={k == chosen}>
                                { unit_label(u, c.lang).unwrap_or_default() }
                            </option>
                        }) }
                    </select>
                } else if let Some(u) = units.first() {
                    <span class="unit">{ unit_label(u, c.lang).unwrap_or_default() }</span>
                }
            </div>
        </>
    }
}

/// The text of a date, time or text answer as the input shows it.
fn input_text(value: &Value, kind: &str) -> String {
    match (value, kind) {
        // `datetime-local` shows minutes, without the zone.
        (Value::DateTime(s), "datetime-local") => s.chars().take(16).collect(),
        (Value::Time(s), "time") => s.chars().take(5).collect(),
        (Value::String(s) | Value::Uri(s) | Value::Date(s) | Value::DateTime(s), _) => s.clone(),
        _ => String::new(),
    }
}

/// The answer an input's text makes, in FHIR's form: a dateTime with seconds and the
/// device's time zone, a time with seconds.
fn input_value(kind: &str, text: String) -> Option<Value> {
    if text.trim().is_empty() {
        return None;
    }
    Some(match kind {
        "date" => Value::Date(text),
        "datetime-local" => Value::DateTime(format!("{}:00{}", text.get(..16)?, zone_offset())),
        "time" => Value::Time(if text.len() == 5 {
            format!("{text}:00")
        } else {
            text
        }),
        "url" => Value::Uri(text),
        _ => Value::String(text),
    })
}

/// The device's offset from UTC as `+08:00`.
fn zone_offset() -> String {
    #[cfg(target_arch = "wasm32")]
    let minutes = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    #[cfg(not(target_arch = "wasm32"))]
    let minutes: i32 = 8 * 60;
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A one-line input: text, web address, date, date and time, or time.
fn plain_input(c: &ControlCtx, kind: &'static str) -> Html {
    let item = c.item;
    let shown = c
        .values
        .first()
        .map(|v| input_text(v, kind))
        .unwrap_or_default();
    let read = move |text: String| input_value(kind, text).into_iter().collect::<Vec<_>>();
    let oninput = c
        .set
        .reform(move |e: InputEvent| read(e.target_unchecked_into::<HtmlInputElement>().value()));
    let onchange = c
        .set
        .reform(move |e: Event| read(e.target_unchecked_into::<HtmlInputElement>().value()));
    html! {
        <>
            <label class="q-label" for={c.id.clone()}>{ c.title() }</label>
            <input id={c.id.clone()} type={kind} value={shown} {oninput} {onchange}
                disabled={item.read_only} maxlength={item.max_length.map(|m| m.to_string())}
                aria-invalid={c.invalid()} aria-describedby={c.described_by()} />
        </>
    }
}

/// A long text, with how many characters are written (of how many allowed).
fn text_area(c: &ControlCtx) -> Html {
    let item = c.item;
    let shown = match c.values.first() {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let count_id = format!("{}-count", c.id);
    let described = [Some(count_id.clone()), c.described_by()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let oninput = c.set.reform(|e: InputEvent| {
        let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
        if text.is_empty() {
            Vec::new()
        } else {
            vec![Value::String(text)]
        }
    });
    let count = shown.chars().count();
    html! {
        <>
            <label class="q-label" for={c.id.clone()}>{ c.title() }</label>
            <textarea id={c.id.clone()} rows="4" value={shown} {oninput} disabled={item.read_only}
                maxlength={item.max_length.map(|m| m.to_string())}
                aria-invalid={c.invalid()} aria-describedby={described} />
            <p class="count muted" id={count_id}>{ (c.t.survey_chars)(count, item.max_length) }</p>
        </>
    }
}

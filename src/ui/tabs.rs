//! Two or more ways of doing the same thing, one shown at a time (phone or card login).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::icon::{icon, IconKind};

/// One tab.
#[derive(Clone, Debug, PartialEq)]
pub struct TabItem {
    /// The tab's id; its panel is labelled by it.
    pub id: AttrValue,
    /// What it says.
    pub label: AttrValue,
    /// Its icon.
    pub icon: IconKind,
}

/// What [`tab_list`] shows.
#[derive(PartialEq)]
pub struct TabsProps {
    /// The accessible name of the tab list.
    pub label: AttrValue,
    /// The tabs, in order.
    pub tabs: Vec<TabItem>,
    /// The index of the tab shown.
    pub selected: usize,
    /// The id of the panel the tabs control.
    pub panel: AttrValue,
    /// The index of the tab chosen.
    pub on_select: Callback<usize>,
}

/// A `tablist` of large, equal buttons. The chosen tab is marked by `aria-selected`, a
/// fill and a bar, not colour alone; the arrow keys move between tabs (and choose them),
/// Tab goes on into the panel.
///
/// A function rather than a component: it holds no state, and each component type adds
/// its own copy of yew's component machinery to the bundle.
pub fn tab_list(props: &TabsProps) -> Html {
    let class = crate::style!(
        r#"
        display: grid;
        grid-auto-columns: minmax(0, 1fr);
        grid-auto-flow: column;
        gap: var(--sp-1);
        padding: var(--sp-1);
        border-radius: var(--radius-s);
        background: var(--c-bg);
        border: var(--border) solid var(--c-border);
        & button {
            display: inline-flex;
            align-items: center;
            justify-content: center;
            gap: var(--sp-2);
            min-height: var(--target);
            padding: var(--sp-1) var(--sp-2);
            border: 0;
            border-radius: calc(var(--radius-s) - 4px);
            background: transparent;
            color: var(--c-muted);
            font-weight: 600;
            cursor: pointer;
            touch-action: manipulation;
        }
        & button[aria-selected="true"] {
            background: var(--c-surface);
            color: var(--c-primary-strong);
            box-shadow: inset 0 -3px 0 var(--c-primary), var(--shadow);
        }
        "#
    );
    let count = props.tabs.len();
    let onkeydown = {
        let on_select = props.on_select.clone();
        let selected = props.selected;
        let ids: Vec<AttrValue> = props.tabs.iter().map(|t| t.id.clone()).collect();
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (selected + 1) % count.max(1),
                "ArrowLeft" | "ArrowUp" => (selected + count.max(1) - 1) % count.max(1),
                "Home" => 0,
                "End" => count.saturating_sub(1),
                _ => return,
            };
            e.prevent_default();
            on_select.emit(next);
            let tab = crate::platform::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&ids[next]))
                .and_then(|el| el.dyn_into::<HtmlElement>().ok());
            if let Some(tab) = tab {
                let _ = tab.focus();
            }
        })
    };
    html! {
        <div {class} role="tablist" aria-label={props.label.clone()} {onkeydown}>
            { for props.tabs.iter().enumerate().map(|(i, tab)| {
                let selected = i == props.selected;
                let onclick = props.on_select.reform(move |_: MouseEvent| i);
                html! {
                    <button type="button" role="tab" id={tab.id.clone()} {onclick}
                        aria-selected={if selected { "true" } else { "false" }}
                        aria-controls={props.panel.clone()}
                        tabindex={if selected { "0" } else { "-1" }}>
                        { icon(tab.icon) }
                        { &tab.label }
                    </button>
                }
            }) }
        </div>
    }
}

//! Moving the keyboard focus on purpose: to the first field that needs correcting, to the
//! next step's input, or to a heading when the button that had the focus went away.
//! Screen-reader and keyboard users then continue where the page continues.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Focuses the element with this id, or else the first control named so (a radio group
/// whose first option is not offered); elements that are not focusable by nature
/// (headings, `<main>`) are made focusable by script only (`tabindex="-1"`), not added to
/// Tab order. Does nothing if there is no such element.
pub fn focus_id(id: &str) {
    focus(id);
}

/// Like [`focus_id`], and scrolls the element to the top of the screen (below the sticky
/// header): for a section that just appeared further down (an answer, the time windows),
/// which focusing alone would leave at the bottom edge.
pub fn focus_and_show(id: &str) {
    if let Some(element) = focus(id) {
        element.scroll_into_view();
    }
}

fn focus(id: &str) -> Option<HtmlElement> {
    let document = crate::platform::window().and_then(|w| w.document())?;
    let element = document
        .get_element_by_id(id)
        .or_else(|| {
            let named = document.get_elements_by_name(id);
            named
                .get(0)
                .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        })
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(element) = &element {
        if element.tab_index() < 0 && !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        // Focus failing (an element about to go away) leaves the focus where it was.
        let _ = element.focus();
    }
    element
}

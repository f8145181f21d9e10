//! What a patient sees while waiting: skeletons where content will appear, a spinner when
//! there is nothing to outline.

use yew::prelude::*;

/// A softly pulsing block the size of the content to come (`width` and `height` are CSS
/// lengths). Hidden from screen readers: the region around it says what is loading.
pub fn skeleton(width: &'static str, height: &'static str) -> Html {
    // Its size is a value, so stylist's macro rather than plain text (see `ui::style`).
    let class = crate::ui::style::class_of(stylist::css!(
        r#"
        display: block;
        width: ${width};
        max-width: 100%;
        height: ${height};
        border-radius: 8px;
        background: var(--c-skeleton);
        animation: cw-pulse 1.4s ease-in-out infinite;
        "#,
        width = width,
        height = height,
    ));
    html! { <span {class} aria-hidden="true"></span> }
}

/// A turning circle with `label` ("Loading…") below it, announced politely.
pub fn spinner(label: &'static str) -> Html {
    let class = crate::style!(
        r#"
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: var(--sp-3);
        padding: var(--sp-5) var(--sp-3);
        color: var(--c-muted);
        & .ring {
            width: 40px;
            height: 40px;
            border-radius: 50%;
            border: 4px solid var(--c-skeleton);
            border-top-color: var(--c-primary);
            animation: cw-spin 0.9s linear infinite;
        }
        "#
    );
    html! {
        <div {class} role="status">
            <span class="ring" aria-hidden="true"></span>
            <span>{ label }</span>
        </div>
    }
}

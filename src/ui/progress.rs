//! What a patient sees while waiting: skeletons where content will appear, a spinner when
//! there is nothing to outline.

use yew::prelude::*;

/// The properties of [`Skeleton`].
#[derive(Properties, PartialEq)]
pub struct SkeletonProps {
    /// The placeholder's width (any CSS length).
    #[prop_or(AttrValue::Static("100%"))]
    pub width: AttrValue,
    /// The placeholder's height (any CSS length).
    #[prop_or(AttrValue::Static("1em"))]
    pub height: AttrValue,
}

/// A softly pulsing block the size of the content to come. Hidden from screen readers: the
/// region around it says what is loading.
#[component]
pub fn Skeleton(props: &SkeletonProps) -> Html {
    let class = crate::style!(
        r#"
        display: block;
        width: ${width};
        max-width: 100%;
        height: ${height};
        border-radius: 8px;
        background: var(--c-skeleton);
        animation: cw-pulse 1.4s ease-in-out infinite;
        "#,
        width = props.width,
        height = props.height,
    );
    html! { <span {class} aria-hidden="true"></span> }
}

/// The properties of [`Spinner`].
#[derive(Properties, PartialEq)]
pub struct SpinnerProps {
    /// What is happening ("Loading…"), for screen readers and below the spinner.
    pub label: AttrValue,
}

/// A turning circle with a label, announced politely.
#[component]
pub fn Spinner(props: &SpinnerProps) -> Html {
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
            <span>{ &props.label }</span>
        </div>
    }
}

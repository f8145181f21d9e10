//! The frame every page lives in: header (with the skip link), main content, and on phones the tab
//! bar. A kiosk uses the same frame without the tab bar.

use yew::prelude::*;

/// The properties of [`Layout`].
#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    /// The page header, with the skip link to `main#main` inside it.
    pub header: Html,
    /// The bottom navigation; `None` on a kiosk.
    #[prop_or_default]
    pub tab_bar: Option<Html>,
    /// Shown above everything (the kiosk's idle warning).
    #[prop_or_default]
    pub overlay: Html,
    /// The page.
    pub children: Html,
}

/// The page frame: `header`, `main#main` (focusable target of the skip link) and `nav`.
#[component]
pub fn Layout(props: &LayoutProps) -> Html {
    let class = crate::style!(
        r#"
        min-height: 100vh;
        display: flex;
        flex-direction: column;
        & main {
            flex: 1;
            width: 100%;
            max-width: var(--content-max);
            margin: 0 auto;
            padding: var(--sp-3) var(--sp-3) var(--sp-5);
        }
        & main:focus {
            outline: none;
        }
        &.with-tabs main {
            padding-bottom: calc(var(--target) * 2 + env(safe-area-inset-bottom));
        }
        "#
    );
    let class = classes!(class, props.tab_bar.is_some().then_some("with-tabs"));
    html! {
        <div {class}>
            { props.header.clone() }
            <main id="main" tabindex="-1">{ props.children.clone() }</main>
            if let Some(tab_bar) = &props.tab_bar {
                { tab_bar.clone() }
            }
            { props.overlay.clone() }
        </div>
    }
}

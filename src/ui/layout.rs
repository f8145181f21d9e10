//! The frame every page lives in: header (with the skip link), main content, and on phones the tab
//! bar. A kiosk uses the same frame without the tab bar.

use yew::prelude::*;

/// The page frame: the `header` (with the skip link to `main#main` inside it), `main#main`
/// (focusable target of the skip link) holding `page`, the bottom navigation (`tab_bar`,
/// `None` on a kiosk), and `overlay` above everything (the kiosk's idle warning).
pub fn layout(header: Html, tab_bar: Option<Html>, overlay: Html, page: Html) -> Html {
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
    let class = classes!(class, tab_bar.is_some().then_some("with-tabs"));
    html! {
        <div {class}>
            { header }
            <main id="main" tabindex="-1">{ page }</main>
            if let Some(tab_bar) = tab_bar {
                { tab_bar }
            }
            { overlay }
        </div>
    }
}

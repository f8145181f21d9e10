//! `/articles/{id}`: a health education article the hospital sent after a visit, to read
//! at home: its title, picture and sections in the patient's language (on a wide screen
//! the picture stands beside the text). No login: the article is the hospital's content,
//! the same for everyone; which ones a patient was sent is in the inbox.

use careway_core::api::education::IMAGE_SIZE;
use yew::prelude::*;

use crate::api;
use crate::app::contexts::locale::use_locale;
use crate::app::contexts::meta::use_meta;
use crate::app::route::Route;
use crate::hooks::{use_fetch, FetchState};
use crate::ui::status::{back_link, loading, notice};

/// The properties of [`ArticlePage`].
#[derive(Properties, PartialEq)]
pub struct ArticlePageProps {
    /// The article's id.
    pub id: AttrValue,
}

/// The article page.
#[component]
pub fn ArticlePage(props: &ArticlePageProps) -> Html {
    let locale = use_locale();
    let meta = use_meta();
    let (t, lang) = (locale.t(), locale.lang());
    let article = {
        let id = props.id.clone();
        use_fetch(move |lang, signal| async move {
            api::education::article(&id, lang, signal.as_ref()).await
        })
    };
    let body = match &*article {
        FetchState::Ready(a) => html! {
            <>
                <h1>{ a.title.get(lang) }</h1>
                <p class="summary">{ a.summary.get(lang) }</p>
                <img src={a.image.clone()} alt={a.alt.get(lang).to_owned()}
                    width={IMAGE_SIZE.0.to_string()} height={IMAGE_SIZE.1.to_string()} />
                { for a.sections.iter().map(|s| html! {
                    <section>
                        <h2>{ s.heading.get(lang) }</h2>
                        { for paragraphs(s.text.get(lang)).into_iter()
                            .map(|p| html! { <p>{ p }</p> }) }
                    </section>
                }) }
            </>
        },
        FetchState::Failed(error) => html! {
            <>
                <h1>{ t.article_title }</h1>
                { notice(t.article_failed, error.message(lang), Some(article.retry_callback()),
                    meta.phone(), t) }
            </>
        },
        FetchState::Loading => html! {
            <>
                <h1>{ t.article_title }</h1>
                { loading(t) }
            </>
        },
    };
    html! {
        <article class={article_style()}>
            { back_link(Route::Inbox, t.inbox_title) }
            { body }
        </article>
    }
}

/// The look of an article: a reading column, the picture at most its own size.
fn article_style() -> Classes {
    crate::style!(
        r#"
        display: grid;
        gap: var(--sp-3);
        max-width: 40em;
        & .back {
            justify-self: start;
        }
        & .back svg {
            transform: rotate(180deg);
        }
        & h1 {
            margin: 0;
        }
        & .summary {
            margin: 0;
            color: var(--c-muted);
            font-size: var(--fs-title);
        }
        & img {
            width: 100%;
            max-width: 320px;
            height: auto;
            border-radius: var(--radius);
        }
        & section h2 {
            margin: var(--sp-3) 0 var(--sp-2);
            font-size: var(--fs-title);
        }
        & section p {
            margin: 0 0 var(--sp-2);
            line-height: 1.7;
        }
        /* Wide screens (a kiosk): the text in its column, the picture beside it, larger. */
        @media (min-width: 60em) {
            max-width: none;
            grid-template-columns: minmax(0, 44em) minmax(0, 480px);
            column-gap: var(--sp-5);
            align-items: start;
            & > * {
                grid-column: 1;
            }
            & > img {
                grid-column: 2;
                grid-row: 2 / span 8;
                max-width: 480px;
            }
        }
        "#
    )
}

/// The paragraphs of a section's text: the blocks between blank lines, trimmed, a line
/// break within a block kept. Cut line by line, since a search for `"\n\n"` would bring
/// a substring searcher into the app for this alone.
fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut line) = (0, 0);
    for (i, c) in text.char_indices() {
        if c == '\n' {
            if line > start && text[line..i].trim().is_empty() {
                out.push(text[start..line].trim());
                start = i + 1;
            }
            line = i + 1;
        }
    }
    out.push(text[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn paragraphs_are_the_blocks_between_blank_lines() {
        assert_eq!(
            paragraphs("\n\n  第一段\n续行 \n\n\n第二段\n \nthird\n"),
            ["第一段\n续行", "第二段", "third"]
        );
        assert_eq!(paragraphs("one"), ["one"]);
        assert!(paragraphs(" \n\n ").is_empty());
    }
}

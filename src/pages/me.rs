//! The patient's own page: display and language settings now, account and family members
//! once accounts exist.

use stylist::css;
use yew::prelude::*;

use crate::components::icon::{Icon, IconKind};
use crate::components::language::LanguagePicker;
use crate::components::toggle::Toggle;
use crate::contexts::display::use_display;
use crate::contexts::locale::use_locale;

/// Settings: language and elder mode, each remembered on the device; the account section
/// says plainly that it is coming.
#[component]
pub fn MePage() -> Html {
    let locale = use_locale();
    let display = use_display();
    let t = locale.t();

    let on_lang = {
        let locale = locale.clone();
        Callback::from(move |lang| locale.set(lang))
    };
    let on_elder = {
        let display = display.clone();
        Callback::from(move |on| display.set_elder(on))
    };

    let class = css!(
        r#"
        display: grid;
        gap: var(--sp-4);
        & section {
            display: grid;
            gap: var(--sp-3);
            padding: var(--sp-3);
            background: var(--c-surface);
            border: var(--border) solid var(--c-border);
            border-radius: var(--radius);
            box-shadow: var(--shadow);
        }
        & fieldset {
            display: grid;
            gap: var(--sp-2);
            margin: 0;
            padding: 0;
            border: 0;
            min-width: 0;
        }
        & legend {
            padding: 0;
            margin-bottom: var(--sp-2);
            font-weight: 600;
        }
        & .soon {
            display: flex;
            align-items: flex-start;
            gap: var(--sp-2);
            color: var(--c-muted);
        }
        & .soon svg {
            margin-top: 0.25em;
        }
        "#
    );

    html! {
        <div {class}>
            <h1>{ t.me_title }</h1>
            <section aria-labelledby="settings-heading">
                <h2 id="settings-heading">{ t.settings_heading }</h2>
                <fieldset>
                    <legend>{ t.language_label }</legend>
                    <LanguagePicker current={locale.lang()} on_change={on_lang} />
                </fieldset>
                <Toggle
                    id="elder-mode"
                    label={t.elder_mode_label}
                    hint={AttrValue::from(t.elder_mode_hint)}
                    checked={display.elder}
                    on_text={t.on}
                    off_text={t.off}
                    on_change={on_elder}
                />
            </section>
            <section aria-labelledby="account-heading">
                <h2 id="account-heading">{ t.account_heading }</h2>
                <p class="soon"><Icon kind={IconKind::Clock} />{ t.account_coming_soon }</p>
            </section>
        </div>
    }
}

//! The patient's language: which one the app speaks, and switching it.
//!
//! The first visit follows the browser (`Accept-Language`, which the server read to draw
//! the page; `navigator.languages` without a server); a choice made in the app is
//! remembered on the device. The provider keeps `<html lang>` in step, so screen readers
//! pronounce the page in the right language.

use std::ops::Deref;

use careway_core::locale::Lang;
use yew::prelude::*;

use crate::hooks::use_effect_on;

use super::prefs;
use super::start::use_start;
use crate::i18n::{texts, Texts};

/// The current language and the way to change it; derefs to the [`Lang`].
#[derive(Clone, Debug, PartialEq)]
pub struct LocaleHandle {
    lang: Lang,
    set: Callback<Option<Lang>>,
}

impl Default for LocaleHandle {
    fn default() -> Self {
        LocaleHandle {
            lang: Lang::default(),
            set: Callback::noop(),
        }
    }
}

impl LocaleHandle {
    /// The language the app speaks now.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Every message in the current language.
    pub fn t(&self) -> &'static Texts {
        texts(self.lang)
    }

    /// Switches to `lang` and remembers the choice on this device.
    pub fn set(&self, lang: Lang) {
        self.set.emit(Some(lang));
    }

    /// Forgets the choice and returns to the device's own language (a kiosk starting over
    /// for the next patient).
    pub fn reset(&self) {
        self.set.emit(None);
    }

    /// Whether the current language is the one a fresh visit would start in.
    pub fn is_device_default(&self) -> bool {
        self.lang == prefs::device_lang()
    }
}

impl Deref for LocaleHandle {
    type Target = Lang;

    fn deref(&self) -> &Lang {
        &self.lang
    }
}

/// The properties of [`LocaleProvider`].
#[derive(Properties, PartialEq)]
pub struct LocaleProviderProps {
    /// The part of the app that speaks this language.
    pub children: Html,
}

/// Provides the language to everything inside it.
#[component]
pub fn LocaleProvider(props: &LocaleProviderProps) -> Html {
    let start = use_start();
    let lang = use_state_eq(|| start.lang);
    let set = {
        let lang = lang.clone();
        use_callback((), move |choice: Option<Lang>, ()| {
            prefs::set_lang(choice);
            lang.set(choice.unwrap_or_else(prefs::device_lang));
        })
    };
    use_effect_on(*lang, |lang| {
        let root = crate::platform::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            // Only fails for an invalid attribute name, which "lang" is not.
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    let handle = LocaleHandle { lang: *lang, set };
    html! {
        <ContextProvider<LocaleHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<LocaleHandle>>
    }
}

/// The current language and its messages.
#[hook]
pub fn use_locale() -> LocaleHandle {
    use_context::<LocaleHandle>().unwrap_or_default()
}

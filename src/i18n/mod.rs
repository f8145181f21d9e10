//! Every word the app shows, in each language it speaks.
//!
//! [`Texts`] is one struct with a field per message, and each language is one `const` of it
//! ([`ZH`], [`EN`]): a message added to the struct but not to a language fails to compile,
//! so no patient ever meets a missing or half-translated screen. Messages with values in
//! them are `fn` fields, so word order stays each language's own.

mod en;
mod zh;

use careway_core::locale::Lang;

pub use self::en::EN;
pub use self::zh::ZH;

/// The app's messages in one language.
#[derive(Debug)]
pub struct Texts {
    /// The product's name, shown while the hospital's own name is unknown.
    pub app_name: &'static str,
    /// This language's name in itself, on the button that switches to it.
    pub language_name: &'static str,
    /// The accessible name of the button that switches to this language, in this language.
    pub switch_to_language: &'static str,
    /// The link that lets keyboard and screen-reader users jump past the header.
    pub skip_to_content: &'static str,
    /// "Loading…" for spinners and skeletons.
    pub loading: &'static str,
    /// The button that repeats a failed request.
    pub retry: &'static str,
    /// The link home from pages that cannot help.
    pub back_home: &'static str,
    /// The heading above the hospital's phone number.
    pub need_help: &'static str,
    /// The accessible label of the hospital's phone link, followed by the number.
    pub call_hospital: &'static str,

    /// The accessible name of the bottom tab bar.
    pub nav_label: &'static str,
    /// Tab: home.
    pub nav_home: &'static str,
    /// Tab: booking.
    pub nav_booking: &'static str,
    /// Tab: surveys and messages.
    pub nav_inbox: &'static str,
    /// Tab: the patient's own page and settings.
    pub nav_me: &'static str,

    /// The short label of the quick elder-mode button in the header.
    pub large_text: &'static str,
    /// The badge shown when the server runs the demo hospital.
    pub demo_badge: &'static str,
    /// The (visually hidden) heading of the home page's service tiles.
    pub services_heading: &'static str,
    /// The title when the hospital's information cannot be loaded.
    pub meta_failed: &'static str,

    /// Tile and page title: booking.
    pub booking_title: &'static str,
    /// Tile hint: booking.
    pub booking_hint: &'static str,
    /// Tile and page title: finding the way inside the hospital.
    pub navigation_title: &'static str,
    /// Tile hint: navigation.
    pub navigation_hint: &'static str,
    /// Tile and page title: the queue.
    pub queue_title: &'static str,
    /// Tile hint: queue.
    pub queue_hint: &'static str,
    /// Tile and page title: lab and imaging reports.
    pub reports_title: &'static str,
    /// Tile hint: reports.
    pub reports_hint: &'static str,
    /// Tile and page title: surveys, follow-up and messages.
    pub inbox_title: &'static str,
    /// Tile hint: inbox.
    pub inbox_hint: &'static str,
    /// Page title: logging in.
    pub login_title: &'static str,

    /// The heading of a page whose service does not work in the app yet.
    pub coming_soon: &'static str,
    /// What a patient can do instead, given the service's name.
    pub coming_soon_body: fn(&str) -> String,

    /// The heading of the 404 page.
    pub not_found_title: &'static str,
    /// The explanation on the 404 page.
    pub not_found_body: &'static str,

    /// The heading of the "Me" page.
    pub me_title: &'static str,
    /// The heading of the display and language settings.
    pub settings_heading: &'static str,
    /// The label of the language choice.
    pub language_label: &'static str,
    /// The label of the elder-mode switch.
    pub elder_mode_label: &'static str,
    /// What elder mode changes.
    pub elder_mode_hint: &'static str,
    /// A switch that is on.
    pub on: &'static str,
    /// A switch that is off.
    pub off: &'static str,
    /// The heading of the account section.
    pub account_heading: &'static str,
    /// What the account section will hold once it exists.
    pub account_coming_soon: &'static str,

    /// The kiosk's button that ends the visit and starts over for the next patient.
    pub start_over: &'static str,
    /// The heading of the kiosk's idle warning.
    pub idle_title: &'static str,
    /// The kiosk's idle warning, given the seconds left.
    pub idle_countdown: fn(u32) -> String,
    /// The button that keeps the kiosk's visit going.
    pub idle_continue: &'static str,

    /// The request never reached the server or its answer never came back.
    pub error_network: &'static str,
    /// The server's answer could not be read.
    pub error_decode: &'static str,
    /// The request was cancelled.
    pub error_aborted: &'static str,
    /// The server (or a proxy) answered with an error status and no problem body.
    pub error_status: fn(u16) -> String,
}

/// The messages in `lang`.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_texts() {
        assert_eq!(texts(Lang::ZhCn).me_title, "我的");
        assert_eq!(texts(Lang::En).me_title, "Me");
        assert_ne!(texts(Lang::ZhCn).start_over, texts(Lang::En).start_over);
    }

    #[test]
    fn messages_with_values_put_them_in() {
        for lang in Lang::ALL {
            let t = texts(lang);
            assert!((t.idle_countdown)(17).contains("17"));
            assert!((t.error_status)(502).contains("502"));
            assert!((t.coming_soon_body)(t.booking_title).contains(t.booking_title));
        }
    }
}

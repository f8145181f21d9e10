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
    /// The heading of the logged-out invitation on "Me".
    pub me_logged_out_title: &'static str,
    /// What logging in gives, under that heading.
    pub me_logged_out_body: &'static str,
    /// The button (and page heading) that opens the login page.
    pub log_in: &'static str,
    /// When the session cannot be checked (no network, server down).
    pub session_unknown: &'static str,
    /// While the session is being checked.
    pub session_checking: &'static str,
    /// While a page that needs an account goes to the login page.
    pub session_redirecting: &'static str,
    /// The label before the account's masked phone.
    pub account_phone: &'static str,
    /// Ends the session.
    pub log_out: &'static str,
    /// On a kiosk: the session ends by itself; given the idle seconds.
    pub kiosk_session_note: fn(u32) -> String,

    /// The heading of the family members ("就诊人") list.
    pub family_heading: &'static str,
    /// How many members of the most allowed, e.g. "3 / 8".
    pub family_count: fn(usize, usize) -> String,
    /// The list when it is empty.
    pub family_empty: &'static str,
    /// When the list cannot be loaded.
    pub family_failed: &'static str,
    /// The button (and page heading) that adds a member.
    pub add_member: &'static str,
    /// Why no more members can be added, given the most allowed.
    pub member_limit: fn(usize) -> String,
    /// The badge of the member chosen by default when booking.
    pub default_badge: &'static str,
    /// Edit a member: visible text.
    pub edit: &'static str,
    /// Edit a member: accessible name, given the member's name.
    pub edit_named: fn(&str) -> String,
    /// Make a member the default: visible text.
    pub set_default: &'static str,
    /// Make a member the default: accessible name, given the member's name.
    pub set_default_named: fn(&str) -> String,
    /// Remove a member: visible text.
    pub remove: &'static str,
    /// Remove a member: accessible name, given the member's name.
    pub remove_named: fn(&str) -> String,
    /// The heading of the removal dialog.
    pub remove_title: &'static str,
    /// The question of the removal dialog, naming the member.
    pub remove_question: fn(&str) -> String,
    /// Closes a dialog without doing anything.
    pub cancel: &'static str,
    /// Announced after a member was removed.
    pub removed: fn(&str) -> String,
    /// Announced after a member became the default.
    pub made_default: fn(&str) -> String,
    /// The heading of a failed action on the list.
    pub action_failed: &'static str,
    /// A member's age in whole years.
    pub age: fn(i32) -> String,
    /// The short label of a member's masked ID number.
    pub id_short: &'static str,
    /// The short label of a member's masked phone.
    pub phone_short: &'static str,
    /// The short label of a member's masked medical card.
    pub card_short: &'static str,
    /// Male.
    pub sex_male: &'static str,
    /// Female.
    pub sex_female: &'static str,
    /// Relation: the account holder.
    pub relation_self: &'static str,
    /// Relation: a son or daughter.
    pub relation_child: &'static str,
    /// Relation: a father or mother.
    pub relation_parent: &'static str,
    /// Relation: a husband or wife.
    pub relation_spouse: &'static str,
    /// Relation: anyone else.
    pub relation_other: &'static str,

    /// The heading of the page that edits a member.
    pub edit_member: &'static str,
    /// The name field.
    pub name_label: &'static str,
    /// What the name must be.
    pub name_hint: &'static str,
    /// The ID number field.
    pub id_number_label: &'static str,
    /// What the ID number is, and that it fills in birth date and sex.
    pub id_number_hint: &'static str,
    /// When editing: the number on file (masked) stays if left blank.
    pub id_number_keep: fn(&str) -> String,
    /// The sex choice.
    pub sex_label: &'static str,
    /// The birth date field.
    pub birth_date_label: &'static str,
    /// The member's phone field.
    pub member_phone_label: &'static str,
    /// What the member's phone is for.
    pub member_phone_hint: &'static str,
    /// When editing: the phone on file (masked) must be typed again.
    pub member_phone_retype: fn(&str) -> String,
    /// The relation choice.
    pub relation_label: &'static str,
    /// The medical-card field.
    pub medical_card_label: &'static str,
    /// What the medical card is.
    pub medical_card_hint: &'static str,
    /// When editing: the card on file (masked) must be typed again to keep it.
    pub medical_card_retype: fn(&str) -> String,
    /// Saves the form.
    pub save: &'static str,
    /// While saving.
    pub saving: &'static str,
    /// The heading of a failed save.
    pub save_failed: &'static str,
    /// When a member to edit does not exist (or is not the account's).
    pub member_not_found: &'static str,
    /// The link back to "Me".
    pub back_to_me: &'static str,
    /// Announced after a member was added or saved, given the name.
    pub saved: fn(&str) -> String,

    /// The heading of the login choice between phone and card.
    pub login_methods: &'static str,
    /// What logging in gives, under the login heading.
    pub login_intro: &'static str,
    /// The phone way of logging in.
    pub login_by_phone: &'static str,
    /// The kiosk's card way of logging in.
    pub login_by_card: &'static str,
    /// The phone field.
    pub phone_label: &'static str,
    /// What happens with the phone.
    pub phone_hint: &'static str,
    /// The card field.
    pub card_label: &'static str,
    /// How to enter the card.
    pub card_hint: &'static str,
    /// Asks for a code.
    pub get_code: &'static str,
    /// While a code is being asked for.
    pub sending_code: &'static str,
    /// The code field.
    pub code_label: &'static str,
    /// Where the code went, given the masked phone.
    pub code_sent_to_phone: fn(&str) -> String,
    /// Where the code went, given the masked card number.
    pub code_sent_for_card: fn(&str) -> String,
    /// How long the code lasts, given the minutes.
    pub code_valid_for: fn(u32) -> String,
    /// Asks for another code.
    pub resend: &'static str,
    /// The resend countdown, given the seconds left.
    pub resend_in: fn(u32) -> String,
    /// Back to change the phone.
    pub change_phone: &'static str,
    /// Back to change the card.
    pub change_card: &'static str,
    /// While logging in.
    pub logging_in: &'static str,
    /// The heading of a failed login step.
    pub login_failed: &'static str,
    /// Too many codes asked for, given how long to wait.
    pub rate_limited: fn(Span) -> String,
    /// Too many wrong codes.
    pub code_locked: &'static str,
    /// The heading of the demo aid.
    pub demo_aid: &'static str,
    /// The demo account's phone, given grouped for reading.
    pub demo_account: fn(&str) -> String,
    /// The demo code.
    pub demo_code: fn(&str) -> String,
    /// Uses the demo account or code in one tap.
    pub demo_use: &'static str,
    /// The accessible name of the on-screen keypad.
    pub keypad_label: &'static str,
    /// The keypad's backspace key.
    pub key_backspace: &'static str,
    /// The keypad's clear key.
    pub key_clear: &'static str,

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

/// A wait, in the largest whole unit that reads naturally ("3 minutes", not "180 s").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// Under a minute.
    Seconds(u64),
    /// Under an hour, rounded up.
    Minutes(u64),
    /// An hour or more, rounded up.
    Hours(u64),
}

impl Span {
    /// The span of `seconds`, rounded up to its unit so a patient never comes back early.
    pub fn of(seconds: u64) -> Span {
        match seconds {
            0..=59 => Span::Seconds(seconds.max(1)),
            60..=3599 => Span::Minutes(seconds.div_ceil(60)),
            _ => Span::Hours(seconds.div_ceil(3600)),
        }
    }
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
            assert!((t.remove_question)("王小明").contains("王小明"));
            assert!((t.resend_in)(42).contains("42"));
            assert!((t.rate_limited)(Span::of(90)).contains('2'));
            assert!((t.demo_code)("246810").contains("246810"));
            assert!((t.family_count)(3, 8).contains('3'));
        }
    }

    #[test]
    fn waits_read_in_whole_units_rounded_up() {
        assert_eq!(Span::of(0), Span::Seconds(1));
        assert_eq!(Span::of(45), Span::Seconds(45));
        assert_eq!(Span::of(60), Span::Minutes(1));
        assert_eq!(Span::of(61), Span::Minutes(2));
        assert_eq!(Span::of(3_600), Span::Hours(1));
        assert_eq!(Span::of(50_000), Span::Hours(14));
    }
}

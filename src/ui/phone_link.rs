//! The hospital's phone number as a link that dials it.

use yew::prelude::*;

use super::icon::{icon, IconKind};

/// A phone number as shown and as dialled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// As the hospital writes it, e.g. `020-8888 6666`.
    pub display: String,
    /// For a `tel:` link: digits, with a leading `+` if the number has one.
    pub tel: String,
}

impl Phone {
    /// Reads a number as the hospital writes it; `None` if it has no digits.
    pub fn parse(display: &str) -> Option<Phone> {
        let display = display.trim();
        let digits: String = display.chars().filter(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return None;
        }
        let plus = if display.starts_with('+') { "+" } else { "" };
        Some(Phone {
            display: display.to_owned(),
            tel: format!("{plus}{digits}"),
        })
    }

    /// The `href` of a link that dials this number.
    pub fn href(&self) -> String {
        format!("tel:{}", self.tel)
    }
}

/// A large link that dials `phone`: a patient the app cannot help always has a next step.
/// `label` says what it does, read before the number ("Call the hospital").
pub fn phone_link(phone: &Phone, label: &str) -> Html {
    let class = crate::style!(
        r#"
        display: inline-flex;
        align-items: center;
        gap: var(--sp-2);
        min-height: var(--target);
        padding: var(--sp-1) 0;
        font-size: var(--fs-title);
        font-weight: 700;
        color: var(--c-primary);
        text-decoration: none;
        font-variant-numeric: tabular-nums;
        &:hover {
            text-decoration: underline;
        }
        "#
    );
    let aria_label = format!("{label} {}", phone.display);
    html! {
        <a {class} href={phone.href()} aria-label={aria_label}>
            { icon(IconKind::Phone) }
            <span>{ &phone.display }</span>
        </a>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_dial_their_digits() {
        let phone = Phone::parse(" 020-8888 6666 ").expect("a number");
        assert_eq!(phone.display, "020-8888 6666");
        assert_eq!(phone.href(), "tel:02088886666");
        let phone = Phone::parse("+86 (20) 8888-6666").expect("a number");
        assert_eq!(phone.tel, "+862088886666");
        assert_eq!(Phone::parse("__HOSPITAL_PHONE__"), None);
        assert_eq!(Phone::parse(""), None);
    }
}

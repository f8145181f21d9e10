//! Which family member a booking is for: the one the address names (`?patient=`, carried
//! from the symptom guide to the confirmation), else the account's default one.

pub use crate::ui::patient::chosen_patient;

#[cfg(test)]
mod tests {
    use careway_core::api::account::{Patient, Relation};
    use careway_core::identity::Sex;

    use super::*;

    fn member(id: &str, is_default: bool) -> Patient {
        Patient {
            id: id.into(),
            name: id.to_uppercase(),
            sex: Sex::Female,
            birth_date: "1960-03-01".into(),
            id_number_masked: String::new(),
            phone_masked: String::new(),
            relation: Relation::Parent,
            medical_card_masked: None,
            is_default,
        }
    }

    #[test]
    fn the_address_names_the_member_else_the_default_one() {
        let family = [member("p1", false), member("p2", true), member("p3", false)];
        let id = |wanted| chosen_patient(&family, wanted).map(|p| p.id.as_str());
        assert_eq!(id(Some("p3")), Some("p3"));
        assert_eq!(id(None), Some("p2"), "the default member");
        assert_eq!(id(Some("someone-else")), Some("p2"), "not the account's");
        let no_default = [member("p1", false), member("p3", false)];
        assert_eq!(
            chosen_patient(&no_default, None).map(|p| p.id.as_str()),
            Some("p1")
        );
        assert_eq!(chosen_patient(&[], Some("p1")), None);
    }
}

//! The rules of an account's family list that the pages must follow: an account has one
//! holder ("本人"), who cannot be removed and cannot be added a second time.

use careway_core::api::account::{Patient, Relation};

/// The relations the form offers for the member `editing` (`None` when adding one), given
/// the account's `members`. "Self" is offered only while no *other* member is the account
/// holder: a second holder is a mistake, and the holder's own form keeps it.
pub fn relation_choices(members: &[Patient], editing: Option<&str>) -> Vec<Relation> {
    let holder_elsewhere = members
        .iter()
        .any(|m| m.relation == Relation::Myself && Some(m.id.as_str()) != editing);
    Relation::ALL
        .into_iter()
        .filter(|&r| r != Relation::Myself || !holder_elsewhere)
        .collect()
}

/// Whether `member` may be removed from the list: everyone but the account holder.
pub fn removable(member: &Patient) -> bool {
    member.relation != Relation::Myself
}

#[cfg(test)]
mod tests {
    use careway_core::identity::Sex;

    use super::*;

    fn member(id: &str, relation: Relation) -> Patient {
        Patient {
            id: id.into(),
            name: "王芳".into(),
            sex: Sex::Female,
            birth_date: "1980-01-01".into(),
            id_number_masked: "110***********0021".into(),
            phone_masked: "138****8000".into(),
            relation,
            medical_card_masked: None,
            is_default: false,
        }
    }

    #[test]
    fn self_is_offered_until_the_holder_exists() {
        assert_eq!(relation_choices(&[], None), Relation::ALL.to_vec());
        let child = [member("c", Relation::Child)];
        assert_eq!(relation_choices(&child, None), Relation::ALL.to_vec());

        let family = [member("h", Relation::Myself), member("c", Relation::Child)];
        let adding = relation_choices(&family, None);
        assert!(!adding.contains(&Relation::Myself), "{adding:?}");
        assert_eq!(
            adding,
            [
                Relation::Child,
                Relation::Parent,
                Relation::Spouse,
                Relation::Other
            ]
        );
        assert!(
            !relation_choices(&family, Some("c")).contains(&Relation::Myself),
            "a child cannot become a second holder"
        );
    }

    #[test]
    fn the_holders_own_form_keeps_self() {
        let family = [member("h", Relation::Myself), member("c", Relation::Child)];
        assert_eq!(relation_choices(&family, Some("h")), Relation::ALL.to_vec());
    }

    #[test]
    fn only_the_holder_cannot_be_removed() {
        assert!(!removable(&member("h", Relation::Myself)));
        for relation in Relation::ALL.into_iter().skip(1) {
            assert!(removable(&member("x", relation)), "{relation:?}");
        }
    }
}

//! How a family member ("就诊人") is named on screen: their relation to the account
//! holder, their sex and their age. The account's member pages and the booking pages'
//! patient picker and symptom guide all say these the same way.

use careway_core::api::account::{Patient, Relation};
use careway_core::identity::{CivilDate, Sex};

use crate::i18n::Texts;

/// A relation in the catalogue `t`.
pub fn relation_label(relation: Relation, t: &Texts) -> &'static str {
    match relation {
        Relation::Myself => t.relation_self,
        Relation::Child => t.relation_child,
        Relation::Parent => t.relation_parent,
        Relation::Spouse => t.relation_spouse,
        Relation::Other => t.relation_other,
    }
}

/// A sex in the catalogue `t`.
pub fn sex_label(sex: Sex, t: &Texts) -> &'static str {
    match sex {
        Sex::Male => t.sex_male,
        Sex::Female => t.sex_female,
    }
}

/// A member's age in whole years on `today`, if the birth date reads.
pub fn age(birth_date: &str, today: CivilDate) -> Option<i32> {
    CivilDate::parse(birth_date)
        .map(|born| born.age_on(today))
        .filter(|age| *age >= 0)
}

/// The member a page is for: the one the address names, if the account has it, else the
/// default one, else the first.
pub fn chosen_patient<'a>(patients: &'a [Patient], wanted: Option<&str>) -> Option<&'a Patient> {
    wanted
        .and_then(|id| patients.iter().find(|p| p.id == id))
        .or_else(|| patients.iter().find(|p| p.is_default))
        .or_else(|| patients.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CivilDate = CivilDate {
        year: 2026,
        month: 11,
        day: 23,
    };

    #[test]
    fn ages_count_whole_years() {
        assert_eq!(age("2015-06-01", TODAY), Some(11));
        assert_eq!(age("2015-11-24", TODAY), Some(10));
        assert_eq!(age("2027-01-01", TODAY), None);
        assert_eq!(age("not a date", TODAY), None);
    }
}

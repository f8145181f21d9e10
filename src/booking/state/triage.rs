//! The symptom guide's page as data: what was typed and tapped, who it is for, the
//! request it sends (the answer is the page's write, see [`crate::hooks::use_mutation`]),
//! and the line that says why a department is suggested.

use std::rc::Rc;

use careway_core::api::triage::{TriageRequest, MAX_TEXT_CHARS};
use careway_core::identity::{CivilDate, Sex};
use careway_core::locale::Lang;
use yew::Reducible;

/// Who the symptom guide is asked about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who<'a> {
    /// A family member of the logged-in account.
    Member {
        /// Their birth date, `YYYY-MM-DD`.
        birth_date: &'a str,
        /// Their sex.
        sex: Sex,
    },
    /// Someone described on the page (logged out).
    Typed {
        /// The age as typed; empty when not given.
        age: &'a str,
        /// The sex, if chosen.
        sex: Option<Sex>,
    },
}

/// Why the symptom guide cannot be asked yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriageInputError {
    /// Nothing was described or tapped.
    Empty,
    /// The typed age is not a whole number of years from 0 to 120.
    Age,
}

/// The oldest age accepted.
const MAX_AGE: u8 = 120;

/// The request of the symptom guide, from what the page holds.
pub fn triage_request(
    text: &str,
    symptom_ids: &[String],
    who: Who<'_>,
    today: CivilDate,
    lang: Lang,
) -> Result<TriageRequest, TriageInputError> {
    let (age, sex) = match who {
        Who::Member { birth_date, sex } => {
            let age = CivilDate::parse(birth_date)
                .map(|born| born.age_on(today).clamp(0, i32::from(MAX_AGE)))
                .and_then(|age| u8::try_from(age).ok());
            (age, Some(sex))
        }
        Who::Typed { age, sex } => {
            let age = age.trim();
            let age = if age.is_empty() {
                None
            } else {
                let years = age
                    .parse::<u8>()
                    .ok()
                    .filter(|years| *years <= MAX_AGE)
                    .ok_or(TriageInputError::Age)?;
                Some(years)
            };
            (age, sex)
        }
    };
    let text = text.trim();
    if text.is_empty() && symptom_ids.is_empty() {
        return Err(TriageInputError::Empty);
    }
    Ok(TriageRequest {
        text: text.to_owned(),
        symptom_ids: symptom_ids.to_vec(),
        age,
        sex,
        pregnant: false,
        lang,
    })
}

/// The symptom guide's page as data: what was typed and tapped, who it is for, and the
/// answer. Changed only by [`TriageAction`]s.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TriageForm {
    /// The free text.
    pub text: String,
    /// The tapped symptoms, in the order tapped.
    pub chosen: Vec<String>,
    /// The body area whose symptoms show.
    pub area: usize,
    /// The typed age (logged out).
    pub age: String,
    /// The chosen sex (logged out).
    pub sex: Option<Sex>,
    /// What stops the request, shown next to its field.
    pub problem: Option<TriageInputError>,
}

/// The ways a [`TriageForm`] changes.
#[derive(Clone, Debug, PartialEq)]
pub enum TriageAction {
    /// The free text changed.
    Text(String),
    /// A symptom was tapped: added, or removed if it was there.
    Toggle(String),
    /// Another body area was opened.
    Area(usize),
    /// The age changed.
    Age(String),
    /// The sex was chosen.
    Sex(Sex),
    /// The request cannot be sent, for this reason.
    Invalid(TriageInputError),
    /// The request was sent: nothing stops it any more.
    Sending,
}

impl Reducible for TriageForm {
    type Action = TriageAction;

    fn reduce(self: Rc<Self>, action: TriageAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            TriageAction::Text(text) => next.text = within_limit(text),
            TriageAction::Toggle(id) => match next.chosen.iter().position(|s| *s == id) {
                Some(i) => {
                    next.chosen.remove(i);
                }
                None => next.chosen.push(id),
            },
            TriageAction::Area(area) => next.area = area,
            TriageAction::Age(age) => next.age = age,
            TriageAction::Sex(sex) => next.sex = Some(sex),
            TriageAction::Invalid(problem) => next.problem = Some(problem),
            TriageAction::Sending => next.problem = None,
        }
        // Typing after a complaint clears it once it no longer holds.
        if next.problem == Some(TriageInputError::Empty)
            && (!next.text.trim().is_empty() || !next.chosen.is_empty())
        {
            next.problem = None;
        }
        Rc::new(next)
    }
}

/// `text` cut to [`MAX_TEXT_CHARS`] characters, the most the guide reads (a longer paste
/// keeps its beginning; [`text_count`] then says the limit is reached).
fn within_limit(mut text: String) -> String {
    if let Some((end, _)) = text.char_indices().nth(MAX_TEXT_CHARS) {
        text.truncate(end);
    }
    text
}

/// How much of the free text is used: the characters typed (as the guide counts them, not
/// UTF-16 units), and whether that is the limit, so the page can say so.
pub fn text_count(text: &str) -> (usize, bool) {
    let count = text.chars().count();
    (count, count >= MAX_TEXT_CHARS)
}

impl TriageForm {
    /// The request for the symptom guide: about `member` (birth date and sex) when the
    /// account has family members, else about the age and sex typed here.
    pub fn request(
        &self,
        member: Option<(&str, Sex)>,
        today: CivilDate,
        lang: Lang,
    ) -> Result<TriageRequest, TriageInputError> {
        let who = match member {
            Some((birth_date, sex)) => Who::Member { birth_date, sex },
            None => Who::Typed {
                age: &self.age,
                sex: self.sex,
            },
        };
        triage_request(&self.text, &self.chosen, who, today, lang)
    }
}

/// Why the guide recommends a department: "头痛、头晕 → 神经内科".
pub fn reason_line(reasons: &[String], department: &str, sep: &str) -> String {
    if reasons.is_empty() {
        department.to_owned()
    } else {
        format!("{} → {department}", reasons.join(sep))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::date;
    use super::*;

    #[test]
    fn the_triage_form_toggles_symptoms_and_clears_its_complaint() {
        let form = Rc::new(TriageForm::default());
        let form = form.reduce(TriageAction::Toggle("headache".into()));
        let form = form.reduce(TriageAction::Toggle("fever".into()));
        assert_eq!(form.chosen, ["headache", "fever"]);
        let form = form.reduce(TriageAction::Toggle("headache".into()));
        assert_eq!(form.chosen, ["fever"]);
        let form = form.reduce(TriageAction::Toggle("fever".into()));
        let form = form.reduce(TriageAction::Invalid(TriageInputError::Empty));
        assert_eq!(form.problem, Some(TriageInputError::Empty));
        let form = form.reduce(TriageAction::Text("头痛".into()));
        assert_eq!(form.problem, None, "typing answers the complaint");
        let form = form.reduce(TriageAction::Invalid(TriageInputError::Age));
        let form = form.reduce(TriageAction::Sending);
        assert_eq!(form.problem, None, "a sent request answers any complaint");

        let today = date("2026-11-23");
        let typed = TriageForm {
            text: "cough".into(),
            age: "7".into(),
            sex: Some(Sex::Male),
            ..TriageForm::default()
        };
        let request = typed.request(None, today, Lang::En).expect("ok");
        assert_eq!((request.age, request.sex), (Some(7), Some(Sex::Male)));
        let member = typed
            .request(Some(("1985-03-15", Sex::Female)), today, Lang::En)
            .expect("ok");
        assert_eq!((member.age, member.sex), (Some(41), Some(Sex::Female)));
    }

    #[test]
    fn the_triage_request_carries_who_it_is_for() {
        let today = date("2026-11-23");
        let member = Who::Member {
            birth_date: "1950-01-01",
            sex: Sex::Female,
        };
        let request = triage_request(" 头痛三天 ", &[], member, today, Lang::ZhCn).expect("ok");
        assert_eq!(request.text, "头痛三天");
        assert_eq!(request.age, Some(76));
        assert_eq!(request.sex, Some(Sex::Female));
        assert_eq!(request.lang, Lang::ZhCn);

        let tapped = vec!["headache".to_owned()];
        let typed = Who::Typed {
            age: " 6 ",
            sex: None,
        };
        let request = triage_request("", &tapped, typed, today, Lang::En).expect("ok");
        assert_eq!(request.symptom_ids, tapped);
        assert_eq!((request.age, request.sex), (Some(6), None));

        let nobody = Who::Typed { age: "", sex: None };
        assert_eq!(
            triage_request("  ", &[], nobody, today, Lang::En),
            Err(TriageInputError::Empty)
        );
        for age in ["abc", "-3", "121", "6.5"] {
            let who = Who::Typed { age, sex: None };
            assert_eq!(
                triage_request("cough", &[], who, today, Lang::En),
                Err(TriageInputError::Age),
                "{age}"
            );
        }
        let request = triage_request("cough", &[], nobody, today, Lang::En).expect("ok");
        assert_eq!(request.age, None);
    }

    #[test]
    fn the_free_text_stops_at_the_guides_limit_and_says_so() {
        let form = Rc::new(TriageForm::default());
        let form = form.reduce(TriageAction::Text("头痛三天".into()));
        assert_eq!(text_count(&form.text), (4, false));
        let pasted = "头".repeat(MAX_TEXT_CHARS + 10);
        let form = form.reduce(TriageAction::Text(pasted));
        assert_eq!(
            form.text.chars().count(),
            MAX_TEXT_CHARS,
            "cut on a character"
        );
        assert_eq!(text_count(&form.text), (MAX_TEXT_CHARS, true));
        let exact = "a".repeat(MAX_TEXT_CHARS);
        assert_eq!(text_count(&exact), (MAX_TEXT_CHARS, true));
        assert_eq!(text_count(&exact[1..]), (MAX_TEXT_CHARS - 1, false));
    }

    #[test]
    fn reasons_point_at_the_department() {
        let reasons = vec!["头痛".to_owned(), "头晕".to_owned()];
        assert_eq!(
            reason_line(&reasons, "神经内科", "、"),
            "头痛、头晕 → 神经内科"
        );
        assert_eq!(reason_line(&[], "Neurology", ", "), "Neurology");
    }
}

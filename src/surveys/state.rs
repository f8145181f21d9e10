//! A survey being filled in, as plain data with a reducer: the answers, which items the
//! patient has left (so their problems show), the step (filling, review, sending, sent),
//! the server's refusals and what the page should focus next. Everything the renderer
//! shows is worked out here from the questionnaire engine ([`careway_core::questionnaire`]),
//! so it is tested natively.
//!
//! Answers sit where the engine keeps them ([`Answers`]): a question's at its level, a
//! group's in its instances. A level is named by a [`Level`], the path of group instances
//! from the top, so the same question in the second entry of a repeating group is told
//! from the first.

use careway_core::collections::{Map, Set};
use std::rc::Rc;

use careway_core::locale::Lang;
use careway_core::number::decimal;
use careway_core::problem::ProblemKind;
use careway_core::questionnaire::{
    check, enabled, progress, validate_form, Answers, ErrorCode, Form, FormError, Item, ItemType,
    Progress, Response, Status, Value,
};
use yew::Reducible;

use crate::api::ApiError;
use crate::hooks::MutationState;
use crate::i18n::Texts;

/// The path to one level of answers: each step a group's linkId and the instance's index.
/// Empty for the top level.
pub type Level = Vec<(String, usize)>;

/// Where the patient is in the survey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Answering the questions.
    Filling,
    /// Looking over every answer before sending.
    Review,
    /// The answers are on their way.
    Sending,
    /// The server took the answers.
    Sent,
}

/// Why the last send did not go through, for the message on the review step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No network: the answers are kept and go as soon as it returns.
    Offline,
    /// Already answered with other answers, or closed.
    Conflict,
    /// Anything else, in the patient's language.
    Other(String),
}

/// A survey being filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyState {
    /// The questionnaire.
    pub form: Rc<Form>,
    /// The answers so far (to disabled items too, so an answer comes back when its item
    /// does).
    pub response: Response,
    /// The linkIds of the items the patient has left: their problems show.
    pub touched: Set<String>,
    /// Whether a check of the whole form was asked for (the review button): every problem
    /// shows.
    pub checked: bool,
    /// The step.
    pub step: Step,
    /// The server's refusals by linkId (422 field errors), until the item changes.
    pub server_errors: Map<String, String>,
    /// Why the last send failed, until the next one.
    pub failure: Option<Failure>,
    /// The item to move the focus to, and a count that changes with each request so the
    /// same item can be asked for twice.
    pub focus: Option<(String, u32)>,
    /// Whether the answers were put back from the device's draft.
    pub restored: bool,
    /// How many times the patient changed the answers here: each change is kept as the
    /// draft (a restored draft is not a change).
    pub edits: u32,
}

/// What can happen to a survey being filled in.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The answers of `link_id` at `level` are now `values`.
    Answer {
        /// The level the question sits at.
        level: Level,
        /// The question.
        link_id: String,
        /// Its answers (empty: unanswered).
        values: Vec<Value>,
    },
    /// Adds an empty entry to the repeating group `link_id` at `level`.
    AddInstance {
        /// The level the group sits at.
        level: Level,
        /// The group.
        link_id: String,
    },
    /// Removes entry `index` of the repeating group `link_id` at `level`.
    RemoveInstance {
        /// The level the group sits at.
        level: Level,
        /// The group.
        link_id: String,
        /// The entry.
        index: usize,
    },
    /// The patient left the item `link_id`.
    Leave(String),
    /// Asks for the review step: granted when nothing stands in the way, else every
    /// problem shows and the focus goes to the first.
    Review,
    /// Back to the questions, with the focus on `link_id` when given.
    Edit(Option<String>),
    /// The answers are being sent.
    Sending,
    /// The server took them.
    Sent,
    /// Sending failed.
    Failed(Failure),
    /// The server refused some answers (`(linkId, message)`): back to the questions,
    /// focused on the first.
    Refused(Vec<(String, String)>),
    /// Puts back answers kept on the device.
    Restore(Response),
}

impl SurveyState {
    /// A new response to `form`, starting from its initial answers.
    pub fn new(form: Rc<Form>) -> SurveyState {
        let response = Response::new(&form);
        SurveyState {
            form,
            response,
            touched: Set::new(),
            checked: false,
            step: Step::Filling,
            server_errors: Map::new(),
            failure: None,
            focus: None,
            restored: false,
            edits: 0,
        }
    }

    /// The items enabled by the answers so far.
    pub fn enabled(&self) -> Set<String> {
        enabled(&self.form, &self.response)
    }

    /// How far the patient has got.
    pub fn progress(&self) -> Progress {
        progress(&self.form, &self.response)
    }

    /// Every problem with the answers, the first per item, by linkId; the server's
    /// refusals win over the engine's.
    pub fn problems(&self) -> Map<String, Problem> {
        let mut out = Map::new();
        for e in check(&self.form, &self.response) {
            out.entry(e.link_id).or_insert(Problem::Engine(e.code));
        }
        for (id, message) in &self.server_errors {
            out.insert(id.clone(), Problem::Server(message.clone()));
        }
        out
    }

    /// The message to show at `item` at a level with `answers`, in `lang`: only once the
    /// patient left the item or asked for a check, and "required" only where this level's
    /// answer is missing (a repeating group's other entries may have theirs).
    pub fn message_at(
        &self,
        problems: &Map<String, Problem>,
        item: &Item,
        answers: Option<&Answers>,
        lang: Lang,
    ) -> Option<String> {
        let problem = problems.get(&item.link_id)?;
        let shown = self.checked || self.touched.contains(&item.link_id);
        if !shown && !matches!(problem, Problem::Server(_)) {
            return None;
        }
        let here_empty = answers.is_none_or(|a| a.get(&item.link_id).is_empty());
        match problem {
            Problem::Engine(ErrorCode::Required) if !here_empty => None,
            Problem::Engine(code) => Some(code.message(lang).to_owned()),
            Problem::Server(message) => Some(message.clone()),
        }
    }

    /// The linkId of the first item with a problem, in the form's order, among the items
    /// on screen: where the focus goes after a failed check.
    pub fn first_problem(&self) -> Option<String> {
        let problems = self.problems();
        let on = self.enabled();
        shown_items(&self.form, &on)
            .into_iter()
            .find(|id| problems.contains_key(*id))
            .map(str::to_owned)
    }

    /// What is sent: the answers to enabled items only, marked completed.
    pub fn submission(&self) -> Response {
        let mut response = self.response.without_disabled(&self.form);
        response.status = Status::Completed;
        response
    }

    /// What is kept on the device as a draft: every answer, still in progress.
    pub fn draft(&self) -> Response {
        let mut response = self.response.clone();
        response.status = Status::InProgress;
        response
    }

    /// Every answered question on screen with its answers as text, in the form's order
    /// (a repeating group's questions once per entry): the review step's summary.
    pub fn summary(&self, lang: Lang, t: &Texts) -> Vec<Line> {
        let on = self.enabled();
        let mut out = Vec::new();
        summarise(
            &self.form.items,
            &self.response.answers,
            &on,
            lang,
            t,
            &mut out,
        );
        out
    }

    fn request_focus(&mut self, link_id: String) {
        let n = self.focus.as_ref().map_or(0, |(_, n)| n + 1);
        self.focus = Some((link_id, n));
    }
}

/// Where sending the answers stands, as the page knows it from its write.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Submission {
    /// Not sent.
    #[default]
    Idle,
    /// On its way.
    Sending,
    /// The network is down: sent again when it returns.
    Offline,
    /// The server refused some answers: `(linkId, message)`.
    Refused(Rc<Vec<(String, String)>>),
    /// Already answered or closed.
    Conflict,
    /// Failed otherwise, with the message in the patient's language.
    Failed(String),
    /// The server took the answers.
    Sent,
}

impl Submission {
    /// What a write's state means for the survey: a lost network is "offline" (sent again
    /// later), a validation problem with field errors lands on the items, a 409 is a
    /// conflict, anything else a message.
    pub fn of<T>(state: &MutationState<T>, lang: Lang) -> Submission {
        match state {
            MutationState::Idle => Submission::Idle,
            MutationState::Sending => Submission::Sending,
            MutationState::Done(_) => Submission::Sent,
            MutationState::Failed(error) => match &**error {
                ApiError::Network => Submission::Offline,
                error if error.kind() == Some(ProblemKind::Validation) => {
                    let fields: Vec<(String, String)> = error.problem().map_or(Vec::new(), |p| {
                        p.errors
                            .iter()
                            .map(|e| (e.field.clone(), e.message.clone()))
                            .collect()
                    });
                    if fields.is_empty() {
                        Submission::Failed(error.explanation(lang))
                    } else {
                        Submission::Refused(Rc::new(fields))
                    }
                }
                error if error.status() == Some(409) => Submission::Conflict,
                error => Submission::Failed(error.explanation(lang)),
            },
        }
    }

    /// The action this news is for the survey's state, if any.
    pub fn action(&self) -> Option<Action> {
        Some(match self {
            Submission::Idle => return None,
            Submission::Sending => Action::Sending,
            Submission::Sent => Action::Sent,
            Submission::Offline => Action::Failed(Failure::Offline),
            Submission::Conflict => Action::Failed(Failure::Conflict),
            Submission::Failed(message) => Action::Failed(Failure::Other(message.clone())),
            Submission::Refused(errors) => Action::Refused((**errors).clone()),
        })
    }
}

/// What is wrong with one item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The engine's check.
    Engine(ErrorCode),
    /// The server's refusal, with its message.
    Server(String),
}

/// One line of the review step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The question.
    pub link_id: String,
    /// Its text in the patient's language.
    pub question: String,
    /// Its answers as text, joined.
    pub answer: String,
}

/// Why a questionnaire cannot be filled in at all: its items' conditions loop, or name
/// items it does not have, or two items share a linkId. `None` when it can.
pub fn unusable(form: &Form) -> Option<Vec<FormError>> {
    let errors = validate_form(form);
    (!errors.is_empty()).then_some(errors)
}

/// The linkIds of the items that would be on screen, in the form's order: enabled, not
/// hidden, under parents that are on screen.
pub fn shown_items<'a>(form: &'a Form, on: &Set<String>) -> Vec<&'a str> {
    fn go<'a>(items: &'a [Item], on: &Set<String>, out: &mut Vec<&'a str>) {
        for item in items {
            if is_shown(item, on) {
                out.push(&item.link_id);
                go(&item.items, on, out);
            }
        }
    }
    let mut out = Vec::new();
    go(&form.items, on, &mut out);
    out
}

/// Whether `item` is drawn (its parent being drawn): enabled and not hidden.
pub fn is_shown(item: &Item, on: &Set<String>) -> bool {
    !item.hidden && on.contains(&item.link_id)
}

/// An item's text in `lang`, with its prefix ("1." / "a)") when it has one.
pub fn label(item: &Item, lang: Lang) -> String {
    let text = item.text_in(lang.tag()).unwrap_or(&item.link_id);
    match &item.prefix {
        Some(prefix) if !prefix.is_empty() => format!("{prefix} {text}"),
        _ => text.to_owned(),
    }
}

/// An answer as the patient reads it: an option by its display in `lang`, yes / no in
/// words, a quantity with its unit.
pub fn answer_text(value: &Value, lang: Lang, t: &Texts) -> String {
    match value {
        Value::Boolean(true) => t.survey_yes.to_owned(),
        Value::Boolean(false) => t.survey_no.to_owned(),
        Value::Integer(n) => n.to_string(),
        Value::Decimal(x) => decimal(*x, 9),
        Value::Date(s) | Value::DateTime(s) | Value::Time(s) | Value::String(s) | Value::Uri(s) => {
            s.clone()
        }
        Value::Coding(c) => c
            .display_in(lang.tag())
            .or(c.code.as_deref())
            .unwrap_or_default()
            .to_owned(),
        Value::Quantity(q) => {
            let n = q.value.map(|v| decimal(v, 9)).unwrap_or_default();
            match q.unit.as_deref().or(q.code.as_deref()) {
                Some(unit) => format!("{n} {unit}"),
                None => n,
            }
        }
        Value::Attachment(a) => a.title.clone().unwrap_or_default(),
        Value::Reference(r) => r
            .display
            .clone()
            .or_else(|| r.reference.clone())
            .unwrap_or_default(),
    }
}

fn summarise(
    items: &[Item],
    answers: &Answers,
    on: &Set<String>,
    lang: Lang,
    t: &Texts,
    out: &mut Vec<Line>,
) {
    for item in items.iter().filter(|i| is_shown(i, on)) {
        if item.kind == ItemType::Group {
            for instance in answers.groups.get(&item.link_id).into_iter().flatten() {
                summarise(&item.items, instance, on, lang, t, out);
            }
            continue;
        }
        let values = answers.get(&item.link_id);
        if item.kind.is_question() && !values.is_empty() {
            out.push(Line {
                link_id: item.link_id.clone(),
                question: label(item, lang),
                answer: values
                    .iter()
                    .map(|v| answer_text(v, lang, t))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        summarise(&item.items, answers, on, lang, t, out);
    }
}

/// The answers at `level`, if that level exists yet.
pub fn level_of<'a>(answers: &'a Answers, level: &[(String, usize)]) -> Option<&'a Answers> {
    match level.split_first() {
        None => Some(answers),
        Some(((group, index), rest)) => level_of(answers.groups.get(group)?.get(*index)?, rest),
    }
}

/// The answers at `level`, made (with empty entries) if they do not exist yet.
fn level_mut<'a>(answers: &'a mut Answers, level: &[(String, usize)]) -> &'a mut Answers {
    match level.split_first() {
        None => answers,
        Some(((group, index), rest)) => {
            let instances = answers.groups.entry(group.clone()).or_default();
            if instances.len() <= *index {
                instances.resize_with(index + 1, Answers::default);
            }
            level_mut(&mut instances[*index], rest)
        }
    }
}

/// How many entries of a group to draw: those that exist, at least one.
pub fn instance_count(answers: Option<&Answers>, group: &Item) -> usize {
    answers
        .and_then(|a| a.groups.get(&group.link_id))
        .map_or(0, Vec::len)
        .max(1)
        .max(group.min_occurs.unwrap_or(0) as usize)
}

/// Whether another entry may be added to a repeating group that has `n`.
pub fn can_add(group: &Item, n: usize) -> bool {
    group.repeats && !group.read_only && group.max_occurs.is_none_or(|m| n < m as usize)
}

/// Whether an entry may be removed from a repeating group that has `n`.
pub fn can_remove(group: &Item, n: usize) -> bool {
    let least = group.min_occurs.map_or(1, |m| (m as usize).max(1));
    group.repeats && !group.read_only && n > least
}

impl Reducible for SurveyState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Answer {
                level,
                link_id,
                values,
            } => {
                if !matches!(next.step, Step::Filling) {
                    return self;
                }
                level_mut(&mut next.response.answers, &level).set(&link_id, values);
                next.server_errors.remove(&link_id);
                next.edits += 1;
            }
            Action::AddInstance { level, link_id } => {
                let Some(group) = self.form.item(&link_id) else {
                    return self;
                };
                let at = level_mut(&mut next.response.answers, &level);
                // The entries on screen but not yet in the answers count.
                let shown = instance_count(Some(at), group);
                let instances = at.groups.entry(link_id).or_default();
                instances.resize_with(shown, Answers::default);
                instances.push(Answers::default());
                next.edits += 1;
            }
            Action::RemoveInstance {
                level,
                link_id,
                index,
            } => {
                let Some(group) = self.form.item(&link_id) else {
                    return self;
                };
                let at = level_mut(&mut next.response.answers, &level);
                let shown = instance_count(Some(at), group);
                if let Some(instances) = at.groups.get_mut(&link_id) {
                    instances.resize_with(shown.max(instances.len()), Answers::default);
                    if index < instances.len() {
                        instances.remove(index);
                    }
                    if instances.is_empty() {
                        at.groups.remove(&link_id);
                    }
                }
                next.edits += 1;
            }
            Action::Leave(link_id) => {
                if !next.touched.insert(link_id) {
                    return self;
                }
            }
            Action::Review => match next.first_problem() {
                Some(first) => {
                    next.checked = true;
                    next.request_focus(first);
                }
                None => {
                    next.step = Step::Review;
                    next.failure = None;
                }
            },
            Action::Edit(link_id) => {
                next.step = Step::Filling;
                if let Some(id) = link_id {
                    next.request_focus(id);
                }
            }
            Action::Sending => {
                next.step = Step::Sending;
                next.failure = None;
            }
            Action::Sent => {
                next.step = Step::Sent;
                next.failure = None;
            }
            Action::Failed(failure) => {
                next.step = Step::Review;
                next.failure = Some(failure);
            }
            Action::Refused(errors) => {
                next.step = Step::Filling;
                next.checked = true;
                // Inserted, not collected: collecting into a B-tree sorts, and each sort
                // is code of its own in the bundle.
                next.server_errors.clear();
                for (field, message) in errors {
                    next.server_errors.insert(field, message);
                }
                if let Some(first) = next.first_problem() {
                    next.request_focus(first);
                }
            }
            Action::Restore(response) => {
                next.response = response;
                next.restored = true;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use careway_core::questionnaire::{Coding, Questionnaire};

    use super::*;
    use crate::i18n::texts;

    fn read(path: &str) -> String {
        let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The app carries no JSON parser, so natively the survey is built in Rust in the
    /// shape of the real one, whose linkIds it checks (the browser tests read the file).
    fn satisfaction() -> Rc<Form> {
        let text = read("server/src/demo/surveys/outpatient-satisfaction.json");
        for id in [
            "\"overall\"",
            "\"contact-me\"",
            "\"comments\"",
            "\"doctor.listened\"",
        ] {
            assert!(text.contains(id), "{id}");
        }
        Rc::new(Form::parse(&satisfaction_like()).expect("parses"))
    }

    /// The satisfaction survey's shape: a group of two ratings, the required overall
    /// rating, comments, and "contact me" asked only below 3 stars.
    fn satisfaction_like() -> Questionnaire {
        use careway_core::questionnaire::{AnswerOptionJson, EnableWhenJson, QuestionnaireItem};
        let rating = |code: &str| Coding {
            system: Some("rating".into()),
            code: Some(code.into()),
            display: Some(format!("{code} 星")),
            ..Coding::default()
        };
        let options: Vec<AnswerOptionJson> = (1..=5)
            .rev()
            .map(|n| AnswerOptionJson {
                coding: Some(rating(&n.to_string())),
                ..AnswerOptionJson::default()
            })
            .collect();
        let question = |id: &str, kind: &str| QuestionnaireItem {
            link_id: id.into(),
            text: Some(format!("问题 {id}")),
            kind: kind.into(),
            ..QuestionnaireItem::default()
        };
        let mut doctor = question("doctor", "group");
        for id in ["doctor.listened", "doctor.explained"] {
            let mut q = question(id, "choice");
            q.answer_option = options.clone();
            doctor.item.push(q);
        }
        let mut overall = question("overall", "choice");
        overall.required = Some(true);
        overall.answer_option = options.clone();
        let mut contact = question("contact-me", "boolean");
        contact.required = Some(true);
        contact.enable_behavior = Some("any".into());
        contact.enable_when = ["1", "2"]
            .iter()
            .map(|code| EnableWhenJson {
                question: "overall".into(),
                operator: "=".into(),
                coding: Some(rating(code)),
                ..EnableWhenJson::default()
            })
            .collect();
        let mut comments = question("comments", "text");
        comments.max_length = Some(10);
        Questionnaire {
            url: Some("urn:test".into()),
            item: vec![doctor, overall, comments, contact],
            ..Questionnaire::default()
        }
    }

    fn stars(n: u8) -> Value {
        Value::Coding(Coding {
            system: Some("rating".into()),
            code: Some(n.to_string()),
            display: Some(format!("{n} 星")),
            ..Coding::default()
        })
    }

    fn answer(
        state: Rc<SurveyState>,
        level: Level,
        id: &str,
        values: Vec<Value>,
    ) -> Rc<SurveyState> {
        state.reduce(Action::Answer {
            level,
            link_id: id.into(),
            values,
        })
    }

    fn start() -> Rc<SurveyState> {
        Rc::new(SurveyState::new(satisfaction()))
    }

    #[test]
    fn a_low_rating_asks_about_contact_and_counts_it() {
        let s = start();
        assert_eq!(
            s.progress(),
            Progress {
                answered: 0,
                total: 4
            }
        );
        assert!(!s.enabled().contains("contact-me"));
        let s = answer(s, vec![], "overall", vec![stars(2)]);
        assert!(s.enabled().contains("contact-me"));
        assert_eq!(
            s.progress(),
            Progress {
                answered: 1,
                total: 5
            }
        );
        let s = answer(s, vec![], "overall", vec![stars(4)]);
        assert!(!s.enabled().contains("contact-me"));
    }

    #[test]
    fn problems_show_only_once_the_item_is_left_or_checked() {
        let s = start();
        let t = texts(Lang::En);
        let _ = t;
        let overall = s.form.item("overall").unwrap().clone();
        let problems = s.problems();
        assert_eq!(
            problems.get("overall"),
            Some(&Problem::Engine(ErrorCode::Required))
        );
        let top = Some(&s.response.answers);
        assert_eq!(s.message_at(&problems, &overall, top, Lang::En), None);
        let s = s.reduce(Action::Leave("overall".into()));
        let message = s.message_at(
            &s.problems(),
            &overall,
            Some(&s.response.answers),
            Lang::ZhCn,
        );
        assert_eq!(message.as_deref(), Some("此项必填"));
    }

    #[test]
    fn review_is_refused_with_the_focus_on_the_first_problem_then_granted() {
        let s = start().reduce(Action::Review);
        assert_eq!(s.step, Step::Filling);
        assert!(s.checked);
        assert_eq!(s.focus, Some(("overall".into(), 0)));
        let s = answer(s, vec![], "overall", vec![stars(1)]);
        let s = s.reduce(Action::Review);
        assert_eq!(s.step, Step::Filling, "contact-me is now required");
        assert_eq!(s.focus, Some(("contact-me".into(), 1)));
        let s = answer(s, vec![], "contact-me", vec![Value::Boolean(true)]);
        let s = s.reduce(Action::Review);
        assert_eq!(s.step, Step::Review);
        let lines = s.summary(Lang::En, texts(Lang::En));
        let answers: Vec<(&str, &str)> = lines
            .iter()
            .map(|l| (l.link_id.as_str(), l.answer.as_str()))
            .collect();
        assert_eq!(answers, [("overall", "1 星"), ("contact-me", "Yes")]);
    }

    #[test]
    fn a_too_long_comment_is_a_problem_even_when_optional() {
        let s = answer(
            start(),
            vec![],
            "comments",
            vec![Value::String("x".repeat(11))],
        );
        assert_eq!(
            s.problems().get("comments"),
            Some(&Problem::Engine(ErrorCode::TooLong))
        );
    }

    #[test]
    fn nested_answers_go_into_the_groups_instance_and_are_submitted_enabled_only() {
        let s = answer(
            start(),
            vec![("doctor".into(), 0)],
            "doctor.listened",
            vec![stars(5)],
        );
        assert_eq!(
            s.response.answers.groups.get("doctor").unwrap()[0].get("doctor.listened"),
            [stars(5)]
        );
        let s = answer(s, vec![], "overall", vec![stars(2)]);
        let s = answer(s, vec![], "contact-me", vec![Value::Boolean(false)]);
        let s = answer(s, vec![], "overall", vec![stars(5)]);
        let sent = s.submission();
        assert_eq!(sent.status, Status::Completed);
        let ids: Vec<&str> = sent.answers.values.keys().map(String::as_str).collect();
        assert_eq!(ids, ["overall"], "contact-me is disabled again");
        assert!(sent.answers.groups.contains_key("doctor"));
        // The draft keeps everything, so the answer returns if the rating drops again.
        let draft = s.draft();
        assert_eq!(draft.answers.get("contact-me"), [Value::Boolean(false)]);
        assert_eq!(draft.status, Status::InProgress);
    }

    #[test]
    fn every_change_of_the_answers_counts_and_nothing_else_does() {
        let s = start();
        assert_eq!(s.edits, 0);
        let s = answer(s, vec![], "overall", vec![stars(2)]);
        // Taking an answer back to how the form began is a change too: the draft must
        // follow it.
        let s = answer(s, vec![], "overall", vec![]);
        assert_eq!(s.edits, 2);
        let s = s.reduce(Action::Leave("overall".into()));
        let s = s.reduce(Action::Review);
        assert_eq!(
            s.edits, 2,
            "leaving an item or asking for the review changes no answer"
        );
        let s = s.reduce(Action::Restore(Response::default()));
        assert_eq!(s.edits, 2, "a restored draft is not a change");
    }

    #[test]
    fn sending_steps_and_refusals() {
        let s = answer(start(), vec![], "overall", vec![stars(5)]);
        let s = s.reduce(Action::Review).reduce(Action::Sending);
        assert_eq!(s.step, Step::Sending);
        let s = s.reduce(Action::Failed(Failure::Offline));
        assert_eq!(
            (s.step, s.failure.clone()),
            (Step::Review, Some(Failure::Offline))
        );
        let s = s.reduce(Action::Sending);
        assert_eq!(s.failure, None);
        let s = s.reduce(Action::Refused(vec![(
            "overall".into(),
            "请重新选择".into(),
        )]));
        assert_eq!(s.step, Step::Filling);
        assert_eq!(s.focus.as_ref().map(|f| f.0.as_str()), Some("overall"));
        let overall = s.form.item("overall").unwrap().clone();
        let msg = s.message_at(&s.problems(), &overall, Some(&s.response.answers), Lang::En);
        assert_eq!(msg.as_deref(), Some("请重新选择"));
        // Changing the answer withdraws the server's refusal.
        let s = answer(s, vec![], "overall", vec![stars(4)]);
        assert!(s.problems().is_empty());
        let s = s
            .reduce(Action::Review)
            .reduce(Action::Sending)
            .reduce(Action::Sent);
        assert_eq!(s.step, Step::Sent);
        // Nothing changes once sent.
        let after = answer(s.clone(), vec![], "overall", vec![stars(1)]);
        assert!(Rc::ptr_eq(&s, &after));
    }

    #[test]
    fn repeating_group_entries_are_added_and_removed_within_limits() {
        let mut q = satisfaction_like();
        q.item[0].repeats = Some(true);
        q.item[0].extension = vec![careway_core::questionnaire::Extension {
            url: "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs".into(),
            value_integer: Some(2),
            ..Default::default()
        }];
        let form = Rc::new(Form::parse(&q).unwrap());
        let group = form.item("doctor").unwrap().clone();
        let s = Rc::new(SurveyState::new(form));
        assert_eq!(instance_count(Some(&s.response.answers), &group), 1);
        assert!(can_add(&group, 1) && !can_add(&group, 2));
        assert!(!can_remove(&group, 1) && can_remove(&group, 2));
        let add = Action::AddInstance {
            level: vec![],
            link_id: "doctor".into(),
        };
        let s = s.reduce(add);
        assert_eq!(instance_count(Some(&s.response.answers), &group), 2);
        let s = answer(
            s,
            vec![("doctor".into(), 1)],
            "doctor.listened",
            vec![stars(3)],
        );
        let s = s.reduce(Action::RemoveInstance {
            level: vec![],
            link_id: "doctor".into(),
            index: 0,
        });
        assert_eq!(
            s.response.answers.groups.get("doctor").unwrap()[0].get("doctor.listened"),
            [stars(3)],
            "the second entry moved up"
        );

        // Two entries shown from the start (minOccurs 2), none answered: adding makes three.
        let mut q = satisfaction_like();
        q.item[0].repeats = Some(true);
        q.item[0].extension = vec![careway_core::questionnaire::Extension {
            url: "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs".into(),
            value_integer: Some(2),
            ..Default::default()
        }];
        let form = Rc::new(Form::parse(&q).unwrap());
        let group = form.item("doctor").unwrap().clone();
        let s = Rc::new(SurveyState::new(form));
        assert_eq!(instance_count(Some(&s.response.answers), &group), 2);
        let s = s.reduce(Action::AddInstance {
            level: vec![],
            link_id: "doctor".into(),
        });
        assert_eq!(instance_count(Some(&s.response.answers), &group), 3);
        let s = s.reduce(Action::RemoveInstance {
            level: vec![],
            link_id: "doctor".into(),
            index: 2,
        });
        assert_eq!(instance_count(Some(&s.response.answers), &group), 2);
    }

    #[test]
    fn a_looping_form_is_unusable_and_a_sound_one_is_not() {
        assert!(unusable(&satisfaction()).is_none());
        let mut q = satisfaction_like();
        q.item[1].enable_when = q.item[3].enable_when.clone();
        q.item[1].enable_when[0].question = "contact-me".into();
        q.item[1].enable_when[0].operator = "exists".into();
        q.item[1].enable_when[0].coding = None;
        q.item[1].enable_when[0].boolean = Some(careway_core::questionnaire::Lenient::Ok(true));
        let form = Form::parse(&q).unwrap();
        assert!(matches!(
            unusable(&form).as_deref(),
            Some([FormError::EnableWhenLoop(_), ..])
        ));
    }

    #[test]
    fn a_sends_outcome_becomes_the_news_the_survey_needs() {
        use careway_core::problem::{FieldError, Problem};
        let failed = |e: ApiError| MutationState::<()>::Failed(Rc::new(e));
        assert_eq!(
            Submission::of(&failed(ApiError::Network), Lang::ZhCn),
            Submission::Offline
        );
        let mut invalid = Problem::new(ProblemKind::Validation, Lang::ZhCn);
        invalid.errors.push(FieldError {
            field: "overall".into(),
            code: "invalid".into(),
            message: "请重新选择".into(),
        });
        let refused = Submission::of(&failed(ApiError::Problem(Box::new(invalid))), Lang::ZhCn);
        assert_eq!(
            refused.action(),
            Some(Action::Refused(vec![(
                "overall".into(),
                "请重新选择".into()
            )]))
        );
        let conflict = Problem::new(ProblemKind::Conflict, Lang::En);
        assert_eq!(
            Submission::of(&failed(ApiError::Problem(Box::new(conflict))), Lang::En),
            Submission::Conflict
        );
        // A validation problem without field errors still says something.
        let bare = Problem::new(ProblemKind::Validation, Lang::En);
        assert!(matches!(
            Submission::of(&failed(ApiError::Problem(Box::new(bare))), Lang::En),
            Submission::Failed(m) if !m.is_empty()
        ));
        assert!(matches!(
            Submission::of(&failed(ApiError::Status(502)), Lang::En),
            Submission::Failed(m) if m.contains("502")
        ));
        assert_eq!(
            Submission::of(&MutationState::<()>::Idle, Lang::En).action(),
            None
        );
        assert_eq!(
            Submission::of(&MutationState::Done(Rc::new(())), Lang::En).action(),
            Some(Action::Sent)
        );
    }

    #[test]
    fn answers_read_in_the_patients_words() {
        let t = texts(Lang::ZhCn);
        assert_eq!(answer_text(&Value::Boolean(false), Lang::ZhCn, t), "否");
        assert_eq!(answer_text(&stars(3), Lang::ZhCn, t), "3 星");
        let q = Value::Quantity(careway_core::questionnaire::Quantity {
            value: Some(72.5),
            unit: Some("kg".into()),
            ..Default::default()
        });
        assert_eq!(answer_text(&q, Lang::En, t), "72.5 kg");
    }
}

//! What a renderer shows about a whole response: the score of a scored instrument (PHQ-9)
//! and how far the person has got.

use super::enable::enabled;
use super::form::Form;
use super::response::Response;

/// The sum of the scores (`ordinalValue` / `itemWeight`) of the options chosen in enabled
/// items; `None` when the form has no scored options, so "no score" is not shown as 0.
pub fn total_score(form: &Form, response: &Response) -> Option<f64> {
    let flat = form.walk();
    if !flat
        .iter()
        .any(|(i, _)| i.options.iter().any(|o| o.score.is_some()))
    {
        return None;
    }
    let on = enabled(form, response);
    let answers = response.answers.all();
    let mut total = 0.0;
    for (item, _) in flat.iter().filter(|(i, _)| on.contains(&i.link_id)) {
        for value in answers.get(item.link_id.as_str()).into_iter().flatten() {
            if let Some(score) = item
                .options
                .iter()
                .find(|o| o.matches(value))
                .and_then(|o| o.score)
            {
                total += score;
            }
        }
    }
    Some(total)
}

/// How many of the questions a person is asked have an answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Enabled, shown questions with at least one answer.
    pub answered: usize,
    /// Enabled, shown questions (groups, display text and hidden items left out).
    pub total: usize,
}

/// Progress through the questions the person is currently asked.
pub fn progress(form: &Form, response: &Response) -> Progress {
    let on = enabled(form, response);
    let answers = response.answers.all();
    let mut p = Progress::default();
    for (item, _) in form.walk() {
        if item.kind.is_question() && !item.hidden && on.contains(&item.link_id) {
            p.total += 1;
            if answers.contains_key(item.link_id.as_str()) {
                p.answered += 1;
            }
        }
    }
    p
}

//! enableWhen: which items are shown for the answers given so far, and the form checks that
//! make that question answerable (no loops, no conditions on missing questions).
//!
//! FHIR semantics: an item is enabled when its parent is and its conditions hold (all or
//! any); a condition on a disabled question sees it unanswered; `!=` and `exists = false`
//! hold for an unanswered question; ordering comparisons on Codings and booleans are false.
//! Answers are pooled by linkId across repeating-group instances, so an item in a repeating
//! group is enabled in every instance when its condition holds in any. Dates, dateTimes and
//! times compare as ISO 8601 text, so dateTimes in different time zones may misorder.

use crate::collections::{Map, Set};
use std::cmp::Ordering;

use super::fhir::Value;
use super::form::{EnableBehavior, EnableWhen, Form, Item, Operator};
use super::response::Response;

/// The linkIds of the items enabled by `response`. Terminates on looping conditions: an
/// item met again while its own state is being worked out counts as disabled.
pub fn enabled(form: &Form, response: &Response) -> Set<String> {
    // Maps and sets are filled by `insert` rather than collected: collecting into a B-tree
    // sorts first, and each such sort is code of its own in the app's WebAssembly.
    let flat = form.walk();
    let mut index: Index = Map::new();
    for &(i, p) in &flat {
        index.insert(i.link_id.as_str(), (i, p));
    }
    let answers = response.answers.all();
    let mut state: Map<&str, Option<bool>> = Map::new();
    for (item, _) in &flat {
        eval(&item.link_id, &index, &answers, &mut state);
    }
    let mut on = Set::new();
    for (k, s) in state {
        if s == Some(true) {
            on.insert(k.to_owned());
        }
    }
    on
}

type Index<'a> = Map<&'a str, (&'a Item, Option<&'a str>)>;

/// Whether `id` is enabled; `state` holds `None` while an item is being worked out (a loop)
/// and `Some` once known.
fn eval<'a>(
    id: &str,
    index: &Index<'a>,
    answers: &Map<&str, Vec<&Value>>,
    state: &mut Map<&'a str, Option<bool>>,
) -> bool {
    let Some(&(item, parent)) = index.get(id) else {
        return false;
    };
    match state.get(item.link_id.as_str()) {
        Some(Some(known)) => return *known,
        Some(None) => return false,
        None => {}
    }
    state.insert(&item.link_id, None);
    let parent_on = parent.is_none_or(|p| eval(p, index, answers, state));
    let on = parent_on && {
        let mut holds = item.enable_when.iter().map(|w| {
            let seen: &[&Value] = if eval(&w.question, index, answers, state) {
                answers.get(w.question.as_str()).map_or(&[], Vec::as_slice)
            } else {
                &[]
            };
            condition_holds(w, seen)
        });
        match item.enable_behavior {
            _ if item.enable_when.is_empty() => true,
            EnableBehavior::All => holds.all(|h| h),
            EnableBehavior::Any => holds.any(|h| h),
        }
    };
    state.insert(&item.link_id, Some(on));
    on
}

/// Whether one condition holds for the question's (enabled) answers.
pub(crate) fn condition_holds(w: &EnableWhen, answers: &[&Value]) -> bool {
    let Some(expected) = &w.answer else {
        return false;
    };
    match w.operator {
        Operator::Exists => {
            let answered = !answers.is_empty();
            matches!(expected, Value::Boolean(b) if *b == answered)
        }
        Operator::Ne => {
            answers.is_empty()
                || answers
                    .iter()
                    .any(|a| compare(a, expected) != Some(Ordering::Equal))
        }
        op => answers.iter().any(|a| {
            let Some(ord) = compare(a, expected) else {
                return false;
            };
            match op {
                Operator::Eq => ord == Ordering::Equal,
                _ if !orderable(a) => false,
                Operator::Gt => ord == Ordering::Greater,
                Operator::Lt => ord == Ordering::Less,
                Operator::Ge => ord != Ordering::Less,
                Operator::Le => ord != Ordering::Greater,
                Operator::Exists | Operator::Ne => false,
            }
        }),
    }
}

/// Whether `>`-style comparisons mean anything for the value's type.
fn orderable(v: &Value) -> bool {
    !matches!(
        v,
        Value::Boolean(_)
            | Value::Coding(_)
            | Value::Attachment(_)
            | Value::Reference(_)
            | Value::Uri(_)
    )
}

/// Compares an answer with a condition's value; `None` when they cannot be compared
/// (different types, different units, dates of different precision that agree so far).
/// For types without an order, `Some(Equal)` or `Some(Less)` only says "equal or not".
fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    let eq = |same: bool| {
        Some(if same {
            Ordering::Equal
        } else {
            Ordering::Less
        })
    };
    match (a, b) {
        (Value::Boolean(x), Value::Boolean(y)) => eq(x == y),
        (Value::Integer(x), Value::Integer(y)) => Some(x.cmp(y)),
        (Value::Decimal(x), Value::Decimal(y)) => x.partial_cmp(y),
        (Value::Integer(x), Value::Decimal(y)) => (*x as f64).partial_cmp(y),
        (Value::Decimal(x), Value::Integer(y)) => x.partial_cmp(&(*y as f64)),
        (Value::Date(x) | Value::DateTime(x), Value::Date(y) | Value::DateTime(y))
        | (Value::Time(x), Value::Time(y)) => compare_temporal(x, y),
        (Value::String(x), Value::String(y)) | (Value::Uri(x), Value::Uri(y)) => Some(x.cmp(y)),
        (Value::Coding(x), Value::Coding(y)) => eq(x.same_concept(y)),
        (Value::Reference(x), Value::Reference(y)) => {
            eq(x.reference.is_some() && x.reference == y.reference)
        }
        (Value::Quantity(x), Value::Quantity(y)) => {
            let same_unit = x.code.is_some() && x.code == y.code && x.system == y.system
                || x.code.is_none() && y.code.is_none() && x.unit == y.unit;
            if same_unit {
                x.value?.partial_cmp(&y.value?)
            } else {
                None
            }
        }
        (Value::Attachment(x), Value::Attachment(y)) => eq(x == y),
        _ => None,
    }
}

/// ISO 8601 dates, dateTimes and times compare as text while of the same precision; of
/// different precision they compare only where they already differ.
fn compare_temporal(x: &str, y: &str) -> Option<Ordering> {
    if x.len() == y.len() {
        return Some(x.cmp(y));
    }
    let n = x.len().min(y.len());
    match x.as_bytes()[..n].cmp(&y.as_bytes()[..n]) {
        Ordering::Equal => None,
        ord => Some(ord),
    }
}

/// A mistake in the form itself, found before anyone fills it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormError {
    /// Two items share a linkId, so answers and conditions are ambiguous.
    DuplicateLinkId(String),
    /// A condition refers to a linkId the form lacks: it always sees no answer.
    UnknownQuestion {
        /// The item with the condition.
        link_id: String,
        /// The missing linkId.
        question: String,
    },
    /// A condition refers to a group or display item, which has no answers.
    NotAQuestion {
        /// The item with the condition.
        link_id: String,
        /// The group or display item.
        question: String,
    },
    /// Items whose conditions (or parents) depend on each other in a loop, in form order:
    /// whether they are shown depends on the order they are worked out in.
    EnableWhenLoop(Vec<String>),
}

/// Checks the form for mistakes that make its conditions ambiguous.
pub fn validate_form(form: &Form) -> Vec<FormError> {
    let flat = form.walk();
    let mut errors = Vec::new();
    let mut position: Map<&str, usize> = Map::new();
    for (n, (item, _)) in flat.iter().enumerate() {
        if position.insert(&item.link_id, n).is_some() {
            errors.push(FormError::DuplicateLinkId(item.link_id.clone()));
        }
    }
    // Edges: an item depends on its parent and on the questions of its conditions.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); flat.len()];
    for (n, (item, parent)) in flat.iter().enumerate() {
        if let Some(p) = parent.and_then(|p| position.get(p)) {
            edges[n].push(*p);
        }
        for w in &item.enable_when {
            match position.get(w.question.as_str()) {
                None => errors.push(FormError::UnknownQuestion {
                    link_id: item.link_id.clone(),
                    question: w.question.clone(),
                }),
                Some(&q) => {
                    if !flat[q].0.kind.is_question() {
                        errors.push(FormError::NotAQuestion {
                            link_id: item.link_id.clone(),
                            question: w.question.clone(),
                        });
                    }
                    edges[n].push(q);
                }
            }
        }
    }
    for component in strongly_connected(&edges) {
        let looping = component.len() > 1 || edges[component[0]].contains(&component[0]);
        if looping {
            // Named in form order: marked, then read off in order (a sort would be code
            // of its own in the app).
            let mut in_loop = vec![false; flat.len()];
            for n in component {
                in_loop[n] = true;
            }
            errors.push(FormError::EnableWhenLoop(
                flat.iter()
                    .zip(in_loop)
                    .filter(|(_, looping)| *looping)
                    .map(|((item, _), _)| item.link_id.clone())
                    .collect(),
            ));
        }
    }
    errors
}

/// Tarjan's strongly connected components of a small graph.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct Tarjan<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in &self.edges[v] {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                self.out.push(component);
            }
        }
    }
    let n = edges.len();
    let mut t = Tarjan {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    t.out
}

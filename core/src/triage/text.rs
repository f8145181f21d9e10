//! Text folding for the symptom guide: normalisation (case, width, punctuation, spaces
//! between Chinese characters), whole-word matching for English, and the short
//! look-behind that tells "不发烧" and "no fever" from "发烧" and "fever".
//!
//! Plain string work, no dictionary or regular expressions: small enough for the app's
//! WebAssembly bundle and predictable enough to test line by line.

use std::borrow::Cow;

use crate::api::triage::MAX_TEXT_CHARS;

#[cfg(test)]
mod tests;

/// Joins the parts of a knowledge phrase that may stand apart in the patient's clause:
/// "胸口…疼" reads "胸口压着疼", "pressure…chest" reads "pressure in the middle of my chest".
/// Patients put how it feels between where and what ("胸口像压了块石头"), and no list of
/// whole phrases keeps up with that.
pub(super) const GAP: char = '…';

/// How many words, or Chinese characters, may stand between two parts of a phrase: a
/// clause's worth of description, not so many that the parts speak of different things.
const MAX_GAP_WORDS: usize = 8;

/// Why a phrase can never match, if it cannot.
pub(super) fn phrase_error(phrase: &str) -> Option<&'static str> {
    let parts: Vec<String> = phrase.split(GAP).map(normalize).collect();
    if parts.iter().all(String::is_empty) {
        Some("has no letters")
    } else if parts.iter().any(String::is_empty) {
        Some("has a gap (…) at an end or next to another gap")
    } else if parts.iter().any(|p| p.contains(BREAK)) {
        Some("contains a clause break (, . ; ! ? :) and can never match")
    } else {
        None
    }
}

/// A knowledge phrase's parts, split at [`GAP`] and normalised: one part for most phrases.
pub(super) fn phrase_parts(phrase: &str) -> Vec<Cow<'_, str>> {
    phrase.split(GAP).map(normalize_phrase).collect()
}

/// Where the parts of a phrase with a gap occur in `text` (normalised), each as a whole
/// word, in order, within one clause, at most [`MAX_GAP_WORDS`] apart, and with no
/// negation between them ("胸口不疼" is not chest pain): the `(start, end)` of each part.
/// Each place the first part occurs is joined to the nearest later parts.
pub(super) fn occurrences_of_parts(text: &str, parts: &[Cow<'_, str>]) -> Vec<Vec<(usize, usize)>> {
    let Some((first, rest)) = parts.split_first() else {
        return Vec::new();
    };
    let later: Vec<Vec<(usize, usize)>> = rest.iter().map(|p| occurrences(text, p)).collect();
    let mut out = Vec::new();
    'first: for at in occurrences(text, first) {
        let mut found = vec![at];
        let mut end = at.1;
        for places in &later {
            let next = places.partition_point(|&(start, _)| start < end);
            match places.get(next) {
                Some(&(start, next_end)) if joins(&text[end..start]) => {
                    found.push((start, next_end));
                    end = next_end;
                }
                // A later place has a longer gap, and the same break or negation in it.
                _ => continue 'first,
            }
        }
        out.push(found);
    }
    out
}

/// Whether the text between two parts of a phrase lets them be read as one phrase.
fn joins(gap: &str) -> bool {
    if gap.contains(BREAK) {
        return false;
    }
    let words = gap
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .count();
    let cjk = gap.chars().filter(|&c| is_cjk(c)).count();
    let negated = gap
        .split(|c: char| !is_word_char(c))
        .any(|w| EN_NEGATIONS.contains(&w))
        || ZH_NEGATIONS.iter().any(|n| gap.contains(n));
    words + cjk <= MAX_GAP_WORDS && !negated
}

/// Stands for every clause break in normalised text.
pub(super) const BREAK: char = '\n';

/// Normalises text for matching: lowercase, full-width → half-width, apostrophes dropped
/// ("can't" = "cant"), clause punctuation → [`BREAK`], other punctuation, symbols and
/// spaces → one space between two words of a spaced script and nothing next to Chinese
/// (so "头 痛" is "头痛"). `、` stays: it joins a list, and a negation carries across it.
pub(super) fn normalize(text: &str) -> String {
    let chars: Vec<char> = text.chars().take(MAX_TEXT_CHARS).map(half_width).collect();
    let digit = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(char::is_ascii_digit)
    };
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_CHARS * 4));
    let mut space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
            // A decimal point (39.5度) is not the end of a sentence.
            out.push('.');
            space = false;
        } else if is_clause_break(c) {
            if !out.is_empty() && !out.ends_with(BREAK) {
                out.push(BREAK);
            }
            space = false;
        } else if matches!(c, '\'' | '\u{2018}' | '\u{2019}') {
            // Dropped, not a space: "can't" is the word "cant".
        } else if c == '、' {
            out.push(c);
            space = false;
        } else if c.is_alphanumeric() {
            if space && out.chars().next_back().is_some_and(is_word_char) && is_word_char(c) {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    if out.ends_with(BREAK) {
        out.pop();
    }
    out
}

/// [`normalize`] for a knowledge phrase, without copying the common case of a phrase
/// written already normalised (lowercase words, single spaces, Chinese): a triage reads
/// every phrase of the file, so this is most of its work on short texts.
pub(super) fn normalize_phrase(phrase: &str) -> Cow<'_, str> {
    let plain = !phrase.starts_with(' ')
        && !phrase.ends_with(' ')
        && !phrase.contains("  ")
        && phrase.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' || is_cjk(c)
        })
        // A space next to Chinese would be dropped by normalize.
        && !phrase
            .as_bytes()
            .windows(2)
            .any(|w| (w[0] == b' ' && w[1] >= 0x80) || (w[0] >= 0x80 && w[1] == b' '));
    if plain {
        Cow::Borrowed(phrase)
    } else {
        Cow::Owned(normalize(phrase))
    }
}

fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FF64}' => '、',
        _ => c,
    }
}

fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        ',' | '.' | ';' | '!' | '?' | ':' | '\n' | '\r' | '。' | '…' | '｡' | '¿' | '¡' | '|'
    )
}

/// Scripts written without spaces: a word boundary is everywhere.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // kana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // extensions B–G
        | '\u{3007}')
}

/// A letter or digit of a spaced script, where "arm" inside "harm" is not "arm".
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Where `needle` (normalised) occurs in `text` (normalised) as a whole word, as
/// `(start, end)`; an English word may take a plural "s" or "es".
pub(super) fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let starts_word = needle.chars().next().is_some_and(is_word_char);
    let last = needle.chars().next_back();
    let ends_word = last.is_some_and(is_word_char);
    let suffixes: &[&str] = if last.is_some_and(|c| c.is_ascii_alphabetic()) {
        &["", "s", "es"]
    } else {
        &[""]
    };
    let mut out = Vec::new();
    for (start, _) in text.match_indices(needle) {
        if starts_word && text[..start].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let mut end = start + needle.len();
        if ends_word {
            let rest = &text[end..];
            let suffix = suffixes.iter().find(|s| {
                rest.strip_prefix(**s)
                    .is_some_and(|after| !after.chars().next().is_some_and(is_word_char))
            });
            match suffix {
                Some(s) => end += s.len(),
                None => continue,
            }
        }
        out.push((start, end));
    }
    out
}

/// Words that negate what follows them directly: "不发烧", "没有咳嗽", "无发热".
const ZH_NEGATIONS: [&str; 7] = ["没有", "没", "不", "无", "未", "否认", "并非"];
/// Words that may stand between a negation and a symptom: "没有什么头痛", "无明显发热".
const ZH_FILLERS: [&str; 22] = [
    "什么", "怎么", "任何", "明显", "觉得", "感觉", "感到", "出现", "发生", "经常", "有", "太",
    "再", "的", "过", "都", "也", "还", "并", "常", "会", "啥",
];
/// Questions that look like negations: "有没有发烧" asks, it does not deny.
const ZH_QUESTIONS: [&str; 3] = ["有没有", "是不是", "会不会"];
/// Words that negate what follows them: "no fever", "I don't have a cough".
const EN_NEGATIONS: [&str; 19] = [
    "no", "not", "without", "never", "nor", "dont", "doesnt", "didnt", "havent", "hasnt", "hadnt",
    "isnt", "arent", "wasnt", "werent", "deny", "denies", "denied", "free",
];
/// Words that may stand between a negation and a symptom: "not really having any".
const EN_FILLERS: [&str; 27] = [
    "a",
    "an",
    "the",
    "any",
    "have",
    "has",
    "had",
    "having",
    "got",
    "get",
    "getting",
    "feel",
    "feeling",
    "felt",
    "experience",
    "experiencing",
    "really",
    "much",
    "of",
    "from",
    "suffer",
    "suffering",
    "signs",
    "sign",
    "more",
    "longer",
    "been",
];
/// Words that carry a negation on to the next symptom: "no fever or cough", "不发烧、咳嗽".
const CONJUNCTIONS: [&str; 10] = [
    "和", "或", "或者", "及", "以及", "与", "跟", "and", "or", "nor",
];

/// Whether a symptom is negated by `gap`, the text between the previous symptom (or the
/// start of the clause) and this one.
pub(super) fn is_negated(gap: &str, prev_negated: bool) -> bool {
    let gap = gap.trim_matches(|c| c == ' ' || c == '、');
    if prev_negated && (gap.is_empty() || CONJUNCTIONS.contains(&gap)) {
        return true;
    }
    if gap.chars().next_back().is_some_and(is_word_char) {
        let mut words: Vec<&str> = gap
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        while words.last().is_some_and(|w| EN_FILLERS.contains(w)) {
            words.pop();
        }
        return words.last().is_some_and(|w| EN_NEGATIONS.contains(w));
    }
    if ZH_QUESTIONS.iter().any(|q| gap.ends_with(q)) {
        return false;
    }
    let mut rest = gap;
    while let Some(shorter) = ZH_FILLERS.iter().find_map(|f| rest.strip_suffix(f)) {
        if ZH_NEGATIONS.iter().any(|n| rest.ends_with(n)) {
            // "没有" ends in the filler "有": stop before stripping the negation itself.
            break;
        }
        rest = shorter;
    }
    ZH_NEGATIONS.iter().any(|n| rest.ends_with(n))
}

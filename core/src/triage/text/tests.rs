//! Tests of text folding: what counts as the same text, a whole word, and a negation.

use super::*;
use crate::triage::fixtures::knowledge;

#[test]
fn normalising_folds_width_case_spaces_and_apostrophes() {
    assert_eq!(
        normalize("头 痛，ＦＥＶＥＲ  can’t breathe。"),
        "头痛\nfever cant breathe"
    );
    assert_eq!(normalize("体温39.5度. Next"), "体温39.5度\nnext");
    assert_eq!(normalize("heart-burn 😷 ok"), "heart burn ok");
    assert_eq!(normalize("！？"), "");
}

#[test]
fn phrases_normalise_like_text_with_or_without_the_shortcut() {
    for s in &knowledge().symptoms {
        for phrase in s.phrases() {
            assert_eq!(normalize_phrase(phrase), normalize(phrase), "{phrase}");
        }
    }
    for phrase in ["Can't breathe", "头 痛", "a  b", " x", "39.5度", "ｘ"] {
        assert_eq!(normalize_phrase(phrase), normalize(phrase), "{phrase}");
    }
}

#[test]
fn english_phrases_match_whole_words_and_plurals() {
    assert_eq!(occurrences("harmless arm", "arm"), [(9, 12)]);
    assert_eq!(occurrences("my knees hurt", "knee"), [(3, 8)]);
    assert_eq!(occurrences("rashes", "rash"), [(0, 6)]);
    assert!(occurrences("armed", "arm").is_empty());
    assert!(occurrences("heartburn", "burn").is_empty());
    // Chinese has no spaces: every position is a boundary.
    assert_eq!(occurrences("有点头痛", "头痛").len(), 1);
}

#[test]
fn negation_reaches_only_the_next_symptom_or_a_list() {
    assert!(is_negated("不", false));
    assert!(is_negated("没有什么", false));
    assert!(is_negated("无明显的", false));
    assert!(is_negated("i dont have a", false));
    assert!(is_negated("or", true));
    assert!(is_negated("、", true));
    assert!(!is_negated("有", true));
    assert!(!is_negated("不停地", false));
    assert!(!is_negated("受不了", false));
    assert!(!is_negated("有没有", false));
    assert!(!is_negated("but i feel", false));
    assert!(!is_negated("nose", false));
}

#[test]
fn a_phrase_with_a_gap_matches_its_parts_apart_within_one_clause() {
    let at =
        |text: &str, phrase: &str| occurrences_of_parts(&normalize(text), &phrase_parts(phrase));
    assert_eq!(at("胸口压着疼", "胸口…疼"), [vec![(0, 6), (12, 15)]]);
    assert_eq!(at("胸口疼", "胸口…疼").len(), 1);
    assert_eq!(
        at("Pressure in the middle of my chest", "pressure…chest").len(),
        1
    );
    // Not across a clause, not past a clause's worth of words, not in the wrong order.
    assert!(at("胸口有点痒，腿疼", "胸口…疼").is_empty());
    assert!(at("胸口上长的那个小包今天早上开始疼", "胸口…疼").is_empty());
    assert!(at("疼在胸口", "胸口…疼").is_empty());
    // Whole words still: "arm" is not in "harm".
    assert!(at("pain from farm work", "pain…arm").is_empty());
}

#[test]
fn a_negation_in_the_gap_breaks_the_phrase() {
    let at =
        |text: &str, phrase: &str| occurrences_of_parts(&normalize(text), &phrase_parts(phrase));
    assert!(at("胸口不疼", "胸口…疼").is_empty());
    assert!(at("胸口一点都没有疼过", "胸口…疼").is_empty());
    assert!(at("my chest doesn't hurt", "chest…hurt").is_empty());
    assert_eq!(at("my chest really hurts", "chest…hurt").len(), 1);
}

#[test]
fn a_gap_at_an_end_is_refused() {
    assert!(phrase_error("胸口…").is_some());
    assert!(phrase_error("…疼").is_some());
    assert!(phrase_error("胸口……疼").is_some());
    assert_eq!(phrase_error("胸口…疼"), None);
    assert!(phrase_error("胸口…疼，痛").is_some());
}

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

//! Tests of the engine against the shipped knowledge: what a patient types, in both
//! languages, and what they must be told.

use crate::api::triage::{TriageRequest, TriageResult, MAX_RECOMMENDATIONS, MAX_TEXT_CHARS};
use crate::identity::Sex;
use crate::locale::Lang;
use crate::triage::fixtures::{knowledge, parse, DEPARTMENTS, TINY};
use crate::triage::Knowledge;

/// One row of the table: a patient and what the answer must (not) say.
#[derive(Clone, Copy)]
struct Case {
    text: &'static str,
    age: Option<u8>,
    sex: Option<Sex>,
    pregnant: bool,
    /// The red flag raised, if any; `None` asserts that there is none.
    flag: Option<&'static str>,
    /// The department recommended first.
    first: Option<&'static str>,
    /// Departments that must not be recommended at all.
    absent: &'static [&'static str],
    /// Phrases the first recommendation must give as reasons.
    reasons: &'static [&'static str],
    /// Symptom ids that must (not) be found.
    matched: &'static [&'static str],
    unmatched: &'static [&'static str],
    /// Whether nothing matched (no department, a hint instead); `None`: either.
    empty: Option<bool>,
}

const C: Case = Case {
    text: "",
    age: Some(35),
    sex: None,
    pregnant: false,
    flag: None,
    first: None,
    absent: &[],
    reasons: &[],
    matched: &[],
    unmatched: &[],
    empty: None,
};
const F: Option<Sex> = Some(Sex::Female);
const M: Option<Sex> = Some(Sex::Male);

fn zh_cases() -> Vec<Case> {
    vec![
        Case {
            text: "头痛三天",
            first: Some("neurology"),
            ..C
        },
        Case {
            text: "头痛，头晕",
            first: Some("neurology"),
            reasons: &["头痛", "头晕"],
            ..C
        },
        Case {
            text: "头 痛，有点头昏",
            first: Some("neurology"),
            reasons: &["头痛", "头昏"],
            ..C
        },
        // Pain "bad enough to die" is pain, not a wish to die.
        Case {
            text: "头疼得想死",
            first: Some("neurology"),
            unmatched: &["suicidal"],
            ..C
        },
        Case {
            text: "胸口痛，出冷汗",
            flag: Some("heart_attack"),
            ..C
        },
        Case {
            text: "胸痛放射到左臂",
            flag: Some("heart_attack"),
            ..C
        },
        Case {
            text: "突然说话不清，嘴歪了",
            flag: Some("stroke"),
            ..C
        },
        Case {
            text: "突然剧烈头痛",
            flag: Some("sudden_headache"),
            ..C
        },
        Case {
            text: "不想活了",
            flag: Some("suicide"),
            ..C
        },
        Case {
            text: "最近总觉得活着没意思",
            flag: Some("suicide"),
            ..C
        },
        Case {
            text: "喘不上气",
            flag: Some("breathing"),
            ..C
        },
        Case {
            text: "老人突然晕倒了",
            flag: Some("consciousness"),
            ..C
        },
        Case {
            text: "吃了花生以后舌头肿",
            flag: Some("anaphylaxis"),
            ..C
        },
        Case {
            text: "吐血",
            flag: Some("bleeding"),
            ..C
        },
        Case {
            text: "黑便三天，头晕",
            flag: Some("bleeding"),
            ..C
        },
        Case {
            text: "怀孕两个月，阴道出血",
            sex: F,
            flag: Some("pregnancy"),
            ..C
        },
        Case {
            text: "阴道出血",
            sex: F,
            pregnant: true,
            flag: Some("pregnancy"),
            ..C
        },
        Case {
            text: "阴道出血",
            sex: F,
            first: Some("gynecology"),
            ..C
        },
        Case {
            text: "摔到头了，一直呕吐",
            flag: Some("head_injury"),
            ..C
        },
        Case {
            text: "孩子误服了奶奶的降压药",
            age: None,
            flag: Some("poisoning"),
            ..C
        },
        Case {
            text: "发烧，脖子僵硬",
            flag: Some("meningitis"),
            ..C
        },
        Case {
            text: "孩子高烧三天，身上起疹子",
            age: Some(3),
            flag: Some("child_fever_rash"),
            ..C
        },
        Case {
            text: "孩子发烧咳嗽",
            age: Some(5),
            first: Some("pediatrics"),
            absent: &["respiratory", "general-medicine"],
            reasons: &["发烧", "咳嗽"],
            ..C
        },
        Case {
            text: "孩子头痛",
            age: None,
            first: Some("pediatrics"),
            absent: &["neurology"],
            ..C
        },
        // Children still see the dentist.
        Case {
            text: "孩子牙疼",
            age: None,
            first: Some("stomatology"),
            matched: &["child"],
            ..C
        },
        Case {
            text: "怀孕了，想做产检",
            sex: F,
            first: Some("obstetrics"),
            ..C
        },
        Case {
            text: "怀孕了，想做产检",
            sex: M,
            flag: None,
            absent: &["obstetrics"],
            empty: Some(true),
            ..C
        },
        Case {
            text: "小便疼",
            sex: M,
            first: Some("urology"),
            ..C
        },
        Case {
            text: "月经不调",
            sex: F,
            first: Some("gynecology"),
            ..C
        },
        Case {
            text: "月经不调",
            sex: M,
            absent: &["gynecology"],
            empty: Some(true),
            ..C
        },
        Case {
            text: "前列腺增生",
            sex: F,
            absent: &["urology"],
            empty: Some(true),
            ..C
        },
        Case {
            text: "失眠焦虑",
            first: Some("psychiatry"),
            ..C
        },
        Case {
            text: "膝盖疼",
            first: Some("orthopedics"),
            ..C
        },
        Case {
            text: "胃痛，反酸",
            first: Some("gastroenterology"),
            ..C
        },
        Case {
            text: "口渴多尿",
            first: Some("endocrinology"),
            ..C
        },
        Case {
            text: "心慌胸闷",
            flag: None,
            first: Some("cardiology"),
            ..C
        },
        Case {
            text: "不发烧，只是咳嗽",
            first: Some("respiratory"),
            matched: &["cough"],
            unmatched: &["fever"],
            ..C
        },
        Case {
            text: "没有发烧和咳嗽，就是头痛",
            first: Some("neurology"),
            unmatched: &["fever", "cough"],
            ..C
        },
        Case {
            text: "没有胸痛，只是有点出汗",
            flag: None,
            unmatched: &["chest_pain"],
            matched: &["sweating"],
            ..C
        },
        Case {
            text: "有没有发烧我也不清楚，头痛",
            matched: &["fever", "headache"],
            ..C
        },
        Case {
            text: "牙疼",
            first: Some("stomatology"),
            ..C
        },
        Case {
            text: "眼睛红，眼睛痒",
            first: Some("ophthalmology"),
            unmatched: &["itching"],
            ..C
        },
        Case {
            text: "皮肤痒，起红疹",
            first: Some("dermatology"),
            ..C
        },
        Case {
            text: "嗓子痒，咳嗽",
            matched: &["sore_throat"],
            unmatched: &["itching"],
            ..C
        },
        Case {
            text: "耳鸣，听力下降",
            first: Some("ent"),
            ..C
        },
        Case {
            text: "右下腹痛",
            first: Some("general-surgery"),
            ..C
        },
        Case {
            text: "想针灸调理一下腰疼",
            first: Some("tcm"),
            ..C
        },
        Case {
            text: "今天天气不错",
            empty: Some(true),
            ..C
        },
        Case {
            text: "！！！？？？。。。",
            empty: Some(true),
            ..C
        },
    ]
}

fn en_cases() -> Vec<Case> {
    vec![
        Case {
            text: "I've had a headache and feel dizzy",
            first: Some("neurology"),
            ..C
        },
        Case {
            text: "chest pain and sweating",
            flag: Some("heart_attack"),
            ..C
        },
        Case {
            text: "chest pain radiating to my left arm",
            flag: Some("heart_attack"),
            ..C
        },
        Case {
            text: "Crushing chest pain!",
            flag: Some("heart_attack"),
            ..C
        },
        Case {
            text: "my face is drooping and speech is slurred",
            flag: Some("stroke"),
            ..C
        },
        Case {
            text: "sudden worst headache of my life",
            flag: Some("sudden_headache"),
            ..C
        },
        Case {
            text: "I can't breathe",
            flag: Some("breathing"),
            ..C
        },
        Case {
            text: "my lips are turning blue",
            flag: Some("breathing"),
            ..C
        },
        Case {
            text: "I want to kill myself",
            flag: Some("suicide"),
            ..C
        },
        Case {
            text: "I don’t want to live anymore",
            flag: Some("suicide"),
            ..C
        },
        Case {
            text: "he had a seizure",
            flag: Some("consciousness"),
            ..C
        },
        Case {
            text: "my throat is swelling after a bee sting",
            flag: Some("anaphylaxis"),
            ..C
        },
        Case {
            text: "vomiting blood",
            flag: Some("bleeding"),
            ..C
        },
        Case {
            text: "black stools and dizzy",
            flag: Some("bleeding"),
            ..C
        },
        Case {
            text: "I'm pregnant and have severe abdominal pain",
            sex: F,
            flag: Some("pregnancy"),
            ..C
        },
        Case {
            text: "I hit my head and keep vomiting",
            flag: Some("head_injury"),
            ..C
        },
        Case {
            text: "she took too many pills",
            flag: Some("poisoning"),
            ..C
        },
        Case {
            text: "fever and a stiff neck",
            flag: Some("meningitis"),
            ..C
        },
        Case {
            text: "my child has a high fever and a rash",
            age: None,
            flag: Some("child_fever_rash"),
            ..C
        },
        Case {
            text: "cough and fever",
            first: Some("respiratory"),
            absent: &["pediatrics"],
            reasons: &["cough", "fever"],
            ..C
        },
        Case {
            text: "toothache",
            first: Some("stomatology"),
            ..C
        },
        Case {
            text: "blurred vision",
            first: Some("ophthalmology"),
            ..C
        },
        Case {
            text: "rash and itching",
            first: Some("dermatology"),
            ..C
        },
        Case {
            text: "knee pain when I climb stairs",
            first: Some("orthopedics"),
            ..C
        },
        Case {
            text: "burning when peeing",
            sex: M,
            first: Some("urology"),
            ..C
        },
        Case {
            text: "irregular periods",
            sex: F,
            first: Some("gynecology"),
            ..C
        },
        Case {
            text: "irregular periods",
            sex: M,
            absent: &["gynecology"],
            empty: Some(true),
            ..C
        },
        Case {
            text: "prostate problems",
            sex: M,
            first: Some("urology"),
            ..C
        },
        Case {
            text: "prostate problems",
            sex: F,
            absent: &["urology"],
            empty: Some(true),
            ..C
        },
        Case {
            text: "I think I'm pregnant, I missed my period",
            sex: F,
            first: Some("obstetrics"),
            ..C
        },
        Case {
            text: "stomach ache and heartburn",
            first: Some("gastroenterology"),
            ..C
        },
        Case {
            text: "always thirsty and peeing a lot",
            first: Some("endocrinology"),
            ..C
        },
        Case {
            text: "palpitations and chest tightness",
            flag: None,
            first: Some("cardiology"),
            ..C
        },
        Case {
            text: "no fever, just a cough",
            first: Some("respiratory"),
            matched: &["cough"],
            unmatched: &["fever"],
            ..C
        },
        Case {
            text: "I don't have a headache but I feel dizzy",
            first: Some("neurology"),
            matched: &["dizziness"],
            unmatched: &["headache"],
            ..C
        },
        Case {
            text: "no chest pain or sweating, just a cough",
            flag: None,
            first: Some("respiratory"),
            unmatched: &["chest_pain", "sweating"],
            ..C
        },
        Case {
            text: "harmless bump on my skin",
            unmatched: &["arm_pain"],
            ..C
        },
        Case {
            text: "farm work gives me back pain",
            first: Some("orthopedics"),
            unmatched: &["arm_pain"],
            ..C
        },
        Case {
            text: "anxious and can't sleep",
            first: Some("psychiatry"),
            ..C
        },
        Case {
            text: "ringing in my ears",
            first: Some("ent"),
            ..C
        },
        Case {
            text: "my baby has diarrhea",
            age: Some(1),
            first: Some("pediatrics"),
            ..C
        },
        // Children keep ENT, eyes, teeth, skin and bones.
        Case {
            text: "stuffy nose and sneezing",
            age: Some(6),
            first: Some("ent"),
            ..C
        },
        Case {
            text: "hay fever",
            first: Some("ent"),
            unmatched: &["fever"],
            ..C
        },
        Case {
            text: "ＴＯＯＴＨＡＣＨＥ",
            first: Some("stomatology"),
            ..C
        },
        Case {
            text: "asdf qwerty zxcv",
            empty: Some(true),
            ..C
        },
    ]
}

fn run(k: &Knowledge, case: &Case) -> TriageResult {
    k.triage(&TriageRequest {
        text: case.text.into(),
        age: case.age,
        sex: case.sex,
        pregnant: case.pregnant,
        ..TriageRequest::default()
    })
}

/// Every way the answer differs from the row, or nothing.
fn failures(case: &Case, r: &TriageResult) -> Vec<String> {
    let mut out = Vec::new();
    let departments: Vec<&str> = r
        .recommendations
        .iter()
        .map(|x| x.department.as_str())
        .collect();
    match (case.flag, &r.red_flag) {
        (Some(want), Some(flag)) => {
            if flag.id != want || flag.department != "emergency" || !r.recommendations.is_empty() {
                out.push(format!(
                    "wanted red flag {want}, got {flag:?} and {departments:?}"
                ));
            }
        }
        (Some(want), None) => out.push(format!("wanted red flag {want}, got {departments:?}")),
        (None, Some(flag)) => out.push(format!("unexpected red flag {}", flag.id)),
        (None, None) => {}
    }
    if let Some(first) = case.first {
        if departments.first() != Some(&first) {
            out.push(format!("wanted {first} first, got {departments:?}"));
        }
    }
    for absent in case.absent {
        if departments.contains(absent) {
            out.push(format!("{absent} must not be recommended: {departments:?}"));
        }
    }
    let reasons = r.recommendations.first().map(|x| &x.reasons);
    for reason in case.reasons {
        if !reasons.is_some_and(|rs| rs.iter().any(|x| x == reason)) {
            out.push(format!("reason {reason} missing from {reasons:?}"));
        }
    }
    for id in case.matched {
        if !r.matched.iter().any(|m| m == id) {
            out.push(format!("{id} not found in {:?}", r.matched));
        }
    }
    for id in case.unmatched {
        if r.matched.iter().any(|m| m == id) {
            out.push(format!("{id} must not be found: {:?}", r.matched));
        }
    }
    if case
        .empty
        .is_some_and(|e| e != (r.recommendations.is_empty() && r.hint.is_some()))
    {
        out.push(format!("wanted empty = {:?}, got {r:?}", case.empty));
    }
    if !r.recommendations.is_empty() && r.hint.is_some() {
        out.push("a hint next to recommendations".into());
    }
    if r.recommendations.len() > MAX_RECOMMENDATIONS {
        out.push(format!("{} recommendations", r.recommendations.len()));
    }
    out
}

fn check_table(cases: &[Case]) {
    let k = knowledge();
    let mut wrong = Vec::new();
    for case in cases {
        let r = run(&k, case);
        for f in failures(case, &r) {
            wrong.push(format!(
                "{:?} (age {:?}, {:?}): {f}",
                case.text, case.age, case.sex
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn chinese_table() {
    let cases = zh_cases();
    assert!(cases.len() >= 20, "{} Chinese cases", cases.len());
    check_table(&cases);
}

#[test]
fn english_table() {
    let cases = en_cases();
    assert!(cases.len() >= 20, "{} English cases", cases.len());
    check_table(&cases);
}

#[test]
fn every_red_flag_is_reached_by_the_tables() {
    let cases: Vec<Case> = zh_cases().into_iter().chain(en_cases()).collect();
    for flag in &knowledge().red_flags {
        assert!(
            cases.iter().any(|c| c.flag == Some(flag.id.as_str())),
            "no case raises red flag {}",
            flag.id
        );
    }
}

#[test]
fn the_suicide_message_gives_a_crisis_line_and_120() {
    let k = knowledge();
    let r = run(
        &k,
        &Case {
            text: "我想自杀",
            ..C
        },
    );
    let flag = r.red_flag.expect("a red flag");
    for text in [&flag.message.zh, &flag.message.en] {
        assert!(text.contains("400-161-9995"), "{text}");
        assert!(text.contains("120"), "{text}");
    }
    assert!(flag.message.zh.contains("心理援助热线"));
}

#[test]
fn nothing_matched_suggests_general_medicine_or_paediatrics() {
    let k = knowledge();
    let adult = run(
        &k,
        &Case {
            text: "随便看看",
            ..C
        },
    );
    let hint = adult.hint.expect("a hint");
    assert_eq!(hint.department, "general-medicine");
    assert!(hint.message.zh.contains("普通内科"));
    assert!(hint.message.en.contains("help desk"));
    assert!(adult.matched.is_empty());

    let child = run(
        &k,
        &Case {
            text: "随便看看",
            age: Some(4),
            ..C
        },
    );
    assert_eq!(child.hint.expect("a hint").department, "pediatrics");
}

#[test]
fn tapped_symptoms_count_like_typed_ones_with_labels_in_the_patients_language() {
    let k = knowledge();
    let tap = |lang| {
        k.triage(&TriageRequest {
            symptom_ids: vec!["dizziness".into(), "no-such-id".into(), "headache".into()],
            age: Some(40),
            lang,
            ..TriageRequest::default()
        })
    };
    let zh = tap(Lang::ZhCn);
    assert_eq!(zh.recommendations[0].department, "neurology");
    assert_eq!(zh.recommendations[0].reasons, ["头晕", "头痛"]);
    assert_eq!(zh.matched, ["dizziness", "headache"]);
    let en = tap(Lang::En);
    assert_eq!(en.recommendations[0].reasons, ["dizziness", "headache"]);

    // Typed symptoms come first in the reasons, in the patient's words.
    let both = k.triage(&TriageRequest {
        text: "头疼".into(),
        symptom_ids: vec!["dizziness".into()],
        ..TriageRequest::default()
    });
    assert_eq!(both.recommendations[0].reasons, ["头疼", "头晕"]);

    // A tapped red-flag symptom raises the red flag.
    let flag = k.triage(&TriageRequest {
        symptom_ids: vec!["chest_pain".into(), "sweating".into()],
        ..TriageRequest::default()
    });
    assert_eq!(flag.red_flag.expect("a red flag").id, "heart_attack");
}

#[test]
fn every_tappable_symptom_leads_somewhere() {
    let k = knowledge();
    for area in k.body_areas() {
        for choice in area.symptoms {
            let r = k.triage(&TriageRequest {
                symptom_ids: vec![choice.id.clone()],
                age: Some(30),
                ..TriageRequest::default()
            });
            assert!(
                r.red_flag.is_some() || !r.recommendations.is_empty(),
                "tapping {} in {} leads nowhere",
                choice.id,
                area.id
            );
        }
    }
}

#[test]
fn hostile_input_never_panics() {
    let k = knowledge();
    let long_mixed: String = "头痛😷chest ｐａｉｎ،مرحبا\u{0}\u{202E}ä́"
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    let inputs = [
        String::new(),
        " ".repeat(10_000),
        "头痛".repeat(5_000),
        "痒".repeat(10_000),
        "不".repeat(10_000),
        "no ".repeat(5_000),
        ",".repeat(10_000),
        "🤒🤕💊".repeat(3_000),
        "39.5.5.5度".repeat(1_000),
        long_mixed,
        "İ".repeat(10_000), // lowercases to two characters
    ];
    for text in inputs {
        let r = k.triage(&TriageRequest {
            text: text.clone(),
            symptom_ids: vec!["x".repeat(1_000); 10_000],
            age: Some(u8::MAX),
            ..TriageRequest::default()
        });
        assert!(r.recommendations.len() <= MAX_RECOMMENDATIONS);
        assert!(r.red_flag.is_some() || !r.recommendations.is_empty() || r.hint.is_some());
        for id in &r.matched {
            assert!(k.symptoms.iter().any(|s| s.id == *id));
        }
    }
}

#[test]
fn text_past_the_limit_is_not_read() {
    let k = knowledge();
    let text = format!("{}头痛", "啊".repeat(MAX_TEXT_CHARS));
    let r = k.triage(&TriageRequest {
        text,
        ..TriageRequest::default()
    });
    assert!(r.matched.is_empty());
}

#[test]
fn ties_go_to_the_earlier_rule() {
    let k = parse(TINY);
    k.check(&DEPARTMENTS).unwrap();
    let ask = |k: &Knowledge| {
        k.triage(&TriageRequest {
            text: "beta alpha".into(),
            age: Some(30),
            ..TriageRequest::default()
        })
        .recommendations
        .iter()
        .map(|r| r.department.clone())
        .collect::<Vec<_>>()
    };
    assert_eq!(ask(&k), ["neurology", "ent"]);
    let mut swapped = k.clone();
    swapped.rules.reverse();
    assert_eq!(ask(&swapped), ["ent", "neurology"]);
}

#[test]
fn a_phrase_with_a_gap_is_given_in_the_patients_own_words() {
    let r = knowledge().triage(&TriageRequest {
        text: "胸口一阵阵地疼".into(),
        age: Some(40),
        ..TriageRequest::default()
    });
    assert!(r.red_flag.is_none(), "{r:?}");
    assert_eq!(r.recommendations[0].department, "cardiology");
    assert_eq!(r.recommendations[0].reasons, ["胸口一阵阵地疼"]);
}

#[test]
fn the_most_specific_red_flag_wins_then_the_earlier() {
    let k = knowledge();
    let flag = |text: &str| {
        k.triage(&TriageRequest {
            text: text.into(),
            ..TriageRequest::default()
        })
        .red_flag
        .map(|f| f.id)
    };
    // "breathing" comes first in the file, but chest pain with it is a heart attack.
    assert_eq!(flag("short of breath").as_deref(), Some("breathing"));
    assert_eq!(flag("胸口疼，喘不上气").as_deref(), Some("heart_attack"));
    // Equally specific: the earlier one, pregnancy before bleeding.
    assert_eq!(flag("怀孕了，流了很多血").as_deref(), Some("pregnancy"));
    assert_eq!(flag("流了很多血").as_deref(), Some("bleeding"));
}

//! Red flags against the shipped knowledge, from the ways patients describe an emergency:
//! the phrases of issue 9 ("the symptom guide missed a heart attack") and a development
//! list of phrasings to improve the knowledge against.
//!
//! The development list is written for this file and is distinct from the held-out set in
//! `core/tests/data/red_flags_heldout.tsv`, which measures the knowledge and is never
//! tuned against. Add a phrasing here when the knowledge learns a new way of saying
//! something; the held-out figures then say whether the lesson generalised.

use crate::api::triage::{TriageRequest, TriageResult};
use crate::locale::Lang;
use crate::triage::fixtures::knowledge;
use crate::triage::Knowledge;

fn ask(k: &Knowledge, text: &str) -> TriageResult {
    let lang = if text.is_ascii() {
        Lang::En
    } else {
        Lang::ZhCn
    };
    k.triage(&TriageRequest {
        text: text.into(),
        lang,
        ..TriageRequest::default()
    })
}

/// Every phrase whose answer is not the red flag `want` (`None`: no red flag), described.
fn wrong(k: &Knowledge, cases: &[(&str, Option<&str>)]) -> Vec<String> {
    let mut out = Vec::new();
    for &(text, want) in cases {
        let r = ask(k, text);
        let got = r.red_flag.as_ref().map(|f| f.id.as_str());
        if got != want {
            let departments: Vec<&str> = r
                .recommendations
                .iter()
                .map(|x| x.department.as_str())
                .collect();
            out.push(format!(
                "{text:?}: wanted {want:?}, got {got:?} {departments:?}, matched {:?}",
                r.matched
            ));
        }
    }
    out
}

/// The phrases of the issue, each with the red flag it must raise.
const ISSUE: [(&str, &str); 8] = [
    ("胸口压着疼，出冷汗，左胳膊发麻", "heart_attack"),
    ("chest pain and short of breath", "heart_attack"),
    ("胸闷气短", "heart_attack"),
    ("shortness of breath", "breathing"),
    ("breathless", "breathing"),
    ("突然剧烈头痛", "sudden_headache"),
    ("sudden worst headache of my life", "sudden_headache"),
    ("肚子疼，大便发黑", "bleeding"),
];

#[test]
fn the_issue_phrases_raise_their_red_flag_and_it_wins_over_every_department() {
    let k = knowledge();
    let mut without_flags = k.clone();
    without_flags.red_flags.clear();
    for (text, want) in ISSUE {
        let r = ask(&k, text);
        let flag = r
            .red_flag
            .unwrap_or_else(|| panic!("{text:?}: no red flag, {:?}", r.recommendations));
        assert_eq!(flag.id, want, "{text:?}");
        assert_eq!(flag.department, "emergency", "{text:?}");
        assert!(r.recommendations.is_empty(), "{text:?}");
        assert!(r.hint.is_none(), "{text:?}");
        // The symptoms alone point at a department; the red flag still wins.
        let booked = ask(&without_flags, text);
        assert!(
            !booked.recommendations.is_empty(),
            "{text:?}: no department competes with the red flag"
        );
    }
}

/// Emergencies as patients and their families put them, in both languages.
fn emergencies() -> Vec<(&'static str, Option<&'static str>)> {
    let heart = Some("heart_attack");
    let stroke = Some("stroke");
    let breathing = Some("breathing");
    let suicide = Some("suicide");
    let bleeding = Some("bleeding");
    let pregnancy = Some("pregnancy");
    let headache = Some("sudden_headache");
    vec![
        ("胸口像有东西压着，喘气费劲", heart),
        ("心口疼，疼到左边肩膀", heart),
        ("胸口一阵一阵地发紧，后背也疼", heart),
        ("胸部压迫感半小时了，满头大汗", heart),
        ("胸口闷痛，还恶心想吐", heart),
        ("胸口憋闷，头晕眼前发黑", heart),
        ("胸前区疼痛，向左手放射", heart),
        ("胸口疼得受不了", heart),
        ("胸口突然一阵剧痛", heart),
        ("胸口难受，浑身冒冷汗", heart),
        ("胸口像被绳子勒住一样疼", heart),
        (
            "pressure in my chest and pain going down my left arm",
            heart,
        ),
        ("my chest feels tight and I'm clammy", heart),
        ("a heavy feeling in my chest with nausea", heart),
        ("squeezing feeling in my chest for 20 minutes", heart),
        ("chest hurts and the pain goes into my jaw", heart),
        ("discomfort in my chest and I feel faint", heart),
        ("sudden chest pain", heart),
        ("chest pain spreading to my back", heart),
        ("it feels like a weight on my chest", heart),
        ("奶奶嘴巴突然歪了，说话也不清楚", stroke),
        ("爸爸右边身子突然没劲了", stroke),
        ("突然一侧脸发麻", stroke),
        ("突然手拿不住东西，说话不利索", stroke),
        ("老伴突然站不稳，走路往一边倒", stroke),
        ("突然一只眼睛看东西模糊", stroke),
        ("半边身子麻木，嘴角流口水", stroke),
        ("his smile is crooked and one arm is weak", stroke),
        ("sudden weakness in my right arm", stroke),
        ("her words came out jumbled all of a sudden", stroke),
        ("suddenly I can't walk straight", stroke),
        ("numbness down one side of my body", stroke),
        ("my face went numb on the left side", stroke),
        ("呼吸急促，说不出完整的话", breathing),
        ("喘得厉害，晚上躺不下", breathing),
        ("吸不上气来", breathing),
        ("孩子喘气很费力，鼻翼一张一张的", breathing),
        ("憋得透不过气", breathing),
        ("嘴唇发紫，喘不上来", breathing),
        ("I can't get my breath", breathing),
        ("fighting for air", breathing),
        (
            "my son is breathing really fast and the skin between his ribs sucks in",
            breathing,
        ),
        (
            "my reliever inhaler isn't working and I'm wheezing",
            breathing,
        ),
        ("活着没什么意义，想一死了之", suicide),
        ("我想吃安眠药结束自己", suicide),
        ("有时候想从桥上跳下去", suicide),
        ("觉得大家没有我会过得更好", suicide),
        ("控制不住用刀划自己", suicide),
        ("我活够了", suicide),
        ("I want to end it", suicide),
        ("I've been thinking of taking my life", suicide),
        (
            "sometimes I think my family would be better off without me",
            suicide,
        ),
        ("life isn't worth living", suicide),
        ("I've been cutting my arms", suicide),
        ("I have suicidal thoughts", suicide),
        ("吐出来的东西像咖啡渣", bleeding),
        ("大便黑得像沥青", bleeding),
        ("咳了一大口血", bleeding),
        ("手割破了，血止不住", bleeding),
        ("便血很多，头晕", bleeding),
        ("呕了好几口鲜血", bleeding),
        ("black tarry poo", bleeding),
        ("my stools have turned black", bleeding),
        ("coffee ground vomit", bleeding),
        ("bleeding from a deep cut that won't stop", bleeding),
        ("coughed up a mouthful of blood", bleeding),
        ("passing lots of blood from my bottom", bleeding),
        ("怀孕三个月，下面流血", pregnancy),
        ("孕妇肚子疼得厉害", pregnancy),
        ("怀孕期间突然小腹剧痛", pregnancy),
        ("孕晚期头疼，眼前发花", pregnancy),
        ("怀孕了，肚子一阵阵疼", pregnancy),
        ("I'm pregnant and bleeding", pregnancy),
        ("6 weeks pregnant with pain low down on one side", pregnancy),
        (
            "pregnant with a severe headache and seeing flashing lights",
            pregnancy,
        ),
        ("pregnant and heavy bleeding", pregnancy),
        ("头突然像炸开一样疼", headache),
        ("突发头痛，是这辈子最疼的一次", headache),
        ("雷击样头痛", headache),
        ("a thunderclap headache", headache),
        ("sudden, severe headache out of nowhere", headache),
        ("excruciating headache that came on suddenly", headache),
    ]
}

/// Ordinary complaints that must be booked, not sent to the emergency department.
const ORDINARY: [&str; 42] = [
    "偶尔胸口有点闷，休息一下就好",
    "咳嗽有痰",
    "痰里有血丝",
    "头疼两天了",
    "偏头痛又犯了",
    "头痛得厉害",
    "肩膀疼，抬胳膊困难",
    "膝盖扭伤",
    "腰疼",
    "爬楼梯有点喘",
    "月经量多",
    "牙龈出血",
    "流鼻血",
    "胳膊上起疹子",
    "早上起来手指发麻",
    "心情不好，睡不着",
    "压力大，很焦虑",
    "胃疼反酸",
    "痔疮出血",
    "拉肚子",
    "cough with a little phlegm",
    "tension headache after work",
    "sore shoulder when I lift my arm",
    "mild back pain",
    "I get a bit out of breath climbing stairs",
    "tingling in my fingers in the morning",
    "I feel stressed and can't sleep",
    "nosebleed",
    "streaks of blood in my phlegm",
    "heartburn",
    "itchy skin",
    "my knee hurts",
    "period pain",
    "toothache",
    "chest doesn't hurt, just a cough",
    "my chest is not tight, my nose is blocked",
    "胸口不疼，就是咳嗽",
    "不想去上班，压力大",
    "I'm not short of breath, just tired",
    "pregnant and want a scan",
    "爬山的时候有点气短",
    "I get a bit breathless when I run for the bus",
];

#[test]
fn development_emergencies_raise_their_red_flag() {
    let wrong = wrong(&knowledge(), &emergencies());
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn development_ordinary_complaints_raise_none() {
    let cases: Vec<(&str, Option<&str>)> = ORDINARY.iter().map(|t| (*t, None)).collect();
    let wrong = wrong(&knowledge(), &cases);
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

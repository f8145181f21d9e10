//! What the symptom guide's tests share: the shipped knowledge, the demo hospital's
//! departments it is checked against, and a tiny knowledge file small enough to reason
//! about line by line.

use super::{Knowledge, DEFAULT_KNOWLEDGE};

/// The departments of the demo hospital.
pub(super) const DEPARTMENTS: [&str; 19] = [
    "general-medicine",
    "cardiology",
    "respiratory",
    "gastroenterology",
    "neurology",
    "endocrinology",
    "general-surgery",
    "orthopedics",
    "urology",
    "gynecology",
    "obstetrics",
    "pediatrics",
    "ophthalmology",
    "ent",
    "stomatology",
    "dermatology",
    "psychiatry",
    "tcm",
    "emergency",
];

/// The knowledge the crate ships.
pub(super) fn knowledge() -> Knowledge {
    toml::from_str(DEFAULT_KNOWLEDGE).expect("the shipped knowledge parses")
}

/// A knowledge file written for one test.
pub(super) fn parse(text: &str) -> Knowledge {
    toml::from_str(text).expect("the test knowledge parses")
}

/// Two symptoms, two rules, no red flags.
pub(super) const TINY: &str = r#"
version = "t-1"
rules = [
  { department = "neurology", symptoms = ["a"], weight = 10 },
  { department = "ent", symptoms = ["b"], weight = 10 },
]
red_flags = []
[settings]
emergency_department = "emergency"
fallback_department = "general-medicine"
fallback_message = { zh = "请到服务台", en = "Ask at the desk" }
child_below_age = 14
child_department = "pediatrics"
child_instead_of = ["neurology"]
child_fallback_message = { zh = "儿科", en = "Paediatrics" }
child_symptom = "a"
pregnancy_symptom = "b"
[[areas]]
id = "head"
label = { zh = "头", en = "Head" }
[[symptoms]]
id = "a"
areas = ["head"]
zh = ["甲"]
en = ["alpha"]
[[symptoms]]
id = "b"
areas = ["head"]
zh = ["乙"]
en = ["beta"]
"#;

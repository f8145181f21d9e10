//! A demonstration outpatient building, generated deterministically, so the app, the
//! server and the tests have a realistic venue before a hospital uploads its own.
//!
//! Five levels (B1 imaging and parking, 1F entrance hall, 2F–4F clinics) of 160 m × 40 m,
//! each with two east–west corridors (y = 10 and y = 30, nodes every 2 m) joined by three
//! cross corridors (x = 4, 84, 156). Rooms are 8 m slots in four bands: south of the
//! south corridor (`S`), between the corridors facing either one (`MA`, `MB`), and north
//! of the north corridor (`N`); each door is a node 1 m off its corridor.

use super::model::{Anchor, Edge, EdgeKind, Level, Node, Place, PlaceKind, Venue};
use crate::api::LocalText;

/// Department place ids are `dept-` + the booking catalogue's department id.
pub const DEPARTMENT_PREFIX: &str = "dept-";

#[derive(Clone, Copy, PartialEq)]
enum Band {
    S,
    MA,
    MB,
    N,
}

use Band::{MA, MB, N, S};
use PlaceKind as K;

const CROSS_SLOTS: [u32; 3] = [0, 10, 19];

fn text(zh: &str, en: &str) -> LocalText {
    LocalText {
        zh: zh.to_owned(),
        en: en.to_owned(),
    }
}

struct Builder {
    v: Venue,
}

impl Builder {
    fn node(&mut self, id: String, level: &str, x: f64, y: f64) -> String {
        self.v.nodes.push(Node {
            id: id.clone(),
            level: level.to_owned(),
            x,
            y,
        });
        id
    }

    fn edge(&mut self, from: &str, to: &str, kind: EdgeKind, length: Option<f64>) {
        let id = format!("e{}", self.v.edges.len() + 1);
        self.v.edges.push(Edge {
            id,
            from: from.to_owned(),
            to: to.to_owned(),
            length,
            kind,
            staff_only: false,
            closed: false,
        });
    }

    /// A place in a slot, with its door node joined to the corridor.
    fn place(
        &mut self,
        lv: &Lv,
        band: Band,
        slot: u32,
        id: &str,
        kind: PlaceKind,
        name: LocalText,
    ) {
        let x0 = f64::from(slot * 8);
        let x = x0 + 4.0;
        let (y0, y1, door_y, corridor) = match band {
            S => (0.0, 8.0, 9.0, 'a'),
            MA => (12.0, 20.0, 11.0, 'a'),
            MB => (20.0, 28.0, 29.0, 'b'),
            N => (32.0, 40.0, 31.0, 'b'),
        };
        let door = self.node(format!("{id}-door"), lv.id, x, door_y);
        let corridor = format!("{}-{corridor}-{:03}", lv.key, slot * 8 + 4);
        self.edge(&door, &corridor, EdgeKind::Door, None);
        self.v.places.push(Place {
            id: id.to_owned(),
            level: lv.id.to_owned(),
            kind,
            name,
            polygon: vec![[x0, y0], [x0 + 8.0, y0], [x0 + 8.0, y1], [x0, y1]],
            door,
        });
    }
}

struct Lv {
    id: &'static str,
    key: &'static str,
    ordinal: i32,
    zh: &'static str,
}

const LEVELS: [Lv; 5] = [
    Lv {
        id: "B1",
        key: "b1",
        ordinal: -1,
        zh: "地下 1 层",
    },
    Lv {
        id: "1F",
        key: "1f",
        ordinal: 0,
        zh: "1 楼",
    },
    Lv {
        id: "2F",
        key: "2f",
        ordinal: 1,
        zh: "2 楼",
    },
    Lv {
        id: "3F",
        key: "3f",
        ordinal: 2,
        zh: "3 楼",
    },
    Lv {
        id: "4F",
        key: "4f",
        ordinal: 3,
        zh: "4 楼",
    },
];

/// Clinic departments per floor: (catalogue id, zh, en).
const DEPARTMENTS: [&[(&str, &str, &str)]; 3] = [
    &[
        ("general-medicine", "普通内科", "General Medicine"),
        ("pediatrics", "儿科", "Paediatrics"),
        ("general-surgery", "普通外科", "General Surgery"),
        ("orthopedics", "骨科", "Orthopaedics"),
        ("dermatology", "皮肤科", "Dermatology"),
    ],
    &[
        ("cardiology", "心血管内科", "Cardiology"),
        ("respiratory", "呼吸内科", "Respiratory Medicine"),
        ("gastroenterology", "消化内科", "Gastroenterology"),
        ("urology", "泌尿外科", "Urology"),
        ("gynecology", "妇科", "Gynaecology"),
        ("obstetrics", "产科", "Obstetrics"),
    ],
    &[
        ("neurology", "神经内科", "Neurology"),
        ("endocrinology", "内分泌科", "Endocrinology"),
        ("ophthalmology", "眼科", "Ophthalmology"),
        ("ent", "耳鼻咽喉科", "Ear, Nose and Throat"),
        ("stomatology", "口腔科", "Dentistry"),
        ("psychiatry", "精神心理科", "Psychiatry and Psychology"),
        ("tcm", "中医科", "Traditional Chinese Medicine"),
    ],
];

/// The demonstration building: passes [`Venue::validate`], over 150 places and 1 000
/// nodes, the same every time.
pub fn demo_venue() -> Venue {
    let mut b = Builder {
        v: Venue {
            id: "careway-demo-outpatient".to_owned(),
            name: text(
                "康途示范医院门诊楼",
                "Careway Demonstration Hospital, Outpatient Building",
            ),
            levels: Vec::new(),
            places: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            anchors: Vec::new(),
        },
    };
    for lv in &LEVELS {
        b.v.levels.push(Level {
            id: lv.id.to_owned(),
            ordinal: lv.ordinal,
            name: text(lv.zh, lv.id),
            outline: vec![[0.0, 0.0], [160.0, 0.0], [160.0, 40.0], [0.0, 40.0]],
        });
        corridors(&mut b, lv);
        circulation(&mut b, lv);
        toilets(&mut b, lv);
        b.v.anchors.push(Anchor {
            id: format!("qr-{}-east", lv.key),
            node: format!("{}-a-150", lv.key),
            name: text(
                &format!("{}东侧二维码", lv.zh),
                &format!("{} east QR code", lv.id),
            ),
        });
    }
    basement(&mut b, &LEVELS[0]);
    ground(&mut b, &LEVELS[1]);
    for (i, lv) in LEVELS[2..].iter().enumerate() {
        clinics(&mut b, lv, DEPARTMENTS[i]);
    }
    vertical(&mut b);
    b.v.anchors.push(Anchor {
        id: "kiosk-main-entrance".to_owned(),
        node: "1f-a-084".to_owned(),
        name: text("正门大厅自助机", "Main entrance hall kiosk"),
    });
    b.v
}

fn corridors(b: &mut Builder, lv: &Lv) {
    let k = lv.key;
    for (c, y) in [('a', 10.0), ('b', 30.0)] {
        let mut prev: Option<String> = None;
        for x in (4..=156).step_by(2) {
            let id = b.node(format!("{k}-{c}-{x:03}"), lv.id, f64::from(x), y);
            if let Some(p) = prev {
                b.edge(&p, &id, EdgeKind::Walk, None);
            }
            prev = Some(id);
        }
    }
    for slot in CROSS_SLOTS {
        let x = slot * 8 + 4;
        let mut prev = format!("{k}-a-{x:03}");
        for y in (12..=28).step_by(2) {
            let id = b.node(
                format!("{k}-x{x:03}-{y:02}"),
                lv.id,
                f64::from(x),
                f64::from(y),
            );
            b.edge(&prev, &id, EdgeKind::Walk, None);
            prev = id;
        }
        b.edge(&prev, &format!("{k}-b-{x:03}"), EdgeKind::Walk, None);
    }
}

/// Elevators A, B, C and a staff-only service lift; west and east stairwells.
fn circulation(b: &mut Builder, lv: &Lv) {
    let k = lv.key;
    for (slot, letter) in [(1, "a"), (9, "b"), (11, "c")] {
        let up = letter.to_ascii_uppercase();
        let name = text(&format!("{up} 电梯"), &format!("Elevator {up}"));
        b.place(
            lv,
            MA,
            slot,
            &format!("elevator-{letter}-{k}"),
            K::Elevator,
            name,
        );
    }
    b.place(
        lv,
        MA,
        18,
        &format!("elevator-service-{k}"),
        K::Elevator,
        text("污物电梯（员工）", "Service elevator (staff)"),
    );
    b.place(
        lv,
        MB,
        1,
        &format!("stairs-west-{k}"),
        K::Stairs,
        text("西楼梯", "West stairs"),
    );
    b.place(
        lv,
        MB,
        18,
        &format!("stairs-east-{k}"),
        K::Stairs,
        text("东楼梯", "East stairs"),
    );
}

fn toilets(b: &mut Builder, lv: &Lv) {
    let k = lv.key;
    b.place(
        lv,
        S,
        1,
        &format!("toilet-{k}-west"),
        K::Toilet,
        text("卫生间", "Toilets"),
    );
    b.place(
        lv,
        S,
        2,
        &format!("accessible-toilet-{k}"),
        K::AccessibleToilet,
        text("无障碍卫生间", "Accessible toilet"),
    );
    b.place(
        lv,
        S,
        18,
        &format!("toilet-{k}-east"),
        K::Toilet,
        text("卫生间", "Toilets"),
    );
}

/// Lifts and stairs join every pair of adjacent floors; the escalator pair joins 1F
/// and 2F (up at slot MB 9, down at MB 11).
fn vertical(b: &mut Builder) {
    for pair in LEVELS.windows(2) {
        let (lo, hi) = (pair[0].key, pair[1].key);
        for shaft in ["elevator-a", "elevator-b", "elevator-c", "elevator-service"] {
            b.edge(
                &format!("{shaft}-{lo}-door"),
                &format!("{shaft}-{hi}-door"),
                EdgeKind::Elevator,
                Some(10.0),
            );
        }
        let last = b.v.edges.len() - 1;
        b.v.edges[last].staff_only = true;
        for well in ["stairs-west", "stairs-east"] {
            b.edge(
                &format!("{well}-{lo}-door"),
                &format!("{well}-{hi}-door"),
                EdgeKind::Stairs,
                Some(12.0),
            );
        }
    }
    b.edge(
        "escalator-up-1f-door",
        "escalator-up-2f-door",
        EdgeKind::Escalator,
        Some(14.0),
    );
    b.edge(
        "escalator-down-2f-door",
        "escalator-down-1f-door",
        EdgeKind::Escalator,
        Some(14.0),
    );
}

fn basement(b: &mut Builder, lv: &Lv) {
    let places: &[(Band, u32, &str, PlaceKind, &str, &str)] = &[
        (
            S,
            3,
            "dept-radiology",
            K::DepartmentReception,
            "放射科登记台",
            "Radiology reception",
        ),
        (S, 4, "imaging-ct-1", K::Imaging, "CT 1 室", "CT room 1"),
        (S, 5, "imaging-ct-2", K::Imaging, "CT 2 室", "CT room 2"),
        (
            S,
            6,
            "imaging-mri-1",
            K::Imaging,
            "磁共振 1 室",
            "MRI room 1",
        ),
        (
            S,
            7,
            "imaging-mri-2",
            K::Imaging,
            "磁共振 2 室",
            "MRI room 2",
        ),
        (
            S,
            8,
            "imaging-xray-1",
            K::Imaging,
            "X 光 1 室",
            "X-ray room 1",
        ),
        (
            S,
            9,
            "imaging-xray-2",
            K::Imaging,
            "X 光 2 室",
            "X-ray room 2",
        ),
        (
            S,
            11,
            "imaging-xray-3",
            K::Imaging,
            "X 光 3 室",
            "X-ray room 3",
        ),
        (
            S,
            12,
            "imaging-ultrasound-1",
            K::Imaging,
            "超声 1 室",
            "Ultrasound room 1",
        ),
        (
            S,
            13,
            "imaging-ultrasound-2",
            K::Imaging,
            "超声 2 室",
            "Ultrasound room 2",
        ),
        (
            S,
            14,
            "imaging-reports",
            K::Other,
            "影像报告领取",
            "Imaging report collection",
        ),
        (
            S,
            15,
            "imaging-waiting",
            K::Other,
            "影像候诊区",
            "Imaging waiting area",
        ),
        (MA, 5, "b1-changing", K::Other, "更衣室", "Changing rooms"),
        (
            MB,
            10 - 5,
            "b1-security",
            K::Other,
            "保卫处",
            "Security office",
        ),
        (
            N,
            2,
            "parking-payment-b1",
            K::Payment,
            "停车缴费",
            "Parking payment",
        ),
        (
            N,
            10,
            "parking-b1",
            K::Parking,
            "地下停车场",
            "Underground car park",
        ),
    ];
    for &(band, slot, id, kind, zh, en) in places {
        b.place(lv, band, slot, id, kind, text(zh, en));
    }
    if let Some(p) = b.v.places.last_mut() {
        p.polygon = vec![[16.0, 32.0], [144.0, 32.0], [144.0, 40.0], [16.0, 40.0]];
    }
}

fn ground(b: &mut Builder, lv: &Lv) {
    let places: &[(Band, u32, &str, PlaceKind, &str, &str)] = &[
        // The main entrance comes first: validation measures reachability from it.
        (S, 10, "entrance-main", K::Entrance, "正门", "Main entrance"),
        (
            S,
            0,
            "entrance-emergency",
            K::Entrance,
            "急诊入口",
            "Emergency entrance",
        ),
        (
            S,
            3,
            "dept-emergency",
            K::Emergency,
            "急诊科",
            "Emergency department",
        ),
        (
            S,
            4,
            "emergency-resuscitation",
            K::Emergency,
            "抢救室",
            "Resuscitation room",
        ),
        (
            S,
            5,
            "emergency-observation",
            K::Emergency,
            "急诊留观室",
            "Emergency observation",
        ),
        (S, 7, "atm-1f", K::Atm, "自助银行", "ATM"),
        (
            S,
            8,
            "information-1f",
            K::Information,
            "导医台",
            "Information desk",
        ),
        (S, 9, "cafe-1f", K::Cafe, "咖啡厅", "Café"),
        (
            S,
            11,
            "registration-1f",
            K::Registration,
            "挂号处",
            "Registration",
        ),
        (
            S,
            12,
            "registration-kiosks-1f",
            K::Registration,
            "自助挂号机",
            "Self-service kiosks",
        ),
        (
            S,
            13,
            "payment-1f-1",
            K::Payment,
            "1 号收费窗口",
            "Payment window 1",
        ),
        (
            S,
            14,
            "payment-1f-2",
            K::Payment,
            "2 号收费窗口",
            "Payment window 2",
        ),
        (
            S,
            15,
            "payment-1f-3",
            K::Payment,
            "3 号收费窗口",
            "Payment window 3",
        ),
        (S, 16, "pharmacy-1f", K::Pharmacy, "西药房", "Pharmacy"),
        (
            S,
            17,
            "pharmacy-1f-tcm",
            K::Pharmacy,
            "中药房",
            "Chinese medicine pharmacy",
        ),
        (
            MA,
            3,
            "emergency-pharmacy",
            K::Pharmacy,
            "急诊药房",
            "Emergency pharmacy",
        ),
        (
            MA,
            4,
            "emergency-payment",
            K::Payment,
            "急诊收费",
            "Emergency payment",
        ),
        (MA, 5, "infusion-1f", K::Other, "输液室", "Infusion room"),
        (
            MA,
            13,
            "medical-records-1f",
            K::Other,
            "病案复印",
            "Medical records copying",
        ),
        (
            MA,
            14,
            "wheelchairs-1f",
            K::Other,
            "轮椅借用",
            "Wheelchair loan",
        ),
        (N, 5, "social-work-1f", K::Other, "医务社工", "Social work"),
        (
            N,
            10,
            "patient-services-1f",
            K::Information,
            "患者服务中心",
            "Patient service centre",
        ),
    ];
    for &(band, slot, id, kind, zh, en) in places {
        b.place(lv, band, slot, id, kind, text(zh, en));
    }
    b.place(
        lv,
        MB,
        9,
        "escalator-up-1f",
        K::Escalator,
        text("上行扶梯", "Up escalator"),
    );
    b.place(
        lv,
        MB,
        11,
        "escalator-down-1f",
        K::Escalator,
        text("下行扶梯", "Down escalator"),
    );
    // The plaza outside, up a ramp to the main entrance and the emergency entrance.
    let plaza = b.node("1f-plaza".to_owned(), lv.id, 84.0, -6.0);
    b.edge(&plaza, "entrance-main-door", EdgeKind::Ramp, None);
    let ambulance = b.node("1f-ambulance-bay".to_owned(), lv.id, 4.0, -6.0);
    b.edge(&ambulance, "entrance-emergency-door", EdgeKind::Ramp, None);
}

/// A clinic floor: each department's reception then four consulting rooms numbered
/// `<floor>-<nn>`, filling the north band, then the south band; payment and (on 2F)
/// blood draw and laboratories by the central cross corridor.
fn clinics(b: &mut Builder, lv: &Lv, departments: &[(&str, &str, &str)]) {
    let floor = &lv.id[..1];
    let k = lv.key;
    b.place(
        lv,
        S,
        10,
        &format!("payment-{k}"),
        K::Payment,
        text("收费窗口", "Payment"),
    );
    b.place(
        lv,
        S,
        11,
        &format!("pharmacy-{k}"),
        K::Pharmacy,
        text("药房", "Pharmacy"),
    );
    if lv.id == "2F" {
        b.place(
            lv,
            S,
            12,
            "blood-draw",
            K::BloodDraw,
            text("采血室", "Blood draw"),
        );
        b.place(
            lv,
            S,
            13,
            "lab-clinical",
            K::Lab,
            text("检验科", "Clinical laboratory"),
        );
        b.place(
            lv,
            S,
            14,
            "lab-samples",
            K::Lab,
            text("标本送检", "Sample drop-off"),
        );
        b.place(
            lv,
            MB,
            9,
            "escalator-up-2f",
            K::Escalator,
            text("上行扶梯", "Up escalator"),
        );
        b.place(
            lv,
            MB,
            11,
            "escalator-down-2f",
            K::Escalator,
            text("下行扶梯", "Down escalator"),
        );
    }
    let mut slots: Vec<(Band, u32)> = (0..20).map(|s| (N, s)).collect();
    slots.extend([0, 3, 4, 5, 6, 7, 8, 9].map(|s| (S, s)));
    slots.extend([2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17].map(|s| (MA, s)));
    let mut next = slots.into_iter();
    let mut room = 0;
    for &(id, zh, en) in departments {
        if let Some((band, slot)) = next.next() {
            let name = text(&format!("{zh}候诊区"), &format!("{en} reception"));
            b.place(
                lv,
                band,
                slot,
                &format!("{DEPARTMENT_PREFIX}{id}"),
                K::DepartmentReception,
                name,
            );
        }
        for _ in 0..4 {
            let Some((band, slot)) = next.next() else {
                break;
            };
            room += 1;
            let n = format!("{floor}-{room:02}");
            b.place(
                lv,
                band,
                slot,
                &format!("room-{n}"),
                K::Clinic,
                text(&format!("{n} 诊室"), &format!("Room {n}")),
            );
        }
    }
}

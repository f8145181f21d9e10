//! The demo family's year of reports, so "Reports" opens on a living record: 李华 (a man
//! with type 2 diabetes) has a blood count, liver, kidney and lipid panels, HbA1c every
//! three months falling as his treatment works, a chest CT and an abdominal ultrasound;
//! his mother 王秀英 a blood count judged against women's ranges. The newest blood count
//! arrives as the server starts, with a notice in the inbox (no text message: starting a
//! server texts nobody), and is "new" until opened.
//!
//! Stored through the same store as the hospital's FHIR documents, once, on a database
//! with no reports.

use careway_core::identity::Sex;
use careway_core::reports::{
    AgeBand, Observation, ObservedValue, RangeKind, ReferenceRange, Report, ReportKind,
    ReportStatus,
};
use jiff::{Timestamp, ToSpan};

use crate::store::reports as store;
use crate::AppState;

/// The demo patient's resident ID number (see [`super::seed`]).
const LI_HUA: &str = "110101198503151235";
/// His mother's.
const WANG_XIUYING: &str = "110101195001010025";

/// A normal range for both sexes and all ages.
fn range(low: Option<f64>, high: Option<f64>) -> ReferenceRange {
    ReferenceRange {
        low,
        high,
        ..ReferenceRange::default()
    }
}

/// Adult ranges by sex, as Chinese labs print them (WS/T 405-2012).
fn by_sex(male: (f64, f64), female: (f64, f64)) -> Vec<ReferenceRange> {
    let adult = Some(AgeBand {
        low: Some(18.0),
        high: None,
    });
    vec![
        ReferenceRange {
            sex: Some(Sex::Male),
            age: adult,
            ..range(Some(male.0), Some(male.1))
        },
        ReferenceRange {
            sex: Some(Sex::Female),
            age: adult,
            ..range(Some(female.0), Some(female.1))
        },
    ]
}

fn value(name: &str, code: &str, v: f64, unit: &str, ranges: Vec<ReferenceRange>) -> Observation {
    Observation {
        name: name.to_owned(),
        code: Some(code.to_owned()),
        value: Some(ObservedValue::Quantity {
            value: v,
            unit: Some(unit.to_owned()),
            comparator: None,
        }),
        interpretation: None,
        ranges,
        depth: 0,
        note: None,
    }
}

fn lab(title: &str, code: &str, observations: Vec<Observation>) -> Report {
    Report {
        kind: ReportKind::Lab,
        status: ReportStatus::Final,
        title: title.to_owned(),
        code: Some(code.to_owned()),
        effective: None,
        issued: None,
        performer: Some("检验科 Clinical Laboratory".to_owned()),
        observations,
        findings: None,
        conclusion: None,
        conclusion_codes: Vec::new(),
    }
}

/// A complete blood count.
fn blood_count(wbc: f64, rbc: f64, hb: f64, plt: f64, neut: f64) -> Report {
    let mut critical_plt = range(Some(30.0), Some(1000.0));
    critical_plt.kind = RangeKind::Critical;
    lab(
        "血常规 Complete blood count",
        "58410-2",
        vec![
            value(
                "白细胞 WBC",
                "6690-2",
                wbc,
                "×10⁹/L",
                vec![range(Some(3.5), Some(9.5))],
            ),
            value(
                "红细胞 RBC",
                "789-8",
                rbc,
                "×10¹²/L",
                by_sex((4.3, 5.8), (3.8, 5.1)),
            ),
            value(
                "血红蛋白 Haemoglobin",
                "718-7",
                hb,
                "g/L",
                by_sex((130.0, 175.0), (115.0, 150.0)),
            ),
            value(
                "血小板 Platelets",
                "777-3",
                plt,
                "×10⁹/L",
                vec![range(Some(125.0), Some(350.0)), critical_plt],
            ),
            value(
                "中性粒细胞百分比 Neutrophils",
                "770-8",
                neut,
                "%",
                vec![range(Some(40.0), Some(75.0))],
            ),
        ],
    )
}

fn hba1c(v: f64) -> Report {
    let mut report = lab(
        "糖化血红蛋白 HbA1c",
        "4548-4",
        vec![value(
            "糖化血红蛋白 HbA1c",
            "4548-4",
            v,
            "%",
            vec![range(Some(4.0), Some(6.0))],
        )],
    );
    report.observations[0].note = Some("糖尿病控制目标 <7.0% · Diabetes target below 7.0%".into());
    report
}

fn liver() -> Report {
    lab(
        "肝功能 Liver panel",
        "24325-3",
        vec![
            value(
                "丙氨酸氨基转移酶 ALT",
                "1742-6",
                58.0,
                "U/L",
                by_sex((9.0, 50.0), (7.0, 40.0)),
            ),
            value(
                "天门冬氨酸氨基转移酶 AST",
                "1920-8",
                36.0,
                "U/L",
                by_sex((15.0, 40.0), (13.0, 35.0)),
            ),
            value(
                "总胆红素 Total bilirubin",
                "1975-2",
                14.2,
                "μmol/L",
                vec![range(Some(0.0), Some(23.0))],
            ),
            value(
                "白蛋白 Albumin",
                "1751-7",
                44.1,
                "g/L",
                vec![range(Some(40.0), Some(55.0))],
            ),
        ],
    )
}

fn kidney() -> Report {
    lab(
        "肾功能 Kidney panel",
        "24362-6",
        vec![
            value(
                "肌酐 Creatinine",
                "2160-0",
                86.0,
                "μmol/L",
                by_sex((57.0, 111.0), (41.0, 81.0)),
            ),
            value(
                "尿素 Urea",
                "3094-0",
                5.6,
                "mmol/L",
                vec![range(Some(3.1), Some(8.0))],
            ),
            value(
                "尿酸 Uric acid",
                "3084-1",
                452.0,
                "μmol/L",
                by_sex((208.0, 428.0), (155.0, 357.0)),
            ),
            value(
                "空腹血糖 Fasting glucose",
                "1558-6",
                7.4,
                "mmol/L",
                vec![range(Some(3.9), Some(6.1))],
            ),
        ],
    )
}

fn lipids() -> Report {
    lab(
        "血脂 Lipid panel",
        "57698-3",
        vec![
            value(
                "总胆固醇 Total cholesterol",
                "2093-3",
                5.6,
                "mmol/L",
                vec![range(None, Some(5.2))],
            ),
            value(
                "甘油三酯 Triglycerides",
                "2571-8",
                2.3,
                "mmol/L",
                vec![range(None, Some(1.7))],
            ),
            value(
                "高密度脂蛋白 HDL",
                "2085-9",
                1.1,
                "mmol/L",
                vec![range(Some(1.0), None)],
            ),
            value(
                "低密度脂蛋白 LDL",
                "13457-7",
                3.5,
                "mmol/L",
                vec![range(None, Some(3.4))],
            ),
        ],
    )
}

fn imaging(title: &str, code: &str, findings: &str, conclusion: &str) -> Report {
    Report {
        kind: ReportKind::Imaging,
        status: ReportStatus::Final,
        title: title.to_owned(),
        code: Some(code.to_owned()),
        effective: None,
        issued: None,
        performer: Some("放射科 Radiology".to_owned()),
        observations: Vec::new(),
        findings: Some(findings.to_owned()),
        conclusion: Some(conclusion.to_owned()),
        conclusion_codes: Vec::new(),
    }
}

/// Seeds the demo family's reports, once.
pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM reports")
        .fetch_one(state.db.read())
        .await?;
    if count > 0 {
        return Ok(());
    }
    let now = state.clock.now();
    let day = |days_ago: i64| -> anyhow::Result<Timestamp> {
        Ok(now.checked_sub((days_ago * 24).hours())?)
    };
    let ct = imaging(
        "胸部CT平扫 Chest CT",
        "24627-2",
        "双肺纹理清晰，右肺上叶见一直径约4mm实性小结节，边界清楚。纵隔未见肿大淋巴结，心影不大，双侧胸腔未见积液。\n\n\
         Lung markings are clear. A 4 mm solid nodule with smooth margins in the right upper lobe. \
         No enlarged mediastinal lymph nodes; heart size normal; no pleural effusion.",
        "右肺上叶小结节（4mm），考虑良性可能大，建议12个月后复查CT。\n\
         Small nodule (4 mm) in the right upper lobe, probably benign; follow-up CT in 12 months.",
    );
    let ultrasound = imaging(
        "腹部超声 Abdominal ultrasound",
        "24558-9",
        "肝脏大小正常，实质回声细密增强，后方回声轻度衰减，血管纹理显示欠清。胆囊、胰腺、脾脏、双肾未见明显异常。\n\n\
         Liver of normal size with a bright, finely textured echo and mild posterior attenuation; \
         vessels less distinct. Gallbladder, pancreas, spleen and both kidneys unremarkable.",
        "轻度脂肪肝。\nMild fatty liver.",
    );
    // (days ago, person, report)
    let reports: Vec<(i64, &str, Report)> = vec![
        (360, LI_HUA, hba1c(8.1)),
        (360, LI_HUA, blood_count(6.2, 5.0, 148.0, 232.0, 58.0)),
        (358, LI_HUA, lipids()),
        (300, LI_HUA, ct),
        (270, LI_HUA, hba1c(7.6)),
        (180, LI_HUA, hba1c(7.2)),
        (180, LI_HUA, liver()),
        (180, LI_HUA, kidney()),
        (178, LI_HUA, blood_count(7.1, 4.9, 141.0, 219.0, 61.0)),
        (120, LI_HUA, ultrasound),
        (90, LI_HUA, hba1c(6.9)),
        (30, WANG_XIUYING, blood_count(5.1, 4.0, 121.0, 188.0, 55.0)),
        (2, LI_HUA, hba1c(6.6)),
        (0, LI_HUA, blood_count(10.8, 4.6, 126.0, 402.0, 79.0)),
    ];
    let mut tx = state.db.write().begin().await?;
    let mut newest = None;
    for (i, (days_ago, person, mut report)) in reports.into_iter().enumerate() {
        let taken = day(days_ago)?;
        let issued = taken.checked_add(5.hours())?.min(now);
        let zone = &state.time_zone;
        report.effective = Some(
            taken
                .to_zoned(zone.clone())
                .strftime("%Y-%m-%dT08:%M:00%:z")
                .to_string(),
        );
        report.issued = Some(
            issued
                .to_zoned(zone.clone())
                .strftime("%Y-%m-%dT%H:%M:00%:z")
                .to_string(),
        );
        let source_id = format!("demo-report-{i:02}");
        let (id, _, _) = store::store(&mut tx, &source_id, person, &report, issued).await?;
        if days_ago == 0 {
            newest = Some((id, report));
        }
    }
    if let Some((id, report)) = newest {
        use crate::http::reports::{tell_patients, Texts};
        tell_patients(state, &mut tx, &id, LI_HUA, &report, Texts::Skip, now)
            .await
            .map_err(|e| anyhow::anyhow!("cannot tell the demo family: {e}"))?;
    }
    tx.commit().await?;
    Ok(())
}

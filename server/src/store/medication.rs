//! Medication plans in the database, and the reminders they send: each due dose becomes an
//! inbox message for the plan's account, once (the dose's row is the proof it was sent).

use careway_core::api::medication::MedicationPlan;
use careway_core::api::LocalText;
use careway_core::medication::{hhmm, Schedule};
use jiff::civil::Date;
use jiff::Timestamp;

use super::inbox::{self, InboxMessage};
use super::{events, Db};

/// A checked plan to store.
#[derive(Debug)]
pub struct NewPlan<'a> {
    /// The patient.
    pub patient_id: &'a str,
    /// The drug.
    pub drug: LocalText,
    /// How much at a time.
    pub dose: LocalText,
    /// Its times and length.
    pub schedule: Schedule,
    /// The first day.
    pub start: Date,
}

/// Stores a plan for the patient's account; `None` when there is no such patient (or the
/// family removed them).
pub async fn create(
    db: &Db,
    plan: NewPlan<'_>,
    now: Timestamp,
) -> sqlx::Result<Option<MedicationPlan>> {
    let mut tx = db.write().begin().await?;
    let account: Option<String> =
        sqlx::query_scalar("SELECT account_id FROM patients WHERE id = ? AND deleted_at IS NULL")
            .bind(plan.patient_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(account) = account else {
        return Ok(None);
    };
    let end = plan
        .start
        .checked_add(jiff::Span::new().days(i64::from(plan.schedule.days) - 1))
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let id = uuid::Uuid::now_v7().to_string();
    let times = serde_json::to_string(&plan.schedule.times)
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO medication_plans (id, account_id, patient_id, drug_zh, drug_en, dose_zh,
             dose_en, times, start_date, days, end_date, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&account)
    .bind(plan.patient_id)
    .bind(&plan.drug.zh)
    .bind(&plan.drug.en)
    .bind(&plan.dose.zh)
    .bind(&plan.dose.en)
    .bind(&times)
    .bind(plan.start.to_string())
    .bind(i64::from(plan.schedule.days))
    .bind(end.to_string())
    .bind(now.as_millisecond())
    .execute(&mut *tx)
    .await?;
    events::append(
        &mut tx,
        "medication.planned",
        &id,
        Some(&account),
        serde_json::json!({ "patient": plan.patient_id, "days": plan.schedule.days }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(MedicationPlan {
        id,
        patient_id: plan.patient_id.to_owned(),
        drug: plan.drug,
        dose: plan.dose,
        times: plan.schedule.times.iter().map(|&m| hhmm(m)).collect(),
        start_date: plan.start.to_string(),
        end_date: end.to_string(),
    }))
}

/// Sends a reminder for every dose due after `after` and up to `upto` (the hospital's
/// local times), that was not sent before: none for a member the family has since removed.
/// Returns how many were sent.
pub async fn remind(
    db: &Db,
    after: jiff::civil::DateTime,
    upto: jiff::civil::DateTime,
    now: Timestamp,
) -> sqlx::Result<usize> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i64,
    );
    let plans: Vec<Row> = sqlx::query_as(
        "SELECT m.id, m.account_id, m.patient_id, m.drug_zh, m.drug_en, m.dose_zh, m.dose_en,
                m.times, m.start_date, m.days
         FROM medication_plans m
         JOIN patients p ON p.id = m.patient_id AND p.account_id = m.account_id
                        AND p.deleted_at IS NULL
         WHERE m.end_date >= ? AND m.start_date <= ?",
    )
    .bind(after.date().to_string())
    .bind(upto.date().to_string())
    .fetch_all(db.read())
    .await?;
    let mut sent = 0;
    for (id, account, patient, drug_zh, drug_en, dose_zh, dose_en, times, start, days) in plans {
        let (Ok(start), Ok(times)) = (
            start.parse::<Date>(),
            serde_json::from_str::<Vec<u32>>(&times),
        ) else {
            tracing::error!(plan = %id, "a stored medication plan cannot be read");
            continue;
        };
        let schedule = Schedule {
            times,
            days: u32::try_from(days).unwrap_or(0),
        };
        let moment = |at: jiff::civil::DateTime| {
            let day = (at.date() - start).get_days();
            (i64::from(day), (at.hour() as u32) * 60 + at.minute() as u32)
        };
        for (day, minute) in schedule.due(moment(after), moment(upto)) {
            let date = start
                .checked_add(jiff::Span::new().days(day))
                .map_err(|e| sqlx::Error::Encode(Box::new(e)))?
                .to_string();
            let mut tx = db.write().begin().await?;
            let new = sqlx::query(
                "INSERT INTO medication_doses (plan_id, date, minute, sent_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT DO NOTHING",
            )
            .bind(&id)
            .bind(&date)
            .bind(i64::from(minute))
            .bind(now.as_millisecond())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if new {
                let time = hhmm(minute);
                let drug_en = if drug_en.is_empty() {
                    &drug_zh
                } else {
                    &drug_en
                };
                let dose_en = if dose_en.is_empty() {
                    &dose_zh
                } else {
                    &dose_en
                };
                let body_zh = format!("{time} 请服用{drug_zh}：{dose_zh}。");
                let body_en = format!("{time}: take {drug_en}, {dose_en}.");
                inbox::add(
                    &mut tx,
                    InboxMessage {
                        account_id: &account,
                        patient_id: Some(&patient),
                        kind: "reminder",
                        title: ("服药提醒", "Time for your medicine"),
                        body: (&body_zh, &body_en),
                        link: None,
                    },
                    now,
                )
                .await?;
                sent += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(sent)
}

//! The hospital's departments and doctors: written from the content files at every start,
//! and read back for the department list, the schedules, the symptom guide and every
//! appointment through the same columns and the same decoders, so every page shows the
//! same department. Departments and doctors dropped from the files are retired, not
//! deleted: appointments still name them.

use careway_core::api::booking::{Department, Doctor, DoctorTitle};
use careway_core::api::LocalText;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::{corrupt, Db};
use crate::content::Content;

/// Writes the content's departments and doctors in one transaction; those no longer
/// listed are retired.
pub async fn sync(db: &Db, content: &Content) -> sqlx::Result<()> {
    let mut tx = db.write().begin().await?;
    sqlx::query("UPDATE departments SET active = 0")
        .execute(&mut *tx)
        .await?;
    for (order, d) in content.departments.iter().enumerate() {
        let instructions =
            serde_json::to_string(&d.instructions).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query(
            "INSERT INTO departments (id, name_zh, name_en, description_zh, description_en,
                                      location, location_label_zh, location_label_en, pinyin,
                                      bookable, instructions, sort_order, active)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
             ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh,
               name_en = excluded.name_en, description_zh = excluded.description_zh,
               description_en = excluded.description_en, location = excluded.location,
               location_label_zh = excluded.location_label_zh,
               location_label_en = excluded.location_label_en, pinyin = excluded.pinyin,
               bookable = excluded.bookable, instructions = excluded.instructions,
               sort_order = excluded.sort_order, active = 1",
        )
        .bind(&d.id)
        .bind(&d.name.zh)
        .bind(&d.name.en)
        .bind(&d.description.zh)
        .bind(&d.description.en)
        .bind(&d.location)
        .bind(&d.location_label.zh)
        .bind(&d.location_label.en)
        .bind(&d.pinyin)
        .bind(d.bookable)
        .bind(instructions)
        .bind(order as i64)
        .execute(&mut *tx)
        .await?;
    }

    sqlx::query("UPDATE doctors SET active = 0")
        .execute(&mut *tx)
        .await?;
    for (order, entry) in content.doctors.iter().enumerate() {
        let d = &entry.doctor;
        sqlx::query(
            "INSERT INTO doctors (id, department_id, name_zh, name_en, title, specialties_zh,
                                  specialties_en, bio_zh, bio_en, sort_order, active)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
             ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id,
               name_zh = excluded.name_zh, name_en = excluded.name_en, title = excluded.title,
               specialties_zh = excluded.specialties_zh, specialties_en = excluded.specialties_en,
               bio_zh = excluded.bio_zh, bio_en = excluded.bio_en,
               sort_order = excluded.sort_order, active = 1",
        )
        .bind(&d.id)
        .bind(&d.department)
        .bind(&d.name.zh)
        .bind(&d.name.en)
        .bind(d.title.as_str())
        .bind(&d.specialties.zh)
        .bind(&d.specialties.en)
        .bind(&d.bio.zh)
        .bind(&d.bio.en)
        .bind(order as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The columns [`department_from`] reads, from `departments` aliased `dep`.
pub(super) const DEPARTMENT_COLUMNS: &str = "dep.id AS dep_id, dep.name_zh AS dep_name_zh, \
     dep.name_en AS dep_name_en, dep.description_zh AS dep_description_zh, \
     dep.description_en AS dep_description_en, dep.location AS dep_location, \
     dep.location_label_zh AS dep_location_label_zh, \
     dep.location_label_en AS dep_location_label_en, dep.pinyin AS dep_pinyin, \
     dep.bookable AS dep_bookable, dep.instructions AS dep_instructions";

/// A department from a row with [`DEPARTMENT_COLUMNS`], with its own instructions only.
pub(super) fn department_from(row: &SqliteRow) -> sqlx::Result<Department> {
    let text = |zh: &str, en: &str| -> sqlx::Result<LocalText> {
        Ok(LocalText {
            zh: row.try_get(zh)?,
            en: row.try_get(en)?,
        })
    };
    let instructions: String = row.try_get("dep_instructions")?;
    Ok(Department {
        id: row.try_get("dep_id")?,
        name: text("dep_name_zh", "dep_name_en")?,
        description: text("dep_description_zh", "dep_description_en")?,
        location: row.try_get("dep_location")?,
        location_label: text("dep_location_label_zh", "dep_location_label_en")?,
        pinyin: row.try_get("dep_pinyin")?,
        bookable: row.try_get("dep_bookable")?,
        instructions: serde_json::from_str(&instructions)
            .map_err(|_| corrupt("department instructions", &instructions))?,
    })
}

/// The columns [`doctor_from`] reads, from `doctors` aliased `doc`.
pub(super) const DOCTOR_COLUMNS: &str =
    "doc.id AS doc_id, doc.department_id AS doc_department_id, \
     doc.name_zh AS doc_name_zh, doc.name_en AS doc_name_en, doc.title AS doc_title, \
     doc.specialties_zh AS doc_specialties_zh, doc.specialties_en AS doc_specialties_en, \
     doc.bio_zh AS doc_bio_zh, doc.bio_en AS doc_bio_en";

/// A doctor from a row with [`DOCTOR_COLUMNS`].
pub(super) fn doctor_from(row: &SqliteRow) -> sqlx::Result<Doctor> {
    let text = |zh: &str, en: &str| -> sqlx::Result<LocalText> {
        Ok(LocalText {
            zh: row.try_get(zh)?,
            en: row.try_get(en)?,
        })
    };
    let title: String = row.try_get("doc_title")?;
    Ok(Doctor {
        id: row.try_get("doc_id")?,
        department: row.try_get("doc_department_id")?,
        name: text("doc_name_zh", "doc_name_en")?,
        title: DoctorTitle::parse(&title).ok_or_else(|| corrupt("doctor title", &title))?,
        specialties: text("doc_specialties_zh", "doc_specialties_en")?,
        bio: text("doc_bio_zh", "doc_bio_en")?,
    })
}

/// Every active department in display order.
pub async fn departments(db: &Db) -> sqlx::Result<Vec<Department>> {
    sqlx::query(&format!(
        "SELECT {DEPARTMENT_COLUMNS} FROM departments dep WHERE dep.active = 1
         ORDER BY dep.sort_order"
    ))
    .fetch_all(db.read())
    .await?
    .iter()
    .map(department_from)
    .collect()
}

/// One active department.
pub async fn department(db: &Db, id: &str) -> sqlx::Result<Option<Department>> {
    sqlx::query(&format!(
        "SELECT {DEPARTMENT_COLUMNS} FROM departments dep WHERE dep.id = ? AND dep.active = 1"
    ))
    .bind(id)
    .fetch_optional(db.read())
    .await?
    .as_ref()
    .map(department_from)
    .transpose()
}

/// The active doctors of a department, in display order.
pub async fn doctors_of(db: &Db, department_id: &str) -> sqlx::Result<Vec<Doctor>> {
    sqlx::query(&format!(
        "SELECT {DOCTOR_COLUMNS} FROM doctors doc WHERE doc.department_id = ? AND doc.active = 1
         ORDER BY doc.sort_order"
    ))
    .bind(department_id)
    .fetch_all(db.read())
    .await?
    .iter()
    .map(doctor_from)
    .collect()
}

/// One active doctor.
pub async fn doctor(db: &Db, id: &str) -> sqlx::Result<Option<Doctor>> {
    sqlx::query(&format!(
        "SELECT {DOCTOR_COLUMNS} FROM doctors doc WHERE doc.id = ? AND doc.active = 1"
    ))
    .bind(id)
    .fetch_optional(db.read())
    .await?
    .as_ref()
    .map(doctor_from)
    .transpose()
}

//! Queries on the hospital and its departments.

use careway_core::api::{Hospital, LocalText};
use sqlx::Row;

use super::Db;
use crate::content::Content;

/// Writes the content files' hospital and departments into the database in one
/// transaction; departments no longer in the files are retired, not deleted.
pub async fn sync(db: &Db, content: &Content) -> sqlx::Result<()> {
    let mut tx = db.write().begin().await?;
    let h = &content.hospital;
    let short = h.short_name.as_ref().unwrap_or(&h.name);
    sqlx::query(
        "INSERT INTO hospital (id, name_zh, name_en, short_name_zh, short_name_en,
                               address_zh, address_en, phone, emergency_phone)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
           short_name_zh = excluded.short_name_zh, short_name_en = excluded.short_name_en,
           address_zh = excluded.address_zh, address_en = excluded.address_en,
           phone = excluded.phone, emergency_phone = excluded.emergency_phone",
    )
    .bind(&h.name.zh)
    .bind(&h.name.en)
    .bind(&short.zh)
    .bind(&short.en)
    .bind(&h.address.zh)
    .bind(&h.address.en)
    .bind(&h.phone)
    .bind(&h.emergency_phone)
    .execute(&mut *tx)
    .await?;

    sqlx::query("UPDATE departments SET active = 0")
        .execute(&mut *tx)
        .await?;
    for (order, d) in content.departments.iter().enumerate() {
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
        .bind(serde_json::to_string(&d.instructions).unwrap_or_else(|_| "[]".into()))
        .bind(order as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The hospital's identity, or `None` before the first sync.
pub async fn hospital(db: &Db) -> sqlx::Result<Option<Hospital>> {
    let row = sqlx::query(
        "SELECT name_zh, name_en, short_name_zh, short_name_en, address_zh, address_en,
                phone, emergency_phone
         FROM hospital WHERE id = 1",
    )
    .fetch_optional(db.read())
    .await?;
    Ok(row.map(|r| Hospital {
        name: LocalText {
            zh: r.get(0),
            en: r.get(1),
        },
        short_name: LocalText {
            zh: r.get(2),
            en: r.get(3),
        },
        address: LocalText {
            zh: r.get(4),
            en: r.get(5),
        },
        phone: r.get(6),
        emergency_phone: r.get(7),
    }))
}

/// How many departments currently receive patients.
pub async fn active_department_count(db: &Db) -> sqlx::Result<u32> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM departments WHERE active = 1")
        .fetch_one(db.read())
        .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

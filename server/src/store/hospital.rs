//! Queries on the hospital itself: its name, address and phone numbers (its departments
//! are in [`super::catalogue`]).

use careway_core::api::{Hospital, LocalText};
use sqlx::Row;

use super::Db;
use crate::content::Content;

/// Writes the content files' hospital into the database.
pub async fn sync(db: &Db, content: &Content) -> sqlx::Result<()> {
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
    .execute(db.write())
    .await?;
    Ok(())
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

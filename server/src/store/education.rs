//! Health education in the database: which articles exist and after which departments'
//! visits each is sent (written from the content files at every start), and sending them
//! to the patient's inbox in the transaction that completes a visit, each article once per
//! family member.

use jiff::Timestamp;
use sqlx::{Sqlite, Transaction};

use super::inbox::{self, InboxMessage};
use super::Db;
use crate::content::education::Education;

/// Replaces the stored articles with the content's, in one transaction.
pub async fn sync(db: &Db, education: &Education) -> sqlx::Result<()> {
    let mut tx = db.write().begin().await?;
    sqlx::query("DELETE FROM education_departments")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM education_articles")
        .execute(&mut *tx)
        .await?;
    for (order, loaded) in education.articles.iter().enumerate() {
        let a = &loaded.article;
        sqlx::query(
            "INSERT INTO education_articles (id, title_zh, title_en, summary_zh, summary_en,
                                             sort_order)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&a.id)
        .bind(&a.title.zh)
        .bind(&a.title.en)
        .bind(&a.summary.zh)
        .bind(&a.summary.en)
        .bind(order as i64)
        .execute(&mut *tx)
        .await?;
        for department in &loaded.departments {
            sqlx::query(
                "INSERT INTO education_departments (department_id, article_id) VALUES (?, ?)",
            )
            .bind(department)
            .bind(&a.id)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await
}

/// Where an article is read in the app: the inbox message's link.
pub fn link(article_id: &str) -> String {
    format!("/articles/{article_id}")
}

/// Sends the articles of the completed appointment's department to its account's inbox,
/// within `tx`: those this family member was not already sent. Nothing for a visit
/// without an account (a window booking). Returns how many were sent.
pub async fn send_after_visit(
    tx: &mut Transaction<'_, Sqlite>,
    appointment_id: &str,
    now: Timestamp,
) -> sqlx::Result<usize> {
    let visit: Option<(String, String, String)> = sqlx::query_as(
        "SELECT account_id, patient_id, department_id FROM appointments
         WHERE id = ? AND account_id IS NOT NULL AND patient_id IS NOT NULL",
    )
    .bind(appointment_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((account, patient, department)) = visit else {
        return Ok(0);
    };
    let articles: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT a.id, a.title_zh, a.title_en, a.summary_zh, a.summary_en
         FROM education_articles a
         JOIN education_departments d ON d.article_id = a.id
         WHERE d.department_id = ?
           AND NOT EXISTS (SELECT 1 FROM inbox i
                           WHERE i.account_id = ? AND i.patient_id = ? AND i.kind = 'education'
                             AND i.link = '/articles/' || a.id)
         ORDER BY a.sort_order",
    )
    .bind(&department)
    .bind(&account)
    .bind(&patient)
    .fetch_all(&mut **tx)
    .await?;
    for (id, title_zh, title_en, summary_zh, summary_en) in &articles {
        inbox::add(
            tx,
            InboxMessage {
                account_id: &account,
                patient_id: Some(&patient),
                kind: "education",
                title: (title_zh, title_en),
                body: (summary_zh, summary_en),
                link: Some(&link(id)),
            },
            now,
        )
        .await?;
    }
    Ok(articles.len())
}

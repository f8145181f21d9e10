//! Family members ("就诊人") of an account.
//!
//! Every query takes the account id and filters by it: a member of another account is
//! simply not found, the same as one that never existed.

use careway_core::api::account::CheckedPatient;
use jiff::Timestamp;
use sqlx::FromRow;

use super::Db;

/// A stored family member.
#[derive(Clone, Debug, FromRow)]
pub struct PatientRow {
    /// Random id.
    pub id: String,
    /// The owning account.
    pub account_id: String,
    /// Full name.
    pub name: String,
    /// `male` or `female`.
    pub sex: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// The full resident ID number (never sent to clients).
    pub id_number: String,
    /// The member's mobile number.
    pub phone: String,
    /// `self`, `child`, …
    pub relation: String,
    /// The medical-card number, if any.
    pub medical_card: Option<String>,
    /// Chosen by default when booking.
    pub is_default: bool,
}

const COLUMNS: &str =
    "id, account_id, name, sex, birth_date, id_number, phone, relation, medical_card, is_default";

/// The account's members, default first, then in the order they were added.
pub async fn list(db: &Db, account_id: &str) -> sqlx::Result<Vec<PatientRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM patients WHERE account_id = ? AND deleted_at IS NULL
         ORDER BY is_default DESC, created_at, id"
    ))
    .bind(account_id)
    .fetch_all(db.read())
    .await
}

/// One member of the account.
pub async fn get(db: &Db, account_id: &str, id: &str) -> sqlx::Result<Option<PatientRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM patients WHERE id = ? AND account_id = ? AND deleted_at IS NULL"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(db.read())
    .await
}

/// Whether a live member with this id exists in some other account: a sign of someone
/// probing ids, for the audit log.
pub async fn exists_elsewhere(db: &Db, account_id: &str, id: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM patients WHERE id = ? AND account_id <> ? AND deleted_at IS NULL)",
    )
    .bind(id)
    .bind(account_id)
    .fetch_one(db.read())
    .await
}

/// Why adding or changing a member was refused.
#[derive(Debug)]
pub enum WriteError {
    /// The account already has the most members allowed.
    TooMany,
    /// The account already has a member with this ID number.
    DuplicateId,
    /// The account already has its holder ("本人"); a concurrent save made one first.
    DuplicateHolder,
    /// The database failed.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for WriteError {
    fn from(err: sqlx::Error) -> WriteError {
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() {
                return if db.message().contains("id_number") {
                    WriteError::DuplicateId
                } else {
                    WriteError::DuplicateHolder
                };
            }
        }
        WriteError::Db(err)
    }
}

/// Adds a member, unless the account has `max` already. The first member becomes the
/// default. The count and the insert are one statement, so two concurrent adds cannot
/// both pass the limit. A member saved with the account's own phone has that phone
/// confirmed; any other phone is confirmed by [`confirm_phone`].
pub async fn insert(
    db: &Db,
    id: &str,
    account_id: &str,
    p: &CheckedPatient,
    max: usize,
    now: Timestamp,
) -> Result<PatientRow, WriteError> {
    let id_number = p.id_number.as_deref().unwrap_or_default();
    let now = now.as_millisecond();
    let inserted = sqlx::query(
        "INSERT INTO patients (id, account_id, name, sex, birth_date, id_number, phone, relation,
                               medical_card, is_default, created_at, updated_at,
                               phone_verified_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                NOT EXISTS (SELECT 1 FROM patients WHERE account_id = ?2 AND deleted_at IS NULL),
                ?10, ?10,
                CASE WHEN ?7 = (SELECT phone FROM accounts WHERE id = ?2) THEN ?10 END
         WHERE (SELECT COUNT(*) FROM patients WHERE account_id = ?2 AND deleted_at IS NULL) < ?11",
    )
    .bind(id)
    .bind(account_id)
    .bind(&p.name)
    .bind(sex_str(p))
    .bind(p.birth_date.to_string())
    .bind(id_number)
    .bind(&p.phone)
    .bind(p.relation.as_str())
    .bind(&p.medical_card)
    .bind(now)
    .bind(max as i64)
    .execute(db.write())
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(WriteError::TooMany);
    }
    get(db, account_id, id)
        .await?
        .ok_or(WriteError::Db(sqlx::Error::RowNotFound))
}

/// Changes a member's details; `None` when the member is not the account's. A changed
/// phone is unconfirmed until [`confirm_phone`] (unless it is the account's own).
pub async fn update(
    db: &Db,
    account_id: &str,
    id: &str,
    p: &CheckedPatient,
    now: Timestamp,
) -> Result<Option<PatientRow>, WriteError> {
    let changed = sqlx::query(
        "UPDATE patients SET name = ?1, sex = ?2, birth_date = ?3,
                id_number = COALESCE(?4, id_number), phone = ?5, relation = ?6,
                medical_card = ?7, updated_at = ?8,
                phone_verified_at = CASE
                    WHEN ?5 = (SELECT phone FROM accounts WHERE id = ?10)
                        THEN COALESCE(phone_verified_at, ?8)
                    WHEN ?5 = phone THEN phone_verified_at
                END
         WHERE id = ?9 AND account_id = ?10 AND deleted_at IS NULL",
    )
    .bind(&p.name)
    .bind(sex_str(p))
    .bind(p.birth_date.to_string())
    .bind(&p.id_number)
    .bind(&p.phone)
    .bind(p.relation.as_str())
    .bind(&p.medical_card)
    .bind(now.as_millisecond())
    .bind(id)
    .bind(account_id)
    .execute(db.write())
    .await?;
    if changed.rows_affected() == 0 {
        return Ok(None);
    }
    Ok(get(db, account_id, id).await?)
}

/// Removes a member (soft delete). If it was the default, the earliest remaining member
/// becomes the default. Returns false when the member is not the account's.
pub async fn remove(db: &Db, account_id: &str, id: &str, now: Timestamp) -> sqlx::Result<bool> {
    let mut tx = db.write().begin().await?;
    let removed = sqlx::query(
        "UPDATE patients SET deleted_at = ?, is_default = 0
         WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
    )
    .bind(now.as_millisecond())
    .bind(id)
    .bind(account_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    sqlx::query(
        "UPDATE patients SET is_default = 1
         WHERE id = (SELECT id FROM patients WHERE account_id = ?1 AND deleted_at IS NULL
                     ORDER BY created_at, id LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM patients
                           WHERE account_id = ?1 AND deleted_at IS NULL AND is_default = 1)",
    )
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(removed)
}

/// Makes a member the account's default; false when the member is not the account's.
pub async fn set_default(db: &Db, account_id: &str, id: &str) -> sqlx::Result<bool> {
    let mut tx = db.write().begin().await?;
    let found = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM patients WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(account_id)
    .fetch_one(&mut *tx)
    .await?
        == 1;
    if found {
        sqlx::query(
            "UPDATE patients SET is_default = (id = ?) WHERE account_id = ? AND deleted_at IS NULL",
        )
        .bind(id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(found)
}

/// Records that a code sent to the member's phone was typed back: the phone belongs to
/// someone who agreed, and kiosk logins may send their codes there.
pub async fn confirm_phone(
    db: &Db,
    account_id: &str,
    id: &str,
    now: Timestamp,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE patients SET phone_verified_at = ? WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
    )
    .bind(now.as_millisecond())
    .bind(id)
    .bind(account_id)
    .execute(db.write())
    .await?;
    Ok(())
}

/// Where a kiosk login by this medical card or ID number goes.
#[derive(Clone, Debug, FromRow)]
pub struct CardLogin {
    /// The account the session enters.
    pub account_id: String,
    /// The phone the code goes to: always a confirmed one.
    pub phone: String,
}

/// The account and phone for a kiosk login by a medical card or ID number, or `None` for
/// a number no live member carries.
///
/// Saving a number on a member does not make it anyone's: a stranger can type another
/// person's card into his own account. So the code never goes to a phone merely typed
/// next to the number. It goes to the member's phone only if that phone was confirmed (a
/// code sent to it was typed back), and otherwise to the login phone of the account that
/// holds the member, which only logs its owner into his own account. When several
/// members carry the number, an account holder's own record ("本人") comes first, then
/// members with a confirmed phone, each in the order they were saved: a later claim never
/// takes over an earlier one.
pub async fn card_login(db: &Db, card: &str) -> sqlx::Result<Option<CardLogin>> {
    sqlx::query_as(
        "SELECT p.account_id,
                CASE WHEN p.phone_verified_at IS NOT NULL THEN p.phone ELSE a.phone END AS phone
         FROM patients p JOIN accounts a ON a.id = p.account_id
         WHERE (p.medical_card = ?1 OR p.id_number = ?1) AND p.deleted_at IS NULL
         ORDER BY p.relation = 'self' DESC, p.phone_verified_at IS NOT NULL DESC,
                  p.created_at, p.id
         LIMIT 1",
    )
    .bind(card)
    .fetch_optional(db.read())
    .await
}

fn sex_str(p: &CheckedPatient) -> &'static str {
    match p.sex {
        careway_core::identity::Sex::Male => "male",
        careway_core::identity::Sex::Female => "female",
    }
}

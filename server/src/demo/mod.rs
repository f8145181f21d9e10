//! The demo hospital's people: an account with a family, so a newcomer can log in at once
//! and see a living hospital. Seeded only when the server runs the demo hospital and the
//! database has no accounts yet.

use careway_core::api::account::{CheckedPatient, Relation, MAX_PATIENTS};
use careway_core::identity::{CivilDate, Sex};

use crate::store::{self, Db};
use crate::AppState;

/// The demo account's phone: the login page shows its code in demo mode.
pub const DEMO_PHONE: &str = "13800138000";
/// The demo patient's medical card, for logging in at a kiosk.
pub const DEMO_CARD: &str = "MC20260001";

/// Creates the demo account and its family members, once.
pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let db: &Db = &state.db;
    if store::accounts::count(db).await? > 0 {
        return Ok(());
    }
    let now = state.clock.now();
    let account_id = uuid::Uuid::now_v7().to_string();
    let (account, _) =
        store::accounts::find_or_create_account(db, &account_id, DEMO_PHONE, now).await?;
    let members = [
        CheckedPatient {
            name: "李华".into(),
            sex: Sex::Male,
            birth_date: CivilDate::new(1985, 3, 15).expect("valid date"),
            id_number: Some("110101198503151235".into()),
            phone: DEMO_PHONE.into(),
            relation: Relation::Myself,
            medical_card: Some(DEMO_CARD.into()),
        },
        CheckedPatient {
            name: "王秀英".into(),
            sex: Sex::Female,
            birth_date: CivilDate::new(1950, 1, 1).expect("valid date"),
            id_number: Some("110101195001010025".into()),
            phone: "13900139000".into(),
            relation: Relation::Parent,
            medical_card: None,
        },
    ];
    for member in &members {
        let id = uuid::Uuid::now_v7().to_string();
        store::patients::insert(db, &id, &account.id, member, MAX_PATIENTS, now)
            .await
            .map_err(|e| anyhow::anyhow!("cannot seed a demo patient: {e:?}"))?;
    }
    Ok(())
}

//! The demo hospital's people: an account with a family, so a newcomer can log in at once
//! (and finds the account holder's tablets reminded of in the inbox), and other patients'
//! bookings, so the clinics look like a living hospital's (some nearly full, some full).
//! Seeded only when the server runs the demo hospital, once.

use careway_core::api::account::{CheckedPatient, Relation, MAX_PATIENTS};
use careway_core::identity::{CivilDate, Sex};

pub mod reports;

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
    let mut ids = Vec::new();
    for member in &members {
        let id = uuid::Uuid::now_v7().to_string();
        store::patients::insert(db, &id, &account.id, member, MAX_PATIENTS, now)
            .await
            .map_err(|e| anyhow::anyhow!("cannot seed a demo patient: {e:?}"))?;
        // The demo family's phones count as confirmed, as if each had typed back a code.
        store::patients::confirm_phone(db, &account.id, &id, now).await?;
        ids.push(id);
    }
    // His blood pressure and cholesterol tablets, as the pharmacy would have planned them:
    // the inbox reminds him every morning and evening from the first day.
    let today: jiff::civil::Date = state.today().to_string().parse()?;
    for (drug, dose, time) in [
        (
            ("苯磺酸氨氯地平片", "Amlodipine"),
            ("每次 1 片（5 mg）", "1 tablet (5 mg)"),
            "08:00",
        ),
        (
            ("阿托伐他汀钙片", "Atorvastatin"),
            ("每次 1 片（20 mg）", "1 tablet (20 mg)"),
            "21:00",
        ),
    ] {
        let request = careway_core::api::medication::MedicationPlanRequest {
            patient_id: ids[0].clone(),
            drug_zh: drug.0.into(),
            drug_en: drug.1.into(),
            dose_zh: dose.0.into(),
            dose_en: dose.1.into(),
            times: vec![time.into()],
            start_date: today.to_string(),
            days: careway_core::medication::MAX_DAYS,
        };
        let schedule = careway_core::medication::check(&request)
            .map_err(|e| anyhow::anyhow!("the demo medication plan is invalid: {e:?}"))?;
        let plan = store::medication::NewPlan {
            patient_id: &ids[0],
            drug: careway_core::api::LocalText {
                zh: request.drug_zh,
                en: request.drug_en,
            },
            dose: careway_core::api::LocalText {
                zh: request.dose_zh,
                en: request.dose_en,
            },
            schedule,
            start: today,
        };
        store::medication::create(db, plan, now).await?;
    }
    Ok(())
}

/// Books places for the demo's other patients (as if at the window or by phone): about one
/// session in six full, one in five with a single place left, the rest partly booked. Runs
/// once, on an empty appointment book.
pub async fn fill_clinics(state: &AppState) -> anyhow::Result<u64> {
    use rand::{Rng, SeedableRng};

    if store::appointments::appointment_count(&state.db).await? > 0 {
        return Ok(0);
    }
    let now = state.clock.now();
    let windows = store::clinics::open_windows(&state.db, now, now).await?;
    // A fixed seed: the same demo hospital every first run, and tests can rely on it.
    let mut rng = rand::rngs::StdRng::seed_from_u64(2026);
    let mut places = Vec::new();
    let mut sessions = windows.chunk_by(|a, b| a.session_id == b.session_id);
    for session in &mut sessions {
        let roll: f64 = rng.gen();
        let total: i64 = session.iter().map(|w| w.remaining).sum();
        let leave = if roll < 0.17 {
            0
        } else if roll < 0.37 {
            1
        } else {
            total - (total as f64 * rng.gen_range(0.0..0.6)) as i64
        };
        let mut to_book = (total - leave).max(0);
        for w in session {
            let n = to_book.min(w.remaining);
            if n > 0 {
                places.push((w.slot_id.clone(), n as u32));
            }
            to_book -= n;
        }
    }
    Ok(store::claims::book_walk_ins(&state.db, &places, "window", state.clock.now()).await?)
}

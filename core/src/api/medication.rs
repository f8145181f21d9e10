//! Medication plans from the hospital's system: `POST /staff/medication-plans` (staff
//! token), after which the patient's inbox reminds of each dose at its time.

use serde::{Deserialize, Serialize};

use super::LocalText;

/// A plan as the hospital's system (or the pharmacy's) sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MedicationPlanRequest {
    /// The patient the medicine is for.
    pub patient_id: String,
    /// The drug's name in Chinese, as on the box ("苯磺酸氨氯地平片"); ≤ 60 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 60, pattern = r"\S")
    )]
    pub drug_zh: String,
    /// The drug's name in English; the Chinese is shown when empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub drug_en: String,
    /// How much at a time, in Chinese ("每次 1 片（5 mg）"); ≤ 60 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 60, pattern = r"\S")
    )]
    pub dose_zh: String,
    /// How much at a time, in English; the Chinese is shown when empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub dose_en: String,
    /// The times of day, `HH:MM` (1 to 6 of them, each once).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 6))]
    pub times: Vec<String>,
    /// The first day, `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub start_date: String,
    /// For how many days, the first included (1 to 90).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 90))]
    pub days: u32,
}

/// A stored plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MedicationPlan {
    /// Its id.
    pub id: String,
    /// The patient.
    pub patient_id: String,
    /// The drug.
    pub drug: LocalText,
    /// How much at a time.
    pub dose: LocalText,
    /// The times of day, `HH:MM`, in order.
    pub times: Vec<String>,
    /// The first day.
    pub start_date: String,
    /// The last day.
    pub end_date: String,
}

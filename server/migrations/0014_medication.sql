-- Medication plans from the hospital's system, and the doses already reminded of (one row
-- per plan, day and time: a reminder is sent once even when the job runs twice).
CREATE TABLE medication_plans (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    patient_id  TEXT NOT NULL,
    drug_zh     TEXT NOT NULL,
    drug_en     TEXT NOT NULL,
    dose_zh     TEXT NOT NULL,
    dose_en     TEXT NOT NULL,
    -- Minutes after midnight, ascending, as a JSON array.
    times       TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    days        INTEGER NOT NULL,
    end_date    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX medication_plans_by_end ON medication_plans (end_date);

CREATE TABLE medication_doses (
    plan_id  TEXT NOT NULL REFERENCES medication_plans (id) ON DELETE CASCADE,
    date     TEXT NOT NULL,
    minute   INTEGER NOT NULL,
    sent_at  INTEGER NOT NULL,
    PRIMARY KEY (plan_id, date, minute)
);

-- Surveys sent to an account about one visit, and the complaint tickets their answers open.

-- One survey per visit (appointment) and questionnaire: opening it twice is a no-op.
-- `response` is the submitted QuestionnaireResponse JSON, exactly as accepted.
CREATE TABLE surveys (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id),
    patient_id     TEXT NOT NULL REFERENCES patients (id),
    appointment_id TEXT NOT NULL REFERENCES appointments (id),
    questionnaire  TEXT NOT NULL,
    visit_zh       TEXT NOT NULL,
    visit_en       TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted')),
    response       TEXT,
    created_at     INTEGER NOT NULL,
    submitted_at   INTEGER,
    UNIQUE (appointment_id, questionnaire)
);
CREATE INDEX surveys_by_account ON surveys (account_id, created_at);

-- At most one complaint per survey: a retried submission cannot open a second one.
CREATE TABLE complaints (
    id           TEXT PRIMARY KEY,
    survey_id    TEXT NOT NULL UNIQUE REFERENCES surveys (id),
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    overall      INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 5),
    low_items    TEXT NOT NULL,
    comment      TEXT,
    wants_contact INTEGER NOT NULL CHECK (wants_contact IN (0, 1)),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'resolved')),
    resolution   TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX complaints_by_status ON complaints (status, created_at);

-- Lab and imaging reports sent by the hospital's systems (FHIR R4), who read them, and
-- the messages that tell patients about them.

-- One report per sender id. A report is about a person, recognised by the resident ID
-- number of the family members it was matched to: every account holding a member with
-- that number sees it. `body` is the report as careway_core::reports::Report (JSON);
-- `previous` the body before the last change once it was issued.
CREATE TABLE reports (
    id              TEXT PRIMARY KEY,
    source_id       TEXT NOT NULL UNIQUE,
    subject_key     TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('lab', 'imaging')),
    status          TEXT NOT NULL,
    title           TEXT NOT NULL,
    effective       TEXT,
    issued          TEXT,
    body            TEXT NOT NULL,
    previous        TEXT,
    previous_status TEXT,
    received_at     INTEGER NOT NULL,
    changed_at      INTEGER NOT NULL
);
CREATE INDEX reports_by_subject ON reports (subject_key, effective);

-- Every read of a patient's reports, for "who viewed my reports"; the audit log keeps the
-- same reads in its chain.
CREATE TABLE report_reads (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_key TEXT NOT NULL,
    report_id   TEXT,
    account_id  TEXT NOT NULL,
    patient_id  TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    kiosk       INTEGER NOT NULL DEFAULT 0 CHECK (kiosk IN (0, 1)),
    at          INTEGER NOT NULL
);
CREATE INDEX report_reads_by_subject ON report_reads (subject_key, at);
CREATE INDEX report_reads_by_report ON report_reads (report_id, account_id);

-- What the hospital tells an account (report notices now; surveys and reminders later).
CREATE TABLE inbox (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    patient_id TEXT,
    kind       TEXT NOT NULL,
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    body_zh    TEXT NOT NULL,
    body_en    TEXT NOT NULL,
    link       TEXT,
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX inbox_by_account ON inbox (account_id, created_at);

-- Accounts, one-time login codes, sessions, family members, the audit log and the
-- notification outbox. Times are Unix milliseconds (UTC).

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    phone         TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_login_at INTEGER
);

-- One row per code sent, or per code request for an unknown card (phone NULL), so the
-- quotas count every request alike. `subject` is what the patient typed:
-- `phone:<11 digits>` or `card:<card or ID number>`.
CREATE TABLE login_codes (
    id          TEXT PRIMARY KEY,
    subject     TEXT NOT NULL,
    phone       TEXT,
    account_id  TEXT REFERENCES accounts (id),
    client_addr TEXT NOT NULL,
    code_hash   BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    -- Set when the code was used, or replaced by a newer one.
    consumed_at INTEGER
);
CREATE INDEX login_codes_by_subject ON login_codes (subject, created_at);
CREATE INDEX login_codes_by_addr ON login_codes (client_addr, created_at);

-- Only a hash of the token is stored: a copy of the database does not log anyone in.
CREATE TABLE sessions (
    token_hash      BLOB PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    account_id      TEXT NOT NULL REFERENCES accounts (id),
    kiosk           INTEGER NOT NULL CHECK (kiosk IN (0, 1)),
    client_addr     TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    idle_timeout_ms INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    ended_at        INTEGER
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- Family members ("就诊人"). Removed members are kept (soft delete): appointments and
-- reports refer to them.
CREATE TABLE patients (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id),
    name         TEXT NOT NULL,
    sex          TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date   TEXT NOT NULL,
    id_number    TEXT NOT NULL,
    phone        TEXT NOT NULL,
    relation     TEXT NOT NULL CHECK (relation IN ('self', 'child', 'parent', 'spouse', 'other')),
    medical_card TEXT,
    is_default   INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER
);
CREATE UNIQUE INDEX patients_one_id_per_account ON patients (account_id, id_number)
    WHERE deleted_at IS NULL;
CREATE INDEX patients_by_account ON patients (account_id) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_card ON patients (medical_card) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_id_number ON patients (id_number) WHERE deleted_at IS NULL;

-- Security events. Each row carries the hash of the previous one, so an edited or deleted
-- row breaks the chain (`careway-server audit-verify` names the first broken row); the
-- triggers refuse edits and deletes through SQL in the first place.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    event       TEXT NOT NULL,
    account_id  TEXT,
    client_addr TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Messages to patients (SMS codes, later reminders), delivered by a background job
-- through the configured sender and redacted once sent.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

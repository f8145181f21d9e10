-- Booking: doctors, their clinic sessions and time windows (the one slot pool every
-- channel books from), appointments, idempotency keys and the event log.

ALTER TABLE departments ADD COLUMN location_label_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN location_label_en TEXT NOT NULL DEFAULT '';
ALTER TABLE departments ADD COLUMN bookable INTEGER NOT NULL DEFAULT 1 CHECK (bookable IN (0, 1));
-- JSON array of {zh, en}.
ALTER TABLE departments ADD COLUMN instructions TEXT NOT NULL DEFAULT '[]';

CREATE TABLE doctors (
    id             TEXT PRIMARY KEY,
    department_id  TEXT NOT NULL REFERENCES departments (id),
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    title          TEXT NOT NULL,
    specialties_zh TEXT NOT NULL,
    specialties_en TEXT NOT NULL,
    bio_zh         TEXT NOT NULL,
    bio_en         TEXT NOT NULL,
    sort_order     INTEGER NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX doctors_by_department ON doctors (department_id) WHERE active = 1;

-- A doctor's half-day clinic on one date. Generated from the weekly clinics of
-- doctors.toml for the booking horizon; stopped by the hospital when the doctor is away.
CREATE TABLE clinic_sessions (
    id             TEXT PRIMARY KEY,
    doctor_id      TEXT NOT NULL REFERENCES doctors (id),
    department_id  TEXT NOT NULL REFERENCES departments (id),
    date           TEXT NOT NULL,
    period         TEXT NOT NULL CHECK (period IN ('morning', 'afternoon', 'evening')),
    visit_type     TEXT NOT NULL CHECK (visit_type IN ('regular', 'specialist', 'expert')),
    fee_fen        INTEGER NOT NULL CHECK (fee_fen >= 0),
    release_at     INTEGER NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'stopped')),
    stop_reason_zh TEXT,
    stop_reason_en TEXT,
    UNIQUE (doctor_id, date, period)
);
CREATE INDEX clinic_sessions_by_department ON clinic_sessions (department_id, date);

-- One time window of a session. `booked` never exceeds `capacity`: the CHECK backs the
-- conditional update that claims a place.
CREATE TABLE slots (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES clinic_sessions (id),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    start_label TEXT NOT NULL,
    end_label   TEXT NOT NULL,
    capacity    INTEGER NOT NULL CHECK (capacity > 0),
    booked      INTEGER NOT NULL DEFAULT 0,
    CHECK (booked >= 0 AND booked <= capacity),
    UNIQUE (session_id, starts_at)
);

-- Appointments from every channel. App and kiosk bookings have an account and a patient;
-- window and phone bookings made by staff may have neither.
CREATE TABLE appointments (
    id                TEXT PRIMARY KEY,
    account_id        TEXT REFERENCES accounts (id),
    patient_id        TEXT REFERENCES patients (id),
    slot_id           TEXT NOT NULL REFERENCES slots (id),
    session_id        TEXT NOT NULL REFERENCES clinic_sessions (id),
    department_id     TEXT NOT NULL REFERENCES departments (id),
    date              TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('booked', 'arrived', 'fulfilled', 'cancelled', 'noshow')),
    channel           TEXT NOT NULL CHECK (channel IN ('app', 'kiosk', 'window', 'phone')),
    fee_fen           INTEGER NOT NULL,
    check_in_code     TEXT NOT NULL UNIQUE,
    created_at        INTEGER NOT NULL,
    cancelled_at      INTEGER,
    cancel_reason_zh  TEXT,
    cancel_reason_en  TEXT,
    rescheduled_to    TEXT REFERENCES appointments (id)
);
-- One live appointment per patient per department per day.
CREATE UNIQUE INDEX appointments_one_per_patient_department_day
    ON appointments (patient_id, department_id, date)
    WHERE status IN ('booked', 'arrived') AND patient_id IS NOT NULL;
CREATE INDEX appointments_by_account ON appointments (account_id, date);
CREATE INDEX appointments_by_slot ON appointments (slot_id) WHERE status = 'booked';
CREATE INDEX appointments_by_session ON appointments (session_id, status);

-- A retried POST with the same key gets the first result back: the key is stored in the
-- same transaction as what the request created, and names it.
CREATE TABLE idempotency_keys (
    account_id   TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    resource_id  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
);

-- What happened, for the parts that react (notifications, queues, rules). Appended in the
-- same transaction as the change it describes.
CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    account_id TEXT,
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_by_type ON events (type, seq);

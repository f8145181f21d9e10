-- The live queue. A service point is a doctor's clinic session (one room, one day) or a
-- point that is there every day (blood draw, imaging, pharmacy); a ticket is one patient's
-- place in one point's queue on one day. Ticket ids leave the server; seq numbers the
-- point's day and gives the number called out (A023).
CREATE TABLE service_points (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('clinic', 'lab', 'imaging', 'pharmacy', 'payment')),
    area         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    name_zh      TEXT NOT NULL,
    name_en      TEXT NOT NULL,
    room_zh      TEXT NOT NULL,
    room_en      TEXT NOT NULL,
    place        TEXT,
    typical_ms   INTEGER NOT NULL CHECK (typical_ms > 0),
    session_id   TEXT REFERENCES clinic_sessions (id),
    paused_zh    TEXT,
    paused_en    TEXT,
    -- Since when it is paused; each resume records the pause's length in its event, for
    -- the wait estimator.
    paused_at    INTEGER
);
CREATE INDEX service_points_by_area ON service_points (area);

CREATE TABLE tickets (
    id             TEXT PRIMARY KEY,
    point_id       TEXT NOT NULL REFERENCES service_points (id),
    date           TEXT NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq > 0),
    number         TEXT NOT NULL,
    account_id     TEXT REFERENCES accounts (id),
    patient_id     TEXT REFERENCES patients (id),
    patient_name   TEXT NOT NULL,
    appointment_id TEXT UNIQUE REFERENCES appointments (id),
    status         TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'in_service', 'done', 'missed')),
    priority       TEXT NOT NULL CHECK (priority IN ('none', 'elderly', 'disabled', 'return_visit')),
    late           INTEGER NOT NULL CHECK (late IN (0, 1)),
    window_start   INTEGER NOT NULL,
    joined_at      INTEGER NOT NULL,
    called_at      INTEGER,
    served_at      INTEGER,
    done_at        INTEGER,
    UNIQUE (point_id, date, seq)
);
CREATE INDEX tickets_by_point ON tickets (point_id, date);
CREATE INDEX tickets_by_account ON tickets (account_id, date);
CREATE INDEX tickets_by_date ON tickets (date);

-- The hospital and its departments, synchronised from the content files at every start.

CREATE TABLE hospital (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    short_name_zh   TEXT NOT NULL,
    short_name_en   TEXT NOT NULL,
    address_zh      TEXT NOT NULL,
    address_en      TEXT NOT NULL,
    phone           TEXT NOT NULL,
    emergency_phone TEXT NOT NULL
);

CREATE TABLE departments (
    id              TEXT PRIMARY KEY,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    description_zh  TEXT NOT NULL DEFAULT '',
    description_en  TEXT NOT NULL DEFAULT '',
    location        TEXT NOT NULL,
    pinyin          TEXT NOT NULL DEFAULT '',
    sort_order      INTEGER NOT NULL,
    -- Departments dropped from the content file are retired, not deleted: appointments and
    -- reports still refer to them.
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

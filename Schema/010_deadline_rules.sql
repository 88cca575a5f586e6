-- OptOutTracker schema, version 10: deadline rules a lawyer can explain (SPEC section 7).
-- A campaign's window `response_days` is now counted in a unit: calendar days (as every campaign
-- made before this version, which keeps its rule and meaning), business days, or months; and a
-- campaign may name the holiday calendar of its business days. The existing CHECK
-- ((deadline IS NULL) <> (response_days IS NULL)) still holds for every rule (response_days is
-- the N of the window, whatever its unit), so the table is not rebuilt: columns are added.
ALTER TABLE campaign ADD COLUMN response_unit TEXT NOT NULL DEFAULT 'days'
    CHECK (response_unit IN ('days', 'business-days', 'months'));
ALTER TABLE campaign ADD COLUMN calendar TEXT
    CHECK (calendar IS NULL OR (typeof(calendar) = 'text' AND length(calendar) BETWEEN 1 AND 40));

-- A firm's own holiday calendars (`optout calendar add`); the built-in ones live in the binary.
-- A calendar is its holidays: one row per closed day, under the name as given and its key
-- (upper-cased) that names are matched by.
CREATE TABLE calendar_holiday (
    calendar        TEXT    NOT NULL CHECK (length(calendar) BETWEEN 1 AND 40),
    calendar_key    TEXT    NOT NULL CHECK (length(calendar_key) BETWEEN 1 AND 40),
    day             TEXT    NOT NULL CHECK (typeof(day) = 'text' AND date(day, '+0 days') IS day
                                            AND day >= '1900-01-01' AND day <= '2200-12-31'),
    name            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    PRIMARY KEY (calendar_key, day)
) STRICT, WITHOUT ROWID;

-- OptOutTracker schema, version 1.
-- A shipped migration is never edited: later changes go in new numbered files.

CREATE TABLE campaign (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    name_key        TEXT    NOT NULL UNIQUE,
    issuer          TEXT    NOT NULL,
    category        TEXT    NOT NULL CHECK (category IN ('ai-developer', 'streaming-service', 'other')),
    deadline        TEXT    CHECK (deadline IS NULL OR deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    response_days   INTEGER CHECK (response_days IS NULL OR response_days > 0),
    requests        TEXT    NOT NULL CHECK (requests IN ('all', 'none')),
    template        TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    CHECK ((deadline IS NULL) <> (response_days IS NULL))
);

CREATE TABLE recipient (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    name_key        TEXT    NOT NULL UNIQUE,
    category        TEXT    NOT NULL CHECK (category IN ('ai-developer', 'streaming-service', 'other')),
    country         TEXT,
    email           TEXT,
    contact         TEXT,
    parent          TEXT
);
CREATE INDEX recipient_category ON recipient (category);

-- One recipient within one campaign. `state`, `deadline`, `sent_on` and `last_reply_on` are the
-- case's current values; the events below are its full history.
CREATE TABLE "case" (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaign (id),
    recipient_id    INTEGER NOT NULL REFERENCES recipient (id),
    state           TEXT    NOT NULL CHECK (state IN ('draft', 'notified', 'acknowledged', 'incomplete',
                                                      'responded', 'refused', 'escalated', 'resolved')),
    sent_on         TEXT,
    deadline        TEXT,
    last_reply_on   TEXT,
    resolution      TEXT    CHECK (resolution IS NULL OR resolution IN ('licensed', 'no-use-confirmed',
                                                      'copies-deleted', 'settled', 'withdrawn')),
    UNIQUE (campaign_id, recipient_id)
);
CREATE INDEX case_recipient ON "case" (recipient_id);
CREATE INDEX case_state_deadline ON "case" (state, deadline);

CREATE TABLE notice (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES "case" (id),
    sent_on         TEXT    NOT NULL,
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'courier', 'post', 'other')),
    reference       TEXT,
    deadline        TEXT    NOT NULL,
    template        TEXT    NOT NULL,
    letter_sha256   TEXT    NOT NULL
);
CREATE INDEX notice_case ON notice (case_id);

CREATE TABLE reply (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES "case" (id),
    received_on     TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('acknowledgement', 'disclosure', 'no-use', 'refusal',
                                                     'extension-request')),
    summary         TEXT
);
CREATE INDEX reply_case ON reply (case_id);

-- One work a recipient says it used. A later disclosure of the same work in the same case
-- supersedes the earlier one (`superseded_by`); the earlier row is kept.
CREATE TABLE disclosure (
    id              INTEGER PRIMARY KEY,
    reply_id        INTEGER NOT NULL REFERENCES reply (id),
    case_id         INTEGER NOT NULL REFERENCES "case" (id),
    title           TEXT,
    artist          TEXT,
    isrc            TEXT,
    work_key        TEXT,
    access_method   TEXT    CHECK (access_method IS NULL OR access_method IN ('web-scrape', 'streaming-service',
                                   'licensed-dataset', 'third-party-dataset', 'purchased', 'user-upload', 'other')),
    copies_made     INTEGER CHECK (copies_made IS NULL OR copies_made >= 0),
    copies_exist    INTEGER CHECK (copies_exist IS NULL OR copies_exist IN (0, 1)),
    held_from       TEXT,
    held_until      TEXT,
    justification   TEXT,
    -- The requested items this disclosure leaves out, comma-separated ('' when complete).
    missing         TEXT    NOT NULL DEFAULT '',
    superseded_by   INTEGER REFERENCES disclosure (id)
);
CREATE INDEX disclosure_case ON disclosure (case_id, superseded_by);
CREATE INDEX disclosure_reply ON disclosure (reply_id);

-- The append-only history of every case.
CREATE TABLE event (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES "case" (id),
    at              TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    action          TEXT    NOT NULL,
    from_state      TEXT,
    to_state        TEXT    NOT NULL,
    on_date         TEXT,
    note            TEXT
);
CREATE INDEX event_case ON event (case_id, id);

CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed');
END;
CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only: events cannot be deleted');
END;

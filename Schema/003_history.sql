-- OptOutTracker schema, version 3: a tamper-evident history, and undo.
--
-- Every command that writes is one transaction and one `command` row, written first. The events,
-- notices, replies and disclosures it writes carry its id, so `optout undo` can find them.
--
-- Each event is sealed: `hash` is the SHA-256 of `prev_hash` (the hash of the event before it,
-- or 64 zeros for the first) and the event's content, so changing, removing or inserting an event
-- outside the tool breaks the chain, and `optout verify` names where. Events written before
-- version 3 are sealed, in order, when the database is migrated.
--
-- `case_before` keeps the case's state, dates and resolution as they were before the event, so an
-- undo can put them back. An undo appends compensating events (`undoes` names the event each
-- reverses) and moves the rows it takes back to `undone_record`; nothing is deleted from the history.

CREATE TABLE command (
    id              INTEGER PRIMARY KEY,
    at              TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    -- What the user ran, e.g. `reply Vector Lyre Labs --date 2024-06-10 --kind disclosure`.
    name            TEXT    NOT NULL,
    -- For an undo: the command it reversed.
    undoes          INTEGER REFERENCES command (id)
);
CREATE INDEX command_actor ON command (actor, id);
CREATE UNIQUE INDEX command_undone ON command (undoes);

ALTER TABLE event ADD COLUMN command_id INTEGER REFERENCES command (id);
ALTER TABLE event ADD COLUMN case_before TEXT;
ALTER TABLE event ADD COLUMN undoes INTEGER REFERENCES event (id);
ALTER TABLE event ADD COLUMN prev_hash TEXT;
ALTER TABLE event ADD COLUMN hash TEXT;
CREATE INDEX event_command ON event (command_id);

ALTER TABLE notice ADD COLUMN command_id INTEGER REFERENCES command (id);
ALTER TABLE reply ADD COLUMN command_id INTEGER REFERENCES command (id);
ALTER TABLE disclosure ADD COLUMN command_id INTEGER REFERENCES command (id);
CREATE INDEX notice_command ON notice (command_id);
CREATE INDEX reply_command ON reply (command_id);
CREATE INDEX disclosure_command ON disclosure (command_id);

-- Rows are stamped with the command writing them: the latest one, as commands are serialised.
CREATE TRIGGER notice_command AFTER INSERT ON notice WHEN NEW.command_id IS NULL
BEGIN
    UPDATE notice SET command_id = (SELECT MAX(id) FROM command) WHERE id = NEW.id;
END;
CREATE TRIGGER reply_command AFTER INSERT ON reply WHEN NEW.command_id IS NULL
BEGIN
    UPDATE reply SET command_id = (SELECT MAX(id) FROM command) WHERE id = NEW.id;
END;
CREATE TRIGGER disclosure_command AFTER INSERT ON disclosure WHEN NEW.command_id IS NULL
BEGIN
    UPDATE disclosure SET command_id = (SELECT MAX(id) FROM command) WHERE id = NEW.id;
END;

-- A row an undo took back: its table, its id and every column, as JSON.
CREATE TABLE undone_record (
    id              INTEGER PRIMARY KEY,
    command_id      INTEGER NOT NULL REFERENCES command (id),
    table_name      TEXT    NOT NULL,
    row_id          INTEGER NOT NULL,
    content         TEXT    NOT NULL
);

-- Events stay append-only. The one change allowed is sealing an event written before version 3
-- (setting its hash once, during this migration).
DROP TRIGGER event_is_append_only_update;
CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
WHEN OLD.hash IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.case_id IS NOT OLD.case_id OR NEW.at IS NOT OLD.at
  OR NEW.actor IS NOT OLD.actor OR NEW.action IS NOT OLD.action OR NEW.from_state IS NOT OLD.from_state
  OR NEW.to_state IS NOT OLD.to_state OR NEW.on_date IS NOT OLD.on_date OR NEW.note IS NOT OLD.note
  OR NEW.command_id IS NOT OLD.command_id OR NEW.case_before IS NOT OLD.case_before OR NEW.undoes IS NOT OLD.undoes
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed');
END;

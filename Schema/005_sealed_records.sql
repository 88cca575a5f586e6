-- OptOutTracker schema, version 5: everything that is evidence is sealed.
-- A shipped migration is never edited: later changes go in new numbered files.
--
-- Version 3 sealed the events. From version 5 an event's seal also covers:
--   `case_after`:     the case's state, dates and resolution right after the event (the JSON form
--                     of `case_before`), so the case row can be checked against its last event;
--   `records_sha256`: the SHA-256 of every notice, reply and disclosure of the case as they stand
--                     right after the event (every column but the catalogue match, which
--                     `catalog import` rewrites), so a letter's digest, a reply or a disclosure
--                     changed, removed or slipped in outside optout no longer matches;
--   the `command` row that wrote the event (its time, actor, text and the command it undoes).
-- `verify` also checks that every case has a history, and that the schema (its guard triggers
-- above all) is the one optout creates.
--
-- Records written before version 5 are sealed when the database is migrated: each case gains one
-- event, `records-sealed`, that leaves its state as it was and seals its records as they stand.

ALTER TABLE event ADD COLUMN case_after TEXT;
ALTER TABLE event ADD COLUMN records_sha256 TEXT;

-- Events stay append-only; the sealing of version 3 is done, so no event can change at all.
DROP TRIGGER event_is_append_only_update;
CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
BEGIN
    SELECT RAISE(ABORT, 'the history is append-only: events cannot be changed');
END;

-- Each event with every field its seal covers: its own, then its command's.
CREATE VIEW sealed_event AS
SELECT e.id, e.case_id, e.at, e.actor, e.action, e.from_state, e.to_state, e.on_date, e.note, e.command_id,
       e.case_before, e.undoes, e.case_after, e.records_sha256,
       m.at AS command_at, m.actor AS command_actor, m.name AS command_name, m.undoes AS command_undoes,
       e.prev_hash, e.hash, m.id AS command_found
FROM event e LEFT JOIN command m ON m.id = e.command_id;

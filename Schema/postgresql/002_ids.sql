-- OptOutTracker team schema for PostgreSQL, version 2: ids never skip (SPEC section 9).
-- A shipped migration is never edited: later changes go in new numbered files in this folder.
--
-- Why: a table's identity is a sequence, and sequences are not transactional. A command that
-- fails after inserting (its `command` row is its first write; a notice import refused after some
-- notices went in; `--dry-run`, which always rolls back) keeps the ids it drew, so the next
-- command's ids would differ from those the same story gives on a file, where SQLite's INTEGER
-- PRIMARY KEY takes MAX(rowid) + 1. Ids show in outputs (recipients, campaigns, commands in
-- `history` and `undo`), and every command must print the same on both stores.
--
-- What: optout_reset_identities() sets every optout table's identity so that its next id is
-- MAX(id) + 1 (1 for an empty table), as SQLite's rowid does; optout_lock_history(), which every
-- writing transaction calls first (and the INSERT into `command` that opens a command calls by
-- trigger), now calls it right after taking the history's lock. Writers are one at a time under
-- that lock, so what it sees as MAX(id) is every row there is, and nobody draws an id meanwhile;
-- ids an earlier writer drew and rolled back are drawn again. Any program that takes the lock,
-- or opens a command with psql, gets the ids a file would give.
--
-- optout_reset_identities() takes the history lock itself, so calling it alone can never wind an
-- identity back under a writer that holds the lock (it waits for that writer to finish). Run it
-- at READ COMMITTED (PostgreSQL's default), as the program does: each of its statements then
-- sees every committed row.
--
-- How it is run: by `optout init --db postgresql://…` on a database at version 1 (after 001 when
-- the database is new), in one transaction, as the database's owner (or a superuser). With psql:
-- psql -v ON_ERROR_STOP=1 --single-transaction -f 002_ids.sql URL. Run a second time it fails at
-- once (SQLSTATE OT003), changing nothing. This file records '002_ids' in `optout_migration`.
-- optout_sync_identities() (001, for the owner after `optout copy`) is kept as it is.

-- MARK: - Applied once, after 001

DO $$
BEGIN
    IF to_regclass('optout_migration') IS NULL OR NOT EXISTS (SELECT 1 FROM optout_migration WHERE name = '001_team') THEN
        RAISE EXCEPTION 'this database does not have version 1 of optout''s schema: nothing was changed'
            USING HINT = 'run optout init on it, which applies every version in order';
    END IF;
    IF EXISTS (SELECT 1 FROM optout_migration WHERE name = '002_ids') THEN
        RAISE EXCEPTION 'this database already has version 2 of optout''s schema: nothing was changed'
            USING ERRCODE = 'OT003',
                  HINT = 'run optout init only once per version; optout_migration lists what is applied';
    END IF;
END
$$;

-- MARK: - Next ids

-- Every identity of the schema (001's tables; a later file adding one adds it here, and
-- scripts/check-postgres-schema.sh checks none is left out): next id MAX(id) + 1, or 1 when the
-- table is empty (setval's third argument false: the value given is the next one drawn). Runs as
-- its owner, since setval needs UPDATE on the sequences, which no role is granted.
CREATE FUNCTION optout_reset_identities() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
    LOCK TABLE event IN EXCLUSIVE MODE;
    PERFORM setval(pg_get_serial_sequence('campaign', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM campaign;
    PERFORM setval(pg_get_serial_sequence('recipient', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM recipient;
    PERFORM setval(pg_get_serial_sequence('"case"', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM "case";
    PERFORM setval(pg_get_serial_sequence('command', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM command;
    PERFORM setval(pg_get_serial_sequence('notice', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM notice;
    PERFORM setval(pg_get_serial_sequence('reply', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM reply;
    PERFORM setval(pg_get_serial_sequence('work', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM work;
    PERFORM setval(pg_get_serial_sequence('disclosure', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM disclosure;
    PERFORM setval(pg_get_serial_sequence('event', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM event;
    PERFORM setval(pg_get_serial_sequence('undone_record', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM undone_record;
    PERFORM setval(pg_get_serial_sequence('delivery', 'id'), GREATEST(max(id), 1), COALESCE(max(id) > 0, false))
        FROM delivery;
END
$$;

-- MARK: - One writer at a time, with the next ids

-- As in 001 (writers queue here, readers are not blocked), then the identities. CREATE OR REPLACE
-- keeps the function's owner and privileges (EXECUTE: optout_clerk) and the trigger that calls it
-- on every INSERT into `command`; its search_path is pinned again below.
CREATE OR REPLACE FUNCTION optout_lock_history() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
    LOCK TABLE event IN EXCLUSIVE MODE;
    PERFORM optout_reset_identities();
END
$$;

-- Both run as the owner of the schema's tables (whoever applies this file), resolving names in
-- pg_catalog and this schema only, as 001's functions do.
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['optout_reset_identities()', 'optout_lock_history()'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f, current_schema());
        EXECUTE format('ALTER FUNCTION %s OWNER TO %s', f,
                       (SELECT relowner::regrole::text FROM pg_class WHERE oid = 'event'::regclass));
    END LOOP;
END
$$;

-- MARK: - Privileges

-- The lowest role that writes may run it (a viewer never writes, and may not hold up writers).
REVOKE ALL ON FUNCTION optout_reset_identities() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION optout_reset_identities() TO optout_clerk;

-- MARK: - Applied

INSERT INTO optout_migration (name, applied_at)
VALUES ('002_ids', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));

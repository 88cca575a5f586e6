-- OptOutTracker team schema for PostgreSQL, version 1 (SPEC section 9).
-- A shipped migration is never edited: later changes go in new numbered files in this folder.
--
-- What it is: the tables, columns (in the same order), constraints and indexes of the SQLite
-- schema after Schema/001..011, in PostgreSQL's types (INTEGER: bigint; TEXT: text COLLATE "C",
-- so ORDER BY sorts as SQLite's BINARY does whatever the database's locale; `id INTEGER PRIMARY
-- KEY`: an identity the program may also write), plus what a shared server needs: group roles
-- and grants, and triggers that enforce, whatever program connects, what privileges cannot say.
--
-- Needs PostgreSQL 13 or later (pg_current_xact_id, pg_xact_status, EXECUTE FUNCTION).
-- How it is run: by `optout init --db postgresql://…`, in ONE transaction, connected as the
-- database's owner (or a superuser), who must be able to create roles the first time a server
-- sees optout (the group roles are cluster-wide; a second optout database on the same server
-- reuses them). With psql: psql -v ON_ERROR_STOP=1 --single-transaction -f 001_team.sql URL.
-- Run a second time it fails at once (SQLSTATE OT003), changing nothing: `optout init` reads
-- `optout_migration` to see what is applied. This file records '001_team' there itself.
--
-- The program's side of the contract:
--   * Each writing command is one transaction at READ COMMITTED (PostgreSQL's default) whose
--     first statement is `SELECT optout_lock_history()` (as SQLite's BEGIN IMMEDIATE): it takes
--     `LOCK TABLE event IN EXCLUSIVE MODE`, so writers run one at a time (the chain head, MAX(id)
--     of command, event and disclosure are then the command's own to extend) while readers go on.
--     The INSERT into `command` that opens a command takes the same lock by trigger, so a writer
--     that forgets it (or psql) is serialised too; a transaction that writes no command row (a
--     delivery reusing its command) must call it. No advisory lock key is used or reserved.
--   * `command.actor` and `event.actor` are `session_user` (the login), never $OPTOUT_ACTOR.
--   * Ids: the program writes `event.id` and `disclosure.id` itself (MAX(id) + 1, under the lock);
--     every other table's id comes from its identity unless given. After a copy that wrote ids
--     (`optout copy`), call `SELECT optout_sync_identities()` so the identities go on past them.
--   * Foreign keys are DEFERRABLE INITIALLY IMMEDIATE: they behave as SQLite's (checked at the end
--     of each statement), and a copy may `SET CONSTRAINTS ALL DEFERRED` to load rows that name
--     later rows (disclosure.superseded_by, event.undoes) in any order.
--
-- SQLSTATEs raised here (the program maps them to its typed errors):
--   OT001  the history is append-only: UPDATE, DELETE or TRUNCATE of `event`, `command` or
--          `undone_record` (the one change allowed: `undo` naming, in `command.undoes`, the
--          command it reverses, on the command row its own transaction wrote).
--   OT002  the actor must be the logged-in user: a `command` or `event` row whose actor is not
--          session_user (the database owner and superusers may write any actor: `optout copy`
--          keeps the history's own, which its seal covers).
--   OT003  this schema is already applied (a second run of this file).
--   OT004  the records are sealed: UPDATE of a notice, reply or delivery, or of a disclosure
--          other than its superseding and catalogue match; TRUNCATE of any of them.
--   42501  insufficient_privilege, from the server's privileges or from the role triggers below
--          (a clerk resolving a case, say): "... needs the counsel role; ask an admin for it
--          (optout team add USER --role counsel)".
--   23514  check_violation, as SQLite's CHECKs and date triggers refuse (named constraints).
--
-- Roles (SPEC 9), NOLOGIN groups, each a member of the one before:
--   optout_viewer   reads every table;
--   optout_clerk    also logs notices, reminders, replies, disclosures and deliveries: INSERT
--                   command, event, notice, reply, disclosure, delivery; UPDATE of a disclosure's
--                   superseding and match; UPDATE of a case's state, dates as those actions move
--                   it (triggers: never to resolved or escalated, its deadline only as a notice
--                   sets it, no event of a counsel or admin action);
--   optout_counsel  also extends, escalates, resolves and undoes: UPDATE command (undo names the
--                   command it reverses), DELETE notice, reply, disclosure, delivery (the rows undo
--                   takes back), INSERT undone_record; any case move and event action but admin's;
--   optout_admin    also manages campaigns, recipients (and do-not-contact), the catalogue,
--                   calendars and follow-up ladders: INSERT, UPDATE, DELETE on those tables,
--                   INSERT "case", and `registered` events. The team itself (CREATE ROLE, GRANT)
--                   is managed by the database owner or a role with CREATEROLE.
-- PUBLIC has nothing: no CONNECT on the database, no USAGE on its schema, no table, sequence or
-- function. Memberships are cluster-wide: a member of optout_clerk is a clerk in every optout
-- database of the server (CONNECT is optout_viewer's); one team per server.
--
-- No PostgreSQL counterpart, on purpose: `grdb_migrations` (see `optout_migration`); SQLite's
-- `STRICT` and `WITHOUT ROWID` (a PostgreSQL table is strictly typed; its primary key is an
-- index either way); `typeof(x) = 'text'` in CHECKs (the column's type says it); the version 7
-- key rewrite (a new database has no old keys); the version 3 and 5 sealing of older rows.
-- SQLite's date triggers (version 6) are CHECK constraints here, named as the triggers were
-- (so a SQLite row older than version 6 holding a date that is no date, which `optout check`
-- names, is refused by a copy up). SQLite's optout_match_key() SQL function has no counterpart:
-- the program computes match keys itself.

-- MARK: - Applied once

DO $$
BEGIN
    IF to_regclass('optout_migration') IS NOT NULL OR to_regclass('event') IS NOT NULL
       OR to_regclass('"case"') IS NOT NULL OR to_regclass('campaign') IS NOT NULL THEN
        RAISE EXCEPTION 'this database already has optout''s schema (or tables of the same names): nothing was changed'
            USING ERRCODE = 'OT003',
                  HINT = 'run optout init only once per database; optout_migration lists what is applied';
    END IF;
END
$$;

-- MARK: - Roles

DO $$
DECLARE
    chain text[] := ARRAY['optout_viewer', 'optout_clerk', 'optout_counsel', 'optout_admin'];
BEGIN
    FOR i IN 1 .. array_length(chain, 1) LOOP
        -- Another database's `optout init` may create the same cluster-wide role at the same
        -- moment: losing that race is as good as winning it.
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = chain[i]) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', chain[i]);
            EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
            END;
        END IF;
        IF i > 1 AND NOT pg_has_role(chain[i], chain[i - 1], 'MEMBER') THEN
            BEGIN
                EXECUTE format('GRANT %I TO %I', chain[i - 1], chain[i]);
            EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
            END;
        END IF;
    END LOOP;
END
$$;

-- MARK: - Values

-- A calendar date, YYYY-MM-DD, from 1900-01-01 to 2200-12-31 (SQLite version 6's rule: only a
-- real date, so 2024-02-30 is refused). NULL for NULL, so a CHECK lets an absent date through.
CREATE FUNCTION optout_is_date(d text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN d IS NULL THEN NULL
        WHEN d COLLATE "C" !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
          OR d COLLATE "C" < '1900-01-01' OR d COLLATE "C" > '2200-12-31' THEN false
        ELSE substr(d, 9, 2)::int BETWEEN 1 AND
            CASE substr(d, 6, 2)::int
                WHEN 2 THEN
                    CASE WHEN (substr(d, 1, 4)::int % 4 = 0 AND substr(d, 1, 4)::int % 100 <> 0)
                           OR substr(d, 1, 4)::int % 400 = 0 THEN 29 ELSE 28 END
                WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30
                WHEN 1 THEN 31 WHEN 3 THEN 31 WHEN 5 THEN 31 WHEN 7 THEN 31 WHEN 8 THEN 31
                WHEN 10 THEN 31 WHEN 12 THEN 31
                ELSE 0
            END
    END
$$;

-- MARK: - Tables

-- Which files of Schema/postgresql/ this database has had applied, by name without `.sql`.
CREATE TABLE optout_migration (
    name            text COLLATE "C" PRIMARY KEY,
    applied_at      text COLLATE "C"
);

CREATE TABLE campaign (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name            text    COLLATE "C" NOT NULL,
    name_key        text    COLLATE "C" NOT NULL UNIQUE,
    issuer          text    COLLATE "C" NOT NULL,
    category        text    COLLATE "C" NOT NULL CHECK (category IN ('ai-developer', 'streaming-service', 'other')),
    deadline        text    COLLATE "C" CHECK (deadline IS NULL OR deadline ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    response_days   bigint  CHECK (response_days IS NULL OR response_days > 0),
    requests        text    COLLATE "C" NOT NULL CHECK (requests IN ('all', 'none')),
    template        text    COLLATE "C" NOT NULL,
    created_at      text    COLLATE "C" NOT NULL,
    response_unit   text    COLLATE "C" NOT NULL DEFAULT 'days'
                            CHECK (response_unit IN ('days', 'business-days', 'months')),
    calendar        text    COLLATE "C" CHECK (calendar IS NULL OR length(calendar) BETWEEN 1 AND 40),
    CHECK ((deadline IS NULL) <> (response_days IS NULL)),
    CONSTRAINT campaign_deadline_is_a_date CHECK (optout_is_date(deadline))
);

CREATE TABLE recipient (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name            text    COLLATE "C" NOT NULL,
    name_key        text    COLLATE "C" NOT NULL UNIQUE,
    category        text    COLLATE "C" NOT NULL CHECK (category IN ('ai-developer', 'streaming-service', 'other')),
    country         text    COLLATE "C",
    email           text    COLLATE "C",
    contact         text    COLLATE "C",
    parent          text    COLLATE "C"
);
CREATE INDEX recipient_category ON recipient (category);

-- One recipient within one campaign. `state`, `deadline`, `sent_on` and `last_reply_on` are the
-- case's current values; the events below are its full history.
CREATE TABLE "case" (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    campaign_id     bigint  NOT NULL REFERENCES campaign (id) DEFERRABLE INITIALLY IMMEDIATE,
    recipient_id    bigint  NOT NULL REFERENCES recipient (id) DEFERRABLE INITIALLY IMMEDIATE,
    state           text    COLLATE "C" NOT NULL CHECK (state IN ('draft', 'notified', 'acknowledged', 'incomplete',
                                                      'responded', 'refused', 'escalated', 'resolved')),
    sent_on         text    COLLATE "C",
    deadline        text    COLLATE "C",
    last_reply_on   text    COLLATE "C",
    resolution      text    COLLATE "C" CHECK (resolution IS NULL OR resolution IN ('licensed', 'no-use-confirmed',
                                                      'copies-deleted', 'settled', 'withdrawn')),
    UNIQUE (campaign_id, recipient_id),
    CONSTRAINT case_sent_on_is_a_date CHECK (optout_is_date(sent_on)),
    CONSTRAINT case_deadline_is_a_date CHECK (optout_is_date(deadline)),
    CONSTRAINT case_last_reply_on_is_a_date CHECK (optout_is_date(last_reply_on))
);
CREATE INDEX case_recipient ON "case" (recipient_id);
CREATE INDEX case_state_deadline ON "case" (state, deadline);

-- Every command that writes is one transaction and one `command` row, written first; the events,
-- notices, replies, disclosures and deliveries it writes carry its id.
CREATE TABLE command (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at              text    COLLATE "C" NOT NULL,
    actor           text    COLLATE "C" NOT NULL,
    -- What the user ran, e.g. `reply Vector Lyre Labs --date 2024-06-10 --kind disclosure`.
    name            text    COLLATE "C" NOT NULL,
    -- For an undo: the command it reversed.
    undoes          bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX command_actor ON command (actor, id);
CREATE UNIQUE INDEX command_undone ON command (undoes);

-- A notice row is either the notice that opened the case or a reminder of its deadline.
CREATE TABLE notice (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id         bigint  NOT NULL REFERENCES "case" (id) DEFERRABLE INITIALLY IMMEDIATE,
    sent_on         text    COLLATE "C" NOT NULL,
    channel         text    COLLATE "C" NOT NULL CHECK (channel IN ('email', 'courier', 'post', 'other')),
    reference       text    COLLATE "C",
    deadline        text    COLLATE "C" NOT NULL,
    template        text    COLLATE "C" NOT NULL,
    letter_sha256   text    COLLATE "C" NOT NULL,
    kind            text    COLLATE "C" NOT NULL DEFAULT 'notice' CHECK (kind IN ('notice', 'reminder')),
    command_id      bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT notice_sent_on_is_a_date CHECK (optout_is_date(sent_on)),
    CONSTRAINT notice_deadline_is_a_date CHECK (optout_is_date(deadline))
);
CREATE INDEX notice_case ON notice (case_id);
CREATE INDEX notice_command ON notice (command_id);
-- The reminders of a case for one deadline, as the agenda looks for them.
CREATE INDEX notice_case_kind_deadline ON notice (case_id, kind, deadline, sent_on);

CREATE TABLE reply (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id         bigint  NOT NULL REFERENCES "case" (id) DEFERRABLE INITIALLY IMMEDIATE,
    received_on     text    COLLATE "C" NOT NULL,
    kind            text    COLLATE "C" NOT NULL CHECK (kind IN ('acknowledgement', 'disclosure', 'no-use', 'refusal',
                                                     'extension-request')),
    summary         text    COLLATE "C",
    command_id      bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE,
    -- For an affiliate's case: the reply of its parent that was recorded on its behalf.
    via_reply_id    bigint  REFERENCES reply (id) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT reply_received_on_is_a_date CHECK (optout_is_date(received_on))
);
CREATE INDEX reply_case ON reply (case_id);
CREATE INDEX reply_command ON reply (command_id);

-- One of the rights-holder's own works: a recording (with its ISRC) or a composition (with its
-- ISWC), or a recording whose composition is known too.
CREATE TABLE work (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    title           text    COLLATE "C" NOT NULL,
    artist          text    COLLATE "C" NOT NULL,
    -- Normalised: 12 characters, upper case, no hyphens.
    isrc            text    COLLATE "C" UNIQUE CHECK (isrc IS NULL OR length(isrc) = 12),
    -- Normalised: `T` and ten digits, no separators.
    iswc            text    COLLATE "C" CHECK (iswc IS NULL OR (length(iswc) = 11 AND iswc ~ '^T[0-9]{10}$')),
    -- The label or publishing entity that holds it.
    owner           text    COLLATE "C",
    -- `YYYY` or `YYYY-MM-DD`.
    released        text    COLLATE "C",
    -- Title and artist folded for matching; NULL when either folds to nothing.
    match_key       text    COLLATE "C",
    CHECK (isrc IS NOT NULL OR iswc IS NOT NULL)
);
CREATE UNIQUE INDEX work_composition ON work (iswc) WHERE isrc IS NULL;
CREATE INDEX work_iswc ON work (iswc);
CREATE INDEX work_match_key ON work (match_key);

-- One work a recipient says it used. A later disclosure of the same work in the same case
-- supersedes the earlier one (`superseded_by`); the earlier row is kept.
CREATE TABLE disclosure (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    reply_id        bigint  NOT NULL REFERENCES reply (id) DEFERRABLE INITIALLY IMMEDIATE,
    case_id         bigint  NOT NULL REFERENCES "case" (id) DEFERRABLE INITIALLY IMMEDIATE,
    title           text    COLLATE "C",
    artist          text    COLLATE "C",
    isrc            text    COLLATE "C",
    work_key        text    COLLATE "C",
    access_method   text    COLLATE "C" CHECK (access_method IS NULL OR access_method IN ('web-scrape', 'streaming-service',
                                   'licensed-dataset', 'third-party-dataset', 'purchased', 'user-upload', 'other')),
    copies_made     bigint  CHECK (copies_made IS NULL OR copies_made >= 0),
    copies_exist    bigint  CHECK (copies_exist IS NULL OR copies_exist IN (0, 1)),
    held_from       text    COLLATE "C",
    held_until      text    COLLATE "C",
    justification   text    COLLATE "C",
    -- The requested items this disclosure leaves out, comma-separated ('' when complete).
    missing         text    COLLATE "C" NOT NULL DEFAULT '',
    superseded_by   bigint  REFERENCES disclosure (id) DEFERRABLE INITIALLY IMMEDIATE,
    command_id      bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE,
    -- The catalogue match (`catalog import` rewrites it; not sealed).
    match_key       text    COLLATE "C",
    work_id         bigint  REFERENCES work (id) DEFERRABLE INITIALLY IMMEDIATE,
    matched_by      text    COLLATE "C" CHECK (matched_by IS NULL OR matched_by IN ('isrc', 'title-artist', 'unknown-work')),
    -- For an affiliate's case: the disclosure of its parent's reply that this one repeats.
    via_disclosure_id bigint REFERENCES disclosure (id) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT disclosure_held_from_is_a_date CHECK (optout_is_date(held_from)),
    CONSTRAINT disclosure_held_until_is_a_date CHECK (optout_is_date(held_until))
);
CREATE INDEX disclosure_case ON disclosure (case_id, superseded_by);
CREATE INDEX disclosure_reply ON disclosure (reply_id);
CREATE INDEX disclosure_command ON disclosure (command_id);
CREATE INDEX disclosure_isrc ON disclosure (isrc);
CREATE INDEX disclosure_match_key ON disclosure (match_key);
CREATE INDEX disclosure_work ON disclosure (work_id, superseded_by);
CREATE INDEX disclosure_superseded_by ON disclosure (superseded_by) WHERE superseded_by IS NOT NULL;
CREATE INDEX disclosure_via ON disclosure (via_disclosure_id) WHERE via_disclosure_id IS NOT NULL;

-- The append-only history of every case, sealed by a hash chain (see Schema/003 and 005).
CREATE TABLE event (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    case_id         bigint  NOT NULL REFERENCES "case" (id) DEFERRABLE INITIALLY IMMEDIATE,
    at              text    COLLATE "C" NOT NULL,
    actor           text    COLLATE "C" NOT NULL,
    action          text    COLLATE "C" NOT NULL,
    from_state      text    COLLATE "C",
    to_state        text    COLLATE "C" NOT NULL,
    on_date         text    COLLATE "C",
    note            text    COLLATE "C",
    command_id      bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE,
    case_before     text    COLLATE "C",
    undoes          bigint  REFERENCES event (id) DEFERRABLE INITIALLY IMMEDIATE,
    prev_hash       text    COLLATE "C",
    hash            text    COLLATE "C",
    case_after      text    COLLATE "C",
    records_sha256  text    COLLATE "C",
    CONSTRAINT event_on_date_is_a_date CHECK (optout_is_date(on_date))
);
CREATE INDEX event_case ON event (case_id, id);
CREATE INDEX event_command ON event (command_id);

-- A row an undo took back: its table, its id and every column, as JSON.
CREATE TABLE undone_record (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    command_id      bigint  NOT NULL REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE,
    table_name      text    COLLATE "C" NOT NULL,
    row_id          bigint  NOT NULL,
    content         text    COLLATE "C" NOT NULL
);

-- How a notice was delivered, with proof (Schema/009).
CREATE TABLE delivery (
    id              bigint  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    notice_id       bigint  NOT NULL UNIQUE REFERENCES notice (id) DEFERRABLE INITIALLY IMMEDIATE,
    case_id         bigint  NOT NULL REFERENCES "case" (id) DEFERRABLE INITIALLY IMMEDIATE,
    method          text    COLLATE "C" NOT NULL CHECK (method IN ('email', 'eml-dir')),
    address         text    COLLATE "C" NOT NULL,
    message_id      text    COLLATE "C" NOT NULL,
    message_sha256  text    COLLATE "C" NOT NULL CHECK (length(message_sha256) = 64),
    message_headers text    COLLATE "C" NOT NULL,
    agent_status    bigint,
    agent_output    text    COLLATE "C" NOT NULL,
    command_id      bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE
);
CREATE INDEX delivery_case ON delivery (case_id);
CREATE INDEX delivery_command ON delivery (command_id);
CREATE INDEX delivery_message_sha256 ON delivery (message_sha256);

-- A firm's own holiday calendars (`optout calendar add`): one row per closed day.
CREATE TABLE calendar_holiday (
    calendar        text    COLLATE "C" NOT NULL CHECK (length(calendar) BETWEEN 1 AND 40),
    calendar_key    text    COLLATE "C" NOT NULL CHECK (length(calendar_key) BETWEEN 1 AND 40),
    day             text    COLLATE "C" NOT NULL CHECK (optout_is_date(day)),
    name            text    COLLATE "C" NOT NULL,
    created_at      text    COLLATE "C" NOT NULL,
    PRIMARY KEY (calendar_key, day)
);

-- A campaign's follow-up ladder (Schema/011).
CREATE TABLE follow_up_step (
    campaign_id     bigint  NOT NULL REFERENCES campaign (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    kind            text    COLLATE "C" NOT NULL CHECK (kind IN ('remind', 'escalate')),
    offset_days     bigint  NOT NULL CHECK (offset_days BETWEEN -3650 AND 3650),
    command_id      bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE,
    PRIMARY KEY (campaign_id, kind, offset_days),
    CHECK (kind = 'remind' OR offset_days >= 0)
);

-- Recipients written to only through their counsel, or not at all.
CREATE TABLE do_not_contact (
    recipient_id    bigint  PRIMARY KEY REFERENCES recipient (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
    reason          text    COLLATE "C",
    command_id      bigint  REFERENCES command (id) DEFERRABLE INITIALLY IMMEDIATE
);

-- Each event with every field its seal covers: its own, then its command's.
CREATE VIEW sealed_event AS
SELECT e.id, e.case_id, e.at, e.actor, e.action, e.from_state, e.to_state, e.on_date, e.note, e.command_id,
       e.case_before, e.undoes, e.case_after, e.records_sha256,
       m.at AS command_at, m.actor AS command_actor, m.name AS command_name, m.undoes AS command_undoes,
       e.prev_hash, e.hash, m.id AS command_found
FROM event e LEFT JOIN command m ON m.id = e.command_id;

-- MARK: - Who is who

-- Whether the logged-in user is above the rules of the triggers below: a superuser, or a member
-- of the database's owner or of the owner of `event` (who ran optout init). They can drop a
-- trigger anyway; `optout copy` runs as them to write a history with its own actors.
CREATE FUNCTION optout_is_owner() RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
        OR pg_has_role(session_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER')
        OR pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'event'::regclass), 'MEMBER')
$$;

-- Refuses, as insufficient_privilege, what `doing` needs `role` for (counsel or admin), unless
-- the logged-in user has it.
CREATE FUNCTION optout_require_role(role text, doing text) RETURNS void
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    IF pg_has_role(session_user, 'optout_' || role, 'MEMBER') OR optout_is_owner() THEN
        RETURN;
    END IF;
    RAISE EXCEPTION '% needs the % role; ask an admin for it (optout team add % --role %)',
                    doing, role, session_user, role
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('%s is not a member of optout_%s', session_user, role);
END
$$;

-- MARK: - One writer at a time

-- Called first by every writing transaction (as SQLite's BEGIN IMMEDIATE): writers queue here,
-- readers are not blocked. Runs as its owner, since LOCK ... EXCLUSIVE needs more than INSERT.
CREATE FUNCTION optout_lock_history() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
    LOCK TABLE event IN EXCLUSIVE MODE;
END
$$;

CREATE FUNCTION optout_history_lock() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM optout_lock_history();
    RETURN NULL;
END
$$;
-- The first write of every command takes it too, BEFORE the statement: the command's id is drawn
-- after the lock, so command ids follow commit order.
CREATE TRIGGER command_takes_history_lock BEFORE INSERT ON command
    FOR EACH STATEMENT EXECUTE FUNCTION optout_history_lock();

-- MARK: - Append-only history

CREATE FUNCTION optout_refuse_history_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    what text := CASE TG_TABLE_NAME WHEN 'event' THEN 'events' WHEN 'command' THEN 'commands'
                                    ELSE 'undone records' END;
    ago integer;
BEGIN
    -- The one change: an undo names the command it reverses in its own command row, written by
    -- this same transaction (so the row's inserting transaction is still in progress), once.
    -- (Nested: an event row has no `name` to compare.)
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'command' THEN
        IF (OLD.id, OLD.at, OLD.actor, OLD.name) IS NOT DISTINCT FROM (NEW.id, NEW.at, NEW.actor, NEW.name)
           AND OLD.undoes IS NULL AND NEW.undoes IS NOT NULL THEN
            -- age(xmin) <= 0: written by this transaction (its own id or a later subtransaction's)
            -- or by one that began after it; of those, only this one is still in progress.
            EXECUTE format('SELECT age(xmin) FROM %I.%I WHERE id = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
                INTO ago USING OLD.id;
            IF ago <= 0
               AND pg_xact_status((pg_current_xact_id()::text::bigint - ago)::text::xid8) = 'in progress' THEN
                PERFORM optout_require_role('counsel', 'undoing a command');
                RETURN NEW;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'the history is append-only: % cannot be changed or deleted', what
        USING ERRCODE = 'OT001', DETAIL = format('%s on %s refused', TG_OP, TG_TABLE_NAME);
END
$$;

CREATE TRIGGER event_is_append_only BEFORE UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION optout_refuse_history_change();
CREATE TRIGGER event_is_append_only_truncate BEFORE TRUNCATE ON event
    FOR EACH STATEMENT EXECUTE FUNCTION optout_refuse_history_change();
CREATE TRIGGER command_is_append_only BEFORE UPDATE OR DELETE ON command
    FOR EACH ROW EXECUTE FUNCTION optout_refuse_history_change();
CREATE TRIGGER command_is_append_only_truncate BEFORE TRUNCATE ON command
    FOR EACH STATEMENT EXECUTE FUNCTION optout_refuse_history_change();
CREATE TRIGGER undone_record_is_append_only BEFORE UPDATE OR DELETE ON undone_record
    FOR EACH ROW EXECUTE FUNCTION optout_refuse_history_change();
CREATE TRIGGER undone_record_is_append_only_truncate BEFORE TRUNCATE ON undone_record
    FOR EACH STATEMENT EXECUTE FUNCTION optout_refuse_history_change();

-- MARK: - Sealed records

-- Notices, replies, disclosures and deliveries are evidence, sealed in every event's records
-- digest: never changed (undo deletes the rows of the command it takes back, as counsel, after
-- copying them to undone_record). A disclosure's superseding and catalogue match do change.
CREATE FUNCTION optout_refuse_record_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the records are sealed: a % cannot be changed (optout undo takes a command back)', TG_TABLE_NAME
        USING ERRCODE = 'OT004', DETAIL = format('%s on %s refused', TG_OP, TG_TABLE_NAME);
END
$$;

CREATE TRIGGER notice_is_sealed BEFORE UPDATE ON notice
    FOR EACH ROW EXECUTE FUNCTION optout_refuse_record_change();
CREATE TRIGGER reply_is_sealed BEFORE UPDATE ON reply
    FOR EACH ROW EXECUTE FUNCTION optout_refuse_record_change();
CREATE TRIGGER delivery_is_sealed BEFORE UPDATE ON delivery
    FOR EACH ROW EXECUTE FUNCTION optout_refuse_record_change();
CREATE TRIGGER disclosure_is_sealed BEFORE UPDATE ON disclosure
    FOR EACH ROW
    WHEN ((OLD.id, OLD.reply_id, OLD.case_id, OLD.title, OLD.artist, OLD.isrc, OLD.work_key, OLD.access_method,
           OLD.copies_made, OLD.copies_exist, OLD.held_from, OLD.held_until, OLD.justification, OLD.missing,
           OLD.command_id, OLD.via_disclosure_id)
          IS DISTINCT FROM
          (NEW.id, NEW.reply_id, NEW.case_id, NEW.title, NEW.artist, NEW.isrc, NEW.work_key, NEW.access_method,
           NEW.copies_made, NEW.copies_exist, NEW.held_from, NEW.held_until, NEW.justification, NEW.missing,
           NEW.command_id, NEW.via_disclosure_id))
    EXECUTE FUNCTION optout_refuse_record_change();
CREATE TRIGGER notice_is_sealed_truncate BEFORE TRUNCATE ON notice
    FOR EACH STATEMENT EXECUTE FUNCTION optout_refuse_record_change();
CREATE TRIGGER reply_is_sealed_truncate BEFORE TRUNCATE ON reply
    FOR EACH STATEMENT EXECUTE FUNCTION optout_refuse_record_change();
CREATE TRIGGER disclosure_is_sealed_truncate BEFORE TRUNCATE ON disclosure
    FOR EACH STATEMENT EXECUTE FUNCTION optout_refuse_record_change();
CREATE TRIGGER delivery_is_sealed_truncate BEFORE TRUNCATE ON delivery
    FOR EACH STATEMENT EXECUTE FUNCTION optout_refuse_record_change();

-- Rows are stamped with the command writing them when they name none (Schema/003): the latest
-- one, as commands are serialised (optout_lock_history).
CREATE FUNCTION optout_stamp_command() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('SELECT max(id) FROM %I.command', TG_TABLE_SCHEMA) INTO NEW.command_id;
    RETURN NEW;
END
$$;
CREATE TRIGGER notice_command BEFORE INSERT ON notice
    FOR EACH ROW WHEN (NEW.command_id IS NULL) EXECUTE FUNCTION optout_stamp_command();
CREATE TRIGGER reply_command BEFORE INSERT ON reply
    FOR EACH ROW WHEN (NEW.command_id IS NULL) EXECUTE FUNCTION optout_stamp_command();
CREATE TRIGGER disclosure_command BEFORE INSERT ON disclosure
    FOR EACH ROW WHEN (NEW.command_id IS NULL) EXECUTE FUNCTION optout_stamp_command();

-- MARK: - The actor is the login

CREATE FUNCTION optout_actor_is_login() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF optout_is_owner() THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the actor must be the logged-in user'
        USING ERRCODE = 'OT002',
              DETAIL = format('%s.actor is %L; the logged-in user is %L', TG_TABLE_NAME, NEW.actor, session_user);
END
$$;
CREATE TRIGGER command_actor_is_login BEFORE INSERT ON command
    FOR EACH ROW WHEN (NEW.actor IS DISTINCT FROM session_user) EXECUTE FUNCTION optout_actor_is_login();
CREATE TRIGGER event_actor_is_login BEFORE INSERT ON event
    FOR EACH ROW WHEN (NEW.actor IS DISTINCT FROM session_user) EXECUTE FUNCTION optout_actor_is_login();

-- MARK: - What a role may do, beyond privileges

-- Events a clerk may not append: the actions of counsel (extension-granted, escalated, resolved,
-- undone, or any event that undoes one or moves a case to escalated or resolved) and of an admin
-- (registered: a new case; records-sealed: a migration's seal).
CREATE FUNCTION optout_event_role() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.action IN ('registered', 'records-sealed') THEN
        PERFORM optout_require_role('admin', format('an event of action %s', NEW.action));
    ELSIF NEW.undoes IS NOT NULL OR NEW.action = 'undone' THEN
        PERFORM optout_require_role('counsel', 'undoing a command');
    ELSIF NEW.action = 'extension-granted' THEN
        PERFORM optout_require_role('counsel', 'granting an extension');
    ELSIF NEW.action = 'escalated' OR NEW.to_state = 'escalated' THEN
        PERFORM optout_require_role('counsel', 'escalating a case');
    ELSIF NEW.action = 'resolved' OR NEW.to_state = 'resolved' THEN
        PERFORM optout_require_role('counsel', 'resolving a case');
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER event_needs_role BEFORE INSERT ON event
    FOR EACH ROW
    WHEN (NEW.action IN ('registered', 'records-sealed', 'undone', 'extension-granted', 'escalated', 'resolved')
          OR NEW.undoes IS NOT NULL
          OR (NEW.to_state IN ('escalated', 'resolved') AND NEW.to_state IS DISTINCT FROM NEW.from_state))
    EXECUTE FUNCTION optout_event_role();

-- A command that undoes another is counsel's.
CREATE FUNCTION optout_command_role() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM optout_require_role('counsel', 'undoing a command');
    RETURN NEW;
END
$$;
CREATE TRIGGER command_needs_role BEFORE INSERT ON command
    FOR EACH ROW WHEN (NEW.undoes IS NOT NULL) EXECUTE FUNCTION optout_command_role();

-- A case moves, for a clerk, only as notices and replies move it (SPEC section 3): draft to
-- notified with its sent_on and deadline; notified to acknowledged; to incomplete or responded
-- from notified, acknowledged, incomplete, responded or refused; to refused from notified,
-- acknowledged or incomplete. Resolving, escalating, extending a deadline and undoing (any other
-- move) are counsel's.
CREATE FUNCTION optout_case_role() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.resolution IS DISTINCT FROM OLD.resolution
       OR (NEW.state = 'resolved' AND NEW.state IS DISTINCT FROM OLD.state) THEN
        PERFORM optout_require_role('counsel', 'resolving a case');
    ELSIF NEW.state = 'escalated' AND NEW.state IS DISTINCT FROM OLD.state THEN
        PERFORM optout_require_role('counsel', 'escalating a case');
    ELSIF (NEW.deadline IS DISTINCT FROM OLD.deadline OR NEW.sent_on IS DISTINCT FROM OLD.sent_on)
          AND NOT (OLD.state = 'draft' AND NEW.state = 'notified') THEN
        PERFORM optout_require_role('counsel', 'changing a case''s deadline');
    ELSIF NEW.state IS DISTINCT FROM OLD.state AND NOT (
             (OLD.state = 'draft' AND NEW.state = 'notified')
          OR (OLD.state = 'notified' AND NEW.state = 'acknowledged')
          OR (OLD.state IN ('notified', 'acknowledged', 'incomplete', 'responded', 'refused')
              AND NEW.state IN ('incomplete', 'responded'))
          OR (OLD.state IN ('notified', 'acknowledged', 'incomplete') AND NEW.state = 'refused')) THEN
        PERFORM optout_require_role('counsel', format('moving a case from %s to %s', OLD.state, NEW.state));
    END IF;
    RETURN NEW;
END
$$;
-- Not called for the commonest move, a notice's draft to notified (100,000 at once).
CREATE TRIGGER case_needs_role BEFORE UPDATE ON "case"
    FOR EACH ROW
    WHEN ((OLD.state, OLD.sent_on, OLD.deadline, OLD.last_reply_on, OLD.resolution)
          IS DISTINCT FROM (NEW.state, NEW.sent_on, NEW.deadline, NEW.last_reply_on, NEW.resolution)
          AND NOT (OLD.state = 'draft' AND NEW.state = 'notified'
                   AND NEW.resolution IS NOT DISTINCT FROM OLD.resolution))
    EXECUTE FUNCTION optout_case_role();

-- MARK: - After a copy

-- Moves each identity past the largest id its table holds (a copy writes ids itself). For the
-- owner: it needs UPDATE on the sequences.
CREATE FUNCTION optout_sync_identities() RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['campaign', 'recipient', 'case', 'command', 'notice', 'reply', 'work', 'disclosure',
                             'event', 'undone_record', 'delivery'] LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), GREATEST((SELECT max(id) FROM %I), 1), '
                       '(SELECT max(id) FROM %I) IS NOT NULL)', quote_ident(t), t, t);
    END LOOP;
END
$$;

-- Every function resolves names in pg_catalog and this schema only: a session's search_path
-- (or a temporary table of the same name) cannot stand in for a table or function here. Not
-- optout_is_date, which names no table: a SET would stop it being inlined into the CHECKs that
-- run for every one of millions of disclosures (and PUBLIC may create nothing in any schema here).
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['optout_is_owner()', 'optout_require_role(text, text)',
                             'optout_lock_history()', 'optout_history_lock()', 'optout_refuse_history_change()',
                             'optout_refuse_record_change()', 'optout_stamp_command()', 'optout_actor_is_login()',
                             'optout_event_role()', 'optout_command_role()', 'optout_case_role()',
                             'optout_sync_identities()'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f, current_schema());
    END LOOP;
END
$$;

-- MARK: - Privileges

DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO optout_viewer', current_database());
    EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', current_schema());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO optout_viewer', current_schema());
END
$$;

REVOKE ALL ON optout_migration, campaign, recipient, "case", command, notice, reply, work, disclosure, event,
              undone_record, delivery, calendar_holiday, follow_up_step, do_not_contact, sealed_event
    FROM PUBLIC;
REVOKE ALL ON SEQUENCE campaign_id_seq, recipient_id_seq, case_id_seq, command_id_seq, notice_id_seq, reply_id_seq,
                       work_id_seq, disclosure_id_seq, event_id_seq, undone_record_id_seq, delivery_id_seq
    FROM PUBLIC;
-- The report sorts its cases by the rank of each recipient's group head and its depth in the
-- group, computed by the program and put in a temporary table `optout_group_order` (key text,
-- rank bigint, depth bigint) of the reading session; SQLite's program registers the same two
-- functions in Swift. PL/pgSQL, so the temporary table is looked up when called, not now.
CREATE FUNCTION optout_group_rank(name_key text) RETURNS bigint
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT g.rank FROM pg_temp.optout_group_order g WHERE g.key = name_key);
END $$;
CREATE FUNCTION optout_group_depth(name_key text) RETURNS bigint
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN COALESCE((SELECT g.depth FROM pg_temp.optout_group_order g WHERE g.key = name_key), 0);
END $$;

REVOKE ALL ON FUNCTION optout_is_date(text), optout_is_owner(), optout_require_role(text, text),
                       optout_lock_history(), optout_history_lock(), optout_refuse_history_change(),
                       optout_refuse_record_change(), optout_stamp_command(), optout_actor_is_login(),
                       optout_event_role(), optout_command_role(), optout_case_role(), optout_sync_identities(),
                       optout_group_rank(text), optout_group_depth(text)
    FROM PUBLIC;

-- A viewer reads everything (the CHECKs' date rule and the triggers' role test run as the user).
GRANT SELECT ON optout_migration, campaign, recipient, "case", command, notice, reply, work, disclosure, event,
                undone_record, delivery, calendar_holiday, follow_up_step, do_not_contact, sealed_event
    TO optout_viewer;
GRANT EXECUTE ON FUNCTION optout_is_date(text), optout_is_owner(), optout_require_role(text, text),
                           optout_group_rank(text), optout_group_depth(text)
    TO optout_viewer;

-- A clerk logs notices, reminders, replies (with their disclosures) and deliveries.
GRANT INSERT ON command, event, notice, reply, disclosure, delivery TO optout_clerk;
GRANT UPDATE (superseded_by, match_key, work_id, matched_by) ON disclosure TO optout_clerk;
GRANT UPDATE (state, sent_on, deadline, last_reply_on, resolution) ON "case" TO optout_clerk;
GRANT EXECUTE ON FUNCTION optout_lock_history() TO optout_clerk;
-- The identities of the tables the roles insert into.
GRANT USAGE ON SEQUENCE campaign_id_seq, recipient_id_seq, case_id_seq, command_id_seq, notice_id_seq,
                        reply_id_seq, work_id_seq, disclosure_id_seq, event_id_seq, undone_record_id_seq,
                        delivery_id_seq
    TO optout_clerk;

-- Counsel also extends, escalates, resolves (the case columns above, by the triggers) and undoes.
GRANT UPDATE (undoes) ON command TO optout_counsel;
GRANT DELETE ON notice, reply, disclosure, delivery TO optout_counsel;
GRANT INSERT ON undone_record TO optout_counsel;

-- An admin also manages campaigns (and their follow-up ladders), recipients (and do-not-contact),
-- the catalogue and calendars; adding either opens draft cases.
GRANT INSERT, UPDATE, DELETE ON campaign, recipient, work, calendar_holiday, follow_up_step, do_not_contact
    TO optout_admin;
GRANT INSERT ON "case" TO optout_admin;

-- MARK: - Applied

INSERT INTO optout_migration (name, applied_at)
VALUES ('001_team', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));

#!/usr/bin/env bash
# Checks the team schema (Schema/postgresql/*.sql) on a real PostgreSQL server, through psql:
# in a scratch database it applies the schema (twice: the second run must fail with OT003 and
# change nothing; once more in a second scratch database, which reuses the cluster's group roles),
# makes a user of each role, and proves what each may and may not do: events and commands are
# append-only even for the owner, a clerk cannot resolve, escalate, extend or undo, a viewer
# cannot write, nobody writes in someone else's name, writers queue on the history lock while
# readers go on. Prints one `ok - …` line per check; exits non-zero on the first surprise.
#
# Usage: scripts/check-postgres-schema.sh URL
#   URL: a superuser's connection to any database of the server (the scratch databases are
#   created beside it and dropped at the end), e.g.
#   postgresql://postgres@/postgres?host=/tmp/pgdev&port=55432
# The users are NOLOGIN roles the checks become with SET SESSION AUTHORIZATION (so session_user
# is theirs, as after a login), whatever the server's authentication rules; they are dropped at
# the end. The group roles optout_viewer … optout_admin are cluster-wide and left in place.
set -euo pipefail

url="${1:-}"
if [ -z "$url" ]; then
    echo "error: give the server's URL, e.g. scripts/check-postgres-schema.sh 'postgresql://postgres@/postgres?host=/tmp/pgdev&port=55432'" >&2
    exit 2
fi
case "$url" in
    postgresql://* | postgres://*) ;;
    *) echo "error: the URL must start with postgresql:// (got $url)" >&2; exit 2 ;;
esac
command -v psql >/dev/null 2>&1 || { echo "error: psql is not installed (apt-get install postgresql-client)" >&2; exit 2; }

root="$(cd "$(dirname "$0")/.." && pwd)"
schema=("$root"/Schema/postgresql/[0-9][0-9][0-9]_*.sql)
[ -f "${schema[0]}" ] || { echo "error: no Schema/postgresql/NNN_*.sql files under $root" >&2; exit 2; }
# Their names as optout_migration records them (001_team 002_ids …).
migrations="$(for file in "${schema[@]}"; do basename "$file" .sql; done | tr '\n' ' ')"
migrations="${migrations% }"

# The same server and settings, another database: the URL's path replaced.
url_of() {
    local base="${url%%\?*}" query="${url#"${url%%\?*}"}"
    local scheme="${base%%://*}" rest="${base#*://}"
    echo "${scheme}://${rest%%/*}/$1${query}"
}

run="optout_schema_check_$$"
db="$run"
db2="${run}_second"
db3="${run}_third"
viewer="${run}_viewer" clerk="${run}_clerk" counsel="${run}_counsel" admin="${run}_admin" outsider="${run}_outsider"
psql_=(psql -X -q -v ON_ERROR_STOP=1)
held=""

cleanup() {
    local status=$?
    [ -n "$held" ] && kill "$held" 2>/dev/null && wait "$held" 2>/dev/null
    "${psql_[@]}" -d "$url" >/dev/null 2>&1 <<SQL || true
DROP DATABASE IF EXISTS "$db" WITH (FORCE);
DROP DATABASE IF EXISTS "$db2" WITH (FORCE);
DROP DATABASE IF EXISTS "$db3" WITH (FORCE);
DROP ROLE IF EXISTS "$viewer", "$clerk", "$counsel", "$admin", "$outsider";
SQL
    [ $status -eq 0 ] && echo "all checks passed" || echo "FAILED (status $status)" >&2
    exit $status
}
trap cleanup EXIT

surprise() { echo "SURPRISE - $*" >&2; exit 1; }

apply() { # DATABASE: every schema file in order, each in one transaction
    local file
    for file in "${schema[@]}"; do
        "${psql_[@]}" --single-transaction -d "$(url_of "$1")" -f "$file" 2>&1
    done
}

# In DATABASE, the SQL on standard input, as a superuser with the check functions; prints the
# `ok - …` lines (psql stops, non-zero, at the first SURPRISE).
checks() {
    {
        cat <<'SQL'
\set VERBOSITY terse
SET client_min_messages = warning;
-- A statement the server must refuse with this SQLSTATE.
CREATE FUNCTION pg_temp.refused(label text, statement text, expected text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    BEGIN
        EXECUTE statement;
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE = expected THEN
            RETURN format('ok - %s: refused, %s %s', label, SQLSTATE, SQLERRM);
        END IF;
        RAISE EXCEPTION 'SURPRISE - %: expected SQLSTATE %, got % (%)', label, expected, SQLSTATE, SQLERRM;
    END;
    RAISE EXCEPTION 'SURPRISE - %: expected SQLSTATE %, but the server allowed it', label, expected;
END
$f$;
-- A statement the server must allow.
CREATE FUNCTION pg_temp.allowed(label text, statement text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    EXECUTE statement;
    RETURN format('ok - %s', label);
EXCEPTION WHEN OTHERS THEN
    RAISE EXCEPTION 'SURPRISE - %: refused with % (%)', label, SQLSTATE, SQLERRM;
END
$f$;
-- A fact that must hold.
CREATE FUNCTION pg_temp.holds(label text, fact boolean) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
    IF fact IS NOT TRUE THEN
        RAISE EXCEPTION 'SURPRISE - %', label;
    END IF;
    RETURN format('ok - %s', label);
END
$f$;
SQL
        cat
    } | "${psql_[@]}" -At -d "$(url_of "$1")" \
        -v viewer="$viewer" -v clerk="$clerk" -v counsel="$counsel" -v admin="$admin" -v outsider="$outsider" \
        -v migrations="$migrations"
}

echo "# server: $("${psql_[@]}" -At -d "$url" -c 'SHOW server_version')"
"${psql_[@]}" -d "$url" <<SQL
CREATE DATABASE "$db";
CREATE DATABASE "$db2";
CREATE DATABASE "$db3";
SQL
# The group roles may not exist yet: the first apply creates them, then the users join them.
out="$(apply "$db")" || surprise "the schema does not apply to an empty database: $out"
echo "ok - the schema applies to an empty database"
"${psql_[@]}" -d "$url" <<SQL
CREATE ROLE "$viewer" NOLOGIN IN ROLE optout_viewer;
CREATE ROLE "$clerk" NOLOGIN IN ROLE optout_clerk;
CREATE ROLE "$counsel" NOLOGIN IN ROLE optout_counsel;
CREATE ROLE "$admin" NOLOGIN IN ROLE optout_admin;
CREATE ROLE "$outsider" NOLOGIN;
SQL

# --- Applied once: a second run fails at once, with OT003, and changes nothing.
fingerprint() {
    "${psql_[@]}" -At -d "$(url_of "$db")" -c "
        SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (
            SELECT c.relname || ':' || c.relkind::text || ':' || coalesce(c.relacl::text, '') AS x FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace
            UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal
            UNION ALL SELECT p.oid::regprocedure::text || md5(p.prosrc) || p.proowner::regrole::text
                             || coalesce(p.proacl::text, '') || coalesce(p.proconfig::text, '')
                      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
            UNION ALL SELECT name || applied_at FROM optout_migration) s"
}
before="$(fingerprint)"
for file in "${schema[@]}"; do
    if out="$("${psql_[@]}" -v VERBOSITY=verbose --single-transaction -d "$(url_of "$db")" -f "$file" 2>&1)"; then
        surprise "a second run of ${file##*/} succeeded"
    fi
    grep -q 'OT003' <<<"$out" || surprise "a second run of ${file##*/} failed without OT003: $out"
    [ "$(fingerprint)" = "$before" ] || surprise "a second run of ${file##*/} changed the database"
    echo "ok - a second run of ${file##*/} fails with OT003 and changes nothing"
done

# --- Later files need the earlier ones: on a database without optout's schema they fail, leaving it empty.
for file in "${schema[@]:1}"; do
    if out="$("${psql_[@]}" --single-transaction -d "$(url_of "$db3")" -f "$file" 2>&1)"; then
        surprise "${file##*/} applied to a database without 001"
    fi
    left="$("${psql_[@]}" -At -d "$(url_of "$db3")" -c "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace")
$("${psql_[@]}" -At -d "$(url_of "$db3")" -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace")"
    [ "$left" = $'0\n0' ] || surprise "${file##*/} on a database without 001 left something behind: $left"
    echo "ok - ${file##*/} alone, on a database without 001, fails and changes nothing"
done

# --- A second optout database on the same server reuses the group roles.
out="$(apply "$db2")" || surprise "the schema does not apply beside another optout database: $out"
echo "ok - a second optout database on the server reuses the group roles"

# --- The schema as a whole.
checks "$db" <<'SQL'
SELECT pg_temp.holds('the four group roles exist and cannot log in',
    (SELECT count(*) FROM pg_roles WHERE rolname IN ('optout_viewer', 'optout_clerk', 'optout_counsel', 'optout_admin')
                                     AND NOT rolcanlogin) = 4);
SELECT pg_temp.holds('admin is counsel is clerk is viewer, and not the other way',
    pg_has_role('optout_admin', 'optout_counsel', 'MEMBER') AND pg_has_role('optout_counsel', 'optout_clerk', 'MEMBER')
    AND pg_has_role('optout_clerk', 'optout_viewer', 'MEMBER') AND NOT pg_has_role('optout_clerk', 'optout_counsel', 'MEMBER')
    AND NOT pg_has_role('optout_viewer', 'optout_clerk', 'MEMBER'));
SELECT pg_temp.holds('PUBLIC may not connect, read or write',
    NOT has_database_privilege('public', current_database(), 'CONNECT')
    AND NOT has_schema_privilege('public', 'public', 'USAGE')
    AND NOT has_table_privilege('public', 'event', 'SELECT') AND NOT has_table_privilege('public', 'campaign', 'INSERT'));
SELECT pg_temp.holds('optout_migration records every file of Schema/postgresql, in order',
    (SELECT array_agg(name ORDER BY name) FROM optout_migration) = string_to_array(:'migrations', ' '));
SELECT pg_temp.holds('text sorts as SQLite''s BINARY does (collation C)',
    (SELECT bool_and(collation_name = 'C') FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type = 'text'));
SELECT pg_temp.holds('a date is a calendar date from 1900-01-01 to 2200-12-31, as SQLite''s date() has it',
    (SELECT bool_and(optout_is_date(d) IS NOT DISTINCT FROM ok) FROM (VALUES
        ('2024-02-29', true), ('2000-02-29', true), ('1900-01-01', true), ('2200-12-31', true), ('2024-12-31', true),
        ('2024-02-30', false), ('2023-02-29', false), ('1900-02-29', false), ('2024-04-31', false), ('2024-13-01', false),
        ('2024-00-10', false), ('2024-01-00', false), ('1899-12-31', false), ('2201-01-01', false), ('2024-1-01', false),
        ('2024-01-01 ', false), ('２０２４-01-01', false), ('', false), (NULL, NULL)) v (d, ok)));

-- The admin sets up a campaign of three recipients with their draft cases.
SET SESSION AUTHORIZATION :"admin";
SELECT pg_temp.allowed('admin opens a command', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-01T09:00:00Z', session_user, 'campaign add')$$);
SELECT pg_temp.allowed('admin adds a campaign', $$INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
    VALUES ('Wave', 'WAVE', 'Label', 'ai-developer', '2024-07-01', 'all', 'default', '2024-06-01T09:00:00Z')$$);
SELECT pg_temp.allowed('admin adds recipients', $$INSERT INTO recipient (name, name_key, category)
    VALUES ('beta Labs', 'BETA LABS', 'ai-developer'), ('Alpha AI', 'ALPHA AI', 'ai-developer'), ('Gamma', 'GAMMA', 'ai-developer')$$);
SELECT pg_temp.allowed('admin opens their draft cases', $$INSERT INTO "case" (campaign_id, recipient_id, state)
    SELECT c.id, r.id, 'draft' FROM campaign c, recipient r ORDER BY r.id$$);
SELECT pg_temp.allowed('admin appends their registered events', $$INSERT INTO event (id, case_id, at, actor, action, to_state, command_id)
    SELECT k.id, k.id, '2024-06-01T09:00:00Z', session_user, 'registered', 'draft', (SELECT max(id) FROM command) FROM "case" k$$);
SELECT pg_temp.allowed('admin sets a follow-up ladder', $$INSERT INTO follow_up_step (campaign_id, kind, offset_days) VALUES (1, 'remind', -3)$$);
SELECT pg_temp.allowed('admin adds a holiday calendar', $$INSERT INTO calendar_holiday VALUES ('Court', 'COURT', '2024-12-24', 'Eve', '2024-06-01T09:00:00Z')$$);
SELECT pg_temp.allowed('admin imports a work', $$INSERT INTO work (title, artist, isrc) VALUES ('Song', 'Band', 'USABC2400001')$$);
SELECT pg_temp.refused('admin edits an event', $$UPDATE event SET note = 'x' WHERE id = 1$$, '42501');
SELECT pg_temp.holds('text is ordered byte by byte: upper case before lower', (SELECT array_agg(name ORDER BY name) FROM recipient)
    = ARRAY['Alpha AI', 'Gamma', 'beta Labs']);
RESET SESSION AUTHORIZATION;

-- The clerk logs a notice and a reply, with disclosures.
SET SESSION AUTHORIZATION :"clerk";
SELECT pg_temp.allowed('clerk opens a command (taking the history lock)', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-03T09:00:00Z', session_user, 'notice send')$$);
SELECT pg_temp.allowed('clerk logs a notice', $$INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256)
    VALUES (1, '2024-06-03', 'email', '2024-07-01', 'default', repeat('a', 64))$$);
SELECT pg_temp.holds('the notice is stamped with the clerk''s command',
    (SELECT n.command_id = (SELECT max(id) FROM command) FROM notice n WHERE case_id = 1));
SELECT pg_temp.allowed('clerk moves the case from draft to notified, with its deadline', $$UPDATE "case" SET state = 'notified', sent_on = '2024-06-03', deadline = '2024-07-01' WHERE id = 1$$);
SELECT pg_temp.allowed('clerk appends notice-sent', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-03T09:00:00Z', session_user, 'notice-sent', 'draft', 'notified', '2024-06-03', (SELECT max(id) FROM command))$$);
SELECT pg_temp.allowed('clerk delivers the notice', $$INSERT INTO delivery (notice_id, case_id, method, address, message_id, message_sha256, message_headers, agent_output)
    VALUES ((SELECT max(id) FROM notice), 1, 'email', 'legal@beta.example', '<1@x>', repeat('b', 64), 'To: legal@beta.example', '')$$);
SELECT pg_temp.allowed('clerk logs a reminder', $$INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256, kind)
    VALUES (1, '2024-06-20', 'email', '2024-07-01', 'default', repeat('c', 64), 'reminder')$$);
SELECT pg_temp.allowed('clerk records a reply', $$INSERT INTO reply (case_id, received_on, kind) VALUES (1, '2024-06-10', 'disclosure')$$);
SELECT pg_temp.allowed('clerk records its disclosures', $$INSERT INTO disclosure (reply_id, case_id, title, artist, missing)
    VALUES ((SELECT max(id) FROM reply), 1, 'Song', 'Band', 'isrc'), ((SELECT max(id) FROM reply), 1, 'Song', 'Band', '')$$);
SELECT pg_temp.allowed('clerk supersedes a disclosure and matches it to the catalogue', $$UPDATE disclosure
    SET superseded_by = (SELECT max(id) FROM disclosure), work_id = (SELECT id FROM work), matched_by = 'title-artist'
    WHERE id = (SELECT min(id) FROM disclosure)$$);
SELECT pg_temp.allowed('clerk moves the case from notified to incomplete', $$UPDATE "case" SET state = 'incomplete', last_reply_on = '2024-06-10' WHERE id = 1$$);
SELECT pg_temp.allowed('clerk appends the reply''s event', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-10T09:00:00Z', session_user, 'reply-disclosure', 'notified', 'incomplete', '2024-06-10', (SELECT max(id) FROM command))$$);
SELECT pg_temp.allowed('clerk notifies a second case', $$UPDATE "case" SET state = 'notified', sent_on = '2024-06-03', deadline = '2024-07-01' WHERE id = 2$$);
SELECT pg_temp.allowed('clerk takes the history lock', $$SELECT optout_lock_history()$$);

SELECT pg_temp.refused('clerk resolves a case', $$UPDATE "case" SET state = 'resolved', resolution = 'licensed' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk moves a case to resolved', $$UPDATE "case" SET state = 'resolved' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk sets a resolution', $$UPDATE "case" SET resolution = 'settled' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk escalates a case', $$UPDATE "case" SET state = 'escalated' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk moves a case''s deadline', $$UPDATE "case" SET deadline = '2024-08-01' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk notifies a case again with a new deadline', $$UPDATE "case" SET state = 'notified', deadline = '2024-09-01' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk moves a case back to draft (as undo does)', $$UPDATE "case" SET state = 'draft', sent_on = NULL, deadline = NULL WHERE id = 2$$, '42501');
SELECT pg_temp.refused('clerk moves a case from incomplete back to notified', $$UPDATE "case" SET state = 'notified' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk moves a case to another recipient', $$UPDATE "case" SET recipient_id = 3 WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk appends an event of action resolve', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-11T09:00:00Z', session_user, 'resolved', 'incomplete', 'resolved', (SELECT max(id) FROM command))$$, '42501');
SELECT pg_temp.refused('clerk appends a resolve under a clerk''s action name', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-11T09:00:00Z', session_user, 'reply-refusal', 'incomplete', 'resolved', (SELECT max(id) FROM command))$$, '42501');
SELECT pg_temp.refused('clerk appends an escalation', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-11T09:00:00Z', session_user, 'escalated', 'incomplete', 'escalated', (SELECT max(id) FROM command))$$, '42501');
SELECT pg_temp.refused('clerk appends an extension', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-11T09:00:00Z', session_user, 'extension-granted', 'incomplete', 'incomplete', (SELECT max(id) FROM command))$$, '42501');
SELECT pg_temp.refused('clerk appends an event that undoes another', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id, undoes)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-11T09:00:00Z', session_user, 'reply-disclosure', 'incomplete', 'notified', (SELECT max(id) FROM command), 1)$$, '42501');
SELECT pg_temp.refused('clerk appends a registered event', $$INSERT INTO event (id, case_id, at, actor, action, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-11T09:00:00Z', session_user, 'registered', 'draft', (SELECT max(id) FROM command))$$, '42501');
SELECT pg_temp.refused('clerk opens a command that undoes another', $$INSERT INTO command (at, actor, name, undoes) VALUES ('2024-06-11T09:00:00Z', session_user, 'undo', 1)$$, '42501');
SELECT pg_temp.refused('clerk names a command undone (undo)', $$UPDATE command SET undoes = 1 WHERE id = (SELECT max(id) FROM command)$$, '42501');
SELECT pg_temp.refused('clerk takes a notice back', $$DELETE FROM notice WHERE id = (SELECT max(id) FROM notice)$$, '42501');
SELECT pg_temp.refused('clerk writes an undone record', $$INSERT INTO undone_record (command_id, table_name, row_id, content) VALUES (1, 'notice', 1, '{}')$$, '42501');
SELECT pg_temp.refused('clerk writes a command in someone else''s name', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-11T09:00:00Z', 'someone-else', 'reply')$$, 'OT002');
SELECT pg_temp.refused('clerk writes an event in someone else''s name', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-11T09:00:00Z', 'someone-else', 'reminder-sent', 'incomplete', 'incomplete', (SELECT max(id) FROM command))$$, 'OT002');
SELECT pg_temp.refused('clerk edits an event', $$UPDATE event SET note = 'x' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk deletes an event', $$DELETE FROM event WHERE id = 1$$, '42501');
SELECT pg_temp.refused('clerk changes a disclosure''s facts', $$UPDATE disclosure SET copies_made = 0$$, '42501');
SELECT pg_temp.refused('clerk adds a campaign', $$INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
    VALUES ('W2', 'W2', 'L', 'other', '2024-07-01', 'all', 'default', 'x')$$, '42501');
SELECT pg_temp.refused('clerk adds a recipient', $$INSERT INTO recipient (name, name_key, category) VALUES ('D', 'D', 'other')$$, '42501');
SELECT pg_temp.refused('clerk marks a recipient do-not-contact', $$INSERT INTO do_not_contact (recipient_id) VALUES (2)$$, '42501');
SELECT pg_temp.refused('clerk logs a notice dated 2024-02-30', $$INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256)
    VALUES (1, '2024-02-30', 'email', '2024-07-01', 'default', repeat('a', 64))$$, '23514');
SELECT pg_temp.refused('clerk records a reply of an unknown kind', $$INSERT INTO reply (case_id, received_on, kind) VALUES (1, '2024-06-10', 'thanks')$$, '23514');
RESET SESSION AUTHORIZATION;

-- Counsel extends, escalates, resolves; the clerk may still record a reply to an escalated case.
SET SESSION AUTHORIZATION :"counsel";
SELECT pg_temp.allowed('counsel opens a command', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-12T09:00:00Z', session_user, 'extend')$$);
SELECT pg_temp.allowed('counsel extends a deadline', $$UPDATE "case" SET deadline = '2024-08-01' WHERE id = 1$$);
SELECT pg_temp.allowed('counsel appends extension-granted', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-12T09:00:00Z', session_user, 'extension-granted', 'incomplete', 'incomplete', '2024-08-01', (SELECT max(id) FROM command))$$);
SELECT pg_temp.allowed('counsel escalates a case', $$UPDATE "case" SET state = 'escalated', resolution = NULL WHERE id = 1$$);
SELECT pg_temp.allowed('counsel appends escalated', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-12T09:00:00Z', session_user, 'escalated', 'incomplete', 'escalated', (SELECT max(id) FROM command))$$);
SELECT pg_temp.refused('counsel edits an event', $$UPDATE event SET note = 'x' WHERE id = 1$$, '42501');
SELECT pg_temp.refused('counsel adds a recipient', $$INSERT INTO recipient (name, name_key, category) VALUES ('D', 'D', 'other')$$, '42501');
SELECT pg_temp.refused('counsel appends a registered event', $$INSERT INTO event (id, case_id, at, actor, action, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 3, '2024-06-12T09:00:00Z', session_user, 'registered', 'draft', (SELECT max(id) FROM command))$$, '42501');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION :"clerk";
SELECT pg_temp.allowed('clerk opens a command', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-13T09:00:00Z', session_user, 'reply')$$);
SELECT pg_temp.allowed('clerk records a reply to the escalated case', $$UPDATE "case" SET last_reply_on = '2024-06-13' WHERE id = 1$$);
SELECT pg_temp.allowed('clerk appends the reply, which leaves the case escalated', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, on_date, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-13T09:00:00Z', session_user, 'reply-acknowledgement', 'escalated', 'escalated', '2024-06-13', (SELECT max(id) FROM command))$$);
SELECT pg_temp.refused('clerk moves the escalated case on', $$UPDATE "case" SET state = 'responded' WHERE id = 1$$, '42501');
RESET SESSION AUTHORIZATION;

SET SESSION AUTHORIZATION :"counsel";
SELECT pg_temp.allowed('counsel opens a command', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-14T09:00:00Z', session_user, 'resolve')$$);
SELECT pg_temp.allowed('counsel resolves a case', $$UPDATE "case" SET state = 'resolved', resolution = 'licensed' WHERE id = 1$$);
SELECT pg_temp.allowed('counsel appends resolved', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id)
    VALUES ((SELECT max(id) + 1 FROM event), 1, '2024-06-14T09:00:00Z', session_user, 'resolved', 'escalated', 'resolved', (SELECT max(id) FROM command))$$);
SELECT pg_temp.refused('counsel names an old command undone', $$UPDATE command SET undoes = 1 WHERE id = 2$$, 'OT001');
-- Undo, as one transaction: the command names the one it reverses, its rows go to undone_record.
BEGIN;
SELECT pg_temp.allowed('counsel opens an undo', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-15T09:00:00Z', session_user, 'undo')$$);
SELECT pg_temp.allowed('counsel''s undo names the command it reverses, in its own new command row', $$UPDATE command SET undoes = (SELECT min(id) FROM command WHERE name = 'notice send') WHERE id = (SELECT max(id) FROM command)$$);
SELECT pg_temp.refused('counsel''s undo names it a second time', $$UPDATE command SET undoes = 1 WHERE id = (SELECT max(id) FROM command)$$, 'OT001');
SELECT pg_temp.allowed('counsel keeps the rows undo takes back', $$INSERT INTO undone_record (command_id, table_name, row_id, content)
    SELECT (SELECT max(id) FROM command), 'delivery', id, row_to_json(d)::text FROM delivery d$$);
SELECT pg_temp.allowed('counsel takes a delivery and its notice back', $$WITH gone AS (DELETE FROM delivery RETURNING notice_id)
    DELETE FROM notice WHERE id IN (SELECT notice_id FROM gone)$$);
SELECT pg_temp.allowed('counsel puts a case back as it was', $$UPDATE "case" SET state = 'draft', sent_on = NULL, deadline = NULL WHERE id = 2$$);
SELECT pg_temp.allowed('counsel appends undone', $$INSERT INTO event (id, case_id, at, actor, action, from_state, to_state, command_id, undoes)
    VALUES ((SELECT max(id) + 1 FROM event), 2, '2024-06-15T09:00:00Z', session_user, 'undone', 'notified', 'draft', (SELECT max(id) FROM command), 4)$$);
COMMIT;
SELECT pg_temp.refused('counsel changes an undone record', $$UPDATE undone_record SET content = '{}'$$, '42501');
RESET SESSION AUTHORIZATION;

-- A viewer reads; a login without an optout role sees nothing.
SET SESSION AUTHORIZATION :"viewer";
SELECT pg_temp.allowed('viewer reads the sealed history', $$SELECT count(*) FROM sealed_event$$);
SELECT pg_temp.holds('viewer sees every event', (SELECT count(*) FROM event) >= 9);
SELECT pg_temp.refused('viewer opens a command', $$INSERT INTO command (at, actor, name) VALUES ('x', session_user, 'reply')$$, '42501');
SELECT pg_temp.refused('viewer logs a notice', $$INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256)
    VALUES (3, '2024-06-03', 'email', '2024-07-01', 'default', repeat('a', 64))$$, '42501');
SELECT pg_temp.refused('viewer moves a case', $$UPDATE "case" SET state = 'notified' WHERE id = 3$$, '42501');
SELECT pg_temp.refused('viewer takes the history lock (and would hold up writers)', $$SELECT optout_lock_history()$$, '42501');
RESET SESSION AUTHORIZATION;
SELECT pg_temp.holds('a user without an optout role may not connect', NOT has_database_privilege(:'outsider', current_database(), 'CONNECT')
    AND has_database_privilege(:'viewer', current_database(), 'CONNECT'));
SET SESSION AUTHORIZATION :"outsider";
SELECT pg_temp.refused('a user without an optout role reads nothing', $$SELECT count(*) FROM public.event$$, '42501');
RESET SESSION AUTHORIZATION;

-- The owner (here a superuser) is held by the history's rules too.
SELECT pg_temp.refused('the owner edits an event', $$UPDATE event SET note = 'x' WHERE id = 1$$, 'OT001');
SELECT pg_temp.refused('the owner deletes an event', $$DELETE FROM event WHERE id = (SELECT max(id) FROM event)$$, 'OT001');
SELECT pg_temp.refused('the owner truncates the history', $$TRUNCATE event$$, 'OT001');
SELECT pg_temp.refused('the owner deletes a command', $$DELETE FROM command WHERE id = 1$$, 'OT001');
SELECT pg_temp.refused('the owner changes a command', $$UPDATE command SET name = 'x' WHERE id = 1$$, 'OT001');
SELECT pg_temp.refused('the owner changes an undone record', $$UPDATE undone_record SET content = '{}'$$, 'OT001');
SELECT pg_temp.refused('the owner changes a notice''s letter digest', $$UPDATE notice SET letter_sha256 = repeat('f', 64)$$, 'OT004');
SELECT pg_temp.refused('the owner changes a reply', $$UPDATE reply SET summary = 'x'$$, 'OT004');
SELECT pg_temp.refused('the owner changes a disclosure''s facts', $$UPDATE disclosure SET copies_made = 0$$, 'OT004');
SELECT pg_temp.refused('the owner truncates the notices', $$TRUNCATE notice CASCADE$$, 'OT004');
SELECT pg_temp.allowed('the owner rewrites the catalogue match', $$UPDATE disclosure SET matched_by = 'unknown-work', work_id = NULL$$);
SELECT pg_temp.allowed('the owner copies a history in with its own actors', $$INSERT INTO command (id, at, actor, name) VALUES (1000, '2024-01-01T00:00:00Z', 'alice', 'reply')$$);
BEGIN;
SELECT pg_temp.allowed('the owner opens a command', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-16T09:00:00Z', session_user, 'x')$$);
SELECT pg_temp.refused('the owner renames its own new command', $$UPDATE command SET name = 'y' WHERE id = (SELECT max(id) FROM command)$$, 'OT001');
ROLLBACK;
SELECT pg_temp.allowed('the owner moves the identities past copied ids', $$SELECT optout_sync_identities()$$);
SELECT pg_temp.holds('the next command id follows the copied ones', (SELECT nextval('command_id_seq') = 1001));
SELECT pg_temp.holds('every check of this session left the history append-only',
    (SELECT count(*) FROM event WHERE note IS NOT NULL) = 0);
SQL

# --- Ids never skip (002): every writer, once it holds the history lock, draws MAX(id) + 1 in every
# table, whatever earlier writers drew and rolled back, as SQLite's rowid does on a file.
ids_checks() { # DATABASE: the ids checks, in a database of optout's (empty or not)
    checks "$1" <<'SQL'
-- Whether every identity of the schema (those 002 lists and any a later file forgets) draws
-- MAX(id) + 1 next, 1 when empty. Draws one id of each (run optout_reset_identities() after).
CREATE FUNCTION pg_temp.ids_follow_max() RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    r record;
    biggest bigint;
    next bigint;
    wrong text := '';
BEGIN
    FOR r IN SELECT a.attrelid::regclass AS t, a.attname AS c FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid
             WHERE a.attidentity <> '' AND k.relnamespace = 'public'::regnamespace ORDER BY 1 LOOP
        EXECUTE format('SELECT max(%I) FROM %s', r.c, r.t) INTO biggest;
        next := nextval(pg_get_serial_sequence(r.t::text, r.c));
        IF next <> COALESCE(biggest, 0) + 1 THEN
            wrong := wrong || format(' %s.%s: next %s after %s;', r.t, r.c, next, biggest);
        END IF;
    END LOOP;
    RETURN wrong;
END
$f$;
-- Draws (and throws away) three ids of every identity, as writers that rolled back would.
CREATE FUNCTION pg_temp.burn_ids() RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    r record;
    n integer := 0;
BEGIN
    FOR r IN SELECT a.attrelid::regclass AS t, a.attname AS c FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid
             WHERE a.attidentity <> '' AND k.relnamespace = 'public'::regnamespace LOOP
        PERFORM nextval(pg_get_serial_sequence(r.t::text, r.c)) FROM generate_series(1, 3);
        n := n + 1;
    END LOOP;
    RETURN format('ok - three ids of each of the %s identities drawn and thrown away, as by writers that rolled back', n);
END
$f$;
SELECT pg_temp.holds('optout_reset_identities runs as its owner, the owner of the tables, with a pinned search_path',
    (SELECT prosecdef AND proowner = (SELECT relowner FROM pg_class WHERE oid = 'event'::regclass)
            AND proconfig = ARRAY['search_path=pg_catalog, public, pg_temp']
     FROM pg_proc WHERE oid = 'optout_reset_identities()'::regprocedure));
SELECT pg_temp.holds('optout_lock_history, replaced, still runs as its owner with a pinned search_path',
    (SELECT prosecdef AND proowner = (SELECT relowner FROM pg_class WHERE oid = 'event'::regclass)
            AND proconfig = ARRAY['search_path=pg_catalog, public, pg_temp']
     FROM pg_proc WHERE oid = 'optout_lock_history()'::regprocedure));
SELECT pg_temp.holds('a clerk may reset the identities; a viewer, PUBLIC and an outsider may not',
    has_function_privilege('optout_clerk', 'optout_reset_identities()', 'EXECUTE')
    AND has_function_privilege(:'clerk', 'optout_reset_identities()', 'EXECUTE')
    AND NOT has_function_privilege('optout_viewer', 'optout_reset_identities()', 'EXECUTE')
    AND NOT has_function_privilege(:'viewer', 'optout_reset_identities()', 'EXECUTE')
    AND NOT has_function_privilege('public', 'optout_reset_identities()', 'EXECUTE')
    AND NOT has_function_privilege(:'outsider', 'optout_reset_identities()', 'EXECUTE'));
SELECT pg_temp.burn_ids();
SET SESSION AUTHORIZATION :"viewer";
SELECT pg_temp.refused('viewer resets the identities', $$SELECT optout_reset_identities()$$, '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION :"outsider";
SELECT pg_temp.refused('an outsider resets the identities', $$SELECT public.optout_reset_identities()$$, '42501');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION :"clerk";
SELECT pg_temp.allowed('clerk resets the identities', $$SELECT optout_reset_identities()$$);
RESET SESSION AUTHORIZATION;
SELECT pg_temp.holds('after a reset every identity draws MAX(id) + 1 (1 when empty)', pg_temp.ids_follow_max() = '');
SELECT pg_temp.burn_ids();
SET SESSION AUTHORIZATION :"clerk";
SELECT pg_temp.allowed('clerk takes the history lock', $$SELECT optout_lock_history()$$);
RESET SESSION AUTHORIZATION;
SELECT pg_temp.holds('taking the history lock resets every identity to MAX(id) + 1', pg_temp.ids_follow_max() = '');
SELECT pg_temp.allowed('the owner resets the identities', $$SELECT optout_reset_identities()$$);
SQL
}
ids_checks "$db"
ids_checks "$db2"
# Opening a command with psql (no explicit lock: the INSERT's trigger takes it) after one that
# rolled back: the new command's id follows the last kept one.
checks "$db" <<'SQL'
SELECT max(id) AS kept FROM command \gset
SET SESSION AUTHORIZATION :"clerk";
BEGIN;
SELECT pg_temp.allowed('clerk opens a command, logs a reply', $$WITH c AS (INSERT INTO command (at, actor, name)
    VALUES ('2024-06-21T09:00:00Z', session_user, 'reply') RETURNING id)
    INSERT INTO reply (case_id, received_on, kind, command_id) SELECT 1, '2024-06-21', 'acknowledgement', id FROM c$$);
ROLLBACK;
SELECT max(id) AS replies FROM reply \gset
SELECT pg_temp.allowed('clerk opens the next command, logs a reply', $$WITH c AS (INSERT INTO command (at, actor, name)
    VALUES ('2024-06-22T09:00:00Z', session_user, 'reply') RETURNING id)
    INSERT INTO reply (case_id, received_on, kind, command_id) SELECT 1, '2024-06-22', 'acknowledgement', id FROM c$$);
RESET SESSION AUTHORIZATION;
SELECT pg_temp.holds('a rolled-back command leaves no gap in the command ids', (SELECT max(id) FROM command) = :kept + 1);
SELECT pg_temp.holds('nor in the reply ids', (SELECT max(id) FROM reply) = :replies + 1);
SQL

# --- One writer at a time: a clerk's open command holds the history lock; another writer waits
# (here: gives up after 300 ms), a reader does not.
"${psql_[@]}" -d "$(url_of "$db")" 2>/dev/null <<SQL &
SET SESSION AUTHORIZATION "$clerk";
BEGIN;
INSERT INTO command (at, actor, name) VALUES ('2024-06-20T09:00:00Z', session_user, 'notice send');
SELECT pg_sleep(20);
ROLLBACK;
SQL
held=$!
for _ in $(seq 1 100); do
    n="$("${psql_[@]}" -At -d "$(url_of "$db")" -c "SELECT count(*) FROM pg_locks WHERE relation = 'event'::regclass AND mode = 'ExclusiveLock' AND granted")"
    [ "$n" = "1" ] && break
    sleep 0.1
done
[ "$n" = "1" ] || surprise "a clerk's open command does not hold the history lock"
echo "ok - a command, once opened, holds the history lock (EXCLUSIVE on event)"
checks "$db" <<'SQL'
SET lock_timeout = '300ms';
SET SESSION AUTHORIZATION :"counsel";
SELECT pg_temp.refused('a second writer waits for the history lock', $$INSERT INTO command (at, actor, name) VALUES ('2024-06-20T09:00:01Z', session_user, 'resolve')$$, '55P03');
SELECT pg_temp.refused('a second writer waits for the history lock it asks for', $$SELECT optout_lock_history()$$, '55P03');
SELECT pg_temp.refused('resetting the identities waits for the writer too (it never winds them back under it)', $$SELECT optout_reset_identities()$$, '55P03');
RESET SESSION AUTHORIZATION;
SET SESSION AUTHORIZATION :"viewer";
SELECT pg_temp.allowed('a reader reads the history meanwhile', $$SELECT count(*) FROM event$$);
RESET SESSION AUTHORIZATION;
SQL
"${psql_[@]}" -At -d "$(url_of "$db")" >/dev/null \
    -c "SELECT pg_cancel_backend(pid) FROM pg_locks WHERE relation = 'event'::regclass AND mode = 'ExclusiveLock'"
wait "$held" 2>/dev/null || true
held=""

#!/usr/bin/env bash
# The bulk steps of SPEC section 8 on a team database (SPEC section 9), each beside psql doing the
# same work on the same server in the same run, as Benchmarks/run.sh sets optout on a file beside
# the sqlite3 program:
#
# - "psql, the same work": one psql script in one transaction that loads the same CSV with \copy
#   into a temporary table and writes the same rows into optout's own tables (same indexes,
#   constraints and triggers): recipients with their cases and one event each; notices with the
#   cases' new state and one event each; works; a reply with its disclosures matched to the
#   catalogue. Its events carry a SHA-256 computed by the server, not a chain; it validates
#   nothing, folds no names and supersedes nothing, so it is a floor, not the same program.
# - "psql \copy": the bare load of the CSV rows into a table of the file's columns.
# - "optout on a file": the same command on an SQLite file, for scale.
#
# Every figure is the median of --runs runs, each on fresh databases. Prints one Markdown table.
#
#   bash Benchmarks/server.sh SUPERUSER_URL [--optout BINARY] [--size N] [--runs R] [--dir DIR]
#
#   SUPERUSER_URL   postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres (scripts/postgres-server.sh url DIR)
#   --optout        the binary to measure (default: a release build, built if needed)
#   --size N        rows per step (default 100000; the data comes from Benchmarks/generate.py)
#   --runs R        runs of every step (default 3)
#   --dir DIR       work folder (default /tmp/optout-bench); data cached in DIR/data
set -euo pipefail
cd "$(dirname "$0")/.."

url=${1:?usage: Benchmarks/server.sh SUPERUSER_URL [--optout BINARY] [--size N] [--runs R] [--dir DIR]}
shift
binary=""
size=100000
runs=3
dir=${BENCH_DIR:-/tmp/optout-bench}
while [ $# -gt 0 ]; do
    case "$1" in
        --optout) binary=${2:?}; shift 2 ;;
        --size) size=${2:?}; shift 2 ;;
        --runs) runs=${2:?}; shift 2 ;;
        --dir) dir=${2:?}; shift 2 ;;
        *) echo "error: unknown argument $1" >&2; exit 2 ;;
    esac
done
for tool in psql python3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed (apt-get install postgresql-client-15 python3)" >&2; exit 1; }
done
if [ -z "$binary" ]; then
    swift build -c release --product optout >&2
    binary="$(swift build -c release --show-bin-path)/optout"
fi

data="$dir/data"
mkdir -p "$data"
recipients="$data/recipients-$size-seed42-v1.csv"
catalogue="$data/catalogue-$size-seed42-v1.csv"
disclosures="$data/disclosures-$size-works$size-seed42-v1.csv"
[ -f "$recipients" ] || python3 Benchmarks/generate.py recipients "$size" "$recipients"
[ -f "$catalogue" ] || python3 Benchmarks/generate.py catalogue "$size" "$catalogue"
[ -f "$disclosures" ] || python3 Benchmarks/generate.py disclosures "$size" "$disclosures" --works "$size"
first=$(head -2 "$recipients" | tail -1 | python3 -c 'import csv, sys; print(next(csv.reader(sys.stdin))[0])')

work=$(mktemp -d)
databases=()
database_url() { python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$url" "$1"; }
drop_all() { for name in ${databases[@]+"${databases[@]}"}; do psql -X -q -d "$url" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; done; }
cleanup() { drop_all; rm -rf "$work"; }
trap cleanup EXIT

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print(f'{$end - $start:.2f}')"; }
quote() { printf "'%s'" "${1//\'/\'\'}"; }
now="to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

# psql's twin of each step: the same rows into optout's own tables, in one transaction under
# optout's history lock, as the login (the schema's triggers check the actor).
twin_recipients() { cat <<SQL
\\set ON_ERROR_STOP on
BEGIN;
SELECT optout_lock_history();
INSERT INTO command (at, actor, name) VALUES ($now, session_user, 'recipient import');
CREATE TEMP TABLE staging (name text, category text, country text, email text, contact text, parent text) ON COMMIT DROP;
\\copy staging FROM $(quote "$recipients") CSV HEADER
INSERT INTO recipient (name, name_key, category, country, email, contact, parent)
SELECT trim(name), lower(trim(name)), category, nullif(upper(country), ''), nullif(email, ''), nullif(contact, ''),
       nullif(parent, '')
FROM staging
ON CONFLICT (name_key) DO UPDATE SET category = excluded.category, country = excluded.country,
    email = excluded.email, contact = excluded.contact, parent = excluded.parent;
INSERT INTO "case" (campaign_id, recipient_id, state)
SELECT c.id, r.id, 'draft' FROM recipient r JOIN campaign c ON c.category = r.category
ON CONFLICT DO NOTHING;
INSERT INTO event (case_id, at, actor, action, to_state, command_id, prev_hash, hash)
SELECT k.id, $now, session_user, 'registered', 'draft', (SELECT MAX(id) FROM command), '',
       encode(sha256(convert_to(k.id || ' registered draft ' || r.name, 'UTF8')), 'hex')
FROM "case" k JOIN recipient r ON r.id = k.recipient_id;
COMMIT;
SQL
}

twin_notices() { cat <<SQL
\\set ON_ERROR_STOP on
BEGIN;
SELECT optout_lock_history();
INSERT INTO command (at, actor, name) VALUES ($now, session_user, 'notice send --all');
INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256, kind, command_id)
SELECT k.id, '2024-06-03', 'email', c.deadline, c.template,
       encode(sha256(convert_to('Dear ' || COALESCE(r.contact, 'Sir or Madam') || ', ' || r.name || ' is notified by '
                                || c.issuer || ' that the works of the catalogue are reserved; reply by ' || c.deadline,
                                'UTF8')), 'hex'),
       'notice', (SELECT MAX(id) FROM command)
FROM "case" k JOIN recipient r ON r.id = k.recipient_id JOIN campaign c ON c.id = k.campaign_id
WHERE c.name = 'Bench' AND k.state = 'draft';
INSERT INTO event (case_id, at, actor, action, from_state, to_state, on_date, note, command_id, case_before, prev_hash, hash)
SELECT n.case_id, $now, session_user, 'notice-sent', 'draft', 'notified', n.sent_on,
       'by email, deadline ' || n.deadline || ', letter sha256 ' || n.letter_sha256, n.command_id,
       '{"state":"draft"}', '', encode(sha256(convert_to(n.case_id || n.letter_sha256, 'UTF8')), 'hex')
FROM notice n WHERE n.command_id = (SELECT MAX(id) FROM command);
UPDATE "case" SET state = 'notified', sent_on = n.sent_on, deadline = n.deadline
FROM notice n WHERE n.case_id = "case".id AND n.command_id = (SELECT MAX(id) FROM command);
COMMIT;
SQL
}

twin_catalogue() { cat <<SQL
\\set ON_ERROR_STOP on
BEGIN;
SELECT optout_lock_history();
INSERT INTO command (at, actor, name) VALUES ($now, session_user, 'catalog import');
CREATE TEMP TABLE staging (title text, artist text, isrc text, iswc text, owner text, released text) ON COMMIT DROP;
\\copy staging FROM $(quote "$catalogue") CSV HEADER
INSERT INTO work (title, artist, isrc, iswc, owner, released, match_key)
SELECT title, artist, nullif(upper(replace(isrc, '-', '')), ''), nullif(replace(replace(iswc, '-', ''), '.', ''), ''),
       nullif(owner, ''), nullif(released, ''), lower(title) || chr(31) || lower(artist)
FROM staging;
COMMIT;
SQL
}

missing="rtrim(CASE WHEN isrc = '' AND (title = '' OR artist = '') THEN 'work,' ELSE '' END
    || CASE WHEN access_method = '' THEN 'access_method,' ELSE '' END || CASE WHEN copies_made = '' THEN 'copies_made,' ELSE '' END
    || CASE WHEN copies_exist = '' THEN 'copies_exist,' ELSE '' END || CASE WHEN held_from = '' THEN 'held_from,' ELSE '' END
    || CASE WHEN held_until = '' AND copies_exist <> 'yes' THEN 'held_until,' ELSE '' END
    || CASE WHEN justification = '' THEN 'justification,' ELSE '' END, ',')"

twin_disclosures() { cat <<SQL
\\set ON_ERROR_STOP on
BEGIN;
SELECT optout_lock_history();
INSERT INTO command (at, actor, name) VALUES ($now, session_user, 'reply --disclosures');
SELECT k.id AS case_id FROM "case" k JOIN recipient r ON r.id = k.recipient_id WHERE r.name = $(quote "$first") \\gset
INSERT INTO reply (case_id, received_on, kind, command_id)
VALUES (:case_id, '2024-06-10', 'disclosure', (SELECT MAX(id) FROM command));
CREATE TEMP TABLE staging (title text, artist text, isrc text, access_method text, copies_made text, copies_exist text,
                           held_from text, held_until text, justification text) ON COMMIT DROP;
\\copy staging FROM $(quote "$disclosures") CSV HEADER
INSERT INTO disclosure (reply_id, case_id, title, artist, isrc, work_key, access_method, copies_made, copies_exist,
                        held_from, held_until, justification, missing, match_key, command_id)
SELECT p.id, :case_id, nullif(title, ''), nullif(artist, ''), nullif(upper(replace(isrc, '-', '')), ''),
       lower(title) || chr(31) || lower(artist), nullif(access_method, ''), CAST(nullif(copies_made, '') AS bigint),
       CASE copies_exist WHEN 'yes' THEN 1 WHEN 'no' THEN 0 END, nullif(held_from, ''), nullif(held_until, ''),
       nullif(justification, ''), $missing, lower(title) || chr(31) || lower(artist), p.command_id
FROM staging, (SELECT id, command_id FROM reply WHERE id = (SELECT MAX(id) FROM reply)) p;
UPDATE disclosure SET work_id = m.work_id, matched_by = m.how
FROM (SELECT d.id, COALESCE(wi.id, wt.id) AS work_id,
             CASE WHEN wi.id IS NOT NULL THEN 'isrc' WHEN wt.id IS NOT NULL THEN 'title-artist' ELSE 'unknown-work' END AS how
      FROM disclosure d LEFT JOIN work wi ON wi.isrc = d.isrc
      LEFT JOIN work wt ON d.isrc IS NULL AND wt.match_key = d.match_key
      WHERE d.reply_id = (SELECT MAX(id) FROM reply)) m
WHERE disclosure.id = m.id;
UPDATE "case" SET state = 'incomplete', last_reply_on = '2024-06-10' WHERE id = :case_id;
COMMIT;
SQL
}

raw() {  # raw DATABASE_URL COLUMNS FILE: the bare \copy of the CSV rows into a fresh table
    psql -X -q -d "$1" -c "SET client_min_messages = warning; DROP TABLE IF EXISTS raw_rows; CREATE TABLE raw_rows ($2)" >/dev/null
    seconds psql -X -q -d "$1" -c "\\copy raw_rows FROM $(quote "$3") CSV HEADER"
    psql -X -q -d "$1" -c "DROP TABLE raw_rows" >/dev/null
}
twin() { twin_"$2" > "$work/twin.sql"; seconds psql -X -q -d "$1" -f "$work/twin.sql"; }

steps=(recipient-import notice-send catalog-import reply-disclosures)
declare -A figures
export OPTOUT_ACTOR=bench
for run in $(seq "$runs"); do
    server_db="optout_bench_${$}_$run"; twin_db="optout_twin_${$}_$run"
    databases+=("$server_db" "$twin_db")
    server=$(database_url "$server_db"); twinned=$(database_url "$twin_db"); file="$work/file-$run.sqlite"
    for name in "$server_db" "$twin_db"; do psql -X -q -d "$url" -c "CREATE DATABASE $name" >/dev/null; done
    for db in "$server" "$twinned" "$file"; do
        "$binary" init --db "$db" >/dev/null
        "$binary" campaign add Bench --issuer Bench --category ai-developer --deadline 2030-12-31 --db "$db" >/dev/null
    done
    for step in "${steps[@]}"; do
        case "$step" in
            recipient-import)
                command=(recipient import "$recipients"); kind=recipients
                columns="name text, category text, country text, email text, contact text, parent text"; rows=$recipients ;;
            notice-send)
                command=(notice send --all --campaign Bench --date 2024-06-03); kind=notices; rows="" ;;
            catalog-import)
                command=(catalog import "$catalogue"); kind=catalogue
                columns="title text, artist text, isrc text, iswc text, owner text, released text"; rows=$catalogue ;;
            reply-disclosures)
                command=(reply "$first" --campaign Bench --date 2024-06-10 --kind disclosure --disclosures "$disclosures")
                kind=disclosures
                columns="title text, artist text, isrc text, access_method text, copies_made text, copies_exist text, held_from text, held_until text, justification text"
                rows=$disclosures ;;
        esac
        figures[$step,server]+="$(seconds "$binary" "${command[@]}" --db "$server") "
        figures[$step,twin]+="$(twin "$twinned" "$kind") "
        if [ -n "$rows" ]; then figures[$step,raw]+="$(raw "$twinned" "$columns" "$rows") "; fi
        figures[$step,file]+="$(seconds "$binary" "${command[@]}" --db "$file") "
    done
    "$binary" verify --db "$server" >/dev/null || { echo "error: verify failed on the server after run $run" >&2; exit 1; }
    drop_all; databases=()
done

median() { python3 -c 'import statistics, sys; v = [float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.2f}" if v else "—")' $1; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
echo "$size rows a step, median of $runs runs (seconds):"
echo
echo "| step | optout on the server | psql, the same work | ratio | psql \\copy of the rows | optout on a file |"
echo "| --- | --- | --- | --- | --- | --- |"
for step in "${steps[@]}"; do
    server=$(median "${figures[$step,server]}"); twin=$(median "${figures[$step,twin]}")
    raw=$(median "${figures[$step,raw]:-}"); file=$(median "${figures[$step,file]}")
    echo "| $step | $server | $twin | $(ratio "$server" "$twin")× | $raw | $file |"
done

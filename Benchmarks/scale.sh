#!/usr/bin/env bash
# Times optout at scale against the sqlite3 program doing the same work in the same run.
#   bash Benchmarks/scale.sh [RECIPIENTS]   (default 100000; builds the release binary first)
# Prints seconds and peak memory for each step, and the ratio optout / sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
swift build -c release --product optout >/dev/null
OPTOUT="$PWD/.build/release/optout"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

python3 - "$N" <<'PY'
import random, sys
n = int(sys.argv[1]); rng = random.Random(7)
countries = ["US", "GB", "DE", "FR", "JP", "CN", "CA", "KR", "IN", "SE"]
with open("recipients.csv", "w", newline="") as f:
    f.write("name,category,country,email,contact,parent\r\n")
    for i in range(n):
        category = "streaming-service" if i % 50 == 0 else "ai-developer"
        f.write(f"Firm {i:06d} Labs,{category},{rng.choice(countries)},legal{i}@firm{i}.example,Counsel {i},\r\n")
PY

# measure LABEL COMMAND...: wall seconds and peak resident memory (GNU time if present).
measure() {
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%M" -o "$WORK/rss" "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
    else
        "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
        echo "n/a" >"$WORK/rss"
    fi
    end=$(date +%s.%N)
    local seconds; seconds=$(echo "$end - $start" | bc)
    printf '%-44s %8.2f s  peak %8s KiB\n' "$label" "$seconds" "$(cat "$WORK/rss")"
    eval "T_${label//[^a-zA-Z0-9]/_}=$seconds"
}

echo "OptOutTracker at $N recipients ($(nproc) cores)"
export OPTOUT_DB="$WORK/optout.sqlite" OPTOUT_ACTOR=benchmark
"$OPTOUT" init >/dev/null
"$OPTOUT" campaign add "AI notice" --issuer Bench --category ai-developer --deadline 2024-06-14 >/dev/null
"$OPTOUT" campaign add "Streaming" --issuer Bench --category streaming-service --response-days 30 >/dev/null
measure "optout recipient import" "$OPTOUT" recipient import recipients.csv
measure "optout notice send --all (AI notice)" "$OPTOUT" notice send --all --campaign "AI notice" --date 2024-05-14
measure "optout overdue --format json" "$OPTOUT" overdue --as-of 2024-07-01 --format json
echo "    $(grep -c '"recipient"' "$WORK/out") overdue cases listed"
measure "optout report --format json" "$OPTOUT" report --as-of 2024-07-01 --format json
measure "optout report --format markdown" "$OPTOUT" report --as-of 2024-07-01
measure "optout report --format csv" "$OPTOUT" report --as-of 2024-07-01 --format csv
measure "optout report --format html" "$OPTOUT" report --as-of 2024-07-01 --format html
measure "optout verify (every seal)" "$OPTOUT" verify
measure "optout check" "$OPTOUT" check
measure "optout backup" "$OPTOUT" backup "$WORK/backup.sqlite"
measure "sqlite3 VACUUM INTO" sqlite3 "$WORK/optout.sqlite" "VACUUM INTO '$WORK/raw-backup.sqlite'"
measure "sqlite3 integrity + foreign keys" sqlite3 "$WORK/optout.sqlite" "PRAGMA integrity_check; PRAGMA foreign_key_check"
measure "optout undo --yes (the notice send --all)" "$OPTOUT" undo --yes

# The raw engine doing the same work: load the rows, open the cases, list the overdue cases.
cat > raw.sql <<'SQL'
CREATE TABLE recipient (id INTEGER PRIMARY KEY, name TEXT, category TEXT, country TEXT, email TEXT, contact TEXT, parent TEXT);
CREATE TABLE "case" (id INTEGER PRIMARY KEY, recipient_id INTEGER, state TEXT, deadline TEXT);
SQL
sqlite3 raw.sqlite < raw.sql
cat > import.sql <<'SQL'
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE staging (name TEXT, category TEXT, country TEXT, email TEXT, contact TEXT, parent TEXT);
.import --csv --skip 1 recipients.csv staging
INSERT INTO recipient (name, category, country, email, contact, parent) SELECT * FROM staging;
INSERT INTO "case" (recipient_id, state) SELECT id, 'draft' FROM recipient;
COMMIT;
SQL
measure "sqlite3 .import + cases" sqlite3 raw.sqlite ".read import.sql"
measure "sqlite3 notify all" sqlite3 raw.sqlite "UPDATE \"case\" SET state = 'notified', deadline = '2024-06-14'"
measure "sqlite3 overdue -json" sqlite3 -json raw.sqlite "SELECT r.name, r.id, r.category, k.state, k.deadline FROM \"case\" k JOIN recipient r ON r.id = k.recipient_id WHERE k.state IN ('notified','acknowledged','incomplete') AND k.deadline < '2024-07-01' ORDER BY k.deadline, r.name"

ratio() { echo "scale=1; $1 / $2" | bc; }
echo
echo "ratios (optout / sqlite3):"
echo "  import:  $(ratio "$T_optout_recipient_import" "$T_sqlite3__import___cases")x"
echo "  overdue: $(ratio "$T_optout_overdue___format_json" "$T_sqlite3_overdue__json")x"
echo "  backup:  $(ratio "$T_optout_backup" "$T_sqlite3_VACUUM_INTO")x"
echo "  check:   $(ratio "$T_optout_check" "$T_sqlite3_integrity___foreign_keys")x (optout also checks every seal)"

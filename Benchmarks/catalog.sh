#!/usr/bin/env bash
# Times `optout catalog import` on a large generated catalogue, with its peak memory, against the
# sqlite3 program importing the same CSV into a table with the same unique key; then the matching
# of many disclosures against that catalogue.
#   bash Benchmarks/catalog.sh [WORKS] [DISCLOSURES]   (defaults 5000000 and 1000000)
# SCRATCH=DIR builds in another scratch folder (default .build). Needs python3, sqlite3, GNU time.
#
# Last run (2 cores shared with other builds; release build; 5,000,000 works, a 338 MB file):
#   optout catalog import                          249.5 s   peak  38 MB
#   optout catalog import (again: all unchanged)   198.6 s   peak  36 MB
#   sqlite3 .import + unique insert                 78.2 s   peak   9 MB   -> optout / sqlite3 = 3.1x
#   catalog import matching 1,000,000 disclosures  183.5 s   peak  41 MB   (again: 186.1 s)
#   works --format csv (833,334 works disclosed)    27.2 s   peak 935 MB   (the listing is built in memory)
set -euo pipefail
cd "$(dirname "$0")/.."
WORKS=${1:-5000000}
DISCLOSURES=${2:-1000000}
SCRATCH=${SCRATCH:-.build}
swift build -c release --product optout --scratch-path "$SCRATCH" >/dev/null
OPTOUT="$PWD/$SCRATCH/release/optout"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

# A catalogue: every work a recording with its ISRC, one in three with an ISWC (check digit
# computed), titles and artists from word lists, a few accented.
python3 - "$WORKS" <<'PY'
import random, sys
n = int(sys.argv[1]); rng = random.Random(11)
first = ["Neon", "Glass", "Velvet", "Paper", "Silver", "Hollow", "Golden", "Midnight", "Salt", "Électric", "Quiet", "Broken"]
second = ["Harbour", "Meridian", "Static", "Lanterns", "Rivers", "Hearts", "Highway", "Skyline", "Echoes", "Tides"]
artists = ["Mara Quill", "Sólveig Ár", "DJ Kestrel", "Anouk Belair", "Lena Sørensen", "Aurelio Méndez", "Noor", "Cassiel"]
countries = ["GB", "US", "FR", "DE", "SE", "QM", "QZ"]
def iswc(k):
    d = f"{k:09d}"; s = 1 + sum((i + 1) * int(c) for i, c in enumerate(d))
    return f"T-{d[0:3]}.{d[3:6]}.{d[6:9]}-{(10 - s % 10) % 10}"
with open("catalogue.csv", "w", newline="") as f:
    f.write("title,artist,isrc,iswc,owner,released\r\n")
    for i in range(n):
        title = f"{rng.choice(first)} {rng.choice(second)} {i}"
        isrc = f"{countries[i % len(countries)]}-H{i % 100:02d}-{i // 100000 % 100:02d}-{i % 100000:05d}"
        f.write(f"{title},{rng.choice(artists)},{isrc},{iswc(i) if i % 3 == 0 else ''},Harmonia,{1990 + i % 35}\r\n")
PY
echo "catalogue.csv: $WORKS works, $(du -h catalogue.csv | cut -f1)"

# measure LABEL COMMAND...: wall seconds and peak resident memory.
measure() {
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
    read -r seconds kib <"$WORK/time"
    printf '%-48s %8.2f s  peak %8d KiB\n' "$label" "$seconds" "$kib"
    eval "T_${label//[^a-zA-Z0-9]/_}=$seconds"
}

export OPTOUT_DB="$WORK/optout.sqlite" OPTOUT_ACTOR=benchmark
"$OPTOUT" init >/dev/null
measure "optout catalog import" "$OPTOUT" catalog import catalogue.csv
head -1 "$WORK/out"
measure "optout catalog import (again: all unchanged)" "$OPTOUT" catalog import catalogue.csv

# The raw engine doing the same: load the CSV, keep one row per ISRC in a table with a unique key.
cat > import.sql <<'SQL'
PRAGMA journal_mode = WAL;
CREATE TABLE work (id INTEGER PRIMARY KEY, title TEXT NOT NULL, artist TEXT NOT NULL, isrc TEXT UNIQUE, iswc TEXT,
                   owner TEXT, released TEXT);
BEGIN;
CREATE TEMP TABLE staging (title TEXT, artist TEXT, isrc TEXT, iswc TEXT, owner TEXT, released TEXT);
.import --csv --skip 1 catalogue.csv staging
INSERT INTO work (title, artist, isrc, iswc, owner, released)
SELECT title, artist, replace(isrc, '-', ''), replace(replace(iswc, '-', ''), '.', ''), owner, released FROM staging;
COMMIT;
SQL
measure "sqlite3 .import + unique insert" sqlite3 raw.sqlite ".read import.sql"

# Matching: DISCLOSURES disclosures written straight into the database (one case), half naming a
# work by ISRC, a third by title and artist, the rest unknown; a catalogue import matches them all.
sqlite3 "$OPTOUT_DB" <<SQL
INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
VALUES ('Bench', 'bench', 'Bench', 'ai-developer', '2024-06-14', 'all', 'ai-developer', '2024-01-01');
INSERT INTO recipient (name, name_key, category) VALUES ('Bench AI', 'bench ai', 'ai-developer');
INSERT INTO "case" (campaign_id, recipient_id, state) VALUES (1, 1, 'notified');
INSERT INTO reply (case_id, received_on, kind) VALUES (1, '2024-06-01', 'disclosure');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $DISCLOSURES)
INSERT INTO disclosure (reply_id, case_id, title, artist, isrc, access_method, copies_made, copies_exist, missing)
SELECT 1, 1, w.title, w.artist, CASE WHEN i % 6 < 3 THEN w.isrc END, 'web-scrape', 1 + i % 7, i % 2, ''
FROM n JOIN work w ON w.id = 1 + (i * 7919) % $WORKS
WHERE i % 6 < 5
UNION ALL
SELECT 1, 1, 'Unknown ' || i, 'Nobody', NULL, 'other', 1, 0, '' FROM n WHERE i % 6 = 5;
SQL
echo "disclosures: $(sqlite3 "$OPTOUT_DB" 'SELECT COUNT(*) FROM disclosure')"
measure "optout catalog import (matches disclosures)" "$OPTOUT" catalog import catalogue.csv
sed -n 2p "$WORK/out"
measure "optout catalog import (matches them again)" "$OPTOUT" catalog import catalogue.csv
measure "optout works --format csv" "$OPTOUT" works --format csv
echo "    $(($(wc -l <"$WORK/out") - 1)) works listed"

ratio() { echo "scale=1; $1 / $2" | bc; }
echo
echo "ratio (optout / sqlite3), first import: $(ratio "$T_optout_catalog_import" "$T_sqlite3__import___unique_insert")x"

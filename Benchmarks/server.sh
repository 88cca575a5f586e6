#!/usr/bin/env bash
# The imports of SPEC section 8 on a team database (SPEC section 9), each beside `psql \copy` of
# the same CSV rows into a table of the same columns on the same server, in the same run, and
# beside the same command on an SQLite file. Prints one Markdown table.
#
#   bash Benchmarks/server.sh SUPERUSER_URL [--optout BINARY] [--size N] [--dir DIR]
#
#   SUPERUSER_URL   postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres (scripts/postgres-server.sh url DIR)
#   --optout        the binary to measure (default: a release build, built if needed)
#   --size N        rows per import (default 100000; the data comes from Benchmarks/generate.py)
#   --dir DIR       work folder (default /tmp/optout-bench); data cached in DIR/data
set -euo pipefail
cd "$(dirname "$0")/.."

url=${1:?usage: Benchmarks/server.sh SUPERUSER_URL [--optout BINARY] [--size N] [--dir DIR]}
shift
binary=""
size=100000
dir=${BENCH_DIR:-/tmp/optout-bench}
while [ $# -gt 0 ]; do
    case "$1" in
        --optout) binary=${2:?}; shift 2 ;;
        --size) size=${2:?}; shift 2 ;;
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

name="optout_bench_$$"
db_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$url" "$name")
work=$(mktemp -d)
cleanup() { psql -X -q -d "$url" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
psql -X -q -d "$url" -c "CREATE DATABASE $name" >/dev/null

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print(f'{$end - $start:.2f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.1f}')"; }

export OPTOUT_ACTOR=bench
"$binary" init --db "$db_url" >/dev/null
"$binary" init --db "$work/file.sqlite" >/dev/null
for db in "$db_url" "$work/file.sqlite"; do
    "$binary" campaign add Bench --issuer Bench --category ai-developer --deadline 2030-12-31 --db "$db" >/dev/null
done

# The raw engine: the same CSV rows into a plain table of the file's columns.
raw() {  # raw TABLE COLUMNS FILE
    psql -X -q -d "$db_url" -c "SET client_min_messages = warning; DROP TABLE IF EXISTS $1; CREATE TABLE $1 ($2)" >/dev/null
    seconds psql -X -q -d "$db_url" -c "\\copy $1 FROM '$3' CSV HEADER"
}

echo "| step ($size rows) | optout on the server | psql \\copy | ratio | optout on a file |"
echo "| --- | --- | --- | --- | --- |"
server=$(seconds "$binary" recipient import "$recipients" --db "$db_url")
copy=$(raw raw_recipients "name text, category text, country text, email text, contact text, parent text" "$recipients")
file=$(seconds "$binary" recipient import "$recipients" --db "$work/file.sqlite")
echo "| recipient import | $server s | $copy s | $(ratio "$server" "$copy") | $file s |"

server=$(seconds "$binary" catalog import "$catalogue" --db "$db_url")
copy=$(raw raw_catalogue "title text, artist text, isrc text, iswc text, owner text, released text" "$catalogue")
file=$(seconds "$binary" catalog import "$catalogue" --db "$work/file.sqlite")
echo "| catalog import | $server s | $copy s | $(ratio "$server" "$copy") | $file s |"

first=$(head -2 "$recipients" | tail -1 | python3 -c 'import csv, sys; print(next(csv.reader(sys.stdin))[0])')
for db in "$db_url" "$work/file.sqlite"; do
    "$binary" notice send "$first" --campaign Bench --date 2024-06-03 --db "$db" >/dev/null
done
server=$(seconds "$binary" reply "$first" --campaign Bench --date 2024-06-10 --kind disclosure --disclosures "$disclosures" --db "$db_url")
copy=$(raw raw_disclosures "title text, artist text, isrc text, access_method text, copies_made text, copies_exist text, held_from text, held_until text, justification text" "$disclosures")
file=$(seconds "$binary" reply "$first" --campaign Bench --date 2024-06-10 --kind disclosure --disclosures "$disclosures" --db "$work/file.sqlite")
echo "| reply --disclosures | $server s | $copy s | $(ratio "$server" "$copy") | $file s |"

#!/usr/bin/env bash
# The benchmark of SPEC section 8: every line measured against the sqlite3 program doing the same
# work on the same data in the same run; one table printed and written as Markdown.
#
#   bash Benchmarks/run.sh [--quick] [--scratch-path DIR] [--optout BINARY] [--dir DIR] [--results FILE] [--keep]
#
#   --quick              a tenth of every size (about 3 minutes after the build on 2 cores)
#   --scratch-path DIR   build the release binary in DIR instead of .build
#   --optout BINARY      measure this binary; build nothing
#   --dir DIR            work folder (default $BENCH_DIR, else /tmp/optout-bench); generated data is
#                        cached in DIR/data, keyed by size, seed and generator version
#   --results FILE       where the Markdown table goes (default DIR/results-MODE-TIME.md)
#   --keep               keep the databases and outputs in DIR/work
#   --seed N             another data set (default 42)
#   --only STEP[,STEP]   measure only these steps (see Benchmarks/README.md); the steps building
#                        their data still run, unmeasured
#
# Needs bash, python3 (standard library only), the sqlite3 program and GNU time (Debian: apt-get
# install sqlite3 time): each command's peak memory is read through /usr/bin/time -f %M, since a
# child forked from the grown Python would report Python's peak (see Benchmarks/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=""
binary=""
pass=()
while [ $# -gt 0 ]; do
    case "$1" in
        --scratch-path) scratch=${2:?--scratch-path needs a folder}; shift 2 ;;
        --scratch-path=*) scratch=${1#*=}; shift ;;
        --optout) binary=${2:?--optout needs a binary}; shift 2 ;;
        --optout=*) binary=${1#*=}; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) pass+=("$1"); shift ;;
    esac
done

for tool in python3 sqlite3; do
    command -v "$tool" >/dev/null || { echo "error: $tool is needed to run the benchmark (apt-get install $tool)" >&2; exit 1; }
done
/usr/bin/time --version 2>&1 | grep -q GNU \
    || { echo "error: GNU time (/usr/bin/time) is needed to measure each command's peak memory (apt-get install time)" >&2; exit 1; }

if [ -z "$binary" ]; then
    build=(swift build -c release --product optout)
    [ -n "$scratch" ] && build+=(--scratch-path "$scratch")
    echo "Building optout (release; reused if up to date)..." >&2
    "${build[@]}" >&2 || { echo "error: the release build failed; see above" >&2; exit 1; }
    binary="$("${build[@]}" --show-bin-path)/optout"
fi

PYTHONDONTWRITEBYTECODE=1 exec python3 Benchmarks/bench.py --optout "$binary" ${pass[@]+"${pass[@]}"}

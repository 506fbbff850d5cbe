#!/usr/bin/env bash
# Crash consistency, measured (issue 11, item 3): `xueshi import FILE` killed with SIGKILL at a random
# moment, over and over, half the trials into a new ledger and half into a copy of a ledger that
# already holds records. After each kill the ledger must pass `PRAGMA integrity_check` and hold exactly
# the records of before the import or of after it (count and a digest of every natural key), with the
# import's row in `batches` there iff its records are; the same import run again must then succeed and
# give the after-state. Then (unless --delivery-trials 0) the same for `schedule run` killed
# mid-delivery: Benchmarks/delivery_crash_trials.sh.
#
#   bash Benchmarks/crash_trials.sh [--trials N] [--delivery-trials D] [--rows R] [--seed S]
#       [--no-build] [--bin PATH]
#
# Not run by CI. See Benchmarks/README.md. Exits non-zero if any trial failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRIALS=1000
DELIVERY_TRIALS=200
ROWS=4000
SEED=20251127
BUILD=1
BIN=""

usage() {
    cat <<EOF
usage: bash Benchmarks/crash_trials.sh [options]
  --trials N           import trials, half into a new ledger, half into a filled one (default $TRIALS)
  --delivery-trials D  schedule runs killed mid-delivery, then run again (default $DELIVERY_TRIALS; 0: none)
  --rows R             rows of the file each trial imports (default $ROWS); the filled ledger holds R
                       records of which R/2 are in the file too, so an import into it adds R/2
  --seed S             generator and kill-time seed (default $SEED)
  --no-build           do not run 'swift build -c release' first
  --bin PATH           the xueshi binary (default: .build/release/xueshi under the repo root)
  -h, --help           this text
Data goes to bench-data/crash/; a failed trial's ledger (as the kill left it) to bench-data/crash/failures/.
EOF
}

need_arg() { [[ $# -ge 2 && -n "$2" ]] || { echo "crash_trials: $1 needs a value" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --trials) need_arg "$@"; TRIALS=$2; shift 2 ;;
        --delivery-trials) need_arg "$@"; DELIVERY_TRIALS=$2; shift 2 ;;
        --rows) need_arg "$@"; ROWS=$2; shift 2 ;;
        --seed) need_arg "$@"; SEED=$2; shift 2 ;;
        --bin) need_arg "$@"; BIN=$2; BUILD=0; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "crash_trials: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in TRIALS DELIVERY_TRIALS ROWS SEED; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "crash_trials: --${v,,} must be a whole number, not '${!v}'" >&2; exit 2; }
done
(( ROWS >= 2 )) || { echo "crash_trials: --rows must be at least 2" >&2; exit 2; }

die() { echo "crash_trials: $*" >&2; exit 1; }

# shellcheck source=Benchmarks/lib.sh
source "$ROOT/Benchmarks/lib.sh"
need_bench_tools
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

BIN=${BIN:-$ROOT/.build/release/xueshi}
if (( BUILD )); then
    (cd "$ROOT" && swift build -c release >/dev/null) || die "swift build -c release failed"
fi
[[ -x $BIN ]] || die "no xueshi binary at $BIN (build it with 'swift build -c release', or give --bin)"

DATA="$ROOT/bench-data/crash"
mkdir -p "$DATA"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xueshi-crash.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- the files ------------------------------------------------------------------------------------
# One export of 3R/2 rows, rows grouped by person: the template ledger gets its first R rows, each trial
# imports rows R/2 .. 3R/2 (so R/2 of them are already in the template, R/2 are new).
HALF=$(( ROWS / 2 ))
TOTAL=$(( ROWS + HALF ))
SOURCE="$DATA/export-$TOTAL-s$SEED.csv"
if [[ ! -f $SOURCE ]]; then
    python3 "$ROOT/Benchmarks/generate_export.py" --rows "$TOTAL" --people $(( TOTAL / 40 + 1 )) --units 50 \
        --seed "$SEED" --lf --no-title-rows --quiet --output "$SOURCE"
fi
lines=$(wc -l < "$SOURCE")
(( lines == TOTAL + 1 )) || die "$SOURCE has $lines lines, expected $TOTAL rows and a header (a field with a line break?)"
TEMPLATE_CSV="$DATA/template-$ROWS-s$SEED.csv"
FILE="$DATA/import-$ROWS-s$SEED.csv"
{ head -n 1 "$SOURCE"; sed -n "2,$(( ROWS + 1 ))p" "$SOURCE"; } > "$TEMPLATE_CSV"
{ head -n 1 "$SOURCE"; sed -n "$(( HALF + 2 )),$(( TOTAL + 1 ))p" "$SOURCE"; } > "$FILE"
FILE_SHA=$(sha256sum "$FILE" | cut -d' ' -f1)

# --- the references -------------------------------------------------------------------------------
# state LEDGER: "COUNT DIGEST BATCHES HAS_BATCH INTEGRITY" of a ledger as sqlite3 finds it (a missing file,
# or one without the schema yet, is the empty state). The digest is SHA3-256 over every record's natural
# key (ID, year, category, title, start, end, hours), in order.
state() {
    local ledger=$1 integrity tables
    if [[ ! -e $ledger ]]; then echo "0 empty 0 0 ok"; return; fi
    integrity=$(sqlite3 "$ledger" "PRAGMA integrity_check" 2>&1 | tr '\n' ';' | sed 's/;$//; s/ /_/g') || true
    tables=$(sqlite3 "$ledger" "SELECT count(*) FROM sqlite_master WHERE name IN ('records', 'batches', 'people')" 2>&1) || tables=error
    if [[ $tables == 0 ]]; then echo "0 empty 0 0 $integrity"; return; fi
    sqlite3 -separator ' ' "$ledger" "
        SELECT (SELECT count(*) FROM records),
               (SELECT CASE count(*) WHEN 0 THEN 'empty' ELSE lower(hex(sha3_query(
                    'SELECT p.resident_id, r.year, r.category, r.title, r.start_date, r.end_date, r.hours
                     FROM records r JOIN people p ON p.id = r.person_id
                     ORDER BY p.resident_id, r.year, r.category, r.title, r.start_date, r.end_date, r.hours'))) END FROM records),
               (SELECT count(*) FROM batches),
               (SELECT count(*) FROM batches WHERE sha256 = '$FILE_SHA'),
               '$integrity'" 2>&1 | tr '\n' ' ' | sed 's/ $//'
}

import_json() { # LEDGER FILE: imports, checks exit 0, prints "inserted duplicates"
    "$BIN" import "$2" --ledger "$1" --json > "$WORK/ref.json" 2> "$WORK/ref.err" \
        || die "import of $2 into $1 failed: $(cat "$WORK/ref.err")"
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["inserted"], j["duplicates"], j["rejected"])' "$WORK/ref.json"
}

TEMPLATE="$DATA/template-$ROWS-s$SEED.sqlite"
rm -f "$TEMPLATE" "$TEMPLATE"-wal "$TEMPLATE"-shm "$TEMPLATE"-journal
read -r ins dup rej < <(import_json "$TEMPLATE" "$TEMPLATE_CSV")
[[ $ins == "$ROWS" && $rej == 0 ]] || die "template import: inserted $ins, rejected $rej (expected $ROWS, 0)"
# One file: the log checkpointed into it and truncated (the file stays in WAL mode, as its header says).
[[ $(sqlite3 "$TEMPLATE" "PRAGMA wal_checkpoint(TRUNCATE)") == "0|0|0" ]] || die "could not checkpoint $TEMPLATE"
rm -f "$TEMPLATE"-wal "$TEMPLATE"-shm
[[ $(sqlite3 "$TEMPLATE" "PRAGMA journal_mode") == wal ]] || die "the template is not in WAL mode"
rm -f "$TEMPLATE"-wal "$TEMPLATE"-shm

BEFORE_NEW="0 empty 0 0 ok"
rm -f "$WORK/ref.sqlite"*
read -r ins dup rej < <(import_json "$WORK/ref.sqlite" "$FILE")
[[ $ins == "$ROWS" ]] || die "import into a new ledger inserted $ins, expected $ROWS"
AFTER_NEW=$(state "$WORK/ref.sqlite")
BEFORE_FILLED=$(state "$TEMPLATE")
rm -f "$TEMPLATE"-wal "$TEMPLATE"-shm
cp "$TEMPLATE" "$WORK/ref2.sqlite"
read -r ins dup rej < <(import_json "$WORK/ref2.sqlite" "$FILE")
[[ $ins == $(( ROWS - HALF )) && $dup == "$HALF" ]] || die "import into the filled ledger: inserted $ins, duplicates $dup (expected $(( ROWS - HALF )), $HALF)"
AFTER_FILLED=$(state "$WORK/ref2.sqlite")
echo "== references (records digest batches has-batch integrity)"
echo "   new ledger:    before: $BEFORE_NEW"
echo "                  after:  $AFTER_NEW"
echo "   filled ledger: before: $BEFORE_FILLED"
echo "                  after:  $AFTER_FILLED"

# --- the typical run time -------------------------------------------------------------------------
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now_ns() { date +%s%N; }
typical() { # KIND: median wall seconds of 5 uncontended imports of FILE (process start to exit)
    local kind=$1 times=() t0 t1
    for _ in 1 2 3 4 5; do
        rm -f "$WORK/m.sqlite"*
        [[ $kind == filled ]] && cp "$TEMPLATE" "$WORK/m.sqlite"
        t0=$(now_ns)
        "$BIN" import "$FILE" --ledger "$WORK/m.sqlite" > /dev/null 2>&1 || die "timing import ($kind) failed"
        t1=$(now_ns)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')")
    done
    median "${times[@]}"
}
T_NEW=$(typical new)
T_FILLED=$(typical filled)
echo "== typical run time (median of 5, uncontended): new ledger ${T_NEW} s, filled ledger ${T_FILLED} s"
echo "   each trial kills after a delay drawn uniformly from [0, typical run time)"

# --- the trials -----------------------------------------------------------------------------------
RANDOM=$SEED
declare -A OUTCOMES=()
FAILURES=0
FAIL_DIR="$DATA/failures"
L="$WORK/t/ledger.sqlite"
mkdir -p "$WORK/t" "$WORK/kept"
fail() { # TRIAL KIND MESSAGE
    FAILURES=$(( FAILURES + 1 ))
    echo "FAIL trial $1 ($2, delay ${delay}s, exit $rc): $3" >&2
    mkdir -p "$FAIL_DIR/trial-$1"
    cp -a "$WORK/kept/." "$FAIL_DIR/trial-$1/" 2>/dev/null || true
    echo "$3" > "$FAIL_DIR/trial-$1/why.txt"
}
started=$(now_ns)
for trial in $(seq 1 "$TRIALS"); do
    kind=new; (( trial % 2 == 0 )) && kind=filled
    rm -f "$L" "$L"-wal "$L"-shm "$L"-journal "$WORK/kept/"*
    if [[ $kind == new ]]; then typical_s=$T_NEW; before=$BEFORE_NEW; after=$AFTER_NEW
    else typical_s=$T_FILLED; before=$BEFORE_FILLED; after=$AFTER_FILLED; cp "$TEMPLATE" "$L"; fi
    delay=$(awk -v t="$typical_s" -v r="$(( RANDOM * 32768 + RANDOM ))" 'BEGIN { printf "%.4f", t * r / 1073741824 }')
    rc=0
    "$BIN" import "$FILE" --ledger "$L" > "$WORK/t/out" 2> "$WORK/t/err" &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || rc=$?
    # Keep the files as the kill left them (sqlite3's check rolls a hot journal back, or replays the log).
    for f in "$L" "$L"-wal "$L"-shm "$L"-journal; do [[ -e $f ]] && cp -a "$f" "$WORK/kept/"; done
    got=$(state "$L")
    if [[ $got == "$before" ]]; then moment=before
    elif [[ $got == "$after" ]]; then moment=after
    else moment=neither; fi
    case "$rc/$moment" in
        137/before) outcome="killed before commit" ;;
        137/after) outcome="killed after commit" ;;
        0/after) outcome="finished before the kill" ;;
        *) outcome="FAILED"; fail "$trial" "$kind" "state '$got' (before '$before', after '$after'); stderr: $(head -c 300 "$WORK/t/err")" ;;
    esac
    OUTCOMES["$kind: $outcome"]=$(( ${OUTCOMES["$kind: $outcome"]:-0} + 1 ))
    [[ $outcome == FAILED ]] && continue
    # The same import again, not killed: it must succeed and leave the after-state (its batch row once
    # more when the first had committed: a re-import is recorded, inserting nothing).
    rc=0
    "$BIN" import "$FILE" --ledger "$L" > "$WORK/t/out" 2> "$WORK/t/err" || rc=$?
    again=$(state "$L")
    read -r ac ad ab ah ai <<< "$again"; read -r xc xd xb xh xi <<< "$after"
    extra=0; [[ $moment == after ]] && extra=1
    if [[ $rc != 0 ]]; then fail "$trial" "$kind" "the import run again exited $rc: $(head -c 300 "$WORK/t/err")"
    elif [[ "$ac $ad $ai" != "$xc $xd $xi" || $ab != $(( xb + extra )) || $ah != $(( xh + extra )) ]]; then
        fail "$trial" "$kind" "after the import run again: '$again', expected '$after' (+$extra batch)"
    else
        OUTCOMES["$kind: then imported again, after-state"]=$(( ${OUTCOMES["$kind: then imported again, after-state"]:-0} + 1 ))
    fi
    (( trial % 100 == 0 )) && echo "   $trial trials, $FAILURES failed, $(( ($(now_ns) - started) / 1000000000 )) s"
done
elapsed=$(( ($(now_ns) - started) / 1000000000 ))

echo "== $TRIALS import trials of $ROWS rows ($(( (TRIALS + 1) / 2 )) into a new ledger, $(( TRIALS / 2 )) into one holding $ROWS records), $elapsed s"
for key in $(printf '%s\n' "${!OUTCOMES[@]}" | sort | tr ' ' '~'); do
    key=${key//\~/ }
    printf '   %-55s %6d\n' "$key" "${OUTCOMES[$key]}"
done
echo "   failures: $FAILURES${FAILURES:+$( (( FAILURES )) && echo " (ledgers kept in $FAIL_DIR)")}"
machine_report "$LOAD_BEFORE"

DELIVERY_STATUS=0
if (( DELIVERY_TRIALS > 0 )); then
    echo
    bash "$ROOT/Benchmarks/delivery_crash_trials.sh" --trials "$DELIVERY_TRIALS" --bin "$BIN" --seed "$SEED" \
        --ledger "$TEMPLATE" || DELIVERY_STATUS=$?
fi
(( FAILURES == 0 && DELIVERY_STATUS == 0 ))

#!/usr/bin/env bash
# Concurrency, measured (issue 11, item 4): rounds of 8 imports of overlapping files started at once
# into one ledger (a new one in odd rounds, one already holding records in even rounds), while
# `records --json`, `verify --json`, `report units --format json` and `schedule run` (one job to a folder)
# run in a loop each until the imports have ended, and once more after. Checks: no command fails or
# speaks of a lock; the ledger ends holding exactly the distinct records of the files (and passes
# PRAGMA integrity_check); and every count a reader saw is the size of the union of some set of whole
# imports (the files are cut so that every set of them has its own size: see concurrency_files.py),
# a set holding every import that had ended before the reader started and none that started after
# it ended.
#
#   bash Benchmarks/concurrency_trials.sh [--rounds N] [--k K] [--shared S] [--seed S] [--no-build] [--bin PATH]
#
# Not run by CI. See Benchmarks/README.md. Exits non-zero if any check failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=20
K=16
SHARED=2000
SEED=20251127
BUILD=1
BIN=""
FILES=8

usage() {
    cat <<EOF
usage: bash Benchmarks/concurrency_trials.sh [options]
  --rounds N    rounds of 8 imports at once (default $ROUNDS; odd rounds into a new ledger, even into a filled one)
  --k K         file i's own part is K * 2^(i-1) records, each of a person of its own (default $K)
  --shared S    rows every file holds (default $SHARED)
  --seed S      generator seed (default $SEED)
  --no-build    do not run 'swift build -c release' first
  --bin PATH    the xueshi binary (default: .build/release/xueshi under the repo root)
  -h, --help    this text
A failed round's files are kept in bench-data/concurrency/failures/.
EOF
}

need_arg() { [[ $# -ge 2 && -n "$2" ]] || { echo "concurrency_trials: $1 needs a value" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) need_arg "$@"; ROUNDS=$2; shift 2 ;;
        --k) need_arg "$@"; K=$2; shift 2 ;;
        --shared) need_arg "$@"; SHARED=$2; shift 2 ;;
        --seed) need_arg "$@"; SEED=$2; shift 2 ;;
        --bin) need_arg "$@"; BIN=$2; BUILD=0; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "concurrency_trials: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in ROUNDS K SHARED SEED; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "concurrency_trials: --${v,,} must be a whole number, not '${!v}'" >&2; exit 2; }
done
(( K >= 1 && SHARED >= 1 )) || { echo "concurrency_trials: --k and --shared must be at least 1" >&2; exit 2; }

die() { echo "concurrency_trials: $*" >&2; exit 1; }

# shellcheck source=Benchmarks/lib.sh
source "$ROOT/Benchmarks/lib.sh"
need_bench_tools
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

BIN=${BIN:-$ROOT/.build/release/xueshi}
if (( BUILD )); then
    (cd "$ROOT" && swift build -c release >/dev/null) || die "swift build -c release failed"
fi
[[ -x $BIN ]] || die "no xueshi binary at $BIN (build it with 'swift build -c release', or give --bin)"

DATA="$ROOT/bench-data/concurrency"
HELPER="$ROOT/Benchmarks/concurrency_files.py"
mkdir -p "$DATA"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xueshi-concurrency.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# --- the files ------------------------------------------------------------------------------------
OWN=$(( K * (2 ** FILES - 1) ))
SOURCE_ROWS=$(( (OWN + 2 * SHARED) * 2 ))
SOURCE="$DATA/source-$SOURCE_ROWS-s$SEED.csv"
[[ -f $SOURCE ]] || python3 "$ROOT/Benchmarks/generate_export.py" --rows "$SOURCE_ROWS" --people $(( SOURCE_ROWS * 2 / 5 )) \
    --units 40 --seed "$SEED" --no-title-rows --quiet --output "$SOURCE"
FILESET="$DATA/files-k$K-s$SHARED-s$SEED"
python3 "$HELPER" make "$SOURCE" "$FILESET" --files "$FILES" --k "$K" --shared "$SHARED" --base "$SHARED" > "$FILESET.json"
read -r SHARED_RECORDS BASE_RECORDS ROWS_LIST < <(python3 -c '
import json, sys; d = json.load(open(sys.argv[1]))
print(d["shared"]["records"], d["base"]["records"], ",".join(map(str, d["rows"])))' "$FILESET.json")
# The filled ledger: other people's records and the files' shared part, one file (checkpointed).
TEMPLATE="$DATA/filled-k$K-s$SHARED-s$SEED.sqlite"
rm -f "$TEMPLATE" "$TEMPLATE"-wal "$TEMPLATE"-shm
"$BIN" import "$FILESET/base.csv" "$FILESET/shared.csv" --ledger "$TEMPLATE" > /dev/null || die "could not make $TEMPLATE"
sqlite3 "$TEMPLATE" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
rm -f "$TEMPLATE"-wal "$TEMPLATE"-shm
echo "== $FILES files of $ROWS_LIST rows: $SHARED_RECORDS shared by all, file i's own part $K * 2^(i-1) (one record a person);"
echo "   filled rounds start from $(( SHARED_RECORDS + BASE_RECORDS )) records (the shared part and $BASE_RECORDS of others)"

now_ns() { date +%s%N; }

# reader NAME ROUND_DIR: runs NAME's command over and over until ROUND_DIR/done appears, then once more;
# each try's start and end (ns) and exit status go to NAME.log, its output to NAME-N.out and .err.
reader() {
    local name=$1 dir=$2 n=0 start rc last=0
    local ledger="$dir/ledger.sqlite"
    while :; do
        [[ -e $dir/done ]] && last=1
        n=$(( n + 1 )); rc=0
        local base="$dir/$name-$n"
        start=$(now_ns)
        case $name in
            records) "$BIN" records --ledger "$ledger" --json --limit 0 > "$base.out" 2> "$base.err" || rc=$? ;;
            verify) "$BIN" verify --ledger "$ledger" --json --as-of 2026-01-01 > "$base.out" 2> "$base.err" || rc=$? ;;
            report) "$BIN" report units --ledger "$ledger" --format json --as-of 2026-01-01 > "$base.out" 2> "$base.err" || rc=$? ;;
            schedule)
                mkdir -p "$base.folder"
                printf 'destinations:\n  archive: { folder: "%s" }\njobs:\n  - { name: units, report: units, format: json, every: day, as_of: "2026-01-01", to: [archive] }\n' \
                    "$base.folder" > "$base.yaml"
                "$BIN" schedule run "$base.yaml" --ledger "$ledger" --now "2026-01-$(printf '%02d' $(( n % 28 + 1 )))T08:00" --json \
                    > "$base.out" 2> "$base.err" || rc=$?
                # The one file the delivery wrote, under a name the checker knows.
                local written; written=$(find "$base.folder" -type f ! -name report.json | head -n 1)
                [[ -n $written ]] && mv "$written" "$base.folder/report.json"
                ;;
        esac
        echo "$n $start $(now_ns) $rc" >> "$dir/$name.log"
        (( last )) && break
    done
}

# --- the rounds -----------------------------------------------------------------------------------
FAILED_ROUNDS=0
TOTAL_FAILURES=0
declare -A OBS=()
NO_LEDGER=0
STATES=0
started=$(now_ns)
for round in $(seq 1 "$ROUNDS"); do
    kind=new; (( round % 2 == 0 )) && kind=filled
    dir="$WORK/round-$round"
    mkdir -p "$dir"
    [[ $kind == filled ]] && cp "$TEMPLATE" "$dir/ledger.sqlite"
    round_start=$(now_ns)
    pids=()
    for i in $(seq 1 "$FILES"); do
        now_ns > "$dir/imp-$i.start"
        ( rc=0; "$BIN" import "$FILESET/file-$i.csv" --ledger "$dir/ledger.sqlite" --json > "$dir/imp-$i.out" 2> "$dir/imp-$i.err" || rc=$?
          echo "$rc $(now_ns)" > "$dir/imp-$i.end" ) &
        pids+=("$!")
    done
    readers=()
    for name in records verify report schedule; do reader "$name" "$dir" & readers+=("$!"); done
    for pid in "${pids[@]}"; do wait "$pid"; done
    touch "$dir/done"
    for pid in "${readers[@]}"; do wait "$pid"; done
    round_secs=$(awk -v a="$round_start" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
    verdict=$(python3 "$HELPER" check "$dir" "$FILESET.json" "$kind")
    read -r nfail records_obs verify_obs report_obs schedule_obs no_ledger states final < <(python3 -c '
import json, sys; v = json.loads(sys.argv[1]); o = v["observations"]
print(len(v["failures"]), o["records"], o["verify"], o["report"], o["schedule"], v["noLedgerYet"], v["statesSeen"], v["records"])' "$verdict")
    for r in records verify report schedule; do v="${r}_obs"; OBS[$r]=$(( ${OBS[$r]:-0} + ${!v} )); done
    NO_LEDGER=$(( NO_LEDGER + no_ledger )); STATES=$(( STATES + states ))
    printf 'round %2d (%-6s) %5s s: %d records at the end; readers ran records %d, verify %d, report %d, schedule %d times; %d states seen; %d failures\n' \
        "$round" "$kind" "$round_secs" "$final" "$records_obs" "$verify_obs" "$report_obs" "$schedule_obs" "$states" "$nfail"
    if (( nfail )); then
        FAILED_ROUNDS=$(( FAILED_ROUNDS + 1 )); TOTAL_FAILURES=$(( TOTAL_FAILURES + nfail ))
        python3 -c 'import json, sys; [print("   FAIL", f) for f in json.loads(sys.argv[1])["failures"][:20]]' "$verdict" >&2
        mkdir -p "$DATA/failures"; rm -rf "$DATA/failures/round-$round"; cp -a "$dir" "$DATA/failures/round-$round"
    fi
    rm -rf "$dir"
done
elapsed=$(( ($(now_ns) - started) / 1000000000 ))
commands=$(( ROUNDS * FILES + OBS[records] + OBS[verify] + OBS[report] + OBS[schedule] ))
echo "== $ROUNDS rounds ($(( (ROUNDS + 1) / 2 )) into a new ledger, $(( ROUNDS / 2 )) into a filled one), $elapsed s: $commands commands"
echo "   $(( ROUNDS * FILES )) imports; records --json ${OBS[records]}, verify --json ${OBS[verify]}, report units ${OBS[report]}, schedule run ${OBS[schedule]}"
echo "   readers that found no ledger or nobody in it yet (new rounds, before any import had ended): $NO_LEDGER"
echo "   distinct ledger states readers saw, summed over rounds: $STATES"
echo "   failures: $TOTAL_FAILURES in $FAILED_ROUNDS rounds"
machine_report "$LOAD_BEFORE"
(( TOTAL_FAILURES == 0 ))

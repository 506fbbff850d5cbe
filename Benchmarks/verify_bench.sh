#!/usr/bin/env bash
# Times `xueshi verify` over a large ledger against the plain SQL aggregate that computes the same
# per-person, per-year sums in the sqlite3 shell, on the same ledger file, alternating run by run,
# and reports wall time and peak RSS.
#
#   bash Benchmarks/verify_bench.sh [--sizes 1000000,4500000] [--runs 3] [--no-build] ...
#
# See Benchmarks/README.md. Exits non-zero if any command fails (verify: exit status 2 or above).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=1000000,4500000
RUNS=3
PEOPLE_LIST=""  # default per size: 100000 for 4,500,000 rows, else 22 per 1,000 rows (at least 1)
UNITS=1000
SEED=20250728
AS_OF=2026-01-01
BUILD=1
REBUILD=0
SQLITE_ONLY=0
NO_TOTALS=0
BIN=""
RESULTS=""

usage() {
    cat <<EOF
usage: bash Benchmarks/verify_bench.sh [options]
  --sizes N,N...   ledger sizes in records (default $SIZES)
  --runs R         timed runs of each command per size (default $RUNS)
  --people P,P...  distinct people, one per size (default: 100000 for 4500000 rows,
                   else 22 per 1,000 rows)
  --units U        distinct units in the exports (default $UNITS)
  --seed S         generator seed (default $SEED)
  --as-of DATE     the as-of date of the check, YYYY-MM-DD (default $AS_OF)
  --no-build       do not run 'swift build -c release' first
  --rebuild        build the ledgers again even when they hold the right number of records
                   (after a change to the schema or to what import stores)
  --bin PATH       the xueshi binary (default: .build/release/xueshi under the repo root)
  --no-totals      skip the second reference (per-person, per-year totals only)
  --sqlite-only    time only the SQL references (no build, no verify; the ledgers are still
                   built with 'xueshi import' when missing)
  --results FILE   also write every measurement to FILE as tab-separated values
  -h, --help       this text
Exports and ledgers are kept in bench-data/ at the repository root and reused; temporary files go
under \$TMPDIR (default /tmp) and are removed on exit.
EOF
}

need_arg() { [[ $# -ge 2 && -n "$2" ]] || { echo "verify_bench: $1 needs a value" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) need_arg "$@"; SIZES=$2; shift 2 ;;
        --runs) need_arg "$@"; RUNS=$2; shift 2 ;;
        --people) need_arg "$@"; PEOPLE_LIST=$2; shift 2 ;;
        --units) need_arg "$@"; UNITS=$2; shift 2 ;;
        --seed) need_arg "$@"; SEED=$2; shift 2 ;;
        --as-of) need_arg "$@"; AS_OF=$2; shift 2 ;;
        --bin) need_arg "$@"; BIN=$2; shift 2 ;;
        --results) need_arg "$@"; RESULTS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --rebuild) REBUILD=1; shift ;;
        --no-totals) NO_TOTALS=1; shift ;;
        --sqlite-only) SQLITE_ONLY=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "verify_bench: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in RUNS UNITS SEED; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "verify_bench: --${v,,} must be a whole number, not '${!v}'" >&2; exit 2; }
done
[[ $SIZES =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "verify_bench: --sizes must be whole numbers separated by commas, not '$SIZES'" >&2; exit 2; }
[[ -z $PEOPLE_LIST || $PEOPLE_LIST =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "verify_bench: --people must be whole numbers separated by commas, not '$PEOPLE_LIST'" >&2; exit 2; }
[[ $AS_OF =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || { echo "verify_bench: --as-of must be YYYY-MM-DD, not '$AS_OF'" >&2; exit 2; }
IFS=, read -r -a SIZE_ARR <<<"$SIZES"
PEOPLE_ARR=()
[[ -z $PEOPLE_LIST ]] || IFS=, read -r -a PEOPLE_ARR <<<"$PEOPLE_LIST"
if (( ${#PEOPLE_ARR[@]} > 0 && ${#PEOPLE_ARR[@]} != ${#SIZE_ARR[@]} )); then
    echo "verify_bench: --people needs one value per size (${#SIZE_ARR[@]} sizes, ${#PEOPLE_ARR[@]} values)" >&2
    exit 2
fi
(( RUNS >= 1 && UNITS >= 1 )) || { echo "verify_bench: --runs and --units must be at least 1" >&2; exit 2; }
for n in "${SIZE_ARR[@]}"; do
    (( 10#$n >= 1 )) || { echo "verify_bench: every size must be at least 1" >&2; exit 2; }
done
AS_OF_INT=${AS_OF//-/}

default_people() {  # ROWS
    if (( $1 == 4500000 )); then echo 100000; else echo $(( $1 * 22 / 1000 > 0 ? $1 * 22 / 1000 : 1 )); fi
}

die() { echo "verify_bench: $*" >&2; exit 1; }
mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

# --- tools ----------------------------------------------------------------------------------------
# shellcheck source=Benchmarks/lib.sh
source "$ROOT/Benchmarks/lib.sh"
need_bench_tools

# --- build ----------------------------------------------------------------------------------------
BIN=${BIN:-$ROOT/.build/release/xueshi}
if (( BUILD && ! SQLITE_ONLY )); then
    command -v swift >/dev/null || die "swift is not on PATH (or pass --no-build)"
    echo "== swift build -c release (in $ROOT)" >&2
    (cd "$ROOT" && swift build -c release) >&2 || die "swift build -c release failed"
fi
[[ -x $BIN ]] || die "the xueshi binary is missing: $BIN
  build it with 'swift build -c release' (drop --no-build) or pass --bin PATH;
  it is needed to build the ledgers even with --sqlite-only"
# An unknown subcommand's --help prints the top-level help and exits 0, so look for verify's own usage.
if (( ! SQLITE_ONLY )) && ! "$BIN" verify --help 2>&1 | grep -q 'USAGE: xueshi verify'; then
    die "$BIN has no 'verify' command yet: rebuild, or time only the SQL references with --sqlite-only"
fi

BIN_SHA=$(sha256sum "$BIN" | cut -d' ' -f1)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/xueshi-verify-bench.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
MEASURE=$TMP/measurements.tsv
SETUP=$TMP/setup.tsv  # per size: what the one-off steps cost
: >"$MEASURE"
: >"$SETUP"

# timed SIZE LABEL RUN LOGBASE OKMAX -- CMD...: runs CMD under GNU time, stdout to LOGBASE.out (or
# wherever CMD itself sends it), stderr to LOGBASE.err; an exit status above OKMAX is a failure.
# Appends "SIZE RUN LABEL wall-seconds peak-KB cpu-seconds exit" to the measurements when RUN is a
# number; prints the line either way.
timed() {
    local size=$1 label=$2 run=$3 base=$4 okmax=$5; shift 6
    measure "$base" "$@"
    local rc=$MEASURED_RC secs=$MEASURED_SECS kb=$MEASURED_KB cpu=$MEASURED_CPU
    if (( rc > okmax )); then
        echo "verify_bench: '$label' failed (exit $rc): $*" >&2
        tail -n 20 "$base.err" >&2 || true
        exit 1
    fi
    [[ ! $run =~ ^[0-9]+$ ]] || printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$run" "$label" "$secs" "$kb" "$cpu" "$rc" >>"$MEASURE"
    printf '  %-5s %-48s %8s s wall %8s s cpu %9s MB  exit %s\n' "$run" "$label" "$secs" "$cpu" "$(mb "$kb")" "$rc"
    LAST_SECS=$secs LAST_KB=$kb
}

# The two references. The as-of rule: a record counts when its end date, else its start date, else
# its registration date is on or before the as-of date (year * 10000 + 101 for a record with none).
SQL_FULL="SELECT person_id, year, category, status, sum(hours) FROM records
  WHERE coalesce(end_date, start_date, registered_date, year * 10000 + 101) <= $AS_OF_INT
  GROUP BY person_id, year, category, status"
SQL_TOTALS="SELECT person_id, year, sum(hours) FROM records
  WHERE coalesce(end_date, start_date, registered_date, year * 10000 + 101) <= $AS_OF_INT
  GROUP BY person_id, year"
L_VERIFY="xueshi verify"
L_FULL="sqlite3 GROUP BY person, year, category, status"
L_TOTALS="sqlite3 GROUP BY person, year (totals only)"

# The columns the references read: say so plainly if the ledger's schema has moved on.
check_schema() {  # LEDGER
    local cols missing=""
    cols=$(sqlite3 "$1" "SELECT name FROM pragma_table_info('records');")
    for c in person_id year category status hours start_date end_date registered_date; do
        grep -qx "$c" <<<"$cols" || missing+=" $c"
    done
    [[ -z $missing ]] || die "the ledger $1 has no column(s)$missing in 'records': the SQL references need adapting
  (sqlite3 $1 .schema)"
}

check_verify_json() {  # FILE WANT_PEOPLE AS_OF
    python3 - "$@" <<'EOF' || exit 1
import json, sys
path, want, as_of = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
except Exception as e:
    sys.exit("verify_bench: 'xueshi verify --json' did not print JSON on stdout (%s)" % e)
people = j.get("people") if isinstance(j, dict) else None
if not isinstance(people, list):
    sys.exit("verify_bench: 'xueshi verify --json' printed no \"people\" list")
if len(people) != want:
    sys.exit("verify_bench: 'xueshi verify --json' lists %d people, expected %d" % (len(people), want))
if j.get("asOf") != as_of:
    sys.exit("verify_bench: 'xueshi verify --json' says asOf %r, expected %r" % (j.get("asOf"), as_of))
by = {}
for p in people:
    by[p.get("status")] = by.get(p.get("status"), 0) + 1
print("   verify JSON: %d people (%s), %.1f MB"
      % (len(people), ", ".join("%s %d" % kv for kv in sorted(by.items(), key=lambda kv: str(kv[0]))),
         len(open(path, "rb").read()) / 1e6))
EOF
}

# --- one size -------------------------------------------------------------------------------------
bench_size() {  # ROWS PEOPLE
    local rows=$1 people=$2 data ledger stem
    if [[ $people == "$(( rows * 22 / 1000 > 0 ? rows * 22 / 1000 : 1 ))" && $UNITS == 1000 && $SEED == 20250728 ]]; then
        stem=$rows   # the name import_bench.sh gives the same export
    else
        stem=$rows-p$people-u$UNITS-s$SEED
    fi
    data=$DATA_DIR/export-$stem.csv
    ledger=$DATA_DIR/ledger-$stem.sqlite
    echo
    echo "=== $rows records, $people people, $UNITS units"

    # the export: generated once, kept
    local gen="" imp=""
    if [[ ! -s $data ]]; then
        echo "== generating $data" >&2
        timed "$rows" "generate_export.py" "-" "$TMP/gen-$rows" 0 -- \
            python3 "$ROOT/Benchmarks/generate_export.py" --rows "$rows" --people "$people" \
            --units "$UNITS" --seed "$SEED" --output "$data.part" --quiet
        mv "$data.part" "$data"
        gen="$LAST_SECS $LAST_KB"
    fi

    # the ledger: built once, kept, reused while it holds the right number of records
    local have=""
    if [[ -s $ledger ]] && (( REBUILD )); then
        echo "   --rebuild: building $ledger again"
    elif [[ -s $ledger ]]; then
        have=$(sqlite3 "$ledger" "SELECT count(*) FROM records;" 2>/dev/null || echo "?")
        if [[ $have == "$rows" ]]; then
            echo "   reusing $ledger ($have records)"
            [[ ! -s $ledger.import-time ]] || imp=$(sed -n 1p "$ledger.import-time")
            if [[ $(sed -n 2p "$ledger.import-time" 2>/dev/null) != "built by $BIN_SHA" ]]; then
                echo "   note: this ledger was built by another xueshi binary; pass --rebuild if the schema"
                echo "         or what import stores has changed since (verify migrates it on first open)"
            fi
        else
            echo "   $ledger holds $have records, not $rows: building it again"
        fi
    fi
    if [[ $have != "$rows" ]]; then
        rm -f "$ledger" "$ledger-wal" "$ledger-shm" "$ledger-journal" "$ledger.import-time"
        echo "== building $ledger with xueshi import" >&2
        cat "$data" >/dev/null
        timed "$rows" "xueshi import (builds the ledger)" "-" "$TMP/import-$rows" 0 -- \
            "$BIN" import "$data" --ledger "$ledger" --json
        python3 - "$TMP/import-$rows.out" "$rows" <<'EOF' || { rm -f "$ledger"; exit 1; }
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
if j.get("inserted") != int(sys.argv[2]) or j.get("rejected") != 0:
    sys.exit("verify_bench: 'xueshi import' reported inserted=%s, rejected=%s; expected inserted=%s, rejected=0"
             % (j.get("inserted"), j.get("rejected"), sys.argv[2]))
EOF
        imp="$LAST_SECS $LAST_KB"
        printf '%s measured when the ledger was built, %s\nbuilt by %s\n' "$imp" "$(date '+%Y-%m-%d %H:%M')" \
            "$BIN_SHA" >"$ledger.import-time"
    fi
    check_schema "$ledger"
    local got_people
    got_people=$(sqlite3 "$ledger" "SELECT count(*) FROM people;")
    [[ $got_people == "$people" ]] || die "$ledger holds $got_people people, expected $people"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rows" "$people" "$(du -m "$ledger" | cut -f1)" "${gen:--}" "${imp:--}" \
        "$(sqlite3 "$ledger" 'PRAGMA journal_mode;')" >>"$SETUP"

    # once, untimed for the summary: the outputs are what they should be (and the file is in the page cache)
    cat "$ledger" >/dev/null
    echo "-- checks (not counted)"
    if (( ! SQLITE_ONLY )); then
        timed "$rows" "$L_VERIFY (check: JSON kept)" "-" "$TMP/check-$rows" 1 -- \
            "$BIN" verify --ledger "$ledger" --json --as-of "$AS_OF"
        check_verify_json "$TMP/check-$rows.out" "$people" "$AS_OF"
        rm -f "$TMP/check-$rows.out"
    fi
    local groups
    groups=$(sqlite3 "$ledger" "SELECT count(*) FROM ($SQL_FULL);")
    echo "   SQL aggregate: $groups groups (person, year, category, status)"

    local kinds=(run_verify run_full)
    (( SQLITE_ONLY )) && kinds=(run_full)
    (( NO_TOTALS )) || kinds+=(run_totals)
    local run i n=${#kinds[@]}
    for (( run = 1; run <= RUNS; run++ )); do
        echo "-- run $run of $RUNS"
        # rotate the order run by run, so no command always goes first
        for (( i = 0; i < n; i++ )); do
            "${kinds[$(( (i + run - 1) % n ))]}" "$rows" "$run" "$ledger"
        done
    done
}

run_verify() {  # ROWS RUN LEDGER
    timed "$1" "$L_VERIFY" "$2" "$TMP/verify" 1 -- \
        sh -c 'exec "$0" verify --ledger "$1" --json --as-of "$2" >/dev/null' "$BIN" "$3" "$AS_OF"
}
run_full() {  # ROWS RUN LEDGER
    timed "$1" "$L_FULL" "$2" "$TMP/full" 0 -- sh -c 'exec sqlite3 "$0" "$1" >/dev/null' "$3" "$SQL_FULL"
}
run_totals() {  # ROWS RUN LEDGER
    timed "$1" "$L_TOTALS" "$2" "$TMP/totals" 0 -- sh -c 'exec sqlite3 "$0" "$1" >/dev/null' "$3" "$SQL_TOTALS"
}

# --- the sizes ------------------------------------------------------------------------------------
DATA_DIR=$ROOT/bench-data
mkdir -p "$DATA_DIR"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
for (( k = 0; k < ${#SIZE_ARR[@]}; k++ )); do
    rows=$(( 10#${SIZE_ARR[$k]} ))
    if (( ${#PEOPLE_ARR[@]} > 0 )); then people=$(( 10#${PEOPLE_ARR[$k]} )); else people=$(default_people "$rows"); fi
    (( people >= 1 && people <= rows )) || die "people must be between 1 and the size ($rows), not $people"
    bench_size "$rows" "$people"
done

# --- summary --------------------------------------------------------------------------------------
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "none")
machine_report "$LOAD_BEFORE"
echo "   xueshi: $BIN (commit $commit, $(date -r "$BIN" '+built %Y-%m-%d %H:%M'))"
python3 - "$MEASURE" "$SETUP" "$RUNS" "$AS_OF" "$L_VERIFY" "$L_FULL" "$L_TOTALS" <<'EOF'
import statistics, sys
path, setup_path, runs, as_of, X, F, T = sys.argv[1:8]
runs = int(runs)
setup = {}
for line in open(setup_path, encoding="utf-8"):
    rows, people, ledger_mb, gen, imp, journal = line.rstrip("\n").split("\t")
    setup[rows] = (people, ledger_mb, gen, imp, journal)
by, sizes, order = {}, [], {}
for line in open(path, encoding="utf-8"):
    size, run, label, secs, kb, cpu, rc = line.rstrip("\n").split("\t")
    if size not in by:
        by[size] = {}
        sizes.append(size)
        order[size] = []
    if label not in by[size]:
        by[size][label] = []
        order[size].append(label)
    by[size][label].append((float(secs), int(kb), float(cpu), int(rc)))

def fmt_step(s):
    if s == "-":
        return "not run (the file was there)"
    parts = s.split()
    note = " (%s)" % " ".join(parts[2:]) if len(parts) > 2 else ""
    return "%.2f s, peak RSS %.1f MB%s" % (float(parts[0]), int(parts[1]) / 1024, note)

print("== summary over %d run%s, as of %s (wall and cpu = user + sys: medians; peak RSS: the largest of the runs)"
      % (runs, "" if runs == 1 else "s", as_of))
for size in sizes:
    people, ledger_mb, gen, imp, journal = setup.get(size, ("?", "?", "-", "-", "?"))
    print()
    print("   %s records, %s people; ledger %s MB (journal mode %s)" % (f"{int(size):,}", f"{int(people):,}", ledger_mb, journal))
    print("   generation: %s" % fmt_step(gen))
    print("   import:     %s" % fmt_step(imp))
    print("   %-48s %9s %9s %9s %12s  %s" % ("command", "wall s", "min s", "cpu s", "peak RSS MB", "exit"))
    med, cpu = {}, {}
    for label in order[size]:
        m = by[size][label]
        t = [x[0] for x in m]
        med[label] = statistics.median(t)
        cpu[label] = statistics.median(x[2] for x in m)
        print("   %-48s %9.2f %9.2f %9.2f %12.1f  %s" % (label, med[label], min(t), cpu[label],
                                                      max(x[1] for x in m) / 1024,
                                                      ",".join(sorted({str(x[3]) for x in m}))))
    for ref in (F, T):
        if X in med and ref in med and med[ref] > 0:
            print("   ratio %s / %s: %.2f wall, %s cpu" % (X, ref, med[X] / med[ref],
                                                        "%.2f" % (cpu[X] / cpu[ref]) if cpu[ref] > 0 else "n/a"))
EOF
if [[ -n $RESULTS ]]; then
    { printf 'records\trun\tcommand\twall_s\tpeak_rss_kb\tcpu_s\texit\n'; cat "$MEASURE"; } >"$RESULTS"
    echo "   measurements written to $RESULTS"
fi

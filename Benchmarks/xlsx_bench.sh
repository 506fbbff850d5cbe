#!/usr/bin/env bash
# Times `xueshi import` of a large .xlsx written the way Excel writes it against `xueshi import` of the
# same records as CSV, and against python-calamine reading every row of the same workbook, in the same
# run, alternating run by run; reports wall time and peak RSS, the xlsx/csv ratio and xlsx vs calamine.
#
#   bash Benchmarks/xlsx_bench.sh [--rows N] [--runs R] [--no-build] [--bin PATH] ...
#
# See Benchmarks/README.md. Exits non-zero if any command fails or reads the wrong number of rows.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=1000000
RUNS=3
PEOPLE=""   # default: 22000 per 1,000,000 rows, as import_bench.sh
UNITS=1000
SEED=20250728
BUILD=1
BIN=""
RESULTS=""

usage() {
    cat <<EOF
usage: bash Benchmarks/xlsx_bench.sh [options]
  --rows N        data rows in the export (default $ROWS)
  --runs R        timed runs of each command (default $RUNS)
  --people P      distinct people in the export (default 22000 per million rows)
  --units U       distinct units in the export (default $UNITS)
  --seed S        generator seed (default $SEED)
  --no-build      do not run 'swift build -c release' first
  --bin PATH      the xueshi binary (default: .build/release/xueshi under the repo root)
  --results FILE  also write every measurement to FILE as tab-separated values
  -h, --help      this text
Needs python-calamine (pip install python-calamine). Temporary ledgers go under \$TMPDIR (default
/tmp) and are removed on exit.
EOF
}

need_arg() { [[ $# -ge 2 && -n "$2" ]] || { echo "xlsx_bench: $1 needs a value" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) need_arg "$@"; ROWS=$2; shift 2 ;;
        --runs) need_arg "$@"; RUNS=$2; shift 2 ;;
        --people) need_arg "$@"; PEOPLE=$2; shift 2 ;;
        --units) need_arg "$@"; UNITS=$2; shift 2 ;;
        --seed) need_arg "$@"; SEED=$2; shift 2 ;;
        --bin) need_arg "$@"; BIN=$2; shift 2 ;;
        --results) need_arg "$@"; RESULTS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "xlsx_bench: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in ROWS RUNS UNITS SEED ${PEOPLE:+PEOPLE}; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "xlsx_bench: --${v,,} must be a whole number, not '${!v}'" >&2; exit 2; }
done
DEFAULT_PEOPLE=$(( ROWS * 22 / 1000 > 0 ? ROWS * 22 / 1000 : 1 ))
PEOPLE=${PEOPLE:-$DEFAULT_PEOPLE}
(( ROWS >= 1 && RUNS >= 1 )) || { echo "xlsx_bench: --rows and --runs must be at least 1" >&2; exit 2; }

die() { echo "xlsx_bench: $*" >&2; exit 1; }

# --- tools ----------------------------------------------------------------------------------------
# shellcheck source=Benchmarks/lib.sh
source "$ROOT/Benchmarks/lib.sh"
need_bench_tools
CALAMINE_VERSION=$(python3 -c 'import importlib.metadata as m; print(m.version("python-calamine"))' 2>/dev/null) \
    || die "python-calamine is needed: pip install python-calamine"

# --- build ----------------------------------------------------------------------------------------
BIN=${BIN:-$ROOT/.build/release/xueshi}
if (( BUILD )); then
    command -v swift >/dev/null || die "swift is not on PATH (or pass --no-build)"
    echo "== swift build -c release (in $ROOT)" >&2
    (cd "$ROOT" && swift build -c release) >&2 || die "swift build -c release failed"
fi
[[ -x $BIN ]] || die "the xueshi binary is missing: $BIN
  build it with 'swift build -c release' (drop --no-build) or pass --bin PATH"

# --- data: the same records, as CSV and as .xlsx ---------------------------------------------------
DATA_DIR=$ROOT/bench-data
mkdir -p "$DATA_DIR"
if [[ $PEOPLE == "$DEFAULT_PEOPLE" && $UNITS == 1000 && $SEED == 20250728 ]]; then
    BASE=$DATA_DIR/export-$ROWS
else
    BASE=$DATA_DIR/export-$ROWS-p$PEOPLE-u$UNITS-s$SEED
fi
CSV=$BASE.csv
XLSX=$BASE.xlsx
generate() {  # FILE [--xlsx]
    local file=$1; shift
    [[ -s $file ]] && return
    echo "== generating $file" >&2
    python3 "$ROOT/Benchmarks/generate_export.py" --rows "$ROWS" --people "$PEOPLE" --units "$UNITS" \
        --seed "$SEED" "$@" --output "$file.part" || { rm -f "$file.part"; die "the generator failed"; }
    mv "$file.part" "$file"
}
generate "$CSV"
generate "$XLSX" --xlsx
mb() { python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$1"; }
SHEET_MB=$(python3 -c "import sys, zipfile; print('%.1f' % (zipfile.ZipFile(sys.argv[1]).getinfo('xl/worksheets/sheet1.xml').file_size / 1e6))" "$XLSX")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/xueshi-xlsx-bench.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
MEASURE=$TMP/measurements.tsv
: >"$MEASURE"

timed() {  # LABEL RUN LOGBASE -- CMD...
    local label=$1 run=$2 base=$3; shift 4
    measure "$base" "$@"
    if (( MEASURED_RC != 0 )); then
        echo "xlsx_bench: '$label' failed (exit $MEASURED_RC): $*" >&2
        tail -n 20 "$base.err" >&2 || true
        exit 1
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$label" "$MEASURED_SECS" "$MEASURED_KB" "$MEASURED_CPU" >>"$MEASURE"
    printf '  %-3s %-34s %8s s wall %8s s cpu %9.1f MB\n' "$run" "$label" "$MEASURED_SECS" "$MEASURED_CPU" \
        "$(awk -v k="$MEASURED_KB" 'BEGIN{print k/1024}')"
}

check_import() {  # LABEL JSON-FILE
    python3 - "$1" "$2" "$ROWS" <<'EOF' || exit 1
import json, sys
label, path, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
except Exception as e:
    sys.exit("xlsx_bench: '%s' did not print JSON on stdout (%s)" % (label, e))
got = {k: j.get(k) for k in ("inserted", "duplicates", "rejected")}
if got["inserted"] != want or got["rejected"] != 0:
    sys.exit("xlsx_bench: '%s' reported %s; expected inserted=%d, rejected=0" % (label, got, want))
EOF
}

run_xlsx() {  # RUN
    local d=$TMP/x$1
    mkdir -p "$d"
    timed "xueshi import FILE.xlsx" "$1" "$d/import" -- "$BIN" import "$XLSX" --ledger "$d/ledger.sqlite" --json
    check_import "xueshi import FILE.xlsx" "$d/import.out"
    rm -rf "$d"
}

run_csv() {  # RUN
    local d=$TMP/c$1
    mkdir -p "$d"
    timed "xueshi import FILE.csv" "$1" "$d/import" -- "$BIN" import "$CSV" --ledger "$d/ledger.sqlite" --json
    check_import "xueshi import FILE.csv" "$d/import.out"
    rm -rf "$d"
}

# calamine: open the workbook, iterate every row of its sheet (values made Python objects), count them.
CALAMINE_SCRIPT='
import sys
from python_calamine import CalamineWorkbook
sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)
n = 0
for row in sheet.iter_rows():
    n += 1
print(n)
'
run_calamine() {  # RUN
    local d=$TMP/p$1
    mkdir -p "$d"
    timed "python-calamine (iterate all rows)" "$1" "$d/read" -- python3 -c "$CALAMINE_SCRIPT" "$XLSX"
    # the two title rows and the header come along
    local got
    got=$(tail -n 1 "$d/read.out")
    [[ $got == $(( ROWS + 3 )) ]] || die "calamine read $got rows, expected $(( ROWS + 3 )) (title rows and header included)"
    rm -rf "$d"
}

# --- the runs -------------------------------------------------------------------------------------
KINDS=(run_xlsx run_csv run_calamine)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "== $ROWS rows: $XLSX ($(mb "$XLSX") MB, sheet XML $SHEET_MB MB) and $CSV ($(mb "$CSV") MB)"
cat "$CSV" "$XLSX" >/dev/null  # the files in the page cache before the first timed command
for (( run = 1; run <= RUNS; run++ )); do
    echo "-- run $run of $RUNS"
    n=${#KINDS[@]}
    # rotate the order run by run, so no command always goes first
    for (( i = 0; i < n; i++ )); do
        "${KINDS[$(( (i + run - 1) % n ))]}" "$run"
    done
done

# --- summary --------------------------------------------------------------------------------------
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "none")
machine_report "$LOAD_BEFORE"
echo "   xueshi: $BIN (commit $commit); python-calamine $CALAMINE_VERSION"
python3 - "$MEASURE" "$ROWS" "$RUNS" <<'EOF'
import statistics, sys
path, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
by, order = {}, []
for line in open(path, encoding="utf-8"):
    run, label, secs, kb, cpu = line.rstrip("\n").split("\t")
    if label not in by:
        by[label] = []
        order.append(label)
    by[label].append((float(secs), int(kb), float(cpu)))
print("== summary over %d run%s (medians of wall, cpu = user + sys, and peak RSS)" % (runs, "" if runs == 1 else "s"))
print("   %-34s %9s %9s %9s %10s %12s" % ("command", "wall s", "min s", "cpu s", "rows/s", "peak RSS MB"))
med, cpu, rss = {}, {}, {}
for label in order:
    t = [m[0] for m in by[label]]
    med[label] = statistics.median(t)
    cpu[label] = statistics.median(m[2] for m in by[label])
    rss[label] = statistics.median(m[1] for m in by[label]) / 1024
    rate = rows / med[label] if med[label] > 0 else float("inf")
    print("   %-34s %9.2f %9.2f %9.2f %10.0f %12.1f" % (label, med[label], min(t), cpu[label], rate, rss[label]))
X, C, P = "xueshi import FILE.xlsx", "xueshi import FILE.csv", "python-calamine (iterate all rows)"
if med.get(C):
    r = med[X] / med[C]
    print("   ratio xlsx / csv import: %.2f wall (target: at most 1.30) %s" % (r, "ok" if r <= 1.30 else "MISSED"))
if med.get(P):
    r = med[X] / med[P]
    print("   ratio xlsx import / calamine read: %.2f wall (target: below 1.00) %s" % (r, "ok" if r < 1.0 else "MISSED"))
EOF
if [[ -n $RESULTS ]]; then
    { printf 'run\tcommand\twall_s\tpeak_rss_kb\tcpu_s\n'; cat "$MEASURE"; } >"$RESULTS"
    echo "   measurements written to $RESULTS"
fi

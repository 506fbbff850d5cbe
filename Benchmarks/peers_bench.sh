#!/usr/bin/env bash
# The analyst's job (issue 12), done with xueshi and with its peers, alternating run by run on the same
# export: read it, keep one row per natural key, add up approved hours per person and year, decide who
# meets 90 / 60 in each of 2023-2025. The peers' jobs are Benchmarks/peers/duckdb_job.py and
# pandas_job.py (duckdb and pandas from PyPI); the sqlite3 shell's CSV .import into an all-TEXT table is
# the reference for the import alone. Reports medians of wall time, CPU and peak memory, the ratios
# against the targets, and checks that every job finds the same people and the same number meeting.
#
#   bash Benchmarks/peers_bench.sh [--rows N] [--people P] [--runs R] [--no-build] [--bin PATH] [--skip-pandas]
#
# See Benchmarks/README.md. Not run by CI.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=1000000
PEOPLE=""
RUNS=3
SEED=20250728
AS_OF=2026-01-10
BUILD=1
BIN=""
PANDAS=1

usage() {
    cat <<EOF
usage: bash Benchmarks/peers_bench.sh [options]
  --rows N        rows of the export (default $ROWS)
  --people P      distinct people (default 22 per 1,000 rows)
  --runs R        timed runs of each job (default $RUNS)
  --seed S        generator seed (default $SEED)
  --no-build      do not run 'swift build -c release' first
  --bin PATH      the xueshi binary (default .build/release/xueshi)
  --skip-pandas   leave pandas out (it needs about 500 MB per million rows)
EOF
}
need_arg() { [[ $# -ge 2 && -n "$2" ]] || { echo "peers_bench: $1 needs a value" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rows) need_arg "$@"; ROWS=$2; shift 2 ;;
        --people) need_arg "$@"; PEOPLE=$2; shift 2 ;;
        --runs) need_arg "$@"; RUNS=$2; shift 2 ;;
        --seed) need_arg "$@"; SEED=$2; shift 2 ;;
        --bin) need_arg "$@"; BIN=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --skip-pandas) PANDAS=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "peers_bench: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in ROWS RUNS SEED; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "peers_bench: --${v,,} must be a whole number" >&2; exit 2; }
done
PEOPLE=${PEOPLE:-$(( ROWS * 22 / 1000 > 0 ? ROWS * 22 / 1000 : 1 ))}

die() { echo "peers_bench: $*" >&2; exit 1; }
# shellcheck source=Benchmarks/lib.sh
source "$ROOT/Benchmarks/lib.sh"
need_bench_tools
python3 -c 'import duckdb' 2>/dev/null || die "duckdb is needed: pip install duckdb"
(( ! PANDAS )) || python3 -c 'import pandas' 2>/dev/null || die "pandas is needed: pip install pandas (or --skip-pandas)"

BIN=${BIN:-$ROOT/.build/release/xueshi}
if (( BUILD )); then
    echo "== swift build -c release" >&2
    (cd "$ROOT" && swift build -c release) >&2 || die "swift build -c release failed"
fi
[[ -x $BIN ]] || die "no xueshi binary at $BIN (build it, or pass --bin)"

DATA=$ROOT/bench-data
mkdir -p "$DATA"
EXPORT=$DATA/export-$ROWS-p$PEOPLE-s$SEED.csv
if [[ ! -s $EXPORT ]]; then
    echo "== generating $EXPORT" >&2
    python3 "$ROOT/Benchmarks/generate_export.py" --rows "$ROWS" --people "$PEOPLE" --seed "$SEED" --output "$EXPORT" --quiet
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/xueshi-peers-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
MEASURE=$TMP/m.tsv
: >"$MEASURE"
PEERS=$ROOT/Benchmarks/peers

# job NAME RUN: runs one job (its steps timed one by one), records "name run secs kb cpu" and its answer.
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$MEASURED_SECS" "$MEASURED_KB" "$MEASURED_CPU" >>"$MEASURE"; }
step() {  # NAME RUN CMD...: one timed command, failing the benchmark when it fails
    local name=$1 run=$2; shift 2
    measure "$TMP/$name" "$@"
    (( MEASURED_RC <= 1 )) || { tail -n 20 "$TMP/$name.err" >&2; die "$name failed (exit $MEASURED_RC)"; }
    record "$name" "$run"
    printf '  %-3s %-26s %8s s wall %8s s cpu %8.1f MB\n' "$run" "$name" "$MEASURED_SECS" "$MEASURED_CPU" "$(awk -v k="$MEASURED_KB" 'BEGIN{print k/1024}')"
}
verdicts() {  # FILE: people and meeting in xueshi's verify/check JSON
    python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["people"]; print(json.dumps({"people": len(p), "meeting": sum(x["status"] == "meets" for x in p)}))' "$1"
}
answers() { echo "$1 $(cat "$2")" >>"$TMP/answers"; }

job() {
    local name=$1 run=$2
    case "$name" in
        xueshi-import+verify)
            rm -f "$TMP/ledger.sqlite"*
            step xueshi-import "$run" "$BIN" import "$EXPORT" --ledger "$TMP/ledger.sqlite"
            step xueshi-verify "$run" "$BIN" verify --json --as-of "$AS_OF" --ledger "$TMP/ledger.sqlite"
            verdicts "$TMP/xueshi-verify.out" >"$TMP/v.json"; answers xueshi-verify "$TMP/v.json" ;;
        xueshi-check)
            step xueshi-check "$run" "$BIN" check "$EXPORT" --json --as-of "$AS_OF"
            verdicts "$TMP/xueshi-check.out" >"$TMP/c.json"; answers xueshi-check "$TMP/c.json" ;;
        duckdb-file-db)
            step duckdb-file-db "$run" python3 "$PEERS/duckdb_job.py" --file "$EXPORT" --db "$TMP/peer.duckdb"
            answers duckdb-file-db "$TMP/duckdb-file-db.out"
            step duckdb-query "$run" python3 "$PEERS/duckdb_job.py" --db "$TMP/peer.duckdb" --query-only ;;
        duckdb-memory)
            step duckdb-memory "$run" python3 "$PEERS/duckdb_job.py" --file "$EXPORT" --memory
            answers duckdb-memory "$TMP/duckdb-memory.out" ;;
        pandas)
            step pandas "$run" python3 "$PEERS/pandas_job.py" --file "$EXPORT"
            answers pandas "$TMP/pandas.out" ;;
        sqlite3-import)
            rm -f "$TMP/text.sqlite"
            local columns
            columns=$(sed -n 3p "$EXPORT" | tr -d '\r' | tr ',' '\n' | awk '{printf "%sc%d TEXT", (NR > 1 ? ", " : ""), NR}')
            sqlite3 "$TMP/text.sqlite" "CREATE TABLE t ($columns)"
            step sqlite3-import "$run" sqlite3 "$TMP/text.sqlite" ".import --csv --skip 3 $EXPORT t" ;;
    esac
}

JOBS=(xueshi-import+verify duckdb-file-db xueshi-check duckdb-memory sqlite3-import)
(( ! PANDAS )) || JOBS+=(pandas)
echo "== $ROWS rows, $PEOPLE people ($(du -h "$EXPORT" | cut -f1)); $RUNS runs, the order rotating from run to run"
for (( run = 1; run <= RUNS; run++ )); do
    for (( i = 0; i < ${#JOBS[@]}; i++ )); do
        job "${JOBS[(i + run - 1) % ${#JOBS[@]}]}" "$run"
    done
done

python3 - "$MEASURE" "$TMP/answers" <<'EOF'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]).read().splitlines()]
med = {}
for name in sorted({r[0] for r in rows}):
    mine = [r for r in rows if r[0] == name]
    med[name] = tuple(statistics.median(float(r[i]) for r in mine) for i in (2, 3, 4))
print("\n== medians: wall s, cpu s, peak MB")
for name, (wall, kb, cpu) in med.items():
    print(f"  {name:26s} {wall:8.2f} {cpu:8.2f} {kb / 1024:8.1f}")
def ratio(a, b):
    return med[a][0] / med[b][0] if a in med and b in med and med[b][0] > 0 else float("nan")
both = med["xueshi-import"][0] + med["xueshi-verify"][0]
print("\n== targets (ratio of wall-clock medians; at most 1.0 is the goal)")
print(f"  import + verify --json / DuckDB file db      {both / med['duckdb-file-db'][0]:.2f}x  ({both:.2f} s vs {med['duckdb-file-db'][0]:.2f} s)")
print(f"  verify --json alone / DuckDB query alone     {ratio('xueshi-verify', 'duckdb-query'):.2f}x")
print(f"  check FILE --json / DuckDB in memory         {ratio('xueshi-check', 'duckdb-memory'):.2f}x  (peak {med['xueshi-check'][1] / 1024:.0f} MB; goal < 200 MB)")
print(f"  import alone / sqlite3 .import (all TEXT)    {ratio('xueshi-import', 'sqlite3-import'):.2f}x  (peak {med['xueshi-import'][1] / 1024:.0f} MB; goal < 150 MB)")
if "pandas" in med:
    print(f"  import + verify --json / pandas              {both / med['pandas'][0]:.2f}x")
answers = {}
for line in open(sys.argv[2]).read().splitlines():
    name, text = line.split(" ", 1)
    answers.setdefault(text, set()).add(name)
print("\n== same answers:", "yes" if len(answers) == 1 else "NO")
for text, names in answers.items():
    print(f"  {text}: {', '.join(sorted(names))}")
sys.exit(0 if len(answers) == 1 else 1)
EOF
machine_report "$LOAD_BEFORE"
echo "   duckdb $(python3 -c 'import duckdb; print(duckdb.__version__)')$( (( PANDAS )) && echo ", pandas $(python3 -c 'import pandas; print(pandas.__version__)')")"

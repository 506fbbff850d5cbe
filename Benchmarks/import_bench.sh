#!/usr/bin/env bash
# Times `xueshi import` of a large synthetic export against the sqlite3 shell's own CSV `.import`
# of the same file, in the same run, alternating run by run, and reports wall time and peak RSS.
#
#   bash Benchmarks/import_bench.sh [--rows N] [--runs R] [--no-build] [--duplicate] ...
#
# See Benchmarks/README.md. Exits non-zero if any command fails or loads the wrong number of rows.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=1000000
RUNS=3
PEOPLE=""   # default: 22000 per 1,000,000 rows (about 45 records a person), at least 1
UNITS=1000
SEED=20250728
BUILD=1
TYPED=1
DUPLICATE=0
EXISTING=0
SQLITE_ONLY=0
BIN=""
RESULTS=""

usage() {
    cat <<EOF
usage: bash Benchmarks/import_bench.sh [options]
  --rows N        data rows in the export (default $ROWS)
  --runs R        timed runs of each command (default $RUNS)
  --people P      distinct people in the export (default 22000 per million rows)
  --units U       distinct units in the export (default $UNITS)
  --seed S        generator seed (default $SEED)
  --no-build      do not run 'swift build -c release' first
  --bin PATH      the xueshi binary (default: .build/release/xueshi under the repo root)
  --duplicate     also time re-importing the same file into the filled ledger (must insert 0)
  --existing      also time the import into a ledger that already holds 10,000 other records
                  (a ledger in WAL mode, as every ledger is after its first import)
  --no-typed      skip the second reference (typed table with a UNIQUE natural key)
  --sqlite-only   time only the sqlite3 references (no build, no xueshi)
  --results FILE  also write every measurement to FILE as tab-separated values
  -h, --help      this text
Temporary databases go under \$TMPDIR (default /tmp) and are removed on exit.
EOF
}

need_arg() { [[ $# -ge 2 && -n "$2" ]] || { echo "import_bench: $1 needs a value" >&2; exit 2; }; }
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
        --duplicate) DUPLICATE=1; shift ;;
        --existing) EXISTING=1; shift ;;
        --no-typed) TYPED=0; shift ;;
        --sqlite-only) SQLITE_ONLY=1; BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "import_bench: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in ROWS RUNS UNITS SEED ${PEOPLE:+PEOPLE}; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "import_bench: --${v,,} must be a whole number, not '${!v}'" >&2; exit 2; }
done
DEFAULT_PEOPLE=$(( ROWS * 22 / 1000 > 0 ? ROWS * 22 / 1000 : 1 ))
PEOPLE=${PEOPLE:-$DEFAULT_PEOPLE}
(( ROWS >= 1 && RUNS >= 1 )) || { echo "import_bench: --rows and --runs must be at least 1" >&2; exit 2; }

die() { echo "import_bench: $*" >&2; exit 1; }

# --- tools ----------------------------------------------------------------------------------------
# shellcheck source=Benchmarks/lib.sh
source "$ROOT/Benchmarks/lib.sh"
need_bench_tools

# --- build ----------------------------------------------------------------------------------------
BIN=${BIN:-$ROOT/.build/release/xueshi}
if (( BUILD )); then
    command -v swift >/dev/null || die "swift is not on PATH (or pass --no-build / --sqlite-only)"
    echo "== swift build -c release (in $ROOT)" >&2
    (cd "$ROOT" && swift build -c release) >&2 || die "swift build -c release failed"
fi
if (( ! SQLITE_ONLY )); then
    if [[ ! -x $BIN ]]; then
        die "the xueshi binary is missing: $BIN
  build it with 'swift build -c release' (drop --no-build), pass --bin PATH,
  or run only the sqlite3 references with --sqlite-only"
    fi
fi

# --- data -----------------------------------------------------------------------------------------
DATA_DIR=$ROOT/bench-data
mkdir -p "$DATA_DIR"
if [[ $PEOPLE == "$DEFAULT_PEOPLE" && $UNITS == 1000 && $SEED == 20250728 ]]; then
    DATA=$DATA_DIR/export-$ROWS.csv
else
    DATA=$DATA_DIR/export-$ROWS-p$PEOPLE-u$UNITS-s$SEED.csv
fi
if [[ ! -s $DATA ]]; then
    echo "== generating $DATA" >&2
    python3 "$ROOT/Benchmarks/generate_export.py" --rows "$ROWS" --people "$PEOPLE" --units "$UNITS" \
        --seed "$SEED" --output "$DATA.part" || { rm -f "$DATA.part"; die "the generator failed"; }
    mv "$DATA.part" "$DATA"
fi
PREFILL=$DATA_DIR/export-10000-p220-u100-s$((SEED + 1)).csv
if (( EXISTING )) && [[ ! -s $PREFILL ]]; then
    echo "== generating $PREFILL" >&2
    python3 "$ROOT/Benchmarks/generate_export.py" --rows 10000 --people 220 --units 100 --seed $((SEED + 1)) \
        --output "$PREFILL.part" --quiet || { rm -f "$PREFILL.part"; die "the generator failed"; }
    mv "$PREFILL.part" "$PREFILL"
fi
# Lines before the first data row: the title rows and the header (the header is not loaded).
HEADER_LINE=$(python3 - "$DATA" <<'EOF'
import sys
with open(sys.argv[1], "rb") as f:
    for n, line in enumerate(f, 1):
        if line.lstrip(b"\xef\xbb\xbf").startswith("序号,".encode()):
            print(n)
            break
        if n > 20:
            break
EOF
)
[[ -n $HEADER_LINE ]] || die "no header row (序号,...) in the first 20 lines of $DATA"
SKIP=$HEADER_LINE
DATA_MB=$(python3 -c "import os,sys; print('%.1f' % (os.path.getsize(sys.argv[1]) / 1e6))" "$DATA")

TMP=$(mktemp -d "${TMPDIR:-/tmp}/xueshi-bench.XXXXXX")
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
MEASURE=$TMP/measurements.tsv
: >"$MEASURE"

# The 14 header columns, all TEXT: what the sqlite3 shell itself would create from the header row.
TEXT_TABLE='CREATE TABLE t("序号" TEXT, "姓名" TEXT, "身份证号" TEXT, "工作单位" TEXT, "年度" TEXT,
  "科目类别" TEXT, "学习形式" TEXT, "项目名称" TEXT, "主办单位" TEXT, "开始日期" TEXT, "结束日期" TEXT,
  "学时" TEXT, "审核状态" TEXT, "登记日期" TEXT);'
# The same with types and the natural key (id, year, category, title, start, end, hours) UNIQUE.
TYPED_TABLE='CREATE TABLE t(seq INTEGER, name TEXT NOT NULL, id TEXT NOT NULL, unit TEXT NOT NULL,
  year INTEGER NOT NULL, category TEXT NOT NULL, form TEXT, title TEXT NOT NULL, organizer TEXT,
  start TEXT, "end" TEXT, hours NUMERIC NOT NULL, status TEXT, registered TEXT,
  UNIQUE(id, year, category, title, start, "end", hours));'

# timed LABEL RUN LOGBASE -- CMD...: runs CMD under GNU time, stdout to LOGBASE.out, stderr to
# LOGBASE.err, and appends "RUN LABEL wall-seconds peak-KB cpu-seconds" to the measurements.
timed() {
    local label=$1 run=$2 base=$3; shift 4
    measure "$base" "$@"
    local rc=$MEASURED_RC secs=$MEASURED_SECS kb=$MEASURED_KB cpu=$MEASURED_CPU
    if (( rc != 0 )); then
        echo "import_bench: '$label' failed (exit $rc): $*" >&2
        tail -n 20 "$base.err" >&2 || true
        exit 1
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$label" "$secs" "$kb" "$cpu" >>"$MEASURE"
    printf '  %-3s %-40s %8s s wall %8s s cpu %9.1f MB\n' "$run" "$label" "$secs" "$cpu" \
        "$(awk -v k="$kb" 'BEGIN{print k/1024}')"
}

sqlite_count() { sqlite3 "$1" 'SELECT count(*) FROM t;'; }

check_count() {  # LABEL GOT WANT
    [[ $2 == "$3" ]] || die "'$1' loaded $2 rows, expected $3"
}

# xueshi import --json must say inserted == WANT_INS and rejected == 0 (and, when given, duplicates == WANT_DUP).
check_xueshi_json() {  # LABEL FILE WANT_INS [WANT_DUP]
    python3 - "$@" <<'EOF' || exit 1
import json, sys
label, path, want_ins = sys.argv[1], sys.argv[2], int(sys.argv[3])
want_dup = int(sys.argv[4]) if len(sys.argv) > 4 else None
try:
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
except Exception as e:
    sys.exit("import_bench: '%s' did not print JSON on stdout (%s)" % (label, e))
got = {k: j.get(k) for k in ("inserted", "duplicates", "rejected")}
bad = got["inserted"] != want_ins or got["rejected"] != 0 or (want_dup is not None and got["duplicates"] != want_dup)
if bad:
    sys.exit("import_bench: '%s' reported %s; expected inserted=%d, rejected=0%s"
             % (label, got, want_ins, "" if want_dup is None else ", duplicates=%d" % want_dup))
EOF
}

run_xueshi() {  # RUN
    local d=$TMP/x$1
    mkdir -p "$d"
    timed "xueshi import" "$1" "$d/import" -- "$BIN" import "$DATA" --ledger "$d/ledger.sqlite" --json
    check_xueshi_json "xueshi import" "$d/import.out" "$ROWS"
    if (( DUPLICATE )); then
        timed "xueshi import (again: duplicates)" "$1" "$d/again" -- \
            "$BIN" import "$DATA" --ledger "$d/ledger.sqlite" --json
        check_xueshi_json "xueshi import (again)" "$d/again.out" 0 "$ROWS"
    fi
    rm -rf "$d"
}

# With --existing: a ledger filled first with an export of other people (PREFILL, another seed).
run_xueshi_existing() {  # RUN
    local d=$TMP/e$1
    mkdir -p "$d"
    "$BIN" import "$PREFILL" --ledger "$d/ledger.sqlite" --json >"$d/prefill.out" 2>"$d/prefill.err" \
        || die "filling the ledger with $PREFILL failed: $(tail -n 3 "$d/prefill.err")"
    check_xueshi_json "xueshi import (prefill)" "$d/prefill.out" 10000
    timed "xueshi import (into a filled ledger)" "$1" "$d/import" -- "$BIN" import "$DATA" --ledger "$d/ledger.sqlite" --json
    check_xueshi_json "xueshi import (into a filled ledger)" "$d/import.out" "$ROWS"
    rm -rf "$d"
}

run_sqlite_text() {  # RUN
    local d=$TMP/s$1
    mkdir -p "$d"
    sqlite3 "$d/text.sqlite" "$TEXT_TABLE"
    timed "sqlite3 .import (TEXT, no index)" "$1" "$d/import" -- \
        sqlite3 "$d/text.sqlite" ".import --csv --skip $SKIP $DATA t"
    check_count "sqlite3 .import (TEXT)" "$(sqlite_count "$d/text.sqlite")" "$ROWS"
    rm -rf "$d"
}

run_sqlite_typed() {  # RUN
    local d=$TMP/t$1
    mkdir -p "$d"
    sqlite3 "$d/typed.sqlite" "$TYPED_TABLE"
    timed "sqlite3 .import (typed, UNIQUE key)" "$1" "$d/import" -- \
        sqlite3 "$d/typed.sqlite" ".import --csv --skip $SKIP $DATA t"
    check_count "sqlite3 .import (typed)" "$(sqlite_count "$d/typed.sqlite")" "$ROWS"
    [[ ! -s $d/import.err ]] || die "sqlite3 .import (typed) complained: $(head -n 3 "$d/import.err")"
    if (( DUPLICATE )); then
        # The reference for a re-import: stage the file, then INSERT OR IGNORE on the natural key.
        timed "sqlite3 stage + INSERT OR IGNORE (again)" "$1" "$d/again" -- \
            sqlite3 "$d/typed.sqlite" "CREATE TABLE s AS SELECT * FROM t WHERE 0;" \
            ".import --csv --skip $SKIP $DATA s" \
            "INSERT OR IGNORE INTO t SELECT * FROM s; SELECT changes(); DROP TABLE s;"
        check_count "sqlite3 INSERT OR IGNORE (again), rows inserted" "$(tail -n 1 "$d/again.out")" 0
        check_count "sqlite3 typed table after the re-import" "$(sqlite_count "$d/typed.sqlite")" "$ROWS"
    fi
    rm -rf "$d"
}

# --- the runs -------------------------------------------------------------------------------------
KINDS=()
(( SQLITE_ONLY )) || KINDS+=(run_xueshi)
(( SQLITE_ONLY || ! EXISTING )) || KINDS+=(run_xueshi_existing)
KINDS+=(run_sqlite_text)
(( TYPED )) && KINDS+=(run_sqlite_typed)

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "== $ROWS rows, $DATA_MB MB: $DATA (skipping $SKIP lines: title rows and header)"
cat "$DATA" >/dev/null  # the file in the page cache before the first timed command
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
(( SQLITE_ONLY )) || echo "   xueshi: $BIN (commit $commit)"
python3 - "$MEASURE" "$ROWS" "$RUNS" <<'EOF'
import statistics, sys
path, rows, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
by = {}
order = []
for line in open(path, encoding="utf-8"):
    run, label, secs, kb, cpu = line.rstrip("\n").split("\t")
    if label not in by:
        by[label] = []
        order.append(label)
    by[label].append((float(secs), int(kb), float(cpu)))
print("== summary over %d run%s (wall and cpu = user + sys: medians; peak RSS: the largest of the runs)"
      % (runs, "" if runs == 1 else "s"))
print("   %-40s %9s %9s %9s %10s %12s" % ("command", "wall s", "min s", "cpu s", "rows/s", "peak RSS MB"))
med, cpu = {}, {}
for label in order:
    t = [m[0] for m in by[label]]
    med[label] = statistics.median(t)
    cpu[label] = statistics.median(m[2] for m in by[label])
    rate = rows / med[label] if med[label] > 0 else float("inf")
    print("   %-40s %9.2f %9.2f %9.2f %10.0f %12.1f" % (label, med[label], min(t), cpu[label], rate,
                                                      max(m[1] for m in by[label]) / 1024))
X, S, T = "xueshi import", "sqlite3 .import (TEXT, no index)", "sqlite3 .import (typed, UNIQUE key)"
E = "xueshi import (into a filled ledger)"
for x in (X, E):
    for ref in (S, T):
        if x in med and ref in med and med[ref] > 0:
            print("   ratio %s / %s: %.2f wall, %.2f cpu" % (x, ref, med[x] / med[ref],
                                                          cpu[x] / cpu[ref] if cpu[ref] > 0 else float("nan")))
xd = med.get("xueshi import (again: duplicates)")
if xd is not None:
    print("   re-import of the same file (inserts 0): %.2f s median" % xd)
EOF
if [[ -n $RESULTS ]]; then
    { printf 'run\tcommand\twall_s\tpeak_rss_kb\tcpu_s\n'; cat "$MEASURE"; } >"$RESULTS"
    echo "   measurements written to $RESULTS"
fi

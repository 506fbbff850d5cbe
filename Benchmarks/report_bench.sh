#!/usr/bin/env bash
# Times `xueshi report units` in every format on a large ledger (default: the verify benchmark's
# 4.5M-record ledger of 100,000 people in 1,000 units), with peak memory.
# Usage: bash Benchmarks/report_bench.sh [LEDGER] [--no-build] [--bin PATH]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
ledger="bench-data/ledger-4500000-p100000-u1000-s20250728.sqlite"
build=1
bin="$root/.build/release/xueshi"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --bin) [ $# -ge 2 ] || { echo "--bin needs a path" >&2; exit 2; }; bin="$2"; build=0; shift 2 ;;
    *) ledger="$1"; shift ;;
  esac
done
[ "$build" = 0 ] || swift build -c release >/dev/null
[ -f "$ledger" ] || { echo "no ledger at $ledger: run Benchmarks/verify_bench.sh first (it builds it)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
people=$(sqlite3 "$ledger" "SELECT count(*) FROM people"); units=$(sqlite3 "$ledger" "SELECT count(*) FROM units")
echo "== report units on $ledger: $people people, $units units (as of 2026-01-01)"
printf '%-10s %10s %12s %14s\n' format "wall s" "peak RSS MB" "output MB"
for format in table csv json markdown html xlsx; do
  file="$out/report.$format"
  /usr/bin/time -f '%e %M' -o "$out/time" "$bin" report units --ledger "$ledger" --as-of 2026-01-01 \
      --format "$format" --output "$file" 2>/dev/null
  read -r wall rss < "$out/time"
  size=$(stat -c %s "$file")
  awk -v f="$format" -v w="$wall" -v r="$rss" -v s="$size" 'BEGIN { printf "%-10s %10s %12.1f %14.2f\n", f, w, r / 1024, s / 1048576 }'
done
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"

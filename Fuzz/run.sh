#!/usr/bin/env bash
# Builds the fuzz harnesses (AddressSanitizer, libFuzzer) and runs each in turn for N executions,
# then prints what each did. See README.md.
#
#   bash Fuzz/run.sh                      # every harness, 1,000,000 executions each
#   bash Fuzz/run.sh --runs 100000        # fewer
#   bash Fuzz/run.sh --only csv           # one harness (csv xlsx biff html spreadsheetml profile policy schedule)
#   bash Fuzz/run.sh --max-time 600       # at most 600 s a harness, whatever --runs says
#   bash Fuzz/run.sh --no-build           # the harnesses as last built
#
# A crash, a run over 1 s, a leak or a run past the memory limit stops that harness; the input that did
# it is copied to Fuzz/Findings/<harness>/. The exit status is 1 when there is any finding.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
runs=1000000
max_time=1500
only=""
build=1
rss_limit_mb=2048
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --max-time) max_time="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

all=(csv xlsx biff html spreadsheetml profile policy schedule)
declare -A product=([csv]=FuzzCSV [xlsx]=FuzzXLSX [biff]=FuzzBIFF [html]=FuzzHTML
                    [spreadsheetml]=FuzzSpreadsheetML [profile]=FuzzProfile [policy]=FuzzPolicy
                    [schedule]=FuzzSchedule)
if [ -n "$only" ]; then
  only="$(echo "$only" | tr '[:upper:]' '[:lower:]')"; only="${only#fuzz}"
  [ -n "${product[$only]:-}" ] || { echo "no harness \"$only\"; there are: ${all[*]}" >&2; exit 2; }
  selected=("$only")
else
  selected=("${all[@]}")
fi

echo "== machine"
echo "cores: $(nproc)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "kernel: $(uname -sr)"
echo "swift: $(swift --version 2>&1 | head -1)"
echo "limits: -runs=$runs -max_total_time=$max_time -timeout=1 -rss_limit_mb=$rss_limit_mb, leaks detected"

# The modules are compiled with ASan and libFuzzer's coverage instrumentation (what -sanitize=fuzzer
# turns on), and only the harnesses are linked with libFuzzer: SwiftPM compiles every executable,
# the project's build-time tool among them, with -parse-as-library under -sanitize=fuzzer, which that
# tool's top-level code does not build with. The tool, built with ASan too, runs during the build:
# leak detection is off for the build.
swift_flags=(-Xswiftc -sanitize=address
             -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,pc-table,inline-8bit-counters)
if [ "$build" = 1 ]; then
  echo "== build"
  started=$(date +%s)
  products=()
  for name in "${selected[@]}"; do products+=(--product "${product[$name]}"); done
  if [ ${#selected[@]} -eq ${#all[@]} ]; then products=(); fi
  ASAN_OPTIONS=detect_leaks=0 swift build -c release --package-path "$here" "${swift_flags[@]}" "${products[@]}" \
    2>&1 | grep -v 'ld.gold: warning\|ld.lld: warning' | tail -3
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "build failed" >&2; exit 1; }
  echo "built in $(( $(date +%s) - started )) s"
fi

bin="$(swift build -c release --package-path "$here" "${swift_flags[@]}" --show-bin-path)"
work="${TMPDIR:-/tmp}/xueshi-fuzz"
findings_total=0
summary=()
for name in "${selected[@]}"; do
  exe="$bin/${product[$name]}"
  [ -x "$exe" ] || { echo "$exe is missing: build first" >&2; exit 1; }
  echo "== ${product[$name]} (Corpus/$name)"
  rm -rf "$work/$name"
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts"
  # New inputs go to a scratch copy of the corpus, so Corpus/ stays the seeds that are committed.
  cp "$here/Corpus/$name/"* "$work/$name/corpus/"
  log="$work/$name/log"
  started=$(date +%s.%N)
  set +e
  # lsan.supp: the one leak found that is not xueshi's (README.md, "Findings").
  LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0" \
  ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" "$exe" "$work/$name/corpus" \
    -runs="$runs" -max_total_time="$max_time" -timeout=1 -rss_limit_mb="$rss_limit_mb" \
    -detect_leaks=1 -print_final_stats=1 -seed=1 -artifact_prefix="$work/$name/artifacts/" > "$log" 2>&1
  status=$?
  set -e
  wall=$(echo "$(date +%s.%N) - $started" | bc)
  # The last figures are the harness's own: a BIFF child that dies prints libFuzzer's stats too.
  execs=$(grep 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
  [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  rss=$(grep 'stat::peak_rss_mb' "$log" | tail -1 | awk '{print $2}')
  [ -n "$rss" ] || rss=$(grep -oE 'rss: [0-9]+Mb' "$log" | tail -1 | grep -oE '[0-9]+')
  # FreeXL's own memory errors, caught by ASan in the child process BIFFChild forks: libFuzzer's death
  # callback runs there too and writes the input as a crash, while the harness goes on (the child's
  # death is a refused file). Counted apart: they are FreeXL's, and contained by design.
  mkdir -p "$work/$name/freexl-child"
  awk '/xueshi_freexl_child/ { child = 1 }
       /Test unit written to / { if (child) print $NF; child = 0 }' "$log" | sort -u |
    while read -r unit; do [ -f "$unit" ] && mv "$unit" "$work/$name/freexl-child/"; done
  contained=$(find "$work/$name/freexl-child" -type f | wc -l)
  count() { find "$work/$name/artifacts" -name "$1-*" | wc -l; }
  crashes=$(( $(count crash) + $(count oom) + $(count deadly) ))
  timeouts=$(count timeout)
  leaks=$(count leak)
  found=$(( crashes + timeouts + leaks ))
  if [ "$contained" -gt 0 ]; then
    mkdir -p "$here/Findings/$name/freexl-child"
    cp "$work/$name/freexl-child/"* "$here/Findings/$name/freexl-child/"
    cp "$log" "$here/Findings/$name/log.txt"
  fi
  if [ "$found" -gt 0 ]; then
    mkdir -p "$here/Findings/$name"
    cp "$work/$name/artifacts/"* "$here/Findings/$name/"
    cp "$log" "$here/Findings/$name/log.txt"
    grep -m3 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|Fatal error|SUMMARY' "$log" || true
    findings_total=$(( findings_total + found ))
  elif [ "$status" -ne 0 ]; then
    echo "libFuzzer exited $status without a finding; the log is $log:" >&2
    tail -20 "$log" >&2
    findings_total=$(( findings_total + 1 ))
  fi
  line=$(printf '%-14s executions %9s  crashes %d  timeouts %d  leaks %d  peak RSS %5s MB  wall %7.1f s' \
         "$name" "${execs:-?}" "$crashes" "$timeouts" "$leaks" "${rss:-?}" "$wall")
  [ "$contained" -eq 0 ] || line="$line  (FreeXL errors contained in the child: $contained)"
  echo "$line"
  summary+=("$line")
done

echo "== summary ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(uname -r))"
printf '%s\n' "${summary[@]}"
[ "$findings_total" -eq 0 ] || { echo "findings: Fuzz/Findings/"; exit 1; }

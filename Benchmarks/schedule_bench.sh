#!/usr/bin/env bash
# Times a scheduled weekly job against the report it sends: `xueshi report units --format xlsx` alone,
# and `xueshi schedule run` of a job that makes the same report and delivers it to an SMTP server
# (STARTTLS and a login, the workbook attached) and to two chat robots (DingTalk signed markdown; WeCom
# markdown, then the workbook uploaded and posted), all on 127.0.0.1 with a test CA made by openssl.
# Alternating, medians. Target (issue 9): schedule run ≤ the report's own time + 1 s.
# Usage: bash Benchmarks/schedule_bench.sh [LEDGER] [--runs R] [--no-build] [--bin PATH]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
ledger="bench-data/ledger-4500000-p100000-u1000-s20250728.sqlite"
runs=3
build=1
bin="$root/.build/release/xueshi"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --bin) [ $# -ge 2 ] || { echo "--bin needs a path" >&2; exit 2; }; bin="$2"; build=0; shift 2 ;;
    *) ledger="$1"; shift ;;
  esac
done
[ "$build" = 0 ] || swift build -c release >/dev/null
[ -f "$ledger" ] || { echo "no ledger at $ledger: run Benchmarks/verify_bench.sh first (it builds it)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 2; }
python3 -c 'import aiosmtpd' 2>/dev/null || { echo "aiosmtpd is missing: apt-get install python3-aiosmtpd" >&2; exit 2; }
servers="$root/Tests/TestServers/Servers"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A test CA and a certificate for 127.0.0.1.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
    -days 2 -subj "/CN=xueshi bench CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/server.key" -out "$work/server.csr" \
    -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n' > "$work/server.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
    -out "$work/server.pem" -days 2 -extfile "$work/server.ext" 2>/dev/null

# A server that prints "ready PORT" and stops when its standard input closes: fed by a sleep that
# the clean-up kills. Its port is left in $work/NAME.port.
start_server() {
  local name="$1"; shift
  (sleep 100000 | python3 "$@" > "$work/$name.out" 2> "$work/$name.err") > /dev/null 2>&1 &
  pids+=("$!")
  for _ in $(seq 100); do grep -q '^ready ' "$work/$name.out" 2>/dev/null && break; sleep 0.1; done
  grep -q '^ready ' "$work/$name.out" || { echo "$name did not start: $(cat "$work/$name.err")" >&2; exit 2; }
  sed -n 's/^ready //p' "$work/$name.out" > "$work/$name.port"
}
mkdir -p "$work/mail" "$work/robots"
export SMTP_USER=bench SMTP_PASSWORD=bench-password DING_SECRET=SECbench0123456789
start_server smtp "$servers/smtp_server.py" "$work/server.pem" "$work/server.key" "$work/mail" "$SMTP_USER" "$SMTP_PASSWORD"
start_server robots "$servers/robot_server.py" "$work/server.pem" "$work/server.key" "$work/robots" "$DING_SECRET"
smtp_port=$(cat "$work/smtp.port"); robot_port=$(cat "$work/robots.port")

cat > "$work/schedule.yaml" <<YAML
destinations:
  mail: { smtp: "smtp://127.0.0.1:$smtp_port", from: "xueshi@example.com", to: ["hr@example.com"],
          user_env: SMTP_USER, password_env: SMTP_PASSWORD, cacert: "$work/ca.pem", timeout: 300 }
  ding: { dingtalk: "https://127.0.0.1:$robot_port/dingtalk/robot/send?access_token=bench", secret_env: DING_SECRET, cacert: "$work/ca.pem" }
  wecom: { wecom: "https://127.0.0.1:$robot_port/wecom/cgi-bin/webhook/send?key=bench", cacert: "$work/ca.pem", timeout: 300 }
jobs:
  - { name: "bench-$(date +%s)-$$", report: units, format: xlsx, every: week, as_of: "2026-01-01", to: [mail, ding, wecom] }
YAML

people=$(sqlite3 "$ledger" "SELECT count(*) FROM people"); units=$(sqlite3 "$ledger" "SELECT count(*) FROM units")
records=$(sqlite3 "$ledger" "SELECT count(*) FROM records")
echo "== weekly job on $ledger: $records records, $people people, $units units (as of 2026-01-01), $runs runs"
# Each run of the schedule is a new week of a job named for this invocation, so that its deliveries are
# due; the run log keeps them (a few rows in the ledger's deliveries table per invocation).
printf '%-4s %-34s %10s %12s %s\n' run what "wall s" "peak RSS MB" note
report_times=(); schedule_times=()
for run in $(seq "$runs"); do
  week_day=$(date -d "2027-01-04 + $((run * 7)) days" +%F)
  order="report schedule"; [ $((run % 2)) = 0 ] && order="schedule report"
  for what in $order; do
    if [ "$what" = report ]; then
      /usr/bin/time -f '%e %M' -o "$work/time" "$bin" report units --ledger "$ledger" --as-of 2026-01-01 \
          --format xlsx --output "$work/report.xlsx" 2>/dev/null
      read -r wall rss < "$work/time"; report_times+=("$wall"); note="$(stat -c %s "$work/report.xlsx") bytes"
    else
      status=0
      /usr/bin/time -f '%e %M' -o "$work/time" "$bin" schedule run "$work/schedule.yaml" --ledger "$ledger" \
          --now "${week_day}T08:00" --json > "$work/run.json" 2>"$work/run.err" || status=$?
      [ "$status" = 0 ] || { echo "schedule run failed ($status): $(cat "$work/run.json" "$work/run.err")" >&2; exit 1; }
      sent=$(python3 -c 'import json,sys; print(sum(d["status"] == "sent" for d in json.load(open(sys.argv[1]))["deliveries"]))' "$work/run.json")
      [ "$sent" = 3 ] || { echo "expected 3 deliveries sent: $(cat "$work/run.json")" >&2; exit 1; }
      read -r wall rss < "$work/time"; schedule_times+=("$wall"); note="3 sent"
    fi
    label=$([ "$what" = report ] && echo "report units --format xlsx" || echo "schedule run (mail, DingTalk, WeCom)")
    awk -v n="$run" -v l="$label" -v w="$wall" -v r="$rss" -v t="$note" 'BEGIN { printf "%-4s %-34s %10s %12.1f %s\n", n, l, w, r / 1024, t }'
  done
done
mails=$(ls "$work/mail"/*.eml | wc -l); uploads=$(wc -l < "$work/robots/uploads.jsonl")
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
report_median=$(median "${report_times[@]}"); schedule_median=$(median "${schedule_times[@]}")
echo "== received: $mails mails, $uploads WeCom uploads, $(wc -l < "$work/robots/messages.jsonl") robot messages"
differences=(); for i in "${!report_times[@]}"; do differences+=("$(awk -v s="${schedule_times[$i]}" -v r="${report_times[$i]}" 'BEGIN { print s - r }')"); done
pair_median=$(median "${differences[@]}")
awk -v r="$report_median" -v s="$schedule_median" -v p="$pair_median" 'BEGIN {
  printf "== medians: report %.2f s, schedule run %.2f s: deliveries add %.2f s; median of each run'"'"'s difference %.2f s (target: at most 1 s) %s\n", r, s, s - r, p, (s - r <= 1 && p <= 1 ? "OK" : "OVER") }'
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load $(cut -d' ' -f1-3 /proc/loadavg)"

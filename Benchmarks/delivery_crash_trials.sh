#!/usr/bin/env bash
# Exactly once, measured (issue 11, item 3, second half): `xueshi schedule run` of one job to three chat
# robots (DingTalk signed, WeCom, a generic webhook; the tests' robot server on 127.0.0.1 over HTTPS with
# a test CA made by openssl) killed with SIGKILL at a random moment, then run again, not killed, for the
# same period. Every robot must then have received its message exactly once: counted per trial as
# duplicates (received twice) and losses (never received). Each trial looks, right after the kill, at
# what the run log says of each destination and what its robot already holds, so that a duplicate can
# be traced to its window: the robot had taken the message while the log still said `sending`.
#
#   bash Benchmarks/delivery_crash_trials.sh [--trials N] [--seed S] [--ledger L] [--no-build] [--bin PATH]
#
# Run by Benchmarks/crash_trials.sh after its import trials (its template ledger as --ledger). Not run
# by CI. See Benchmarks/README.md. Exits non-zero if a message was lost or a command failed; duplicates
# are reported (and counted as failures too: the goal is exactly once).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRIALS=200
SEED=20251127
LEDGER=""
BUILD=1
BIN=""

usage() {
    cat <<EOF
usage: bash Benchmarks/delivery_crash_trials.sh [options]
  --trials N     schedule runs killed at random, each then run again (default $TRIALS)
  --seed S       kill-time seed (default $SEED)
  --ledger L     a ledger holding records, copied for each trial (default: one made from a 4,000-row export)
  --no-build     do not run 'swift build -c release' first
  --bin PATH     the xueshi binary (default: .build/release/xueshi under the repo root)
  -h, --help     this text
EOF
}

need_arg() { [[ $# -ge 2 && -n "$2" ]] || { echo "delivery_crash_trials: $1 needs a value" >&2; exit 2; }; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --trials) need_arg "$@"; TRIALS=$2; shift 2 ;;
        --seed) need_arg "$@"; SEED=$2; shift 2 ;;
        --ledger) need_arg "$@"; LEDGER=$2; shift 2 ;;
        --bin) need_arg "$@"; BIN=$2; BUILD=0; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "delivery_crash_trials: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for v in TRIALS SEED; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "delivery_crash_trials: --${v,,} must be a whole number, not '${!v}'" >&2; exit 2; }
done

die() { echo "delivery_crash_trials: $*" >&2; exit 1; }

# shellcheck source=Benchmarks/lib.sh
source "$ROOT/Benchmarks/lib.sh"
need_bench_tools
command -v openssl >/dev/null || die "openssl is needed (the test CA)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

BIN=${BIN:-$ROOT/.build/release/xueshi}
if (( BUILD )); then
    (cd "$ROOT" && swift build -c release >/dev/null) || die "swift build -c release failed"
fi
[[ -x $BIN ]] || die "no xueshi binary at $BIN (build it with 'swift build -c release', or give --bin)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xueshi-delivery.XXXXXX")
FEEDER=""
cleanup() {
    # The robot server exits when its standard input closes: the sleep that feeds it is ours to end.
    [[ -n $FEEDER ]] && kill "$FEEDER" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z $LEDGER ]]; then
    LEDGER="$WORK/template.sqlite"
    python3 "$ROOT/Benchmarks/generate_export.py" --rows 4000 --people 100 --units 50 --seed "$SEED" --quiet \
        --output "$WORK/export.csv"
    "$BIN" import "$WORK/export.csv" --ledger "$LEDGER" > /dev/null || die "could not make the ledger"
    sqlite3 "$LEDGER" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
fi
[[ -f $LEDGER ]] || die "no ledger at $LEDGER"

# --- a test CA, a certificate for 127.0.0.1, the robot server ---------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" \
    -days 2 -subj "/CN=xueshi crash-trials CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/server.key" -out "$WORK/server.csr" \
    -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n' \
    > "$WORK/server.ext"
openssl x509 -req -in "$WORK/server.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -out "$WORK/server.pem" -days 2 -extfile "$WORK/server.ext" 2>/dev/null
mkdir -p "$WORK/robots"
export DING_SECRET=SECcrash0123456789
mkfifo "$WORK/robot.in"
python3 "$ROOT/Tests/TestServers/Servers/robot_server.py" "$WORK/server.pem" "$WORK/server.key" "$WORK/robots" \
    "$DING_SECRET" < "$WORK/robot.in" > "$WORK/robot.out" 2> "$WORK/robot.err" &
ROBOT_PID=$!
sleep 1000000 > "$WORK/robot.in" &
FEEDER=$!
for _ in $(seq 100); do grep -q '^ready ' "$WORK/robot.out" 2>/dev/null && break; sleep 0.1; done
grep -q '^ready ' "$WORK/robot.out" || die "the robot server did not start: $(cat "$WORK/robot.err")"
PORT=$(sed -n 's/^ready //p' "$WORK/robot.out")
BASE="https://127.0.0.1:$PORT"

# --- one trial's schedule, ledger, counts -----------------------------------------------------------
NOW="2025-09-03T08:00"
tokens() { echo "ding-$1 wecom-$1 hook-$1"; }
write_schedule() { # NAME: the schedule of trial NAME in $WORK/NAME/s.yaml, its ledger a copy of LEDGER
    local dir="$WORK/$1"
    mkdir -p "$dir"
    cp "$LEDGER" "$dir/ledger.sqlite"
    cat > "$dir/s.yaml" <<YAML
destinations:
  ding: { dingtalk: "$BASE/dingtalk/robot/send?access_token=ding-$1", secret_env: DING_SECRET, cacert: "$WORK/ca.pem" }
  wecom: { wecom: "$BASE/wecom/cgi-bin/webhook/send?key=wecom-$1", cacert: "$WORK/ca.pem" }
  hook: { webhook: "$BASE/webhook/hook-$1", cacert: "$WORK/ca.pem" }
jobs:
  - { name: daily-units, report: units, format: markdown, every: day, to: [ding, wecom, hook] }
YAML
}
received() { grep -cF "\"token\": \"$1\"" "$WORK/robots/messages.jsonl" 2>/dev/null || true; }
run_schedule() { # NAME [--json]: runs trial NAME's schedule to its end; sets RUN_RC
    RUN_RC=0
    (cd "$WORK/$1" && XUESHI_LEDGER="$WORK/$1/ledger.sqlite" "$BIN" schedule run s.yaml --now "$NOW" "${@:2}" \
        > out.json 2> err.txt) || RUN_RC=$?
}
history_of() { # NAME: "ding=STATUS wecom=STATUS hook=STATUS" from the run log (none: never claimed)
    (cd "$WORK/$1" && XUESHI_LEDGER="$WORK/$1/ledger.sqlite" "$BIN" schedule history s.yaml --json 2> history.err) |
        python3 -c '
import json, sys
states = {d["destination"]: d["status"] for d in json.load(sys.stdin).get("deliveries", [])}
print(" ".join("%s=%s" % (n, states.get(n, "none")) for n in ("ding", "wecom", "hook")))'
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
now_ns() { date +%s%N; }
times=()
for i in 1 2 3 4 5; do
    write_schedule "m$i"
    t0=$(now_ns); run_schedule "m$i" --json; t1=$(now_ns)
    [[ $RUN_RC == 0 ]] || die "the timing run failed ($RUN_RC): $(cat "$WORK/m$i/out.json" "$WORK/m$i/err.txt")"
    for t in $(tokens "m$i"); do [[ $(received "$t") == 1 ]] || die "the timing run: $t received $(received "$t") messages"; done
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')")
done
TYPICAL=$(median "${times[@]}")
records=$(sqlite3 "$LEDGER" "SELECT count(*) FROM records")
echo "== schedule run, one job (report units, markdown) to 3 robots, ledger of $records records"
echo "   typical run time (median of 5, uncontended): $TYPICAL s; each trial kills after a delay drawn uniformly from [0, that)"

# --- the trials -----------------------------------------------------------------------------------
RANDOM=$SEED
declare -A AT_KILL=() RESULT=()
DUPLICATES=0 LOSSES=0 FAILURES=0 DUP_TRIALS=0
started=$(now_ns)
for trial in $(seq 1 "$TRIALS"); do
    name="t$trial"
    write_schedule "$name"
    delay=$(awk -v t="$TYPICAL" -v r="$(( RANDOM * 32768 + RANDOM ))" 'BEGIN { printf "%.4f", t * r / 1073741824 }')
    rc=0
    (cd "$WORK/$name" && exec env XUESHI_LEDGER="$WORK/$name/ledger.sqlite" "$BIN" schedule run s.yaml --now "$NOW" \
        > killed.out 2> killed.err) &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || rc=$?
    sleep 0.2   # a request the robot had read whole before the kill is recorded by now
    states=$(history_of "$name")
    trial_dup=0
    run_schedule "$name" --json
    if [[ $RUN_RC != 0 ]]; then
        FAILURES=$(( FAILURES + 1 ))
        echo "FAIL trial $name (delay ${delay}s, killed run exit $rc): the run again exited $RUN_RC: $(head -c 300 "$WORK/$name/err.txt")" >&2
    fi
    for state in $states; do
        dest=${state%%=*}; status=${state#*=}
        token="$dest-$name"
        # What the robot held right after the kill is the count now, less what the run again sent.
        sent_again=$(python3 -c 'import json,sys; print(sum(1 for d in json.load(open(sys.argv[1]))["deliveries"] if d["destination"] == sys.argv[2] and d["status"] == "sent"))' \
            "$WORK/$name/out.json" "$dest" 2>/dev/null || echo "?")
        count=$(received "$token")
        held=$(( count - ${sent_again//\?/0} ))
        kill_key="exit $rc: log '$status', robot held $held"
        AT_KILL["$kill_key"]=$(( ${AT_KILL["$kill_key"]:-0} + 1 ))
        if (( count == 1 )); then RESULT["received once"]=$(( ${RESULT["received once"]:-0} + 1 ))
        elif (( count == 0 )); then RESULT["lost"]=$(( ${RESULT["lost"]:-0} + 1 )); LOSSES=$(( LOSSES + 1 ))
            echo "LOST trial $name $dest (delay ${delay}s, log '$status' at the kill)" >&2
        else RESULT["received $count times"]=$(( ${RESULT["received $count times"]:-0} + 1 )); DUPLICATES=$(( DUPLICATES + count - 1 )); trial_dup=1
            echo "DUPLICATE trial $name $dest (delay ${delay}s, log '$status' at the kill, robot held $held)" >&2
        fi
    done
    DUP_TRIALS=$(( DUP_TRIALS + trial_dup ))
    rm -f "$WORK/$name/ledger.sqlite"*
    (( trial % 50 == 0 )) && echo "   $trial trials, $(( ($(now_ns) - started) / 1000000000 )) s"
done
elapsed=$(( ($(now_ns) - started) / 1000000000 ))

# A last count from the robot's log, once every handler has surely finished.
sleep 1
final_dup=0 final_lost=0
for trial in $(seq 1 "$TRIALS"); do
    for t in $(tokens "t$trial"); do
        c=$(received "$t"); (( c == 0 )) && final_lost=$(( final_lost + 1 )); (( c > 1 )) && final_dup=$(( final_dup + c - 1 ))
    done
done

echo "== $TRIALS trials ($(( TRIALS * 3 )) deliveries), $elapsed s"
echo "   at the kill (the killed run's exit, what the run log said of a destination, what its robot held):"
for key in $(printf '%s\n' "${!AT_KILL[@]}" | sort | tr ' ' '~'); do key=${key//\~/ }; printf '     %-45s %6d\n' "$key" "${AT_KILL[$key]}"; done
echo "   after the run again:"
for key in $(printf '%s\n' "${!RESULT[@]}" | sort | tr ' ' '~'); do key=${key//\~/ }; printf '     %-45s %6d\n' "$key" "${RESULT[$key]}"; done
echo "   duplicates: $DUPLICATES (in $DUP_TRIALS trials), losses: $LOSSES, runs again that failed: $FAILURES"
echo "   recounted from the robot's log at the end: $final_dup duplicates, $final_lost losses"
# A webhook's repeat carries the same X-Xueshi-Delivery as the first: a receiver that drops repeats gets it once.
python3 - "$WORK/robots/messages.jsonl" <<'PY'
import collections, json, sys
ids = collections.defaultdict(list)
for line in open(sys.argv[1], encoding="utf-8"):
    record = json.loads(line)
    if record["robot"] == "webhook" and record["token"].startswith("hook-t"):
        ids[record["token"]].append(record["headers"].get("x-xueshi-delivery"))
repeated = [v for v in ids.values() if len(v) > 1]
same = sum(1 for v in repeated if v[0] and len(set(v)) == 1)
print("   webhook deliveries received more than once: %d, of which %d with one X-Xueshi-Delivery throughout" % (len(repeated), same))
PY
machine_report "$LOAD_BEFORE"
(( FAILURES == 0 && LOSSES == 0 && final_lost == 0 && DUPLICATES == 0 && final_dup == 0 ))

# Helpers the benchmark scripts share; sourced by them, after each has defined die().

# The tools every benchmark needs: python3, the sqlite3 shell and GNU time (installed with apt-get when
# missing and run as root).
need_bench_tools() {
    command -v python3 >/dev/null || die "python3 is needed (generator, JSON checks, summary)"
    command -v sqlite3 >/dev/null || die "the sqlite3 shell is needed: apt-get install sqlite3"
    if [[ ! -x /usr/bin/time ]]; then
        echo "GNU time is missing: installing the Debian package 'time'" >&2
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
            apt-get install -y -qq time >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null; }
        fi
        [[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is needed: apt-get install time"
    fi
    /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null || die "/usr/bin/time is not GNU time (needs -f and -o)"
}

# measure BASE CMD...: runs CMD under GNU time, stdout to BASE.out, stderr to BASE.err, and sets
# MEASURED_RC (its exit status), MEASURED_SECS (wall), MEASURED_KB (peak RSS) and MEASURED_CPU
# (user + sys seconds).
measure() {
    local base=$1; shift
    MEASURED_RC=0
    /usr/bin/time -f '%e %M %U %S' -o "$base.time" "$@" >"$base.out" 2>"$base.err" || MEASURED_RC=$?
    local user sys
    read -r MEASURED_SECS MEASURED_KB user sys < <(tail -n 1 "$base.time")
    MEASURED_CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}')
}

# machine_report LOAD_BEFORE: the machine, its load before and now, and the tool versions.
machine_report() {
    local cpu mem swift_v
    cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | sed 's/^model name[[:space:]]*:[[:space:]]*//' || true)
    mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)
    swift_v=$( (swift --version 2>&1 || true) | sed -n 1p)
    echo
    echo "== machine: $(nproc) cores, ${cpu:-unknown CPU}, ${mem:-? GiB}; $(uname -sr)"
    echo "   load average (1, 5, 15 min): $1 before the runs, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?") after"
    echo "   swift: ${swift_v:-not found}"
    echo "   sqlite3: $(sqlite3 --version | cut -d' ' -f1-2); python3: $(python3 -c 'import platform; print(platform.python_version())')"
}

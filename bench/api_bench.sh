#!/usr/bin/env bash
# Load test of `aidledger serve` (issue 3, docs/benchmarks.md "HTTP API"): wrk against
# /api/v1/figures and /api/v1/briefing on the demo ledger and on a generated ledger, and, in the
# same run, nginx serving the very same response bodies as static files. Loopback only; every
# load run is bounded (wrk -d).
#
#   bench/api_bench.sh
#
# Environment:
#   API_BENCH_SCALE        records of the generated ledger (default 100000; 1000000 works, the
#                          server then needs about a minute to load its view)
#   API_BENCH_DURATION     seconds per wrk run (default 10)
#   API_BENCH_CONNECTIONS  connections, space-separated (default "256")
#   API_BENCH_THREADS      wrk threads (default 2)
#   AIDLEDGER_BENCH_DIR    where generated ledgers are kept (default build/bench); a ledger
#                          `synthetic-N-seed1.ledger` there is copied, not regenerated
# Output: a markdown table on stdout and in build/bench/api_results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out="$root/build/bench"
mkdir -p "$out"
bench_dir="${AIDLEDGER_BENCH_DIR:-$out}"
scale="${API_BENCH_SCALE:-100000}"
duration="${API_BENCH_DURATION:-10}"
connections="${API_BENCH_CONNECTIONS:-256}"
wrk_threads="${API_BENCH_THREADS:-2}"
aidledger="$root/build/dev/cli/aidledger"

for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null || { echo "api_bench.sh: $tool is required" >&2; exit 1; }
done
[ -x "$aidledger" ] || { echo "api_bench.sh: build first (cmake --build --preset dev)" >&2; exit 1; }

work=$(mktemp -d)
# nginx workers run as an unprivileged user when started as root: they must read the bodies.
chmod 755 "$work"
server_pid=""
nginx_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the server on a ledger; sets server_pid and api_port.
start_server() {
    local db=$1
    "$aidledger" --db "$db" serve --listen 127.0.0.1:0 --quiet > "$work/serve.out" 2> "$work/serve.err" &
    server_pid=$!
    for _ in $(seq 1 1200); do
        api_port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
        [ -n "$api_port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
        sleep 0.5
    done
    echo "api_bench.sh: the server did not start" >&2
    exit 1
}

stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" || { echo "api_bench.sh: the server did not exit cleanly" >&2; exit 1; }
    server_pid=""
}

# nginx serving $work/static on a free port, as a foreground process with a temporary config.
start_nginx() {
    nginx_port=$(free_port)
    mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
    cat > "$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes $(nproc);
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp;
    proxy_temp_path $work/nginx/tmp;
    fastcgi_temp_path $work/nginx/tmp;
    uwsgi_temp_path $work/nginx/tmp;
    scgi_temp_path $work/nginx/tmp;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/static;
        default_type application/json;
    }
}
EOF
    nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" 2> "$work/nginx/stderr" &
    nginx_pid=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$nginx_port/figures.json" >/dev/null && return 0
        sleep 0.1
    done
    tail -5 "$work/nginx/stderr" "$work/nginx/logs/error.log" >&2
    exit 1
}

stop_nginx() {
    kill -QUIT "$nginx_pid"
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
}

# One bounded wrk run; prints "req/s p99_ms".
run_wrk() {
    local url=$1 c=$2
    local report
    report=$(wrk -t"$wrk_threads" -c"$c" -d"${duration}s" --timeout 10s --latency "$url")
    echo "$report" > "$work/last-wrk.txt"
    local rps p99
    rps=$(echo "$report" | awk '/^Requests\/sec:/ {print $2}')
    p99=$(echo "$report" | awk '$1 == "99%" {print $2}')
    local non2xx
    non2xx=$(echo "$report" | awk '/Non-2xx/ {print $NF}')
    [ -z "$non2xx" ] || { echo "api_bench.sh: non-2xx answers from $url" >&2; exit 1; }
    echo "$rps $(to_ms "$p99")"
}

# wrk prints latencies as 812.00us, 3.21ms or 1.02s.
to_ms() {
    python3 -c '
import sys
v = sys.argv[1]
for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
    if v.endswith(unit):
        print("%.2f" % (float(v[: -len(unit)]) * f)); break
' "$1"
}

results="$out/api_results.md"
{
    echo "### Run of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "- cores (nproc): $(nproc); CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "- wrk $wrk_threads threads, ${duration} s per run, connections: $connections; server:"
    echo "  \`aidledger serve\` with its default worker pool; nginx $(nginx -v 2>&1 | sed 's|.*/||'),"
    echo "  worker_processes $(nproc), the same bodies as static files; all on loopback"
    echo
    echo "| ledger | route | bytes | connections | aidledger req/s | aidledger p99 ms | nginx req/s | nginx p99 ms | ratio |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
} > "$results"

bench_ledger() {
    local label=$1 db=$2
    start_server "$db"
    local base="http://127.0.0.1:$api_port/api/v1"
    local figures="$base/figures?as_of=2020-04-10&provider_country=CN"
    local briefing="$base/briefing?as_of=2020-04-10&provider_country=CN"
    mkdir -p "$work/static"
    # First answers are computed (and cached for this state of the ledger); the load runs
    # measure the server answering from its view.
    local t0 t1
    t0=$(date +%s.%N)
    curl -sf "$figures" -o "$work/static/figures.json"
    t1=$(date +%s.%N)
    curl -sf "$briefing" -o "$work/static/briefing.json"
    local t2
    t2=$(date +%s.%N)
    echo "$label: first figures answer $(python3 -c "print(round(($t1-$t0)*1000))") ms, first briefing $(python3 -c "print(round(($t2-$t1)*1000))") ms" >&2
    chmod 755 "$work/static"
    chmod 644 "$work/static"/*.json
    start_nginx
    for route in figures briefing; do
        local url
        if [ "$route" = figures ]; then url=$figures; else url=$briefing; fi
        local bytes
        bytes=$(stat -c %s "$work/static/$route.json")
        for c in $connections; do
            read -r a_rps a_p99 < <(run_wrk "$url" "$c")
            read -r n_rps n_p99 < <(run_wrk "http://127.0.0.1:$nginx_port/$route.json" "$c")
            local ratio
            ratio=$(python3 -c "print('%.2f' % ($a_rps / $n_rps))")
            echo "| $label | /api/v1/$route | $bytes | $c | $a_rps | $a_p99 | $n_rps | $n_p99 | $ratio |" >> "$results"
        done
    done
    stop_nginx
    stop_server
    rm -rf "$work/static"
}

# The demo ledger.
"$aidledger" --db "$work/demo.db" init >/dev/null
"$aidledger" --db "$work/demo.db" load-demo >/dev/null
bench_ledger "demo" "$work/demo.db"

# A generated ledger: copied when bench/run.sh already made one, else generated here.
kept="$bench_dir/synthetic-$scale-seed1.ledger"
if [ -f "$kept" ]; then
    sqlite3 "$kept" ".backup '$work/synthetic.db'"
else
    "$aidledger" --db "$work/synthetic.db" init >/dev/null
    "$aidledger" --db "$work/synthetic.db" generate --scale "$scale" --seed 1 >/dev/null
fi
bench_ledger "generated, $scale records" "$work/synthetic.db"

cat "$results"

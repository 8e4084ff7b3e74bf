#!/usr/bin/env bash
# Customs at national scale (issue 5, docs/benchmarks.md "Customs"): on N generated
# declarations (default 1M and 10M), measured in the same run as their peers:
#   - import: `aidledger import-declarations` (validating, judging clearance, maintaining
#     rollups, one transaction) against the sqlite3 CLI's `.import` of the same CSV into a
#     bare table;
#   - export statistics for a few periods and products: aidledger from rollups (the query's
#     own time, `exports --timing`; the whole command; and the HTTP route), against plain SQL
#     GROUP BY over the raw declaration rows in sqlite3 and against DuckDB (@duckdb/node-api)
#     over the same CSV;
#   - the server's peak memory (VmHWM) serving that ledger.
# Usage: bench/customs_bench.sh [N...]        (PRESET=dev by default; results in
# build/bench/customs/results.md). Files of 10M rows and more are deleted after their run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${PRESET:-dev}
aidledger=$root/build/$preset/cli/aidledger
work=${AIDLEDGER_BENCH_DIR:-$root/build/bench/customs}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
runs=5
mkdir -p "$work"
results=$work/results.md

command -v sqlite3 >/dev/null || { echo "customs_bench.sh: needs the sqlite3 CLI" >&2; exit 1; }
command -v curl >/dev/null || { echo "customs_bench.sh: needs curl" >&2; exit 1; }
if [ -z "${SKIP_BUILD:-}" ]; then
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" --target aidledger
fi
# npm ci installs what package-lock.json pins; a registry mirror that serves only this
# platform's DuckDB binding makes it refuse the lock file (the other platforms' optional
# bindings are missing), and then npm install is used, which keeps the locked versions.
(cd "$root/bench/duckdb" &&
    { npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
      npm install --no-audit --no-fund --no-save --loglevel=error; })

server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

now_ns() { date +%s%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
day_number() { echo $(( $(date -u -d "$1" +%s) / 86400 )); }

# The queries: periods that are not whole months (a published monthly total would replace the
# declaration sum, and the peers cannot know that), products of different volumes.
queries=("2020-03-01 2020-05-31 6307.90" "2020-04-01 2020-04-15 3822.19"
         "2020-03-10 2020-03-16 9004.90" "2020-05-02 2020-05-30 6210.10")

{
    echo "## Run of $(date -u +'%Y-%m-%d %H:%M UTC'), preset $preset"
    echo
    echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)),"\
         "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr); SQLite $(sqlite3 --version | cut -d' ' -f1),"\
         "DuckDB node-api $(node -p "require('$root/bench/duckdb/node_modules/@duckdb/node-api/package.json').version")."
    echo
} > "$results"

for n in "${sizes[@]}"; do
    d=$work/$n
    rm -rf "$d"
    mkdir -p "$d"
    cd "$d"
    echo "== $n declarations ==" >&2
    "$aidledger" --db ledger.db init >/dev/null
    "$aidledger" --db ledger.db generate --scenario customs --declarations "$n" --seed 1 \
        --declarations-csv decl.csv >/dev/null
    bytes=$(stat -c %s decl.csv)

    # Import, aidledger then the peer, the file warm in the page cache for both.
    cat decl.csv > /dev/null
    # Wall time, and CPU time (user + system, both threads) from GNU time when installed: on
    # a shared machine the CPU time says more.
    timed() {
        if [ -x /usr/bin/time ]; then /usr/bin/time -f "%U %S" -o cpu.txt "$@"; else "$@"; echo "0 0" > cpu.txt; fi
    }
    t0=$(now_ns)
    timed "$aidledger" --db ledger.db import-declarations decl.csv --synthetic --reason bench > import.out
    t1=$(now_ns)
    ours_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    ours_cpu=$(awk '{ printf "%.2f", $1 + $2 }' cpu.txt)
    t0=$(now_ns)
    timed sqlite3 bare.db ".mode csv" ".import decl.csv declarations"
    t1=$(now_ns)
    peer_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    peer_cpu=$(awk '{ printf "%.2f", $1 + $2 }' cpu.txt)
    load=$(cut -d' ' -f1 /proc/loadavg)
    peer_rows=$(sqlite3 bare.db "SELECT count(*) FROM declarations")
    [ "$peer_rows" = "$n" ] || { echo "sqlite3 .import gave $peer_rows rows" >&2; exit 1; }
    ledger_mb=$(du -m ledger.db | cut -f1)
    bare_mb=$(du -m bare.db | cut -f1)
    held=$(sed -n 's/^  cleared: //p' import.out)

    # Statistics: aidledger's query time (median of $runs), the whole command, plain SQL.
    stats_rows=()
    for q in "${queries[@]}"; do
        read -r from to hs <<< "$q"
        a=$(day_number "$from"); b=$(day_number "$to")
        ours=(); whole=(); sql=()
        for _ in $(seq "$runs"); do
            t0=$(now_ns)
            "$aidledger" --db ledger.db exports --from "$from" --to "$to" --hs "$hs" --timing \
                --format json > stats.json 2> stats.err
            t1=$(now_ns)
            ours+=("$(sed -n 's/^query: \(.*\) ms$/\1/p' stats.err)")
            whole+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e6 }')")
            sql+=("$(printf '%s;\n' "SELECT currency, count(*), sum(quantity), sum(value)
                 FROM customs_declarations
                 WHERE verdict = 0 AND hs = (SELECT id FROM customs_names WHERE name = '$hs')
                 AND day BETWEEN $a AND $b GROUP BY currency" |
                sqlite3 -readonly -cmd ".timer on" ledger.db |
                sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | awk '{ print $1 * 1000 }')")
        done
        ours_n=$(python3 -c 'import json,sys; c=json.load(open("stats.json"))["cells"]; print(c[0]["declarations"] if c else 0)')
        peer_n=$(sqlite3 -readonly ledger.db "SELECT count(*) FROM customs_declarations WHERE verdict = 0 AND hs = (SELECT id FROM customs_names WHERE name = '$hs') AND day BETWEEN $a AND $b")
        [ "$ours_n" = "$peer_n" ] || { echo "exports disagrees with plain SQL: $ours_n vs $peer_n ($q)" >&2; exit 1; }
        stats_rows+=("$from..$to|$hs|$ours_n|$(printf '%s\n' "${ours[@]}" | median | xargs printf '%.3f')|$(printf '%s\n' "${whole[@]}" | median | xargs printf '%.0f')|$(printf '%s\n' "${sql[@]}" | median)")
    done

    # DuckDB over the same CSV.
    json="["
    for q in "${queries[@]}"; do
        read -r from to hs <<< "$q"
        json+="{\"from\":\"$from\",\"to\":\"$to\",\"hs\":\"$hs\"},"
    done
    json="${json%,}]"
    node "$root/bench/duckdb/peer.mjs" "$d/decl.csv" "$json" "$runs" > duckdb.jsonl

    # The server: the HTTP route's latency (curl, median of 20) and its peak memory.
    "$aidledger" --db ledger.db serve --listen 127.0.0.1:0 --quiet --threads 2 \
        --public health,exports,clearance > serve.out 2> serve.err &
    server_pid=$!
    port=""
    for _ in $(seq 1 1200); do
        port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.out)
        [ -n "$port" ] && break
        sleep 0.5
    done
    [ -n "$port" ] || { cat serve.err >&2; exit 1; }
    http_rows=()
    for q in "${queries[@]}"; do
        read -r from to hs <<< "$q"
        url="http://127.0.0.1:$port/api/v1/exports/stats?from=$from&to=$to&hs_code=$hs"
        curl -sf "$url" > /dev/null
        http_rows+=("$(for _ in $(seq 20); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done | awk '{ print $1 * 1000 }' | median | xargs printf '%.2f')")
    done
    curl -sf "http://127.0.0.1:$port/api/v1/clearance?from=2020-03-01&to=2020-05-31" > /dev/null
    curl -sf "http://127.0.0.1:$port/api/v1/exports/stats?from=2020-03-01&to=2020-05-31&by=destination" > /dev/null
    hwm_mb=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status")
    kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""

    {
        echo "### $n declarations ($((bytes / 1048576)) MiB of CSV)"
        echo
        echo "| import | wall time | rows/s | CPU time | file after |"
        echo "|---|---:|---:|---:|---:|"
        echo "| aidledger \`import-declarations\` (validate, judge, rollups, one transaction) | $ours_s s | $(awk -v n="$n" -v s="$ours_s" 'BEGIN { printf "%.0f", n / s }') | $ours_cpu s | ledger.db $ledger_mb MiB |"
        echo "| sqlite3 \`.import\` into a bare table | $peer_s s | $(awk -v n="$n" -v s="$peer_s" 'BEGIN { printf "%.0f", n / s }') | $peer_cpu s | bare.db $bare_mb MiB |"
        echo
        echo "1-minute load average after the imports: $load (2 cores)."
        echo
        echo "Cleared: $held of $n."
        echo
        echo "| period | HS | cleared declarations | aidledger query (ms) | aidledger command (ms) | HTTP route (ms) | plain SQL GROUP BY (ms) | DuckDB read_csv (ms) | DuckDB table (ms) |"
        echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
        i=0
        for row in "${stats_rows[@]}"; do
            IFS='|' read -r period hs cnt q w s <<< "$row"
            read -r from to _ <<< "${queries[$i]}"
            rc=$(grep '"mode":"read_csv"' duckdb.jsonl | sed -n "$((i + 1))p" | python3 -c 'import json,sys; print("%.0f" % json.loads(sys.stdin.read())["ms"])')
            tb=$(grep '"mode":"table"' duckdb.jsonl | sed -n "$((i + 1))p" | python3 -c 'import json,sys; print("%.1f" % json.loads(sys.stdin.read())["ms"])')
            echo "| $period | $hs | $cnt | $q | $w | ${http_rows[$i]} | $s | $rc | $tb |"
            i=$((i + 1))
        done
        echo
        echo "DuckDB table load from the CSV: $(grep '"mode":"load"' duckdb.jsonl | python3 -c 'import json,sys; print("%.0f" % json.loads(sys.stdin.read())["ms"])') ms."
        echo "Server peak memory (VmHWM) after the stats and clearance routes: $hwm_mb MiB."
        echo
    } >> "$results"
    cat "$results" >&2
    if [ "$n" -ge 10000000 ]; then rm -f decl.csv bare.db ledger.db ledger.db-wal ledger.db-shm; fi
done
cat "$results"

#!/usr/bin/env bash
# PostgreSQL: declarations import (issue 12 item 4; docs/benchmarks.md): on N generated
# declarations (default 1M), in one run and on one CSV file:
#   - `aidledger import-declarations` into SQLite (validate, judge clearance, rollups, one
#     transaction);
#   - the same into PostgreSQL (rows streamed with COPY, rollups upserted at commit);
#   - `psql \copy` of the CSV into a bare table of text columns (no validation, no rollups);
#   - the sqlite3 CLI's `.import` into a bare table, the peer of docs/benchmarks.md "Customs".
# The PostgreSQL server is a throwaway cluster of its own (tools/pg/throwaway_cluster.sh,
# stopped by PID when this script ends) with fsync and synchronous_commit turned back on, so
# that a commit is as durable as SQLite's. Wall time, and CPU time of the client (GNU time) and,
# for PostgreSQL, of the server (its processes' user + system time before and after).
# Usage: bench/pg_import_bench.sh [N]   (PRESET=dev by default; results in
# build/bench/pg_import/results.md; the CSV and the databases are deleted at the end).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${PRESET:-dev}
aidledger=$root/build/$preset/cli/aidledger
work=${AIDLEDGER_BENCH_DIR:-$root/build/bench/pg_import}
n=${1:-1000000}
results=$work/results.md

command -v sqlite3 >/dev/null || { echo "pg_import_bench.sh: needs the sqlite3 CLI" >&2; exit 1; }
command -v psql >/dev/null || { echo "pg_import_bench.sh: needs psql" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "pg_import_bench.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }
[ -x "$aidledger" ] || { echo "pg_import_bench.sh: build $aidledger first" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cd "$work"
cleanup() {
    "$root/tools/pg/throwaway_cluster.sh" stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work/decl.csv" "$work"/*.db "$work"/*.db-wal "$work"/*.db-shm
}
trap cleanup EXIT

"$root/tools/pg/throwaway_cluster.sh" start "$work/pg" $$ >/dev/null
url=$(cat "$work/pg/url")
postmaster=$(cat "$work/pg/pid")
psql -q "$url" -c "ALTER SYSTEM SET fsync = on" -c "ALTER SYSTEM SET synchronous_commit = on" \
    -c "SELECT pg_reload_conf()" >/dev/null
sleep 1

now_ns() { date +%s%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
client_cpu() { awk '{ printf "%.2f", $1 + $2 }' cpu.txt; }
# User + system seconds of the server: the postmaster, its live children, and the children it
# has reaped (a backend's time joins the postmaster's cutime/cstime when it exits).
server_cpu() {
    local tick total=0 pid
    tick=$(getconf CLK_TCK)
    for pid in $postmaster $(pgrep -P "$postmaster"); do
        [ -r "/proc/$pid/stat" ] || continue
        total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
    done
    total=$((total + $(sed 's/^.*) //' "/proc/$postmaster/stat" | awk '{ print $14 + $15 }')))
    awk -v t="$total" -v k="$tick" 'BEGIN { printf "%.2f", t / k }'
}
timed() { /usr/bin/time -f "%U %S" -o cpu.txt "$@"; }

echo "== $n declarations ==" >&2
"$aidledger" --db ledger.db init >/dev/null
"$aidledger" --db ledger.db generate --scenario customs --declarations "$n" --seed 1 \
    --declarations-csv decl.csv >/dev/null
"$aidledger" --db "$url" init >/dev/null
# The same scenario's records (the clearance verdicts need the manufacturer list); the CSV is
# the one above.
"$aidledger" --db "$url" generate --scenario customs --declarations "$n" --seed 1 \
    --declarations-csv /dev/null >/dev/null
bytes=$(stat -c %s decl.csv)
cols=$(head -1 decl.csv | tr ',' '\n' | awk '{ printf "%s\"%s\" text", (NR > 1 ? ", " : ""), $0 }')
psql -q "$url" -c "CREATE TABLE bare_declarations ($cols)" >/dev/null
cat decl.csv >/dev/null  # warm in the page cache for every import

t0=$(now_ns)
timed "$aidledger" --db ledger.db import-declarations decl.csv --synthetic --reason bench > sqlite.out
t1=$(now_ns)
sqlite_s=$(seconds "$t0" "$t1"); sqlite_cpu=$(client_cpu)

s0=$(server_cpu)
t0=$(now_ns)
timed "$aidledger" --db "$url" import-declarations decl.csv --synthetic --reason bench > pg.out
t1=$(now_ns)
sleep 1
s1=$(server_cpu)
pg_s=$(seconds "$t0" "$t1"); pg_cpu=$(client_cpu)
pg_server=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", b - a }')

s0=$(server_cpu)
t0=$(now_ns)
timed psql -q "$url" -c "\\copy bare_declarations FROM 'decl.csv' WITH (FORMAT csv, HEADER true)"
t1=$(now_ns)
sleep 1
s1=$(server_cpu)
copy_s=$(seconds "$t0" "$t1"); copy_cpu=$(client_cpu)
copy_server=$(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.2f", b - a }')

t0=$(now_ns)
timed sqlite3 bare.db ".mode csv" ".import decl.csv declarations"
t1=$(now_ns)
lite_s=$(seconds "$t0" "$t1"); lite_cpu=$(client_cpu)
load=$(cut -d' ' -f1-3 /proc/loadavg)

# Every import has every row.
pg_rows=$(psql -At "$url" -c "SELECT count(*) FROM customs_declarations")
bare_rows=$(psql -At "$url" -c "SELECT count(*) FROM bare_declarations")
sqlite_rows=$(sqlite3 -readonly ledger.db "SELECT count(*) FROM customs_declarations")
lite_rows=$(sqlite3 -readonly bare.db "SELECT count(*) FROM declarations")
for c in "$pg_rows" "$bare_rows" "$sqlite_rows" "$lite_rows"; do
    [ "$c" = "$n" ] || { echo "an import gave $c rows, not $n" >&2; exit 1; }
done
# And both ledgers the same rollups.
pg_sums=$(psql -At "$url" -c "SELECT count(*), sum(declarations), sum(quantity), sum(value) FROM customs_rollup_fine" | tr '|' ' ')
sqlite_sums=$(sqlite3 -readonly -separator ' ' ledger.db "SELECT count(*), sum(declarations), sum(quantity), sum(value) FROM customs_rollup_fine")
[ "$pg_sums" = "$sqlite_sums" ] || { echo "rollups differ: $pg_sums vs $sqlite_sums" >&2; exit 1; }
pg_mb=$(psql -At "$url" -c "SELECT pg_total_relation_size('customs_declarations') / 1048576")
bare_mb=$(psql -At "$url" -c "SELECT pg_total_relation_size('bare_declarations') / 1048576")
sqlite_mb=$(du -m ledger.db | cut -f1)
cleared=$(sed -n 's/^  cleared: //p' pg.out)

rate() { awk -v n="$n" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
{
    echo "### $n declarations ($((bytes / 1048576)) MiB of CSV), $(date -u +'%Y-%m-%d %H:%M UTC'), preset $preset"
    echo
    echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), shared;"\
         "PostgreSQL $(psql -At "$url" -c 'SHOW server_version' | cut -d' ' -f1) (fsync and"\
         "synchronous_commit on, other settings the defaults), SQLite $(sqlite3 --version | cut -d' ' -f1)."
    echo
    echo "| import | wall time | rows/s | CPU client | CPU server | table after |"
    echo "|---|---:|---:|---:|---:|---:|"
    echo "| aidledger \`import-declarations\` into SQLite | $sqlite_s s | $(rate "$sqlite_s") | $sqlite_cpu s | - | ledger.db $sqlite_mb MiB |"
    echo "| aidledger \`import-declarations\` into PostgreSQL (COPY) | $pg_s s | $(rate "$pg_s") | $pg_cpu s | $pg_server s | $pg_mb MiB |"
    echo "| \`psql \\copy\` into a bare table (text columns) | $copy_s s | $(rate "$copy_s") | $copy_cpu s | $copy_server s | $bare_mb MiB |"
    echo "| sqlite3 \`.import\` into a bare table | $lite_s s | $(rate "$lite_s") | $lite_cpu s | - | - |"
    echo
    echo "Load average after the imports (1, 5, 15 min): $load. Cleared: $cleared of $n;"\
         "both ledgers hold the same rollups ($pg_sums: rows, declarations, quantity, value)."
    echo
} > "$results"
cat "$results"

#!/usr/bin/env bash
# The live ledger under writes (issue 11, docs/benchmarks.md "Live ledger"): on a generated
# ledger served by `aidledger serve`,
#   1. server start to first answer (wall and the server's CPU time);
#   2. write -> next figures read: POST a record, then GET the full figures, timed apart, for a
#      team, a donation and a declaration (kinds of 1%, 15% and 66% of the generated records),
#      checking each time that the read counts the write;
#   3. a mixed load: wrk readers on /figures and /briefing for LIVE_BENCH_DURATION seconds, once
#      alone and once while a writer posts 10 teams a second;
#   4. the server's peak memory (VmHWM);
#   5. peers in the same run: the sqlite3 CLI counting teams.sent in SQL over the same file after
#      the writes (what a plain-SQL system pays per read after a write), and nginx serving the
#      same figures and briefing bodies as static files under the same wrk load.
# With LIVE_BENCH_BACKENDS="sqlite postgres" (issue 12) the same measurements run on the same
# generated ledger on each backend in turn, in the same run: for postgres, a throwaway cluster
# of the script's own with PostgreSQL's durable defaults (tools/pg/throwaway_cluster.sh with
# AIDLEDGER_PG_DURABLE=1: fsync, synchronous_commit and full_page_writes on), stopped by PID when
# the script ends; the ledger copied into a schema of its own with `aidledger copy`; the SQL
# peer is psql running the sqlite3 peer's count on jsonb; the database server's CPU (the
# postmaster's process tree) is counted beside aidledger's; and two servers on the one database
# (--refresh-interval 600000, so that only LISTEN/NOTIFY can show a write) time a write through
# one until it is counted through the other.
# Loopback only; every load run is bounded (wrk -d, a counted writer).
#
#   bench/live_bench.sh
#
# Environment:
#   LIVE_BENCH_SCALES     generated records, space-separated (default "100000")
#   LIVE_BENCH_WRITES     writes timed per kind (default 20)
#   LIVE_BENCH_DURATION   seconds per wrk run (default 30)
#   LIVE_BENCH_CONNECTIONS wrk connections per route (default 8)
#   LIVE_BENCH_MIXED      0 skips the mixed load and the nginx peer (default 1)
#   LIVE_BENCH_BACKENDS   space-separated, of sqlite and postgres (default "sqlite")
#   AIDLEDGER_BENCH_DIR   where generated ledgers are kept (default build/bench); a ledger
#                         `synthetic-N-seed1.ledger` there is copied, not regenerated
#   AIDLEDGER             the aidledger binary (default build/dev/cli/aidledger)
# Output: markdown on stdout and in build/bench/live_results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out="$root/build/bench"
mkdir -p "$out"
bench_dir="${AIDLEDGER_BENCH_DIR:-$out}"
scales="${LIVE_BENCH_SCALES:-100000}"
writes="${LIVE_BENCH_WRITES:-20}"
duration="${LIVE_BENCH_DURATION:-30}"
connections="${LIVE_BENCH_CONNECTIONS:-8}"
mixed="${LIVE_BENCH_MIXED:-1}"
aidledger="${AIDLEDGER:-$root/build/dev/cli/aidledger}"
backends="${LIVE_BENCH_BACKENDS:-sqlite}"

needed="wrk nginx curl jq sqlite3 python3"
for backend in $backends; do
    case "$backend" in
        sqlite) ;;
        postgres) needed="$needed psql" ;;
        *) echo "live_bench.sh: unknown backend $backend (sqlite, postgres)" >&2; exit 1 ;;
    esac
done
for tool in $needed; do
    command -v "$tool" >/dev/null || { echo "live_bench.sh: $tool is required" >&2; exit 1; }
done
[ -x "$aidledger" ] || { echo "live_bench.sh: build first (cmake --build --preset dev)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
server_pid=""
second_pid=""
nginx_pid=""
writer_pid=""
pg_url=""
postmaster=""
cleanup() {
    [ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null && wait "$writer_pid" 2>/dev/null
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$second_pid" ] && kill "$second_pid" 2>/dev/null && wait "$second_pid" 2>/dev/null
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    # The cluster is stopped by the PID its folder names.
    [ -n "$pg_url" ] && "$root/tools/pg/throwaway_cluster.sh" stop "$work/pg" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

ms() { python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) * 1000))" "$1"; }
now() { date +%s.%N; }
# CPU seconds (user + system) of a process so far.
cpu_of() {
    python3 -c '
import os, sys
f = open("/proc/%s/stat" % sys.argv[1]).read().rsplit(")", 1)[1].split()
print((int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK"))' "$1"
}
# CPU seconds of the PostgreSQL server: the postmaster, its live children (the servers' pooled
# connections), and the children it has reaped (a backend's time joins the postmaster's
# cutime/cstime when it exits). 0 without a cluster.
db_cpu() {
    [ -n "$postmaster" ] || { echo 0; return; }
    python3 -c '
import os, sys
tick = os.sysconf("SC_CLK_TCK")
root = sys.argv[1]
total = 0
for pid in os.listdir("/proc"):
    if not pid.isdigit():
        continue
    try:
        f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    if pid == root:
        total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
    elif f[1] == root:
        total += int(f[11]) + int(f[12])
print(total / tick)' "$postmaster"
}
# Seconds between two db_cpu readings, in ms (or s with a second argument "s"); "-" on SQLite.
db_delta() {
    [ "$backend" = postgres ] || { echo -; return; }
    python3 -c "import sys; d = float(sys.argv[2]) - float(sys.argv[1]); print('%.1f' % (d if sys.argv[3:] == ['s'] else d * 1000))" "$@"
}
# Median and 90th percentile of numbers on stdin, as "median p90".
stats() {
    python3 -c '
import sys
v = sorted(float(x) for x in sys.stdin.read().split())
print("%.1f %.1f" % (v[len(v) // 2], v[min(len(v) - 1, int(len(v) * 0.9))]))'
}

start_server() {
    local db=$1
    shift
    local t0
    t0=$(now)
    "$aidledger" --db "$db" serve --listen 127.0.0.1:0 --quiet "$@" > "$work/serve.out" 2> "$work/serve.err" &
    server_pid=$!
    for _ in $(seq 1 2400); do
        api_port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
        [ -n "$api_port" ] && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
        sleep 0.05
    done
    [ -n "$api_port" ] || { echo "live_bench.sh: the server did not start" >&2; exit 1; }
    curl -sf "http://127.0.0.1:$api_port/api/v1/figures?as_of=2020-04-10&provider_country=CN" -o /dev/null
    start_wall=$(python3 -c "print('%.1f' % (($(now) - $t0) * 1000))")
    start_cpu=$(ms "$(cpu_of "$server_pid")")
}

stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" || true
    server_pid=""
}

start_nginx() {
    nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
    cat > "$work/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/tmp;
    proxy_temp_path $work/nginx/tmp;
    fastcgi_temp_path $work/nginx/tmp;
    uwsgi_temp_path $work/nginx/tmp;
    scgi_temp_path $work/nginx/tmp;
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
    echo "live_bench.sh: nginx did not start" >&2
    exit 1
}

stop_nginx() {
    kill -QUIT "$nginx_pid"
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
}

# Two bounded wrk runs at once, one per route; prints "figures_rps figures_p99 briefing_rps
# briefing_p99" (p99 in ms).
run_readers() {
    local figures=$1 briefing=$2
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s --latency "$figures" > "$work/wrk-f.txt" &
    local a=$!
    wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s --latency "$briefing" > "$work/wrk-b.txt" &
    local b=$!
    wait "$a" "$b"
    for f in "$work/wrk-f.txt" "$work/wrk-b.txt"; do
        if grep -q "Non-2xx" "$f"; then
            echo "live_bench.sh: non-2xx answers under load" >&2
            cat "$f" >&2
            exit 1
        fi
        local rps p99
        rps=$(awk '/^Requests\/sec:/ {print $2}' "$f")
        p99=$(awk '$1 == "99%" {print $2}' "$f")
        printf '%s %s ' "$rps" "$(python3 -c '
import sys
v = sys.argv[1]
for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
    if v.endswith(unit):
        print("%.1f" % (float(v[: -len(unit)]) * f)); break' "$p99")"
    done
    echo
}

results="$out/live_results.md"
{
    echo "### Run of $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "- cores (nproc): $(nproc); CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1);" \
        "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- $writes timed writes per kind; wrk: 1 thread and $connections connections per route," \
        "${duration} s per run; all on loopback"
    echo "- backends: $backends; SQLite $(sqlite3 --version | cut -d' ' -f1)$(command -v psql >/dev/null &&
        case " $backends " in *" postgres "*) echo "; PostgreSQL: a throwaway cluster, Debian's $(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1 | cut -d/ -f5), default settings (fsync, synchronous_commit, full_page_writes on), loopback TCP" ;; esac)"
    echo
} > "$results"

team_body() {
    printf '{"id": "%s", "provider": "cn", "host": "it", "team_kind": "medical_experts", "sent": "2020-04-01", "size": 10}' "$1"
}
donation_body() {
    printf '{"id": "%s", "provider": "cn", "recipient": "it", "lines": [{"item": "syn-item-surgical-mask", "quantity": 1000}], "history": [{"status": "delivered", "on": "2020-04-01"}]}' "$1"
}
declaration_body() {
    printf '{"id": "%s", "exporter": "cn", "hs_code": "6307.90", "item": "syn-item-surgical-mask", "destination": "it", "declared_on": "2020-04-01", "quantity": 1000, "value": {"currency": "CNY", "minor": 250000}}' "$1"
}

# The generated ledger of SCALE records, untouched, at $work/synthetic-SCALE.db.
prepare_scale() {
    local scale=$1
    local db="$work/synthetic-$scale.db"
    local kept="$bench_dir/synthetic-$scale-seed1.ledger"
    if [ -f "$kept" ]; then
        sqlite3 "$kept" ".backup '$db'"
    else
        "$aidledger" --db "$db" init >/dev/null
        "$aidledger" --db "$db" generate --scale "$scale" --seed 1 >/dev/null
        sqlite3 "$db" ".backup '$kept'"
    fi
}

# The durable throwaway cluster of the postgres backend, started once for the run.
start_cluster() {
    AIDLEDGER_PG_DURABLE=1 "$root/tools/pg/throwaway_cluster.sh" start "$work/pg" $$ >/dev/null
    pg_url=$(cat "$work/pg/url")
    postmaster=$(cat "$work/pg/pid")
    [ "$(psql -At "$pg_url" -c 'SHOW fsync')" = on ] ||
        { echo "live_bench.sh: the cluster runs without fsync" >&2; exit 1; }
}

# Two servers on one PostgreSQL database, each with a 10-minute refresh interval: a team POSTed
# through A, then B's teams.sent polled until it counts it. Prints one line per write: "post_ms
# seen_after_post_ms" (the time from A's answer to B's first answer that counts the write).
two_servers() {
    local db=$1 token=$2 scale=$3
    start_server "$db" --refresh-interval 600000
    local a_port=$api_port
    "$aidledger" --db "$db" serve --listen 127.0.0.1:0 --quiet --refresh-interval 600000 \
        > "$work/serve2.out" 2> "$work/serve2.err" &
    second_pid=$!
    local b_port=""
    for _ in $(seq 1 2400); do
        b_port=$(sed -n 's|.*serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve2.out")
        [ -n "$b_port" ] && break
        kill -0 "$second_pid" 2>/dev/null || { cat "$work/serve2.err" >&2; exit 1; }
        sleep 0.05
    done
    [ -n "$b_port" ] || { echo "live_bench.sh: the second server did not start" >&2; exit 1; }
    python3 - "$a_port" "$b_port" "$token" "$writes" "$scale" <<'PY'
import json, sys, time, urllib.request
a, b, token, n, scale = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
q = "/api/v1/figures?as_of=2020-04-10&provider_country=CN&metric=teams.sent"
def teams(port):
    with urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, q), timeout=120) as r:
        d = json.load(r)
    return [f for f in d["figures"] if f["metric"] == "teams.sent"][0]["certain"]
teams(a)  # both views built before the first write is timed
teams(b)
for i in range(1, n + 1):
    before = teams(b)
    body = {"id": "two-servers-%s-%d" % (scale, i), "provider": "cn", "host": "it",
            "team_kind": "medical_experts", "sent": "2020-04-01", "size": 10}
    req = urllib.request.Request("http://127.0.0.1:%s/api/v1/records/team" % a,
                                 data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token,
                                          "X-Reason": "live benchmark",
                                          "Content-Type": "application/json"})
    t0 = time.monotonic()
    urllib.request.urlopen(req, timeout=120).read()
    t1 = time.monotonic()
    while teams(b) != before + 1:
        if time.monotonic() - t1 > 10:
            sys.exit("live_bench.sh: a write through A was not counted through B within 10 s")
    t2 = time.monotonic()
    print("%.3f %.3f" % ((t1 - t0) * 1000, (t2 - t1) * 1000))
    time.sleep(0.05)
PY
    kill -TERM "$second_pid"
    wait "$second_pid" || true
    second_pid=""
    stop_server
}

# The measurements of one backend on the generated ledger of SCALE records.
bench_backend() {
    local scale=$1 backend=$2
    local pristine="$work/synthetic-$scale.db"
    local db label copy_note="" peer_name
    if [ "$backend" = postgres ]; then
        label=PostgreSQL
        peer_name="psql"
        local schema="live_$scale"
        psql -q "$pg_url" -c "CREATE SCHEMA $schema" >/dev/null
        db="$pg_url?options=-csearch_path%3D$schema"
        local c0 c1 d0 d1
        d0=$(db_cpu)
        c0=$(now)
        /usr/bin/time -f "%U %S" -o "$work/copy.txt" \
            "$aidledger" copy --from "$pristine" --to "$db" >/dev/null
        c1=$(now)
        d1=$(db_cpu)
        local versions copy_user copy_sys
        versions=$(psql -At "$db" -c "SELECT count(*) FROM versions")
        read -r copy_user copy_sys < "$work/copy.txt"
        copy_note="The ledger was copied into schema \`$schema\` with \`aidledger copy\` ($versions versions) in $(python3 -c "print('%.1f' % ($c1 - $c0))") s wall, $(python3 -c "print('%.1f' % ($copy_user + $copy_sys))") s CPU of aidledger and $(python3 -c "print('%.1f' % ($d1 - $d0))") s of the database server."
    else
        label=SQLite
        peer_name="sqlite3 CLI"
        db="$work/synthetic-$scale-run.db"
        sqlite3 "$pristine" ".backup '$db'"
    fi
    "$aidledger" --db "$db" user add bench --role admin >/dev/null
    local token
    token=$("$aidledger" --db "$db" token create bench 2>/dev/null | head -1)
    [ -n "$token" ] || { echo "live_bench.sh: no token" >&2; exit 1; }

    # The cold briefing of the CLI, in the same run.
    local cold_db0 cold_db1 start_db0 start_db1
    cold_db0=$(db_cpu)
    /usr/bin/time -f "%e %U %S %M" -o "$work/cold.txt" \
        "$aidledger" --db "$db" briefing --as-of 2020-04-10 --provider-country CN >/dev/null
    [ -z "$postmaster" ] || sleep 0.2  # the briefing's backend exits: its time joins the postmaster's
    cold_db1=$(db_cpu)
    read -r cold_wall cold_user cold_sys cold_rss < "$work/cold.txt"

    start_db0=$(db_cpu)
    start_server "$db"
    start_db1=$(db_cpu)
    local base="http://127.0.0.1:$api_port/api/v1"
    local figures="$base/figures?as_of=2020-04-10&provider_country=CN"
    local briefing="$base/briefing?as_of=2020-04-10&provider_country=CN"
    local teams="$base/figures?as_of=2020-04-10&provider_country=CN&metric=teams.sent"
    curl -sf "$briefing" -o /dev/null

    echo "#### $scale generated records, $label" >> "$results"
    echo >> "$results"
    echo "| what | median ms | p90 ms |" >> "$results"
    echo "|---|---:|---:|" >> "$results"
    local cpu_before cpu_after db_before db_after
    cpu_before=$(cpu_of "$server_pid")
    db_before=$(db_cpu)
    for kind in team donation declaration; do
        : > "$work/post.txt"
        : > "$work/read.txt"
        : > "$work/metric.txt"
        local before
        before=$(curl -sf "$teams" | jq '[.figures[] | select(.metric == "teams.sent")][0].certain')
        for i in $(seq 1 "$writes"); do
            local id="live-$kind-$scale-$i"
            local body
            body=$("${kind}_body" "$id")
            curl -s -o "$work/post.out" -w '%{time_total}\n' -X POST "$base/records/$kind" \
                -H "Authorization: Bearer $token" -H "X-Reason: live benchmark" \
                -H 'Content-Type: application/json' --data "$body" >> "$work/post.txt"
            grep -q "\"$id\"" "$work/post.out" || { echo "live_bench.sh: write refused:" >&2; cat "$work/post.out" >&2; exit 1; }
            # First one figure (what shows the write is counted), then every figure.
            curl -sf -o /dev/null -w '%{time_total}\n' "$teams" >> "$work/metric.txt"
            curl -sf -o /dev/null -w '%{time_total}\n' "$figures" >> "$work/read.txt"
        done
        if [ "$kind" = team ]; then
            local after
            after=$(curl -sf "$teams" | jq '[.figures[] | select(.metric == "teams.sent")][0].certain')
            [ "$after" -eq $((before + writes)) ] ||
                { echo "live_bench.sh: teams.sent went from $before to $after after $writes team writes" >&2; exit 1; }
        fi
        read -r pm p9 < <(awk '{print $1 * 1000}' "$work/post.txt" | stats)
        read -r rm r9 < <(awk '{print $1 * 1000}' "$work/read.txt" | stats)
        read -r mm m9 < <(awk '{print $1 * 1000}' "$work/metric.txt" | stats)
        read -r sm s9 < <(paste "$work/post.txt" "$work/metric.txt" | awk '{print ($1 + $2) * 1000}' | stats)
        {
            echo "| POST $kind | $pm | $p9 |"
            echo "| next GET /figures?metric=teams.sent (CN) | $mm | $m9 |"
            echo "| write -> next figures read (teams.sent), $kind | **$sm** | $s9 |"
            echo "| then GET /figures, every metric (CN, $(curl -sf "$figures" | wc -c) bytes) | $rm | $r9 |"
        } >> "$results"
    done
    cpu_after=$(cpu_of "$server_pid")
    db_after=$(db_cpu)
    local per_write db_per_write
    per_write=$(python3 -c "print('%.1f' % (($cpu_after - $cpu_before) * 1000 / (3 * $writes)))")
    db_per_write=$(python3 -c "print('%.1f' % (($db_after - $db_before) * 1000 / (3 * $writes)))")

    # The SQL peer after the writes: teams.sent as of the date, provider a CN party, in SQL.
    local peer_sql="WITH RECURSIVE live(kind, body) AS (SELECT c.kind, v.body FROM current AS c JOIN versions AS v ON v.seq = c.seq WHERE v.retired = 0), party(id, parent, iso, kind) AS (SELECT json_extract(body, '\$.id'), json_extract(body, '\$.parent'), json_extract(body, '\$.iso_code'), json_extract(body, '\$.kind') FROM live WHERE kind = 'party'), up(id, at, depth) AS (SELECT id, id, 0 FROM party UNION ALL SELECT up.id, p.parent, up.depth + 1 FROM up JOIN party AS p ON p.id = up.at WHERE p.parent IS NOT NULL AND up.depth < 31), cn(id) AS (SELECT DISTINCT up.id FROM up JOIN party AS a ON a.id = up.at WHERE a.iso = 'CN' AND a.kind IN ('country', 'region')) SELECT COUNT(*) FROM live AS t WHERE t.kind = 'team' AND json_extract(t.body, '\$.provider') IN (SELECT id FROM cn) AND substr(json_extract(t.body, '\$.sent'), instr(json_extract(t.body, '\$.sent'), '/') + 1) <= '2020-04-10';"
    # The same count on PostgreSQL: bodies are jsonb, retired a boolean, dates compared bytewise.
    local pg_peer_sql="WITH RECURSIVE live(kind, body) AS (SELECT c.kind, v.body FROM current AS c JOIN versions AS v ON v.seq = c.seq WHERE NOT v.retired), party(id, parent, iso, kind) AS (SELECT body->>'id', body->>'parent', body->>'iso_code', body->>'kind' FROM live WHERE kind = 'party'), up(id, at, depth) AS (SELECT id, id, 0 FROM party UNION ALL SELECT up.id, p.parent, up.depth + 1 FROM up JOIN party AS p ON p.id = up.at WHERE p.parent IS NOT NULL AND up.depth < 31), cn(id) AS (SELECT DISTINCT up.id FROM up JOIN party AS a ON a.id = up.at WHERE a.iso = 'CN' AND a.kind IN ('country', 'region')) SELECT COUNT(*) FROM live AS t WHERE t.kind = 'team' AND t.body->>'provider' IN (SELECT id FROM cn) AND substr(t.body->>'sent', strpos(t.body->>'sent', '/') + 1) COLLATE \"C\" <= '2020-04-10';"
    local p0 p1 peer_count peer_db0 peer_db1
    peer_db0=$(db_cpu)
    p0=$(now)
    if [ "$backend" = postgres ]; then
        peer_count=$(psql -At "$db" -c "$pg_peer_sql")
    else
        peer_count=$(sqlite3 -readonly "$db" "$peer_sql")
    fi
    p1=$(now)
    peer_db1=$(db_cpu)
    local api_count
    api_count=$(curl -sf "$teams" | jq '[.figures[] | select(.metric == "teams.sent")][0].certain')
    [ "$peer_count" = "$api_count" ] ||
        { echo "live_bench.sh: the SQL peer counts $peer_count teams, the server $api_count" >&2; exit 1; }
    local peer_stmt=""
    if [ "$backend" = postgres ]; then
        # The peer's server-side time, from the statement itself (psql's \timing, client side).
        peer_stmt=$(psql -At "$db" -c '\timing on' -c "$pg_peer_sql" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
    fi

    local hwm mixed_table=""
    if [ "$mixed" != 0 ]; then
        # Mixed load: readers alone, then readers with a writer at 10 teams a second.
        mkdir -p "$work/static"
        curl -sf "$figures" -o "$work/static/figures.json"
        curl -sf "$briefing" -o "$work/static/briefing.json"
        local cpu0 cpu1 cpu2 dbc0 dbc1 dbc2 teams_before
        teams_before=$(curl -sf "$teams" | jq '[.figures[] | select(.metric == "teams.sent")][0].certain')
        cpu0=$(cpu_of "$server_pid")
        dbc0=$(db_cpu)
        read -r f_rps f_p99 b_rps b_p99 < <(run_readers "$figures" "$briefing")
        cpu1=$(cpu_of "$server_pid")
        dbc1=$(db_cpu)
        (
            for i in $(seq 1 $((duration * 10))); do
                curl -s -o /dev/null -X POST "$base/records/team" -H "Authorization: Bearer $token" \
                    -H "X-Reason: live benchmark" -H 'Content-Type: application/json' \
                    --data "$(team_body "mixed-$scale-$i")"
                sleep 0.1
            done
        ) &
        writer_pid=$!
        read -r wf_rps wf_p99 wb_rps wb_p99 < <(run_readers "$figures" "$briefing")
        wait "$writer_pid" || true
        writer_pid=""
        cpu2=$(cpu_of "$server_pid")
        dbc2=$(db_cpu)
        local written
        written=$(( $(curl -sf "$teams" | jq '[.figures[] | select(.metric == "teams.sent")][0].certain') - teams_before ))
        hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
        stop_server
        [ "$backend" != postgres ] || two_servers "$db" "$token" "$scale" > "$work/two.txt"

        chmod 755 "$work/static"
        chmod 644 "$work/static"/*.json
        start_nginx
        read -r nf_rps nf_p99 nb_rps nb_p99 < <(run_readers "http://127.0.0.1:$nginx_port/figures.json" "http://127.0.0.1:$nginx_port/briefing.json")
        stop_nginx
        rm -rf "$work/static"
        mixed_table="| mixed load, ${duration} s, $label | /figures req/s | /figures p99 ms | /briefing req/s | /briefing p99 ms | server CPU s | database CPU s |
|---|---:|---:|---:|---:|---:|---:|
| readers alone | $f_rps | $f_p99 | $b_rps | $b_p99 | $(python3 -c "print('%.1f' % ($cpu1 - $cpu0))") | $(db_delta "$dbc0" "$dbc1" s) |
| readers + a writer at 10 teams/s ($written written) | $wf_rps | $wf_p99 | $wb_rps | $wb_p99 | $(python3 -c "print('%.1f' % ($cpu2 - $cpu1))") | $(db_delta "$dbc1" "$dbc2" s) |
| nginx, the same bodies as static files | $nf_rps | $nf_p99 | $nb_rps | $nb_p99 | | |
"
    else
        hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")
        stop_server
        [ "$backend" != postgres ] || two_servers "$db" "$token" "$scale" > "$work/two.txt"
    fi
    local size_mb
    if [ "$backend" = postgres ]; then
        size_mb=$(psql -At "$db" -c "SELECT round(sum(pg_total_relation_size(c.oid)) / 1048576.0) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')")
    else
        size_mb=$(( $(stat -c %s "$db") / 1048576 ))
    fi

    {
        echo
        if [ "$backend" = postgres ]; then
            echo "Server CPU per write and its two reads above: $per_write ms (aidledger), $db_per_write ms (database server)."
        else
            echo "Server CPU per write and its two reads above: $per_write ms."
        fi
        echo
        echo "| $scale records, $label | wall ms | CPU ms | database CPU ms |"
        echo "|---|---:|---:|---:|"
        echo "| server start to first figures answer | $start_wall | $start_cpu (server) | $(db_delta "$start_db0" "$start_db1") |"
        echo "| cold \`aidledger briefing\` (new process) | $(ms "$cold_wall") | $(python3 -c "print('%.1f' % (($cold_user + $cold_sys) * 1000))") | $(db_delta "$cold_db0" "$cold_db1") |"
        echo "| $peer_name peer: teams.sent in SQL after the writes ($peer_count teams) | $(python3 -c "print('%.1f' % (($p1 - $p0) * 1000))") | | $(db_delta "$peer_db0" "$peer_db1") |"
        echo
        [ "$backend" != postgres ] ||
            echo "psql's own timing of the peer's statement (a second run, connection excluded): $peer_stmt ms."
        echo
        echo "Peak memory: server $hwm MiB (VmHWM, after the runs); cold briefing $((cold_rss / 1024)) MiB (max RSS). Ledger on disk: $size_mb MiB."
        echo
        [ -z "$copy_note" ] || { echo "$copy_note"; echo; }
        [ -z "$mixed_table" ] || echo "$mixed_table"
        if [ -s "$work/two.txt" ]; then
            read -r am a9 < <(awk '{print $1}' "$work/two.txt" | stats)
            read -r bm b9 < <(awk '{print $2}' "$work/two.txt" | stats)
            echo
            echo "| two servers on one database (--refresh-interval 600000), $(wc -l < "$work/two.txt") team writes | median ms | p90 ms |"
            echo "|---|---:|---:|"
            echo "| POST team through server A | $am | $a9 |"
            echo "| A's answer -> first GET through server B that counts it (LISTEN/NOTIFY) | **$bm** | $b9 |"
            echo
        fi
    } >> "$results"
    rm -f "$work/two.txt"
    if [ "$backend" = postgres ]; then
        psql -q "$pg_url" -c "DROP SCHEMA live_$scale CASCADE" >/dev/null 2>&1 || true
    else
        rm -f "$db" "$db-wal" "$db-shm"
    fi
}

bench_scale() {
    local scale=$1
    prepare_scale "$scale"
    local backend
    for backend in $backends; do
        bench_backend "$scale" "$backend"
    done
    rm -f "$work/synthetic-$scale.db"
}

case " $backends " in *" postgres "*) start_cluster ;; esac
for scale in $scales; do
    bench_scale "$scale"
done
cat "$results"

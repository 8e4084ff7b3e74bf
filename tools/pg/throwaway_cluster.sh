#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 12): Debian's postgresql, started by the
# project, never one already running. Loopback and a private unix socket only.
#
#   tools/pg/throwaway_cluster.sh start DIR [OWNER_PID]
#   tools/pg/throwaway_cluster.sh stop DIR
#   tools/pg/throwaway_cluster.sh halt DIR | resume DIR
#   AIDLEDGER_PG_DURABLE=1 tools/pg/throwaway_cluster.sh start DIR [OWNER_PID]
#
# start: initdb into a new temporary folder (as the `postgres` user when run as root, since
#   initdb refuses root; as the caller otherwise), trust authentication for its superuser
#   `postgres`, a free port on 127.0.0.1, then writes into DIR:
#     url       postgresql://postgres@127.0.0.1:PORT/postgres
#     pid       the postmaster's PID
#     data      the cluster's folder
#   and leaves a watchdog that stops the cluster by PID when OWNER_PID (default: the caller,
#   e.g. ctest) is gone, so that a killed test run leaves no server behind. A cluster DIR
#   already names is stopped first.
#   The tests' cluster runs without fsync, synchronous_commit and full_page_writes (a crash
#   loses it, and it is thrown away anyway). AIDLEDGER_PG_DURABLE=1 leaves PostgreSQL's defaults
#   for those three (fsync on: a commit is on disk when it returns), for the benchmarks.
# stop: stops the cluster DIR names by its PID (fast shutdown, then SIGKILL after 10 s) and
#   removes its folder.
# halt / resume: shuts the server down keeping its data, and starts it again on the same port
#   (the failure tests: a database restarting under a running aidledger).
set -euo pipefail

usage() { echo "usage: $0 start DIR [OWNER_PID] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
dir=$2

self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "throwaway_cluster: Debian's postgresql is not installed (make deps installs it)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
    local pid data
    pid=$(cat "$dir/pid" 2>/dev/null || true)
    data=$(cat "$dir/data" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -INT "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    # The folder is ours only when it is under the temporary folder and named as start names it.
    case "$data" in
        "${TMPDIR:-/tmp}"/aidledger-pg.*) rm -rf "$data" ;;
    esac
    rm -f "$dir/url" "$dir/pid" "$dir/data" "$dir/opts" "$dir/owner"
}

# The watchdog: in a session of its own, so that it outlives the caller's process group; it
# stops the cluster when the owner is gone (and ends when the server does).
watch_cluster() {  # $1: the owner's PID, $2: the postmaster's PID
    setsid bash -c '
        while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
        if kill -0 "$2" 2>/dev/null && [ "$(cat "$3/pid" 2>/dev/null)" = "$2" ]; then
            "$4" stop "$3"
        fi' watchdog "$1" "$2" "$dir" "$self" </dev/null >/dev/null 2>&1 &
}

start_server() {  # $1: the cluster folder, $2: the options
    as_owner "$bindir/pg_ctl" -D "$1/cluster" -l "$1/server.log" -w -t 60 -o "$2" start >/dev/null
}

case "$command" in
    stop)
        stop_cluster
        ;;
    halt)
        pid=$(cat "$dir/pid")
        kill -INT "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        ;;
    resume)
        data=$(cat "$dir/data")
        start_server "$data" "$(cat "$dir/opts")"
        pid=$(head -n 1 "$data/cluster/postmaster.pid")
        echo "$pid" > "$dir/pid"
        watch_cluster "$(cat "$dir/owner")" "$pid"
        ;;
    start)
        owner=${3:-$PPID}
        mkdir -p "$dir"
        dir=$(cd "$dir" && pwd)
        stop_cluster
        data=$(mktemp -d "${TMPDIR:-/tmp}/aidledger-pg.XXXXXX")
        echo "$data" > "$dir/data"
        chmod 700 "$data"
        [ "$(id -u)" = 0 ] && chown postgres "$data"
        if ! as_owner "$bindir/initdb" -D "$data/cluster" -U postgres --auth=trust -E UTF8 \
                --locale=C.UTF-8 >"$data/initdb.log" 2>&1; then
            cat "$data/initdb.log" >&2
            stop_cluster
            exit 1
        fi
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        # A test cluster: no fsync (a crash loses the cluster, which is thrown away anyway)
        # unless AIDLEDGER_PG_DURABLE=1, enough connections for parallel tests each with a
        # server and its pool.
        opts="-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=300"
        if [ "${AIDLEDGER_PG_DURABLE:-0}" != 1 ]; then
            opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        fi
        echo "$opts" > "$dir/opts"
        if ! start_server "$data" "$opts"; then
            cat "$data/server.log" >&2 || true
            stop_cluster
            exit 1
        fi
        pid=$(head -n 1 "$data/cluster/postmaster.pid")
        echo "$pid" > "$dir/pid"
        echo "postgresql://postgres@127.0.0.1:$port/postgres" > "$dir/url"
        echo "$owner" > "$dir/owner"
        watch_cluster "$owner" "$pid"
        cat "$dir/url"
        ;;
    *)
        usage
        ;;
esac

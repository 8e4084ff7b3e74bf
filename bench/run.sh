#!/usr/bin/env bash
# Runs the figure benchmarks and, in the same run, a plain-SQL peer over the same ledger files,
# then prints a markdown table (docs/benchmarks.md).
#
#   bench/run.sh [extra Google Benchmark flags, e.g. --benchmark_filter=figures]
#
# Environment:
#   AIDLEDGER_BENCH_DIR     where ledgers are built and kept (default build/bench)
#   AIDLEDGER_BENCH_SCALES  comma-separated record counts (default 100000,1000000)
#   PEER_RUNS               timed runs of the SQL peer per ledger (default 10)
#   CLI_RUNS                timed runs of a new `aidledger briefing` process per ledger and
#                           path (default 5)
#
# Output: build/bench/figures.json (Google Benchmark JSON), build/bench/console.txt,
# build/bench/peer.sql, build/bench/results.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out="$root/build/bench"
mkdir -p "$out"
export AIDLEDGER_BENCH_DIR="${AIDLEDGER_BENCH_DIR:-$out}"
runs="${PEER_RUNS:-10}"
cli_runs="${CLI_RUNS:-5}"

for tool in cmake jq sqlite3; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 1; }
done

echo "## Machine"
compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' build/dev/CMakeCache.txt 2>/dev/null || true)
echo "- cores (nproc): $(nproc)"
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "- memory: $(free -h | awk '/^Mem:/ {print $2}')"
echo "- Debian: $(cat /etc/debian_version 2>/dev/null || echo unknown)"
echo "- compiler: $("${compiler:-c++}" --version 2>/dev/null | head -1)"
echo "- sqlite3 CLI: $(sqlite3 --version | cut -d' ' -f1)"
echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

echo "## Build"
cmake --preset dev >/dev/null
cmake --build --preset dev --target aidledger_figures_benchmark aidledger
echo

echo "## aidledger (Google Benchmark)"
json="$out/figures.json"
build/dev/bench/aidledger_figures_benchmark --benchmark_format=console \
    --benchmark_out="$json" --benchmark_out_format=json "$@" | tee "$out/console.txt"
echo

# The peer: the same two figures, in plain SQL through the sqlite3 CLI, over the same files.
# Versions keep each record's JSON body; `current` points at each record's latest version.
# A provider is in scope when the nearest country above it (itself included) has the ISO
# code; a recipient counts for the nearest country, region or international organisation above
# it, else itself; a date interval "a/b" is certain by D when b <= D.
as_of=$(jq -r '.context.as_of' "$json")
country=$(jq -r '.context.provider_country' "$json")
sql="$out/peer.sql"
cat >"$sql" <<SQL
WITH RECURSIVE
live(kind, id, body) AS (
    SELECT c.kind, c.id, v.body FROM current AS c JOIN versions AS v ON v.seq = c.seq
    WHERE v.retired = 0),
party(id, kind, parent, iso) AS (
    SELECT id, json_extract(body, '\$.kind'), json_extract(body, '\$.parent'),
           json_extract(body, '\$.iso_code')
    FROM live WHERE kind = 'party'),
chain(id, ancestor, depth) AS (
    SELECT id, id, 0 FROM party
    UNION ALL
    SELECT chain.id, party.parent, chain.depth + 1
    FROM chain JOIN party ON party.id = chain.ancestor
    WHERE party.parent IS NOT NULL AND chain.depth < 31),
country_of(id, iso, depth) AS (
    SELECT chain.id, a.iso, MIN(chain.depth) FROM chain JOIN party AS a ON a.id = chain.ancestor
    WHERE a.kind IN ('country', 'region') AND a.iso IS NOT NULL GROUP BY chain.id),
unit_of(id, unit, depth) AS (
    SELECT chain.id, chain.ancestor, MIN(chain.depth) FROM chain
    JOIN party AS a ON a.id = chain.ancestor
    WHERE a.kind IN ('country', 'region', 'international_organisation') GROUP BY chain.id)
SELECT
    (SELECT COUNT(*) FROM live AS t
     JOIN country_of AS c ON c.id = json_extract(t.body, '\$.provider')
     WHERE t.kind = 'team' AND c.iso = '$country'
       AND substr(json_extract(t.body, '\$.sent'),
                  instr(json_extract(t.body, '\$.sent'), '/') + 1) <= '$as_of'),
    (SELECT COUNT(DISTINCT COALESCE(u.unit, json_extract(d.body, '\$.recipient'))) FROM live AS d
     JOIN country_of AS c ON c.id = json_extract(d.body, '\$.provider')
     LEFT JOIN unit_of AS u ON u.id = json_extract(d.body, '\$.recipient')
     WHERE d.kind = 'donation' AND c.iso = '$country'
       AND EXISTS (SELECT 1 FROM json_each(d.body, '\$.history') AS h
                   WHERE json_extract(h.value, '\$.status') IN ('shipped', 'delivered')
                     AND substr(json_extract(h.value, '\$.on'),
                                instr(json_extract(h.value, '\$.on'), '/') + 1) <= '$as_of'));
SQL

now_ns() { date +%s%N; }

# Prints "mean_ms min_ms" of $3 runs of the shell command $2 (tagged $1), after one untimed
# warm-up run (the benchmarks above also read from a warm page cache).
time_cmd() {
    local tag=$1 cmd=$2 n=$3
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs "$n" --export-json "$out/$tag.json" "$cmd" >&2
        jq -r '.results[0] | "\(.mean * 1000) \(.min * 1000)"' "$out/$tag.json"
        return
    fi
    sh -c "$cmd" >/dev/null
    local total=0 min= start end elapsed
    for _ in $(seq "$n"); do
        start=$(now_ns)
        sh -c "$cmd" >/dev/null
        end=$(now_ns)
        elapsed=$((end - start))
        total=$((total + elapsed))
        if [[ -z $min || $elapsed -lt $min ]]; then min=$elapsed; fi
    done
    echo "$(bc -l <<<"$total / $n / 1000000") $(bc -l <<<"$min / 1000000")"
}

time_peer() { time_cmd "peer-$2" "sqlite3 -readonly '$1' < '$sql'" "$runs"; }

# User + system CPU ms of one run of the shell command $1 (GNU time), "-" without it.
cpu_ms() {
    if [[ ! -x /usr/bin/time ]]; then echo "-"; return; fi
    /usr/bin/time -f '%U %S' -o "$out/cpu.txt" sh -c "$1" >/dev/null
    awk '{printf "%.1f\n", ($1 + $2) * 1000}' "$out/cpu.txt"
}

# Field $2 of benchmark $1 ("figures/1M"); Google Benchmark appends options such as
# "/min_time:5.000/real_time" to the name.
result() {
    jq -r --arg n "$1" --arg f "$2" \
        '.benchmarks[] | select((.name | split("/")[0:2] | join("/")) == $n) | .[$f] // empty' \
        "$json" | head -1
}

# "real (cpu)" in ms of one benchmark, "-" when it did not run. CPU time well below real time
# means the process waited: page faults, I/O, or other work on the machine.
ms() {
    local real cpu
    real=$(result "$1" real_time)
    cpu=$(result "$1" cpu_time)
    if [[ -z $real ]]; then echo "-"; else printf '%.1f&nbsp;(%.1f)\n' "$real" "$cpu"; fi
}
ms_of() { ms "$1/$2"; }
counter() {
    local value
    value=$(result "$1" "$2")
    if [[ -z $value ]]; then echo "-"; else printf '%.0f\n' "$value"; fi
}

mapfile -t labels < <(jq -r '.context | keys[] | select(startswith("ledger/"))
                             | ltrimstr("ledger/")' "$json" | sort -h)
declare -A peer_mean peer_min peer_teams peer_recipients cli_cells
timer="bash loop, date +%s%N"
command -v hyperfine >/dev/null && timer="hyperfine"
echo "## sqlite3 CLI peer ($runs runs each, $timer)"
for label in "${labels[@]}"; do
    ledger=$(jq -r --arg k "ledger/$label" '.context[$k]' "$json")
    if [[ ! -f $ledger ]]; then
        echo "$label: $ledger was not built (filtered out?)"
        continue
    fi
    result=$(sqlite3 -readonly "$ledger" <"$sql")
    peer_teams[$label]=${result%%|*}
    peer_recipients[$label]=${result##*|}
    read -r mean min < <(time_peer "$ledger" "$label")
    peer_mean[$label]=$(printf '%.1f' "$mean")
    peer_min[$label]=$(printf '%.1f' "$min")
    echo "$label: teams.sent=${peer_teams[$label]} recipients=${peer_recipients[$label]}" \
        "mean ${peer_mean[$label]} ms, min ${peer_min[$label]} ms"
done
echo

# The command itself, as a user runs it: a new `aidledger briefing` process reading the figure
# projections (no --at), and the same reading every body (--at far ahead: Ledger::View).
echo "## aidledger briefing, new process ($cli_runs runs each)"
bin="$root/build/dev/cli/aidledger"
for label in "${labels[@]}"; do
    ledger=$(jq -r --arg k "ledger/$label" '.context[$k]' "$json")
    [[ -f $ledger ]] || continue
    for path in projected full; do
        cmd="'$bin' --db '$ledger' briefing --as-of $as_of --provider-country $country"
        [[ $path == full ]] && cmd+=" --at 2999-01-01"
        read -r mean min < <(time_cmd "cli-$path-$label" "$cmd" "$cli_runs")
        cpu=$(cpu_ms "$cmd")
        cli_cells[$path/$label]=$(printf '%.1f/%.1f/%s' "$mean" "$min" "$cpu")
        echo "$label $path: mean / min / cpu ms: ${cli_cells[$path/$label]}"
    done
done
echo

{
    header="| as of $as_of, provider $country |"
    rule="|---|"
    for label in "${labels[@]}"; do header+=" $label records |"; rule+="---:|"; done
    echo "$header"
    echo "$rule"
    row() {
        local line="| $1 |"
        shift
        for value in "$@"; do line+=" $value |"; done
        echo "$line"
    }
    cells() { for label in "${labels[@]}"; do "$@" "$label"; done; }
    row "aidledger: load view (scan + decode + index), ms real (cpu)" $(cells ms_of load_view)
    row "aidledger: ComputeFigures on a loaded view, ms real (cpu)" $(cells ms_of figures)
    row "aidledger: BuildBriefing on a loaded view, ms real (cpu)" $(cells ms_of briefing)
    row "aidledger: cold briefing (open + view + briefing), ms real (cpu)" \
        $(cells ms_of cold_briefing)
    row "aidledger: ScanForFigures alone (read + decode the projections), ms real (cpu)" \
        $(cells ms_of scan_for_figures)
    row "aidledger: load view from the projections (scan + view), ms real (cpu)" \
        $(cells ms_of load_view_projected)
    row "aidledger: cold briefing from the projections (open + scan + view + briefing), ms real (cpu)" \
        $(cells ms_of cold_briefing_projected)
    row "\`aidledger briefing\`, new process, from the projections: mean/min/cpu ms" \
        $(for l in "${labels[@]}"; do echo "${cli_cells[projected/$l]:--}"; done)
    row "\`aidledger briefing --at\`, new process, decoding every body: mean/min/cpu ms" \
        $(for l in "${labels[@]}"; do echo "${cli_cells[full/$l]:--}"; done)
    row "sqlite3 CLI peer: 2 figures in SQL, new process, mean ms" \
        $(for l in "${labels[@]}"; do echo "${peer_mean[$l]:--}"; done)
    row "sqlite3 CLI peer: min ms" $(for l in "${labels[@]}"; do echo "${peer_min[$l]:--}"; done)
    both() { echo "$(counter "figures/$2" "$1")/${3:--}"; }
    row "teams.sent certain: aidledger / peer" \
        $(for l in "${labels[@]}"; do both teams_sent_certain "$l" "${peer_teams[$l]:-}"; done)
    row "supplies.recipients.all certain: aidledger / peer" \
        $(for l in "${labels[@]}"; do both recipients_certain "$l" "${peer_recipients[$l]:-}"; done)
    row "claims checked by the briefing" \
        $(for l in "${labels[@]}"; do counter "briefing/$l" claims; done)
} >"$out/results.md"
echo "## Results (load average after the run: $(cut -d' ' -f1-3 /proc/loadavg))"
cat "$out/results.md"
# The peer is only worth timing if it computes the same figures.
for label in "${labels[@]}"; do
    teams=$(counter "figures/$label" teams_sent_certain)
    recipients=$(counter "figures/$label" recipients_certain)
    [[ $teams == "-" || -z ${peer_teams[$label]:-} ]] && continue
    if [[ $teams != "${peer_teams[$label]}" || $recipients != "${peer_recipients[$label]}" ]]; then
        echo "run.sh: $label: the SQL peer and aidledger disagree on a figure" >&2
        exit 1
    fi
done

#!/usr/bin/env bash
# IATI import at scale (issue 18, docs/benchmarks.md "IATI import"): generates an IATI 2.03
# activity file of about SIZE_MB megabytes (default 100) in a temporary folder, then measures,
# each with /usr/bin/time -v (wall time, CPU time, peak resident memory):
#   - the peer: `xmllint --stream --noout` over the file (libxml2's streaming reader, which
#     only checks that the XML is well-formed);
#   - `aidledger import --dry-run` (reading, matching, validating, planning; no write);
#   - `aidledger import` into a fresh ledger (the same, and the one write).
# The machine is shared: compare the ratios, and CPU time beside wall time. The file and the
# ledger are deleted at the end (also on failure).
# Usage: bench/iati_bench.sh [SIZE_MB]    (PRESET=dev by default)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${PRESET:-dev}
aidledger=$root/build/$preset/aidledger
[ -x "$aidledger" ] || aidledger=$root/build/$preset/cli/aidledger
size_mb=${1:-100}
work=$(mktemp -d /tmp/iati-bench.XXXXXX)
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

command -v xmllint >/dev/null || { echo "iati_bench.sh: needs xmllint (libxml2-utils)" >&2; exit 1; }
file=$work/activities.xml
python3 - "$file" "$size_mb" <<'PY'
import sys
path, size_mb = sys.argv[1], int(sys.argv[2])
target = size_mb * 1000 * 1000
countries = ["AF", "BD", "CD", "ET", "HT", "IQ", "KE", "LB", "ML", "NG", "PK", "RS", "SD", "SO", "SY", "TD", "UA", "YE"]
donors = [("GB-GOV-1", "10", "Foreign, Commonwealth and Development Office"),
          ("XM-DAC-41114", "40", "United Nations Development Programme"),
          ("DE-1", "10", "Federal Ministry for Economic Cooperation and Development"),
          ("XM-DAC-928", "40", "World Health Organization"),
          ("NL-KVK-41160054", "21", "Stichting Cordaid")]
with open(path, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<iati-activities version="2.03" generated-datetime="2020-12-31T00:00:00Z">\n')
    written, i = 0, 0
    while written < target:
        i += 1
        ref, typ, name = donors[i % len(donors)]
        country = countries[i % len(countries)]
        impl = f"Implementing partner {i % 997}"
        tx = []
        for k in range(3):
            tx.append(f'''  <transaction ref="{ref}-{i}-{k}">
   <transaction-type code="{2 if k == 0 else 3}"/>
   <transaction-date iso-date="2020-0{3 + k}-1{k}"/>
   <value currency="USD" value-date="2020-0{3 + k}-1{k}">{(i % 50 + 1) * 1000 + k}.50</value>
   <description><narrative>Tranche {k} of the COVID-19 response in {country}</narrative></description>
   <provider-org ref="{ref}" type="{typ}"><narrative>{name}</narrative></provider-org>
   <receiver-org type="22"><narrative>{impl}</narrative></receiver-org>
  </transaction>
''')
        act = f''' <iati-activity default-currency="USD" humanitarian="1" last-updated-datetime="2020-12-01T00:00:00Z">
  <iati-identifier>{ref}-COVID-{i:07d}</iati-identifier>
  <reporting-org ref="{ref}" type="{typ}"><narrative>{name}</narrative></reporting-org>
  <title><narrative>COVID-19 response {i} in {country}</narrative></title>
  <description><narrative>Health systems support, risk communication and supplies for the COVID-19 response, activity {i}.</narrative></description>
  <participating-org ref="{ref}" role="1" type="{typ}"><narrative>{name}</narrative></participating-org>
  <participating-org role="4" type="22"><narrative>{impl}</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2020-03-01"/>
  <recipient-country code="{country}" percentage="100"/>
  <sector vocabulary="1" code="12264"/>
  <tag vocabulary="99" code="COVID-19"/>
  <humanitarian-scope type="1" vocabulary="1-2" code="EP-2020-000012-001"/>
{''.join(tx)} </iati-activity>
'''
        out.write(act)
        written += len(act.encode())
    out.write('</iati-activities>\n')
print(f"{i} activities", file=sys.stderr)
PY
bytes=$(stat -c %s "$file")
echo "file: $bytes bytes"

measure() {  # label, command...
    local label=$1
    shift
    local log=$work/time.log
    /usr/bin/time -v "$@" >"$work/out.txt" 2>"$log" || { tail -5 "$log"; tail -5 "$work/out.txt"; exit 1; }
    local wall user sys rss
    wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
    user=$(grep "User time" "$log" | awk '{print $NF}')
    sys=$(grep "System time" "$log" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
    printf '| %s | %s | %.2f | %d |\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

echo "| run | wall (m:ss) | CPU s (user+sys) | peak RSS MiB |"
echo "|---|---|---|---|"
measure "xmllint --stream --noout" xmllint --stream --noout "$file"
"$aidledger" --db "$work/ledger.db" init >/dev/null
measure "aidledger import --dry-run" "$aidledger" --db "$work/ledger.db" import "$file" --dry-run \
    --max-bytes $((bytes + 1))
measure "aidledger import" "$aidledger" --db "$work/ledger.db" import "$file" \
    --max-bytes $((bytes + 1)) --reason "benchmark"
grep "^records:" "$work/out.txt" || true
echo "ledger: $(stat -c %s "$work/ledger.db") bytes"

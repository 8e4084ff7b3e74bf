#!/bin/sh
# Seeds the fuzz corpora (docs/reliability.md "Fuzzing"): OUT/<target>/ gets the hand-written
# seeds of fuzz/seeds/<target>/, every regression input of tests/data/regressions/<target>/,
# and inputs made from the demo dataset (data/demo) and tests/data. Targets whose body reads a
# selector byte first (fuzz/include/aidledger/fuzz/targets.h) get it prepended here.
# The corpora live in the build folder and are never committed.
#   fuzz/seed_corpus.sh [OUT]        (default build/fuzz/corpus)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/build/fuzz/corpus"}
targets="csv declarations json_record json_bundle date_money http_request iati fts"
for t in $targets; do
    mkdir -p "$out/$t"
    [ -d "$root/fuzz/seeds/$t" ] && cp "$root/fuzz/seeds/$t"/* "$out/$t/"
    if [ -d "$root/tests/data/regressions/$t" ]; then
        find "$root/tests/data/regressions/$t" -type f ! -name README.md -exec cp {} "$out/$t/" \;
    fi
done
cp "$root"/tests/data/iati/*.xml "$out/iati/"
cp "$root"/tests/data/fts/*.csv "$root"/tests/data/fts/*.json "$out/fts/"
# From the demo dataset: single records and whole files (json_record), a bundle of its first
# records (json_bundle), and each record as an HTTP create (http_request).
python3 - "$root/data/demo" "$out" <<'PY'
import json, os, sys
demo, out = sys.argv[1], sys.argv[2]
kinds = ["party", "item", "donation", "cash", "team", "exchange", "request", "manufacturer",
         "contract", "declaration", "statistic", "commitment", "source", "claim"]
versions = []
for name in sorted(os.listdir(demo)):
    if not name.endswith(".json"):
        continue
    with open(os.path.join(demo, name), "rb") as f:
        text = f.read()
    doc = json.loads(text)
    kind = doc["kind"]
    k = bytes([kinds.index(kind)])
    if len(text) < 64 * 1024:
        with open(os.path.join(out, "json_record", "demo-" + name), "wb") as f:
            f.write(k + text)
    for i, record in enumerate(doc["records"][:8]):
        body = json.dumps(record, ensure_ascii=False).encode()
        with open(os.path.join(out, "json_record", f"demo-{kind}-{i}.json"), "wb") as f:
            f.write(k + body)
        with open(os.path.join(out, "http_request", f"demo-{kind}-{i}.txt"), "wb") as f:
            f.write(f"POST /api/v1/records/{kind}\nauthorization: Bearer admin\n"
                    "x-reason: fuzz\ncontent-type: application/json\n\n".encode() + body)
        if i < 3:
            versions.append({"seq": len(versions) + 1, "kind": kind, "id": record["id"],
                             "version": 1, "recorded_at": "2026-01-01T00:00:00.000000Z",
                             "author": "demo", "reason": "seed", "retired": False,
                             "record": record})
bundle = {"format": "aidledger-bundle", "format_version": 1,
          "exported_at": "2026-01-02T00:00:00.000000Z", "at": None, "versions": versions}
with open(os.path.join(out, "json_bundle", "demo-bundle.json"), "w") as f:
    json.dump(bundle, f, ensure_ascii=False)
PY
for t in $targets; do
    echo "$t: $(ls "$out/$t" | wc -l) seeds"
done

# aidledger: two commands on a fresh Debian 12 machine.
#   make run   installs what is missing, builds, creates ledger.db with the demo data, prints
#              the briefing for 10 April 2020 and serves the ledger and its dashboard at
#              http://127.0.0.1:$(PORT)/ (records readable without signing in: an open ledger)
#   make test  installs what is missing, builds, and runs every test (the dashboard's e2e tests
#              in Debian's chromium among them)
PRESET ?= dev
BUILD := build/$(PRESET)
DB ?= ledger.db
PORT ?= 8080
AIDLEDGER := $(BUILD)/cli/aidledger

# Debian packages the build and the tests need.
DEBS := build-essential cmake ninja-build pkg-config git ca-certificates \
        libsqlite3-dev sqlite3 nlohmann-json3-dev libcli11-dev \
        libgtest-dev libgmock-dev libbenchmark-dev iso-codes \
        libboost-dev libsodium-dev libpugixml-dev libxlsxwriter-dev libxml2-utils \
        libsimdjson-dev libreoffice-calc-nogui chromium clang-format clang-tidy \
        libpq-dev postgresql python3
# Node and npm build the dashboard (web/); Debian's own only where no node is on PATH.
NODE_DEBS := $(if $(shell command -v node 2>/dev/null),,nodejs npm)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint deps build web bench bench-customs clean reliability fuzz test-asan \
        test-tsan

# $(call install_missing,PACKAGES): apt-get installs those not installed yet.
define install_missing
	@missing=""; for p in $(1); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_missing,$(DEBS) $(NODE_DEBS))

# The dashboard: npm ci only when package-lock.json is newer than node_modules (never a
# browser download), then the Vite build into web/dist, which `aidledger serve` serves at /.
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

web: deps web/node_modules/.package-lock.json
	cd web && npm run build

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

run: build web
	$(AIDLEDGER) --db $(DB) init
	$(AIDLEDGER) --db $(DB) load-demo
	$(AIDLEDGER) --db $(DB) import data/rates/sources.csv data/rates/rates-cny-central-parity-2020.csv \
	    --reason "exchange rates (data/rates)" >/dev/null
	$(AIDLEDGER) --db $(DB) import data/clearance-rules/sources.csv \
	    --reason "clearance rules (data/clearance-rules)" >/dev/null
	$(AIDLEDGER) --db $(DB) add clearance_rule --json data/clearance-rules/rules-cn-2020.json \
	    --reason "clearance rules (data/clearance-rules)" >/dev/null
	$(AIDLEDGER) --db $(DB) briefing --as-of 2020-04-10 --provider-country CN
	$(AIDLEDGER) --db $(DB) serve --listen 127.0.0.1:$(PORT) \
	    --public health,figures,briefing,claims,profile,records,needs,recommendations,clearance,exports

test: build web
	ctest --preset $(PRESET)

# The crash campaigns with 100 kill -9 trials each instead of make test's 10, and the fault and
# full-disk tests (docs/reliability.md).
reliability: build
	AIDLEDGER_CRASH_TRIALS=100 ctest --preset $(PRESET) -R 'CrashCampaign|SqliteFaults|DiskFull'

# What CI checks besides the tests: the format of every C++ file, clang-tidy on changed ones.
lint: build
	tools/lint/check_format.sh
	BUILD_DIR=$(BUILD) tools/lint/tidy_changed.sh

# Fuzzing (docs/reliability.md "Fuzzing"): clang and its libFuzzer runtime, for `make fuzz`
# only; `make test` replays the kept crash inputs with the ordinary build.
FUZZ_DEBS := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv declarations json_record json_bundle date_money http_request iati fts

fuzz: deps
	$(call install_missing,$(FUZZ_DEBS))
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz
	fuzz/seed_corpus.sh build/fuzz/corpus
	fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer (docs/reliability.md
# "Sanitizers"): any error stops the process that makes it (-fno-sanitize-recover=all in the
# asan preset), so the test fails. ASAN_EXCLUDE: tests left out, as in the everyday run: the
# dashboard's browser tests and size budget (web.*: chromium on the JS; the API they call is
# tested by api.* here) and the million-row import (customs.big_import_one_bad_row).
ASAN_EXCLUDE ?= ^web\.|big_import
SAN_ENV := ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

test-asan: deps
	cmake --preset asan >/dev/null
	cmake --build --preset asan
	$(SAN_ENV) ctest --preset asan -E '$(ASAN_EXCLUDE)'

# The server, the importers and the stores used from several threads, under ThreadSanitizer
# (docs/reliability.md "Sanitizers"): the HTTP API's unit tests (Service, snapshot, answer
# cache) and its integration tests on SQLite (`aidledger serve` itself built with TSan), the
# CSV and declaration importers (io/csv_hxl writes declarations on a second thread; app's
# import; the CLI's import cases), the stores used by several handles and threads (backends,
# the conformance suites on memory, SQLite and PostgreSQL), the figure engine shared by two
# threads, and the fuzz replays of the HTTP and declaration targets. A report stops the process
# (halt_on_error), so the test fails; reports are also written to build/tsan/tsan-reports/.
TSAN_TESTS ?= ^(api\.|aidledger_api\.|aidledger_io_csv\.|aidledger_app\.|aidledger_storage_backends\.|Backends/|Pg|aidledger_core\.FigureEngineTest\.AViewSharedByTwoThreads|fuzz\.|cases\.Case/CliCase\.Passes/(customs_import|import))
TSAN_EXCLUDE ?= ^api\.pg\.|^api\.openapi_lint$$
test-tsan: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan
	rm -rf build/tsan/tsan-reports && mkdir -p build/tsan/tsan-reports
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:log_path=$(CURDIR)/build/tsan/tsan-reports/tsan \
	    ctest --preset tsan -R '$(TSAN_TESTS)' -E '$(TSAN_EXCLUDE)'
	@if ls build/tsan/tsan-reports/tsan* >/dev/null 2>&1; then \
	    echo "ThreadSanitizer reports:"; ls build/tsan/tsan-reports; exit 1; fi

BENCH_DEBS := wrk nginx-light curl time bc

bench: build
	$(call install_missing,$(BENCH_DEBS))
	bench/run.sh
	bench/api_bench.sh
	bench/customs_bench.sh
	bench/iati_bench.sh

# Customs at national scale alone (issue 5): 1M and 10M declarations, or SIZES="100000".
bench-customs: build
	$(call install_missing,curl)
	bench/customs_bench.sh $(SIZES)

clean:
	rm -rf build

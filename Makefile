# aidledger: two commands on a fresh Debian 12 machine.
#   make run   installs what is missing, builds, creates ledger.db with the demo data, prints
#              the briefing for 10 April 2020 and serves the ledger at http://127.0.0.1:$(PORT)
#   make test  installs what is missing, builds, and runs every test
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
        libsimdjson-dev libreoffice-calc-nogui

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build bench bench-customs clean

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
	$(call install_missing,$(DEBS))

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

run: build
	$(AIDLEDGER) --db $(DB) init
	$(AIDLEDGER) --db $(DB) load-demo
	$(AIDLEDGER) --db $(DB) briefing --as-of 2020-04-10 --provider-country CN
	$(AIDLEDGER) --db $(DB) serve --listen 127.0.0.1:$(PORT)

test: build
	ctest --preset $(PRESET)

BENCH_DEBS := wrk nginx-light

bench: build
	$(call install_missing,$(BENCH_DEBS))
	bench/run.sh
	bench/api_bench.sh
	bench/customs_bench.sh

# Customs at national scale alone (issue 5): 1M and 10M declarations, or SIZES="100000".
bench-customs: build
	$(call install_missing,curl)
	bench/customs_bench.sh $(SIZES)

clean:
	rm -rf build

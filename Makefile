# aidledger: two commands on a fresh Debian 12 machine.
#   make run   installs what is missing, builds, creates ledger.db with the demo data and
#              prints the briefing for 10 April 2020
#   make test  installs what is missing, builds, and runs every test
PRESET ?= dev
BUILD := build/$(PRESET)
DB ?= ledger.db
AIDLEDGER := $(BUILD)/cli/aidledger

# Debian packages the build and the tests need.
DEBS := build-essential cmake ninja-build pkg-config git ca-certificates \
        libsqlite3-dev sqlite3 nlohmann-json3-dev libcli11-dev \
        libgtest-dev libgmock-dev libbenchmark-dev iso-codes \
        libboost-dev libsodium-dev libpugixml-dev libxlsxwriter-dev libxml2-utils \
        libsimdjson-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build bench clean

deps:
	@missing=""; for p in $(DEBS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

run: build
	$(AIDLEDGER) --db $(DB) init
	$(AIDLEDGER) --db $(DB) load-demo
	$(AIDLEDGER) --db $(DB) briefing --as-of 2020-04-10 --provider-country CN

test: build
	ctest --preset $(PRESET)

bench: build
	bench/run.sh

clean:
	rm -rf build

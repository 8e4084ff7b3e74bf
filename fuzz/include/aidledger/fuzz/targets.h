// The bodies of the fuzz targets (docs/reliability.md "Fuzzing"): plain functions, built by
// every preset, so that the libFuzzer entry points of the `fuzz` preset (fuzz/entry.cpp) and the
// regression test that replays tests/data/regressions/<target>/ (fuzz/replay_test.cpp) run the
// same code.
//
// Contract of every target: it takes any bytes, returns 0, and never crashes, leaks, reads out
// of bounds, overflows or trips a sanitizer. Where the code under test promises more (a
// canonical text that parses back to itself, a date printed as it was read), the target checks
// it and aborts with a message on stderr when the promise is broken, so that a libFuzzer run
// keeps the input as a crash. Not thread-safe: one input at a time, as libFuzzer calls them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace aidledger::fuzz {

// CSV and HXL tables of records (io/csv_hxl csv::Import) into an empty memory ledger. The first
// byte picks the kind of the table, the rest is the file.
int FuzzCsv(const std::uint8_t* data, std::size_t size);

// The bulk declaration reader (csv::ImportDeclarations) into an empty memory declaration store,
// fed in reads of varying size (the first byte picks the read size).
int FuzzDeclarations(const std::uint8_t* data, std::size_t size);

// One JSON record (json::ParseRecord, ParseRecords, MergePatch): the first byte picks the kind.
// A record that parses is written (WriteRecord) and must parse back to the same text.
int FuzzJsonRecord(const std::uint8_t* data, std::size_t size);

// The JSON bundle (json::ParseBundle, CheckBundle, and RestoreBundle as a dry run).
int FuzzJsonBundle(const std::uint8_t* data, std::size_t size);

// Dates, date intervals, periods, ledger times and amounts (core/time.h, core/money.h): what
// parses must print back as it was read (dates) or parse back to the same value (amounts).
int FuzzDateMoney(const std::uint8_t* data, std::size_t size);

// The HTTP API without a socket (api/src/service.h Service::Handle) on a small memory ledger.
// The input is a request as text: "METHOD TARGET\n", header lines "name: value", a blank line,
// the body. "Bearer admin" and "Bearer viewer" stand for the tokens of those users.
int FuzzHttpRequest(const std::uint8_t* data, std::size_t size);

// IATI activity XML (iati::ReadActivities).
int FuzzIati(const std::uint8_t* data, std::size_t size);

// OCHA FTS flows, as CSV (csv::ReadFtsFlows) and as the flow API's JSON (json::ReadFtsFlows).
int FuzzFts(const std::uint8_t* data, std::size_t size);

struct Target {
    std::string_view name;  // the folder under tests/data/regressions/ and fuzz/ binaries' suffix
    int (*run)(const std::uint8_t*, std::size_t);
};

// Every target, in a fixed order.
const std::vector<Target>& Targets();

}  // namespace aidledger::fuzz

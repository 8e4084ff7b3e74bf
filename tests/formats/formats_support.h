// Shared by the format tests: ledgers built in memory the way `aidledger` builds them (the ISO
// country parties, then the demo dataset or a generated scenario, written through Ledger so that
// every record is normalised and validated), scratch folders, running outside tools, and a CSV
// reader for what LibreOffice writes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"

namespace aidledger::formats_test {

// The ISO tables from Debian's iso-codes (loaded once).
const ReferenceData& Reference();

// The country parties plus data/demo/*.json (built once per process).
const LedgerView& DemoView();

// The country parties plus `aidledger generate --scale N --seed 1` (built once per scale).
const LedgerView& GeneratedView(int scale);

// shared/standards/iati-2.03 beside the source tree.
std::filesystem::path IatiStandardsDir();

// A fresh, empty folder under the system temporary folder, named after `tag`.
std::filesystem::path ScratchDir(const std::string& tag);

// Whether `program` is on PATH.
bool HaveProgram(const std::string& program);

// Runs a shell command with stdout and stderr to `log`; returns its exit status (or -1 when it
// did not exit normally).
int RunCommand(const std::string& command, const std::filesystem::path& log);

// Single-quotes a path for the shell.
std::string ShellQuote(const std::string& text);

std::string ReadFile(const std::filesystem::path& path);

// RFC 4180 rows: quoted cells may hold commas, doubled quotes and newlines.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text);

}  // namespace aidledger::formats_test

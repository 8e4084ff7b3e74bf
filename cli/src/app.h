// The `aidledger` command: shared state of one invocation and the subcommands.
//
// Exit codes (docs/cli.md):
//   0 success; 2 usage error; 3 invalid input; 4 not found; 5 conflict;
//   6 corruption (damaged or foreign ledger, failed integrity check); 7 unavailable
//   (locked, read-only, missing reference data); 70 internal error (a bug).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/core/backend.h"
#include "aidledger/core/ledger.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"

namespace aidledger::cli {

enum class ExitCode {
    kOk = 0,
    kUsage = 2,
    kInvalid = 3,
    kNotFound = 4,
    kConflict = 5,
    kCorruption = 6,
    kUnavailable = 7,
    kInternal = 70,
};

ExitCode ExitCodeFor(ErrorCode code);

// Options every subcommand shares.
struct Globals {
    std::string db = "ledger.db";
    std::string author;  // defaults to $USER
    std::string data_dir;
};

// The backend `--db` names (OpenBackend: a ledger file, sqlite:PATH, file: URI or memory:),
// with the options every command shares: `create`, and the busy timeout of
// AIDLEDGER_BUSY_TIMEOUT_MS (read here only). Errors about the URL name "--db".
// `busy_timeout_ms`: how long a write waits for another process's write before it is
// "unavailable", when AIDLEDGER_BUSY_TIMEOUT_MS does not say (default: the backend's, 5 s).
[[nodiscard]] Result<std::shared_ptr<Backend>> OpenBackendOf(
    const Globals& globals, bool create, std::optional<int> busy_timeout_ms = std::nullopt);

// The SQLite file that holds the ledger --db names when it is a plain file (`ledger.db`,
// `sqlite:PATH`); none for a file: URI, ":memory:", memory: or a URL that does not parse. For
// the commands that create a ledger and remove it again when they fail.
std::optional<std::string> LedgerFile(const Globals& globals);

// An open ledger for one command: reference data, codec, backend, store and service. A command
// opens its other stores (accounts, declarations) from backend(), so that they are the same
// ledger's even when it lives in memory.
class Session {
  public:
    [[nodiscard]] static Result<std::unique_ptr<Session>> Open(const Globals& globals, bool create);
    Ledger& ledger() { return *ledger_; }
    LedgerStore& store() { return *store_; }
    const Backend& backend() const { return *backend_; }
    const ReferenceData& ref() const { return ref_; }
    // A write's context, audited in the write's transaction as the --author with request id
    // "cli": one entry per version (add, update, retire)...
    WriteContext Context(std::string reason) const;
    // ... or one entry for the whole batch (init, load-demo, import, generate), whose detail
    // counts what it wrote.
    WriteContext BatchContext(std::string reason, std::string action, std::string target) const;
    // A restore's audit (LedgerStore::ImportHistory), written in the restore's transaction as
    // the --author with request id "cli", now.
    RestoreAudit Restore(std::string reason, std::string action, std::string target) const;

  private:
    Session() = default;
    ReferenceData ref_;
    std::unique_ptr<RecordCodec> codec_;
    std::shared_ptr<Backend> backend_;
    std::unique_ptr<LedgerStore> store_;
    std::unique_ptr<Ledger> ledger_;
    std::string author_;
};

// The view the read-only figure commands (figures, briefing, claims, needs) compute from: at
// ledger time `at`, the full records (LedgerView of Ledger::View); now (no `at`), the records'
// figure projections (LedgerStore::ScanFigureRecords), which give the same answers without
// decoding every stored body.
[[nodiscard]] Result<LedgerView> FigureView(Session& session, std::optional<LedgerTime> at);

// Hands `view` to the end of the process, which reclaims its memory without freeing a million
// records one by one (a measurable part of a cold briefing at 1M records): for a command that
// has answered and is about to return. The view stays reachable, so leak checkers are quiet.
void KeepUntilExit(LedgerView view);

// The ledger time "now": the clock, or AIDLEDGER_NOW when set (reproducible tests).
LedgerTime Now();

// Reads a whole file ("-" = standard input), refusing anything over `limit` bytes.
[[nodiscard]] Result<std::string> ReadInput(const std::string& path, std::size_t limit);

// Prints an error as one line per problem on stderr.
void PrintError(const Error& error);

// Families of subcommands, each in its own file. A subcommand's callback stores its outcome in
// `result`; main maps it to an exit code.
void RegisterFormatCommands(CLI::App& app, Globals& globals,
                            Result<void>& result);  // import, export
void RegisterServerCommands(CLI::App& app, Globals& globals,
                            Result<void>& result);  // serve, user, token
void RegisterProcurementCommands(CLI::App& app, Globals& globals,
                                 Result<void>& result);  // needs, recommend
void RegisterCustomsCommands(CLI::App& app, Globals& globals,
                             Result<void>& result);  // import-declarations, clearance, exports
void RegisterReadCommand(CLI::App& app, Globals& globals, Result<void>& result);    // read
void RegisterReviewCommand(CLI::App& app, Globals& globals, Result<void>& result);  // review
void RegisterDuplicatesCommand(CLI::App& app, Globals& globals,
                               Result<void>& result);  // duplicates
void RegisterConfidenceCommand(CLI::App& app, Globals& globals,
                               Result<void>& result);  // confidence
// generate --scenario customs (customs_commands.cpp): the scenario's records, then its
// declarations imported as one synthetic batch, or written to `csv_path` when given.
[[nodiscard]] Result<void> GenerateCustoms(const Globals& g, std::int64_t declarations,
                                           std::uint64_t seed, const std::string& csv_path);

}  // namespace aidledger::cli

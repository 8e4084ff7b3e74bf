#include "aidledger/app/copy.h"

#include <limits>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "aidledger/core/accounts.h"
#include "aidledger/core/customs.h"

namespace aidledger::app {
namespace {

// How many audit entries are read at a time.
constexpr std::size_t kAuditPage = 10'000;

Error NotEmpty(const std::string& what) {
    return Error::Conflict(
        "--to", "the target already holds " + what + "; a ledger is copied only into an empty one");
}

// After part 1 has committed, an error says what the target holds.
Error Partly(Error error, const std::string& done) {
    error.message += " (the target holds " + done + " already: drop it and run the copy again)";
    return error;
}

}  // namespace

Result<CopySummary> CopyLedger(const CopyRequest& request) {
    auto tell = [&](const std::string& part) {
        if (request.progress) request.progress(part);
    };
    auto from_ledger = request.from->OpenLedger(*request.codec);
    if (!from_ledger) return from_ledger.take_error();
    auto to_ledger = request.to->OpenLedger(*request.codec);
    if (!to_ledger) return to_ledger.take_error();
    auto from_accounts = request.from->OpenAccounts();
    if (!from_accounts) return from_accounts.take_error();
    auto to_accounts = request.to->OpenAccounts();
    if (!to_accounts) return to_accounts.take_error();
    auto from_customs = request.from->OpenDeclarations();
    if (!from_customs) return from_customs.take_error();
    auto to_customs = request.to->OpenDeclarations();
    if (!to_customs) return to_customs.take_error();

    // The target is empty in every part before anything is written.
    auto target = (*to_ledger)->GetStats();
    if (!target) return target.take_error();
    if (target->versions > 0) {
        return NotEmpty(std::to_string(target->versions) + " record versions");
    }
    auto target_users = (*to_accounts)->ListUsers();
    if (!target_users) return target_users.take_error();
    if (!target_users->empty()) return NotEmpty(std::to_string(target_users->size()) + " users");
    auto target_audit = (*to_accounts)->ListAudit(0, 1);
    if (!target_audit) return target_audit.take_error();
    if (!target_audit->empty()) return NotEmpty("audit log entries");
    auto target_batches = (*to_customs)->Batches();
    if (!target_batches) return target_batches.take_error();
    if (!target_batches->empty()) return NotEmpty("customs declaration batches");

    CopySummary summary;
    tell("versions");
    auto versions = (*from_ledger)->VersionsSince(0, 0);
    if (!versions) return versions.take_error();
    if (auto restored = (*to_ledger)->ImportHistory(*versions, request.audit); !restored) {
        return restored.take_error();
    }
    summary.versions = static_cast<std::int64_t>(versions->size());
    versions->clear();
    versions->shrink_to_fit();
    auto stats = (*to_ledger)->GetStats();
    if (!stats) return stats.take_error();
    summary.records = stats->live_records;
    std::string done = std::to_string(summary.versions) + " record versions";

    tell("accounts");
    auto users = (*from_accounts)->ListUsers();
    if (!users) return Partly(users.take_error(), done);
    for (const User& user : *users) {
        if (auto added = (*to_accounts)->AddUser(user); !added) {
            return Partly(added.take_error(), done);
        }
    }
    summary.users = static_cast<std::int64_t>(users->size());
    auto tokens = (*from_accounts)->ListTokens(std::nullopt);
    if (!tokens) return Partly(tokens.take_error(), done);
    for (const Token& token : *tokens) {
        if (auto added = (*to_accounts)->AddToken(token); !added) {
            return Partly(added.take_error(), done);
        }
    }
    summary.tokens = static_cast<std::int64_t>(tokens->size());
    for (std::int64_t after = 0;;) {
        auto page = (*from_accounts)->ListAudit(after, kAuditPage);
        if (!page) return Partly(page.take_error(), done);
        if (page->empty()) break;
        for (const AuditEntry& entry : *page) {
            if (auto appended = (*to_accounts)->AppendAudit(entry); !appended) {
                return Partly(appended.take_error(), done);
            }
            after = entry.seq;
        }
        summary.audit_entries += static_cast<std::int64_t>(page->size());
    }
    done += ", the users, tokens and audit log";

    tell("declarations");
    auto batches = (*from_customs)->Batches();
    if (!batches) return Partly(batches.take_error(), done);
    // Rows come in batch and line order: one writer per batch, committed when the next
    // batch's first row arrives.
    std::optional<WriteAudit> batch_audit;
    if (request.audit) {
        batch_audit = request.audit->by;
        batch_audit->action = "declarations.copy";
    }
    std::unique_ptr<DeclarationWriter> writer;
    std::size_t next_batch = 0;
    std::optional<Error> failed;
    auto begin_next = [&]() -> bool {
        if (writer) {
            auto committed = writer->Commit();
            writer.reset();
            if (!committed) {
                failed = committed.take_error();
                return false;
            }
            ++summary.batches;
        }
        if (next_batch >= batches->size()) return true;
        auto begun = (*to_customs)->Begin((*batches)[next_batch++], batch_audit);
        if (!begun) {
            failed = begun.take_error();
            return false;
        }
        writer = std::move(*begun);
        return true;
    };
    if (!batches->empty() && !begin_next()) return Partly(std::move(*failed), done);
    auto scanned = (*from_customs)
                       ->ScanDeclarations(std::numeric_limits<std::int32_t>::min(),
                                          std::numeric_limits<std::int32_t>::max(),
                                          [&](const DeclarationRow& row) {
                                              if (failed) return;
                                              // Batches with no row (none today) are kept too.
                                              while (writer && next_batch <= batches->size() &&
                                                     (*batches)[next_batch - 1].id < row.batch) {
                                                  if (!begin_next()) return;
                                              }
                                              if (!writer) return;
                                              if (auto added = writer->Add(row); !added) {
                                                  failed = added.take_error();
                                                  return;
                                              }
                                              ++summary.declarations;
                                          });
    if (!scanned) return Partly(scanned.take_error(), done);
    if (failed) return Partly(std::move(*failed), done);
    while (writer) {
        if (!begin_next()) return Partly(std::move(*failed), done);
    }
    return summary;
}

}  // namespace aidledger::app

// `aidledger duplicates` (issue 15 item 4, docs/cli.md, docs/reading.md "Duplicates and
// corroboration of records"): the review queue of records that look like one event reported
// twice, with why, as text for people or JSON.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "aidledger/app/duplicates.h"
#include "aidledger/io/duplicates_json.h"
#include "aidledger/io/duplicates_report.h"
#include "app.h"

namespace aidledger::cli {
namespace {

struct DuplicatesOptions {
    std::string kind;
    std::string id;
    std::string at;
    std::size_t limit = app::kDuplicatesListed;
    std::string format = "text";
    bool json = false;
};

Result<void> DuplicatesCmd(const Globals& g, const DuplicatesOptions& o) {
    std::optional<Kind> kind;
    if (!o.kind.empty()) {
        kind = ParseEnum<Kind>(o.kind);
        if (!kind) {
            return Error::Invalid(
                "--kind", "unknown kind \"" + o.kind + "\": expected " + EnumChoices<Kind>());
        }
    }
    if (!o.id.empty() && !kind) {
        return Error::Invalid("--id", "names a record of a kind: give --kind too");
    }
    if (o.limit == 0 || o.limit > app::kMaxDuplicatesListed) {
        return Error::Invalid("--limit", "give 1 to " + std::to_string(app::kMaxDuplicatesListed));
    }
    std::optional<LedgerTime> at;
    if (!o.at.empty()) {
        auto t = ParseLedgerTime(o.at, "--at");
        if (!t) return t.take_error();
        at = *t;
    }
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    // The full records (citations, sizes): not the figure projections.
    auto view = (*s)->ledger().View(at);
    if (!view) return view.take_error();
    const bool json_out = o.json || o.format == "json";
    if (!o.id.empty()) {
        auto one = app::DuplicatesOfRecord(*view, *kind, o.id, o.limit);
        if (!one) return Error::NotFound(RefName(*kind, o.id), "no such live record");
        RecordRef ref{*kind, o.id};
        if (json_out) {
            std::cout << json::DuplicatesJson(*view, one->list.pairs, one->list.count, &ref,
                                              &one->corroboration)
                      << "\n";
        } else {
            std::cout << report::RenderDuplicates(*view, one->list.pairs, one->list.count, &ref,
                                                  &one->corroboration);
        }
        return Ok{};
    }
    app::DuplicatesList list = app::ListDuplicates(*view, kind, o.limit);
    if (json_out) {
        std::cout << json::DuplicatesJson(*view, list.pairs, list.count) << "\n";
    } else {
        std::cout << report::RenderDuplicates(*view, list.pairs, list.count);
    }
    return Ok{};
}

}  // namespace

void RegisterDuplicatesCommand(CLI::App& app, Globals& g, Result<void>& result) {
    auto o = std::make_shared<DuplicatesOptions>();
    auto* cmd = app.add_subcommand(
        "duplicates",
        "List records that look like one event reported twice (same kind, provider, recipient "
        "or host, overlapping dates), with why");
    cmd->add_option("--kind", o->kind, "Only records of this kind (team, donation, cash, ...)");
    cmd->add_option("--id", o->id,
                    "One record (with --kind): which sources support it and which contradict "
                    "it, and its likely duplicates");
    cmd->add_option("--at", o->at, "Ledger time (ISO 8601)");
    cmd->add_option("--limit", o->limit,
                    "List at most this many pairs (default 100, at most 1000)");
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_flag("--json", o->json, "The same as --format json");
    cmd->callback([&g, &result, o] { result = DuplicatesCmd(g, *o); });
}

}  // namespace aidledger::cli

// `aidledger read FILE` (issue 15, docs/cli.md, docs/reading.md): a news report read into a
// source and draft claims for review; `--accept` writes the source and the drafts chosen
// through the ledger's validated write path.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "aidledger/app/read.h"
#include "aidledger/io/read.h"
#include "aidledger/io/refdata.h"
#include "app.h"

namespace aidledger::cli {
namespace {

struct ReadCommandOptions {
    std::string file;
    std::string format = "text";
    std::string id;
    std::string published;
    std::string outlet;
    std::string title;
    std::string url;
    std::string accept;
    std::string fill;
    std::string as_new;
    std::string edits;  // a file of edited drafts (JSON)
    bool twins = false;
    std::string reason;
};

// The report's bytes, refusing a folder, a file that cannot be opened and one larger than
// read::kMaxReportBytes, each error naming the file.
Result<std::string> ReadReportFile(const std::string& path) {
    std::string data;
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            return Error::Invalid(path, "is a folder, not a report");
        }
        file.open(path, std::ios::binary);
        if (!file) return Error::NotFound(path, "cannot open file");
        in = &file;
    }
    char buf[65536];
    while (in->read(buf, sizeof buf) || in->gcount() > 0) {
        data.append(buf, static_cast<std::size_t>(in->gcount()));
        if (data.size() > read::kMaxReportBytes) {
            return Error::Invalid(path, "larger than " + std::to_string(read::kMaxReportBytes) +
                                            " bytes: not a news report");
        }
    }
    if (in->bad()) return Error::Invalid(path, "cannot be read");
    return data;
}

Result<read::ReadOptions> OptionsOf(const ReadCommandOptions& o) {
    app::ReadAsked asked;
    asked.name = o.file == "-" ? "stdin" : std::filesystem::path(o.file).filename().string();
    asked.id = o.id;
    asked.published = o.published;
    asked.outlet = o.outlet;
    asked.title = o.title;
    asked.url = o.url;
    return app::ReadOptionsOf(asked, app::Spelling::kFlag);
}

Result<void> Accept(const ReadCommandOptions& o, Session& session, read::Reading reading,
                    const std::vector<read::TwinProposal>& proposals,
                    const std::vector<app::DraftMatch>& matches) {
    app::AcceptAsked asked{o.accept, o.fill, o.as_new, ""};
    if (!o.edits.empty()) {
        // The edits file is bounded like a report: a reviewer's edits of some drafts.
        auto text = ReadReportFile(o.edits);
        if (!text) {
            Error e = text.take_error();
            e.field = "--edits " + o.edits;
            return e;
        }
        asked.edits = std::move(*text);
    }
    auto batch = app::AcceptedBatch(reading, proposals, asked, app::Spelling::kFlag, matches);
    if (!batch) return batch.take_error();
    std::string reason = o.reason.empty()
                             ? "read from " + (o.file == "-" ? std::string("stdin") : o.file)
                             : o.reason;
    auto w = app::WriteAccepted(session.ledger(), std::move(*batch), session.Context(reason));
    if (!w) return w.take_error();
    for (const auto& v : *w) {
        std::cout << (v.version == 1 ? "created " : "cited in ") << EnumName(v.kind) << "/" << v.id
                  << " version " << v.version << "\n";
    }
    return Ok{};
}

Result<void> ReadCmd(const Globals& g, const ReadCommandOptions& o) {
    auto options = OptionsOf(o);
    if (!options) return options.take_error();
    auto bytes = ReadReportFile(o.file);
    if (!bytes) return bytes.take_error();
    auto ref = refdata::Load();
    if (!ref) return ref.take_error();
    if (!o.reason.empty() && o.accept.empty()) {
        return Error::Invalid("--reason", "is recorded with writes: give --accept too");
    }
    if (!o.fill.empty() && (o.accept.empty() || !o.twins)) {
        return Error::Invalid("--fill", "takes proposed values: give --twins and --accept too");
    }
    if (!o.edits.empty() && o.accept.empty()) {
        return Error::Invalid("--edits", "edits accepted drafts: give --accept too");
    }
    if (!o.as_new.empty() && o.accept.empty()) {
        return Error::Invalid("--as-new", "names accepted draft records: give --accept too");
    }
    // The ledger, when there is one: its parties are named in draft records, and draft records
    // are compared with its records (a record reported again is cited, not written twice).
    // Twins and writes need it; a reading for review alone does not.
    std::unique_ptr<Session> session;
    std::optional<LedgerView> view;
    {
        auto s = Session::Open(g, false);
        if (s) {
            session = std::move(*s);
            auto v = session->ledger().View();
            if (!v) return v.take_error();
            view = std::move(*v);
            options->parties = app::PartyNames(*view);
        } else if (o.twins || !o.accept.empty() || s.error().code != ErrorCode::kNotFound) {
            return s.take_error();
        }
    }
    auto reading = read::ReadReport(*bytes, *options, *ref);
    if (!reading) {
        Error e = reading.take_error();
        e.field = o.file;  // the path as the caller gave it
        return e;
    }
    std::vector<read::TwinProposal> proposals;
    std::vector<app::DraftMatch> matches;
    if (view) {
        // The ledger's live claims: the twins a reading's stripped numbers may be proposed from.
        if (o.twins) proposals = app::ProposeTwins(*reading, *view);
        if (reading->dated) matches = app::MatchDrafts(*reading, *view);
    }
    if (!o.accept.empty()) return Accept(o, *session, std::move(*reading), proposals, matches);
    if (o.format == "json") {
        std::cout << read::RenderReadingJson(*reading, proposals, matches) << "\n";
    } else {
        std::cout << read::RenderReadingText(*reading, *ref, proposals, matches);
    }
    return Ok{};
}

}  // namespace

void RegisterReadCommand(CLI::App& app, Globals& g, Result<void>& result) {
    auto o = std::make_shared<ReadCommandOptions>();
    auto* read = app.add_subcommand(
        "read", "Read a news report (text or HTML) into a source and draft claims for review");
    read->add_option("FILE", o->file, "The report (- = stdin)")->required();
    read->add_option("--format", o->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}));
    read->add_option("--id", o->id, "The source's id (default src- and its SHA-256's start)");
    read->add_option("--published", o->published,
                     "Publication date D or D1/D2, when the report does not say or says wrong");
    read->add_option("--outlet", o->outlet, "The outlet, when the report does not say");
    read->add_option("--title", o->title, "The title, when the report does not say");
    read->add_option("--url", o->url, "Where the report was published");
    read->add_option("--accept", o->accept,
                     "Write the source and these drafts to the ledger: all, or claim numbers "
                     "and draft records such as 1,3,t1,d1 (t team, d donation, m cash, p "
                     "commitment)");
    read->add_option("--reason", o->reason, "Reason recorded with --accept's writes");
    read->add_flag("--twins", o->twins,
                   "Propose values for numbers missing from the text from the ledger's claims of "
                   "the same figure (another source, same statement date)");
    read->add_option("--as-new", o->as_new,
                     "With --accept: write these draft records (all or t1,d2) as new records even "
                     "though they look like a record already in the ledger (by default such a "
                     "draft is added as a citation of that record)");
    read->add_option("--edits", o->edits,
                     "With --accept: a JSON file of edited drafts, {\"3\": CLAIM, \"d1\": "
                     "DONATION}, each written instead of the draft as read (docs/reading.md "
                     "\"Editing drafts\")");
    read->add_option("--fill", o->fill,
                     "With --twins and --accept: take the proposed values of these drafts (all "
                     "or numbers 1,3); the others stay unknown");
    read->callback([&g, &result, o] { result = ReadCmd(g, *o); });
}

}  // namespace aidledger::cli

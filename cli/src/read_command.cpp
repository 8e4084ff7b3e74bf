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
    std::string edits;   // a file of edited drafts (JSON)
    std::string source;  // a stored source read again (instead of FILE)
    bool keep = false;   // write the source alone, for review
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

Result<void> Accept(const ReadCommandOptions& o, Session& session, const LedgerView& view,
                    read::Reading reading, const std::vector<read::TwinProposal>& proposals,
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
    auto stored = app::StoredSource(reading, view, app::Spelling::kFlag);
    if (!stored) return stored.take_error();
    auto batch =
        app::AcceptedBatch(reading, proposals, asked, app::Spelling::kFlag, matches, *stored);
    if (!batch) return batch.take_error();
    if (batch->empty()) {
        return Error::Invalid("--accept", "nothing to write: the source is in the ledger already");
    }
    std::string reason = !o.reason.empty() ? o.reason
                         : !o.source.empty()
                             ? "read again from source " + o.source
                             : "read from " + (o.file == "-" ? std::string("stdin") : o.file);
    auto w = app::WriteAccepted(session.ledger(), std::move(*batch), session.Context(reason));
    if (!w) return w.take_error();
    for (const auto& v : *w) {
        std::cout << (v.version == 1 ? "created " : "cited in ") << EnumName(v.kind) << "/" << v.id
                  << " version " << v.version << "\n";
    }
    return Ok{};
}

// Keeps the reading for review: its source alone (docs/reading.md "Kept for review").
Result<void> Keep(const ReadCommandOptions& o, Session& session, const read::Reading& reading) {
    auto batch = app::KeptBatch(reading, app::Spelling::kFlag);
    if (!batch) return batch.take_error();
    std::string reason = o.reason.empty() ? "kept for review" : o.reason;
    auto w = app::WriteAccepted(session.ledger(), std::move(*batch), session.Context(reason));
    if (!w) return w.take_error();
    std::cout << "kept source/" << reading.source.id
              << " version 1 for review: " << reading.claims.size() + reading.records.size()
              << " drafts (aidledger review lists it)\n";
    return Ok{};
}

Result<void> ReadCmd(const Globals& g, const ReadCommandOptions& o) {
    if (o.file.empty() == o.source.empty()) {
        return Error::Invalid(o.file.empty() ? "FILE" : "--source",
                              "give a report FILE, or --source ID to read a stored one again");
    }
    if (!o.source.empty() && (!o.id.empty() || !o.published.empty() || !o.outlet.empty() ||
                              !o.title.empty() || !o.url.empty())) {
        return Error::Invalid("--source",
                              "a stored source is read again as it was stored: give no --id, "
                              "--published, --outlet, --title or --url");
    }
    if (o.keep && (!o.accept.empty() || !o.source.empty())) {
        return Error::Invalid("--keep",
                              "keeps a new report for review: give no --accept or --source");
    }
    auto options = OptionsOf(o);
    if (!options) return options.take_error();
    std::string bytes;
    if (o.file.empty()) {
        options->name = o.source;
    } else {
        auto file = ReadReportFile(o.file);
        if (!file) return file.take_error();
        bytes = std::move(*file);
    }
    auto ref = refdata::Load();
    if (!ref) return ref.take_error();
    if (!o.reason.empty() && o.accept.empty() && !o.keep) {
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
        } else if (o.twins || !o.accept.empty() || o.keep || !o.source.empty() ||
                   s.error().code != ErrorCode::kNotFound) {
            return s.take_error();
        }
    }
    if (!o.source.empty()) {
        const Source* stored = view->FindSource(o.source);
        if (stored == nullptr) return Error::NotFound("--source " + o.source, "no such source");
        auto parties = std::move(options->parties);
        *options = app::StoredReadOptions(*stored);
        options->parties = std::move(parties);
        bytes = stored->text;
    }
    auto reading = read::ReadReport(bytes, *options, *ref);
    if (!reading) {
        Error e = reading.take_error();
        e.field = o.file.empty() ? "--source " + o.source : o.file;  // as the caller gave it
        return e;
    }
    if (o.keep) return Keep(o, *session, *reading);
    std::vector<read::TwinProposal> proposals;
    std::vector<app::DraftMatch> matches;
    if (view) {
        // The ledger's live claims: the twins a reading's stripped numbers may be proposed from.
        if (o.twins) proposals = app::ProposeTwins(*reading, *view);
        if (reading->dated) matches = app::MatchDrafts(*reading, *view);
    }
    if (!o.accept.empty()) {
        return Accept(o, *session, *view, std::move(*reading), proposals, matches);
    }
    if (o.format == "json") {
        std::cout << read::RenderReadingJson(*reading, proposals, matches) << "\n";
    } else {
        std::cout << read::RenderReadingText(*reading, *ref, proposals, matches);
    }
    return Ok{};
}

struct ReviewOptions {
    std::string close;
    std::string reason;
    std::string format = "text";
};

Result<void> ReviewCmd(const Globals& g, const ReviewOptions& o) {
    if (!o.reason.empty() && o.close.empty()) {
        return Error::Invalid("--reason", "is recorded with writes: give --close too");
    }
    auto session = Session::Open(g, false);
    if (!session) return session.take_error();
    auto view = (*session)->ledger().View();
    if (!view) return view.take_error();
    if (!o.close.empty()) {
        auto m = app::CloseReview((*session)->store(), o.close, "--close");
        if (!m) return m.take_error();
        std::string reason = o.reason.empty() ? "review closed" : o.reason;
        auto w = (*session)->ledger().Write({std::move(*m)}, (*session)->Context(reason));
        if (!w) return w.take_error();
        std::cout << "closed the review of source/" << o.close << " (version " << w->front().version
                  << ")\n";
        return Ok{};
    }
    auto ref = refdata::Load();
    if (!ref) return ref.take_error();
    auto queue = app::ReviewQueue(*view, *ref);
    std::cout << (o.format == "json" ? read::RenderReviewJson(queue) + "\n"
                                     : read::RenderReviewText(queue));
    return Ok{};
}

}  // namespace

void RegisterReviewCommand(CLI::App& app, Globals& g, Result<void>& result) {
    auto o = std::make_shared<ReviewOptions>();
    auto* review = app.add_subcommand(
        "review", "The reports kept for review whose drafts are not all written; close one");
    review->add_option("--close", o->close,
                       "Close the review of this source: its drafts not written are rejected");
    review->add_option("--reason", o->reason, "Reason recorded with --close");
    review->add_option("--format", o->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}));
    review->callback([&g, &result, o] { result = ReviewCmd(g, *o); });
}

void RegisterReadCommand(CLI::App& app, Globals& g, Result<void>& result) {
    auto o = std::make_shared<ReadCommandOptions>();
    auto* read = app.add_subcommand(
        "read", "Read a news report (text or HTML) into a source and draft claims for review");
    read->add_option("FILE", o->file, "The report (- = stdin); or --source");
    read->add_option("--source", o->source,
                     "Read a source the ledger holds again (a report kept for review), instead "
                     "of FILE: the same drafts, with the same ids");
    read->add_flag("--keep", o->keep,
                   "Write the report's source alone, for review later (aidledger review lists "
                   "it; read --source ID accepts its drafts)");
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

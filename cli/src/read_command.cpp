// `aidledger read FILE` (issue 15, docs/cli.md, docs/reading.md): a news report read into a
// source and draft claims for review; `--accept` writes the source and the drafts chosen
// through the ledger's validated write path.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

// The drafts a list names: "all", or claim numbers and team records, "1,3,t1" (numbered from
// 1, as the text output numbers them).
struct Chosen {
    std::vector<std::size_t> claims;
    std::vector<std::size_t> teams;
};

Result<Chosen> AcceptedDrafts(const std::string& option, const std::string& text,
                              std::size_t claims, std::size_t teams) {
    Chosen out;
    if (text == "all") {
        for (std::size_t i = 0; i < claims; ++i) out.claims.push_back(i);
        for (std::size_t i = 0; i < teams; ++i) out.teams.push_back(i);
        return out;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        std::string part =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        bool team = !part.empty() && part[0] == 't';
        std::string digits = team ? part.substr(1) : part;
        if (digits.empty() || digits.size() > 6 ||
            digits.find_first_not_of("0123456789") != std::string::npos) {
            return Error::Invalid(option, "'" + part +
                                              "' is not a draft number: give all or numbers "
                                              "such as 1,3 (t1 for a team record)");
        }
        std::size_t n = std::stoul(digits);
        std::size_t count = team ? teams : claims;
        if (n == 0 || n > count) {
            return Error::Invalid(option, "no draft " + part + ": the reading has " +
                                              std::to_string(count) +
                                              (team ? " team records" : " draft claims"));
        }
        auto& list = team ? out.teams : out.claims;
        if (std::find(list.begin(), list.end(), n - 1) == list.end()) list.push_back(n - 1);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

Result<read::ReadOptions> OptionsOf(const ReadCommandOptions& o) {
    read::ReadOptions ro;
    ro.name = o.file == "-" ? "stdin" : std::filesystem::path(o.file).filename().string();
    ro.source_id = o.id;
    // Room for the drafts' ids, "<source id>-c<N>".
    constexpr std::size_t kClaimSuffix = 6;
    if (!o.id.empty() && (!IsValidId(o.id) || o.id.size() + kClaimSuffix > kMaxIdLength)) {
        return Error::Invalid("--id", "not an id: 1-" +
                                          std::to_string(kMaxIdLength - kClaimSuffix) +
                                          " characters of a-z, 0-9, '.', '_', '-'");
    }
    if (!o.published.empty()) {
        auto p = ParseInterval(o.published, "--published");
        if (!p) return p.take_error();
        ro.published = *p;
    }
    if (!o.outlet.empty()) ro.outlet = o.outlet;
    if (!o.title.empty()) ro.title = o.title;
    if (!o.url.empty()) ro.url = o.url;
    return ro;
}

// The ledger's live claims: the twins a reading's stripped numbers may be proposed from.
Result<std::vector<Claim>> LedgerClaims(Session& session) {
    auto view = session.ledger().View();
    if (!view) return view.take_error();
    std::vector<Claim> out;
    for (const Claim& c : view->All<Claim>()) out.push_back(c);
    return out;
}

// The drafts `--accept` names, with the proposals `--fill` names taken.
Result<std::vector<Record>> AcceptedRecords(const ReadCommandOptions& o, read::Reading& reading,
                                            const std::vector<read::TwinProposal>& proposals) {
    auto chosen = AcceptedDrafts("--accept", o.accept, reading.claims.size(), reading.teams.size());
    if (!chosen) return chosen.take_error();
    std::vector<std::size_t> fill;
    if (!o.fill.empty()) {
        auto f = AcceptedDrafts("--fill", o.fill, reading.claims.size(), 0);
        if (!f) return f.take_error();
        fill = std::move(f->claims);
    }
    for (std::size_t i : fill) {
        if (std::find(chosen->claims.begin(), chosen->claims.end(), i) == chosen->claims.end()) {
            return Error::Invalid("--fill", "draft " + std::to_string(i + 1) +
                                                " is not accepted: name it in --accept too");
        }
    }
    std::vector<Record> out;
    for (std::size_t i : chosen->claims) {
        Claim c = std::move(reading.claims[i].claim);
        bool wanted = std::find(fill.begin(), fill.end(), i) != fill.end();
        const read::TwinProposal* proposal = nullptr;
        for (const auto& p : proposals) {
            if (p.draft == i) proposal = &p;
        }
        if (wanted && proposal != nullptr) c = read::WithProposal(c, *proposal);
        if (wanted && proposal == nullptr && o.fill != "all") {
            return Error::Invalid("--fill", "draft " + std::to_string(i + 1) +
                                                " has no proposed value (see --twins)");
        }
        out.emplace_back(std::move(c));
    }
    for (std::size_t i : chosen->teams) out.emplace_back(std::move(reading.teams[i]));
    return out;
}

Result<void> Accept(const ReadCommandOptions& o, Session& session, read::Reading reading,
                    const std::vector<read::TwinProposal>& proposals) {
    if (!reading.dated) {
        return Error::Invalid("--accept",
                              "the report's publication date is unknown: give --published");
    }
    auto records = AcceptedRecords(o, reading, proposals);
    if (!records) return records.take_error();
    std::vector<Mutation> batch;
    std::string source_id = reading.source.id;
    batch.push_back(Mutation{
        Mutation::Op::kCreate, Kind::kSource, source_id, Record{std::move(reading.source)}, {}});
    for (Record& r : *records) {
        Kind kind = KindOf(r);
        std::string id = IdOf(r);
        batch.push_back(Mutation{Mutation::Op::kCreate, kind, id, std::move(r), {}});
    }
    std::string reason = o.reason.empty()
                             ? "read from " + (o.file == "-" ? std::string("stdin") : o.file)
                             : o.reason;
    auto w = session.ledger().Write(std::move(batch), session.Context(reason));
    if (!w) return w.take_error();
    for (const auto& v : *w) {
        std::cout << "created " << EnumName(v.kind) << "/" << v.id << " version " << v.version
                  << "\n";
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
    auto reading = read::ReadReport(*bytes, *options, *ref);
    if (!reading) {
        Error e = reading.take_error();
        e.field = o.file;  // the path as the caller gave it
        return e;
    }
    if (!o.reason.empty() && o.accept.empty()) {
        return Error::Invalid("--reason", "is recorded with writes: give --accept too");
    }
    if (!o.fill.empty() && (o.accept.empty() || !o.twins)) {
        return Error::Invalid("--fill", "takes proposed values: give --twins and --accept too");
    }
    std::unique_ptr<Session> session;
    std::vector<read::TwinProposal> proposals;
    if (o.twins || !o.accept.empty()) {
        auto s = Session::Open(g, false);
        if (!s) return s.take_error();
        session = std::move(*s);
    }
    if (o.twins) {
        auto known = LedgerClaims(*session);
        if (!known) return known.take_error();
        proposals = read::ProposeFromTwins(*reading, *known);
    }
    if (!o.accept.empty()) return Accept(o, *session, std::move(*reading), proposals);
    if (o.format == "json") {
        std::cout << read::RenderReadingJson(*reading, proposals) << "\n";
    } else {
        std::cout << read::RenderReadingText(*reading, *ref, proposals);
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
                     "and team records such as 1,3,t1");
    read->add_option("--reason", o->reason, "Reason recorded with --accept's writes");
    read->add_flag("--twins", o->twins,
                   "Propose values for numbers missing from the text from the ledger's claims of "
                   "the same figure (another source, same statement date)");
    read->add_option("--fill", o->fill,
                     "With --twins and --accept: take the proposed values of these drafts (all "
                     "or numbers 1,3); the others stay unknown");
    read->callback([&g, &result, o] { result = ReadCmd(g, *o); });
}

}  // namespace aidledger::cli

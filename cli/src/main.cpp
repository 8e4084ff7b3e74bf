// aidledger: the command-line front of the ledger. Each subcommand opens the ledger, does its
// work in at most one transaction, and maps any error to one exit code (app.h).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <iostream>
#include <utility>

#include "aidledger/app/figure_query.h"
#include "aidledger/app/record_query.h"
#include "aidledger/core/chain.h"
#include "aidledger/core/integrity.h"
#include "aidledger/core/money.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/json_report.h"
#include "aidledger/io/refdata.h"
#include "aidledger/synth/generate.h"
#include "app.h"

namespace aidledger::cli {
namespace {

constexpr std::size_t kMaxJsonInput = 64U << 20;  // 64 MiB for add/update
// generate --scale: at most this many records (one transaction).
constexpr std::int64_t kMaxScale = 100'000'000;
// check: problems listed one by one; the count says how many more there are.
constexpr std::size_t kMaxListedProblems = 100;
constexpr std::size_t kCheckPage = 10000;  // versions read at a time by `check`

// Options of figures and briefing.
struct FigureOptions {
    std::string as_of;
    std::string at;
    std::string provider_country;
    std::vector<std::string> provider_kinds;
    std::string from;
    std::string to;
    std::vector<std::string> metrics;
    std::string format = "text";
    std::string since;      // briefing: an earlier as-of date
    std::string since_at;   // briefing: an earlier ledger time
    std::string synthetic;  // include, exclude, only, auto (core/synthetic.h)
    std::string currency;   // a reporting currency (core/exchange.h)
};

constexpr const char* kSyntheticHelp =
    "Synthetic records (made by generate): include, exclude or only; default auto: left out "
    "when the ledger holds real records";

void AddFigureOptions(CLI::App* cmd, FigureOptions& o, const std::vector<std::string>& formats) {
    cmd->add_option("--as-of", o.as_of, "Event date D (YYYY-MM-DD)")->required();
    cmd->add_option("--at", o.at, "Ledger time T: what the ledger said then (ISO 8601)");
    cmd->add_option("--provider-country", o.provider_country, "Provider country, ISO 3166-1");
    cmd->add_option("--provider-kind", o.provider_kinds, "Provider kind (repeatable)");
    cmd->add_option("--from", o.from, "Export period start (with --to)");
    cmd->add_option("--to", o.to, "Export period end (with --from)");
    cmd->add_option("--format", o.format, "Output format")->check(CLI::IsMember(formats));
    cmd->add_option("--synthetic", o.synthetic, kSyntheticHelp);
    cmd->add_option("--currency", o.currency,
                    "Money figures in this ISO 4217 currency, at the ledger's exchange rates "
                    "(rate records); a missing rate makes a figure unknown");
}

Result<std::optional<LedgerTime>> ParseAt(const std::string& at) {
    if (at.empty()) return std::optional<LedgerTime>();
    auto t = ParseLedgerTime(at, "--at");
    if (!t) return t.take_error();
    return std::optional<LedgerTime>(*t);
}

// The options as the named parameters of app/figure_query.h; options left empty are not given.
app::Params ParamsOf(const FigureOptions& o) {
    app::Params p;
    auto put = [&](const char* name, const std::string& value) {
        if (!value.empty()) p[name].push_back(value);
    };
    put("as_of", o.as_of);
    put("at", o.at);
    put("provider_country", o.provider_country);
    put("from", o.from);
    put("to", o.to);
    put("since", o.since);
    put("since_at", o.since_at);
    put("synthetic", o.synthetic);
    put("currency", o.currency);
    if (!o.provider_kinds.empty()) p["provider_kind"] = o.provider_kinds;
    if (!o.metrics.empty()) p["metric"] = o.metrics;
    return p;
}

Result<Kind> ParseKind(const std::string& text) {
    auto k = ParseEnum<Kind>(text);
    if (!k)
        return Error::Invalid("KIND",
                              "unknown kind \"" + text + "\": expected " + EnumChoices<Kind>());
    return *k;
}

// Money as people read it: major units with the currency ("USD 20,000,000.00"); "unknown" when
// not reported (never 0).
std::string MoneyText(const std::optional<Money>& money, const ReferenceData& ref) {
    if (!money) return "unknown";
    return FormatMoneyForPeople(money->minor, money->currency, ref.Exponent(money->currency));
}

std::string Summary(const Record& record, const ReferenceData& ref) {
    return std::visit(
        [&ref](const auto& r) -> std::string {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, Party>) {
                return r.name + " (" + std::string(EnumName(r.kind)) + ")";
            } else if constexpr (std::is_same_v<T, CatalogueItem>) {
                return r.name + " [HS " + r.hs_code + ", " + r.unit + "]";
            } else if constexpr (std::is_same_v<T, Donation>) {
                return r.provider + " -> " + r.recipient + ", " +
                       std::string(EnumName(r.history.back().status)) + " " +
                       FormatInterval(r.history.back().on);
            } else if constexpr (std::is_same_v<T, CashContribution>) {
                std::string out = r.provider + " -> " + r.recipient + ", pledged " +
                                  MoneyText(r.pledged, ref) + " on " + FormatInterval(r.pledged_on);
                if (r.paid) out += ", paid " + MoneyText(r.paid, ref);
                return out;
            } else if constexpr (std::is_same_v<T, TeamDeployment>) {
                return r.provider + " -> " + r.host + ", sent " + FormatInterval(r.sent);
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                return r.topic + ", " + FormatInterval(r.held);
            } else if constexpr (std::is_same_v<T, ProcurementRequest>) {
                return r.requester + ", " + std::string(EnumName(r.request_kind)) + ", " +
                       FormatInterval(r.asked_on);
            } else if constexpr (std::is_same_v<T, Manufacturer>) {
                return r.party + ", listed " + FormatInterval(r.listed_on);
            } else if constexpr (std::is_same_v<T, ProcurementContract>) {
                return r.buyer + " <- " + r.supplier + ", " +
                       std::string(EnumName(r.history.back().status));
            } else if constexpr (std::is_same_v<T, ExportDeclaration>) {
                return "HS " + r.hs_code + " -> " + r.destination + ", " +
                       FormatInterval(r.declared_on);
            } else if constexpr (std::is_same_v<T, ExportStatistic>) {
                return r.origin + " " + FormatPeriod(r.period) + " " +
                       (r.item ? *r.item : std::string("all products"));
            } else if constexpr (std::is_same_v<T, Commitment>) {
                return r.by + ", " + std::string(EnumName(r.form)) + " " +
                       FormatInterval(r.made_on);
            } else if constexpr (std::is_same_v<T, Source>) {
                return (r.title ? *r.title : std::string("untitled")) + ", " +
                       FormatInterval(r.published);
            } else if constexpr (std::is_same_v<T, ReferencePrice>) {
                return r.list + ": " + r.item + " " + MoneyText(r.price, ref) + " per " +
                       (r.unit ? *r.unit : std::string("unit")) + ", " + FormatPeriod(r.period);
            } else if constexpr (std::is_same_v<T, ExchangeRate>) {
                return r.from + " " + std::to_string(r.per.value_or(1)) + " = " + r.to + " " +
                       r.rate + ", " + FormatPeriod(r.period);
            } else if constexpr (std::is_same_v<T, ClearanceRule>) {
                std::string out = r.rule_set + ", from " + FormatDate(r.effective_from);
                if (r.effective_until) out += " to " + FormatDate(*r.effective_until);
                return out;
            } else {
                std::string value = "?";
                if (r.value) {
                    auto currency = r.keys.find("currency");
                    value = currency == r.keys.end()
                                ? GroupThousands(*r.value)
                                : FormatMoneyForPeople(*r.value, currency->second,
                                                       ref.Exponent(currency->second));
                }
                return r.metric + " = " + value + ", stated " + FormatDate(r.stated_on);
            }
        },
        record);
}

// ---------------------------------------------------------------- commands

Result<void> Init(const Globals& g) {
    std::optional<std::string> file = LedgerFile(g);
    bool existed = file && std::filesystem::exists(*file);
    auto s = Session::Open(g, true);
    if (!s) return s.take_error();
    std::vector<Record> countries;
    for (auto& p : refdata::CountryParties((*s)->ref())) countries.emplace_back(std::move(p));
    auto plan = (*s)->ledger().PlanUpserts(std::move(countries));
    if (!plan) return plan.take_error();
    if (!plan->mutations.empty()) {
        auto w = (*s)->ledger().Write(
            std::move(plan->mutations),
            (*s)->BatchContext("init: ISO 3166-1 countries", "init", "countries"));
        if (!w) return w.take_error();
    }
    std::cout << (existed ? "ledger already initialised: " : "initialised ledger: ") << g.db << " ("
              << plan->created << " countries added)\n";
    return Ok{};
}

Result<void> LoadDemo(const Globals& g) {
    namespace fs = std::filesystem;
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    fs::path dir = fs::path(g.data_dir) / "demo";
    if (!fs::is_directory(dir)) return Error::NotFound(dir.string(), "no demo dataset here");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Record> records;
    std::vector<Problem> problems;
    for (const auto& f : files) {
        auto text = ReadInput(f.string(), kMaxJsonInput);
        if (!text) return text.take_error();
        auto parsed = json::ParseRecords(std::nullopt, *text, f.filename().string());
        if (!parsed) {
            const Error& e = parsed.error();
            if (e.problems.empty()) {
                problems.push_back({e.field, e.message});
            } else {
                problems.insert(problems.end(), e.problems.begin(), e.problems.end());
            }
            continue;
        }
        for (auto& r : *parsed) records.push_back(std::move(r));
    }
    if (!problems.empty()) return Error::FromProblems(std::move(problems));
    auto plan = (*s)->ledger().PlanUpserts(std::move(records));
    if (!plan) return plan.take_error();
    if (!plan->mutations.empty()) {
        auto w = (*s)->ledger().Write(std::move(plan->mutations),
                                      (*s)->BatchContext("load-demo: dataset built from the seeds",
                                                         "load-demo", "demo dataset"));
        if (!w) return w.take_error();
    }
    std::cout << "demo dataset: " << plan->created << " created, " << plan->updated << " updated, "
              << plan->unchanged << " unchanged (" << files.size() << " files from " << dir.string()
              << ")\n";
    return Ok{};
}

Result<void> Add(const Globals& g, const std::string& kind_text, const std::string& file,
                 const std::string& reason) {
    auto kind = ParseKind(kind_text);
    if (!kind) return kind.take_error();
    auto text = ReadInput(file, kMaxJsonInput);
    if (!text) return text.take_error();
    auto records = json::ParseRecords(*kind, *text, file == "-" ? "stdin" : file);
    if (!records) return records.take_error();
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    std::vector<Mutation> batch;
    for (auto& r : *records) {
        batch.push_back(Mutation{Mutation::Op::kCreate, *kind, IdOf(r), std::move(r), {}});
    }
    for (const auto& m : batch) {
        if (m.id.empty()) return Error::Invalid("id", "required");
    }
    auto w = (*s)->ledger().Write(std::move(batch), (*s)->Context(reason));
    if (!w) return w.take_error();
    for (const auto& v : *w) {
        std::cout << "created " << EnumName(v.kind) << "/" << v.id << " version " << v.version
                  << "\n";
    }
    return Ok{};
}

Result<void> Update(const Globals& g, const std::string& kind_text, const std::string& id,
                    const std::string& file, const std::string& reason, bool merge,
                    std::optional<std::int64_t> expect) {
    auto kind = ParseKind(kind_text);
    if (!kind) return kind.take_error();
    auto text = ReadInput(file, kMaxJsonInput);
    if (!text) return text.take_error();
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    std::string origin = file == "-" ? "stdin" : file;
    Result<Record> record = Error::NotFound(kind_text + "/" + id, "does not exist");
    if (merge) {
        auto current = (*s)->store().Get(*kind, id, std::nullopt);
        if (!current) return current.take_error();
        if (!current->has_value()) return Error::NotFound(kind_text + "/" + id, "does not exist");
        if ((*current)->meta.retired) return Error::NotFound(kind_text + "/" + id, "is retired");
        // The patch applies to the version it was read from: a concurrent update conflicts.
        if (!expect) expect = (*current)->meta.version;
        record = json::MergePatch((*current)->record, *text, origin);
    } else {
        record = json::ParseRecord(*kind, *text, origin);
    }
    if (!record) return record.take_error();
    if (IdOf(*record).empty()) BaseOf(*record).id = id;
    if (IdOf(*record) != id) {
        return Error::Invalid(kind_text + "/" + id + ": id",
                              "the JSON gives id \"" + IdOf(*record) + "\"; ids cannot change");
    }
    auto w = (*s)->ledger().Write({Mutation{Mutation::Op::kUpdate, *kind, id, *record, expect}},
                                  (*s)->Context(reason));
    if (!w) return w.take_error();
    std::cout << "updated " << kind_text << "/" << id << " to version " << w->front().version
              << "\n";
    return Ok{};
}

Result<void> Retire(const Globals& g, const std::string& kind_text, const std::string& id,
                    const std::string& reason, std::optional<std::int64_t> expect, bool force) {
    auto kind = ParseKind(kind_text);
    if (!kind) return kind.take_error();
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    std::vector<Mutation> batch{Mutation{Mutation::Op::kRetire, *kind, id, {}, expect}};
    // Without --force, Write refuses a retirement that would orphan live records; with it, say
    // which ones it orphans.
    std::vector<RecordRef> orphans;
    if (force) {
        auto found = (*s)->ledger().Orphans(batch);
        if (!found) return found.take_error();
        orphans = std::move(*found);
    }
    WriteContext context = (*s)->Context(reason);
    context.allow_orphans = force;
    auto w = (*s)->ledger().Write(std::move(batch), context);
    if (!w) return w.take_error();
    std::cout << "retired " << kind_text << "/" << id << " (version " << w->front().version
              << ")\n";
    if (!orphans.empty()) {
        std::cout << "orphaned " << orphans.size() << " live record"
                  << (orphans.size() == 1 ? "" : "s") << " that refer to it:";
        for (const auto& o : orphans) std::cout << " " << RefName(o.kind, o.id);
        std::cout << "\n";
    }
    return Ok{};
}

Result<void> List(const Globals& g, const std::string& kind_text, const std::string& at_text,
                  const std::vector<std::string>& filter_texts, const std::string& search,
                  bool include_retired, const std::string& format) {
    auto kind = ParseKind(kind_text);
    if (!kind) return kind.take_error();
    auto at = ParseAt(at_text);
    if (!at) return at.take_error();
    auto filters = app::ParseFilters(*kind, filter_texts, app::Spelling::kFlag);
    if (!filters) return filters.take_error();
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    auto rows = (*s)->store().Scan(ScanQuery{*kind, *at, include_retired});
    if (!rows) return rows.take_error();
    std::vector<StoredRecord> shown;
    for (auto& r : *rows) {
        if (json::Matches(r.record, *filters, search)) shown.push_back(std::move(r));
    }
    if (format == "json") {
        std::cout << json::HistoryJson(shown) << "\n";
        return Ok{};
    }
    for (const auto& r : shown) {
        std::cout << kind_text << "/" << r.meta.id << "  v" << r.meta.version
                  << (r.meta.retired ? " [retired]" : "") << "  " << Summary(r.record, (*s)->ref())
                  << "\n";
    }
    std::cout << shown.size() << " " << kind_text << " record" << (shown.size() == 1 ? "" : "s")
              << "\n";
    return Ok{};
}

Result<void> Show(const Globals& g, const std::string& kind_text, const std::string& id,
                  const std::string& at_text, const std::string& format) {
    auto kind = ParseKind(kind_text);
    if (!kind) return kind.take_error();
    auto at = ParseAt(at_text);
    if (!at) return at.take_error();
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    auto got = (*s)->store().Get(*kind, id, *at);
    if (!got) return got.take_error();
    if (!got->has_value()) return Error::NotFound(kind_text + "/" + id, "no such record");
    auto history = (*s)->store().History(*kind, id);
    if (!history) return history.take_error();
    // Versions up to the shown one: history is shown as the ledger knew it at T.
    std::vector<StoredRecord> versions;
    for (auto& v : *history) {
        if (v.meta.seq <= (*got)->meta.seq) versions.push_back(std::move(v));
    }
    if (format == "json") {
        std::cout << "{\"record\": " << json::StoredRecordJson(**got)
                  << ",\n\"history\": " << json::HistoryJson(versions) << "}\n";
        return Ok{};
    }
    const StoredRecord& cur = **got;
    std::cout << kind_text << "/" << id << "  version " << cur.meta.version
              << (cur.meta.retired ? "  [retired]" : "") << "\n\n"
              << json::WriteRecord(cur.record, true) << "\n";
    const auto& citations = BaseOf(cur.record).sources;
    if (!citations.empty()) {
        std::cout << "\nSources\n";
        for (const auto& c : citations) {
            auto src = (*s)->store().Get(Kind::kSource, c.source, *at);
            std::cout << "  " << c.source;
            if (src && src->has_value()) {
                const auto& so = std::get<Source>((*src)->record);
                std::cout << ": " << (so.outlet ? *so.outlet : "outlet unknown") << ", \""
                          << (so.title ? *so.title : "untitled") << "\", "
                          << FormatInterval(so.published);
                if (so.file) std::cout << " [" << *so.file << "]";
            }
            std::cout << "\n    \"" << c.excerpt << "\"\n";
            if (src && src->has_value()) {
                const auto& so = std::get<Source>((*src)->record);
                if (FoldForQuote(so.text).find(FoldForQuote(c.excerpt)) == std::string::npos) {
                    std::cout << "    (NOT FOUND in the source's text: `check` reports it)\n";
                }
            }
        }
    }
    std::cout << "\nHistory\n";
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const auto& v = versions[i];
        std::string what;
        if (v.meta.retired) {
            what = "retired";
        } else if (i == 0) {
            what = "created";
        } else {
            what = "changed";
            auto fields = json::ChangedFields(versions[i - 1].record, v.record);
            for (std::size_t k = 0; k < fields.size(); ++k)
                what += (k > 0 ? ", " : " ") + fields[k];
        }
        std::cout << "  v" << v.meta.version << "  " << FormatLedgerTime(v.meta.recorded_at) << "  "
                  << v.meta.author << "  " << what << ": \"" << v.meta.reason << "\"\n";
    }
    return Ok{};
}

// What figures and briefing both start from: the open ledger, the request, and the view at T.
struct FigureContext {
    std::unique_ptr<Session> session;
    app::FigureRequest request;
    LedgerView view;
};

Result<FigureContext> OpenForFigures(const Globals& g, const FigureOptions& o) {
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    auto request = app::ParseFigureRequest(ParamsOf(o), (*s)->ref(), app::Spelling::kFlag);
    if (!request) return request.take_error();
    auto view = FigureView(**s, request->at);
    if (!view) return view.take_error();
    // exports.* count the bulk declarations as `aidledger exports` does (issue 16).
    auto declarations = (*s)->backend().OpenDeclarations();
    if (!declarations) return declarations.take_error();
    auto counted = app::CountDeclarations(*request, **declarations);
    if (!counted) return counted.take_error();
    return FigureContext{std::move(*s), std::move(*request), std::move(*view)};
}

Result<void> Figures(const Globals& g, const FigureOptions& o) {
    auto format = app::ParseAnswerFormat(o.format, "--format");
    if (!format) return format.take_error();
    auto ctx = OpenForFigures(g, o);
    if (!ctx) return ctx.take_error();
    std::string answer = app::FiguresAnswer(ctx->view, ctx->request, *format, ctx->session->ref());
    std::cout << answer << (*format == app::AnswerFormat::kJson ? "\n" : "");
    KeepUntilExit(std::move(ctx->view));
    return Ok{};
}

Result<void> BriefingCmd(const Globals& g, const FigureOptions& o) {
    auto format = app::ParseBriefingFormat(o.format, "--format");
    if (!format) return format.take_error();
    auto ctx = OpenForFigures(g, o);
    if (!ctx) return ctx.take_error();
    std::string answer;
    if (ctx->request.since_at) {
        // "Why did this figure change": the ledger as it stood then, and what was recorded
        // between then and --at (now when absent).
        auto before = FigureView(*ctx->session, ctx->request.since_at);
        if (!before) return before.take_error();
        auto versions =
            app::VersionsBetween(ctx->session->store(), *ctx->request.since_at, ctx->request.at);
        if (!versions) return versions.take_error();
        FigureFacts before_facts = FactsOf(*before);
        app::PastLedger past{*before, before_facts, std::move(*versions)};
        answer = app::BriefingAnswer(ctx->view, ctx->request, *format, ctx->session->ref(), &past);
    } else {
        answer = app::BriefingAnswer(ctx->view, ctx->request, *format, ctx->session->ref());
    }
    std::cout << answer << (*format == app::AnswerFormat::kJson ? "\n" : "");
    KeepUntilExit(std::move(ctx->view));
    return Ok{};
}

Result<void> ClaimsCmd(const Globals& g, const std::string& at_text, const std::string& stated_on,
                       const std::string& format, const std::string& synthetic_text) {
    auto answer_format = app::ParseAnswerFormat(format, "--format");
    if (!answer_format) return answer_format.take_error();
    app::Params params;
    if (!synthetic_text.empty()) params["synthetic"].push_back(synthetic_text);
    auto synthetic = app::SyntheticParam(params, app::Spelling::kFlag);
    if (!synthetic) return synthetic.take_error();
    auto at = ParseAt(at_text);
    if (!at) return at.take_error();
    std::optional<Date> on;
    if (!stated_on.empty()) {
        auto d = ParseDate(stated_on, "--stated-on");
        if (!d) return d.take_error();
        on = *d;
    }
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    auto view = FigureView(**s, *at);
    if (!view) return view.take_error();
    auto declarations = (*s)->backend().OpenDeclarations();
    if (!declarations) return declarations.take_error();
    auto declared = LoadDeclaredExports(**declarations, true);
    if (!declared) return declared.take_error();
    auto reply =
        app::ClaimsAnswer(*view, on, *answer_format, (*s)->ref(), *synthetic, std::move(*declared));
    std::cout << reply.body;
    if (*answer_format == app::AnswerFormat::kJson) {
        std::cout << "\n";
    } else {
        std::cout << (*answer_format == app::AnswerFormat::kMarkdown ? "\n" : "") << reply.tally
                  << "\n";
    }
    KeepUntilExit(std::move(*view));
    return Ok{};
}

Result<void> Check(const Globals& g) {
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    auto problems = (*s)->store().CheckIntegrity();
    if (!problems) return problems.take_error();
    auto view = (*s)->ledger().View();
    if (!view) return view.take_error();
    for (auto& p : CheckLedgerIntegrity(*view)) problems->push_back(std::move(p));
    // The text rule on every version (issue 17): text stored before writes refused it.
    for (std::int64_t after = 0;;) {
        auto page = (*s)->store().VersionsSince(after, kCheckPage);
        if (!page) return page.take_error();
        if (page->empty()) break;
        for (const StoredRecord& v : *page) {
            for (auto& p : CheckStoredText(v)) problems->push_back(std::move(p));
        }
        after = page->back().meta.seq;
    }
    auto stats = (*s)->store().GetStats();
    if (!stats) return stats.take_error();
    // The chains' heads, for an operator to note elsewhere: a ledger cut short (its newest
    // versions or entries removed) still chains, but no longer reaches a head noted before.
    auto heads = (*s)->store().GetChainHeads();
    if (!heads) return heads.take_error();
    for (std::size_t i = 0; i < problems->size() && i < kMaxListedProblems; ++i) {
        std::cout << "problem: " << (*problems)[i] << "\n";
    }
    if (problems->size() > kMaxListedProblems) {
        std::cout << "... and " << problems->size() - kMaxListedProblems << " more problems\n";
    }
    std::cout << "chain head: versions " << DescribeChainHead(heads->versions) << ", audit log "
              << DescribeChainHead(heads->audit) << "\n";
    std::cout << g.db << ": " << stats->live_records << " live records, " << stats->versions
              << " versions, " << problems->size() << " problems\n";
    if (!problems->empty()) {
        return Error::Corruption(std::to_string(problems->size()) +
                                 " integrity problems (listed above)");
    }
    return Ok{};
}

Result<void> Generate(const Globals& g, std::int64_t scale, std::uint64_t seed) {
    if (scale < 1 || scale > kMaxScale) {
        return Error::Invalid("--scale", "must be between 1 and " + std::to_string(kMaxScale));
    }
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    auto start = std::chrono::steady_clock::now();
    std::cerr << "generating " << scale << " synthetic records (seed " << seed << ")...\n";
    auto records = synth::Generate(synth::Options{scale, seed}, (*s)->ref());
    std::vector<Mutation> batch;
    batch.reserve(records.size());
    for (auto& r : records) {
        std::string id = IdOf(r);
        Kind kind = KindOf(r);
        batch.push_back(Mutation{Mutation::Op::kCreate, kind, std::move(id), std::move(r), {}});
    }
    std::cerr << "validating and writing " << batch.size() << " records in one transaction...\n";
    auto w = (*s)->ledger().Write(
        std::move(batch),
        (*s)->BatchContext("generate --scale " + std::to_string(scale) + " --seed " +
                               std::to_string(seed) + ": synthetic data",
                           "generate", "synthetic records"));
    if (!w) return w.take_error();
    auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "generated " << w->size() << " synthetic records in " << secs << " s\n";
    return Ok{};
}

// The arguments of the record commands (add, update, retire, list, show), bound by CLI11.
struct RecordArgs {
    std::string kind;
    std::string id;
    std::string file;
    std::string reason;
    std::optional<std::int64_t> expect;
    bool merge = false;
    bool force = false;
    std::string at;
    std::string format = "text";
    std::vector<std::string> filters;
    std::string search;
    bool include_retired = false;
};

// init, load-demo and the record commands: add, update, retire, list, show.
void RegisterLedgerCommands(CLI::App& app, Globals& g, Result<void>& result) {
    app.add_subcommand("init", "Create a ledger (with the ISO 3166-1 countries)")
        ->callback([&g, &result] { result = Init(g); });
    app.add_subcommand("load-demo", "Load the demo dataset built from the seed reports")
        ->callback([&g, &result] { result = LoadDemo(g); });

    auto a = std::make_shared<RecordArgs>();
    auto* add = app.add_subcommand("add", "Add records of KIND from a JSON file (- = stdin)");
    add->add_option("KIND", a->kind)->required();
    add->add_option("--json", a->file, "JSON file: a record, a list, or {kind, records}")
        ->required();
    add->add_option("--reason", a->reason, "Why")->default_val("created");
    add->callback([&g, &result, a] { result = Add(g, a->kind, a->file, a->reason); });

    auto* update = app.add_subcommand("update", "Write a new version of a record");
    update->add_option("KIND", a->kind)->required();
    update->add_option("ID", a->id)->required();
    update->add_option("--json", a->file, "JSON file with the whole record (- = stdin)")
        ->required();
    update->add_option("--reason", a->reason, "Why")->required();
    update->add_flag("--merge", a->merge, "The JSON is a merge patch of the current version");
    update->add_option("--expect-version", a->expect, "Fail if the current version differs");
    update->callback([&g, &result, a] {
        result = Update(g, a->kind, a->id, a->file, a->reason, a->merge, a->expect);
    });

    auto* retire = app.add_subcommand("retire", "Retire a record (it stays in the history)");
    retire->add_option("KIND", a->kind)->required();
    retire->add_option("ID", a->id)->required();
    retire->add_option("--reason", a->reason, "Why")->required();
    retire->add_option("--expect-version", a->expect, "Fail if the current version differs");
    retire->add_flag("--force", a->force,
                     "Retire even if live records cite or refer to it (they are orphaned)");
    retire->callback(
        [&g, &result, a] { result = Retire(g, a->kind, a->id, a->reason, a->expect, a->force); });

    auto* list = app.add_subcommand("list", "List records of KIND");
    list->add_option("KIND", a->kind)->required();
    list->add_option("--at", a->at, "Ledger time (ISO 8601)");
    list->add_option("--filter", a->filters, "FIELD=VALUE (repeatable)");
    list->add_option("--search", a->search, "Text the record contains");
    list->add_flag("--retired", a->include_retired, "Include retired records");
    list->add_option("--format", a->format)->check(CLI::IsMember({"text", "json"}));
    list->callback([&g, &result, a] {
        result = List(g, a->kind, a->at, a->filters, a->search, a->include_retired, a->format);
    });

    auto* show = app.add_subcommand("show", "Show a record with its sources and history");
    show->add_option("KIND", a->kind)->required();
    show->add_option("ID", a->id)->required();
    show->add_option("--at", a->at, "Ledger time (ISO 8601)");
    show->add_option("--format", a->format)->check(CLI::IsMember({"text", "json"}));
    show->callback([&g, &result, a] { result = Show(g, a->kind, a->id, a->at, a->format); });
}

// The arguments of generate, bound by CLI11.
struct GenerateArgs {
    std::int64_t scale = 1000;
    std::uint64_t seed = 1;
    std::string scenario;
    std::int64_t declarations = 100'000;
    std::string declarations_csv;
    CLI::Option* scale_option = nullptr;
};

// generate: a synthetic ledger of about --scale records, or the customs scenario.
void RegisterGenerateCommand(CLI::App& app, Globals& g, Result<void>& result) {
    auto a = std::make_shared<GenerateArgs>();
    auto* generate = app.add_subcommand("generate", "Add a synthetic ledger (marked synthetic)");
    a->scale_option = generate->add_option("--scale", a->scale, "Number of records");
    generate->add_option("--seed", a->seed, "Random seed");
    generate->add_option("--scenario", a->scenario, "customs: the customs scenario (docs/cli.md)")
        ->check(CLI::IsMember({"customs"}));
    generate->add_option("--declarations", a->declarations,
                         "Declarations of the customs scenario (default 100000)");
    generate->add_option("--declarations-csv", a->declarations_csv,
                         "Write the scenario's declarations to this CSV instead of importing");
    generate->callback([&g, &result, a] {
        result = [&]() -> Result<void> {
            if (a->scenario == "customs") {
                if (a->scale_option->count() > 0) {
                    return Error::Invalid("--scale", "does not apply to --scenario customs");
                }
                return GenerateCustoms(g, a->declarations, a->seed, a->declarations_csv);
            }
            if (a->scale_option->count() == 0) {
                return Error::Invalid("--scale", "required (or --scenario customs)");
            }
            if (!a->declarations_csv.empty()) {
                return Error::Invalid("--declarations-csv", "applies to --scenario customs only");
            }
            return Generate(g, a->scale, a->seed);
        }();
    });
}

// Parses the command line, which runs the command's callback, and returns the exit code: a
// usage error, the command's error, or 0.
int ParseAndRun(CLI::App& app, int argc, char** argv, const Result<void>& result) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11 reports a mistyped command as "a subcommand is required": name the word.
        for (int i = 1; i < argc; ++i) {
            std::string arg = argv[i];
            if (arg == "--db" || arg == "--author" || arg == "--data-dir") {
                ++i;
                continue;
            }
            bool known =
                !app.get_subcommands([&](CLI::App* sub) { return sub->check_name(arg); }).empty();
            if (!arg.empty() && arg[0] != '-' && !known) {
                std::cerr << "aidledger: error: unknown command \"" << arg
                          << "\" (see aidledger --help)\n";
                return static_cast<int>(ExitCode::kUsage);
            }
            if (!arg.empty() && arg[0] != '-') break;
        }
        std::cerr << "aidledger: error: " << e.what() << " (see aidledger --help)\n";
        return static_cast<int>(ExitCode::kUsage);
    }
    if (!result.ok()) {
        PrintError(result.error());
        return static_cast<int>(ExitCodeFor(result.error().code));
    }
    return 0;
}

}  // namespace

int Main(int argc, char** argv) {
    CLI::App app{"aidledger: an auditable ledger of international medical assistance"};
    app.require_subcommand(1);
    app.fallthrough();
    Globals g;
    g.data_dir = AIDLEDGER_DATA_DIR;
    app.add_option("--db", g.db,
                   "Ledger: a file (default ./ledger.db), sqlite:PATH, memory: or SQLite URI");
    app.add_option("--author", g.author, "Author recorded with writes (default $USER)");
    app.add_option("--data-dir", g.data_dir, "Folder with the demo dataset");

    Result<void> result;
    auto run = [&](auto fn) { return [&result, fn] { result = fn(); }; };

    RegisterLedgerCommands(app, g, result);

    std::string at;
    std::string format = "text";
    FigureOptions fo;
    auto* figures = app.add_subcommand("figures", "Figures as of a date, as ranges");
    AddFigureOptions(figures, fo, {"text", "json"});
    figures->add_option("--metric", fo.metrics, "Only these metrics (repeatable)");
    figures->callback(run([&] { return Figures(g, fo); }));

    auto* briefing = app.add_subcommand("briefing", "Figures, records, sources and claims");
    AddFigureOptions(briefing, fo, {"text", "md", "json", "html"});
    briefing->add_option("--since", fo.since,
                         "Compare with an earlier as-of date: what changed since (YYYY-MM-DD)");
    briefing->add_option("--since-at", fo.since_at,
                         "Compare with the ledger at an earlier ledger time: why figures changed");
    briefing->callback(run([&] { return BriefingCmd(g, fo); }));

    std::string stated_on;
    auto* claims = app.add_subcommand("claims", "Published claims checked against the ledger");
    claims->add_option("--at", at, "Ledger time (ISO 8601)");
    claims->add_option("--stated-on", stated_on, "Only claims stated on this date");
    claims->add_option("--format", format)->check(CLI::IsMember({"text", "md", "json"}));
    std::string claims_synthetic;
    claims->add_option("--synthetic", claims_synthetic, kSyntheticHelp);
    claims->callback(run([&] { return ClaimsCmd(g, at, stated_on, format, claims_synthetic); }));

    app.add_subcommand("check", "Check the ledger's integrity")->callback(run([&] {
        return Check(g);
    }));

    RegisterFormatCommands(app, g, result);
    RegisterServerCommands(app, g, result);
    RegisterProcurementCommands(app, g, result);
    RegisterCustomsCommands(app, g, result);
    RegisterReadCommand(app, g, result);
    RegisterReviewCommand(app, g, result);
    RegisterDuplicatesCommand(app, g, result);
    RegisterConfidenceCommand(app, g, result);
    RegisterGenerateCommand(app, g, result);

    return ParseAndRun(app, argc, argv, result);
}

}  // namespace aidledger::cli

int main(int argc, char** argv) {
    try {
        return aidledger::cli::Main(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "aidledger: internal error: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "aidledger: internal error\n";
    }
    return static_cast<int>(aidledger::cli::ExitCode::kInternal);
}

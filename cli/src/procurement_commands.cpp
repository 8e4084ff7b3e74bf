// `aidledger needs` and `aidledger recommend` (issue 5, docs/cli.md): needs against deliveries
// per recipient, and the certified manufacturers to recommend for a request. Both only read.
#include <chrono>
#include <iostream>
#include <memory>
#include <utility>

#include "aidledger/app/figure_query.h"
#include "aidledger/core/needs.h"
#include "aidledger/core/recommend.h"
#include "aidledger/core/synthetic.h"
#include "aidledger/core/validate.h"
#include "aidledger/io/procurement_json.h"
#include "aidledger/io/procurement_report.h"
#include "app.h"

namespace aidledger::cli {
namespace {

struct ProcurementOptions {
    std::string as_of;
    std::string recipient;
    std::string request;
    std::string at;
    std::string format = "text";
    std::string synthetic;  // include, exclude, only, auto (core/synthetic.h)
};

// The view at --at (now when empty): the figure projections (FigureView) when `projected`,
// which needs reads whole, the full records otherwise.
Result<LedgerView> OpenView(const Globals& g, const std::string& at_text,
                            std::unique_ptr<Session>& session, bool projected) {
    std::optional<LedgerTime> at;
    if (!at_text.empty()) {
        auto t = ParseLedgerTime(at_text, "--at");
        if (!t) return t.take_error();
        at = *t;
    }
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    session = std::move(*s);
    if (projected) return FigureView(*session, at);
    return session->ledger().View(at);
}

report::Style StyleOf(const std::string& format) {
    return format == "md" ? report::Style::kMarkdown : report::Style::kText;
}

Result<void> NeedsCmd(const Globals& g, const ProcurementOptions& o) {
    NeedsQuery q;
    if (o.as_of.empty()) {
        // The default is today (UTC), in the ledger's event time.
        q.as_of = Date(std::chrono::floor<std::chrono::days>(Now()));
    } else {
        auto d = ParseDate(o.as_of, "--as-of");
        if (!d) return d.take_error();
        q.as_of = *d;
    }
    if (!o.recipient.empty()) {
        if (o.recipient.size() > kMaxIdLength) {
            return Error::Invalid("--recipient",
                                  "longer than " + std::to_string(kMaxIdLength) + " characters");
        }
        q.recipient = o.recipient;
    }
    app::Params params;
    if (!o.synthetic.empty()) params["synthetic"].push_back(o.synthetic);
    auto synthetic = app::SyntheticParam(params, app::Spelling::kFlag);
    if (!synthetic) return synthetic.take_error();
    std::unique_ptr<Session> session;
    auto all = OpenView(g, o.at, session, true);
    if (!all) return all.take_error();
    auto [kept, note] = ChooseSynthetic(*all, *synthetic);
    const LedgerView* view = &kept;
    auto needs = ComputeNeeds(*view, q);
    if (!needs) {
        Error e = needs.take_error();
        if (e.field == "recipient") e.field = "--recipient";
        return e;
    }
    if (o.format == "json") {
        std::cout << json::NeedsJson(*view, *needs) << "\n";
    } else {
        std::cout << report::RenderNeeds(*view, *needs, StyleOf(o.format));
        if (auto sentence = SyntheticSentence(note))
            std::cout << "Synthetic: " << *sentence << "\n";
    }
    KeepUntilExit(std::move(*all));
    return Ok{};
}

Result<void> RecommendCmd(const Globals& g, const ProcurementOptions& o) {
    if (o.request.size() > kMaxIdLength) {
        return Error::Invalid("REQUEST",
                              "longer than " + std::to_string(kMaxIdLength) + " characters");
    }
    std::unique_ptr<Session> session;
    auto view = OpenView(g, o.at, session, false);
    if (!view) return view.take_error();
    auto rec = Recommend(*view, o.request);
    if (!rec) {
        Error e = rec.take_error();
        if (e.field == "request") e.field = "REQUEST";
        return e;
    }
    if (o.format == "json") {
        std::cout << json::RecommendationsJson(*view, *rec) << "\n";
    } else {
        std::cout << report::RenderRecommendations(*view, *rec, StyleOf(o.format));
    }
    return Ok{};
}

struct ValuationOptions {
    std::string as_of;
    std::string provider_country;
    std::vector<std::string> lists;
    std::string currency;
    std::string at;
    std::string format = "text";
    std::string synthetic;
};

Result<void> ValuationCmd(const Globals& g, const ValuationOptions& o) {
    auto format = app::ParseAnswerFormat(o.format, "--format");
    if (!format) return format.take_error();
    app::Params params;
    params["as_of"].push_back(o.as_of);
    if (!o.provider_country.empty()) params["provider_country"].push_back(o.provider_country);
    if (!o.lists.empty()) params["list"] = o.lists;
    if (!o.synthetic.empty()) params["synthetic"].push_back(o.synthetic);
    if (!o.currency.empty()) params["currency"].push_back(o.currency);
    std::unique_ptr<Session> session;
    auto view = OpenView(g, o.at, session, false);
    if (!view) return view.take_error();
    auto request = app::ParseValuationRequest(params, session->ref(), app::Spelling::kFlag);
    if (!request) return request.take_error();
    std::cout << app::ValuationAnswer(*view, *request, *format, session->ref())
              << (*format == app::AnswerFormat::kJson ? "\n" : "");
    return Ok{};
}

}  // namespace

void RegisterProcurementCommands(CLI::App& app, Globals& g, Result<void>& result) {
    // The options outlive this function: the callbacks run when main parses the line.
    auto o = std::make_shared<ProcurementOptions>();
    auto run = [&result](auto fn) { return [&result, fn] { result = fn(); }; };

    auto* needs = app.add_subcommand(
        "needs", "Requested, pledged, shipped and delivered per recipient and item, with the gap");
    needs->add_option("--as-of", o->as_of, "Event date D (YYYY-MM-DD; default today, UTC)");
    needs->add_option("--recipient", o->recipient,
                      "Only this recipient (party id; a party inside a country counts for it)");
    needs->add_option("--at", o->at, "Ledger time T: what the ledger said then (ISO 8601)");
    needs->add_option("--synthetic", o->synthetic,
                      "Synthetic records (made by generate): include, exclude or only; default "
                      "auto: left out when the ledger holds real records");
    needs->add_option("--format", o->format, "Output format")
        ->check(CLI::IsMember({"text", "md", "json"}));
    needs->callback(run([&g, o] { return NeedsCmd(g, *o); }));

    auto v = std::make_shared<ValuationOptions>();
    auto* valuation = app.add_subcommand(
        "valuation",
        "Donations in kind valued at reference price lists, side by side (estimates, marked)");
    valuation->add_option("--as-of", v->as_of, "Event date D (YYYY-MM-DD)")->required();
    valuation->add_option("--provider-country", v->provider_country,
                          "Provider country, ISO 3166-1");
    valuation->add_option("--list", v->lists, "A price list to compare (repeatable; default all)");
    valuation->add_option("--currency", v->currency,
                          "Each list's totals also in this ISO 4217 currency, at the ledger's "
                          "exchange rates on the as-of date");
    valuation->add_option("--at", v->at, "Ledger time T: what the ledger said then (ISO 8601)");
    valuation->add_option("--synthetic", v->synthetic,
                          "Synthetic records (made by generate): include, exclude or only; "
                          "default auto: left out when the ledger holds real records");
    valuation->add_option("--format", v->format, "Output format")
        ->check(CLI::IsMember({"text", "json"}));
    valuation->callback(run([&g, v] { return ValuationCmd(g, *v); }));

    auto* recommend = app.add_subcommand(
        "recommend", "Certified manufacturers to recommend for a request, and why others are not");
    recommend->add_option("REQUEST", o->request, "Request id")->required();
    recommend->add_option("--at", o->at, "Ledger time T: what the ledger said then (ISO 8601)");
    recommend->add_option("--format", o->format, "Output format")
        ->check(CLI::IsMember({"text", "md", "json"}));
    recommend->callback(run([&g, o] { return RecommendCmd(g, *o); }));
}

}  // namespace aidledger::cli

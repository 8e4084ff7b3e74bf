// `aidledger confidence` (issue 15 item 5, docs/cli.md, docs/confidence.md): the grade of one
// record (--kind, --id) or of figures (--as-of and the figure options), with the reasons, as
// text for people or JSON; the same answer as GET /api/v1/confidence (app/confidence.h).
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aidledger/app/confidence.h"
#include "aidledger/io/confidence_json.h"
#include "aidledger/io/confidence_report.h"
#include "app.h"

namespace aidledger::cli {
namespace {

struct ConfidenceOptions {
    std::string kind;
    std::string id;
    std::string as_of;
    std::string at;
    std::string provider_country;
    std::vector<std::string> provider_kinds;
    std::string from;
    std::string to;
    std::vector<std::string> metrics;
    std::string synthetic;
    std::string format = "text";
    bool json = false;
};

app::Params ParamsOf(const ConfidenceOptions& o) {
    app::Params p;
    auto put = [&](const char* name, const std::string& value) {
        if (!value.empty()) p[name].push_back(value);
    };
    put("kind", o.kind);
    put("id", o.id);
    put("as_of", o.as_of);
    put("at", o.at);
    put("provider_country", o.provider_country);
    for (const std::string& k : o.provider_kinds) put("provider_kind", k);
    put("from", o.from);
    put("to", o.to);
    for (const std::string& m : o.metrics) put("metric", m);
    put("synthetic", o.synthetic);
    return p;
}

Result<void> ConfidenceCmd(const Globals& g, const ConfidenceOptions& o) {
    const bool json_out = o.json || o.format == "json";
    app::Params params = ParamsOf(o);
    if (app::AsksForRecord(params)) {
        auto ref = app::RecordParam(params, app::Spelling::kFlag);
        if (!ref) return ref.take_error();
        std::optional<LedgerTime> at;
        if (!o.at.empty()) {
            auto t = ParseLedgerTime(o.at, "--at");
            if (!t) return t.take_error();
            at = *t;
        }
        auto s = Session::Open(g, false);
        if (!s) return s.take_error();
        auto view = (*s)->ledger().View(at);
        if (!view) return view.take_error();
        auto graded = app::ConfidenceOfRecord(*view, *ref);
        if (!graded) return graded.take_error();
        if (json_out) {
            std::cout << json::RecordConfidenceJson(view->at(), *graded) << "\n";
        } else {
            std::cout << report::RenderRecordConfidence(*graded);
        }
        return Ok{};
    }
    auto s = Session::Open(g, false);
    if (!s) return s.take_error();
    auto request = app::ParseFigureRequest(params, (*s)->ref(), app::Spelling::kFlag);
    if (!request) return request.take_error();
    auto view = FigureView(**s, request->at);
    if (!view) return view.take_error();
    app::FiguresConfidence answer = app::ConfidenceOfFigures(*view, *request);
    if (json_out) {
        std::cout << json::FiguresConfidenceJson(answer.at, answer.query, answer.synthetic,
                                                 answer.figures)
                  << "\n";
    } else {
        std::cout << report::RenderFiguresConfidence(answer.at, answer.query, answer.synthetic,
                                                     answer.figures);
    }
    KeepUntilExit(std::move(*view));
    return Ok{};
}

}  // namespace

void RegisterConfidenceCommand(CLI::App& app, Globals& g, Result<void>& result) {
    auto o = std::make_shared<ConfidenceOptions>();
    auto* cmd = app.add_subcommand(
        "confidence",
        "How far a record (--kind, --id) or the figures as of a date (--as-of) can be relied "
        "on: a grade (high, moderate, low, unverified; synthetic for generated records) with "
        "the rules that set it (docs/confidence.md)");
    cmd->add_option("--kind", o->kind, "The record's kind (with --id)");
    cmd->add_option("--id", o->id, "The record's id (with --kind)");
    cmd->add_option("--as-of", o->as_of, "Figures: event date D (YYYY-MM-DD)");
    cmd->add_option("--at", o->at, "Ledger time T: what the ledger said then (ISO 8601)");
    cmd->add_option("--provider-country", o->provider_country,
                    "Figures: provider country, ISO 3166-1");
    cmd->add_option("--provider-kind", o->provider_kinds, "Figures: provider kind (repeatable)");
    cmd->add_option("--from", o->from, "Figures: export period start (with --to)");
    cmd->add_option("--to", o->to, "Figures: export period end (with --from)");
    cmd->add_option("--metric", o->metrics, "Figures: only these metrics (repeatable)");
    cmd->add_option("--synthetic", o->synthetic,
                    "Figures: synthetic records (include, exclude, only; default auto)");
    cmd->add_option("--format", o->format, "Output format")->check(CLI::IsMember({"text", "json"}));
    cmd->add_flag("--json", o->json, "The same as --format json");
    cmd->callback([&g, &result, o] { result = ConfidenceCmd(g, *o); });
}

}  // namespace aidledger::cli

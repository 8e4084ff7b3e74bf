#include "aidledger/io/confidence_report.h"

#include <sstream>

namespace aidledger::report {

std::string RenderRecordConfidence(const RecordConfidence& c) {
    std::ostringstream out;
    out << EnumName(c.record.kind) << "/" << c.record.id << ": " << EnumName(c.grade) << "\n";
    out << "why:\n";
    for (const ConfidenceReason& r : c.reasons) {
        out << "  - " << r.rule << " (" << EnumName(r.effect) << "): " << r.text << "\n";
    }
    if (!c.sources.empty()) {
        out << "sources:\n";
        for (const SourceStanding& s : c.sources) {
            std::string origin =
                s.origin < c.origins.size() ? c.origins[s.origin] : std::string("?");
            out << "  " << s.id << "  origin " << s.origin + 1 << " (" << origin << "), " << s.why
                << "\n";
        }
    }
    return out.str();
}

std::string RenderFiguresConfidence(std::optional<LedgerTime> at, const FigureQuery& query,
                                    const SyntheticNote& synthetic,
                                    const std::vector<GradedFigure>& figures) {
    std::ostringstream out;
    out << "confidence of figures as of " << FormatDate(query.as_of);
    if (!query.provider.country.empty()) out << ", provider " << query.provider.country;
    if (at) out << ", ledger at " << FormatLedgerTime(*at);
    out << "\n";
    if (auto sentence = SyntheticSentence(synthetic)) out << *sentence << "\n";
    for (const GradedFigure& g : figures) {
        const Figure& f = g.figure;
        out << f.metric;
        for (const auto& [key, value] : f.keys) out << " " << key << "=" << value;
        out << "  ";
        if (f.overflow) {
            out << "overflow";
        } else if (f.certain == f.possible) {
            out << f.certain;
        } else {
            out << f.certain << ".." << f.possible;
        }
        out << "  "
            << (g.confidence.grade
                    ? std::string("grade ") + std::string(EnumName(*g.confidence.grade))
                    : std::string("no grade"))
            << "\n";
        out << "  " << g.confidence.reason << "\n";
    }
    return out.str();
}

}  // namespace aidledger::report

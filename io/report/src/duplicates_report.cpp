#include "aidledger/io/duplicates_report.h"

#include <sstream>

namespace aidledger::report {
namespace {

std::string Named(const LedgerView& view, const std::string& id) {
    std::string_view name = view.NameOf(id);
    return name.empty() || name == id ? id : id + " (" + std::string(name) + ")";
}

std::string SourcesOf(const LedgerView& view, Kind kind, const std::string& id) {
    const auto* cites = view.CitationsOf(RecordRef{kind, id});
    if (cites == nullptr || cites->empty()) return "(no source)";
    std::string out;
    for (const Citation& c : *cites) out += (out.empty() ? "" : ", ") + c.source;
    return out;
}

}  // namespace

std::string RenderDuplicates(const LedgerView& view, const std::vector<LikelyDuplicate>& pairs,
                             std::size_t count, const RecordRef* record,
                             const RecordCorroboration* corroboration) {
    std::ostringstream out;
    if (record != nullptr && corroboration != nullptr) {
        auto list = [](const std::vector<std::string>& ids) {
            std::string text;
            for (const std::string& id : ids) text += (text.empty() ? "" : ", ") + id;
            return text.empty() ? std::string("(none)") : text;
        };
        out << EnumName(record->kind) << "/" << record->id << "\n";
        out << "  supported by:    " << list(corroboration->supported_by) << "\n";
        out << "  contradicted by: " << list(corroboration->contradicted_by) << "\n";
    }
    out << "likely duplicates: " << count;
    if (pairs.size() < count) out << " (" << pairs.size() << " listed)";
    out << "\n";
    if (count == 0) {
        out << (record != nullptr ? "no other record looks like this one\n"
                                  : "no two records look like one event\n");
        return out.str();
    }
    out << "each pair looks like one event reported twice: keep one record and cite both "
           "sources\n";
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const LikelyDuplicate& p = pairs[i];
        std::string kind(EnumName(p.kind));
        out << "\n"
            << i + 1 << ". " << kind << "/" << p.first << " and " << kind << "/" << p.second
            << (p.synthetic ? " (synthetic)" : "") << "\n";
        out << "   why:      "
            << (p.provider == p.second_provider
                    ? "same provider " + Named(view, p.provider)
                    : "providers " + Named(view, p.provider) + " and " +
                          Named(view, p.second_provider) + " (one inside the other)")
            << ", same " << p.recipient_field << " " << Named(view, p.recipient) << ", dates "
            << FormatInterval(p.first_dates) << " and " << FormatInterval(p.second_dates)
            << " overlap\n";
        for (const FieldDifference& d : p.differences) {
            out << "   differs:  " << d.field << " " << d.first << " (" << p.first << ") vs "
                << d.second << " (" << p.second << ")\n";
        }
        out << "   sources:  " << p.first << ": " << SourcesOf(view, p.kind, p.first) << "; "
            << p.second << ": " << SourcesOf(view, p.kind, p.second) << "\n";
    }
    return out.str();
}

}  // namespace aidledger::report

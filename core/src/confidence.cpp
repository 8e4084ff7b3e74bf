#include "aidledger/core/confidence.h"

#include <algorithm>
#include <numeric>
#include <utility>

#include "aidledger/core/corroboration.h"

namespace aidledger {
namespace {

// Lower case (ASCII), runs of white space as one space, trimmed.
std::string Folded(std::string_view text) {
    std::string out;
    bool space = false;
    for (char ch : text) {
        bool blank =
            ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
        if (blank) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    }
    return out;
}

// The host of a URL, lower-cased, without "www." and a port; "" when there is none.
std::string HostOf(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
    auto end = url.find_first_of("/?#");
    if (end != std::string_view::npos) url = url.substr(0, end);
    auto at = url.rfind('@');
    if (at != std::string_view::npos) url.remove_prefix(at + 1);
    auto port = url.find(':');
    if (port != std::string_view::npos) url = url.substr(0, port);
    std::string host = Folded(url);
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
    while (!host.empty() && host.back() == '.') host.pop_back();
    return host;
}

std::vector<std::string> Labels(const std::string& host) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= host.size()) {
        auto dot = host.find('.', start);
        if (dot == std::string::npos) dot = host.size();
        out.push_back(host.substr(start, dot - start));
        start = dot + 1;
    }
    return out;
}

bool GovernmentHost(const std::string& host) {
    std::vector<std::string> labels = Labels(host);
    if (labels.size() < 2) return false;
    const std::string& last = labels.back();
    if (last == "gov" || last == "mil" || last == "int") return true;
    for (std::size_t i = 0; i + 1 < labels.size(); ++i) {
        const std::string& l = labels[i];
        if (l == "gov" || l == "gouv" || l == "gob" || l == "govt" || l == "go") return true;
    }
    return false;
}

bool OfficialKind(PartyKind kind) {
    return kind == PartyKind::kCountry || kind == PartyKind::kCentralGovernment ||
           kind == PartyKind::kLocalGovernment || kind == PartyKind::kInternationalOrganisation ||
           kind == PartyKind::kRedCross;
}

// Disjoint sets over 0..n-1.
struct Sets {
    std::vector<std::size_t> parent;
    explicit Sets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
    std::size_t Find(std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
    void Join(std::size_t a, std::size_t b) {
        a = Find(a);
        b = Find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

std::string Plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// Each record's likely duplicates (it first), from one FindLikelyDuplicates pass: kept with
// the view (LedgerView::Derived), by kind and id, never by pointer.
struct PairsIndex {
    std::map<std::pair<Kind, std::string>, std::vector<LikelyDuplicate>> of;
};

PairsIndex BuildPairsIndex(const LedgerView& view) {
    PairsIndex index;
    for (const LikelyDuplicate& p : FindLikelyDuplicates(view)) {
        index.of[{p.kind, p.first}].push_back(p);
        LikelyDuplicate back = p;
        std::swap(back.first, back.second);
        std::swap(back.provider, back.second_provider);
        std::swap(back.first_dates, back.second_dates);
        for (FieldDifference& d : back.differences) std::swap(d.first, d.second);
        index.of[{p.kind, p.second}].push_back(std::move(back));
    }
    for (auto& [key, pairs] : index.of) {
        std::sort(
            pairs.begin(), pairs.end(),
            [](const LikelyDuplicate& a, const LikelyDuplicate& b) { return a.second < b.second; });
    }
    return index;
}

struct ClaimsIndex {
    std::map<std::string, ClaimCorroboration> of;
};

// The lower-cased ids and names of the view's official parties, kept with the view.
struct OfficialIndex {
    std::vector<std::string> parties;
};

constexpr const char* kNoOrigin = "no outlet or URL";

}  // namespace

std::vector<std::string> OfficialParties(const LedgerView& view) {
    std::vector<std::string> out;
    for (const Party& p : view.All<Party>()) {
        if (!OfficialKind(p.kind)) continue;
        out.push_back(Folded(p.id));
        if (!p.name.empty()) out.push_back(Folded(p.name));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool IsOfficial(const Source& source, const std::vector<std::string>& official_parties,
                std::string* why) {
    if (source.url) {
        std::string host = HostOf(*source.url);
        if (GovernmentHost(host)) {
            if (why != nullptr)
                *why = "official statement: government or intergovernmental site " + host;
            return true;
        }
    }
    if (source.outlet) {
        std::string outlet = Folded(*source.outlet);
        if (!outlet.empty() &&
            std::binary_search(official_parties.begin(), official_parties.end(), outlet)) {
            if (why != nullptr)
                *why = "official statement: outlet " + *source.outlet +
                       " is a government or organisation of the ledger";
            return true;
        }
    }
    if (why != nullptr) *why = "media report";
    return false;
}

Origins SourceOrigins(const LedgerView& view, const std::vector<std::string>& sources) {
    const std::size_t n = sources.size();
    std::vector<const Source*> found(n, nullptr);
    std::vector<std::string> outlet(n);
    std::vector<std::string> host(n);
    std::vector<std::string> text(n);
    for (std::size_t i = 0; i < n; ++i) {
        found[i] = view.FindSource(sources[i]);
        if (found[i] == nullptr) continue;
        if (found[i]->outlet) outlet[i] = Folded(*found[i]->outlet);
        if (found[i]->url) host[i] = HostOf(*found[i]->url);
        text[i] = Folded(found[i]->text);
    }
    Sets sets(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (found[i] == nullptr) continue;
        for (std::size_t j = i + 1; j < n; ++j) {
            if (found[j] == nullptr) continue;
            bool unknown_both =
                outlet[i].empty() && host[i].empty() && outlet[j].empty() && host[j].empty();
            bool same_outlet = !outlet[i].empty() && outlet[i] == outlet[j];
            bool same_host = !host[i].empty() && host[i] == host[j];
            bool repost = false;
            if (!text[i].empty() && !text[j].empty()) {
                const std::string& shorter = text[i].size() <= text[j].size() ? text[i] : text[j];
                const std::string& longer = text[i].size() <= text[j].size() ? text[j] : text[i];
                repost = longer.find(shorter) != std::string::npos;
            }
            if (unknown_both || same_outlet || same_host || repost) sets.Join(i, j);
        }
    }
    Origins out;
    out.of.resize(n);
    std::map<std::size_t, std::size_t> index;  // set root -> origin
    for (std::size_t i = 0; i < n; ++i) {
        auto [it, added] = index.emplace(sets.Find(i), out.labels.size());
        if (added) out.labels.emplace_back();
        out.of[i] = it->second;
        std::string label = found[i] == nullptr ? sources[i]
                            : found[i]->outlet  ? *found[i]->outlet
                            : !host[i].empty()  ? host[i]
                                                : std::string(kNoOrigin);
        std::string& labels = out.labels[it->second];
        if (labels.empty()) {
            labels = label;
        } else if (("/ " + labels + " /").find("/ " + label + " /") == std::string::npos) {
            labels += " / " + label;
        }
    }
    return out;
}

std::optional<DateInterval> GradedDateOf(const Record& record) {
    if (auto e = EventDateOf(record)) return e;
    if (const auto* d = std::get_if<Donation>(&record); d != nullptr && !d->history.empty()) {
        return d->history.front().on;
    }
    if (const auto* c = std::get_if<ProcurementContract>(&record);
        c != nullptr && !c->history.empty()) {
        return c->history.front().on;
    }
    if (const auto* c = std::get_if<Claim>(&record)) {
        Date day = c->as_of.value_or(c->stated_on);
        return DateInterval{day, day};
    }
    return std::nullopt;
}

RecordConfidence GradeRecord(const LedgerView& view, const Record& record,
                             const RecordCorroboration& corroboration) {
    RecordConfidence out;
    out.record = RecordRef{KindOf(record), IdOf(record)};
    // Rule 1: synthetic records are never graded as if real.
    if (BaseOf(record).synthetic) {
        out.grade = Grade::kSynthetic;
        out.reasons.push_back({"synthetic", Effect::kSet,
                               "made by aidledger generate: not a real record, not graded"});
        return out;
    }
    out.contradicted_by = corroboration.contradicted_by;
    out.date = GradedDateOf(record);

    // Rule 2: independent origins of the supporting sources.
    Origins origins = SourceOrigins(view, corroboration.supported_by);
    out.origins = origins.labels;
    const std::vector<std::string>& official_parties =
        view.Derived<OfficialIndex>(
                [](const LedgerView& v) { return OfficialIndex{OfficialParties(v)}; })
            .parties;
    bool official = false;
    std::vector<std::string> official_ids;
    for (std::size_t i = 0; i < corroboration.supported_by.size(); ++i) {
        SourceStanding s;
        s.id = corroboration.supported_by[i];
        s.origin = origins.of[i];
        if (const Source* src = view.FindSource(s.id)) {
            s.official = IsOfficial(*src, official_parties, &s.why);
        } else {
            s.why = "not in the ledger";
        }
        if (s.official) {
            official = true;
            official_ids.push_back(s.id);
        }
        out.sources.push_back(std::move(s));
    }
    const std::size_t n_sources = corroboration.supported_by.size();
    const std::size_t n_origins = origins.labels.size();
    if (n_sources == 0) {
        out.grade = Grade::kUnverified;
        out.reasons.push_back(
            {"sources", Effect::kSet, "no source supports it: unverified, whatever else is known"});
        return out;
    }
    out.grade = n_origins >= 3 ? Grade::kHigh : n_origins == 2 ? Grade::kModerate : Grade::kLow;
    std::string sources_text =
        Plural(n_sources, "source", "sources") + " (" + Joined(corroboration.supported_by) + ")";
    if (!corroboration.agreeing_records.empty()) {
        const std::size_t n = corroboration.agreeing_records.size();
        const bool claim = KindOf(record) == Kind::kClaim;
        sources_text += ", with those of " +
                        (claim ? Plural(n, "other claim", "other claims") + " of the same figure"
                               : Plural(n, "likely duplicate", "likely duplicates")) +
                        (n == 1 ? " that agrees (" : " that agree (") +
                        Joined(corroboration.agreeing_records) + ")";
    }
    sources_text +=
        n_sources == n_origins
            ? ", " + std::string(n_origins == 1 ? "one origin" : "each of its own origin")
            : ", from " + Plural(n_origins, "independent origin", "independent origins");
    sources_text += " (" + [&] {
        std::string labels;
        for (const std::string& l : origins.labels) labels += (labels.empty() ? "" : "; ") + l;
        return labels;
    }() + "): " + std::string(EnumName(out.grade));
    out.reasons.push_back({"sources", Effect::kSet, sources_text});

    auto step = [&](const char* rule, bool up, const std::string& why) {
        Grade before = out.grade;
        if (up && out.grade < Grade::kHigh) {
            out.grade = static_cast<Grade>(static_cast<int>(out.grade) + 1);
        } else if (!up && out.grade > Grade::kLow) {
            out.grade = static_cast<Grade>(static_cast<int>(out.grade) - 1);
        }
        if (out.grade != before) {
            out.reasons.push_back({rule, up ? Effect::kRaised : Effect::kLowered,
                                   why + ": one step " + (up ? "up" : "down") + " to " +
                                       std::string(EnumName(out.grade))});
        } else {
            out.reasons.push_back({rule, Effect::kKept,
                                   why + ": would go one step " + (up ? "up" : "down") +
                                       ", already " + std::string(EnumName(out.grade))});
        }
    };

    // Rule 3: an official statement among the supporting sources.
    if (official) {
        step("official", true, "official statement (" + Joined(official_ids) + ")");
    } else {
        out.reasons.push_back(
            {"official", Effect::kKept, "media reports only, no official statement: no change"});
    }

    // Rule 4: exact or bounded date.
    if (!out.date) {
        out.reasons.push_back(
            {"date", Effect::kKept,
             "a " + std::string(EnumName(KindOf(record))) + " has no date: not judged"});
    } else if (out.date->earliest == out.date->latest) {
        out.reasons.push_back(
            {"date", Effect::kKept, "exact date " + FormatInterval(*out.date) + ": no change"});
    } else {
        step("date", false, "date known only within " + FormatInterval(*out.date));
    }

    // Rule 5: contradicted.
    if (!corroboration.contradicted_by.empty()) {
        std::string why = "contradicted by " + Joined(corroboration.contradicted_by);
        if (!corroboration.contradicting_records.empty()) {
            why += " (" + Joined(corroboration.contradicting_records) + " gives other numbers)";
        }
        step("contradicted", false, why);
    } else {
        out.reasons.push_back({"contradicted", Effect::kKept, "no source contradicts it"});
    }
    return out;
}

RecordCorroboration ConfidenceCorroboration(const LedgerView& view, const Record& record,
                                            std::vector<LikelyDuplicate>* pairs) {
    if (const auto* claim = std::get_if<Claim>(&record)) {
        const auto& claims = view.Derived<ClaimsIndex>(
            [](const LedgerView& v) { return ClaimsIndex{CorroborateClaims(v)}; });
        RecordCorroboration out;
        auto it = claims.of.find(claim->id);
        if (it == claims.of.end()) {
            // A claim with no number: only its own sources.
            for (const Citation& c : claim->sources) {
                if (std::find(out.supported_by.begin(), out.supported_by.end(), c.source) ==
                    out.supported_by.end()) {
                    out.supported_by.push_back(c.source);
                }
            }
            return out;
        }
        out.supported_by = it->second.supported_by;
        out.agreeing_records = it->second.agreeing_claims;
        out.contradicted_by = it->second.contradicted_by;
        out.contradicting_records = it->second.contradicting_claims;
        return out;
    }
    const auto& index = view.Derived<PairsIndex>(BuildPairsIndex);
    const std::vector<LikelyDuplicate> none;
    auto it = index.of.find({KindOf(record), IdOf(record)});
    const std::vector<LikelyDuplicate>& found = it == index.of.end() ? none : it->second;
    if (pairs != nullptr) *pairs = found;
    return CorroborationOf(view, record, found);
}

std::optional<RecordConfidence> GradeRecordIn(const LedgerView& view, Kind kind,
                                              const std::string& id) {
    auto record = RecordOf(view, kind, id);
    if (!record) return std::nullopt;
    return GradeRecord(view, *record, ConfidenceCorroboration(view, *record));
}

FigureConfidence GradeFigure(const std::vector<RecordConfidence>& records) {
    FigureConfidence out;
    if (records.empty()) {
        out.reason = "counts no record: nothing to grade";
        return out;
    }
    for (const RecordConfidence& r : records) ++out.by_grade[static_cast<std::size_t>(r.grade)];
    Grade grade = Grade::kHigh;
    for (const RecordConfidence& r : records) grade = std::min(grade, r.grade);
    out.grade = grade;
    for (const RecordConfidence& r : records) {
        if (r.grade == grade) out.weakest.push_back(r.record);
    }
    std::string counts = GradeCounts(out);
    if (grade == Grade::kSynthetic) {
        out.reason = "counts synthetic records (" + counts + "): not graded as real";
    } else {
        out.reason = (records.size() == 1 ? std::string("as strong as its one record")
                                          : "as strong as the weakest of its " +
                                                Plural(records.size(), "record", "records")) +
                     " (" + counts + "): " + std::string(EnumName(grade));
    }
    return out;
}

FigureConfidence GradeFigureIn(const LedgerView& view, const Figure& figure) {
    std::vector<RecordConfidence> graded;
    for (const RecordRef& ref : figure.records) {
        if (auto g = GradeRecordIn(view, ref.kind, ref.id)) graded.push_back(std::move(*g));
    }
    return GradeFigure(graded);
}

std::string GradeCounts(const FigureConfidence& figure) {
    std::string out;
    for (std::size_t g = 0; g < kGradeCount; ++g) {
        if (figure.by_grade[g] == 0) continue;
        out += (out.empty() ? "" : ", ") + std::to_string(figure.by_grade[g]) + " " +
               std::string(EnumName(static_cast<Grade>(g)));
    }
    return out;
}

}  // namespace aidledger

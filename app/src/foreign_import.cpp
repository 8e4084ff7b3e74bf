// Import of other publishers' files (IATI activity XML, OCHA FTS flows): the readers in io/
// give foreign::File; this matches organisations to parties, adds the sources, validates,
// plans and writes, and reports like the tables' import.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "aidledger/app/import.h"
#include "aidledger/core/iati_org.h"
#include "aidledger/core/sha256.h"
#include "aidledger/io/fts_csv.h"
#include "aidledger/io/fts_json.h"
#include "aidledger/io/iati_import.h"

namespace aidledger::app {
namespace {

using foreign::Org;

// The reference aidledger's own IATI export gives a provider without an iati_id
// (io/iati/iati.h "Identifiers"): the party id follows it.
constexpr std::string_view kOwnPrefix = "xx-aidledger-";
// A name shorter than this is not compared for similarity ("WHO" is in many names).
constexpr std::size_t kMinSimilarName = 6;

std::string Fold(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (std::isspace(u) != 0 || c == ',' || c == '.' || c == '(' || c == ')') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(u));
    }
    return out;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Describe(const Org& o) {
    std::string d =
        o.name.empty() ? (o.ref ? *o.ref : o.country.value_or("?")) : "\"" + o.name + "\"";
    if (o.ref && !o.name.empty()) d += " (" + *o.ref + ")";
    return d;
}

// Organisations -> party ids: the ledger's live parties, and the parties this import creates.
class Matcher {
  public:
    Matcher(const LedgerView& view, const ReferenceData& ref, csv::ImportReport& report)
        : view_(view), ref_(ref), report_(report) {
        for (const Party& p : view.All<Party>()) {
            if (p.iati_id) by_ref_.emplace(Lower(*p.iati_id), p.id);
            by_name_[Fold(p.name)].push_back(p.id);
            if (p.iso_code && p.kind == PartyKind::kCountry) by_country_.emplace(*p.iso_code, p.id);
        }
        for (const auto& [alpha2, name] : ref.country_names)
            country_named_.emplace(Fold(name), alpha2);
    }

    // The party of the organisation; nullopt (with a problem for the caller) when it cannot be
    // had.
    std::optional<std::string> Resolve(const Org& org, std::string& problem) {
        std::string key = Key(org);
        if (auto it = done_.find(key); it != done_.end()) return it->second;
        std::optional<std::string> id = Find(org, problem);
        if (id) done_.emplace(key, *id);
        return id;
    }

    std::vector<Record> TakeNew() { return std::move(created_); }

  private:
    static std::string Key(const Org& o) {
        if (o.ref) return "ref:" + Lower(*o.ref);
        if (o.country) return "country:" + *o.country;
        return std::string(o.kind == PartyKind::kCountry ? "place:" : "name:") + Fold(o.name);
    }

    std::optional<std::string> Country(const std::string& alpha2, const std::string& shown) {
        if (auto it = by_country_.find(alpha2); it != by_country_.end()) return it->second;
        Party p;
        p.id = CountryPartyId(alpha2);
        auto name = ref_.country_names.find(alpha2);
        p.name = name != ref_.country_names.end() ? name->second : shown;
        p.kind = PartyKind::kCountry;
        p.iso_code = alpha2;
        report_.review.push_back("new country party " + p.id + " (" + p.name +
                                 "): the ledger had none for " + alpha2);
        by_country_.emplace(alpha2, p.id);
        created_.emplace_back(std::move(p));
        return CountryPartyId(alpha2);
    }

    std::optional<std::string> Find(const Org& org, std::string& problem) {
        if (org.country) return Country(*org.country, org.name);
        if (org.kind == PartyKind::kCountry && !org.name.empty()) {
            auto code = ref_.CountryCode(org.name);
            if (!code) {
                auto it = country_named_.find(Fold(org.name));
                if (it != country_named_.end()) code = it->second;
            }
            if (code) return Country(*code, org.name);
            problem = "location \"" + org.name + "\" is not a country of ISO 3166-1";
            return std::nullopt;
        }
        if (org.ref) {
            if (auto it = by_ref_.find(Lower(*org.ref)); it != by_ref_.end()) return it->second;
            std::string lower = Lower(*org.ref);
            if (lower.rfind(kOwnPrefix, 0) == 0) {
                std::string own = lower.substr(kOwnPrefix.size());
                if (view_.FindParty(own) != nullptr) return own;
            }
        }
        std::string id = NewId(org);
        if (view_.FindParty(id) != nullptr) return id;  // made by an earlier import of it
        std::string folded = Fold(org.name);
        if (!folded.empty()) {
            if (auto it = by_name_.find(folded); it != by_name_.end()) {
                if (it->second.size() == 1) {
                    const Party* p = view_.FindParty(it->second.front());
                    if (p != nullptr && (!p->iati_id || !org.ref)) {
                        report_.review.push_back("matched by name: " + Describe(org) +
                                                 " is taken to be party " + p->id +
                                                 "; check that they are the same");
                        return p->id;
                    }
                    report_.review.push_back(
                        Describe(org) + " has the name of party " + it->second.front() +
                        " but another IATI identifier: kept apart as party " + id);
                } else {
                    std::string ids;
                    for (const auto& other : it->second) ids += (ids.empty() ? "" : ", ") + other;
                    report_.review.push_back(Describe(org) + " has the name of several parties (" +
                                             ids + "): none chosen, kept apart as party " + id);
                }
            } else if (folded.size() >= kMinSimilarName) {
                for (const auto& [name, ids] : by_name_) {
                    if (name.size() < kMinSimilarName) continue;
                    // One name inside the other, and most of it: "World Health Organization
                    // (WHO)", not "Chinese companies (donors to Nigeria)".
                    const std::string& shorter = name.size() < folded.size() ? name : folded;
                    const std::string& longer = name.size() < folded.size() ? folded : name;
                    if (shorter.size() * 2 >= longer.size() &&
                        longer.find(shorter) != std::string::npos) {
                        report_.review.push_back(Describe(org) + " may be party " + ids.front() +
                                                 " (a similar name): kept apart as party " + id);
                        break;
                    }
                }
            }
        }
        return Create(org, id);
    }

    static std::string NewId(const Org& org) {
        if (org.ref) {
            std::string lower = Lower(*org.ref);
            if (lower.rfind(kOwnPrefix, 0) == 0) {
                std::string own = lower.substr(kOwnPrefix.size());
                if (IsValidId(own)) return own;
            }
            return foreign::StableId("org-", *org.ref, "org-ref:" + lower);
        }
        return foreign::StableId("org-", org.name, "org-name:" + Fold(org.name));
    }

    std::string Create(const Org& org, const std::string& id) {
        Party p;
        p.id = id;
        p.name = org.name.empty() ? org.ref.value_or(id) : org.name;
        std::string note;
        if (org.ref && Lower(*org.ref).rfind(kOwnPrefix, 0) != 0) {
            // A publisher's ref that is not an organisation identifier ("N/A", "EU", "20000")
            // is not kept as one: it still keys this import's matching and the party's id.
            if (IatiOrgIdProblem(*org.ref)) {
                note = "; its ref \"" + *org.ref +
                       "\" is not an IATI organisation identifier (docs/formats.md): "
                       "recorded without one";
            } else {
                p.iati_id = org.ref;
            }
        }
        if (org.kind && org.kind != PartyKind::kCountry) {
            p.kind = *org.kind;
        } else {
            p.kind = PartyKind::kCivilSociety;
            note += "; its organisation type is not given: recorded as civil_society";
        }
        // IATI has no type for the Red Cross and Red Crescent societies (they publish as NGOs,
        // 21 or 22): their names say it.
        std::string folded_name = Fold(p.name);
        if (p.kind == PartyKind::kCivilSociety &&
            (folded_name.find("red cross") != std::string::npos ||
             folded_name.find("red crescent") != std::string::npos)) {
            p.kind = PartyKind::kRedCross;
        }
        // A government's identifier begins with its country's code ("GB-GOV-1"): its party
        // belongs to that country, so figures by provider country count it.
        if ((p.kind == PartyKind::kCentralGovernment || p.kind == PartyKind::kLocalGovernment) &&
            org.ref && org.ref->size() > 3 && (*org.ref)[2] == '-') {
            if (auto code = ref_.CountryCode(org.ref->substr(0, 2))) {
                if (auto it = by_country_.find(*code); it != by_country_.end()) {
                    p.parent = it->second;
                }
            }
        }
        // FTS names governments "Italy, Government of".
        constexpr std::string_view kGovernmentOf = ", government of";
        std::string lower_name = Lower(p.name);
        if (!p.parent && p.kind == PartyKind::kCentralGovernment &&
            lower_name.size() > kGovernmentOf.size() &&
            lower_name.compare(lower_name.size() - kGovernmentOf.size(), kGovernmentOf.size(),
                               kGovernmentOf) == 0) {
            auto named =
                country_named_.find(Fold(p.name.substr(0, p.name.size() - kGovernmentOf.size())));
            if (named != country_named_.end()) {
                if (auto it = by_country_.find(named->second); it != by_country_.end()) {
                    p.parent = it->second;
                }
            }
        }
        report_.review.push_back("new party " + id + ": " + Describe(org) + ", " +
                                 std::string(EnumName(p.kind)) +
                                 (p.parent ? " of " + *p.parent : std::string()) + note);
        if (p.iati_id) by_ref_.emplace(Lower(*p.iati_id), id);
        by_name_[Fold(p.name)].push_back(id);
        created_.emplace_back(std::move(p));
        return id;
    }

    const LedgerView& view_;
    const ReferenceData& ref_;
    csv::ImportReport& report_;
    std::map<std::string, std::string> by_ref_;
    std::map<std::string, std::vector<std::string>> by_name_;
    std::map<std::string, std::string> by_country_;
    std::map<std::string, std::string> country_named_;
    std::map<std::string, std::string> done_;
    std::vector<Record> created_;
};

void SetParty(Record& record, const std::string& field, const std::string& id) {
    std::visit(
        [&](auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, CashContribution> || std::is_same_v<T, Donation>) {
                if (field == "provider") r.provider = id;
                if (field == "recipient") r.recipient = id;
            } else if constexpr (std::is_same_v<T, TeamDeployment>) {
                if (field == "provider") r.provider = id;
                if (field == "host") r.host = id;
            } else if constexpr (std::is_same_v<T, ExpertExchange>) {
                if (field == "organiser") r.organiser = id;
                if (field == "participants" &&
                    std::find(r.participants.begin(), r.participants.end(), id) ==
                        r.participants.end()) {
                    r.participants.push_back(id);
                }
            }
        },
        record);
}

csv::Position At(const foreign::Place& p) { return {p.line, p.column}; }

Result<foreign::File> Read(const csv::InputFile& file, ForeignFormat format,
                           const foreign::ReadOptions& options) {
    switch (format) {
        case ForeignFormat::kIati:
            return iati::ReadActivities(file.text, file.name, options);
        case ForeignFormat::kFtsJson:
            return json::ReadFtsFlows(file.text, file.name, options);
        case ForeignFormat::kFtsCsv:
            return csv::ReadFtsFlows(file.text, file.name, options);
    }
    return Error::Invalid(file.name, "not a file of another publisher");
}

std::string Summary(const foreign::File& f, const std::vector<std::int64_t>& kinds) {
    bool fts = f.format.rfind("OCHA", 0) == 0;
    std::string s =
        f.format + ", " + std::to_string(f.units) +
        (fts ? (f.units == 1 ? " flow" : " flows") : (f.units == 1 ? " activity" : " activities"));
    std::string made;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        if (kinds[k] == 0) continue;
        made += (made.empty() ? "" : ", ") + std::to_string(kinds[k]) + " " +
                std::string(EnumName(static_cast<Kind>(k)));
    }
    s += ": " + (made.empty() ? std::string("no records") : made);
    if (f.not_covid > 0) s += "; " + std::to_string(f.not_covid) + " not marked COVID-19 left out";
    return s;
}

}  // namespace

std::optional<ForeignFormat> ForeignFormatOf(const csv::InputFile& file) {
    if (iati::LooksLikeActivities(file.text)) return ForeignFormat::kIati;
    if (json::LooksLikeFtsFlows(file.text)) return ForeignFormat::kFtsJson;
    if (csv::LooksLikeFtsFlows(file.text)) return ForeignFormat::kFtsCsv;
    return std::nullopt;
}

Result<bool> IsForeign(const ImportRequest& request) {
    std::size_t foreign = 0;
    for (const auto& f : request.files) foreign += ForeignFormatOf(f) ? 1 : 0;
    if (foreign == 0) return false;
    if (foreign < request.files.size()) {
        return Error::Invalid("FILE",
                              "IATI activity files and FTS flows are imported apart from tables");
    }
    if (request.kind) {
        return Error::Invalid(FieldName("kind", request.spelling),
                              "IATI activity files and FTS flows hold several kinds; " +
                                  FieldName("kind", request.spelling) + " does not apply");
    }
    return true;
}

Result<csv::ImportReport> ImportForeign(Ledger& ledger, const ImportRequest& request,
                                        const WriteContext& context) {
    const ReferenceData& ref = ledger.reference();
    foreign::ReadOptions options{request.only_covid, request.today, &ref};
    csv::ImportReport report;
    std::vector<foreign::File> files;
    for (const csv::InputFile& in : request.files) {
        auto format = ForeignFormatOf(in);
        if (!format) return Error::Invalid(in.name, "is not IATI activity XML or FTS flows");
        if (request.progress) request.progress(csv::Progress{"reading " + in.name, 0, 0});
        auto file = Read(in, *format, options);
        if (!file) return file.take_error();
        for (const auto& p : file->problems) {
            report.problems.push_back({in.name, At(p.at), p.at.path, p.message});
        }
        for (const auto& p : file->skipped) {
            report.skipped.push_back({in.name, At(p.at), p.at.path, p.message});
        }
        files.push_back(std::move(*file));
    }

    auto view = ledger.View();
    if (!view) return view.take_error();
    Matcher matcher(*view, ref, report);
    std::map<std::string, std::string> item_named;
    for (const CatalogueItem& i : view->All<CatalogueItem>())
        item_named.emplace(Fold(i.name), i.id);
    bool unspecified_used = false;

    struct Planned {
        Record record;
        std::string file;
        foreign::Place at;
    };
    std::vector<Planned> planned;
    std::set<std::pair<Kind, std::string>> seen;
    for (foreign::File& file : files) {
        std::vector<std::int64_t> kinds(kKindCount, 0);
        for (Source& s : file.sources) {
            if (seen.insert({Kind::kSource, s.id}).second) {
                planned.push_back({std::move(s), file.name, {}});
            }
        }
        for (foreign::Item& item : file.items) {
            for (const auto& pf : item.parties) {
                std::string problem;
                auto id = matcher.Resolve(pf.org, problem);
                if (!id) {
                    report.problems.push_back({file.name, At(pf.org.at), pf.org.at.path, problem});
                    continue;
                }
                SetParty(item.record, pf.field, *id);
            }
            if (auto* d = std::get_if<Donation>(&item.record)) {
                for (std::size_t i = 0; i < d->lines.size(); ++i) {
                    std::string name = i < item.line_items.size() ? Fold(item.line_items[i]) : "";
                    auto it = item_named.find(name);
                    if (it != item_named.end()) {
                        d->lines[i].item = it->second;
                    } else {
                        unspecified_used = true;
                    }
                }
            }
            Kind kind = KindOf(item.record);
            if (!seen.insert({kind, IdOf(item.record)}).second) {
                report.problems.push_back({file.name, At(item.at), item.at.path,
                                           std::string(EnumName(kind)) + " " + IdOf(item.record) +
                                               " comes twice (an activity or flow repeated)"});
                continue;
            }
            ++kinds[static_cast<std::size_t>(kind)];
            planned.push_back({std::move(item.record), file.name, item.at});
        }
        csv::FileReport fr;
        fr.name = file.name;
        fr.summary = Summary(file, kinds);
        report.files.push_back(std::move(fr));
    }
    std::vector<Record> records = matcher.TakeNew();
    if (unspecified_used && view->FindItem(foreign::kUnspecifiedItem) == nullptr) {
        CatalogueItem item;
        item.id = std::string(foreign::kUnspecifiedItem);
        item.name = "In-kind aid, items not named in the catalogue's terms";
        item.hs_code = "9999";
        item.unit = "unspecified";
        report.review.push_back(
            "new catalogue item " + item.id +
            " for in-kind lines whose items the files do not name as the catalogue does");
        records.emplace_back(std::move(item));
    }
    std::size_t made = records.size();
    for (Planned& p : planned) records.push_back(std::move(p.record));

    // Validation, as Ledger::Write will see the batch: records of this import count as there.
    std::set<std::pair<Kind, std::string>> in_batch;
    for (const Record& r : records) in_batch.insert({KindOf(r), IdOf(r)});
    RecordExists exists = [&](Kind kind, std::string_view id) {
        if (in_batch.contains({kind, std::string(id)})) return true;
        return view->PositionOf(kind, id).has_value();
    };
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto problems = NormaliseAndValidate(records[i], ref, exists);
        if (problems.empty()) continue;
        std::string file = i < made ? report.files.front().name : planned[i - made].file;
        foreign::Place at = i < made ? foreign::Place{} : planned[i - made].at;
        for (const Problem& p : problems) {
            report.problems.push_back({file, At(at), at.path,
                                       std::string(EnumName(KindOf(records[i]))) + " " +
                                           IdOf(records[i]) + ": " + p.field + ": " + p.message});
        }
    }
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const csv::RowProblem& a, const csv::RowProblem& b) {
                         return std::tie(a.file, a.at) < std::tie(b.file, b.at);
                     });
    auto total = static_cast<std::int64_t>(records.size());
    if (!report.ok()) {
        // Nothing is written: every record the files gave is rejected with them.
        report.records.rejected = total;
        report.records.unchanged = 0;
        report.rows = report.records;
        return report;
    }
    if (request.progress) {
        request.progress(csv::Progress{"planning " + std::to_string(total) + " records", 0, 0});
    }
    auto plan = ledger.PlanUpserts(std::move(records));
    if (!plan) return plan.take_error();
    report.records.created = plan->created;
    report.records.updated = plan->updated;
    report.records.unchanged = plan->unchanged;
    report.rows = report.records;
    if (!request.dry_run && !plan->mutations.empty()) {
        if (request.progress) request.progress(csv::Progress{"writing", 0, 0});
        auto written = ledger.Write(std::move(plan->mutations), context);
        if (!written) return written.take_error();
    }
    return report;
}

}  // namespace aidledger::app

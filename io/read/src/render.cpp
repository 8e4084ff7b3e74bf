// The reading for review, as text and as JSON.
#include <nlohmann/json.hpp>
#include <sstream>
#include <variant>

#include "aidledger/core/money.h"
#include "aidledger/io/json_codec.h"
#include "aidledger/io/read.h"

namespace aidledger::read {
namespace {

std::string ValueText(const Claim& c, const ReferenceData& ref) {
    if (!c.value) return "unknown (missing from the text)";
    auto currency = c.keys.find("currency");
    bool money = c.metric == "cash.total" || c.metric == "cash.paid" || c.metric == "exports.value";
    if (money && currency != c.keys.end()) {
        return FormatMoneyForPeople(*c.value, currency->second, ref.Exponent(currency->second)) +
               " (" + std::to_string(*c.value) + " minor units)";
    }
    return std::to_string(*c.value);
}

std::string ProviderText(const ProviderScope& p) {
    std::string out = p.country.empty() ? "(no country)" : p.country;
    for (std::size_t i = 0; i < p.kinds.size(); ++i) {
        out += (i == 0 ? " " : ", ");
        out += EnumName(p.kinds[i]);
    }
    return out;
}

std::string MoneyText(const std::optional<Money>& m, const ReferenceData& ref) {
    if (!m) return "unknown";
    return FormatMoneyForPeople(m->minor, m->currency, ref.Exponent(m->currency));
}

// One line for a draft record: "team of cn to ir, sent 2020-02-27, size unknown".
std::string RecordText(const Record& record, const ReferenceData& ref) {
    std::ostringstream out;
    if (const auto* t = std::get_if<TeamDeployment>(&record)) {
        out << "team of " << t->provider << " to " << t->host << ", sent "
            << FormatInterval(t->sent);
        if (t->arrived) out << ", arrived " << FormatInterval(*t->arrived);
        out << ", size " << (t->size ? std::to_string(*t->size) : "unknown");
    } else if (const auto* d = std::get_if<Donation>(&record)) {
        out << "donation of " << d->provider << " to " << d->recipient;
        for (const auto& h : d->history)
            out << ", " << EnumName(h.status) << " " << FormatInterval(h.on);
        out << ", items unknown";
    } else if (const auto* c = std::get_if<CashContribution>(&record)) {
        out << "cash of " << c->provider << " to " << c->recipient << ", pledged "
            << MoneyText(c->pledged, ref) << " " << FormatInterval(c->pledged_on);
    } else if (const auto* m = std::get_if<Commitment>(&record)) {
        out << "commitment of " << m->by << " to ";
        for (std::size_t i = 0; i < m->to.size(); ++i) out << (i == 0 ? "" : ", ") << m->to[i];
        out << ", " << EnumName(m->form) << " " << FormatInterval(m->made_on) << ": \""
            << m->promise << "\"";
    } else {
        out << EnumName(KindOf(record)) << " " << IdOf(record);
    }
    return out.str();
}

}  // namespace

std::string RenderReadingText(const Reading& reading, const ReferenceData& ref,
                              const std::vector<TwinProposal>& proposals,
                              const std::vector<RecordMatch>& matches) {
    std::ostringstream out;
    const Source& s = reading.source;
    out << "source " << s.id << (reading.html ? " (read from HTML)" : "") << "\n";
    if (s.file) out << "  file:      " << *s.file << "\n";
    out << "  outlet:    " << s.outlet.value_or("(not found)") << "\n";
    out << "  title:     " << s.title.value_or("(not found)") << "\n";
    out << "  published: " << (reading.dated ? FormatInterval(s.published) : "(not found)") << "\n";
    out << "  SHA-256:   " << reading.sha256 << "\n";
    out << "  text:      " << s.text.size() << " bytes\n";
    for (const auto& n : reading.notes) out << "note: " << n << "\n";
    out << "draft claims: " << reading.claims.size() << "\n";
    for (std::size_t i = 0; i < reading.claims.size(); ++i) {
        const Claim& c = reading.claims[i].claim;
        out << "\n"
            << i + 1 << ". " << c.metric << " " << EnumName(c.qualifier) << " " << ValueText(c, ref)
            << "\n";
        if (!c.keys.empty()) {
            out << "   keys:     ";
            bool first = true;
            for (const auto& [k, v] : c.keys) {
                out << (first ? "" : ", ") << k << "=" << v;
                first = false;
            }
            out << "\n";
        }
        out << "   provider: " << ProviderText(c.provider) << "\n";
        out << "   stated:   " << (reading.dated ? FormatDate(c.stated_on) : "(unknown)");
        if (c.as_of) out << ", as of " << FormatDate(*c.as_of);
        if (c.period) out << ", period " << FormatPeriod(*c.period);
        out << "\n";
        out << "   rule:     " << reading.claims[i].rule << "\n";
        out << "   excerpt:  \"" << c.sources.front().excerpt << "\"\n";
        for (const auto& p : proposals) {
            if (p.draft != i) continue;
            Claim proposed = c;
            proposed.value = p.value;
            out << "   proposed: " << ValueText(proposed, ref);
            if (p.period) out << " for " << FormatPeriod(*p.period);
            out << " from claim " << p.twin_claim << " (" << p.twin_citation.source << ": \""
                << p.twin_citation.excerpt << "\")\n";
        }
    }
    if (!reading.records.empty()) out << "\ndraft records: " << reading.records.size() << "\n";
    for (std::size_t i = 0; i < reading.records.size(); ++i) {
        const DraftRecord& d = reading.records[i];
        out << "\n" << d.label << ". " << RecordText(d.record, ref) << "\n";
        if (const auto& notes = BaseOf(d.record).notes) out << "   note:     " << *notes << "\n";
        out << "   rule:     " << d.rule << "\n";
        for (const Citation& c : BaseOf(d.record).sources) {
            out << "   excerpt:  \"" << c.excerpt << "\"\n";
        }
        for (const RecordMatch& m : matches) {
            if (m.record != i || m.matches.empty()) continue;
            const LikelyDuplicate& dup = m.matches.front();
            out << "   cite:     looks like " << EnumName(dup.kind) << "/" << dup.second << " ("
                << ExplainDuplicate(dup) << "): accepting " << d.label
                << " adds this citation to it, not a new record\n";
            for (std::size_t k = 1; k < m.matches.size(); ++k) {
                out << "   also:     " << EnumName(m.matches[k].kind) << "/" << m.matches[k].second
                    << " (" << ExplainDuplicate(m.matches[k]) << ")\n";
            }
        }
    }
    return out.str();
}

std::string RenderReadingJson(const Reading& reading, const std::vector<TwinProposal>& proposals,
                              const std::vector<RecordMatch>& matches) {
    nlohmann::ordered_json out;
    out["source"] = nlohmann::ordered_json::parse(json::WriteRecord(reading.source));
    // An undated reading has no dates to give: the reviewer adds them.
    if (!reading.dated) out["source"].erase("published");
    out["sha256"] = reading.sha256;
    out["dated"] = reading.dated;
    out["html"] = reading.html;
    out["notes"] = reading.notes;
    auto claims = nlohmann::ordered_json::array();
    auto drafts = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < reading.claims.size(); ++i) {
        const auto& d = reading.claims[i];
        auto claim = nlohmann::ordered_json::parse(json::WriteRecord(d.claim));
        if (!reading.dated) claim.erase("stated_on");
        claims.push_back(std::move(claim));
        drafts.push_back({{"number", i + 1}, {"id", d.claim.id}, {"rule", d.rule}});
    }
    out["claims"] = std::move(claims);
    out["drafts"] = std::move(drafts);
    auto records = nlohmann::ordered_json::array();
    for (const DraftRecord& d : reading.records) {
        records.push_back({{"draft", d.label},
                           {"kind", std::string(EnumName(KindOf(d.record)))},
                           {"rule", d.rule},
                           {"record", nlohmann::ordered_json::parse(json::WriteRecord(d.record))}});
    }
    out["records"] = std::move(records);
    if (!proposals.empty()) {
        auto list = nlohmann::ordered_json::array();
        for (const auto& p : proposals) {
            nlohmann::ordered_json one = {
                {"draft", p.draft + 1},
                {"twin_claim", p.twin_claim},
                {"value", p.value},
                {"citation",
                 {{"source", p.twin_citation.source}, {"excerpt", p.twin_citation.excerpt}}}};
            if (p.period) one["period"] = FormatPeriod(*p.period);
            if (p.as_of) one["as_of"] = FormatDate(*p.as_of);
            list.push_back(std::move(one));
        }
        out["proposals"] = std::move(list);
    }
    if (!matches.empty()) {
        auto list = nlohmann::ordered_json::array();
        for (const RecordMatch& m : matches) {
            if (m.matches.empty()) continue;
            auto candidates = nlohmann::ordered_json::array();
            for (const LikelyDuplicate& d : m.matches) {
                auto differences = nlohmann::ordered_json::array();
                for (const FieldDifference& f : d.differences) {
                    differences.push_back(
                        {{"field", f.field}, {"draft", f.first}, {"existing", f.second}});
                }
                candidates.push_back({{"id", d.second},
                                      {"why", ExplainDuplicate(d)},
                                      {"differences", std::move(differences)}});
            }
            if (m.record >= reading.records.size()) continue;
            list.push_back({{"draft", reading.records[m.record].label},
                            {"cite", m.matches.front().second},
                            {"kind", std::string(EnumName(m.matches.front().kind))},
                            {"why", ExplainDuplicate(m.matches.front())},
                            {"candidates", std::move(candidates)}});
        }
        out["matches"] = std::move(list);
    }
    return out.dump(2);
}

std::string RenderReviewText(const std::vector<KeptReading>& queue) {
    std::ostringstream out;
    out << "readings to review: " << queue.size() << "\n";
    for (const KeptReading& k : queue) {
        out << "\n"
            << k.source.id << "  " << FormatInterval(k.source.published) << "  "
            << k.source.title.value_or("(no title)") << "\n   " << k.pending.size() << " of "
            << k.drafts << " drafts pending: ";
        for (std::size_t p = 0; p < k.pending.size(); ++p)
            out << (p == 0 ? "" : ",") << k.pending[p];
        out << "\n   read --source " << k.source.id << " to accept them; review --close "
            << k.source.id << " to reject the rest\n";
    }
    return out.str();
}

std::string RenderReviewJson(const std::vector<KeptReading>& queue) {
    auto list = nlohmann::ordered_json::array();
    for (const KeptReading& k : queue) {
        list.push_back({{"source", k.source.id},
                        {"title", k.source.title ? nlohmann::ordered_json(*k.source.title)
                                                 : nlohmann::ordered_json(nullptr)},
                        {"published", FormatInterval(k.source.published)},
                        {"drafts", k.drafts},
                        {"pending", k.pending}});
    }
    nlohmann::ordered_json out;
    out["readings"] = std::move(list);
    return out.dump(2);
}

}  // namespace aidledger::read

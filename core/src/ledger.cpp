#include "aidledger/core/ledger.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "aidledger/core/integrity.h"

namespace aidledger {
Result<std::vector<VersionMeta>> Ledger::Write(std::vector<Mutation> batch,
                                               const WriteContext& context) {
    if (context.reason.empty()) return Error::Invalid("reason", "required: say why");
    if (context.author.empty()) return Error::Invalid("author", "required");
    if (auto bad = TextProblem(context.reason, TextLines::kMany)) {
        return Error::Invalid("reason", std::move(*bad));
    }
    if (auto bad = TextProblem(context.author, TextLines::kOne)) {
        return Error::Invalid("author", std::move(*bad));
    }

    // What the batch itself makes live or retires, so later entries may refer to earlier ones.
    std::map<std::pair<Kind, std::string>, bool, std::less<>> batch_live;
    // Store answers, cached: large batches refer to the same parties again and again.
    std::map<std::pair<Kind, std::string>, bool, std::less<>> store_live;
    std::optional<Error> store_error;
    RecordExists exists = [&](Kind kind, std::string_view id) {
        std::pair<Kind, std::string> key{kind, std::string(id)};
        if (auto it = batch_live.find(key); it != batch_live.end()) return it->second;
        if (auto it = store_live.find(key); it != store_live.end()) return it->second;
        auto got = store_.Get(kind, id, std::nullopt);
        if (!got) {
            store_error = got.take_error();
            return false;
        }
        bool live = got->has_value() && !(*got)->meta.retired;
        store_live.emplace(std::move(key), live);
        return live;
    };

    // The text of each source the batch writes (the latest in the batch), so that a record
    // may quote a source created in the same batch.
    std::map<std::string, const Source*, std::less<>> batch_sources;
    std::vector<Problem> problems;
    for (auto& m : batch) {
        if (m.op == Mutation::Op::kRetire) {
            batch_live[{m.kind, m.id}] = false;
            continue;
        }
        if (m.record) {
            if (const auto* source = std::get_if<Source>(&*m.record)) {
                batch_sources[source->id] = source;
            }
        }
        if (!m.record) {
            problems.push_back({RefName(m.kind, m.id), "no record given"});
            continue;
        }
        Record& r = *m.record;
        if (m.id.empty()) m.id = IdOf(r);
        m.kind = KindOf(r);
        if (IdOf(r) != m.id) {
            problems.push_back({RefName(m.kind, m.id) + ": id",
                                "the record's id \"" + IdOf(r) + "\" differs from " + m.id});
        }
        // A record may refer to itself (a party's parent check handles the loop case), and
        // the batch may refer forward to records created later in the same batch.
        batch_live[{m.kind, m.id}] = true;
    }
    // Quotes are checked when written (issue 14): a citation's excerpt must occur in its
    // source's text, folded as `check` folds it (integrity.h, FoldForQuote). Validation requires
    // every source's text; one stored empty before (none should be) is not held against quotes.
    std::map<std::string, std::optional<std::string>, std::less<>> stored_text;
    auto source_text = [&](const std::string& id) -> std::optional<std::string> {
        if (auto it = batch_sources.find(id); it != batch_sources.end()) {
            return it->second->text.empty() ? std::nullopt
                                            : std::optional<std::string>(it->second->text);
        }
        if (auto it = stored_text.find(id); it != stored_text.end()) return it->second;
        std::optional<std::string> text;
        auto got = store_.Get(Kind::kSource, id, std::nullopt);
        if (!got) {
            store_error = got.take_error();
        } else if (got->has_value() && !(*got)->meta.retired) {
            const auto& source = std::get<Source>((*got)->record);
            if (!source.text.empty()) text = source.text;
        }
        stored_text.emplace(id, text);
        return text;
    };
    for (auto& m : batch) {
        if (m.op == Mutation::Op::kRetire || !m.record) continue;
        for (auto& p : NormaliseAndValidate(*m.record, ref_, exists)) {
            problems.push_back({RefName(m.kind, m.id) + ": " + p.field, std::move(p.message)});
        }
        const auto& citations = BaseOf(*m.record).sources;
        for (std::size_t i = 0; i < citations.size(); ++i) {
            const Citation& c = citations[i];
            if (c.excerpt.empty()) continue;
            auto text = source_text(c.source);
            if (!text) continue;
            if (FoldForQuote(*text).find(FoldForQuote(c.excerpt)) == std::string::npos) {
                problems.push_back(
                    {RefName(m.kind, m.id) + ": sources[" + std::to_string(i) + "].excerpt",
                     "not found in the text of source " + c.source +
                         " (compared with spaces, case and quote marks folded): "
                         "quote the source word for word"});
            }
        }
        if (store_error) return *store_error;
    }
    if (!problems.empty()) return Error::FromProblems(std::move(problems));
    if (auto conflict = CheckOneCountryParty(batch); !conflict.ok()) return conflict.take_error();
    if (!context.allow_orphans) {
        auto orphans = Orphans(batch);
        if (!orphans) return orphans.take_error();
        if (!orphans->empty()) return OrphansError(batch, *orphans);
    }
    return store_.Apply(batch, context);
}

Error Ledger::OrphansError(const std::vector<Mutation>& batch,
                           const std::vector<RecordRef>& orphans) {
    constexpr std::size_t kNamed = 5;
    std::string field;
    for (const auto& m : batch) {
        if (m.op == Mutation::Op::kRetire) {
            field = RefName(m.kind, m.id);
            break;
        }
    }
    std::string list;
    for (std::size_t i = 0; i < orphans.size() && i < kNamed; ++i) {
        list += (i == 0 ? "" : ", ") + RefName(orphans[i].kind, orphans[i].id);
    }
    if (orphans.size() > kNamed) list += ", ...";
    return Error::Conflict(field, "is cited or referred to by " + std::to_string(orphans.size()) +
                                      " live record" + (orphans.size() == 1 ? "" : "s") + " (" +
                                      list +
                                      "); retire or update them first, or force the retirement "
                                      "(--force, ?force=true) to leave them orphaned");
}

Result<std::vector<RecordRef>> Ledger::Orphans(const std::vector<Mutation>& batch) {
    std::set<std::pair<Kind, std::string>, std::less<>> retired;
    std::map<std::pair<Kind, std::string>, const Mutation*, std::less<>> touched;
    for (const auto& m : batch) {
        if (m.op == Mutation::Op::kRetire) retired.emplace(m.kind, m.id);
        touched[{m.kind, m.id}] = &m;
    }
    std::vector<RecordRef> out;
    if (retired.empty()) return out;
    auto refers = [&](const Record& record) {
        return std::ranges::any_of(ReferencesOf(record), [&](const RecordRef& ref) {
            return retired.contains(std::pair<Kind, std::string>(ref.kind, ref.id));
        });
    };
    auto live = store_.Scan(ScanQuery{std::nullopt, std::nullopt, false});
    if (!live) return live.take_error();
    for (const auto& s : *live) {
        auto it = touched.find(std::pair<Kind, std::string>(s.meta.kind, s.meta.id));
        if (it != touched.end()) continue;  // judged below by what the batch makes of it
        if (refers(s.record)) out.push_back({s.meta.kind, s.meta.id});
    }
    for (const auto& m : batch) {
        if (m.op == Mutation::Op::kRetire || !m.record) continue;
        if (touched[{m.kind, m.id}] != &m) continue;  // a later entry rewrites it
        if (refers(*m.record)) out.push_back({m.kind, m.id});
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<void> Ledger::CheckOneCountryParty(const std::vector<Mutation>& batch) {
    // A country or region is one party: two parties for "FR" would count France twice.
    std::map<std::string, std::string> owner;  // ISO code -> party id
    bool any = false;
    for (const auto& m : batch) {
        if (m.op == Mutation::Op::kRetire || !m.record) continue;
        const auto* p = std::get_if<Party>(&*m.record);
        if (p != nullptr && p->iso_code &&
            (p->kind == PartyKind::kCountry || p->kind == PartyKind::kRegion)) {
            any = true;
        }
    }
    if (!any) return Ok{};
    auto live = store_.Scan(ScanQuery{Kind::kParty, std::nullopt, false});
    if (!live) return live.take_error();
    std::map<std::string, bool> changing;  // ids written or retired by this batch
    for (const auto& m : batch) {
        if (m.kind == Kind::kParty) changing[m.id] = true;
    }
    auto claim = [&](const Party& p) -> Result<void> {
        if (!p.iso_code || (p.kind != PartyKind::kCountry && p.kind != PartyKind::kRegion)) {
            return Ok{};
        }
        auto [it, inserted] = owner.emplace(*p.iso_code, p.id);
        if (!inserted && it->second != p.id) {
            return Error::Conflict(RefName(Kind::kParty, p.id) + ": iso_code",
                                   *p.iso_code + " is already party " + it->second +
                                       "; use that party, or a child of it");
        }
        return Ok{};
    };
    for (const auto& s : *live) {
        if (!changing.contains(s.meta.id)) {
            if (auto r = claim(std::get<Party>(s.record)); !r.ok()) return r;
        }
    }
    for (const auto& m : batch) {
        if (m.op == Mutation::Op::kRetire || !m.record) continue;
        if (const auto* p = std::get_if<Party>(&*m.record)) {
            if (auto r = claim(*p); !r.ok()) return r;
        }
    }
    return Ok{};
}

Result<UpsertPlan> Ledger::PlanUpserts(std::vector<Record> records) {
    UpsertPlan plan;
    plan.mutations.reserve(records.size());
    for (auto& r : records) {
        Kind kind = KindOf(r);
        std::string id = IdOf(r);
        // Compare in normal form (codes upper-case, alpha-3 mapped) so that an identical
        // record written differently is still unchanged; Write() reports the problems.
        (void)NormaliseAndValidate(r, ref_, [](Kind, std::string_view) { return true; });
        auto current = store_.Get(kind, id, std::nullopt);
        if (!current) return current.take_error();
        Mutation m;
        m.kind = kind;
        m.id = id;
        if (!current->has_value()) {
            m.op = Mutation::Op::kCreate;
            ++plan.created;
        } else if ((*current)->meta.retired) {
            return Error::Conflict(RefName(kind, id), "was retired; ids are never reused");
        } else if ((*current)->record == r) {
            ++plan.unchanged;
            continue;
        } else {
            m.op = Mutation::Op::kUpdate;
            m.expected_version = (*current)->meta.version;
            ++plan.updated;
        }
        m.record = std::move(r);
        plan.mutations.push_back(std::move(m));
    }
    return plan;
}

Result<LedgerView> Ledger::View(std::optional<LedgerTime> at) {
    auto scanned = store_.Scan(ScanQuery{std::nullopt, at, false});
    if (!scanned) return scanned.take_error();
    return LedgerView(std::move(*scanned), at);
}

}  // namespace aidledger

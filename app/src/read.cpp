#include "aidledger/app/read.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "aidledger/core/validate.h"

namespace aidledger::app {

Result<read::ReadOptions> ReadOptionsOf(const ReadAsked& asked, Spelling spelling) {
    read::ReadOptions ro;
    ro.name = asked.name;
    ro.source_id = asked.id;
    // Room for the drafts' ids, "<source id>-c<N>".
    constexpr std::size_t kClaimSuffix = 6;
    if (!asked.id.empty() &&
        (!IsValidId(asked.id) || asked.id.size() + kClaimSuffix > kMaxIdLength)) {
        return Error::Invalid(FieldName("id", spelling),
                              "not an id: 1-" + std::to_string(kMaxIdLength - kClaimSuffix) +
                                  " characters of a-z, 0-9, '.', '_', '-'");
    }
    if (!asked.published.empty()) {
        auto p = ParseInterval(asked.published, FieldName("published", spelling));
        if (!p) return p.take_error();
        ro.published = *p;
    }
    if (!asked.outlet.empty()) ro.outlet = asked.outlet;
    if (!asked.title.empty()) ro.title = asked.title;
    if (!asked.url.empty()) ro.url = asked.url;
    return ro;
}

std::vector<read::TwinProposal> ProposeTwins(const read::Reading& reading, const LedgerView& view,
                                             const std::function<bool(const Record&)>& keep) {
    std::vector<Claim> known;
    for (const Claim& c : view.All<Claim>()) {
        if (keep && !keep(Record{c})) continue;
        known.push_back(c);
    }
    return read::ProposeFromTwins(reading, known);
}

std::vector<read::PartyName> PartyNames(const LedgerView& view,
                                        const std::function<bool(const Record&)>& keep) {
    std::vector<read::PartyName> out;
    for (const Party& p : view.All<Party>()) {
        if (p.kind == PartyKind::kCountry) continue;
        if (keep && !keep(Record{p})) continue;
        out.push_back({p.id, p.name});
    }
    return out;
}

std::vector<DraftMatch> MatchDrafts(const read::Reading& reading, const LedgerView& view,
                                    const std::function<bool(const Record&)>& keep) {
    std::vector<DraftMatch> out;
    for (std::size_t i = 0; i < reading.records.size(); ++i) {
        DraftMatch m;
        m.record = i;
        const Record& draft = reading.records[i].record;
        for (LikelyDuplicate& d : MatchExisting(view, draft)) {
            auto existing = RecordOf(view, d.kind, d.second);
            if (!existing) continue;
            if (keep && !keep(*existing)) continue;
            if (m.matches.empty()) m.existing = std::move(*existing);
            m.matches.push_back(std::move(d));
        }
        if (!m.matches.empty()) out.push_back(std::move(m));
    }
    return out;
}

Result<ChosenDrafts> ParseDraftList(std::string_view field, std::string_view text,
                                    std::size_t claims,
                                    const std::vector<read::DraftRecord>& records) {
    ChosenDrafts out;
    if (text == "all") {
        for (std::size_t i = 0; i < claims; ++i) out.claims.push_back(i);
        for (std::size_t i = 0; i < records.size(); ++i) out.records.push_back(i);
        return out;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        std::string part(text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        bool record =
            !part.empty() && (part[0] == 't' || part[0] == 'd' || part[0] == 'm' || part[0] == 'p');
        std::string digits = record ? part.substr(1) : part;
        if (digits.empty() || digits.size() > 6 ||
            digits.find_first_not_of("0123456789") != std::string::npos) {
            return Error::Invalid(std::string(field),
                                  "'" + part +
                                      "' is not a draft: give all, claim numbers such as 1,3, "
                                      "or draft records such as t1 (team), d1 (donation), m1 "
                                      "(cash), p1 (commitment)");
        }
        if (record) {
            auto found = std::find_if(records.begin(), records.end(),
                                      [&](const read::DraftRecord& d) { return d.label == part; });
            if (found == records.end()) {
                std::size_t of_kind = 0;
                for (const auto& d : records) of_kind += d.label[0] == part[0] ? 1 : 0;
                return Error::Invalid(std::string(field),
                                      "no draft " + part + ": the reading has " +
                                          std::to_string(of_kind) + " draft records " +
                                          part.substr(0, 1) + "N");
            }
            std::size_t i = static_cast<std::size_t>(found - records.begin());
            if (std::find(out.records.begin(), out.records.end(), i) == out.records.end()) {
                out.records.push_back(i);
            }
        } else {
            std::size_t n = std::stoul(digits);
            if (n == 0 || n > claims) {
                return Error::Invalid(std::string(field),
                                      "no draft " + part + ": the reading has " +
                                          std::to_string(claims) + " draft claims");
            }
            if (std::find(out.claims.begin(), out.claims.end(), n - 1) == out.claims.end()) {
                out.claims.push_back(n - 1);
            }
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

namespace {

// The drafts `asked.accept` names, with the proposals `asked.fill` names taken.
Result<std::vector<Record>> AcceptedRecords(read::Reading& reading,
                                            const std::vector<read::TwinProposal>& proposals,
                                            const AcceptAsked& asked, Spelling spelling) {
    const std::string fill_field = FieldName("fill", spelling);
    auto chosen = ParseDraftList(FieldName("accept", spelling), asked.accept, reading.claims.size(),
                                 reading.records);
    if (!chosen) return chosen.take_error();
    std::vector<std::size_t> fill;
    if (!asked.fill.empty()) {
        auto f = ParseDraftList(fill_field, asked.fill, reading.claims.size(), {});
        if (!f) return f.take_error();
        fill = std::move(f->claims);
    }
    for (std::size_t i : fill) {
        if (std::find(chosen->claims.begin(), chosen->claims.end(), i) == chosen->claims.end()) {
            return Error::Invalid(fill_field, "draft " + std::to_string(i + 1) +
                                                  " is not accepted: name it in " +
                                                  FieldName("accept", spelling) + " too");
        }
    }
    std::map<std::string, Record> edits;
    if (!asked.edits.empty()) {
        const std::string edits_field = FieldName("edits", spelling);
        auto parsed = read::ParseEdits(asked.edits, reading, edits_field);
        if (!parsed) return parsed.take_error();
        edits = std::move(*parsed);
        for (const auto& [label, record] : edits) {
            bool accepted = false;
            for (std::size_t i : chosen->claims) accepted |= std::to_string(i + 1) == label;
            for (std::size_t i : chosen->records) accepted |= reading.records[i].label == label;
            if (!accepted) {
                std::string field = edits_field;
                field += '.';
                field += label;
                std::string message = "draft ";
                message += label;
                message += " is not accepted: name it in ";
                message += FieldName("accept", spelling);
                message += " too";
                return Error::Invalid(std::move(field), std::move(message));
            }
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
        if (auto e = edits.find(std::to_string(i + 1)); e != edits.end()) {
            out.push_back(std::move(e->second));
            continue;
        }
        if (wanted && proposal != nullptr) c = read::WithProposal(c, *proposal);
        if (wanted && proposal == nullptr && asked.fill != "all") {
            return Error::Invalid(fill_field, "draft " + std::to_string(i + 1) +
                                                  " has no proposed value (see " +
                                                  FieldName("twins", spelling) + ")");
        }
        out.emplace_back(std::move(c));
    }
    for (std::size_t i : chosen->records) {
        auto e = edits.find(reading.records[i].label);
        out.push_back(e != edits.end() ? std::move(e->second)
                                       : std::move(reading.records[i].record));
    }
    return out;
}

// The existing record with the draft's citations it lacks added (by source); nullopt when it
// cites them all already.
std::optional<Record> WithCitations(const Record& existing, const Record& draft) {
    Record out = existing;
    bool added = false;
    for (const Citation& c : BaseOf(draft).sources) {
        auto& sources = BaseOf(out).sources;
        bool cited = std::any_of(sources.begin(), sources.end(),
                                 [&](const Citation& s) { return s.source == c.source; });
        if (!cited) {
            sources.push_back(c);
            added = true;
        }
    }
    if (!added) return std::nullopt;
    return out;
}

}  // namespace

Result<std::vector<Mutation>> AcceptedBatch(read::Reading& reading,
                                            const std::vector<read::TwinProposal>& proposals,
                                            const AcceptAsked& asked, Spelling spelling,
                                            const std::vector<DraftMatch>& matches,
                                            bool source_stored) {
    if (!reading.dated) {
        return Error::Invalid(
            FieldName("accept", spelling),
            "the report's publication date is unknown: give " +
                (spelling == Spelling::kFlag ? std::string("--published")
                                             : std::string("published (D or D1/D2)")));
    }
    std::vector<std::size_t> as_new;
    if (!asked.as_new.empty()) {
        auto n = ParseDraftList(FieldName("as_new", spelling), asked.as_new, 0, reading.records);
        if (!n) return n.take_error();
        as_new = std::move(n->records);
    }
    // Which existing record each draft record cites instead, by the draft's id (the drafts are
    // moved from below).
    std::map<std::string, const Record*> cites;
    for (const DraftMatch& m : matches) {
        if (m.record >= reading.records.size()) continue;
        if (std::find(as_new.begin(), as_new.end(), m.record) != as_new.end()) continue;
        cites[IdOf(reading.records[m.record].record)] = &m.existing;
    }
    auto records = AcceptedRecords(reading, proposals, asked, spelling);
    if (!records) return records.take_error();
    std::vector<Mutation> batch;
    std::string source_id = reading.source.id;
    if (!source_stored) {
        batch.push_back(
            Mutation{Mutation::Op::kCreate, Kind::kSource, source_id, Record{reading.source}, {}});
    }
    for (Record& r : *records) {
        Kind kind = KindOf(r);
        std::string id = IdOf(r);
        if (auto c = cites.find(id); c != cites.end()) {
            if (auto updated = WithCitations(*c->second, r)) {
                batch.push_back(Mutation{
                    Mutation::Op::kUpdate, kind, IdOf(*c->second), std::move(*updated), {}});
            }
            continue;
        }
        batch.push_back(Mutation{Mutation::Op::kCreate, kind, id, std::move(r), {}});
    }
    return batch;
}

Result<bool> StoredSource(const read::Reading& reading, const LedgerView& view, Spelling spelling) {
    const Source* stored = view.FindSource(reading.source.id);
    if (stored == nullptr) return false;
    if (stored->text != reading.source.text) {
        return Error::Conflict(
            FieldName("id", spelling),
            "source " + reading.source.id + " is another text: give the report another id");
    }
    return true;
}

Result<std::vector<Mutation>> KeptBatch(const read::Reading& reading, Spelling spelling) {
    if (!reading.dated) {
        return Error::Invalid(
            FieldName("keep", spelling),
            "the report's publication date is unknown: give " +
                (spelling == Spelling::kFlag ? std::string("--published")
                                             : std::string("published (D or D1/D2)")));
    }
    return std::vector<Mutation>{Mutation{
        Mutation::Op::kCreate, Kind::kSource, reading.source.id, Record{reading.source}, {}}};
}

read::ReadOptions StoredReadOptions(const Source& source) {
    read::ReadOptions o;
    o.name = source.file.value_or(source.id);
    o.source_id = source.id;
    o.published = source.published;
    o.outlet = source.outlet;
    o.title = source.title;
    o.url = source.url;
    return o;
}

namespace {

// Whether `source` was written by `aidledger read` (read::ReadReport's note) and its review is
// open.
bool OpenReading(const Source& source) {
    if (!source.notes || !source.notes->starts_with("Read by aidledger read")) return false;
    return source.notes->find(kReviewClosed) == std::string::npos;
}

// Whether a draft record is in the ledger: its id, or a record it looks like (MatchExisting)
// that cites this source, as accepting it as a citation makes. Sources are compared by id only
// (a server's view keeps the cited source ids, not every excerpt).
bool DraftWritten(const LedgerView& view, const Record& draft, const std::string& source) {
    Kind kind = KindOf(draft);
    if (view.PositionOf(kind, IdOf(draft))) return true;
    // The draft without its citations: a record that cites the same source is one it may be
    // (the rule of duplicates leaves out pairs with a source in common, as two events).
    Record probe = draft;
    BaseOf(probe).sources.clear();
    for (const LikelyDuplicate& d : MatchExisting(view, probe)) {
        const std::vector<Citation>* cited = view.CitationsOf(RecordRef{d.kind, d.second});
        if (cited == nullptr) continue;
        for (const Citation& c : *cited) {
            if (c.source == source) return true;
        }
    }
    return false;
}

}  // namespace

std::vector<KeptReading> ReviewQueue(const LedgerView& view, const ReferenceData& ref,
                                     const std::function<bool(const Record&)>& keep) {
    std::vector<KeptReading> out;
    std::vector<read::PartyName> parties = PartyNames(view, keep);
    for (const Source& s : view.All<Source>()) {
        if (!OpenReading(s)) continue;
        if (keep && !keep(Record{s})) continue;
        read::ReadOptions options = StoredReadOptions(s);
        options.parties = parties;
        auto reading = read::ReadReport(s.text, options, ref);
        if (!reading) continue;  // a stored text the reader refuses has no drafts to review
        KeptReading k;
        k.source = s;
        k.drafts = reading->claims.size() + reading->records.size();
        for (std::size_t i = 0; i < reading->claims.size(); ++i) {
            if (!view.PositionOf(Kind::kClaim, reading->claims[i].claim.id)) {
                k.pending.push_back(std::to_string(i + 1));
            }
        }
        for (const read::DraftRecord& d : reading->records) {
            if (!DraftWritten(view, d.record, s.id)) k.pending.push_back(d.label);
        }
        if (!k.pending.empty()) out.push_back(std::move(k));
    }
    std::sort(out.begin(), out.end(), [](const KeptReading& a, const KeptReading& b) {
        if (a.source.published.latest != b.source.published.latest) {
            return a.source.published.latest > b.source.published.latest;
        }
        return a.source.id < b.source.id;
    });
    return out;
}

Result<Mutation> CloseReview(LedgerStore& store, std::string_view id, std::string_view field) {
    auto current = store.Get(Kind::kSource, id, std::nullopt);
    if (!current) return current.take_error();
    if (!*current || (*current)->meta.retired) {
        return Error::NotFound(RefName(Kind::kSource, std::string(id)), "no such source");
    }
    const auto* s = std::get_if<Source>(&(*current)->record);
    if (s == nullptr)
        return Error::NotFound(RefName(Kind::kSource, std::string(id)), "no such source");
    if (!s->notes || !s->notes->starts_with("Read by aidledger read")) {
        return Error::Invalid(std::string(field), "source " + std::string(id) +
                                                      " was not read by aidledger read: no review "
                                                      "to close");
    }
    if (!OpenReading(*s)) {
        return Error::Invalid(std::string(field),
                              "the review of source " + std::string(id) + " is closed already");
    }
    Source closed = *s;
    *closed.notes += " ";
    *closed.notes += kReviewClosed;
    Mutation m{Mutation::Op::kUpdate, Kind::kSource, closed.id, Record{closed}, {}};
    m.expected_version = (*current)->meta.version;
    return m;
}

Result<std::vector<VersionMeta>> WriteAccepted(Ledger& ledger, std::vector<Mutation> batch,
                                               const WriteContext& context) {
    for (Mutation& m : batch) {
        if (m.op != Mutation::Op::kUpdate || !m.record) continue;
        auto current = ledger.store().Get(m.kind, m.id, std::nullopt);
        if (!current) return current.take_error();
        if (!*current || (*current)->meta.retired) {
            return Error::NotFound(RefName(m.kind, m.id), "the record to cite was retired");
        }
        Record body = (*current)->record;
        for (const Citation& c : BaseOf(*m.record).sources) {
            auto& sources = BaseOf(body).sources;
            bool cited = std::any_of(sources.begin(), sources.end(),
                                     [&](const Citation& s) { return s.source == c.source; });
            if (!cited) sources.push_back(c);
        }
        m.record = std::move(body);
        m.expected_version = (*current)->meta.version;
    }
    return ledger.Write(std::move(batch), context);
}

}  // namespace aidledger::app

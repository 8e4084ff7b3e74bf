#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "aidledger/io/json_bundle.h"
#include "aidledger/io/json_checked.h"
#include "aidledger/io/json_codec.h"

namespace aidledger::json {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kFormat = "aidledger-bundle";
constexpr int kFormatVersion = 1;

// line:column (1-based) of a byte offset.
std::string LineColumn(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

std::string RefName(Kind kind, const std::string& id) {
    return std::string(EnumName(kind)) + "/" + id;
}

}  // namespace

Result<std::vector<StoredRecord>> CollectHistory(LedgerStore& store, std::optional<LedgerTime> at) {
    auto records = store.Scan(ScanQuery{std::nullopt, at, true});
    if (!records) return records.take_error();
    std::vector<StoredRecord> out;
    for (const StoredRecord& latest : *records) {
        auto history = store.History(latest.meta.kind, latest.meta.id);
        if (!history) return history.take_error();
        for (StoredRecord& version : *history) {
            if (version.meta.seq <= latest.meta.seq) out.push_back(std::move(version));
        }
    }
    std::sort(out.begin(), out.end(),
              [](const StoredRecord& a, const StoredRecord& b) { return a.meta.seq < b.meta.seq; });
    return out;
}

std::string WriteBundle(const std::vector<StoredRecord>& versions, LedgerTime exported_at,
                        std::optional<LedgerTime> at) {
    std::string out = "{\"format\": \"" + std::string(kFormat) +
                      "\", \"format_version\": " + std::to_string(kFormatVersion) +
                      ", \"exported_at\": \"" + FormatLedgerTime(exported_at) + "\", \"at\": " +
                      (at ? "\"" + FormatLedgerTime(*at) + "\"" : std::string("null")) +
                      ",\n\"versions\": [";
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const VersionMeta& m = versions[i].meta;
        nlohmann::ordered_json head = nlohmann::ordered_json::object();
        head["seq"] = m.seq;
        head["kind"] = EnumName(m.kind);
        head["id"] = m.id;
        head["version"] = m.version;
        head["recorded_at"] = FormatLedgerTime(m.recorded_at);
        head["author"] = m.author;
        head["reason"] = m.reason;
        head["retired"] = m.retired;
        // Replaced, not thrown: a reason stored before the text rule may not be UTF-8.
        std::string line =
            head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        line.pop_back();  // the closing brace: the record follows as one more member
        out += (i > 0 ? ",\n" : "\n") + line + ", \"record\": " + WriteRecord(versions[i].record) +
               "}";
    }
    out += "\n]}\n";
    return out;
}

bool LooksLikeBundle(std::string_view text) {
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
        ++i;
    }
    if (i >= text.size() || text[i] != '{') return false;
    ++i;
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
        ++i;
    }
    return text.substr(i, 8) == "\"format\"";
}

namespace {

// The bundle's JSON, once it is well-formed and says it is an aidledger bundle of this
// format version holding a list of versions.
Result<Json> ParseBundleHead(std::string_view text, const std::string& o) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    Json j;
    try {
        auto checked = ParseCheckedJson<Json>(text, o);
        if (!checked) {
            Error e = checked.take_error();
            if (e.field != o) e.field = o + ": " + e.field;
            return e;
        }
        j = std::move(*checked);
    } catch (const Json::parse_error& e) {
        return Error::Invalid(o + ":" + LineColumn(text, e.byte > 0 ? e.byte - 1 : 0),
                              "malformed JSON");
    }
    if (!j.is_object() || j.value("format", "") != kFormat) {
        return Error::Invalid(o, "not an aidledger bundle (no \"format\": \"aidledger-bundle\")");
    }
    if (!j.contains("format_version") || !j["format_version"].is_number_integer() ||
        j["format_version"].get<int>() != kFormatVersion) {
        return Error::Invalid(
            o + ": format_version",
            "this aidledger reads bundle format version " + std::to_string(kFormatVersion));
    }
    if (!j.contains("versions") || !j["versions"].is_array()) {
        return Error::Invalid(o + ": versions", "expected a list of versions");
    }
    return j;
}

// One element of "versions" (at `path`): its metadata and record, or nothing with its
// problems added to `problems`. A version whose record parsed but whose id differs from the
// metadata's is returned, its problem added.
std::optional<StoredRecord> ParseVersion(const Json& v, const std::string& path,
                                         std::vector<Problem>& problems) {
    auto add = [&](const std::string& field, std::string message) {
        problems.push_back({path + "." + field, std::move(message)});
    };
    if (!v.is_object()) {
        problems.push_back({path, "expected a version object"});
        return std::nullopt;
    }
    VersionMeta meta;
    auto integer = [&](const char* field, std::int64_t& outv) {
        if (!v.contains(field) || !v[field].is_number_integer()) {
            add(field, "expected a whole number");
        } else {
            outv = v[field].get<std::int64_t>();
        }
    };
    auto text_field = [&](const char* field, std::string& outv) {
        if (!v.contains(field) || !v[field].is_string()) {
            add(field, "expected a string");
        } else {
            outv = v[field].get<std::string>();
        }
    };
    integer("seq", meta.seq);
    integer("version", meta.version);
    text_field("id", meta.id);
    text_field("author", meta.author);
    text_field("reason", meta.reason);
    std::string kind_name;
    text_field("kind", kind_name);
    auto kind = ParseEnum<Kind>(kind_name);
    if (!kind) {
        add("kind", "expected one of " + EnumChoices<Kind>());
        return std::nullopt;
    }
    meta.kind = *kind;
    std::string recorded_at;
    text_field("recorded_at", recorded_at);
    if (auto t = ParseLedgerTime(recorded_at, "recorded_at"); t) {
        meta.recorded_at = *t;
    } else {
        add("recorded_at", t.error().message);
    }
    if (!v.contains("retired") || !v["retired"].is_boolean()) {
        add("retired", "expected true or false");
    } else {
        meta.retired = v["retired"].get<bool>();
    }
    if (!v.contains("record") || !v["record"].is_object()) {
        add("record", "expected a record object");
        return std::nullopt;
    }
    auto record = ParseRecord(meta.kind, v["record"].dump(), "record");
    if (!record) {
        const Error& e = record.error();
        if (e.problems.empty()) {
            add("record", e.message);
        } else {
            for (const auto& p : e.problems) add("record." + p.field, p.message);
        }
        return std::nullopt;
    }
    if (IdOf(*record) != meta.id) {
        add("record.id", "is \"" + IdOf(*record) + "\", not the version's id \"" + meta.id + "\"");
    }
    return StoredRecord{std::move(*record), std::move(meta)};
}

}  // namespace

Result<std::vector<StoredRecord>> ParseBundle(std::string_view text, std::string_view origin) {
    const std::string o(origin);
    auto j = ParseBundleHead(text, o);
    if (!j) return j.take_error();
    std::vector<Problem> problems;
    std::vector<StoredRecord> out;
    const Json& list = (*j)["versions"];
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string path = o + ": versions[" + std::to_string(i) + "]";
        if (auto version = ParseVersion(list[i], path, problems)) {
            out.push_back(std::move(*version));
        }
    }
    if (!problems.empty()) return Error::FromProblems(std::move(problems));
    return out;
}

std::vector<Problem> CheckBundle(std::vector<StoredRecord>& versions, const ReferenceData& ref,
                                 std::string_view origin) {
    std::vector<Problem> problems;
    std::map<std::pair<Kind, std::string>, bool, std::less<>> live;  // before the batch
    std::size_t begin = 0;
    while (begin < versions.size()) {
        // One Apply() shares recorded_at, author and reason: that is the batch a version was
        // validated in, and it may refer forward within it.
        std::size_t end = begin + 1;
        auto same_batch = [&](const VersionMeta& a, const VersionMeta& b) {
            return a.recorded_at == b.recorded_at && a.author == b.author && a.reason == b.reason;
        };
        while (end < versions.size() && same_batch(versions[begin].meta, versions[end].meta)) {
            ++end;
        }
        std::map<std::pair<Kind, std::string>, bool, std::less<>> batch;
        for (std::size_t i = begin; i < end; ++i) {
            batch[{versions[i].meta.kind, versions[i].meta.id}] = !versions[i].meta.retired;
        }
        RecordExists exists = [&](Kind kind, std::string_view id) {
            std::pair<Kind, std::string> key{kind, std::string(id)};
            if (auto it = batch.find(key); it != batch.end()) return it->second;
            auto it = live.find(key);
            return it != live.end() && it->second;
        };
        for (std::size_t i = begin; i < end; ++i) {
            StoredRecord& v = versions[i];
            if (v.meta.retired) continue;
            for (auto& p : NormaliseAndValidate(v.record, ref, exists)) {
                problems.push_back({std::string(origin) + ": versions[" + std::to_string(i) + "] " +
                                        RefName(v.meta.kind, v.meta.id) + " version " +
                                        std::to_string(v.meta.version) + ": " + p.field,
                                    std::move(p.message)});
            }
        }
        for (auto& [key, is_live] : batch) live[key] = is_live;
        begin = end;
    }
    return problems;
}

std::string FormatRestore(const RestoreSummary& summary, std::string_view origin) {
    std::string out = std::string(origin) + ": " + std::to_string(summary.versions) +
                      " versions of " + std::to_string(summary.records) + " records (" +
                      std::to_string(summary.live) + " live)";
    if (summary.first && summary.last) {
        out += ", recorded " + FormatLedgerTime(*summary.first) + " to " +
               FormatLedgerTime(*summary.last);
    }
    return out;
}

Result<RestoreSummary> RestoreBundle(std::string_view text, std::string_view origin,
                                     const ReferenceData& ref, LedgerStore* store,
                                     std::string_view ledger_name, bool dry_run,
                                     const std::optional<RestoreAudit>& audit) {
    auto versions = ParseBundle(text, origin);
    if (!versions) return versions.take_error();
    if (auto problems = CheckBundle(*versions, ref, origin); !problems.empty()) {
        return Error::FromProblems(std::move(problems));
    }
    if (store != nullptr) {
        auto stats = store->GetStats();
        if (!stats) return stats.take_error();
        if (stats->versions > 0) {
            return Error::Conflict(std::string(ledger_name),
                                   "the ledger is not empty (" + std::to_string(stats->versions) +
                                       " versions): a bundle restores a whole ledger into an "
                                       "empty one; give a new --db file");
        }
    }
    RestoreSummary summary;
    std::set<std::pair<Kind, std::string>> records;
    std::set<std::pair<Kind, std::string>> retired;
    for (const StoredRecord& v : *versions) {
        records.insert({v.meta.kind, v.meta.id});
        if (v.meta.retired) retired.insert({v.meta.kind, v.meta.id});
    }
    summary.versions = static_cast<std::int64_t>(versions->size());
    summary.records = static_cast<std::int64_t>(records.size());
    summary.live = static_cast<std::int64_t>(records.size() - retired.size());
    if (!versions->empty()) {
        summary.first = versions->front().meta.recorded_at;
        summary.last = versions->back().meta.recorded_at;
    }
    if (!dry_run && store != nullptr) {
        if (auto restored = store->ImportHistory(*versions, audit); !restored) {
            return restored.take_error();
        }
    }
    return summary;
}

}  // namespace aidledger::json

// JSON records and bundles (io/json). A record that parses is written canonically and must
// parse back to the same text; a bundle that parses is written again and must parse back to
// as many versions.
#include <string>

#include "aidledger/fuzz/targets.h"
#include "aidledger/io/json_bundle.h"
#include "aidledger/io/json_codec.h"
#include "support.h"

namespace aidledger::fuzz {

namespace {

// A record written canonically parses back to the same canonical text.
void CheckRoundTrip(Kind kind, const Record& record) {
    std::string written = json::WriteRecord(record);
    auto again = json::ParseRecord(kind, written, "written");
    if (!again.ok()) Broken("a written record does not parse: " + again.error().message, written);
    if (json::WriteRecord(*again) != written) Broken("a written record changes when read", written);
}

}  // namespace

// The text up to the first NUL byte is the record; what follows it, when there is one, is a
// merge patch applied to the record.
int FuzzJsonRecord(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    Kind kind = KindOf(data[0]);
    std::string_view text = AsText(data + 1, size - 1);
    std::string_view patch;
    bool has_patch = false;
    if (auto nul = text.find('\0'); nul != std::string_view::npos) {
        patch = text.substr(nul + 1);
        text = text.substr(0, nul);
        has_patch = true;
    }
    (void)json::CheckJsonText(text, "fuzz");
    (void)json::ParseRecords(kind, text, "fuzz");
    (void)json::ParseRecords(std::nullopt, text, "fuzz");
    auto record = json::ParseRecord(kind, text, "fuzz");
    if (!record.ok()) return 0;
    CheckRoundTrip(kind, *record);
    if (has_patch) {
        auto patched = json::MergePatch(*record, patch, "patch");
        if (patched.ok()) {
            CheckRoundTrip(kind, *patched);
            (void)json::ChangedFields(*record, *patched);
        }
    }
    return 0;
}

int FuzzJsonBundle(const std::uint8_t* data, std::size_t size) {
    std::string_view text = AsText(data, size);
    (void)json::LooksLikeBundle(text);
    auto versions = json::ParseBundle(text, "fuzz");
    if (!versions.ok()) return 0;
    std::string written = json::WriteBundle(*versions, Now(), std::nullopt);
    auto again = json::ParseBundle(written, "written");
    if (!again.ok()) Broken("a written bundle does not parse: " + again.error().message, written);
    if (again->size() != versions->size()) Broken("a written bundle loses versions", written);
    (void)json::CheckBundle(*versions, Reference(), "fuzz");
    (void)json::RestoreBundle(text, "fuzz", Reference(), nullptr, "fuzz", true, std::nullopt);
    return 0;
}

}  // namespace aidledger::fuzz

// ReadReport: the text, the source's fields, then the figures of each sentence with their
// dates and provider scope (docs/reading.md).
#include "aidledger/io/read.h"

#include <regex>
#include <string>
#include <utility>

#include "aidledger/core/sha256.h"
#include "dates.h"
#include "extract.h"
#include "text.h"

namespace aidledger::read {
namespace {

// How far into the text the reader looks for the report's own date and dateline.
constexpr std::size_t kHeadBytes = 400;
// A first line longer than this is a paragraph, not a title.
constexpr std::size_t kMaxTitleBytes = 200;
constexpr std::size_t kSourceIdDigits = 12;

std::string FirstLine(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n')) ++i;
    std::size_t end = text.find('\n', i);
    std::string_view line =
        text.substr(i, end == std::string_view::npos ? text.size() - i : end - i);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    return std::string(line);
}

// A first line that reads like a headline: short, no full stop at its end, no date in it,
// and more text after it.
std::optional<std::string> TitleOf(std::string_view text) {
    std::string line = FirstLine(text);
    if (line.empty() || line.size() > kMaxTitleBytes || line.size() + 2 >= text.size()) {
        return std::nullopt;
    }
    char last = line.back();
    if (last == '.' || last == ':' || last == ',') return std::nullopt;
    if (FindDateWithYear(line)) return std::nullopt;
    return line;
}

// "BEIJING, (APP - UrduPoint / Pakistan Point News - 9th Apr, 2020 ) :": the agency named in a
// dateline, before the date.
std::optional<std::string> DatelineOutlet(std::string_view head) {
    static const std::regex dateline(R"(\(([^()\n]{2,80}) - [^()\n-]*\d{4} ?\))");
    std::string s(head);
    std::smatch m;
    if (!std::regex_search(s, m, dateline)) return std::nullopt;
    return m[1].str();
}

Result<PreparedText> Prepare(std::string_view bytes, const ReadOptions& options) {
    if (bytes.empty()) return Error::Invalid(options.name, "empty file: no report to read");
    if (bytes.size() > kMaxReportBytes) {
        return Error::Invalid(options.name, "larger than " + std::to_string(kMaxReportBytes) +
                                                " bytes: not a news report");
    }
    PreparedText p;
    if (LooksLikeHtml(bytes)) {
        p = StripHtml(bytes);
        p.text = NormaliseText(p.text, p.replaced_controls);
    } else {
        p.text = NormaliseText(bytes, p.replaced_controls);
    }
    if (auto problem = TextProblem(p.text, TextLines::kMany)) {
        return Error::Invalid(options.name, "not UTF-8 text: " + *problem);
    }
    if (p.text.find_first_not_of(" \t\n") == std::string::npos) {
        return Error::Invalid(options.name, p.html ? "no text once the HTML tags are stripped"
                                                   : "only white space: no report to read");
    }
    return p;
}

void FillSource(Reading& r, const PreparedText& p, const ReadOptions& options) {
    Source& s = r.source;
    s.id = options.source_id.empty() ? "src-" + r.sha256.substr(0, kSourceIdDigits)
                                     : options.source_id;
    s.text = p.text;
    if (options.name != "input" && options.name != "stdin") s.file = options.name;
    std::string_view head = std::string_view(p.text).substr(0, kHeadBytes);
    s.title = options.title ? options.title : p.title ? p.title : TitleOf(p.text);
    s.outlet = options.outlet ? options.outlet : p.outlet ? p.outlet : DatelineOutlet(head);
    s.url = options.url;
    std::optional<Date> found;
    if (p.date_text) found = FindDateWithYear(*p.date_text);
    if (!found) found = FindDateWithYear(head);
    if (options.published) {
        s.published = *options.published;
        r.dated = true;
    } else if (found) {
        s.published = DateInterval::Exact(*found);
        r.dated = true;
    } else {
        r.notes.emplace_back(
            "no publication date found: give one (--published D or D1/D2) before accepting");
    }
    s.notes = "Read by aidledger read; SHA-256 of the text " + r.sha256 + ".";
}

// The teams `excerpt` sends to one named country on a named day.
void DraftTeams(Reading& r, std::string_view excerpt, const Lexicon& lexicon,
                const std::string& provider, Date stated_on) {
    auto teams = TeamsIn(excerpt, lexicon);
    if (teams.empty()) return;
    auto day = FindEventDate(excerpt, stated_on);
    if (!day) return;
    for (const SentenceTeam& s : teams) {
        if (r.teams.size() >= kMaxDrafts) return;
        TeamDeployment t;
        t.id = r.source.id + "-t" + std::to_string(r.teams.size() + 1);
        t.provider = CountryPartyId(provider);
        t.host = s.host;
        t.size = s.size;
        t.sent = DateInterval::Exact(*day);
        if (s.arrived) {
            t.arrived = DateInterval::Exact(*day);
            t.notes = "The report gives the arrival only: taken as sent that day.";
        }
        t.sources = {Citation{r.source.id, std::string(excerpt)}};
        r.teams.push_back(std::move(t));
    }
}

}  // namespace

Result<Reading> ReadReport(std::string_view bytes, const ReadOptions& options,
                           const ReferenceData& ref) {
    auto prepared = Prepare(bytes, options);
    if (!prepared) return prepared.take_error();
    const PreparedText& p = *prepared;
    Reading r;
    r.html = p.html;
    r.sha256 = Sha256Hex(p.text);
    FillSource(r, p, options);
    if (p.replaced_controls > 0) {
        r.notes.emplace_back(std::to_string(p.replaced_controls) +
                             " control characters replaced by spaces");
    }
    Lexicon lexicon{BuildNames(ref), &ref};
    auto provider = ProviderCountry(p.text, lexicon);
    if (!provider) r.notes.emplace_back("no provider country found: the drafts name none");
    Date stated_on = r.source.published.earliest;
    if (r.dated) {
        if (auto said = FindStatementDate(p.text, r.source.published.earliest)) stated_on = *said;
    }
    std::size_t missing = 0;
    std::size_t too_long = 0;
    bool capped = false;
    for (const Sentence& sentence : SplitSentences(p.text)) {
        std::string_view excerpt =
            std::string_view(p.text).substr(sentence.begin, sentence.end - sentence.begin);
        if (excerpt.size() > kMaxSentenceBytes) {
            ++too_long;
            continue;
        }
        if (r.claims.size() >= kMaxDrafts) {
            capped = true;
            break;
        }
        if (r.dated && provider) DraftTeams(r, excerpt, lexicon, *provider, stated_on);
        auto figures = FiguresIn(excerpt, lexicon);
        if (figures.empty()) continue;
        FigureDates dates = r.dated ? FindFigureDates(excerpt, stated_on) : FigureDates{};
        for (auto& f : figures) {
            if (r.claims.size() >= kMaxDrafts) {
                capped = true;
                break;
            }
            DraftClaim d;
            Claim& c = d.claim;
            c.id = r.source.id + "-c" + std::to_string(r.claims.size() + 1);
            c.metric = std::move(f.metric);
            c.keys = std::move(f.keys);
            c.provider = ProviderScope{provider.value_or(""), std::move(f.provider_kinds)};
            c.value = f.value;
            c.qualifier = f.qualifier;
            c.stated_on = stated_on;
            c.as_of = dates.as_of;
            // A period belongs to the export metrics, which count over one (docs/figures.md).
            if (c.metric.starts_with("exports.")) c.period = dates.period;
            c.sources = {Citation{r.source.id, std::string(excerpt)}};
            if (!c.value) ++missing;
            d.rule = std::move(f.rule);
            if (!dates.words.empty()) d.rule += "; dated by '" + std::string(dates.words) + "'";
            r.claims.push_back(std::move(d));
        }
    }
    if (too_long > 0) {
        r.notes.emplace_back(std::to_string(too_long) + " sentences longer than " +
                             std::to_string(kMaxSentenceBytes) + " bytes not read for figures");
    }
    if (capped) {
        r.notes.emplace_back("more figures than " + std::to_string(kMaxDrafts) +
                             ": only the first ones are drafted");
    }
    if (missing > 0) {
        r.notes.emplace_back(std::to_string(missing) +
                             " drafts have no value: their number is missing from the text");
    }
    if (r.claims.empty())
        r.notes.emplace_back("no sentence states a figure the ledger has a metric for");
    return r;
}

}  // namespace aidledger::read

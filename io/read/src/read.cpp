// ReadReport: the text, the source's fields, then the figures of each sentence with their
// dates and provider scope (docs/reading.md).
#include "aidledger/io/read.h"

#include <algorithm>
#include <cctype>
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

// Whether `party` may be named in a draft record: a country's party, or, reading into a
// ledger, one of its parties.
bool Known(const ReadOptions& options, const ReferenceData& ref, std::string_view party) {
    if (!options.parties) return true;
    std::string upper(party);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (party.size() == 2 && ref.IsCountry(upper)) return true;
    return std::any_of(options.parties->begin(), options.parties->end(),
                       [&](const PartyName& p) { return p.id == party; });
}

// Whether every party a draft names is known; otherwise a note names the party to add.
bool PartiesKnown(Reading& r, const ReadOptions& options, const ReferenceData& ref,
                  std::initializer_list<std::string_view> parties, std::string_view what) {
    for (std::string_view p : parties) {
        if (Known(options, ref, p)) continue;
        r.notes.push_back("no draft for " + std::string(what) + ": " + std::string(p) +
                          " is not a party of the ledger (add it, then read again)");
        return false;
    }
    return true;
}

// The next draft record of `kind`: its label ("t1") and id ("<source id>-t1").
DraftRecord& NextDraft(Reading& r, Record record, std::string rule) {
    Kind kind = KindOf(record);
    std::size_t n = 1;
    for (const DraftRecord& d : r.records) n += KindOf(d.record) == kind ? 1 : 0;
    DraftRecord d;
    d.label = std::string(1, DraftLetter(kind)) + std::to_string(n);
    BaseOf(record).id = r.source.id + "-" + d.label;
    d.record = std::move(record);
    d.rule = std::move(rule);
    r.records.push_back(std::move(d));
    return r.records.back();
}

// The day a sentence gives an event, else the days from kEarliestEvent to the statement, with
// a note that says so.
DateInterval EventDays(std::string_view excerpt, Date stated_on, std::optional<std::string>& note,
                       std::string_view what) {
    if (auto day = FindEventDate(excerpt, stated_on)) return DateInterval::Exact(*day);
    note = "The report gives no day for the " + std::string(what) + ": between " +
           FormatDate(kEarliestEvent) + " (the reader's earliest day) and the statement, " +
           FormatDate(stated_on) + ".";
    return DateInterval{kEarliestEvent, stated_on};
}

// The teams `excerpt` sends to one named country on a named day.
void DraftTeams(Reading& r, std::string_view excerpt, const Lexicon& lexicon,
                const std::string& provider, Date stated_on) {
    auto teams = TeamsIn(excerpt, lexicon);
    if (teams.empty()) return;
    auto day = FindEventDate(excerpt, stated_on);
    if (!day) return;
    for (const SentenceTeam& s : teams) {
        if (r.records.size() >= kMaxDrafts) return;
        TeamDeployment t;
        t.provider = CountryPartyId(provider);
        t.host = s.host;
        t.size = s.size;
        t.sent = DateInterval::Exact(*day);
        if (s.arrived) {
            t.arrived = DateInterval::Exact(*day);
            t.notes = "The report gives the arrival only: taken as sent that day.";
        }
        t.sources = {Citation{r.source.id, std::string(excerpt)}};
        NextDraft(r, Record{std::move(t)},
                  s.arrived ? "experts arrived in one named country on a named day"
                            : "one team sent to one named country on a named day");
    }
}

// The supplies and money `excerpt` says one named giver gave one named recipient.
void DraftGifts(Reading& r, std::string_view excerpt, const Lexicon& lexicon, Date stated_on,
                const ReadOptions& options) {
    for (SentenceGift& g : GiftsIn(excerpt, lexicon)) {
        if (r.records.size() >= kMaxDrafts) return;
        std::string rule = "'" + g.words + "' to one named recipient";
        if (!PartiesKnown(r, options, *lexicon.ref, {g.provider, g.recipient},
                          "'" + g.words + "'")) {
            continue;
        }
        if (g.money) {
            CashContribution c;
            c.provider = std::move(g.provider);
            c.recipient = std::move(g.recipient);
            c.pledged = std::move(g.money);
            c.pledged_on = EventDays(excerpt, stated_on, c.notes, "gift");
            c.notes = c.notes.value_or("") + (c.notes ? " " : "") +
                      "Taken as pledged: whether and when it was paid is not stated.";
            c.sources = {Citation{r.source.id, std::string(excerpt)}};
            NextDraft(r, Record{std::move(c)}, std::move(rule));
            continue;
        }
        Donation d;
        d.provider = std::move(g.provider);
        d.recipient = std::move(g.recipient);
        std::optional<std::string> note;
        DateInterval on = EventDays(excerpt, stated_on, note, "gift");
        d.history = {StatusEntry<DonationStatus>{
            g.delivered ? DonationStatus::kDelivered : DonationStatus::kShipped, on}};
        d.notes = note.value_or("") + (note ? " " : "") +
                  "Items and quantities are not drafted: the reviewer adds what the report names.";
        d.sources = {Citation{r.source.id, std::string(excerpt)}};
        NextDraft(r, Record{std::move(d)}, std::move(rule));
    }
}

// A call or message with a leader (first sentence naming it) and a promise to the leader's
// country (first sentence making one), matched by country after the whole text is read.
struct Contact {
    SentenceContact contact;
    std::string excerpt;
};
struct Promise {
    SentencePromise promise;
    std::string excerpt;
};

void DraftCommitments(Reading& r, const std::vector<Contact>& contacts,
                      const std::vector<Promise>& promises, const std::string& provider,
                      Date stated_on) {
    for (const Contact& c : contacts) {
        if (r.records.size() >= kMaxDrafts) return;
        auto p = std::find_if(promises.begin(), promises.end(), [&](const Promise& p) {
            return p.promise.country == c.contact.country;
        });
        if (p == promises.end()) continue;
        Commitment m;
        m.by = CountryPartyId(provider);
        m.to = {c.contact.country};
        m.form = c.contact.form;
        m.made_on = EventDays(c.excerpt, stated_on, m.notes,
                              c.contact.form == CommitmentForm::kCall ? "call" : "message");
        m.promise = p->promise.promise;
        m.sources = {Citation{r.source.id, c.excerpt}};
        if (p->excerpt != c.excerpt) m.sources.push_back(Citation{r.source.id, p->excerpt});
        NextDraft(r, Record{std::move(m)},
                  std::string("a ") +
                      (c.contact.form == CommitmentForm::kCall ? "call" : "message") +
                      " with the leader of " + c.contact.country + ", and a promise to " +
                      c.contact.country + " in the report");
    }
}

}  // namespace

char DraftLetter(Kind kind) {
    switch (kind) {
        case Kind::kTeam:
            return 't';
        case Kind::kDonation:
            return 'd';
        case Kind::kCash:
            return 'm';
        case Kind::kCommitment:
            return 'p';
        default:
            return '\0';
    }
}

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
    if (options.parties) AddParties(lexicon.names, *options.parties);
    auto provider = ProviderCountry(p.text, lexicon);
    if (!provider) r.notes.emplace_back("no provider country found: the drafts name none");
    Date stated_on = r.source.published.earliest;
    if (r.dated) {
        if (auto said = FindStatementDate(p.text, r.source.published.earliest)) stated_on = *said;
    }
    std::size_t missing = 0;
    std::size_t too_long = 0;
    std::vector<Contact> contacts;
    std::vector<Promise> promises;
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
        if (r.dated && provider) {
            DraftTeams(r, excerpt, lexicon, *provider, stated_on);
            DraftGifts(r, excerpt, lexicon, stated_on, options);
            for (SentenceContact& c : ContactsIn(excerpt, lexicon)) {
                bool seen = std::any_of(contacts.begin(), contacts.end(), [&](const Contact& k) {
                    return k.contact.country == c.country;
                });
                if (!seen) contacts.push_back({std::move(c), std::string(excerpt)});
            }
            if (auto promise = PromiseIn(excerpt, lexicon, *provider)) {
                promises.push_back({std::move(*promise), std::string(excerpt)});
            }
        }
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
            if (c.metric.starts_with("exports.")) {
                c.period = dates.period;
                if (!c.period) {
                    if (auto lost = FindStrippedPeriod(excerpt)) {
                        d.lost_from_month = lost->from;
                        d.lost_to_month = lost->to;
                    }
                }
            }
            c.sources = {Citation{r.source.id, std::string(excerpt)}};
            if (!c.value) ++missing;
            d.rule = std::move(f.rule);
            if (!dates.words.empty()) d.rule += "; dated by '" + std::string(dates.words) + "'";
            r.claims.push_back(std::move(d));
        }
    }
    if (r.dated && provider) DraftCommitments(r, contacts, promises, *provider, stated_on);
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

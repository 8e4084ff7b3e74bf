// Reading a news report into a source and draft claims (issue 15, docs/reading.md).
//
// The reader is deterministic and offline: rules and dictionaries in this module, no model.
// It takes a report as plain text or HTML and gives
//   - the source: its text (the plain text as it is, or the text of the HTML with tags
//     stripped and entities decoded), outlet, title and publication date when the report
//     tells them, and the SHA-256 of the stored text;
//   - draft claims: one per figure a sentence states for a metric of the ledger
//     (core/figures/metrics.h), with keys, value (money in minor units), qualifier,
//     statement date, as-of date or period, provider scope, and the sentence as the excerpt.
//     Every excerpt occurs verbatim in the source's text. A number missing from the text
//     ("sent  teams") gives a draft with no value (unknown), never 0.
// Drafts are proposals: nothing here writes to a ledger. The caller reviews them and writes
// the accepted ones through Ledger::Write, which validates them like any other record.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/duplicates.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/time.h"
#include "aidledger/core/validate.h"

namespace aidledger::read {

// The largest report read, in bytes: a news report is some kilobytes; a file this big is
// something else (a dump, a binary).
inline constexpr std::size_t kMaxReportBytes = std::size_t{1024} * 1024;
// A sentence longer than this is not read for figures (a news sentence is some hundreds of
// bytes; a longer one is a list or a page without full stops), and no reading gives more
// drafts than kMaxDrafts: both keep the work and the output of a reading bounded. The
// reading's notes say when either applied.
inline constexpr std::size_t kMaxSentenceBytes = 2000;
inline constexpr std::size_t kMaxDrafts = 500;

// A party of the ledger the reader may name as a provider or recipient ("the Vatican Pharmacy"
// -> va-pharmacy): its id and name. Countries are named from the reference data already.
struct PartyName {
    std::string id;
    std::string name;
};

// A report that gives no day for an event it tells ("has sent medical supplies to X") dates it
// from this day to the statement: the first reports of the epidemic are of January 2020, and
// no record of assistance abroad is dated before (the demo's convention, data/demo/README.md).
// The draft says so in its notes; the reviewer narrows it.
inline constexpr Date kEarliestEvent{std::chrono::year{2020}, std::chrono::January,
                                     std::chrono::day{1}};

struct ReadOptions {
    // The name errors give the input ("report.txt", "stdin") and the source's `file` field.
    std::string name = "input";
    // The source's id; empty: "src-" and the first 12 hexadecimal digits of the SHA-256.
    std::string source_id;
    // What the caller knows better than the report; each overrides what the reader finds.
    std::optional<DateInterval> published;
    std::optional<std::string> outlet;
    std::optional<std::string> title;
    std::optional<std::string> url;
    // The ledger's parties other than countries, named as providers and recipients of draft
    // records by their names. With them, a draft record is made only when every party it names
    // is a country or one of them (the dictionary's organisations, "WHO", included): the notes
    // say which party to add for the others. nullopt: read without a ledger, every name known.
    std::optional<std::vector<PartyName>> parties;
};

struct DraftClaim {
    // id "<source id>-c<N>" (N from 1, in the order of the text), sources = one citation of
    // the source with the sentence as excerpt. stated_on, as_of and period are meaningful
    // only when the reading is dated (Reading::dated).
    Claim claim;
    std::string rule;  // why this metric: the words that decided it, for the reviewer
    // The months of a period whose days are missing from the text ("From March  to April ,"):
    // the claim has no period, and a twin's period in those months may be proposed with its
    // value (ProposeFromTwins). 0 when the sentence lost none.
    unsigned lost_from_month = 0;
    unsigned lost_to_month = 0;
};

// A draft record: its label ("t1": the letter of its kind, DraftLetter, and its number among
// the drafts of that kind, from 1), the record (id "<source id>-<label>", cited by its
// sentences) and the words that decided it, for the reviewer.
struct DraftRecord {
    std::string label;
    Record record;
    std::string rule;
};

// The letter of a draft record's label: t team, d donation, m cash (money), p commitment
// (promise); '\0' for a kind the reader never drafts.
char DraftLetter(Kind kind);

struct Reading {
    Source source;       // `published` is meaningful only when `dated`
    bool dated = false;  // whether the report (or the caller) gave its publication date
    bool html = false;   // whether the input was read as HTML
    std::string sha256;  // of source.text, 64 lower-case hexadecimal digits
    std::vector<DraftClaim> claims;
    // Draft records (docs/reading.md "Draft records"), in the order of the text: teams sent to
    // one named country on a named day, donations of supplies and cash to one named recipient,
    // leaders' calls and messages with the promise made in them. Only for a dated reading with
    // a provider country.
    std::vector<DraftRecord> records;
    // What the reader could not tell or changed, one sentence each: "no publication date
    // found: give one", "3 numbers are missing from the text", ...
    std::vector<std::string> notes;
};

// Reads one report. Errors (kInvalidArgument, field = options.name): empty input, input
// larger than kMaxReportBytes, text that is not UTF-8, nothing left once the HTML's tags are
// stripped. `ref` resolves country names to ISO 3166-1 codes and gives the minor units of
// currencies.
[[nodiscard]] Result<Reading> ReadReport(std::string_view bytes, const ReadOptions& options,
                                         const ReferenceData& ref);

// A value proposed for a draft whose number is missing from the text (issue 15 item 3): a claim
// of another source, its twin, states the same figure with its number.
struct TwinProposal {
    std::size_t draft = 0;   // index into Reading::claims
    std::string twin_claim;  // id of the claim the value comes from
    std::int64_t value = 0;
    Citation twin_citation;  // the twin claim's first citation, cited beside the draft's own
    // For a draft that lost its period's days with its number: the twin's period and as-of
    // date, proposed with the value.
    std::optional<Period> period;
    std::optional<Date> as_of;
};

// For each draft with no value, the claims of `known` that state the same figure: another
// source, the same metric, keys, provider scope, qualifier, statement date, as-of date and
// period, and a value. A draft that lost its period's days too (DraftClaim::lost_from_month)
// matches a twin whose period runs over those months (from a day of the first to a day of the
// last), and the twin's period and as-of date are proposed with its value. A value is proposed
// only when those claims all give the same one (and the same period); the draft itself stays
// unknown until a person accepts the proposal. An undated reading gets none.
std::vector<TwinProposal> ProposeFromTwins(const Reading& reading, const std::vector<Claim>& known);

// The draft with the proposal taken: its value, and the twin's citation after its own.
Claim WithProposal(const Claim& draft, const TwinProposal& proposal);

// A draft record that looks like records already in the ledger (core/duplicates.h
// MatchExisting): one record reported by several sources is one record with several citations,
// so the draft is proposed as a citation of `existing` instead of a new record.
struct RecordMatch {
    std::size_t record = 0;                // index into Reading::records
    std::vector<LikelyDuplicate> matches;  // first: the draft's id; ordered by existing id
    Record existing;                       // the first match's record
};

// Drafts as a reviewer edited them (docs/reading.md "Editing drafts"): `json` is an object whose
// members are draft labels, "3" for draft claim 3 and "t1", "d2", ... for draft records, each
// a JSON merge patch (RFC 7386) of the draft as `read --format json` gives it: the fields it
// names replace the draft's, null makes one unknown ({"3": {"value": 21, "qualifier":
// "at_least"}}). An edit keeps the draft's id. Errors (kInvalidArgument) name `field` and the
// label: malformed JSON ("edits:1:7"), a member that names no draft of `reading` ("edits.7"),
// an edited record that does not parse ("edits.3.value"), another id ("edits.t1.id").
[[nodiscard]] Result<std::map<std::string, Record>> ParseEdits(std::string_view json,
                                                               const Reading& reading,
                                                               std::string_view field);

// A reading kept for review (app::ReviewQueue): the stored source, how many drafts reading it
// again gives, and the labels of those not yet written ("3" for claim 3, "t1", "d2", ...).
struct KeptReading {
    Source source;
    std::size_t drafts = 0;
    std::vector<std::string> pending;
};

// The review queue as text (one reading a paragraph: id, publication, title, the drafts
// pending, and the commands that accept or close it) and as JSON ({"readings": [{"source",
// "title", "published", "drafts", "pending"}]}).
std::string RenderReviewText(const std::vector<KeptReading>& queue);
std::string RenderReviewJson(const std::vector<KeptReading>& queue);

// The reading for review: the source's fields, then the drafts numbered from 1, each with its
// metric, keys, value, qualifier, dates, provider scope, rule and excerpt; a draft record with a
// match says which record it would cite.
std::string RenderReadingText(const Reading& reading, const ReferenceData& ref,
                              const std::vector<TwinProposal>& proposals = {},
                              const std::vector<RecordMatch>& matches = {});

// The reading as JSON: {"source": SOURCE, "sha256": ..., "dated": ..., "html": ...,
// "notes": [...], "claims": [CLAIM, ...], "drafts": [...], "records": [{"draft": "t1", "kind":
// "team", "rule": TEXT, "record": RECORD}, ...]}, where SOURCE, each CLAIM and each RECORD are
// in the record format `aidledger add KIND --json` reads (docs/formats.md).
// With proposals, "proposals": [{"draft": N, "twin_claim": ID, "value": V, "citation": {...}}].
// With matches, "matches": [{"draft": LABEL, "cite": ID, "kind": KIND, "why": TEXT,
// "candidates": [{"id": ID, "why": TEXT, "differences": [{"field", "draft", "existing"}]}]}].
std::string RenderReadingJson(const Reading& reading,
                              const std::vector<TwinProposal>& proposals = {},
                              const std::vector<RecordMatch>& matches = {});

}  // namespace aidledger::read

// Reading a news report into drafts and accepting the chosen ones (issue 15, docs/reading.md):
// the use case `aidledger read` and `POST /api/v1/sources/read` share.
//
// Reading is io/read's (read::ReadReport); this layer checks what the caller asked (the
// source's id, its publication date, the list of drafts to accept and of proposals to take),
// proposes values from twins found among the ledger's claims, and turns the accepted drafts
// into one batch for Ledger::Write. Each error is kInvalidArgument naming the field as the
// caller spelled it (Spelling: "--accept" for the CLI, "accept" for the API). Nothing here
// writes unless WriteAccepted is called, and that writes the whole batch or nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/app/params.h"
#include "aidledger/core/ledger.h"
#include "aidledger/core/records.h"
#include "aidledger/core/result.h"
#include "aidledger/core/store.h"
#include "aidledger/core/validate.h"
#include "aidledger/core/view.h"
#include "aidledger/io/read.h"

namespace aidledger::app {

// What the caller knows better than the report; an empty string is "not given".
struct ReadAsked {
    std::string name;  // the report's name: the source's `file` and errors ("report.txt")
    std::string id;
    std::string published;  // D or D1/D2
    std::string outlet;
    std::string title;
    std::string url;
};

// The options of read::ReadReport. kInvalidArgument naming "id" (not an id, or too long to
// leave room for the drafts' "-cN" ids) or "published" (not a date or interval).
[[nodiscard]] Result<read::ReadOptions> ReadOptionsOf(const ReadAsked& asked, Spelling spelling);

// The live claims of `view` (those `keep` accepts, when it is given): the twins a reading's
// lost numbers may be proposed from (read::ProposeFromTwins).
std::vector<read::TwinProposal> ProposeTwins(const read::Reading& reading, const LedgerView& view,
                                             const std::function<bool(const Record&)>& keep = {});

// The drafts a list names: "all", or claim numbers and draft record labels such as "1,3,t1,d2",
// numbered from 1 as the text output numbers them (read::DraftRecord::label); indexes from 0
// (into the reading's claims and records), each once, in the order given. kInvalidArgument
// naming `field` for a part that is neither and for a number or label the reading lacks.
struct ChosenDrafts {
    std::vector<std::size_t> claims;
    std::vector<std::size_t> records;
};
[[nodiscard]] Result<ChosenDrafts> ParseDraftList(std::string_view field, std::string_view text,
                                                  std::size_t claims,
                                                  const std::vector<read::DraftRecord>& records);

// The ledger's parties other than countries, by name (those `keep` accepts, when given): the
// providers and recipients a reading may name (read::ReadOptions::parties).
std::vector<read::PartyName> PartyNames(const LedgerView& view,
                                        const std::function<bool(const Record&)>& keep = {});

// A draft record that looks like records already in the ledger (read::RecordMatch): accepting
// the draft cites `existing` instead of creating a new record.
using DraftMatch = read::RecordMatch;

// The reading's draft records that match live records of `view` (those `keep` accepts, when
// given), in draft order; drafts with no match are left out.
std::vector<DraftMatch> MatchDrafts(const read::Reading& reading, const LedgerView& view,
                                    const std::function<bool(const Record&)>& keep = {});

// What to accept: the `accept` list (required), the `fill` list of proposals to take (may
// be empty: the drafts with lost numbers are written unknown), and the `as_new` list of draft
// records ("t1,d2" or "all") written as new records even though they match an existing one.
struct AcceptAsked {
    std::string accept;
    std::string fill;
    std::string as_new;
    // The reviewer's edits (read::ParseEdits), JSON text; empty: none. Each edited draft must be
    // accepted too; an edit replaces the draft (a proposal taken for it too is dropped: the
    // edit is what the reviewer wants written).
    std::string edits;
};

// The batch that writes the reading's source and the drafts `asked` names, the proposals of
// `fill` taken (each such draft must be accepted too; one with no proposal is an error unless
// fill is "all"). An accepted draft record with a match (`matches`) and not in `as_new` is
// written as an update of the existing record that adds the draft's citations it lacks (none
// when it cites them all already). kInvalidArgument naming "accept" for an undated reading
// (give `published`) and for a bad list, "fill" or "as-new" for a bad list of theirs, "edits"
// (and the draft's label) for a bad edit or one of a draft not accepted. The
// reading's drafts are moved from.
// With `source_stored` (StoredSource), the source is in the ledger already and the batch
// writes the drafts only.
[[nodiscard]] Result<std::vector<Mutation>> AcceptedBatch(
    read::Reading& reading, const std::vector<read::TwinProposal>& proposals,
    const AcceptAsked& asked, Spelling spelling, const std::vector<DraftMatch>& matches = {},
    bool source_stored = false);

// Whether the reading's source is in the ledger already (docs/reading.md "Kept for review"):
// false when `view` has no source of its id; true when it has one with the same text (a report
// read again, its drafts accepted later); kConflict naming the id when the id is another
// text's.
[[nodiscard]] Result<bool> StoredSource(const read::Reading& reading, const LedgerView& view,
                                        Spelling spelling);

// The batch that keeps a reading for review (`read --keep`, `keep=true`): its source alone.
// kInvalidArgument naming "keep" for an undated reading (give `published`).
[[nodiscard]] Result<std::vector<Mutation>> KeptBatch(const read::Reading& reading,
                                                      Spelling spelling);

// The read options that read a stored source again as it was read: its id, publication date,
// file, outlet, title and address (so its drafts have the same ids).
read::ReadOptions StoredReadOptions(const Source& source);

// The review queue: each source `aidledger read` wrote (its notes say so) whose review is not
// closed (CloseReview), read again, with its drafts and those not yet written (a draft claim
// or record whose id the ledger lacks; a draft record is written too when a record of its kind
// cites this source with one of its excerpts, as an accepted citation does). Only readings
// with drafts pending, newest publication first, then by id. `keep` (when given) says which
// records the caller may read.
using KeptReading = read::KeptReading;
std::vector<KeptReading> ReviewQueue(const LedgerView& view, const ReferenceData& ref,
                                     const std::function<bool(const Record&)>& keep = {});

// The sentence a closed review adds to its source's notes: the drafts not written were
// rejected, and the reading leaves the queue.
inline constexpr std::string_view kReviewClosed =
    "Review closed: the drafts not written were rejected.";

// The update that closes the review of source `id`, read from `store` as it is now: its notes
// with kReviewClosed added, expecting that version (a write made since is a conflict, never
// lost). kNotFound naming the source when the store has no live one; kInvalidArgument naming
// `field` for a source `read` did not write, or one already closed.
[[nodiscard]] Result<Mutation> CloseReview(LedgerStore& store, std::string_view id,
                                           std::string_view field);

// Writes the batch through Ledger::Write (validated, authored, all or nothing): the versions
// written, in the batch's order, or the ledger's error (a source or draft id already taken is
// kConflict; nothing is then written). An update that adds citations is applied to the record's
// current version in the store (its citations kept, the batch's new ones added, that version
// expected), so a write made since the view was read is not lost; a record retired since is
// kNotFound.
[[nodiscard]] Result<std::vector<VersionMeta>> WriteAccepted(Ledger& ledger,
                                                             std::vector<Mutation> batch,
                                                             const WriteContext& context);

}  // namespace aidledger::app

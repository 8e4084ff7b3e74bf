// The figure projection of a record: the record with only the fields that the figure engine,
// the briefing, claims and needs (and their text, Markdown and JSON renderings) read, and its
// compact binary encoding. A store persists the encoded projection of every live record next
// to its versions, in the same transaction as each write, so that a cold briefing reads small
// binary rows instead of decoding every JSON body (LedgerStore::ScanForFigures, core/store.h).
//
// What the projection drops (everything else is kept, references to parties included: provider
// country and recipient unit depend on the party hierarchy, resolved when a view is built):
//   - of donations, cash contributions, teams, exchanges, contracts, declarations and
//     commitments: `notes` and the excerpt of each citation (the cited source ids stay);
//   - of teams: `specialties` and `activities`; of exchanges: `topic` and `materials`; of
//     commitments: `promise`.
// Parties, catalogue items, requests, manufacturers, statistics, sources and claims are kept
// whole: they are few, and the renderings read their names, texts and excerpts.
//
// Pure functions of their arguments; safe to call from several threads at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aidledger/core/records.h"
#include "aidledger/core/records_by_kind.h"
#include "aidledger/core/result.h"

namespace aidledger {

// The projection of `record` (see above). Projecting a projection changes nothing.
Record ProjectForFigures(Record record);

// Whether the projection of a record of this kind is the record itself.
bool KeptWhole(Kind kind);

// The compact binary form of a record (any record: projected or not): a format byte, then every
// field of VisitFields in order (integers as variable-length numbers, dates as day numbers,
// strings with their length). About a third of the JSON body's size, and decoded without
// parsing text.
std::string EncodeCompact(const Record& record);

// The record EncodeCompact wrote for a record of `kind`; kCorruption when the bytes are not
// one (truncated, trailing bytes, an unknown format byte or enum value).
[[nodiscard]] Result<Record> DecodeCompact(Kind kind, std::string_view bytes);

// DecodeCompact into `record`, which must already hold a record of the encoded kind (as
// MakeRecord(kind) does): a store filling a vector of records decodes each in place. On an
// error `record` holds some record of that kind.
[[nodiscard]] Result<void> DecodeCompactInto(std::string_view bytes, Record& record);

// DecodeCompact into a new record of `kind` appended to `into` (RecordsByKind::Add): a store
// filling the records of a view decodes each in its final place. On an error the appended
// record holds some record of that kind.
[[nodiscard]] Result<void> DecodeCompactAppend(Kind kind, std::string_view bytes,
                                               RecordsByKind& into);

// The names of the top-level fields (VisitFields wire names) whose values differ between two
// records of one kind, in field order; {"kind"} when the kinds differ; empty when equal.
// For telling which persisted fact disagrees with its body.
std::vector<std::string> DifferingFields(const Record& a, const Record& b);

}  // namespace aidledger

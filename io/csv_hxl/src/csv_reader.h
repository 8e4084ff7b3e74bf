// A small CSV tokenizer: RFC 4180 (comma-separated, "..." quoting with "" for a quote, quoted
// cells may hold commas, quotes and line breaks) with the usual leniencies: LF, CRLF or CR line
// ends, spaces before an opening quote, a stray quote inside an unquoted cell kept as text.
//
// It is hand-written, not taken from a library, because the import report must give the exact
// line:column of every cell, including cells that follow a quoted cell spanning several lines,
// and must be able to re-read one record's rows from the middle of a file. It holds no state
// but its position, allocates only the cells of the current row, and never reads past `text`:
// any byte sequence is safe to feed it (tests/fuzz).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "aidledger/io/csv_hxl.h"

namespace aidledger::csv {

struct Cell {
    std::string text;  // without the quotes, "" unescaped; unquoted cells are not trimmed
    Position at;       // the cell's first character (its opening quote when quoted)
    bool quoted = false;
};

struct Row {
    std::vector<Cell> cells;
    Position at;             // where the row starts
    std::size_t offset = 0;  // byte offset of the row's start in the text
    bool blank() const;      // every cell empty and unquoted (an empty line, or only commas)
};

class CsvReader {
  public:
    enum class Status { kRow, kEnd, kError };

    // Reads `text` from byte `offset`, which is at `start`. `text` must outlive the reader.
    explicit CsvReader(std::string_view text, std::size_t offset = 0, Position start = {});

    // The next row in `row` (kRow), the end of the text (kEnd), or a malformed row (kError:
    // error() says where and why; the reader then stays at kError).
    Status Next(Row& row);

    // Byte offset of the next unread row.
    std::size_t offset() const { return pos_; }
    Position position() const { return at_; }
    const std::string& error() const { return error_; }
    Position error_at() const { return error_at_; }

  private:
    // Consumes one byte, advancing the line and column.
    void Advance();
    bool AtLineEnd() const;
    // Consumes a line end (LF, CRLF or CR).
    void SkipLineEnd();
    Status Fail(Position at, std::string message);
    // One cell from the current position; false (and failed) on a malformed quoted cell.
    bool ReadCell(Cell& cell);
    bool ReadQuoted(Cell& cell);

    std::string_view text_;
    std::size_t pos_;
    Position at_;
    std::string error_;
    Position error_at_;
    bool failed_ = false;
};

}  // namespace aidledger::csv

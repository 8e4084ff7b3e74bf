#include "csv_reader.h"

#include <utility>

namespace aidledger::csv {

bool Row::blank() const {
    for (const Cell& cell : cells) {
        if (cell.quoted || !cell.text.empty()) return false;
    }
    return true;
}

CsvReader::CsvReader(std::string_view text, std::size_t offset, Position start)
    : text_(text), pos_(offset), at_(start) {}

void CsvReader::Advance() {
    char c = text_[pos_++];
    if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) {
        ++at_.line;
        at_.column = 1;
    } else if (c != '\r' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        // A UTF-8 continuation byte belongs to the character before it; the \r of a CRLF is
        // part of the line end the \n completes.
        ++at_.column;
    }
}

bool CsvReader::AtLineEnd() const {
    return pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r');
}

void CsvReader::SkipLineEnd() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r') {
        Advance();
        if (pos_ < text_.size() && text_[pos_] == '\n') Advance();
    } else if (text_[pos_] == '\n') {
        Advance();
    }
}

CsvReader::Status CsvReader::Fail(Position at, std::string message) {
    failed_ = true;
    error_at_ = at;
    error_ = std::move(message);
    return Status::kError;
}

bool CsvReader::ReadQuoted(Cell& cell) {
    cell.quoted = true;
    Advance();  // the opening quote
    for (;;) {
        if (pos_ >= text_.size()) {
            Fail(cell.at, "quoted cell is never closed (a closing \" is missing)");
            return false;
        }
        char c = text_[pos_];
        if (c == '"') {
            Advance();
            if (pos_ >= text_.size() || text_[pos_] != '"') break;  // the closing quote
            cell.text += '"';                                       // "" is a quote
            Advance();
            continue;
        }
        // A spreadsheet saved with CRLF line ends writes CRLF inside cells too; the value is the
        // same text as with LF, so that a round trip through one is lossless.
        if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
            Advance();
            continue;
        }
        cell.text += c;
        Advance();
    }
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) Advance();
    if (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd()) {
        Fail(at_,
             "text after the closing quote of a quoted cell (write \"\" for a quote inside "
             "it)");
        return false;
    }
    return true;
}

bool CsvReader::ReadCell(Cell& cell) {
    cell.at = at_;
    // Spaces before an opening quote are tolerated (`a, "b, c"`): the quote starts the cell.
    std::size_t look = pos_;
    while (look < text_.size() && (text_[look] == ' ' || text_[look] == '\t')) ++look;
    if (look < text_.size() && text_[look] == '"') {
        while (pos_ < look) Advance();
        cell.at = at_;
        return ReadQuoted(cell);
    }
    std::size_t begin = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && !AtLineEnd()) Advance();
    cell.text.assign(text_.substr(begin, pos_ - begin));
    return true;
}

CsvReader::Status CsvReader::Next(Row& row) {
    if (failed_) return Status::kError;
    row.cells.clear();
    if (pos_ >= text_.size()) return Status::kEnd;
    row.at = at_;
    row.offset = pos_;
    for (;;) {
        Cell cell;
        if (!ReadCell(cell)) return Status::kError;
        row.cells.push_back(std::move(cell));
        if (pos_ >= text_.size()) return Status::kRow;
        if (text_[pos_] == ',') {
            Advance();
            continue;
        }
        SkipLineEnd();
        return Status::kRow;
    }
}

}  // namespace aidledger::csv

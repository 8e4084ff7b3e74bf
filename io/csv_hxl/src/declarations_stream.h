// The two ends of a declarations import (declarations_csv.cpp): the file read a line at a
// time through a caller's read function, and the rows written to the store on a second
// thread. Private to io/csv_hxl.
#pragma once

#include <array>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "aidledger/io/declarations_csv.h"

namespace aidledger::csv {

// Rows go to the store on a second thread while the next ones are read, validated and judged:
// each half takes about as long as the other. Chunks of rows pass through a small queue (a
// few thousand rows each, reused, so their strings keep their capacity). The store's writer is
// used by that thread only while it runs, and by the caller again once Finish() or Abandon()
// has joined it.
class WriterThread {
  public:
    static constexpr std::size_t kRows = 4096;
    static constexpr std::size_t kChunks = 4;

    explicit WriterThread(DeclarationWriter& writer) : writer_(writer) {
        for (auto& c : chunks_) {
            c.rows.resize(kRows);
            free_.push_back(&c);
        }
        thread_ = std::thread([this] { Run(); });
    }
    ~WriterThread() { Abandon(); }
    WriterThread(const WriterThread&) = delete;
    WriterThread& operator=(const WriterThread&) = delete;

    // A chunk to fill (waits for one the thread has written).
    std::vector<DeclarationRow>& Take() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return !free_.empty(); });
        current_ = free_.front();
        free_.pop_front();
        return current_->rows;
    }
    // Hands the chunk taken last to the thread, with its first `count` rows filled.
    void Push(std::size_t count) {
        std::lock_guard lock(mutex_);
        if (current_ == nullptr) return;
        current_->count = count;
        full_.push_back(current_);
        current_ = nullptr;
        changed_.notify_all();
    }
    bool failed() {
        std::lock_guard lock(mutex_);
        return !error_.ok();
    }
    // Writes what is queued, ends the thread, and returns the first store error.
    Result<void> Finish() {
        Stop(false);
        return std::move(error_);
    }
    // Ends the thread, dropping what is queued.
    void Abandon() { Stop(true); }

  private:
    struct Chunk {
        std::vector<DeclarationRow> rows;
        std::size_t count = 0;
    };

    void Stop(bool drop) {
        {
            std::lock_guard lock(mutex_);
            if (!thread_.joinable()) return;
            drop_ = drop_ || drop;
            done_ = true;
            changed_.notify_all();
        }
        thread_.join();
    }

    void Run() {
        while (true) {
            Chunk* chunk = nullptr;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return !full_.empty() || done_; });
                if (full_.empty() || drop_) return;
                chunk = full_.front();
                full_.pop_front();
            }
            bool ok = true;
            {
                std::lock_guard lock(mutex_);
                ok = error_.ok();
            }
            for (std::size_t i = 0; ok && i < chunk->count; ++i) {
                if (auto added = writer_.Add(chunk->rows[i]); !added) {
                    std::lock_guard lock(mutex_);
                    error_ = std::move(added);
                    ok = false;
                }
            }
            std::lock_guard lock(mutex_);
            free_.push_back(chunk);
            changed_.notify_all();
        }
    }

    DeclarationWriter& writer_;
    std::array<Chunk, kChunks> chunks_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Chunk*> free_;
    std::deque<Chunk*> full_;
    Chunk* current_ = nullptr;
    bool done_ = false;
    bool drop_ = false;
    Result<void> error_;
    std::thread thread_;
};

// The lines of a declarations file, read through `read` a chunk at a time: a UTF-8 byte-order
// mark skipped, UTF-16 refused, no line longer than kMaxDeclarationLineBytes. `read` may return
// fewer bytes than asked (a pipe, a socket): each read costs what it returns, and the search for
// a line end never goes over the same bytes twice.
class LineReader {
  public:
    static constexpr std::size_t kChunk = 1 << 20;

    LineReader(const std::function<std::size_t(char*, std::size_t)>& read, const std::string& file)
        : read_(read), file_(file), chunk_(kChunk) {
        buffer_.reserve(kChunk + kMaxDeclarationLineBytes);
    }

    // The next line, without its \n or \r\n, valid until the next call; false at the end of
    // the file.
    Result<bool> Next(std::string_view& line) {
        if (first_) {
            // The first bytes of the file, however few each read gives: a byte-order mark.
            first_ = false;
            while (buffer_.size() < 3 && !eof_) Fill();
            if (buffer_.size() >= 2) {
                auto b0 = static_cast<unsigned char>(buffer_[0]);
                auto b1 = static_cast<unsigned char>(buffer_[1]);
                if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
                    return Error::Invalid(file_, "is UTF-16: save it as UTF-8 CSV");
                }
            }
            if (buffer_.size() >= 3 && buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) begin_ = 3;
        }
        // The next line: refill the buffer when no line end is in it.
        std::size_t nl = buffer_.find('\n', begin_);
        while (nl == std::string::npos && !eof_) {
            if (buffer_.size() - begin_ > kMaxDeclarationLineBytes) return TooLong();
            buffer_.erase(0, begin_);
            begin_ = 0;
            std::size_t old = buffer_.size();  // no line end before it
            Fill();
            nl = buffer_.find('\n', old);
        }
        if (begin_ >= buffer_.size() && eof_) return false;
        std::size_t end = nl == std::string::npos ? buffer_.size() : nl;
        if (end - begin_ > kMaxDeclarationLineBytes) return TooLong();
        line = std::string_view(buffer_.data() + begin_, end - begin_);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        begin_ = nl == std::string::npos ? buffer_.size() : nl + 1;
        ++line_no_;
        return true;
    }

    // The number of the line Next gave last (1 for the first).
    [[nodiscard]] std::int64_t line_no() const { return line_no_; }
    // The bytes read so far.
    [[nodiscard]] std::uint64_t bytes() const { return bytes_; }

  private:
    [[nodiscard]] Error TooLong() const {
        return Error::Invalid(
            file_ + ":" + std::to_string(line_no_ + 1),
            "line longer than " + std::to_string(kMaxDeclarationLineBytes) + " bytes");
    }

    // One read, appended to the buffer: only the bytes it gave are copied (the buffer is never
    // grown by a whole chunk and cut back, which cost a chunk per read however little it gave).
    void Fill() {
        std::size_t n = read_(chunk_.data(), chunk_.size());
        buffer_.append(chunk_.data(), n);
        bytes_ += n;
        if (n == 0) eof_ = true;
    }

    const std::function<std::size_t(char*, std::size_t)>& read_;
    const std::string& file_;
    std::vector<char> chunk_;  // what one read fills
    std::string buffer_;
    std::size_t begin_ = 0;  // start of the unread part of buffer_
    std::uint64_t bytes_ = 0;
    std::int64_t line_no_ = 0;
    bool eof_ = false;
    bool first_ = true;
};

// The end of a good file: the last chunk of rows written, then the batch committed when every
// row was good.
inline Result<void> WriteRest(std::optional<WriterThread>& pipe, std::size_t filled,
                              DeclarationWriter* writer, DeclarationImportReport& report) {
    if (pipe) {
        pipe->Push(filled);
        auto written = pipe->Finish();
        pipe.reset();
        if (!written) return written.take_error();
    }
    if (writer != nullptr && report.ok()) {
        auto committed = writer->Commit();
        if (!committed) return committed.take_error();
        report.batch = *committed;
    }
    return Ok{};
}

}  // namespace aidledger::csv

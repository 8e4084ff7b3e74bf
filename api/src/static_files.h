// The web dashboard's files (web/dist, built by `npm run build`), served by `aidledger serve`
// at every path outside /api (docs/api.md, "The dashboard").
//
// The folder is read once, when the server starts, into memory: requests never touch the file
// system, so no request path can reach a file outside the folder, and a rebuild of the
// dashboard needs a restart. Symbolic links, hidden files and files over kMaxFileBytes are
// skipped; a folder over kMaxFiles files or kMaxTotalBytes is refused.
//
// Answers:
// - only GET and HEAD (405 with Allow otherwise);
// - a path with "..", ".", an empty segment, a backslash, a NUL or an encoded slash or dot
//   ("%2e", "%2f", "%5c"), or not starting with "/": 400, nothing looked up;
// - a file of the folder: its bytes, Content-Type from its extension, a strong ETag (a hash of
//   the bytes; If-None-Match answers 304); files under assets/ (Vite's content-hashed names)
//   with `Cache-Control: public, max-age=31536000, immutable`, every other file `no-cache`;
//   a precompressed sibling FILE.gz is sent instead (Content-Encoding: gzip, Vary:
//   Accept-Encoding) to clients that accept gzip;
// - "/" and, for GET and HEAD, any other path whose last segment has no extension: index.html
//   (the dashboard routes in the browser); other unknown paths: 404;
// - HTML answers carry a Content-Security-Policy that allows only this origin (kPagePolicy);
// - with no folder (the dashboard not built), every such path answers 404 with a short
//   text naming how to build it.
// Thread-safe after Load: Serve only reads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "aidledger/core/result.h"

namespace aidledger::api {

struct ApiRequest;
struct ApiResponse;

inline constexpr std::size_t kMaxFileBytes = 16U << 20;
inline constexpr std::size_t kMaxTotalBytes = 128U << 20;
inline constexpr std::size_t kMaxFiles = 2000;

// The policy of the dashboard's pages: scripts, styles, data and requests from this origin only.
inline constexpr std::string_view kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

class StaticSite {
  public:
    // A site with no folder: answers the message that the dashboard is not built.
    StaticSite() = default;

    // Reads the folder. kNotFound when it does not exist or has no index.html; kInvalidArgument
    // (field "--web-root") when it holds too many files or bytes.
    [[nodiscard]] static Result<StaticSite> Load(const std::filesystem::path& root);

    // Whether a decoded request path belongs to the site rather than to the API: anything
    // but /api and /api/...
    static bool Owns(std::string_view path);

    // The answer to a request whose path Owns() accepted.
    ApiResponse Serve(const ApiRequest& request) const;

    bool loaded() const { return !files_.empty(); }
    std::size_t file_count() const { return files_.size(); }

  private:
    struct File {
        std::shared_ptr<const std::string> bytes;
        std::shared_ptr<const std::string> gzip;  // null when there is no FILE.gz
        std::string etag;
        std::string content_type;
        bool immutable = false;
    };
    std::map<std::string, File, std::less<>> files_;  // by path from the root: "assets/x.js"
};

}  // namespace aidledger::api

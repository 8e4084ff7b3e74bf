#include "static_files.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#include "request.h"

namespace aidledger::api {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNotBuilt =
    "The aidledger dashboard is not served here: only the API is (/api/v1).\n"
    "Either it is not built, or the server runs with --no-dashboard.\n"
    "Build it with `make web` (or `npm ci && npm run build` in web/), then restart the server,\n"
    "or point `aidledger serve --web-root DIR` at a built dashboard.\n";

std::string_view ContentTypeOf(std::string_view name) {
    auto dot = name.rfind('.');
    std::string ext = dot == std::string_view::npos ? "" : std::string(name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "json" || ext == "map") return "application/json";
    if (ext == "webmanifest") return "application/manifest+json";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// FNV-1a, 64 bits: an ETag needs only to change when the bytes do.
std::string ETagOf(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    std::array<char, 17> hex{};
    std::snprintf(hex.data(), hex.size(), "%016llx", static_cast<unsigned long long>(h));
    return "\"" + std::string(hex.data()) + "\"";
}

bool Hidden(const fs::path& relative) {
    return std::any_of(relative.begin(), relative.end(), [](const fs::path& part) {
        auto s = part.string();
        return !s.empty() && s.front() == '.';
    });
}

// Whether a raw path holds a character or an escape no file name of the site has: a
// backslash, a NUL, a truncated escape, or an encoded dot, slash, backslash or NUL (%2e, %2f,
// %5c, %00).
bool ForbiddenCharacters(std::string_view raw) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\\' || c == '\0') return true;
        if (c != '%') continue;
        if (i + 2 >= raw.size()) return true;
        char a = raw[i + 1];
        char b = static_cast<char>(std::tolower(static_cast<unsigned char>(raw[i + 2])));
        if ((a == '2' && (b == 'e' || b == 'f')) || (a == '5' && b == 'c') ||
            (a == '0' && b == '0')) {
            return true;
        }
    }
    return false;
}

// Whether a raw (still encoded) path is one a file could answer: the checks are made before
// decoding, so that "%2e%2e" or "%2f" cannot smuggle a segment past them.
bool SafePath(std::string_view raw) {
    if (raw.empty() || raw.front() != '/' || ForbiddenCharacters(raw)) return false;
    if (raw == "/") return true;
    std::size_t start = 1;
    while (start <= raw.size()) {
        std::size_t slash = raw.find('/', start);
        if (slash == std::string_view::npos) slash = raw.size();
        std::string_view segment = raw.substr(start, slash - start);
        // A trailing slash is allowed ("/records/"); an empty inner segment ("//") is not.
        if (segment.empty() && slash != raw.size()) return false;
        if (segment == "." || segment == "..") return false;
        start = slash + 1;
    }
    return true;
}

int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string DecodePath(std::string_view raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 2 < raw.size() && Hex(raw[i + 1]) >= 0 && Hex(raw[i + 2]) >= 0) {
            out += static_cast<char>(Hex(raw[i + 1]) * 16 + Hex(raw[i + 2]));
            i += 2;
        } else {
            out += raw[i];
        }
    }
    return out;
}

bool AcceptsGzip(const ApiRequest& request) {
    auto it = request.headers.find("accept-encoding");
    if (it == request.headers.end()) return false;
    std::string value = it->second;
    std::transform(value.begin(), value.end(), value.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    auto at = value.find("gzip");
    if (at == std::string::npos) return false;
    // "gzip;q=0" refuses it.
    auto end = value.find(',', at);
    std::string params = value.substr(at + 4, end == std::string::npos ? end : end - at - 4);
    params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
    return params.rfind(";q=0", 0) != 0 || params.rfind(";q=0.", 0) == 0;
}

// A file's bytes; null when it cannot be read.
std::shared_ptr<const std::string> ReadWhole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    auto bytes = std::make_shared<std::string>(std::istreambuf_iterator<char>(in),
                                               std::istreambuf_iterator<char>());
    if (in.bad()) return nullptr;
    return bytes;
}

struct Budget {
    std::size_t files = 0;
    std::size_t bytes = 0;
};

// A regular file of the folder, read and counted against the limits: its bytes; null when it
// is skipped (not a regular file, unreadable, over kMaxFileBytes); an error when the folder is
// over a limit.
Result<std::shared_ptr<const std::string>> ReadEntry(const fs::directory_entry& entry,
                                                     Budget& budget, const fs::path& root) {
    std::error_code ec;
    if (!entry.is_regular_file(ec)) return std::shared_ptr<const std::string>();
    auto size = entry.file_size(ec);
    if (ec || size > kMaxFileBytes) return std::shared_ptr<const std::string>();
    if (++budget.files > kMaxFiles) {
        return Error::Invalid(
            "--web-root", "more than " + std::to_string(kMaxFiles) + " files in " + root.string());
    }
    budget.bytes += size;
    if (budget.bytes > kMaxTotalBytes) {
        return Error::Invalid("--web-root", "more than " + std::to_string(kMaxTotalBytes) +
                                                " bytes in " + root.string());
    }
    return ReadWhole(entry.path());
}

ApiResponse Plain(HttpStatus status, std::string body) {
    ApiResponse r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(body);
    return r;
}

}  // namespace

bool StaticSite::Owns(std::string_view path) {
    return !(path == "/api" || path.rfind("/api/", 0) == 0);
}

Result<StaticSite> StaticSite::Load(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return Error::NotFound("--web-root", "no folder " + root.string());
    }
    StaticSite site;
    std::map<std::string, std::shared_ptr<const std::string>> gzips;
    Budget budget;
    for (fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
         !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        fs::path relative = entry.path().lexically_relative(root);
        // The entry's own errors are not the walk's: a file that cannot be read is skipped.
        std::error_code entry_ec;
        if (entry.is_symlink(entry_ec) || Hidden(relative)) {
            if (entry.is_directory(entry_ec)) it.disable_recursion_pending();
            continue;
        }
        auto read = ReadEntry(entry, budget, root);
        if (!read) return read.take_error();
        std::shared_ptr<const std::string> bytes = std::move(*read);
        if (!bytes) continue;
        std::string name = relative.generic_string();
        if (name.size() > 3 && name.ends_with(".gz")) {
            gzips[name.substr(0, name.size() - 3)] = std::move(bytes);
            continue;
        }
        File file;
        file.etag = ETagOf(*bytes);
        file.content_type = std::string(ContentTypeOf(name));
        file.immutable = name.rfind("assets/", 0) == 0;
        file.bytes = std::move(bytes);
        site.files_.emplace(std::move(name), std::move(file));
    }
    if (ec) return Error::NotFound("--web-root", "cannot read " + root.string());
    for (auto& [name, bytes] : gzips) {
        if (auto it = site.files_.find(name); it != site.files_.end()) {
            it->second.gzip = std::move(bytes);
        }
    }
    if (!site.files_.contains("index.html")) {
        return Error::NotFound("--web-root", "no index.html in " + root.string());
    }
    return site;
}

ApiResponse StaticSite::Serve(const ApiRequest& request) const {
    if (request.method != "GET" && request.method != "HEAD") {
        ApiResponse r = Plain(HttpStatus::kMethodNotAllowed, "only GET and HEAD are served here\n");
        r.headers.emplace_back("Allow", "GET, HEAD");
        return r;
    }
    std::string_view raw = request.target;
    raw = raw.substr(0, raw.find('?'));
    raw = raw.substr(0, raw.find('#'));
    if (!SafePath(raw)) return Plain(HttpStatus::kBadRequest, "bad path\n");
    if (files_.empty()) return Plain(HttpStatus::kNotFound, std::string(kNotBuilt));

    std::string path = DecodePath(raw).substr(1);
    while (!path.empty() && path.back() == '/') path.pop_back();
    auto it = path.empty() ? files_.find("index.html") : files_.find(path);
    if (it == files_.end()) {
        std::string_view last = path;
        if (auto slash = last.rfind('/'); slash != std::string_view::npos) {
            last = last.substr(slash + 1);
        }
        // A path of the dashboard's own (/records/team/team-it-1) gets the page; a missing
        // file (/assets/old.js, /favicon.ico) gets a 404 rather than HTML in its place.
        if (last.find('.') != std::string_view::npos)
            return Plain(HttpStatus::kNotFound, "no such file\n");
        it = files_.find("index.html");
    }
    const File& file = it->second;
    bool gzip = file.gzip && AcceptsGzip(request);

    ApiResponse r;
    r.status = HttpStatus::kOk;
    r.content_type = file.content_type;
    std::string etag = gzip ? file.etag.substr(0, file.etag.size() - 1) + "-gz\"" : file.etag;
    r.headers.emplace_back("ETag", etag);
    r.headers.emplace_back("Cache-Control",
                           file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (file.gzip) r.headers.emplace_back("Vary", "Accept-Encoding");
    if (file.content_type.rfind("text/html", 0) == 0) {
        r.headers.emplace_back("Content-Security-Policy", std::string(kPagePolicy));
    }
    if (auto inm = request.headers.find("if-none-match"); inm != request.headers.end()) {
        std::string_view given = inm->second;
        if (given == "*" || given.find(etag) != std::string_view::npos) {
            r.status = HttpStatus::kNotModified;
            return r;
        }
    }
    if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
    r.shared_body = gzip ? file.gzip : file.bytes;
    return r;
}

}  // namespace aidledger::api

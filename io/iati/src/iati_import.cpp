// IATI activity XML -> foreign::File. The text is split on <iati-activity> elements and each is
// parsed alone, so memory holds one small document tree at a time (iati_import.h).
#include "aidledger/io/iati_import.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <pugixml.hpp>
#include <set>

#include "aidledger/core/sha256.h"

namespace aidledger::iati {
namespace {

using foreign::Org;
using foreign::Place;

constexpr std::string_view kRoot = "<iati-activities";
constexpr std::string_view kOpen = "<iati-activity";
constexpr std::string_view kClose = "</iati-activity>";
// How far into the file the root element must start (a declaration and comments come first).
constexpr std::size_t kRootWithin = std::size_t{64} * 1024;

std::string Trim(std::string_view s) {
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) != 0))
        s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) != 0))
        s.remove_suffix(1);
    return std::string(s);
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool IsNameEnd(char c) {
    return c == ' ' || c == '>' || c == '/' || c == '\n' || c == '\r' || c == '\t';
}

// Line and column of byte offsets, counted from a mark that only moves forward (the start of
// the activity being read), so a file is counted once however many places are asked for.
class Lines {
  public:
    explicit Lines(std::string_view text) : text_(text) {}

    void Mark(std::size_t offset) {
        for (; mark_ < offset && mark_ < text_.size(); ++mark_) {
            if (text_[mark_] == '\n') {
                ++mark_line_;
                mark_line_start_ = mark_ + 1;
            }
        }
    }

    std::pair<std::int64_t, std::int64_t> At(std::size_t offset) const {
        std::int64_t line = mark_line_;
        std::size_t line_start = mark_line_start_;
        std::size_t i = std::min(mark_, offset);
        if (offset < mark_) {  // before the mark: count from the file's start
            line = 1;
            line_start = 0;
            i = 0;
        }
        for (; i < offset && i < text_.size(); ++i) {
            if (text_[i] == '\n') {
                ++line;
                line_start = i + 1;
            }
        }
        std::int64_t column = 1;
        for (std::size_t j = line_start; j < offset && j < text_.size(); ++j) {
            if ((static_cast<unsigned char>(text_[j]) & 0xC0U) != 0x80U) ++column;
        }
        return {line, column};
    }

  private:
    std::string_view text_;
    std::size_t mark_ = 0;
    std::int64_t mark_line_ = 1;
    std::size_t mark_line_start_ = 0;
};

// The next <iati-activity start tag at or after `from`, skipping comments and CDATA.
std::size_t FindActivity(std::string_view text, std::size_t from) {
    while (from < text.size()) {
        std::size_t lt = text.find('<', from);
        if (lt == std::string_view::npos) return lt;
        if (text.compare(lt, 4, "<!--") == 0) {
            std::size_t end = text.find("-->", lt + 4);
            if (end == std::string_view::npos) return end;
            from = end + 3;
            continue;
        }
        if (text.compare(lt, 9, "<![CDATA[") == 0) {
            std::size_t end = text.find("]]>", lt + 9);
            if (end == std::string_view::npos) return end;
            from = end + 3;
            continue;
        }
        if (text.compare(lt, kOpen.size(), kOpen) == 0 && lt + kOpen.size() < text.size() &&
            IsNameEnd(text[lt + kOpen.size()])) {
            return lt;
        }
        from = lt + 1;
    }
    return std::string_view::npos;
}

// Text of an element: its first non-empty narrative (2.0x), else its own text (1.0x).
std::string TextOf(pugi::xml_node node) {
    if (!node) return "";
    for (pugi::xml_node n : node.children("narrative")) {
        std::string t = Trim(n.text().get());
        if (!t.empty()) return t;
    }
    return Trim(node.text().get());
}

std::string Attr(pugi::xml_node node, const char* name) {
    return Trim(node.attribute(name).value());
}

std::optional<PartyKind> KindOfOrgType(std::string_view type) {
    static const std::map<std::string_view, PartyKind> types = {
        {"10", PartyKind::kCentralGovernment},
        {"11", PartyKind::kLocalGovernment},
        {"15", PartyKind::kCentralGovernment},
        {"21", PartyKind::kCivilSociety},
        {"22", PartyKind::kCivilSociety},
        {"23", PartyKind::kCivilSociety},
        {"24", PartyKind::kCivilSociety},
        {"30", PartyKind::kEnterprise},
        {"40", PartyKind::kInternationalOrganisation},
        {"60", PartyKind::kCivilSociety},
        {"70", PartyKind::kEnterprise},
        {"71", PartyKind::kEnterprise},
        {"72", PartyKind::kEnterprise},
        {"73", PartyKind::kEnterprise},
        {"80", PartyKind::kCivilSociety},
    };
    auto it = types.find(type);
    if (it == types.end()) return std::nullopt;
    return it->second;
}

// Transaction types of 2.0x, and 1.0x's letters mapped to them.
int TransactionType(std::string_view code) {
    static const std::map<std::string, int> letters = {
        {"IF", 1}, {"C", 2},  {"D", 3},  {"E", 4},  {"IR", 5}, {"LR", 6},  {"R", 7},
        {"PE", 8}, {"QP", 8}, {"SE", 9}, {"QS", 9}, {"G", 10}, {"CG", 10}, {"IC", 11},
    };
    std::string c = Trim(code);
    if (!c.empty() && std::all_of(c.begin(), c.end(), [](char ch) {
            return (std::isdigit(static_cast<unsigned char>(ch)) != 0);
        })) {
        return c.size() < 4 ? std::stoi(c) : 0;
    }
    for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    auto it = letters.find(c);
    return it == letters.end() ? 0 : it->second;
}

// Activity date types of 2.0x, and 1.0x's names mapped to them.
int DateType(std::string_view code) {
    std::string c = Lower(Trim(code));
    if (c == "1" || c == "start-planned") return 1;
    if (c == "2" || c == "start-actual") return 2;
    if (c == "3" || c == "end-planned") return 3;
    if (c == "4" || c == "end-actual") return 4;
    return 0;
}

int Role(std::string_view code) {
    std::string c = Lower(Trim(code));
    if (c == "1" || c == "funding") return 1;
    if (c == "2" || c == "accountable") return 2;
    if (c == "3" || c == "extending") return 3;
    if (c == "4" || c == "implementing") return 4;
    return 0;
}

std::string OrgKey(const Org& o) {
    if (o.ref) return "ref:" + Lower(*o.ref);
    if (o.country) return "country:" + *o.country;
    return "name:" + Lower(o.name);
}

bool Given(const Org& o) { return o.ref || o.country || !o.name.empty(); }

const char* TypeName(int type) {
    switch (type) {
        case 4:
            return "expenditure (the implementer's own spending, not assistance given to a party)";
        case 5:
            return "interest payment";
        case 6:
            return "loan repayment";
        case 7:
            return "reimbursement";
        case 8:
            return "purchase of equity";
        case 9:
            return "sale of equity";
        case 10:
            return "credit guarantee";
        default:
            return "a transaction type the ledger does not record";
    }
}

// One financial or in-kind transaction as read.
struct Tx {
    int type = 0;
    std::optional<Money> value;  // nullopt: the file gives no value (unknown, never 0)
    Date date{};
    Org provider;
    Org receiver;
    bool in_kind = false;
    std::string excerpt;
    std::string description;
    Place at;
};

// The transactions of one flow (provider, receiver, currency, in kind or not) of an activity.
struct Flow {
    std::vector<const Tx*> txs;
};

class Reader {
  public:
    Reader(std::string_view text, std::string name, const foreign::ReadOptions& options)
        : text_(text), lines_(text), options_(options) {
        file_.name = std::move(name);
    }

    Result<foreign::File> Run() {
        if (text_.size() >= 2 && ((text_[0] == '\xFF' && text_[1] == '\xFE') ||
                                  (text_[0] == '\xFE' && text_[1] == '\xFF'))) {
            return Error::Invalid(file_.name, "is UTF-16 text: save it as UTF-8");
        }
        std::size_t root = text_.substr(0, kRootWithin + kRoot.size() + 1).find(kRoot);
        if (root == std::string_view::npos || root > kRootWithin) {
            return Error::Invalid(file_.name, "is not IATI activity XML (no <iati-activities>)");
        }
        if (auto declared = DeclaredEncoding(root); !declared.empty()) {
            std::string e = Lower(declared);
            if (e != "utf-8" && e != "utf8" && e != "us-ascii") {
                return Error::Invalid(file_.name, "declares encoding " + declared +
                                                      ": save it as UTF-8 to import it");
            }
        }
        ReadRoot(root);
        file_.sha256 = Sha256Hex(text_);
        std::size_t at = root;
        std::int64_t index = 0;
        for (;;) {
            std::size_t start = FindActivity(text_, at);
            if (start == std::string_view::npos) break;
            ++index;
            lines_.Mark(start);
            std::size_t close = text_.find(kClose, start);
            if (close == std::string_view::npos) {
                Problem(start, Path(index, ""), "an <iati-activity> that is never closed");
                break;
            }
            std::size_t end = close + kClose.size();
            ReadActivity(start, end, index);
            at = end;
        }
        if (index == 0) {
            return Error::Invalid(file_.name, "holds no <iati-activity>: nothing to import");
        }
        return std::move(file_);
    }

  private:
    std::string DeclaredEncoding(std::size_t root) const {
        std::string_view head = text_.substr(0, root);
        std::size_t decl = head.find("<?xml");
        if (decl == std::string_view::npos) return "";
        std::size_t end = head.find("?>", decl);
        std::string_view d = head.substr(decl, end == std::string_view::npos ? head.size() : end);
        std::size_t enc = d.find("encoding");
        if (enc == std::string_view::npos) return "";
        std::size_t q = d.find_first_of("\"'", enc);
        if (q == std::string_view::npos) return "";
        std::size_t q2 = d.find(d[q], q + 1);
        if (q2 == std::string_view::npos) return "";
        return std::string(d.substr(q + 1, q2 - q - 1));
    }

    void ReadRoot(std::size_t root) {
        std::size_t gt = text_.find('>', root);
        if (gt == std::string_view::npos) return;
        std::string tag(text_.substr(root, gt - root));
        if (!tag.empty() && tag.back() == '/') tag.pop_back();
        tag += "/>";
        pugi::xml_document doc;
        if (doc.load_buffer(tag.data(), tag.size())) {
            pugi::xml_node r = doc.first_child();
            version_ = Attr(r, "version");
            generated_ = foreign::ParseLooseDate(Attr(r, "generated-datetime"));
        }
        file_.format = "IATI " + (version_.empty() ? std::string("(version not given)") : version_);
    }

    static std::string Path(std::int64_t index, const std::string& below) {
        std::string p = "iati-activities/iati-activity[" + std::to_string(index) + "]";
        return below.empty() ? p : p + "/" + below;
    }

    // The element path below the activity: "transaction[2]/value".
    static std::string Below(pugi::xml_node node) {
        std::vector<std::string> parts;
        for (pugi::xml_node n = node;
             !n.empty() && !n.parent().empty() && n.parent().type() != pugi::node_document;
             n = n.parent()) {
            std::size_t same = 0;
            std::size_t mine = 0;
            for (pugi::xml_node s : n.parent().children(n.name())) {
                ++same;
                if (s == n) mine = same;
            }
            parts.push_back(std::string(n.name()) +
                            (same > 1 ? "[" + std::to_string(mine) + "]" : ""));
        }
        std::reverse(parts.begin(), parts.end());
        std::string out;
        for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
        return out;
    }

    Place PlaceOf(std::size_t offset, std::string path) const {
        auto [line, column] = lines_.At(offset);
        return Place{line, column, std::move(path)};
    }

    // Where a node of the current activity is: its '<' in the file.
    Place PlaceOf(pugi::xml_node node) const {
        std::ptrdiff_t off = node.offset_debug();
        std::size_t offset = start_;
        if (off > 0) offset = start_ + static_cast<std::size_t>(off) - 1;
        return PlaceOf(offset, Path(index_, Below(node)));
    }

    // The element's text as it stands in the file, from its '<' to its end tag.
    std::string Raw(pugi::xml_node node) const {
        std::ptrdiff_t off = node.offset_debug();
        if (off <= 0) return "";
        std::size_t from = start_ + static_cast<std::size_t>(off) - 1;
        std::string_view rest = text_.substr(from, end_ - from);
        std::size_t gt = rest.find('>');
        if (gt == std::string_view::npos) return "";
        if (gt > 0 && rest[gt - 1] == '/') return std::string(rest.substr(0, gt + 1));
        std::string close = "</" + std::string(node.name()) + ">";
        std::size_t end = rest.find(close);
        if (end == std::string_view::npos) return std::string(rest.substr(0, gt + 1));
        return std::string(rest.substr(0, end + close.size()));
    }

    void Problem(std::size_t offset, std::string path, std::string message) {
        Place at = PlaceOf(offset, std::move(path));
        file_.problems.push_back({std::move(at), std::move(message)});
    }
    void Problem(pugi::xml_node node, std::string message) {
        file_.problems.push_back({PlaceOf(node), std::move(message)});
    }
    void Skip(pugi::xml_node node, std::string message) {
        file_.skipped.push_back({PlaceOf(node), std::move(message)});
    }

    Org OrgOf(pugi::xml_node node) const {
        Org o;
        std::string ref = Attr(node, "ref");
        if (!ref.empty() && Lower(ref) != "n/a" && ref != "0") o.ref = ref;
        o.name = TextOf(node);
        o.kind = KindOfOrgType(Attr(node, "type"));
        o.at = PlaceOf(node);
        // A transaction's organisation often gives only its identifier: the activity's
        // reporting or participating organisation with that identifier names it.
        if (o.ref) {
            auto known = named_.find(Lower(*o.ref));
            if (known != named_.end()) {
                if (o.name.empty()) o.name = known->second.name;
                if (!o.kind) o.kind = known->second.kind;
            }
        } else if (!o.name.empty()) {
            // And one that gives only its name is the activity's organisation of that name.
            auto known = ref_of_name_.find(Lower(o.name));
            if (known != ref_of_name_.end()) o.ref = known->second;
        }
        return o;
    }

    std::optional<Date> DateAttr(pugi::xml_node node, const char* attr, const char* what) {
        std::string text = Attr(node, attr);
        if (text.empty()) return std::nullopt;
        auto d = foreign::ParseLooseDate(text);
        if (!d) Problem(node, std::string(what) + ": malformed date \"" + text + "\"");
        return d;
    }

    // The activity's COVID-19 markers as the file gives them ("humanitarian-scope
    // EP-2020-000012-001, tag COVID-19, sector 12264"), kept in the notes of its records.
    static std::string CovidMarks(pugi::xml_node act) {
        std::vector<std::string> marks;
        for (pugi::xml_node s : act.children("humanitarian-scope")) {
            std::string code = Lower(Attr(s, "code"));
            if (code == "ep-2020-000012-001" || code == "hcovd20") {
                marks.push_back("humanitarian-scope " + Attr(s, "code"));
            }
        }
        for (pugi::xml_node t : act.children("tag")) {
            if (Lower(Attr(t, "code")) == "covid-19") marks.push_back("tag " + Attr(t, "code"));
        }
        pugi::xpath_node_set sectors = act.select_nodes(".//sector[@code='12264']");
        if (!sectors.empty()) marks.emplace_back("sector 12264");
        std::string out;
        for (const std::string& m : marks) out += (out.empty() ? "" : ", ") + m;
        return out;
    }

    static bool IsCovid(pugi::xml_node act) {
        for (pugi::xml_node s : act.children("humanitarian-scope")) {
            std::string code = Lower(Attr(s, "code"));
            if (code == "ep-2020-000012-001" || code == "hcovd20") return true;
        }
        for (pugi::xml_node t : act.children("tag")) {
            if (Lower(Attr(t, "code")) == "covid-19") return true;
        }
        pugi::xpath_node_set sectors = act.select_nodes(".//sector");
        return std::any_of(sectors.begin(), sectors.end(), [](const pugi::xpath_node& s) {
            return Attr(s.node(), "code") == "12264";
        });
    }

    void ReadActivity(std::size_t start, std::size_t end, std::int64_t index) {
        ++file_.units;
        start_ = start;
        end_ = end;
        index_ = index;
        pugi::xml_document doc;
        pugi::xml_parse_result parsed = doc.load_buffer(text_.data() + start, end - start,
                                                        pugi::parse_default, pugi::encoding_utf8);
        if (!parsed) {
            std::size_t off =
                start + static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
            Problem(off, Path(index, ""), std::string("XML: ") + parsed.description());
            return;
        }
        pugi::xml_node act = doc.child("iati-activity");
        if (version_.empty() && !Attr(act, "version").empty()) {
            // Some files carry the version on each activity (datastore extracts) only.
            version_ = Attr(act, "version");
            file_.format = "IATI " + version_;
        }
        pugi::xml_node id_node = act.child("iati-identifier");
        std::string identifier = Trim(id_node.text().get());
        if (identifier.empty()) {
            Problem(!id_node.empty() ? id_node : act, "an activity without an iati-identifier");
            return;
        }
        if (options_.only_covid && !IsCovid(act)) {
            ++file_.not_covid;
            return;
        }
        Activity a = ReadHeader(act, identifier);
        std::size_t problems_before = file_.problems.size();
        std::vector<Tx> txs = ReadTransactions(act, a);
        if (file_.problems.size() > problems_before) return;

        std::size_t items_before = file_.items.size();
        AddFlows(act, a, txs);
        AddOwnDonation(act, a, txs);
        AddPersonnel(act, a);
        if (std::string marks = CovidMarks(act); !marks.empty()) {
            for (std::size_t i = items_before; i < file_.items.size(); ++i) {
                std::optional<std::string>& notes = BaseOf(file_.items[i].record).notes;
                notes = (notes ? *notes + " " : std::string()) + "[COVID-19: " + marks + "]";
            }
        }
        if (file_.items.size() == items_before) {
            if (txs.empty() && a.personnel.empty()) {
                Skip(act,
                     "activity " + identifier +
                         ": no commitment, pledge, disbursement or expert personnel to import");
            }
            return;
        }
        file_.sources.push_back(MakeSource(act, a, start, end));
    }

    struct Activity {
        std::string identifier;
        std::string title;
        std::string currency;
        Org reporting;
        std::vector<Org> funders;       // participating-org role 1
        std::vector<Org> implementers;  // participating-org role 4
        std::vector<Org> countries;     // recipient-country
        std::map<int, Date> dates;      // activity-date by type
        std::vector<pugi::xml_node> date_nodes;
        std::string personnel;  // "D01" or "D02" when the activity is expert personnel
        pugi::xml_node personnel_node;
        std::string source_id;
        std::optional<Date> updated;
    };

    Activity ReadHeader(pugi::xml_node act, const std::string& identifier) {
        Activity a;
        named_.clear();
        ref_of_name_.clear();
        for (const char* name : {"reporting-org", "participating-org"}) {
            for (pugi::xml_node o : act.children(name)) {
                std::string ref = Attr(o, "ref");
                std::string text = TextOf(o);
                if (!ref.empty() && Lower(ref) != "n/a" && !text.empty()) {
                    named_.emplace(Lower(ref), Known{text, KindOfOrgType(Attr(o, "type"))});
                    ref_of_name_.emplace(Lower(text), ref);
                }
            }
        }
        a.identifier = identifier;
        a.source_id = foreign::StableId("iati-src-", identifier, "iati:" + identifier);
        a.title = TextOf(act.child("title"));
        a.currency = Attr(act, "default-currency");
        a.updated = foreign::ParseLooseDate(Attr(act, "last-updated-datetime"));
        if (pugi::xml_node r = act.child("reporting-org")) a.reporting = OrgOf(r);
        for (pugi::xml_node p : act.children("participating-org")) {
            int role = Role(Attr(p, "role"));
            Org o = OrgOf(p);
            if (!Given(o)) continue;
            if (role == 1) a.funders.push_back(o);
            if (role == 4) a.implementers.push_back(o);
        }
        for (pugi::xml_node c : act.children("recipient-country")) {
            std::string code = Attr(c, "code");
            auto alpha2 = options_.reference->CountryCode(code);
            if (!alpha2) {
                Problem(c, "recipient-country: unknown country code \"" + code + "\"");
                continue;
            }
            Org o;
            o.country = *alpha2;
            o.name = TextOf(c);
            o.kind = PartyKind::kCountry;
            o.at = PlaceOf(c);
            a.countries.push_back(o);
        }
        for (pugi::xml_node d : act.children("activity-date")) {
            int type = DateType(Attr(d, "type"));
            if (type == 0) continue;
            if (auto date = DateAttr(d, "iso-date", "activity-date")) {
                a.dates[type] = *date;
                a.date_nodes.push_back(d);
            }
        }
        for (pugi::xml_node t : act.children("default-aid-type")) {
            std::string vocabulary = Attr(t, "vocabulary");
            std::string code = Lower(Attr(t, "code"));
            if ((vocabulary.empty() || vocabulary == "1") && (code == "d01" || code == "d02")) {
                a.personnel = code == "d01" ? "D01" : "D02";
                a.personnel_node = t;
            }
        }
        return a;
    }

    std::vector<Tx> ReadTransactions(pugi::xml_node act, const Activity& a) {
        std::vector<Tx> out;
        for (pugi::xml_node t : act.children("transaction")) {
            Tx tx;
            tx.type = TransactionType(Attr(t.child("transaction-type"), "code"));
            tx.at = PlaceOf(t);
            if (tx.type == 0) {
                Problem(!t.child("transaction-type").empty() ? t.child("transaction-type") : t,
                        "transaction-type: unknown code \"" +
                            Attr(t.child("transaction-type"), "code") + "\"");
                continue;
            }
            if (tx.type != 1 && tx.type != 2 && tx.type != 3 && tx.type != 11 && tx.type != 12 &&
                tx.type != 13) {
                Skip(t, std::string("not imported: ") + TypeName(tx.type));
                continue;
            }
            pugi::xml_node value = t.child("value");
            std::string amount = Trim(value.text().get());
            std::string currency = Attr(value, "currency");
            if (currency.empty()) currency = a.currency;
            for (char& c : currency)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (!amount.empty()) {
                if (currency.empty()) {
                    Problem(value,
                            "value: no currency (neither @currency nor the activity's "
                            "@default-currency)");
                    continue;
                }
                if (!options_.reference->IsCurrency(currency)) {
                    Problem(value, "value: unknown currency \"" + currency + "\"");
                    continue;
                }
                auto minor = foreign::ParseDecimal(amount, options_.reference->Exponent(currency));
                if (!minor) {
                    Problem(value, "value: \"" + amount + "\" is not a decimal number");
                    continue;
                }
                tx.value = Money{*minor, currency};
            }
            // The transaction's date is transaction-date; value-date only says which day's
            // exchange rate converts the value (publishers often give the reporting day), so it
            // dates the transaction only when there is no transaction-date.
            std::optional<Date> date =
                DateAttr(t.child("transaction-date"), "iso-date", "transaction-date/@iso-date");
            if (!date && Attr(t.child("transaction-date"), "iso-date").empty()) {
                date = DateAttr(value, "value-date", "value/@value-date");
                if (!date && Attr(value, "value-date").empty()) {
                    Problem(t,
                            "transaction: no date (neither transaction-date/@iso-date nor "
                            "value/@value-date)");
                }
            }
            if (!date) continue;
            tx.date = *date;
            std::string channel = Attr(t.child("disbursement-channel"), "code");
            tx.in_kind = channel == "3" || channel == "4";
            tx.description = TextOf(t.child("description"));
            tx.excerpt = Raw(t);
            bool incoming = tx.type == 1 || tx.type == 11 || tx.type == 13;
            if (pugi::xml_node p = t.child("provider-org")) tx.provider = OrgOf(p);
            if (pugi::xml_node r = t.child("receiver-org")) tx.receiver = OrgOf(r);
            if (!Given(tx.provider)) {
                if (!incoming) {
                    tx.provider = a.reporting;
                } else if (a.funders.size() == 1) {
                    tx.provider = a.funders.front();
                }
            }
            if (!Given(tx.receiver)) {
                if (incoming) {
                    tx.receiver = a.reporting;
                } else if (a.implementers.size() == 1 &&
                           OrgKey(a.implementers.front()) != OrgKey(a.reporting)) {
                    tx.receiver = a.implementers.front();
                } else if (a.countries.size() == 1) {
                    tx.receiver = a.countries.front();
                }
            }
            if (!Given(tx.provider) || !Given(tx.receiver)) {
                Skip(t, std::string("not imported: the transaction names no ") +
                            (Given(tx.provider) ? "receiver" : "provider") +
                            ", and the activity gives no single one");
                continue;
            }
            out.push_back(std::move(tx));
        }
        return out;
    }

    static std::optional<Money> Sum(const std::vector<const Tx*>& txs) {
        std::optional<Money> sum;
        for (const Tx* t : txs) {
            if (!t->value) return std::nullopt;  // one unknown part: the sum is unknown
            if (!sum) {
                sum = *t->value;
            } else {
                sum->minor += t->value->minor;
            }
        }
        return sum;
    }

    static DateInterval Span(const std::vector<const Tx*>& txs) {
        Date lo = txs.front()->date;
        Date hi = lo;
        for (const Tx* t : txs) {
            lo = std::min(lo, t->date);
            hi = std::max(hi, t->date);
        }
        return {lo, hi};
    }

    void AddFlows(pugi::xml_node act, const Activity& a, const std::vector<Tx>& txs) {
        std::map<std::string, std::vector<const Tx*>> flows;  // in order of first appearance
        std::vector<std::string> order;
        for (const Tx& t : txs) {
            std::string key = std::string(t.in_kind ? "kind|" : "cash|") + OrgKey(t.provider) +
                              "|" + OrgKey(t.receiver) + "|" +
                              (t.value ? t.value->currency : std::string());
            auto [it, fresh] = flows.try_emplace(key);
            if (fresh) order.push_back(key);
            it->second.push_back(&t);
        }
        for (const std::string& key : order) {
            const std::vector<const Tx*>& flow = flows[key];
            std::string id_key = "iati:" + a.identifier + "|" + key;
            std::vector<Citation> cites;
            cites.reserve(flow.size());
            for (const Tx* t : flow) cites.push_back({a.source_id, t->excerpt});
            foreign::Item item;
            item.at = flow.front()->at;
            item.parties.push_back({"provider", flow.front()->provider});
            item.parties.push_back({"recipient", flow.front()->receiver});
            if (flow.front()->in_kind) {
                item.record = Donation(a, flow, id_key, cites, item.line_items);
            } else {
                auto cash = Cash(act, a, flow, id_key, cites);
                if (!cash) continue;
                item.record = std::move(*cash);
            }
            file_.items.push_back(std::move(item));
        }
    }

    std::optional<CashContribution> Cash(pugi::xml_node act, const Activity& a,
                                         const std::vector<const Tx*>& flow,
                                         const std::string& id_key,
                                         const std::vector<Citation>& cites) {
        std::vector<const Tx*> commitments;
        std::vector<const Tx*> pledges;
        std::vector<const Tx*> payments;
        for (const Tx* t : flow) {
            if (t->type == 2 || t->type == 11) commitments.push_back(t);
            if (t->type == 12 || t->type == 13) pledges.push_back(t);
            if (t->type == 1 || t->type == 3) payments.push_back(t);
        }
        const std::vector<const Tx*>& promised = commitments.empty() ? pledges : commitments;
        CashContribution c;
        c.id = foreign::StableId("iati-cash-", a.identifier, id_key);
        c.sources = cites;
        if (!a.title.empty()) c.notes = a.title;
        if (!promised.empty()) {
            c.pledged = Sum(promised);
            c.pledged_on = Span(promised);
        }
        if (!payments.empty()) {
            c.paid = Sum(payments);
            c.paid_on = Span(payments);
            // Paid without a pledge on record: the pledge came at the latest with the first
            // payment, and not before the activity began when the file says when that was.
            Date first_paid = c.paid_on->earliest;
            if (promised.empty()) {
                Date from = first_paid;
                for (int type : {2, 1}) {
                    if (auto it = a.dates.find(type); it != a.dates.end()) {
                        from = std::min(from, it->second);
                        break;
                    }
                }
                c.pledged_on = {from, first_paid};
            } else if (c.pledged_on.earliest > c.paid_on->latest) {
                // Committed after paying (a commitment recorded late): the ledger's rule is
                // that a payment follows its pledge; the pledge is dated by the first payment.
                c.pledged_on = {std::min(c.pledged_on.earliest, first_paid),
                                std::min(c.pledged_on.latest, c.paid_on->latest)};
                c.pledged_on.latest = std::max(c.pledged_on.latest, c.pledged_on.earliest);
            }
        }
        for (const std::optional<Money>* m : {&c.pledged, &c.paid}) {
            if (*m && (*m)->minor < 0) {
                Skip(act, "activity " + a.identifier + ": flow " +
                              id_key.substr(id_key.find('|') + 1) +
                              " sums to a negative amount (corrections larger than the "
                              "transactions): not imported");
                return std::nullopt;
            }
        }
        return c;
    }

    // "Masks (100000 piece)" (what aidledger's export writes) -> item name and quantity.
    static std::pair<std::string, std::optional<std::int64_t>> LineOf(const std::string& text) {
        std::size_t open = text.rfind(" (");
        if (open == std::string::npos || text.empty() || text.back() != ')') return {text, {}};
        std::string inner = text.substr(open + 2, text.size() - open - 3);
        std::size_t space = inner.find(' ');
        std::string number = inner.substr(0, space);
        if (number.empty() || !std::all_of(number.begin(), number.end(), [](char c) {
                return (std::isdigit(static_cast<unsigned char>(c)) != 0);
            })) {
            return {text.substr(0, open), {}};
        }
        constexpr std::size_t kMaxDigits = 17;
        if (number.size() > kMaxDigits) return {text.substr(0, open), {}};
        return {text.substr(0, open), std::stoll(number)};
    }

    static aidledger::Donation Donation(const Activity& a, const std::vector<const Tx*>& flow,
                                        const std::string& id_key,
                                        const std::vector<Citation>& cites,
                                        std::vector<std::string>& line_items) {
        aidledger::Donation d;
        d.id = foreign::StableId("iati-don-", a.identifier, id_key);
        d.sources = cites;
        if (!a.title.empty()) d.notes = a.title;
        std::vector<const Tx*> pledged;
        std::vector<const Tx*> given;
        for (const Tx* t : flow) {
            ItemLine line;
            line.item = std::string(foreign::kUnspecifiedItem);
            line.value = t->value;
            auto [name, quantity] = LineOf(t->description);
            line.quantity = quantity;
            line_items.push_back(name);
            d.lines.push_back(line);
            (t->type == 12 || t->type == 13 || t->type == 2 || t->type == 11 ? pledged : given)
                .push_back(t);
        }
        std::optional<DateInterval> promised;
        if (!pledged.empty()) promised = Span(pledged);
        if (!given.empty()) {
            DateInterval shipped = Span(given);
            // A pledge recorded after the shipment: dated no later than it (as for cash).
            if (promised && promised->earliest > shipped.latest) {
                promised = DateInterval{shipped.earliest, shipped.latest};
            }
        }
        if (promised) d.history.push_back({DonationStatus::kPledged, *promised});
        if (!given.empty()) {
            DateInterval shipped = Span(given);
            d.history.push_back({DonationStatus::kShipped, shipped});
            auto end = a.dates.find(4);
            if (end != a.dates.end() && end->second >= shipped.latest) {
                d.history.push_back({DonationStatus::kDelivered, DateInterval::Exact(end->second)});
            }
        }
        return d;
    }

    // A donation that aidledger's own export wrote with no valued line (so no transaction): its
    // identifier is REF-donation-ID and its description begins "In-kind donation" (io/iati/
    // iati.h); its items are the result indicators, its history the activity's status and dates.
    void AddOwnDonation(pugi::xml_node act, const Activity& a, const std::vector<Tx>& txs) {
        if (a.identifier.find("-donation-") == std::string::npos) return;
        if (TextOf(act.child("description")).rfind("In-kind donation", 0) != 0) return;
        if (std::any_of(txs.begin(), txs.end(), [](const Tx& t) { return t.in_kind; })) return;
        pugi::xml_node status_node = act.child("activity-status");
        std::string status = Attr(status_node, "code");
        auto date = [&](int type) -> std::optional<DateInterval> {
            auto it = a.dates.find(type);
            if (it == a.dates.end()) return std::nullopt;
            return DateInterval::Exact(it->second);
        };
        aidledger::Donation d;
        d.id = foreign::StableId("iati-don-", a.identifier, "iati:" + a.identifier + "|donation");
        if (!a.title.empty()) d.notes = a.title;
        using S = DonationStatus;
        std::vector<std::pair<S, std::optional<DateInterval>>> steps;
        if (status == "1") steps = {{S::kPledged, date(1)}};
        if (status == "2") steps = {{S::kShipped, date(2)}};
        if (status == "3") steps = {{S::kShipped, date(2)}, {S::kDelivered, date(4)}};
        if (status == "5") steps = {{S::kPledged, date(1)}, {S::kCancelled, date(4)}};
        for (const auto& [s, on] : steps) {
            if (!on) {
                Skip(act, "activity " + a.identifier + ": a donation whose status " + status +
                              " has no date: not imported");
                return;
            }
            d.history.push_back({s, *on});
        }
        if (d.history.empty()) {
            Skip(!status_node.empty() ? status_node : act,
                 "activity " + a.identifier + ": a donation with activity-status \"" + status +
                     "\": not imported");
            return;
        }
        Org recipient;
        if (a.implementers.size() == 1 &&
            (a.funders.empty() || OrgKey(a.implementers.front()) != OrgKey(a.funders.front()))) {
            recipient = a.implementers.front();
        } else if (a.countries.size() == 1) {
            recipient = a.countries.front();
        } else {
            Skip(act, "activity " + a.identifier + ": a donation with no single recipient");
            return;
        }
        foreign::Item item;
        item.at = PlaceOf(act);
        std::vector<Citation> cites = {{a.source_id, Raw(status_node)}};
        for (pugi::xml_node n : a.date_nodes) cites.push_back({a.source_id, Raw(n)});
        for (pugi::xml_node result : act.children("result")) {
            for (pugi::xml_node ind : result.children("indicator")) {
                pugi::xml_node period = ind.child("period");
                pugi::xml_node value = !period.child("actual").empty() ? period.child("actual")
                                                                       : period.child("target");
                auto [name, unused] = LineOf(TextOf(ind.child("title")));
                ItemLine line;
                line.item = std::string(foreign::kUnspecifiedItem);
                auto quantity = foreign::ParseDecimal(Attr(value, "value"), 0);
                if (quantity && *quantity >= 0) line.quantity = quantity;
                d.lines.push_back(line);
                item.line_items.push_back(name);
                cites.push_back({a.source_id, Raw(ind)});
            }
        }
        d.sources = std::move(cites);
        item.parties.push_back({"provider", a.funders.empty() ? a.reporting : a.funders.front()});
        item.parties.push_back({"recipient", recipient});
        item.record = std::move(d);
        file_.items.push_back(std::move(item));
    }

    void AddPersonnel(pugi::xml_node act, const Activity& a) {
        if (a.personnel.empty()) return;
        std::optional<Date> start;
        for (int type : {2, 1}) {
            if (auto it = a.dates.find(type); it != a.dates.end()) {
                start = it->second;
                break;
            }
        }
        if (!start || a.countries.empty() || !Given(a.reporting)) {
            Skip(a.personnel_node, "activity " + a.identifier + ": " + a.personnel +
                                       " personnel not imported: the activity gives no " +
                                       (!start                ? "start date"
                                        : a.countries.empty() ? "recipient country"
                                                              : "reporting organisation"));
            return;
        }
        std::vector<Citation> cites = {{a.source_id, Raw(a.personnel_node)}};
        for (pugi::xml_node d : a.date_nodes) cites.push_back({a.source_id, Raw(d)});
        std::optional<Date> end;
        if (auto it = a.dates.find(4); it != a.dates.end() && it->second >= *start) {
            end = it->second;
        }
        foreign::Item item;
        item.at = PlaceOf(a.personnel_node);
        std::string title = Lower(a.title);
        if (a.personnel == "D01") {
            TeamDeployment t;
            t.id = foreign::StableId("iati-team-", a.identifier, "iati:" + a.identifier + "|team");
            t.sources = cites;
            t.sent = DateInterval::Exact(*start);
            if (end) t.left = DateInterval::Exact(*end);
            t.team_kind =
                title.find("medical treatment") != std::string::npos ? TeamKind::kMedicalTreatment
                : title.find("public health") != std::string::npos   ? TeamKind::kPublicHealth
                : title.find("technical") != std::string::npos       ? TeamKind::kTechnical
                                                                     : TeamKind::kMedicalExperts;
            if (!a.title.empty()) t.activities.push_back(a.title);
            item.parties.push_back({"provider", a.reporting});
            item.parties.push_back({"host", a.countries.front()});
            item.record = std::move(t);
        } else {
            ExpertExchange x;
            x.id =
                foreign::StableId("iati-exch-", a.identifier, "iati:" + a.identifier + "|exchange");
            x.sources = cites;
            x.held = {*start, end.value_or(*start)};
            x.topic = a.title.empty() ? a.identifier : a.title;
            x.form = title.rfind("video conference", 0) == 0 ? ExchangeForm::kVideoConference
                     : title.rfind("document", 0) == 0       ? ExchangeForm::kDocument
                     : title.rfind("visit", 0) == 0          ? ExchangeForm::kVisit
                                                             : ExchangeForm::kTraining;
            item.parties.push_back({"organiser", a.reporting});
            for (const Org& c : a.countries) item.parties.push_back({"participants", c});
            item.record = std::move(x);
        }
        file_.items.push_back(std::move(item));
        (void)act;
    }

    Source MakeSource(pugi::xml_node act, const Activity& a, std::size_t start, std::size_t end) {
        Source s;
        s.id = a.source_id;
        s.outlet = a.reporting.name.empty() ? std::optional<std::string>(a.reporting.ref)
                                            : std::optional<std::string>(a.reporting.name);
        s.title = a.title.empty() ? "IATI activity " + a.identifier : a.title;
        Date published = a.updated ? *a.updated : generated_ ? *generated_ : options_.today;
        s.published = DateInterval::Exact(published);
        s.file = file_.name + " (SHA-256 " + file_.sha256 + ")";
        s.text = std::string(text_.substr(start, end - start));
        s.notes = "IATI activity " + a.identifier + " in " + file_.name + " (" + file_.format +
                  "), SHA-256 " + file_.sha256;
        (void)act;
        return s;
    }

    std::string_view text_;
    Lines lines_;
    const foreign::ReadOptions& options_;
    foreign::File file_;
    std::string version_;
    std::optional<Date> generated_;
    struct Known {
        std::string name;
        std::optional<PartyKind> kind;
    };
    std::map<std::string, Known> named_;  // the current activity's organisations by reference
    std::map<std::string, std::string> ref_of_name_;  // and their references by name
    std::size_t start_ = 0;
    std::size_t end_ = 0;
    std::int64_t index_ = 0;
};

}  // namespace

bool LooksLikeActivities(std::string_view text) {
    // Only the head is searched: every table an import is given is asked this first.
    std::size_t root = text.substr(0, kRootWithin + kRoot.size() + 1).find(kRoot);
    return root != std::string_view::npos && root <= kRootWithin &&
           root + kRoot.size() < text.size() && IsNameEnd(text[root + kRoot.size()]);
}

Result<foreign::File> ReadActivities(std::string_view text, std::string name,
                                     const foreign::ReadOptions& options) {
    return Reader(text, std::move(name), options).Run();
}

}  // namespace aidledger::iati

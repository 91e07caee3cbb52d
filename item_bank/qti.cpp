// Reading QTI items with libxml2 and writing them in the authoring format.
#include "item_bank/qti.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include "common/file.hpp"

namespace bbzhm::item_bank {
namespace {

namespace fs = std::filesystem;

// [SECTION] libxml2 handles

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct XmlCharFree {
  void operator()(xmlChar* s) const { xmlFree(s); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;
using CtxtPtr = std::unique_ptr<xmlParserCtxt, CtxtFree>;
using XmlString = std::unique_ptr<xmlChar, XmlCharFree>;

std::string to_string(const xmlChar* s) {
  return s == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(s));
}

// QTI 3.0 writes `qti-choice-interaction response-identifier=...` where QTI 2.x writes
// `choiceInteraction responseIdentifier=...`: names are read in the 2.x spelling.
std::string camel(std::string_view kebab) {
  std::string out;
  for (std::size_t i = 0; i < kebab.size(); ++i) {
    if (kebab[i] == '-' && i + 1 < kebab.size()) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(kebab[++i])));
    } else {
      out += kebab[i];
    }
  }
  return out;
}

std::string kebab(std::string_view camel_name) {
  std::string out;
  for (char c : camel_name) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string name_of(const xmlNode* n) {
  std::string s = to_string(n->name);
  if (s.starts_with("qti-")) return camel(s.substr(4));
  return s;
}

std::optional<std::string> attr(const xmlNode* n, const std::string& camel_name) {
  for (const std::string& name : {camel_name, kebab(camel_name)}) {
    XmlString v(xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name.c_str())));
    if (v) return to_string(v.get());
  }
  return std::nullopt;
}

std::vector<xmlNode*> elements(const xmlNode* n) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = n->children; c != nullptr; c = c->next)
    if (c->type == XML_ELEMENT_NODE) out.push_back(c);
  return out;
}

int line_of(const xmlNode* n) {
  return n == nullptr ? 0 : static_cast<int>(xmlGetLineNo(n));
}

std::string all_text(const xmlNode* n) {
  XmlString s(xmlNodeGetContent(n));
  std::string t = to_string(s.get());
  const auto b = t.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return t.substr(b, t.find_last_not_of(" \t\r\n") - b + 1);
}

std::optional<double> number(std::string text) {
  std::ranges::replace(text, ',', '.');
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// [SECTION] One file

struct Response {
  std::string cardinality, base_type;
  std::vector<std::string> correct;
  std::vector<std::pair<std::string, double>> mapping;
  int line = 0;
};

struct QtiVersion {
  std::string file;
  int line = 0;
  Language language = Language::kk;
  std::string stem;
  std::vector<Choice> options;  // A, B, ...
  std::vector<Choice> prompts;  // 1, 2, ...
  std::vector<std::string> accepted;
  std::vector<fs::path> images;
};

struct Imported {
  std::string id;
  std::string qti_id;
  ItemKind kind = ItemKind::single_choice;
  int points = 1;
  std::vector<std::string> key;
  double answer = 0, tolerance = 0;
  std::map<Language, QtiVersion> versions;
};

const std::set<std::string, std::less<>> kBlocks = {
    "p",   "div",        "h1",      "h2",      "h3",      "h4",     "h5",    "h6",
    "pre", "blockquote", "address", "section", "article", "header", "footer"};
const std::set<std::string, std::less<>> kInline = {
    "span", "strong", "em",  "b",   "i",    "u",   "small", "big",   "code", "q",
    "abbr", "cite",   "dfn", "kbd", "samp", "var", "a",     "label", "bdo",  "tt"};
const std::set<std::string, std::less<>> kInteractions = {
    "choiceInteraction",    "orderInteraction",     "matchInteraction",
    "associateInteraction", "textEntryInteraction", "extendedTextInteraction"};

// Digits and signs as Unicode sub- and superscripts (H₂O, x²); others keep a ^ or _ mark.
std::string script_text(const std::string& text, bool super) {
  static const char* const kSup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  static const char* const kSub[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      out += (super ? kSup : kSub)[c - '0'];
    } else if (c == '+') {
      out += super ? "⁺" : "₊";
    } else if (c == '-') {
      out += super ? "⁻" : "₋";
    } else if (c == '=') {
      out += super ? "⁼" : "₌";
    } else if (c == '(') {
      out += super ? "⁽" : "₍";
    } else if (c == ')') {
      out += super ? "⁾" : "₎";
    } else {
      return std::string(super ? "^(" : "_(") + text + ")";
    }
  }
  return out;
}

// Keeps libxml2's first error of a parse.
struct FirstError {
  bool seen = false;
  int line = 0;
  std::string message;
  static void keep(void* self, xmlError* e) {
    auto* me = static_cast<FirstError*>(self);
    if (me->seen || e == nullptr || e->level < XML_ERR_ERROR) return;
    me->seen = true;
    me->line = e->line;
    me->message = e->message != nullptr ? e->message : "unreadable";
  }
};

class FileReader {
 public:
  FileReader(const fs::path& file, const QtiOptions& options, std::vector<Problem>& problems)
      : file_(file), options_(options), problems_(problems) {}

  // Reads the file; nullopt when it has problems (reported) or is no item (`not_item`).
  std::optional<Imported> read(bool& not_item) {
    CtxtPtr ctxt(xmlNewParserCtxt());
    if (!ctxt) throw std::bad_alloc();
    // The first error names the place a person must fix; later ones follow from it.
    FirstError first;
    xmlSetStructuredErrorFunc(&first, &FirstError::keep);
    DocPtr doc(xmlCtxtReadFile(ctxt.get(), file_.c_str(), nullptr,
                               XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (!doc || first.seen) {
      std::string message = first.seen ? first.message : "cannot read the file";
      while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
      problems_.push_back({file_.string(), first.line, "not well-formed XML: " + message});
      return std::nullopt;
    }
    xmlNode* root = xmlDocGetRootElement(doc.get());
    if (root == nullptr || name_of(root) != "assessmentItem") {
      not_item = true;
      return std::nullopt;
    }
    const std::size_t before = problems_.size();
    Imported item = read_item(root);
    if (problems_.size() != before) return std::nullopt;
    return item;
  }

 private:
  void problem(const xmlNode* n, std::string reason) {
    problems_.push_back({file_.string(), line_of(n), std::move(reason)});
  }

  Imported read_item(xmlNode* root) {
    Imported item;
    item.qti_id = attr(root, "identifier").value_or("");
    if (item.qti_id.empty()) problem(root, "the item has no identifier");
    for (char c : item.qti_id)
      item.id +=
          std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '-';
    version_.file = file_.string();
    version_.line = line_of(root);
    XmlString lang(xmlNodeGetLang(root));
    const std::string tag = to_string(lang.get());
    std::string prefix = tag.substr(0, tag.find_first_of("-_"));
    if (prefix == "kz") prefix = "kk";  // a common misspelling of Kazakh's code
    if (auto l = parse_language(prefix)) {
      version_.language = *l;
    } else if (tag.empty() && options_.language) {
      version_.language = *options_.language;
    } else {
      problem(root, tag.empty() ? "no xml:lang: give --lang kk|ru|en for such files"
                                : "xml:lang '" + tag + "' is not kk, ru or en");
    }
    if (attr(root, "adaptive") == "true")
      problem(root, "an adaptive item (several attempts) cannot be represented");

    double max_score = 0;
    xmlNode* body = nullptr;
    for (xmlNode* c : elements(root)) {
      const std::string n = name_of(c);
      if (n == "responseDeclaration") {
        Response r;
        r.line = line_of(c);
        r.cardinality = attr(c, "cardinality").value_or("single");
        r.base_type = attr(c, "baseType").value_or("");
        for (xmlNode* part : elements(c)) {
          const std::string pn = name_of(part);
          if (pn == "correctResponse") {
            for (xmlNode* v : elements(part))
              if (name_of(v) == "value") r.correct.push_back(all_text(v));
          } else if (pn == "mapping") {
            for (xmlNode* e : elements(part))
              if (name_of(e) == "mapEntry")
                r.mapping.emplace_back(attr(e, "mapKey").value_or(""),
                                       number(attr(e, "mappedValue").value_or("0")).value_or(0));
          } else if (pn == "areaMapping") {
            problem(part, "an area mapping (points on a picture) cannot be represented");
          }
        }
        responses_[attr(c, "identifier").value_or("")] = r;
      } else if (n == "outcomeDeclaration") {
        const std::string id = attr(c, "identifier").value_or("");
        if (id == "MAXSCORE")
          for (xmlNode* d : elements(c))
            if (name_of(d) == "defaultValue")
              for (xmlNode* v : elements(d))
                if (auto x = number(all_text(v))) max_score = *x;
        if (id == "SCORE" && max_score == 0)
          if (auto x = number(attr(c, "normalMaximum").value_or(""))) max_score = *x;
      } else if (n == "itemBody") {
        body = c;
      } else if (n == "responseProcessing") {
        read_tolerance(c);
      } else if (n == "templateDeclaration" || n == "templateProcessing") {
        problem(c, "item templates (values drawn at random) cannot be represented");
      } else if (n == "assessmentStimulusRef") {
        problem(c, "a shared stimulus: write it as a passage unit (*.passage) instead");
      } else if (n != "stylesheet" && n != "modalFeedback" && n != "companionMaterialsInfo" &&
                 n != "catalogInfo" && n != "apipAccessibility") {
        problem(c, "element <" + to_string(c->name) + "> is not supported");
      }
    }
    if (body == nullptr) {
      problem(root, "the item has no itemBody");
      return item;
    }
    walk(body);
    flush();
    for (std::size_t i = 0; i < paragraphs_.size(); ++i)
      version_.stem += (i > 0 ? "\n\n" : "") + paragraphs_[i];
    if (interaction_ == nullptr) {
      if (!unsupported_interaction_) problem(body, "the item has no interaction a student answers");
      return item;
    }
    read_interaction(item);
    if (max_score > 0) {
      if (max_score != std::floor(max_score) || max_score < 1 || max_score > 10)
        problem(root, "the item is worth " + number_text(max_score) +
                          " points; the format takes whole points from 1 to 10");
      else
        item.points = static_cast<int>(max_score);
    }
    if (version_.stem.empty()) problem(body, "the item has no text (stem)");
    item.versions.emplace(version_.language, version_);
    return item;
  }

  // Numeric tolerance: responseProcessing's <equal toleranceMode="absolute" tolerance="0.1">.
  void read_tolerance(xmlNode* n) {
    for (xmlNode* c : elements(n)) {
      if (name_of(c) == "equal") {
        const std::string mode = attr(c, "toleranceMode").value_or("exact");
        std::istringstream values(attr(c, "tolerance").value_or(""));
        std::string lower, upper;
        values >> lower >> upper;
        if (mode == "absolute" || mode == "relative") {
          const auto lo = number(lower);
          const auto hi = upper.empty() ? lo : number(upper);
          if (!lo || !hi || *lo != *hi || *lo < 0)
            problem(c, "a tolerance is one number for both sides, like tolerance=\"0.5\"");
          else
            tolerance_ = {mode, *lo, line_of(c)};
        }
      } else if (name_of(c) == "equalRounded") {
        problem(c,
                "rounding before comparing (equalRounded) cannot be represented: use a "
                "tolerance");
      }
      read_tolerance(c);
    }
  }

  // [SECTION] Text of the body

  void append(std::string_view text) {
    for (char c : text) {
      const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (space) {
        if (!current_.empty() && current_.back() != ' ' && current_.back() != '\n') current_ += ' ';
      } else {
        current_ += c;
      }
    }
  }

  void flush() {
    std::string p = current_;
    current_.clear();
    while (!p.empty() && (p.back() == ' ' || p.back() == '\n')) p.pop_back();
    std::size_t start = 0;
    while (start < p.size() && (p[start] == ' ' || p[start] == '\n')) ++start;
    if (start < p.size()) paragraphs_.push_back(p.substr(start));
  }

  void image(xmlNode* n, const std::string& src) {
    if (src.empty() || src.find("://") != std::string::npos || src.starts_with("data:")) {
      problem(n, "image '" + src + "' is not a file beside the item");
      return;
    }
    const fs::path p = file_.parent_path() / src;
    std::string ext = p.extension().string();
    std::ranges::transform(ext, ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext != ".png" && ext != ".svg")
      problem(n, "image '" + src + "' is neither PNG nor SVG (convert it)");
    else if (!fs::is_regular_file(p))
      problem(n, "image '" + src + "' is missing");
    else
      version_.images.push_back(p);
  }

  // The text of an element's content in document order; `inline_only` for options and prompts
  // of matching, which are one line and have no pictures.
  void walk(xmlNode* n, bool inline_only = false) {
    for (xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        append(to_string(c->content));
        continue;
      }
      if (c->type != XML_ELEMENT_NODE) continue;
      const std::string name = name_of(c);
      if (c->ns != nullptr && to_string(c->ns->href).find("MathML") != std::string::npos) {
        problem(c,
                "a MathML formula cannot be represented: write it as text (x², H₂O) or as an "
                "SVG image");
      } else if (kInline.contains(name)) {
        walk(c, inline_only);
      } else if (name == "sub" || name == "sup") {
        append(script_text(all_text(c), name == "sup"));
      } else if (name == "br") {
        if (inline_only)
          append(" ");
        else
          current_ += '\n';
      } else if (inline_only && (kBlocks.contains(name) || name == "img" || name == "object")) {
        if (name == "img" || name == "object")
          problem(c, "a picture inside an option cannot be represented: put it in the stem");
        else
          walk(c, true);
      } else if (kBlocks.contains(name) || name == "hr") {
        flush();
        walk(c);
        flush();
      } else if (name == "ul" || name == "ol") {
        flush();
        int number = 0;
        for (xmlNode* li : elements(c)) {
          if (name_of(li) != "li") {
            problem(li, "<" + name + "> holds only <li> items");
            continue;
          }
          append(name == "ul" ? "• " : std::to_string(++number) + ". ");
          walk(li);
          flush();
        }
      } else if (name == "img") {
        image(c, attr(c, "src").value_or(""));
      } else if (name == "object") {
        const std::string type = attr(c, "type").value_or("");
        if (!type.empty() && !type.starts_with("image/"))
          problem(c, "an object of type " + type + " (sound, video) cannot be represented");
        else
          image(c, attr(c, "data").value_or(""));
      } else if (name == "math") {
        problem(c,
                "a MathML formula cannot be represented: write it as text (x², H₂O) or as an "
                "SVG image");
      } else if (name == "table") {
        problem(c, "a table cannot be represented as text: make it an image (PNG or SVG)");
      } else if (name == "feedbackInline" || name == "feedbackBlock") {
        // Feedback is for practice; nothing of it is shown during a ББЖМ test (p.24: results only).
      } else if (!inline_only && kInteractions.contains(name)) {
        if (interaction_ != nullptr) {
          problem(c, "a second interaction in one item: the format has one question per item");
          continue;
        }
        interaction_ = c;
        if (name == "textEntryInteraction") {
          append(" ____ ");
          continue;
        }
        flush();
        for (xmlNode* p : elements(c))
          if (name_of(p) == "prompt") {
            walk(p);
            flush();
          }
      } else if (name.ends_with("Interaction")) {
        unsupported_interaction_ = true;
        problem(c, to_string(c->name) +
                       " is not supported: the format has single and multiple choice, "
                       "matching, ordering, numeric and short text entry");
      } else {
        problem(c, "element <" + to_string(c->name) + "> is not supported");
      }
    }
  }

  // [SECTION] The interaction and its key

  std::vector<std::pair<std::string, std::string>> choices_of(xmlNode* parent,
                                                              const std::string& element) {
    std::vector<std::pair<std::string, std::string>> out;
    for (xmlNode* c : elements(parent)) {
      if (name_of(c) != element) continue;
      const std::string saved = current_;
      current_.clear();
      walk(c, true);
      std::string text = current_;
      current_ = saved;
      while (!text.empty() && text.back() == ' ') text.pop_back();
      if (!text.empty() && text.front() == ' ') text.erase(0, 1);
      if (text.empty()) problem(c, "an option without text");
      out.emplace_back(attr(c, "identifier").value_or(""), text);
    }
    return out;
  }

  // Relabels identifiers A, B, ... (or 1, 2, ...); the map is kept to translate the key.
  std::vector<Choice> relabel(const std::vector<std::pair<std::string, std::string>>& choices,
                              char first, int most, xmlNode* at) {
    if (static_cast<int>(choices.size()) > most)
      problem(at, std::to_string(choices.size()) + (first == 'A' ? " options" : " prompts") +
                      ": the format takes at most " + std::to_string(most));
    std::vector<Choice> out;
    for (std::size_t i = 0; i < choices.size() && static_cast<int>(i) < most; ++i) {
      const std::string id(1, static_cast<char>(first + i));
      if (!labels_.emplace(choices[i].first, id).second)
        problem(at, "the identifier " + choices[i].first + " appears twice");
      out.push_back({id, choices[i].second});
    }
    return out;
  }

  std::string label(const std::string& qti, int line) {
    const auto it = labels_.find(qti);
    if (it != labels_.end()) return it->second;
    problems_.push_back({file_.string(), line, "the key names " + qti + ", which is no choice"});
    return "?";
  }

  // The correct values, or else the mapped values worth points.
  std::vector<std::string> key_values(const Response& r) {
    if (!r.correct.empty()) return r.correct;
    std::vector<std::string> out;
    for (const auto& [k, v] : r.mapping)
      if (v > 0) out.push_back(k);
    return out;
  }

  void read_interaction(Imported& item) {
    xmlNode* n = interaction_;
    const std::string name = name_of(n);
    const std::string rid = attr(n, "responseIdentifier").value_or("");
    const auto found = responses_.find(rid);
    if (found == responses_.end()) {
      problem(n, "no responseDeclaration '" + rid + "' for the interaction");
      return;
    }
    const Response& r = found->second;
    const auto values = key_values(r);
    if (values.empty()) {
      problem(n, "the response '" + rid + "' has no correct response");
      return;
    }
    if (name == "choiceInteraction" || name == "orderInteraction") {
      version_.options = relabel(choices_of(n, "simpleChoice"), 'A', 8, n);
      if (name == "orderInteraction") {
        item.kind = ItemKind::ordering;
      } else {
        item.kind = r.cardinality == "single" ? ItemKind::single_choice : ItemKind::multiple_choice;
      }
      for (const auto& v : values) item.key.push_back(label(v, r.line));
      if (item.kind != ItemKind::ordering) std::ranges::sort(item.key);
    } else if (name == "matchInteraction" || name == "associateInteraction") {
      item.kind = ItemKind::matching;
      std::vector<std::pair<std::string, std::string>> left, right;
      if (name == "matchInteraction") {
        std::vector<xmlNode*> sets;
        for (xmlNode* s : elements(n))
          if (name_of(s) == "simpleMatchSet") sets.push_back(s);
        if (sets.size() != 2) {
          problem(n, "a matchInteraction has two simpleMatchSet");
          return;
        }
        left = choices_of(sets[0], "simpleAssociableChoice");
        right = choices_of(sets[1], "simpleAssociableChoice");
      } else {
        // An associateInteraction pairs choices of one set: the first of each keyed pair (in the
        // document's order) becomes a prompt, the other and the unpaired ones the options.
        const auto all = choices_of(n, "simpleAssociableChoice");
        std::set<std::string> firsts;
        auto position = [&](const std::string& id) {
          return std::ranges::find(all, id, &std::pair<std::string, std::string>::first) -
                 all.begin();
        };
        for (const auto& v : values) {
          std::istringstream in(v);
          std::string a, b;
          in >> a >> b;
          firsts.insert(position(a) <= position(b) ? a : b);
        }
        for (const auto& c : all) (firsts.contains(c.first) ? left : right).push_back(c);
      }
      version_.prompts = relabel(left, '1', 9, n);
      version_.options = relabel(right, 'A', 8, n);
      std::set<std::string> prompts_paired, options_paired;
      for (const auto& v : values) {
        std::istringstream in(v);
        std::string a, b;
        in >> a >> b;
        std::string p = label(a, r.line), o = label(b, r.line);
        if (!p.empty() && p[0] >= 'A' && p[0] <= 'H') std::swap(p, o);  // an undirected pair
        if (!prompts_paired.insert(p).second || !options_paired.insert(o).second)
          problems_.push_back({file_.string(), r.line,
                               "the key pairs a choice twice: the format pairs one to one"});
        item.key.push_back(p + "-" + o);
      }
      if (prompts_paired.size() != version_.prompts.size())
        problems_.push_back(
            {file_.string(), r.line, "the key leaves a prompt unpaired: every prompt needs one"});
      std::ranges::sort(item.key);
    } else if (name == "textEntryInteraction" || name == "extendedTextInteraction") {
      if (r.base_type == "float" || r.base_type == "integer") {
        item.kind = ItemKind::numeric;
        const auto v = number(values.front());
        if (!v || values.size() != 1) {
          problem(n, "a numeric entry needs one correct number");
          return;
        }
        item.answer = *v;
        if (tolerance_.mode == "absolute") item.tolerance = tolerance_.value;
        if (tolerance_.mode == "relative")
          item.tolerance = std::fabs(*v) * tolerance_.value / 100.0;
      } else if (r.base_type == "string") {
        item.kind = ItemKind::short_text;
        // The correct response and every mapped answer worth points are accepted.
        std::vector<std::string> accepted = r.correct;
        for (const auto& [k, v] : r.mapping)
          if (v > 0) accepted.push_back(k);
        for (const auto& v : accepted)
          if (std::ranges::find(version_.accepted, v) == version_.accepted.end())
            version_.accepted.push_back(v);
        for (const auto& a : version_.accepted)
          if (a.size() > 64 || a.find('\n') != std::string::npos)
            problem(n, "accepted answer '" + a.substr(0, 20) +
                           "...' is not a short one-line answer (64 bytes at most)");
      } else {
        problem(n, "a text entry of baseType '" + r.base_type + "' cannot be represented");
      }
    }
  }

  const fs::path& file_;
  const QtiOptions& options_;
  std::vector<Problem>& problems_;
  std::map<std::string, Response> responses_;
  struct Tolerance {
    std::string mode = "exact";
    double value = 0;
    int line = 0;
  } tolerance_;
  QtiVersion version_;
  std::vector<std::string> paragraphs_;
  std::string current_;
  xmlNode* interaction_ = nullptr;
  bool unsupported_interaction_ = false;
  std::map<std::string, std::string> labels_;
};

// [SECTION] The authoring format

// A value on one line, or a block (`|` and indented lines) when it has several.
std::string field(const std::string& name, const std::string& value, const std::string& indent) {
  if (value.find('\n') == std::string::npos) return indent + name + ": " + value + "\n";
  std::string out = indent + name + ": |\n";
  std::istringstream lines(value);
  for (std::string l; std::getline(lines, l);) out += l.empty() ? "\n" : indent + "  " + l + "\n";
  return out;
}

std::string item_text(const Imported& item, const QtiOptions& o,
                      const std::map<fs::path, std::string>& image_names) {
  std::ostringstream out;
  std::string sources;
  for (const auto& [lang, v] : item.versions) sources += " " + v.file;
  out << "# Imported from QTI (identifier " << item.qti_id << "):" << sources << "\n";
  out << "id: " << item.id << "\ntype: " << code(item.kind) << "\ngrade: " << o.grade
      << "\nsubject: " << code(o.subject) << "\narea: " << o.area << "\nlevel: " << o.level
      << "\npoints: " << item.points << "\n";
  if (item.kind == ItemKind::numeric) {
    out << "answer: " << number_text(item.answer) << "\n";
    if (item.tolerance > 0) out << "tolerance: " << number_text(item.tolerance) << "\n";
  } else if (item.kind != ItemKind::short_text) {
    std::string key;
    for (const auto& k : item.key) key += (key.empty() ? "" : ", ") + k;
    out << "key: " << key << "\n";
  }
  // Pictures shown in every version belong to the item, the others to their language.
  const auto& first = item.versions.begin()->second.images;
  const bool shared = std::ranges::all_of(item.versions, [&](const auto& v) {
    std::vector<std::string> a, b;
    for (const auto& p : v.second.images) a.push_back(image_names.at(p));
    for (const auto& p : first) b.push_back(image_names.at(p));
    return a == b;
  });
  if (shared)
    for (const auto& p : first) out << "image: " << image_names.at(p) << "\n";
  for (const auto& [lang, v] : item.versions) {
    out << "\n[" << code(lang) << "]\n" << field("stem", v.stem, "");
    for (const auto& p : v.prompts) out << p.id << ": " << p.text << "\n";
    for (const auto& c : v.options) out << c.id << ": " << c.text << "\n";
    for (const auto& a : v.accepted) out << "accept: " << a << "\n";
    if (!shared)
      for (const auto& p : v.images) out << "image: " << image_names.at(p) << "\n";
  }
  return out.str();
}

}  // namespace

QtiImport import_qti(const std::vector<fs::path>& inputs, const QtiOptions& options) {
  QtiImport result;
  std::vector<std::pair<fs::path, bool>> files;  // path, given by name
  for (const auto& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(input, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".xml") found.push_back(it->path());
      std::ranges::sort(found);
      for (auto& f : found) files.emplace_back(std::move(f), false);
      if (ec) result.problems.push_back({input.string(), 0, "cannot read: " + ec.message()});
    } else if (fs::is_regular_file(input, ec)) {
      files.emplace_back(input, true);
    } else {
      result.problems.push_back({input.string(), 0, "no such file or folder"});
    }
  }
  std::map<std::string, Imported> items;
  std::vector<std::string> order;
  for (const auto& [file, named] : files) {
    bool not_item = false;
    FileReader reader(file, options, result.problems);
    auto item = reader.read(not_item);
    if (not_item && named)
      result.problems.push_back(
          {file.string(), 1, "not a QTI item (assessmentItem or qti-assessment-item)"});
    if (!item) continue;
    auto [it, fresh] = items.try_emplace(item->id, *item);
    if (fresh) {
      order.push_back(item->id);
      continue;
    }
    // Another language version of an item already read: the same kind, key and points.
    Imported& known = it->second;
    const auto& [lang, version] = *item->versions.begin();
    const QtiVersion& other = known.versions.begin()->second;
    auto differs = [&](const std::string& what) {
      result.problems.push_back({file.string(), version.line,
                                 "item " + item->qti_id + ": this version's " + what +
                                     " differs from " + other.file + "'s"});
    };
    if (known.versions.contains(lang)) {
      result.problems.push_back({file.string(), version.line,
                                 "item " + item->qti_id + " in " + std::string(code(lang)) +
                                     " is also in " + known.versions.at(lang).file});
    } else if (known.kind != item->kind) {
      differs("interaction");
    } else if (known.key != item->key || known.answer != item->answer ||
               known.tolerance != item->tolerance) {
      differs("correct response");
    } else if (known.points != item->points) {
      differs("score");
    } else if (version.options.size() != other.options.size() ||
               version.prompts.size() != other.prompts.size()) {
      differs("number of choices");
    } else {
      known.versions.emplace(lang, version);
    }
  }
  if (!result.problems.empty()) return result;

  // Pictures go to images/, under the item's id when two files share a name.
  std::map<fs::path, std::string> image_names;
  std::map<std::string, std::string> taken;  // name -> content
  for (const auto& id : order)
    for (const auto& [lang, v] : items.at(id).versions)
      for (const auto& p : v.images) {
        if (image_names.contains(p)) continue;
        const std::string bytes = read_file(p).value_or(std::string());
        std::string name = "images/" + p.filename().string();
        if (auto t = taken.find(name); t != taken.end() && t->second != bytes)
          name = "images/" + id + "-" + p.filename().string();
        taken[name] = bytes;
        image_names[p] = name;
        result.images[name] = p;
      }
  for (const auto& id : order) {
    const Imported& item = items.at(id);
    result.files[id + ".item"] = item_text(item, options, image_names);
    ++result.items;
    result.versions += static_cast<int>(item.versions.size());
  }
  return result;
}

Result<void> write_import(const QtiImport& import, const fs::path& dir) {
  if (!import.problems.empty()) return fail("the import has problems: nothing was written");
  for (const auto& [name, text] : import.files)
    if (fs::exists(dir / name)) return fail((dir / name).string() + " already exists");
  for (const auto& [name, source] : import.images)
    if (fs::exists(dir / name) &&
        read_file(dir / name).value_or(std::string()) != read_file(source).value_or(std::string()))
      return fail((dir / name).string() + " already exists with other content");
  std::error_code ec;
  fs::create_directories(dir / "images", ec);
  if (ec) return fail("cannot create " + (dir / "images").string() + ": " + ec.message());
  for (const auto& [name, source] : import.images) {
    fs::copy_file(source, dir / name, fs::copy_options::skip_existing, ec);
    if (ec) return fail("cannot copy " + source.string() + ": " + ec.message());
  }
  for (const auto& [name, text] : import.files) {
    std::ofstream out(dir / name, std::ios::binary);
    out << text;
    if (!out.flush()) return fail("cannot write " + (dir / name).string());
  }
  if (import.images.empty()) fs::remove(dir / "images", ec);  // only when empty
  return {};
}

}  // namespace bbzhm::item_bank

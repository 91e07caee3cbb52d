// The poppler-utils and zbarimg wrappers of the forms' tests.
#include "tests/forms/pdf.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <regex>
#include <sstream>

namespace bbzhm::forms::test {
namespace {

struct PipeCloser {
  void operator()(std::FILE* f) const { ::pclose(f); }
};

// The text column of every form: 25 mm from the left edge, 15 mm from the right (A4).
constexpr double kMm = 72.0 / 25.4;
constexpr double kColumnLeft = 25 * kMm;
constexpr double kColumnRight = (210 - 15) * kMm;

std::string unescape_html(std::string s) {
  const std::pair<std::string_view, std::string_view> entities[] = {
      {"&lt;", "<"},   {"&gt;", ">"},  {"&quot;", "\""},
      {"&apos;", "'"}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
      s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace

TempDir::TempDir() {
  std::string name = (std::filesystem::temp_directory_path() / "forms-test.XXXXXX").string();
  if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = name;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path artefact(std::string_view form, Language lang, std::string_view ext) {
  const std::filesystem::path dir = BBZHM_FORMS_ARTEFACTS;
  std::filesystem::create_directories(dir);
  return dir / (std::string(form) + "-" + std::string(code(lang)) + "." + std::string(ext));
}

std::string quote(const std::filesystem::path& p) {
  std::string out = "'";
  for (char c : p.string()) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Run run(const std::string& command) {
  Run r;
  std::unique_ptr<std::FILE, PipeCloser> pipe(::popen(command.c_str(), "r"));
  if (!pipe) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) r.out.append(buf.data(), n);
  const int status = ::pclose(pipe.release());
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

int page_count(const std::filesystem::path& pdf) {
  const Run r = run("pdfinfo " + quote(pdf) + " 2>/dev/null");
  std::smatch m;
  static const std::regex pages(R"(Pages:\s+(\d+))");
  return std::regex_search(r.out, m, pages) ? std::stoi(m[1]) : -1;
}

std::string pdf_text(const std::filesystem::path& pdf, int page) {
  // -raw keeps the order the text was drawn in: the forms draw in reading order.
  std::string cmd = "pdftotext -raw -enc UTF-8 ";
  if (page > 0) cmd += "-f " + std::to_string(page) + " -l " + std::to_string(page) + " ";
  return run(cmd + quote(pdf) + " - 2>/dev/null").out;
}

std::string flat(std::string_view text) {
  std::string out;
  bool space = false, newline = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool nbsp = text.compare(i, 2, "\u00A0") == 0;
    const char c = text[i];
    if (nbsp || c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = true;
      newline = newline || c == '\n';
      if (nbsp) ++i;
      continue;
    }
    // A line broken after a hyphen ("Жаратылыстану-\nғылыми") reads as one word again.
    const bool joined = newline && !out.empty() && out.back() == '-';
    if (space && !out.empty() && !joined) out += ' ';
    space = newline = false;
    out += c;
  }
  return out;
}

std::string squeeze(std::string_view text) {
  std::string out;
  for (char c : flat(text))
    if (c != ' ') out += c;
  return out;
}

::testing::AssertionResult contains_all(std::string_view text,
                                        std::initializer_list<std::string_view> needles) {
  const std::string squeezed = squeeze(text);
  std::string missing;
  for (std::string_view n : needles)
    if (squeezed.find(squeeze(n)) == std::string::npos) missing += "\n  \"" + std::string(n) + "\"";
  if (missing.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "missing from the PDF's text:" << missing << "\nin: " << text;
}

::testing::AssertionResult rendered(const Result<void>& r) {
  if (r) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << r.error().what << " [" << r.error().key << "]";
}

std::vector<std::string> entries(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.push_back(e.path().filename().string());
  return out;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size()))
    ++n;
  return n;
}

std::vector<Font> fonts(const std::filesystem::path& pdf) {
  std::vector<Font> out;
  std::istringstream lines(run("pdffonts " + quote(pdf) + " 2>/dev/null").out);
  std::string line;
  int row = 0;
  while (std::getline(lines, line)) {
    if (++row <= 2) continue;  // the header and its rule
    // name, type (one or two words), encoding, emb, sub, uni, object ID (two numbers)
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (f.size() < 7) continue;
    out.push_back(Font{.name = f[0],
                       .embedded = f[f.size() - 5] == "yes",
                       .to_unicode = f[f.size() - 3] == "yes"});
  }
  return out;
}

std::vector<Word> words(const std::filesystem::path& pdf) {
  std::vector<Word> out;
  const std::string html = run("pdftotext -bbox " + quote(pdf) + " - 2>/dev/null").out;
  static const std::regex word_re(
      R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
  int page = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t next_page = html.find("<page ", pos);
    const std::size_t next_word = html.find("<word ", pos);
    if (next_word == std::string::npos) break;
    if (next_page != std::string::npos && next_page < next_word) {
      ++page;
      pos = next_page + 6;
      continue;
    }
    std::smatch m;
    const std::string rest =
        html.substr(next_word, html.find("</word>", next_word) + 7 - next_word);
    if (std::regex_match(rest, m, word_re))
      out.push_back(Word{.text = unescape_html(m[5]),
                         .x_min = std::stod(m[1]),
                         .y_min = std::stod(m[2]),
                         .x_max = std::stod(m[3]),
                         .y_max = std::stod(m[4]),
                         .page = page});
    pos = next_word + 6;
  }
  return out;
}

bool render_page(const std::filesystem::path& pdf, int page, int dpi,
                 const std::filesystem::path& png) {
  auto prefix = png;
  prefix.replace_extension();
  const std::string p = std::to_string(page);
  return run("pdftoppm -png -r " + std::to_string(dpi) + " -f " + p + " -l " + p + " -singlefile " +
             quote(pdf) + " " + quote(prefix) + " 2>/dev/null")
                 .status == 0 &&
         std::filesystem::exists(png) && std::filesystem::file_size(png) > 0;
}

std::vector<std::string> decode_qr(const std::filesystem::path& png) {
  std::vector<std::string> out;
  std::istringstream lines(
      run("zbarimg -q --raw -Sdisable -Sqrcode.enable " + quote(png) + " 2>/dev/null").out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

::testing::AssertionResult well_formed(const std::filesystem::path& pdf) {
  if (!std::filesystem::exists(pdf)) return ::testing::AssertionFailure() << pdf << " is missing";
  const auto fs = fonts(pdf);
  if (fs.empty()) return ::testing::AssertionFailure() << "pdffonts lists no font in " << pdf;
  for (const Font& f : fs) {
    if (!f.embedded) return ::testing::AssertionFailure() << f.name << " is not embedded";
    if (!f.to_unicode) return ::testing::AssertionFailure() << f.name << " has no ToUnicode map";
    if (f.name.find("Noto") == std::string::npos)
      return ::testing::AssertionFailure() << f.name << " is not a Noto font (a fallback?)";
  }
  const int pages = page_count(pdf);
  if (pages < 1) return ::testing::AssertionFailure() << "pdfinfo reads no pages in " << pdf;
  TempDir tmp;
  for (int p = 1; p <= pages; ++p) {
    if (!render_page(pdf, p, 40, tmp / ("page-" + std::to_string(p) + ".png")))
      return ::testing::AssertionFailure() << "pdftoppm cannot render page " << p << " of " << pdf;
  }
  auto png = pdf;
  png.replace_extension(".png");
  if (!render_page(pdf, 1, 100, png))
    return ::testing::AssertionFailure() << "pdftoppm cannot render " << png;
  const std::string text = pdf_text(pdf);
  if (const auto at = text.find("forms."); at != std::string::npos)
    return ::testing::AssertionFailure() << "an untranslated key: " << text.substr(at, 40);
  for (const Word& w : words(pdf)) {
    if (w.x_min < kColumnLeft - 1 || w.x_max > kColumnRight + 1)
      return ::testing::AssertionFailure()
             << "\"" << w.text << "\" on page " << w.page << " runs outside the text column ("
             << w.x_min << ".." << w.x_max << ")";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace bbzhm::forms::test

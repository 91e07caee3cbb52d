// Reads the forms' PDFs back with the real tools a reviewer would use: poppler-utils and zbarimg.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"
#include "common/error.hpp"

namespace bbzhm::forms::test {

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Where a test keeps its PDF and PNG: ${CMAKE_BINARY_DIR}/forms/<form>-<lang>.pdf.
std::filesystem::path artefact(std::string_view form, Language lang, std::string_view ext = "pdf");

// Runs `command` through the shell; its standard output, and its exit status.
struct Run {
  int status = -1;
  std::string out;
};
Run run(const std::string& command);
std::string quote(const std::filesystem::path& p);

int page_count(const std::filesystem::path& pdf);
// pdftotext of one page (1-based), or of all pages when `page` is 0.
std::string pdf_text(const std::filesystem::path& pdf, int page = 0);
// `text` with every run of white space (line breaks, no-break spaces) made one space.
std::string flat(std::string_view text);
std::size_t count(std::string_view haystack, std::string_view needle);
// `text` without any white space. pdftotext guesses spaces from glyph gaps and misses some
// ("№8", "1/4"), so texts are compared squeezed: every character and its order still count.
std::string squeeze(std::string_view text);
// Every needle is in `text`, compared squeezed; the failure lists those that are not.
::testing::AssertionResult contains_all(std::string_view text,
                                        std::initializer_list<std::string_view> needles);
// A render's result as a gtest assertion, with the error's text and key on failure.
::testing::AssertionResult rendered(const Result<void>& r);
// The names in `dir`, to show that a failed render left nothing behind.
std::vector<std::string> entries(const std::filesystem::path& dir);

struct Font {
  std::string name;
  bool embedded = false;
  bool to_unicode = false;
};
std::vector<Font> fonts(const std::filesystem::path& pdf);

struct Word {
  std::string text;
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;  // points
  int page = 0;
};
std::vector<Word> words(const std::filesystem::path& pdf);

// Renders one page (1-based) to `png` at `dpi`.
bool render_page(const std::filesystem::path& pdf, int page, int dpi,
                 const std::filesystem::path& png);
// Every QR code zbarimg finds in `png`, by payload.
std::vector<std::string> decode_qr(const std::filesystem::path& png);

// What every form must be: fonts all Noto, embedded, with ToUnicode; every page renders; no
// word outside the page's text column, no untranslated catalog key. Also writes the first page
// beside the PDF as its PNG artefact.
::testing::AssertionResult well_formed(const std::filesystem::path& pdf);

}  // namespace bbzhm::forms::test

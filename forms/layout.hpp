// The forms' layout engine: A4 pages of wrapped text, filled-in form lines, paginated tables,
// slips with cut lines and QR codes, numbered "n / N" and written to PDF with Cairo and Pango.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/domain.hpp"
#include "common/error.hpp"

namespace bbzhm::forms {

inline constexpr double kMm = 72.0 / 25.4;  // Cairo's PDF unit is the point
inline constexpr double kPageWidth = 210 * kMm;
inline constexpr double kPageHeight = 297 * kMm;

// `body` is the document's own family: Noto Serif for the acts, Noto Sans for sheets.
enum class Family { body, sans, serif, mono };
enum class Align { left, center, right };

struct TextStyle {
  double size = 10.5;
  bool bold = false;
  bool italic = false;
  Align align = Align::left;
  Family family = Family::body;
};

// A blank of a paper form, filled in: `value` stands on an underline with `caption` below it, as
// "(код)" under the organization's code in the annexes. An empty value leaves a blank to write on.
struct Blank {
  std::string value{};
  std::string caption{};
  double min_width = 0;    // points; the blank is never narrower than its caption either
  bool to_margin = false;  // the underline runs on to the right margin (the blank ends its line)
};

// One line of a heading's list of facts: "Аудитория:  12".
struct Fact {
  std::string label{};
  std::string value{};
};

struct Column {
  std::string header{};
  double width = 0;  // points; 0 shares what the fixed columns leave
  Align align = Align::left;
};

struct Cell {
  std::string text{};  // may hold '\n'
  std::string qr{};    // when set, the cell shows this payload as a QR code instead of text
  bool bold = false;
  std::size_t span = 1;  // columns the cell covers
};
using Row = std::vector<Cell>;

class Document;

struct Rgb {
  double r = 0, g = 0, b = 0;
};

// A figure (a chart) drawn in a block of the text column: coordinates are points from the
// block's top-left corner, text is laid out with the document's fonts.
class Canvas {
 public:
  double width() const { return width_; }
  double height() const { return height_; }
  void fill_rectangle(double x, double y, double w, double h, Rgb colour);
  void stroke_rectangle(double x, double y, double w, double h, Rgb colour = {}, double line = 0.5);
  void line(double x0, double y0, double x1, double y1, Rgb colour = {}, double line = 0.5);
  // `text` on one line with its top at `y`: its left edge at `x` (Align::left), its middle
  // (center) or its right edge (right).
  void text(double x, double y, std::string_view text, const TextStyle& style = {},
            Rgb colour = {});
  double text_width(std::string_view text, const TextStyle& style = {}) const;
  double text_height(const TextStyle& style = {}) const;

 private:
  friend class Document;
  Canvas(Document& doc, double x, double y, double width, double height)
      : doc_(doc), x_(x), y_(y), width_(width), height_(height) {}
  Document& doc_;
  double x_, y_, width_, height_;
};

// One slip of a sheet of slips: a rectangle filled top-down, clipped to its edges.
class Box {
 public:
  double width() const { return width_; }
  void line(std::string_view text, const TextStyle& style = {});
  // A small label with its value beside it, as "Логин:  k4a-017".
  void field(std::string_view label, std::string_view value, const TextStyle& value_style = {});
  // `left` wrapping on the left, `right` flush right on its first line, as a score beside its
  // subject.
  void pair(std::string_view left, std::string_view right, const TextStyle& style = {});
  void space(double points) { y_ += points; }

 private:
  friend class Document;
  Box(Document& doc, double x, double y, double width, bool draw)
      : doc_(doc), x_(x), y_(y), width_(width), draw_(draw) {}
  Document& doc_;
  double x_, y_, width_;
  bool draw_;  // false while the slip is only measured
};

// A document under construction: content flows down the text column and on to new pages.
// Errors met while laying out (a QR payload too long) are kept and returned by write().
class Document {
 public:
  Document(Language lang, Family body, std::string title);
  Document(Document&&) noexcept;
  Document& operator=(Document&&) = delete;
  ~Document();

  Language language() const;
  double width() const;  // of the text column

  // The document's title, bold and centred, with an optional line under it.
  void title(std::string_view text, std::string_view subtitle = {});
  void paragraph(std::string_view text, const TextStyle& style = {});
  // `pattern` is catalog text whose {0}, {1}, ... stand for `blanks`.
  void form_line(std::string_view pattern, std::span<const Blank> blanks,
                 const TextStyle& style = {});
  // A line to sign on with the signer's printed name and `caption` below.
  void signature_line(std::string_view full_name, std::string_view caption);
  // Rows break across pages; the header row is repeated at the top of every page.
  void table(std::span<const Column> columns, std::span<const Row> rows, double size = 9);
  // `count` slips, `columns` across, separated by dashed cut lines; all as tall as the tallest
  // one's content, and at least `height` points.
  void slips(std::size_t count, int columns, double height,
             const std::function<void(std::size_t, Box&)>& fill);
  // Reserves `height` points of the column (on a new page unless they fit) for a figure that
  // `draw` draws, clipped to its block.
  void figure(double height, const std::function<void(Canvas&)>& draw);
  // Labels in a column of their own, values wrapping beside them.
  void facts(std::span<const Fact> facts);
  // The right-aligned block that names the rules a form is annexed to.
  void annex_heading(std::string_view text);
  void space(double points);
  // Starts a new page unless `points` of height still fit below the cursor.
  void keep(double points);
  void page_break();
  // Printed at the left of every page's footer, beside "n / N".
  void set_footer(std::string text);

  Result<void> write(const std::filesystem::path& pdf) const;
  // The PDF's bytes, for a caller that stores or sends it rather than printing it.
  Result<std::string> pdf() const;

 private:
  friend class Box;
  friend class Canvas;
  struct Impl;
  // Writes the PDF's bytes to `sink` (false: a write error); `name` is the destination's name
  // in an error message.
  Result<void> render(const std::function<bool(const unsigned char*, std::size_t)>& sink,
                      const std::string& name) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbzhm::forms

// Lays out the forms with Pango on Cairo recording surfaces, one per page, and replays them into a
// PDF once the page count is known, so that every footer can say "n / N".
#include "forms/layout.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <system_error>
#include <utility>

namespace bbzhm::forms {
namespace {

// [SECTION] Handles

template <auto Fn>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    Fn(p);
  }
};
using CairoPtr = std::unique_ptr<cairo_t, Deleter<cairo_destroy>>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_destroy>>;
using FontOptionsPtr = std::unique_ptr<cairo_font_options_t, Deleter<cairo_font_options_destroy>>;
using FontDescriptionPtr =
    std::unique_ptr<PangoFontDescription, Deleter<pango_font_description_free>>;
using LayoutIterPtr = std::unique_ptr<PangoLayoutIter, Deleter<pango_layout_iter_free>>;
using ContextPtr = std::unique_ptr<PangoContext, Deleter<g_object_unref>>;
using LayoutPtr = std::unique_ptr<PangoLayout, Deleter<g_object_unref>>;
using RangesPtr = std::unique_ptr<int, Deleter<g_free>>;
using QrPtr = std::unique_ptr<QRcode, Deleter<QRcode_free>>;
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// [SECTION] Page geometry (points). The wider left margin leaves room to file the sheets.

constexpr double kLeft = 25 * kMm;
constexpr double kRight = kPageWidth - 15 * kMm;
constexpr double kTop = 15 * kMm;
constexpr double kBottom = kPageHeight - 20 * kMm;
constexpr double kFooterBaseline = kPageHeight - 11 * kMm;
constexpr double kCaptionSize = 7;
constexpr double kRule = 0.5;
constexpr double kCellPadding = 3;
constexpr double kQrSize = 40;  // 29 modules of version 1 with the quiet zone: ~1.4 pt a module
constexpr double kEpsilon = 0.01;
constexpr std::string_view kNbsp = "\u00A0";

double units(int pango) {
  return static_cast<double>(pango) / PANGO_SCALE;
}
int pango_units(double points) {
  return static_cast<int>(std::lround(points * PANGO_SCALE));
}

const char* family_name(Family f) {
  switch (f) {
    case Family::serif:
      return "Noto Serif";
    case Family::mono:
      return "Noto Sans Mono";
    case Family::sans:
    case Family::body:
      break;
  }
  return "Noto Sans";
}

// A value typed on one line of a form: line breaks and tabs would break the form's lines.
std::string one_line(std::string_view s) {
  std::string out(s);
  std::ranges::replace_if(
      out, [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return out;
}

std::string no_break(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ')
      out += kNbsp;
    else
      out += c;
  }
  return out;
}

double layout_height(PangoLayout* l) {
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  return units(logical.height);
}

double layout_width(PangoLayout* l) {
  PangoRectangle logical;
  pango_layout_get_extents(l, nullptr, &logical);
  return units(logical.width);
}

// Draws `payload` as a QR code filling a `size` square that includes the 4-module quiet zone
// ISO/IEC 18004 requires; false when the payload does not fit in a QR code.
bool draw_qr(cairo_t* cr, double x, double y, double size, std::string_view payload) {
  const std::string text(payload);
  QrPtr qr(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!qr) return false;
  const int n = qr->width;
  const double m = size / (n + 8);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  // Runs of dark modules become one rectangle, so a render shows no seams between modules.
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n;) {
      if ((qr->data[r * n + c] & 1) == 0) {
        ++c;
        continue;
      }
      int end = c;
      while (end < n && (qr->data[r * n + end] & 1) != 0) ++end;
      cairo_rectangle(cr, x + (c + 4) * m, y + (r + 4) * m, (end - c) * m, m);
      c = end;
    }
  }
  cairo_fill(cr);
  cairo_restore(cr);
  return true;
}

void stroke_line(cairo_t* cr, double x0, double y0, double x1, double y1, bool dashed = false) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, kRule);
  if (dashed) {
    const double dash[] = {4, 3};
    cairo_set_dash(cr, dash, 2, 0);
  }
  cairo_move_to(cr, x0, y0);
  cairo_line_to(cr, x1, y1);
  cairo_stroke(cr);
  cairo_restore(cr);
}

// The PDF is written beside its destination and renamed into place only when complete, so a
// failed or interrupted write never leaves a truncated form to be printed.
class TempFile {
 public:
  static Result<TempFile> beside(const std::filesystem::path& target) {
    const auto dir = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    std::string name = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(name.data());
    if (fd < 0)
      return fail(
          "cannot create a temporary file beside " + target.string() + ": " + std::strerror(errno),
          "forms.error.write");
    FilePtr file(::fdopen(fd, "wb"));
    if (!file) {
      const int e = errno;
      ::close(fd);
      ::unlink(name.c_str());
      return fail("cannot open " + name + ": " + std::strerror(e), "forms.error.write");
    }
    return TempFile(std::move(name), target, std::move(file));
  }

  TempFile(TempFile&& o) noexcept
      : path_(std::move(o.path_)), target_(std::move(o.target_)), file_(std::move(o.file_)) {
    o.path_.clear();
  }
  TempFile& operator=(TempFile&&) = delete;
  ~TempFile() {
    file_.reset();
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  std::FILE* file() const { return file_.get(); }

  Result<void> commit() {
    std::FILE* f = file_.release();
    int err = 0;
    if (std::fflush(f) != 0 || ::fsync(::fileno(f)) != 0) err = errno;
    if (std::fclose(f) != 0 && err == 0) err = errno;
    if (err != 0)
      return fail("cannot write " + target_.string() + ": " + std::strerror(err),
                  "forms.error.write");
    std::error_code ec;
    std::filesystem::rename(path_, target_, ec);
    if (ec)
      return fail("cannot write " + target_.string() + ": " + ec.message(), "forms.error.write");
    path_.clear();
    return {};
  }

 private:
  TempFile(std::string path, std::filesystem::path target, FilePtr file)
      : path_(std::move(path)), target_(std::move(target)), file_(std::move(file)) {}
  std::string path_;  // empty once renamed
  std::filesystem::path target_;
  FilePtr file_;
};

struct Page {
  SurfacePtr surface;
  CairoPtr cr;
};

// Called for each line `flow` draws, with the line's page baseline and descent.
using LineDecorator =
    std::function<void(PangoLayoutLine*, double x, double baseline, double descent)>;

}  // namespace

// [SECTION] The document

struct Document::Impl {
  Language lang;
  Family body;
  std::string title;
  std::string footer;
  ContextPtr context;
  std::vector<Page> pages;
  double y = kTop;
  std::optional<Error> error;

  Impl(Language l, Family b, std::string t) : lang(l), body(b), title(std::move(t)) {
    context.reset(pango_font_map_create_context(pango_cairo_font_map_get_default()));
    // pangocairo assumes 96 dpi; at 72 a Pango point is a PDF point.
    pango_cairo_context_set_resolution(context.get(), 72);
    FontOptionsPtr options(cairo_font_options_create());
    // Hinted metrics are for screens; a PDF keeps the font's own advances.
    cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context.get(), options.get());
    pango_context_set_round_glyph_positions(context.get(), FALSE);
    pango_context_set_language(context.get(), pango_language_from_string(code(lang).data()));
    new_page();
  }

  cairo_t* cr() const { return pages.back().cr.get(); }
  double width() const { return kRight - kLeft; }
  bool at_top() const { return y <= kTop + kEpsilon; }

  void new_page() {
    const cairo_rectangle_t extents{0, 0, kPageWidth, kPageHeight};
    SurfacePtr surface(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents));
    CairoPtr cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    pages.push_back(Page{std::move(surface), std::move(cr)});
    y = kTop;
  }

  // A layout of `text`; a width of 0 leaves it unwrapped.
  LayoutPtr layout(std::string_view text, const TextStyle& style, double width) const {
    LayoutPtr l(pango_layout_new(context.get()));
    FontDescriptionPtr font(pango_font_description_new());
    pango_font_description_set_family(
        font.get(), family_name(style.family == Family::body ? body : style.family));
    pango_font_description_set_size(font.get(), pango_units(style.size));
    if (style.bold) pango_font_description_set_weight(font.get(), PANGO_WEIGHT_BOLD);
    if (style.italic) pango_font_description_set_style(font.get(), PANGO_STYLE_ITALIC);
    pango_layout_set_font_description(l.get(), font.get());
    if (width > 0) pango_layout_set_width(l.get(), pango_units(width));
    // Long names and codes wrap, at a character when no word boundary fits, never overflow.
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), style.align == Align::center  ? PANGO_ALIGN_CENTER
                                        : style.align == Align::right ? PANGO_ALIGN_RIGHT
                                                                      : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    return l;
  }

  double text_width(std::string_view text, const TextStyle& style) const {
    return layout_width(layout(text, style, 0).get());
  }

  void show(PangoLayout* l, double x, double top) const {
    cairo_move_to(cr(), x, top);
    pango_cairo_show_layout(cr(), l);
  }

  // Draws `l` at `x` from the cursor down, line by line, moving on to a new page between lines
  // when the next one (with `below` points under it) does not fit.
  void flow(PangoLayout* l, double x, double below = 0, const LineDecorator& decorate = {}) {
    LayoutIterPtr iter(pango_layout_get_iter(l));
    double shift = y;  // page y of the layout's y = 0
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
      const double top = units(logical.y);
      const double bottom = units(logical.y + logical.height);
      if (shift + bottom + below > kBottom && shift + top > kTop + kEpsilon) {
        new_page();
        shift = kTop - top;
      }
      const double baseline = shift + units(pango_layout_iter_get_baseline(iter.get()));
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(iter.get());
      cairo_move_to(cr(), x + units(logical.x), baseline);
      pango_cairo_show_layout_line(cr(), line);
      if (decorate) decorate(line, x, baseline, shift + bottom - baseline);
      y = shift + bottom + below;
    } while (pango_layout_iter_next_line(iter.get()));
  }

  void fail_once(Error e) {
    if (!error) error = std::move(e);
  }
};

Document::Document(Language lang, Family body, std::string title)
    : impl_(std::make_unique<Impl>(lang, body, std::move(title))) {}
Document::Document(Document&&) noexcept = default;
Document::~Document() = default;

Language Document::language() const {
  return impl_->lang;
}
double Document::width() const {
  return impl_->width();
}

void Document::title(std::string_view text, std::string_view subtitle) {
  paragraph(text, TextStyle{.size = 13, .bold = true, .align = Align::center});
  if (!subtitle.empty()) {
    space(2);
    paragraph(subtitle, TextStyle{.size = 10.5, .align = Align::center});
  }
  space(10);
}

void Document::paragraph(std::string_view text, const TextStyle& style) {
  const LayoutPtr l = impl_->layout(text, style, impl_->width());
  pango_layout_set_spacing(l.get(), pango_units(style.size * 0.15));
  impl_->flow(l.get(), kLeft);
}

void Document::form_line(std::string_view pattern, std::span<const Blank> blanks,
                         const TextStyle& style) {
  Impl& d = *impl_;
  const TextStyle caption_style{
      .size = kCaptionSize, .italic = true, .align = Align::left, .family = style.family};
  const double nbsp = d.text_width(kNbsp, style);
  struct Span {
    std::size_t start = 0, end = 0;
    bool placed = false;
  };
  std::vector<Span> spans(blanks.size());
  std::string text;
  bool captions = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    // "№ 12" stays on one line.
    if (pattern.compare(i, 4, "№ ") == 0) {
      text += "№";
      text += kNbsp;
      i += 3;
      continue;
    }
    const bool placeholder = pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
                             pattern[i + 1] >= '0' && pattern[i + 1] <= '9';
    const std::size_t n = placeholder ? static_cast<std::size_t>(pattern[i + 1] - '0') : 0;
    if (!placeholder || n >= blanks.size()) {
      text += pattern[i];
      continue;
    }
    i += 2;
    const Blank& b = blanks[n];
    std::string value = one_line(b.value);
    const double caption = b.caption.empty() ? 0 : d.text_width(b.caption, caption_style) + 6;
    const double target =
        std::min(d.width(), std::max({b.min_width, caption, value.empty() ? 12 * kMm : 0.0}));
    const double filled = value.empty() ? 0 : d.text_width(value, style) + 2 * nbsp;
    const int pad = filled < target ? static_cast<int>(std::ceil((target - filled) / nbsp)) : 0;
    // A name that fits on a line is kept whole rather than split across two blanks.
    if (std::max(filled, target) <= d.width() * 0.6) value = no_break(value);
    // The value sits on its line as a hand would write it: centred, or after the signature.
    const int before = (value.empty() ? 0 : 1) + (b.to_margin ? pad : pad / 2);
    const int after = (value.empty() ? 0 : 1) + (b.to_margin ? 0 : pad - pad / 2);
    spans[n].start = text.size();
    for (int k = 0; k < before; ++k) text += kNbsp;
    text += value;
    for (int k = 0; k < after; ++k) text += kNbsp;
    spans[n].end = text.size();
    spans[n].placed = true;
    captions = captions || !b.caption.empty();
  }

  const LayoutPtr l = d.layout(text, style, d.width());
  const double caption_height =
      captions ? layout_height(d.layout("(Әу)", caption_style, 0).get()) : 0;
  // Room under each line for the captions, or at least for the underlines and a hand's writing.
  const double below = captions ? caption_height + 1 : style.size * 0.35;
  pango_layout_set_spacing(l.get(), pango_units(below));
  d.flow(l.get(), kLeft, below,
         [&](PangoLayoutLine* line, double x, double baseline, double descent) {
           const auto line_start = static_cast<std::size_t>(line->start_index);
           const auto line_end = line_start + static_cast<std::size_t>(line->length);
           for (std::size_t i = 0; i < blanks.size(); ++i) {
             const Span& s = spans[i];
             const std::size_t start = std::max(s.start, line_start);
             const std::size_t end = std::min(s.end, line_end);
             if (!s.placed || start >= end) continue;
             int* raw = nullptr;
             int n_ranges = 0;
             pango_layout_line_get_x_ranges(line, static_cast<int>(start), static_cast<int>(end),
                                            &raw, &n_ranges);
             const RangesPtr ranges(raw);
             if (n_ranges < 1) continue;
             const double x0 = units(raw[0]);
             double x1 = units(raw[2 * n_ranges - 1]);
             const bool last = s.end <= line_end;
             if (last && blanks[i].to_margin) x1 = std::max(x1, d.width());
             stroke_line(d.cr(), x + x0, baseline + 2, x + x1, baseline + 2);
             if (!last || blanks[i].caption.empty()) continue;
             const LayoutPtr c = d.layout(blanks[i].caption, caption_style, 0);
             const double w = layout_width(c.get());
             const double cx = std::clamp((x0 + x1 - w) / 2, 0.0, std::max(0.0, d.width() - w));
             d.show(c.get(), x + cx, baseline + descent + 0.5);
           }
         });
  d.y += 2;
}

void Document::signature_line(std::string_view full_name, std::string_view caption) {
  const Blank blank{.value = std::string(full_name),
                    .caption = std::string(caption),
                    .min_width = width() * 0.75,
                    .to_margin = true};
  form_line("{0}", std::span(&blank, 1));
}

void Document::table(std::span<const Column> columns, std::span<const Row> rows, double size) {
  Impl& d = *impl_;
  std::vector<double> widths;
  double fixed = 0;
  int shared = 0;
  for (const Column& c : columns) {
    fixed += c.width;
    shared += c.width <= 0 ? 1 : 0;
  }
  for (const Column& c : columns)
    widths.push_back(c.width > 0 ? c.width : std::max(10.0, (d.width() - fixed) / shared));

  struct Placed {
    const Cell* cell = nullptr;
    LayoutPtr layout;  // null for a QR code or an empty tail of the row
    double x = 0, width = 0;
  };
  struct Prepared {
    std::vector<Placed> cells;
    double height = 0;
  };
  const Cell empty;
  const auto prepare = [&](const Row& row, bool header) {
    Prepared p;
    double x = kLeft;
    for (std::size_t c = 0, i = 0; c < columns.size(); ++i) {
      const Cell& cell = i < row.size() ? row[i] : empty;
      const std::size_t span = std::clamp<std::size_t>(cell.span, 1, columns.size() - c);
      double width = 0;
      for (std::size_t k = c; k < c + span; ++k) width += widths[k];
      Placed placed{.cell = &cell, .layout = nullptr, .x = x, .width = width};
      if (!cell.qr.empty()) {
        p.height = std::max(p.height, kQrSize + 2);
      } else {
        const TextStyle style{.size = header ? size - 0.5 : size,
                              .bold = header || cell.bold,
                              .align = header || span > 1 ? Align::center : columns[c].align};
        placed.layout = d.layout(cell.text, style, width - 2 * kCellPadding);
        p.height = std::max(p.height, layout_height(placed.layout.get()) + 2 * kCellPadding);
      }
      p.cells.push_back(std::move(placed));
      x += width;
      c += span;
    }
    return p;
  };

  Row header_row;
  for (const Column& c : columns) header_row.push_back(Cell{.text = c.header});
  const Prepared header = prepare(header_row, true);

  const auto draw = [&](const Prepared& p, bool shaded) {
    cairo_t* cr = d.cr();
    for (const Placed& placed : p.cells) {
      cairo_save(cr);
      cairo_rectangle(cr, placed.x, d.y, placed.width, p.height);
      // A light grey prints as grey on any laser printer and keeps the header apart.
      if (shaded) {
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        cairo_fill_preserve(cr);
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_set_line_width(cr, kRule);
      cairo_stroke(cr);
      cairo_restore(cr);
      if (placed.layout) {
        const double h = layout_height(placed.layout.get());
        d.show(placed.layout.get(), placed.x + kCellPadding, d.y + (p.height - h) / 2);
      } else if (!draw_qr(cr, placed.x + (placed.width - kQrSize) / 2,
                          d.y + (p.height - kQrSize) / 2, kQrSize, placed.cell->qr)) {
        d.fail_once(Error("the QR code payload \"" + placed.cell->qr + "\" is too long",
                          "forms.error.invalid"));
      }
    }
    d.y += p.height;
  };

  bool header_drawn = false;
  for (const Row& row : rows) {
    const Prepared p = prepare(row, false);
    const bool fits = d.y + p.height + (header_drawn ? 0 : header.height) <= kBottom;
    if (!fits && !d.at_top()) {
      d.new_page();
      header_drawn = false;
    }
    if (!header_drawn) {
      draw(header, true);
      header_drawn = true;
    }
    draw(p, false);
  }
  if (rows.empty()) draw(header, true);
}

void Document::slips(std::size_t count, int columns, double height,
                     const std::function<void(std::size_t, Box&)>& fill) {
  Impl& d = *impl_;
  columns = std::max(columns, 1);
  const double slip_width = d.width() / columns;
  constexpr double kPadding = 8;
  // Slips are cut apart, so none may be clipped: measure every one before drawing any.
  for (std::size_t i = 0; i < count; ++i) {
    Box measure(*this, 0, 0, slip_width - 2 * kPadding, false);
    fill(i, measure);
    height = std::max(height, measure.y_ + 2 * kPadding);
  }
  height = std::min(height, kBottom - kTop);
  for (std::size_t i = 0; i < count; ++i) {
    const int column = static_cast<int>(i % static_cast<std::size_t>(columns));
    if (column == 0 && d.y + height > kBottom && !d.at_top()) d.new_page();
    const double x = kLeft + column * slip_width;
    cairo_t* cr = d.cr();
    // Every slip is outlined with a dashed line to cut along; neighbours share their edges.
    stroke_line(cr, x, d.y, x + slip_width, d.y, true);
    stroke_line(cr, x, d.y + height, x + slip_width, d.y + height, true);
    stroke_line(cr, x, d.y, x, d.y + height, true);
    stroke_line(cr, x + slip_width, d.y, x + slip_width, d.y + height, true);
    cairo_save(cr);
    cairo_rectangle(cr, x, d.y, slip_width, height);
    cairo_clip(cr);
    Box box(*this, x + kPadding, d.y + kPadding, slip_width - 2 * kPadding, true);
    fill(i, box);
    cairo_restore(cr);
    if (column == columns - 1 || i + 1 == count) d.y += height;
  }
}

void Document::figure(double height, const std::function<void(Canvas&)>& draw) {
  Impl& d = *impl_;
  height = std::min(height, kBottom - kTop);
  if (d.y + height > kBottom && !d.at_top()) d.new_page();
  cairo_t* cr = d.cr();
  cairo_save(cr);
  cairo_rectangle(cr, kLeft, d.y, d.width(), height);
  cairo_clip(cr);
  Canvas canvas(*this, kLeft, d.y, d.width(), height);
  draw(canvas);
  cairo_restore(cr);
  d.y += height;
}

void Document::facts(std::span<const Fact> facts) {
  Impl& d = *impl_;
  const TextStyle label_style{.size = 9.5, .family = Family::sans};
  const TextStyle value_style{.size = 10, .bold = true, .family = Family::sans};
  double label_width = 0;
  for (const Fact& f : facts)
    label_width = std::max(label_width, d.text_width(f.label, label_style));
  label_width = std::min(label_width + 8, d.width() * 0.4);
  for (const Fact& f : facts) {
    const LayoutPtr l = d.layout(f.label, label_style, label_width - 8);
    const LayoutPtr v = d.layout(one_line(f.value), value_style, d.width() - label_width);
    const double h = std::max(layout_height(l.get()), layout_height(v.get()));
    if (d.y + h > kBottom && !d.at_top()) d.new_page();
    // Label and value share their first baseline whatever their sizes.
    const double lb = units(pango_layout_get_baseline(l.get()));
    const double vb = units(pango_layout_get_baseline(v.get()));
    const double baseline = d.y + std::max(lb, vb);
    d.show(l.get(), kLeft, baseline - lb);
    d.show(v.get(), kLeft + label_width, baseline - vb);
    d.y += h + 2;
  }
}

void Document::annex_heading(std::string_view text) {
  Impl& d = *impl_;
  const double w = d.width() * 0.42;
  const LayoutPtr l = d.layout(text, TextStyle{.size = 9.5, .align = Align::center}, w);
  d.show(l.get(), kRight - w, d.y);
  d.y += layout_height(l.get());
}

void Document::space(double points) {
  impl_->y += points;
}

void Document::keep(double points) {
  if (impl_->y + points > kBottom && !impl_->at_top()) impl_->new_page();
}

void Document::page_break() {
  if (!impl_->at_top()) impl_->new_page();
}

void Document::set_footer(std::string text) {
  impl_->footer = std::move(text);
}

// Replays the pages into a PDF.
Result<void> Document::render(const std::function<bool(const unsigned char*, std::size_t)>& sink,
                              const std::string& name) const {
  const Impl& d = *impl_;
  if (d.error) return std::unexpected(*d.error);
  const auto write = [](void* closure, const unsigned char* data,
                        unsigned int length) -> cairo_status_t {
    const auto& to =
        *static_cast<const std::function<bool(const unsigned char*, std::size_t)>*>(closure);
    return to(data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
  };
  const SurfacePtr surface(cairo_pdf_surface_create_for_stream(
      write, const_cast<void*>(static_cast<const void*>(&sink)), kPageWidth, kPageHeight));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, d.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "bbzhm forms");
  {
    const CairoPtr cr(cairo_create(surface.get()));
    const TextStyle footer_style{.size = 8, .family = Family::sans};
    const std::string total = std::to_string(d.pages.size());
    for (std::size_t i = 0; i < d.pages.size(); ++i) {
      cairo_set_source_surface(cr.get(), d.pages[i].surface.get(), 0, 0);
      cairo_paint(cr.get());
      cairo_set_source_rgb(cr.get(), 0, 0, 0);
      const LayoutPtr number = d.layout(std::to_string(i + 1) + " / " + total, footer_style, 0);
      const double number_width = layout_width(number.get());
      const double top = kFooterBaseline - units(pango_layout_get_baseline(number.get()));
      cairo_move_to(cr.get(), kRight - number_width, top);
      pango_cairo_show_layout(cr.get(), number.get());
      if (!d.footer.empty()) {
        const LayoutPtr left =
            d.layout(one_line(d.footer), footer_style, d.width() - number_width - 12);
        cairo_move_to(cr.get(), kLeft, top);
        pango_cairo_show_layout(cr.get(), left.get());
      }
      cairo_show_page(cr.get());
    }
  }
  cairo_surface_finish(surface.get());
  if (const cairo_status_t s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS)
    return fail("cannot write " + name + ": " + cairo_status_to_string(s), "forms.error.write");
  return {};
}

Result<void> Document::write(const std::filesystem::path& pdf) const {
  if (impl_->error) return std::unexpected(*impl_->error);
  auto tmp = TempFile::beside(pdf);
  if (!tmp) return std::unexpected(tmp.error());
  std::FILE* file = tmp->file();
  const auto to_file = [file](const unsigned char* data, std::size_t length) {
    return std::fwrite(data, 1, length, file) == length;
  };
  if (auto r = render(to_file, pdf.string()); !r) return r;
  return tmp->commit();
}

Result<std::string> Document::pdf() const {
  std::string out;
  const auto append = [&out](const unsigned char* data, std::size_t length) {
    out.append(reinterpret_cast<const char*>(data), length);
    return true;
  };
  if (auto r = render(append, "the PDF"); !r) return std::unexpected(r.error());
  return out;
}

// [SECTION] Figures

void Canvas::fill_rectangle(double x, double y, double w, double h, Rgb colour) {
  cairo_t* cr = doc_.impl_->cr();
  cairo_save(cr);
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  cairo_rectangle(cr, x_ + x, y_ + y, w, h);
  cairo_fill(cr);
  cairo_restore(cr);
}

void Canvas::stroke_rectangle(double x, double y, double w, double h, Rgb colour, double line) {
  cairo_t* cr = doc_.impl_->cr();
  cairo_save(cr);
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  cairo_set_line_width(cr, line);
  cairo_rectangle(cr, x_ + x, y_ + y, w, h);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void Canvas::line(double x0, double y0, double x1, double y1, Rgb colour, double line) {
  cairo_t* cr = doc_.impl_->cr();
  cairo_save(cr);
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  cairo_set_line_width(cr, line);
  cairo_move_to(cr, x_ + x0, y_ + y0);
  cairo_line_to(cr, x_ + x1, y_ + y1);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void Canvas::text(double x, double y, std::string_view text, const TextStyle& style, Rgb colour) {
  const Document::Impl& d = *doc_.impl_;
  const LayoutPtr l = d.layout(one_line(text),
                               TextStyle{.size = style.size,
                                         .bold = style.bold,
                                         .italic = style.italic,
                                         .align = Align::left,
                                         .family = style.family},
                               0);
  const double w = layout_width(l.get());
  const double left = style.align == Align::center  ? x - w / 2
                      : style.align == Align::right ? x - w
                                                    : x;
  cairo_t* cr = d.cr();
  cairo_save(cr);
  cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
  d.show(l.get(), x_ + left, y_ + y);
  cairo_restore(cr);
}

double Canvas::text_width(std::string_view text, const TextStyle& style) const {
  return doc_.impl_->text_width(one_line(text), style);
}

double Canvas::text_height(const TextStyle& style) const {
  return layout_height(doc_.impl_->layout("Әу", style, 0).get());
}

// [SECTION] Slips

void Box::line(std::string_view text, const TextStyle& style) {
  const Document::Impl& d = *doc_.impl_;
  const LayoutPtr l = d.layout(text, style, width_);
  if (draw_) d.show(l.get(), x_, y_);
  y_ += layout_height(l.get());
}

void Box::field(std::string_view label, std::string_view value, const TextStyle& value_style) {
  const Document::Impl& d = *doc_.impl_;
  const TextStyle label_style{.size = 8.5, .family = Family::sans};
  const LayoutPtr l = d.layout(label, label_style, 0);
  const double label_width = std::min(layout_width(l.get()) + 6, width_ / 2);
  const LayoutPtr v = d.layout(value, value_style, width_ - label_width);
  // Label and value share a baseline whatever their sizes.
  const double lb = units(pango_layout_get_baseline(l.get()));
  const double vb = units(pango_layout_get_baseline(v.get()));
  const double baseline = y_ + std::max(lb, vb);
  if (draw_) {
    d.show(l.get(), x_, baseline - lb);
    d.show(v.get(), x_ + label_width, baseline - vb);
  }
  y_ = std::max(baseline - lb + layout_height(l.get()), baseline - vb + layout_height(v.get()));
}

void Box::pair(std::string_view left, std::string_view right, const TextStyle& style) {
  const Document::Impl& d = *doc_.impl_;
  const LayoutPtr r = d.layout(right, style, 0);
  const double right_width = std::min(layout_width(r.get()), width_ / 2);
  const LayoutPtr l = d.layout(left, style, width_ - right_width - 8);
  if (draw_) {
    d.show(l.get(), x_, y_);
    d.show(r.get(), x_ + width_ - right_width, y_);
  }
  y_ += std::max(layout_height(l.get()), layout_height(r.get()));
}

}  // namespace bbzhm::forms

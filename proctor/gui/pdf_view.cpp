// PDF pages through poppler-glib and Cairo into GL textures (see pdf_view.hpp).
#include "proctor/gui/pdf_view.hpp"

#include <GL/gl.h>
#include <cairo.h>
#include <poppler.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace bbzhm::proctor::gui {
namespace {

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

}  // namespace

struct PdfView::Impl {
  Bytes bytes;  // poppler reads from them while the document lives
  std::unique_ptr<PopplerDocument, GObjectUnref> document;
  int rendered_page = -1, rendered_width = 0;
  Texture texture;
  GLuint gl = 0;
  ~Impl() {
    if (gl != 0) glDeleteTextures(1, &gl);
  }
};

PdfView::PdfView(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfView::~PdfView() = default;

Result<std::unique_ptr<PdfView>> PdfView::open(Bytes pdf) {
  auto impl = std::make_unique<Impl>();
  impl->bytes = std::move(pdf);
  GBytes* data = g_bytes_new_static(impl->bytes.data(), impl->bytes.size());
  GError* error = nullptr;
  PopplerDocument* doc = poppler_document_new_from_bytes(data, nullptr, &error);
  g_bytes_unref(data);  // the document keeps its own reference
  if (!doc) {
    std::string why = error ? error->message : "not a PDF";
    if (error) g_error_free(error);
    return fail("the report cannot be shown: " + why);
  }
  impl->document.reset(doc);
  if (poppler_document_get_n_pages(doc) < 1) return fail("the report has no page");
  return std::make_unique<PdfView>(std::move(impl));
}

int PdfView::pages() const {
  return poppler_document_get_n_pages(impl_->document.get());
}

const PdfView::Texture* PdfView::page(int index, int width) {
  Impl& i = *impl_;
  width = std::clamp(width, 64, 4096);
  if (index == i.rendered_page && width == i.rendered_width && i.texture.id) return &i.texture;
  std::unique_ptr<PopplerPage, GObjectUnref> page(
      poppler_document_get_page(i.document.get(), index));
  if (!page) return nullptr;
  double pw = 0, ph = 0;
  poppler_page_get_size(page.get(), &pw, &ph);
  if (pw <= 0 || ph <= 0) return nullptr;
  const double scale = width / pw;
  const int height = std::clamp(static_cast<int>(ph * scale), 1, 8192);
  std::unique_ptr<cairo_surface_t, SurfaceFree> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  {
    std::unique_ptr<cairo_t, CairoFree> cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);  // paper
    cairo_paint(cr.get());
    cairo_scale(cr.get(), scale, scale);
    poppler_page_render(page.get(), cr.get());
  }
  cairo_surface_flush(surface.get());
  // Cairo's ARGB32 is a native-endian word (B, G, R, A bytes here): OpenGL wants R, G, B, A.
  const int stride = cairo_image_surface_get_stride(surface.get());
  unsigned char* px = cairo_image_surface_get_data(surface.get());
  Bytes rgba(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      std::uint32_t v;
      std::memcpy(&v, px + static_cast<std::ptrdiff_t>(y) * stride + x * 4, 4);
      std::uint8_t* out = rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
      out[0] = static_cast<std::uint8_t>(v >> 16);
      out[1] = static_cast<std::uint8_t>(v >> 8);
      out[2] = static_cast<std::uint8_t>(v);
      out[3] = static_cast<std::uint8_t>(v >> 24);
    }
  if (i.gl == 0) glGenTextures(1, &i.gl);
  glBindTexture(GL_TEXTURE_2D, i.gl);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  i.texture = {reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(i.gl)), width, height};
  i.rendered_page = index;
  i.rendered_width = width;
  return &i.texture;
}

}  // namespace bbzhm::proctor::gui

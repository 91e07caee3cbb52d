// Figures into GL textures: raster images through stb_image (Debian's libstb, already linked by
// Dear ImGui), SVG through librsvg and cairo, loaded the first time a figure is SVG (dlopen): a
// test without vector figures, the usual case, pays neither its memory nor its start-up.
#include "common/gui/pictures.hpp"

#include <GL/gl.h>
#include <dlfcn.h>
#include <librsvg/rsvg.h>
#include <stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace bbzhm::gui {
namespace {

struct StbFree {
  void operator()(unsigned char* p) const { stbi_image_free(p); }
};

GLuint id_of(ImTextureID t) {
  return static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(t));
}

// [SECTION] SVG through librsvg, opened on first use

// The few librsvg, GObject and cairo calls the rasteriser needs (cairo and GObject come in as
// librsvg's own dependencies).
struct Rsvg {
  decltype(&rsvg_handle_new_from_data) new_from_data = nullptr;
  decltype(&rsvg_handle_get_intrinsic_size_in_pixels) size_in_pixels = nullptr;
  decltype(&rsvg_handle_get_intrinsic_dimensions) dimensions = nullptr;
  decltype(&rsvg_handle_render_document) render = nullptr;
  decltype(&g_object_unref) unref = nullptr;
  decltype(&g_error_free) error_free = nullptr;
  decltype(&cairo_image_surface_create) surface_create = nullptr;
  decltype(&cairo_image_surface_get_data) surface_data = nullptr;
  decltype(&cairo_image_surface_get_stride) surface_stride = nullptr;
  decltype(&cairo_surface_status) surface_status = nullptr;
  decltype(&cairo_surface_flush) surface_flush = nullptr;
  decltype(&cairo_surface_destroy) surface_destroy = nullptr;
  decltype(&cairo_create) create = nullptr;
  decltype(&cairo_destroy) destroy = nullptr;
};

template <class F>
bool bind(void* lib, const char* name, F& f) {
  f = reinterpret_cast<F>(dlsym(lib, name));
  return f != nullptr;
}

// librsvg, or nullptr when this PC lacks it (SVG figures then show as unavailable). The library
// stays loaded for the life of the process: its threads and GObject types outlive any figure.
const Rsvg* rsvg() {
  static const std::unique_ptr<Rsvg> lib = []() -> std::unique_ptr<Rsvg> {
    void* h = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!h) return nullptr;
    auto r = std::make_unique<Rsvg>();
    const bool all = bind(h, "rsvg_handle_new_from_data", r->new_from_data) &&
                     bind(h, "rsvg_handle_get_intrinsic_size_in_pixels", r->size_in_pixels) &&
                     bind(h, "rsvg_handle_get_intrinsic_dimensions", r->dimensions) &&
                     bind(h, "rsvg_handle_render_document", r->render) &&
                     bind(h, "g_object_unref", r->unref) &&
                     bind(h, "g_error_free", r->error_free) &&
                     bind(h, "cairo_image_surface_create", r->surface_create) &&
                     bind(h, "cairo_image_surface_get_data", r->surface_data) &&
                     bind(h, "cairo_image_surface_get_stride", r->surface_stride) &&
                     bind(h, "cairo_surface_status", r->surface_status) &&
                     bind(h, "cairo_surface_flush", r->surface_flush) &&
                     bind(h, "cairo_surface_destroy", r->surface_destroy) &&
                     bind(h, "cairo_create", r->create) && bind(h, "cairo_destroy", r->destroy);
    return all ? std::move(r) : nullptr;
  }();
  return lib.get();
}

bool looks_like_svg(std::string_view bytes) {
  const auto head = bytes.substr(0, 4096);
  return head.find("<svg") != std::string_view::npos;
}

struct Pixels {
  std::vector<unsigned char> rgba;
  int width = 0, height = 0;             // of the texture
  double css_width = 0, css_height = 0;  // of the picture
};

// The SVG drawn at `scale` texture pixels per CSS pixel, as straight (not premultiplied) RGBA.
// From bytes alone, with no base file: references to other files or the network are refused.
std::optional<Pixels> rasterise_svg(std::string_view svg, float scale) {
  const Rsvg* r = rsvg();
  if (!r) return std::nullopt;
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, decltype(r->unref)> handle(
      r->new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error), r->unref);
  if (error) r->error_free(error);
  if (!handle) return std::nullopt;
  Pixels px;
  if (!r->size_in_pixels(handle.get(), &px.css_width, &px.css_height)) {
    // Only a viewBox (width and height in percent, or none): its size in CSS pixels.
    gboolean has_w = FALSE, has_h = FALSE, has_box = FALSE;
    RsvgLength w{}, h{};
    RsvgRectangle box{};
    r->dimensions(handle.get(), &has_w, &w, &has_h, &h, &has_box, &box);
    if (!has_box) return std::nullopt;
    px.css_width = box.width;
    px.css_height = box.height;
  }
  constexpr double kMaxSide = 4096;  // a figure never needs more; a hostile size gets no more
  const double k = std::min({static_cast<double>(scale), kMaxSide / std::max(px.css_width, 1.0),
                             kMaxSide / std::max(px.css_height, 1.0)});
  px.width = static_cast<int>(std::ceil(px.css_width * k));
  px.height = static_cast<int>(std::ceil(px.css_height * k));
  if (px.width <= 0 || px.height <= 0) return std::nullopt;
  std::unique_ptr<cairo_surface_t, decltype(r->surface_destroy)> surface(
      r->surface_create(CAIRO_FORMAT_ARGB32, px.width, px.height), r->surface_destroy);
  if (r->surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return std::nullopt;
  {
    std::unique_ptr<cairo_t, decltype(r->destroy)> cr(r->create(surface.get()), r->destroy);
    const RsvgRectangle viewport{0, 0, static_cast<double>(px.width),
                                 static_cast<double>(px.height)};
    const gboolean drawn = r->render(handle.get(), cr.get(), &viewport, &error);
    if (error) r->error_free(error);
    if (!drawn) return std::nullopt;
  }
  r->surface_flush(surface.get());
  // cairo's ARGB32: native-endian 32-bit words, colour premultiplied by alpha.
  const unsigned char* data = r->surface_data(surface.get());
  const int stride = r->surface_stride(surface.get());
  px.rgba.resize(static_cast<std::size_t>(px.width) * static_cast<std::size_t>(px.height) * 4);
  for (int y = 0; y < px.height; ++y)
    for (int x = 0; x < px.width; ++x) {
      std::uint32_t argb = 0;
      std::memcpy(&argb, data + static_cast<std::ptrdiff_t>(y) * stride + x * 4, 4);
      const unsigned a = argb >> 24;
      auto straight = [a](unsigned c) {
        return static_cast<unsigned char>(a == 0 ? 0 : std::min(255u, (c * 255 + a / 2) / a));
      };
      unsigned char* out =
          &px.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(px.width) +
                    static_cast<std::size_t>(x)) *
                   4];
      out[0] = straight((argb >> 16) & 0xFF);
      out[1] = straight((argb >> 8) & 0xFF);
      out[2] = straight(argb & 0xFF);
      out[3] = static_cast<unsigned char>(a);
    }
  return px;
}

ImTextureID upload(const unsigned char* rgba, int w, int h) {
  GLuint id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id));
}

}  // namespace

Pictures::~Pictures() {
  for (auto& [key, p] : cache_) {
    if (!p.texture) continue;
    const GLuint id = id_of(p.texture);
    glDeleteTextures(1, &id);
  }
}

const Picture* Pictures::get(const std::string& key, std::string_view bytes) {
  if (auto it = cache_.find(key); it != cache_.end())
    return it->second.texture ? &it->second : nullptr;
  Picture& p = cache_[key];
  if (bytes.empty() || bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return nullptr;
  if (looks_like_svg(bytes)) {
    auto px = rasterise_svg(bytes, svg_scale_);
    if (!px) return nullptr;
    p.texture = upload(px->rgba.data(), px->width, px->height);
    p.width = static_cast<int>(std::ceil(px->css_width));
    p.height = static_cast<int>(std::ceil(px->css_height));
    return &p;
  }
  int w = 0, h = 0, channels = 0;
  std::unique_ptr<unsigned char, StbFree> pixels(
      stbi_load_from_memory(reinterpret_cast<const unsigned char*>(bytes.data()),
                            static_cast<int>(bytes.size()), &w, &h, &channels, 4));
  if (!pixels || w <= 0 || h <= 0) return nullptr;
  p.texture = upload(pixels.get(), w, h);
  p.width = w;
  p.height = h;
  return &p;
}

}  // namespace bbzhm::gui

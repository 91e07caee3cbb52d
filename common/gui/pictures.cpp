// Figures through stb_image (Debian's libstb, already linked by Dear ImGui) into GL textures.
#include "common/gui/pictures.hpp"

#include <GL/gl.h>
#include <stb_image.h>

#include <cstdint>
#include <limits>
#include <memory>

namespace bbzhm::gui {
namespace {

struct StbFree {
  void operator()(unsigned char* p) const { stbi_image_free(p); }
};

GLuint id_of(ImTextureID t) {
  return static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(t));
}

}  // namespace

Pictures::~Pictures() {
  for (auto& [key, p] : cache_) {
    if (!p.texture) continue;
    const GLuint id = id_of(p.texture);
    glDeleteTextures(1, &id);
  }
}

const Picture* Pictures::get(const std::string& key, std::string_view png) {
  if (auto it = cache_.find(key); it != cache_.end())
    return it->second.texture ? &it->second : nullptr;
  Picture& p = cache_[key];
  if (png.empty() || png.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return nullptr;
  int w = 0, h = 0, channels = 0;
  std::unique_ptr<unsigned char, StbFree> pixels(
      stbi_load_from_memory(reinterpret_cast<const unsigned char*>(png.data()),
                            static_cast<int>(png.size()), &w, &h, &channels, 4));
  if (!pixels || w <= 0 || h <= 0) return nullptr;
  GLuint id = 0;
  glGenTextures(1, &id);
  glBindTexture(GL_TEXTURE_2D, id);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.get());
  p.texture = reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(id));
  p.width = w;
  p.height = h;
  return &p;
}

}  // namespace bbzhm::gui

// Pictures screens draw (an item's figures): PNG and SVG bytes decoded once and kept as OpenGL
// textures while the window lives. Part of the platform layer: screens get an ImTextureID and a
// size.
#pragma once

#include <imgui.h>

#include <map>
#include <string>
#include <string_view>

namespace bbzhm::gui {

struct Picture {
  ImTextureID texture = nullptr;
  int width = 0, height = 0;  // the picture's own size (an SVG's in CSS pixels); the texture
                              // may hold more pixels (an SVG rasterised at the window's scale)
};

class Pictures {
 public:
  // SVG figures are rasterised at `svg_scale` texture pixels per CSS pixel: the largest size a
  // screen draws them at, so that they stay sharp on large screens.
  explicit Pictures(float svg_scale = 1) : svg_scale_(svg_scale) {}
  ~Pictures();
  Pictures(const Pictures&) = delete;
  Pictures& operator=(const Pictures&) = delete;

  // The picture under `key`, decoded from `bytes` the first time; nullptr when the bytes are not
  // an image this build decodes (PNG, JPEG, SVG through librsvg), or are broken. Main thread only.
  const Picture* get(const std::string& key, std::string_view bytes);

 private:
  float svg_scale_ = 1;
  std::map<std::string, Picture, std::less<>> cache_;  // failures kept too (texture null)
};

}  // namespace bbzhm::gui

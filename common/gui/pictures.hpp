// Pictures screens draw (an item's figures): PNG bytes decoded once and kept as OpenGL textures
// while the window lives. Part of the platform layer: screens get an ImTextureID and a size.
#pragma once

#include <imgui.h>

#include <map>
#include <string>
#include <string_view>

namespace bbzhm::gui {

struct Picture {
  ImTextureID texture = nullptr;
  int width = 0, height = 0;
};

class Pictures {
 public:
  Pictures() = default;
  ~Pictures();
  Pictures(const Pictures&) = delete;
  Pictures& operator=(const Pictures&) = delete;

  // The picture under `key`, decoded from `png` the first time; nullptr when the bytes are not
  // an image this build decodes (PNG, JPEG; not SVG), or are broken. Main thread only.
  const Picture* get(const std::string& key, std::string_view png);

 private:
  std::map<std::string, Picture, std::less<>> cache_;  // failures kept too (texture null)
};

}  // namespace bbzhm::gui

// A PDF shown in the console window (the NTC's report of the organization, issue 8): poppler-glib
// opens the bytes, Cairo renders one page at a time into an OpenGL texture for Dear ImGui.
#pragma once

#include <imgui.h>

#include <memory>

#include "common/codec.hpp"
#include "common/error.hpp"

namespace bbzhm::proctor::gui {

class PdfView {
 public:
  // Opens the document; the error says why it is not a PDF poppler reads.
  static Result<std::unique_ptr<PdfView>> open(Bytes pdf);
  ~PdfView();
  PdfView(const PdfView&) = delete;
  PdfView& operator=(const PdfView&) = delete;

  int pages() const;
  // The page rendered `width` pixels wide (re-rendered only when the page or width changes);
  // nullptr if it cannot be. Main thread only (OpenGL).
  struct Texture {
    ImTextureID id = nullptr;
    int width = 0, height = 0;
  };
  const Texture* page(int index, int width);

  struct Impl;
  explicit PdfView(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbzhm::proctor::gui

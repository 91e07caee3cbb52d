// The console's window on GLFW 3.3 (X11) + OpenGL 3 with Dear ImGui 1.86's backends (inside
// Debian's libimgui.a). Fonts and screenshots follow the station's kiosk (station/gui/platform).
#include "proctor/gui/platform.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

namespace bbzhm::proctor::gui {
namespace {

constexpr const char* kFontRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* kFontBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

// Latin-1 (« »), Cyrillic with every Kazakh letter (U+0400-052F), general punctuation (en dash,
// ellipsis), № (U+2116) of acts and rooms, and the arrows of the grid.
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x0400, 0x052F, 0x2010, 0x203A,
                                    0x2116, 0x2116, 0x2190, 0x2193, 0};

// Base sizes at 900 lines: an adult at a desk reads 19 px; 300 seats need small cells.
constexpr float kBodyPx = 19, kLargePx = 28, kSmallPx = 16;
constexpr float kBaseHeight = 900;

std::atomic<bool> g_glfw_up{false};
std::atomic<bool> g_input{false};

// Keys pressed since the last frame. Dear ImGui 1.86 keeps only "is down" per key: a press and
// its release handled in one wait (a quick tap, xdotool, a barcode scanner's Enter) would never
// be seen as pressed. begin_frame() holds such a key down for one frame.
std::vector<int> g_tapped;      // main thread only: GLFW calls back from glfwWaitEvents*
std::vector<int> g_held_by_us;  // keys begin_frame() pressed and must let go next frame

void note_input() {
  g_input = true;
}

// Installed before ImGui's backend, which chains to them (PLATFORM.md).
void on_key(GLFWwindow*, int key, int, int action, int) {
  if (action == GLFW_PRESS && key >= 0 && key < 512) g_tapped.push_back(key);
  note_input();
}
void on_char(GLFWwindow*, unsigned int) {
  note_input();
}
void on_button(GLFWwindow*, int, int, int) {
  note_input();
}
void on_cursor(GLFWwindow*, double, double) {
  note_input();
}
void on_scroll(GLFWwindow*, double, double) {
  note_input();
}
void on_focus(GLFWwindow*, int) {
  note_input();
}
void on_size(GLFWwindow*, int, int) {
  note_input();
}

}  // namespace

struct Platform::Window {
  GLFWwindow* glfw = nullptr;
  bool imgui = false;
  int width = 0, height = 0;

  ~Window() {
    if (imgui) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
    }
    g_glfw_up = false;
    if (glfw) glfwDestroyWindow(glfw);
    glfwTerminate();
  }
};

Result<std::unique_ptr<Platform>> Platform::open(const PlatformOptions& options) {
  if (!glfwInit()) return fail("cannot open the display (is DISPLAY set and X running?)");
  std::unique_ptr<Platform> p(new Platform());
  p->window_ = std::make_unique<Window>();
  Window& w = *p->window_;
  GLFWmonitor* primary = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = primary ? glfwGetVideoMode(primary) : nullptr;
  w.width = options.width > 0 ? options.width : mode ? mode->width : 1280;
  w.height = options.height > 0 ? options.height : mode ? mode->height : 900;

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_MAXIMIZED, GLFW_TRUE);
  w.glfw = glfwCreateWindow(w.width, w.height, "ББЖМ — өкіл", nullptr, nullptr);
  if (!w.glfw) return fail("cannot create an OpenGL 3 window");
  glfwMakeContextCurrent(w.glfw);
  glfwSwapInterval(1);
  g_glfw_up = true;
  glfwSetKeyCallback(w.glfw, on_key);
  glfwSetCharCallback(w.glfw, on_char);
  glfwSetMouseButtonCallback(w.glfw, on_button);
  glfwSetCursorPosCallback(w.glfw, on_cursor);
  glfwSetScrollCallback(w.glfw, on_scroll);
  glfwSetWindowFocusCallback(w.glfw, on_focus);
  glfwSetFramebufferSizeCallback(w.glfw, on_size);
  glfwGetFramebufferSize(w.glfw, &w.width, &w.height);
  p->scale_ = std::clamp(static_cast<float>(w.height) / kBaseHeight, 0.8f, 1.6f);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  w.imgui = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing written to disk
  io.LogFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(w.glfw, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  ImGuiStyle& style = ImGui::GetStyle();
  ImGui::StyleColorsLight();
  style.WindowRounding = 0;
  style.FrameRounding = 5;
  style.GrabRounding = 5;
  style.FrameBorderSize = 1;
  style.FramePadding = {10, 6};
  style.ItemSpacing = {10, 8};
  style.WindowPadding = {16, 12};
  style.ScrollbarSize = 18;
  style.ScaleAllSizes(p->scale_);

  ImFontConfig config;
  config.OversampleH = 1;  // three sizes in a small atlas: quick start on software OpenGL
  config.OversampleV = 1;
  config.PixelSnapH = true;
  auto add = [&](const char* file, float px) {
    return io.Fonts->AddFontFromFileTTF(file, std::round(px * p->scale_), &config, kGlyphRanges);
  };
  p->fonts_.body = add(kFontRegular, kBodyPx);
  if (!p->fonts_.body) return fail(std::string("cannot load the font ") + kFontRegular);
  p->fonts_.small = add(kFontRegular, kSmallPx);
  p->fonts_.large = add(kFontBold, kLargePx);
  if (!p->fonts_.large) p->fonts_.large = add(kFontRegular, kLargePx);
  return p;
}

Platform::~Platform() = default;

void Platform::wait(std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) {
    glfwPollEvents();
  } else {
    glfwWaitEventsTimeout(static_cast<double>(timeout.count()) / 1000.0);
  }
}

void Platform::wake() {
  if (g_glfw_up) glfwPostEmptyEvent();
}

bool Platform::should_close() const {
  return glfwWindowShouldClose(window_->glfw) == GLFW_TRUE;
}

bool Platform::take_input() {
  return g_input.exchange(false) || !g_held_by_us.empty();
}

void Platform::begin_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  for (int key : g_held_by_us)
    if (glfwGetKey(window_->glfw, key) == GLFW_RELEASE) io.KeysDown[key] = false;
  g_held_by_us.clear();
  for (int key : g_tapped)
    if (!io.KeysDown[key]) {
      io.KeysDown[key] = true;
      g_held_by_us.push_back(key);
    }
  g_tapped.clear();
  ImGui::NewFrame();
}

void Platform::end_frame(const std::filesystem::path& screenshot) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_->glfw, &w, &h);
  window_->width = w;
  window_->height = h;
  glViewport(0, 0, w, h);
  glClearColor(0.95f, 0.95f, 0.94f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (!screenshot.empty()) write_screenshot(screenshot);
  glfwSwapBuffers(window_->glfw);
}

bool Platform::write_screenshot(const std::filesystem::path& png) const {
  // The back buffer holds the finished frame until end_frame() swaps it.
  const int w = window_->width, h = window_->height;
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);
  std::error_code ec;
  std::filesystem::create_directories(png.parent_path(), ec);
  const std::filesystem::path tmp = png.string() + ".tmp";
  if (!stbi_write_png(tmp.c_str(), w, h, 3, pixels.data(), w * 3)) return false;
  std::filesystem::rename(tmp, png, ec);
  return !ec;
}

}  // namespace bbzhm::proctor::gui

// The kiosk window on GLFW 3.3 (X11) + OpenGL 3, with Dear ImGui 1.86's GLFW and OpenGL3
// backends (inside Debian's libimgui.a). The lock-down lives here: full screen on the primary
// monitor, no decorations, always on top, closing ignored, the clipboard cut off.
#include "station/gui/platform.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

namespace bbzhm::station::gui {
namespace {

constexpr const char* kFontRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* kFontBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

// Latin-1 (« » ° · ²), Cyrillic with every Kazakh letter (U+0400-052F), general punctuation
// (the en dash of item texts, ‹ › of the navigation buttons), super- and subscripts (H₂SO₄, SO₄²⁻).
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x0400, 0x052F, 0x2010,
                                    0x203A, 0x2070, 0x209C, 0};

// Base sizes in pixels at 768 lines; a child reads 26 px comfortably on a 17" lab monitor.
constexpr float kBodyPx = 26, kLargePx = 36, kSmallPx = 20;
constexpr float kBaseHeight = 768;

std::atomic<bool> g_glfw_up{false};

}  // namespace

const char* required_sample_text() {
  return "ӘҒҚҢӨҰҮҺІ әғқңөұүһі H₂SO₄ SO₄²⁻ 1–2 «»";
}

struct Platform::Window {
  GLFWwindow* glfw = nullptr;
  WindowEvents events;
  bool imgui = false;
  // ImGui 1.86 reads keys as up/down state: a press and release in one batch of events (xdotool,
  // a fast typist, a slow frame) would never be seen down. Such keys are held down for one frame.
  std::vector<int> pressed, held_for_a_frame, release_next;
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

namespace {

Platform::Window* g_window = nullptr;  // one kiosk window per process: the callbacks' target

void note_input() {
  if (g_window) g_window->events.input = true;
}

// Installed before ImGui's backend, which chains to them (PLATFORM.md: installed after, they
// would replace ImGui's and ImGui would get no input).
void on_close(GLFWwindow* w) {
  glfwSetWindowShouldClose(w, GLFW_FALSE);  // only the representative's code leaves
  if (g_window) ++g_window->events.close_attempts;
}
void on_focus(GLFWwindow*, int focused) {
  if (!focused && g_window) ++g_window->events.focus_lost;
  note_input();
}
void on_key(GLFWwindow*, int, int, int, int) {
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
void on_monitor(GLFWmonitor*, int) {
  if (g_window) g_window->events.monitors_changed = true;
}

// The test must not let text out of the kiosk or in from elsewhere.
const char* clipboard_get(void*) {
  return "";
}
void clipboard_set(void*, const char*) {}

}  // namespace

Result<std::unique_ptr<Platform>> Platform::open(const PlatformOptions& options) {
  if (!glfwInit()) return fail("cannot open the display (is DISPLAY set and X running?)");
  std::unique_ptr<Platform> p(new Platform());
  p->window_ = std::make_unique<Window>();
  p->imgui_ = options.imgui;
  Window& w = *p->window_;
  GLFWmonitor* primary = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = primary ? glfwGetVideoMode(primary) : nullptr;
  w.width = options.width > 0 ? options.width : mode ? mode->width : 1024;
  w.height = options.height > 0 ? options.height : mode ? mode->height : 768;

  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  if (options.kiosk) {
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_FLOATING, GLFW_TRUE);
    // A full-screen window that loses focus would otherwise iconify and show the desktop.
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);
  }
  // A class name the session's window manager rules (and tests) can find the kiosk by.
  glfwWindowHintString(GLFW_X11_CLASS_NAME, "bbzhm-station");
  glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "bbzhm-station");
  w.glfw = glfwCreateWindow(w.width, w.height, "ББЖМ", options.kiosk ? primary : nullptr, nullptr);
  if (!w.glfw) return fail("cannot create an OpenGL 3 window");
  glfwMakeContextCurrent(w.glfw);
  glfwSwapInterval(1);
  g_window = &w;
  g_glfw_up = true;
  glfwSetWindowCloseCallback(w.glfw, on_close);
  glfwSetWindowFocusCallback(w.glfw, on_focus);
  glfwSetKeyCallback(w.glfw, on_key);
  glfwSetCharCallback(w.glfw, on_char);
  glfwSetMouseButtonCallback(w.glfw, on_button);
  glfwSetCursorPosCallback(w.glfw, on_cursor);
  glfwSetScrollCallback(w.glfw, on_scroll);
  glfwSetMonitorCallback(on_monitor);
  glfwGetFramebufferSize(w.glfw, &w.width, &w.height);
  p->scale_ = std::clamp(static_cast<float>(w.height) / kBaseHeight, 0.75f, 2.0f);
  if (!options.imgui) return p;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  w.imgui = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing written to disk
  io.LogFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(w.glfw, true);
  ImGui_ImplOpenGL3_Init("#version 130");
  io.GetClipboardTextFn = clipboard_get;
  io.SetClipboardTextFn = clipboard_set;

  ImGuiStyle& style = ImGui::GetStyle();
  ImGui::StyleColorsLight();
  style.WindowRounding = 0;
  style.FrameRounding = 8;
  style.GrabRounding = 8;
  style.FramePadding = {14, 10};
  style.ItemSpacing = {14, 12};
  style.WindowPadding = {24, 20};
  style.ScrollbarSize = 22;
  style.ScaleAllSizes(p->scale_);

  if (options.fonts) {
    ImFontConfig config;
    config.OversampleH = 1;  // the atlas of three sizes stays small: start time and RSS
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
    p->fonts_.huge = p->fonts_.large;
  } else {
    p->fonts_.body = p->fonts_.small = p->fonts_.large = p->fonts_.huge =
        io.Fonts->AddFontDefault();
  }
  return p;
}

Platform::~Platform() {
  g_window = nullptr;
}

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

void Platform::begin_frame() {
  if (!imgui_) return;
  Window& w = *window_;
  ImGuiIO& io = ImGui::GetIO();
  for (int key : w.release_next)
    if (key < IM_ARRAYSIZE(io.KeysDown)) io.KeysDown[key] = false;
  w.release_next.clear();
  for (int key : w.held_for_a_frame)
    if (key < IM_ARRAYSIZE(io.KeysDown)) {
      io.KeysDown[key] = true;
      w.release_next.push_back(key);
    }
  w.held_for_a_frame.clear();
  w.pressed.clear();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void Platform::end_frame(const std::filesystem::path& screenshot) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_->glfw, &w, &h);
  window_->width = w;
  window_->height = h;
  glViewport(0, 0, w, h);
  glClearColor(0.96f, 0.96f, 0.94f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  if (imgui_) {
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  if (!screenshot.empty()) write_screenshot(screenshot);
  glfwSwapBuffers(window_->glfw);
}

WindowEvents Platform::take_events() {
  WindowEvents e = window_->events;
  window_->events = {};
  return e;
}

void Platform::take_focus() {
  glfwRestoreWindow(window_->glfw);
  glfwFocusWindow(window_->glfw);
}

bool Platform::focused() const {
  return glfwGetWindowAttrib(window_->glfw, GLFW_FOCUSED) == GLFW_TRUE;
}

int Platform::monitor_count() const {
  int n = 0;
  glfwGetMonitors(&n);
  return n;
}

std::string Platform::monitor_detail() const {
  int n = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&n);
  std::string out;
  for (int i = 0; i < n; ++i) {
    const GLFWvidmode* m = glfwGetVideoMode(monitors[i]);
    if (!out.empty()) out += " + ";
    out += m ? std::to_string(m->width) + "x" + std::to_string(m->height) : "?";
  }
  return out;
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

}  // namespace bbzhm::station::gui

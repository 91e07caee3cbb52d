// GLFW 3.3 (X11) + OpenGL with Dear ImGui 1.86's GLFW and OpenGL2 backends (inside Debian's
// libimgui.a), for the kiosk and the console alike. The OpenGL2 backend draws with the fixed
// pipeline: no GLSL is compiled, so Mesa never builds its GLSL compiler's built-in functions
// (30-40 ms of the kiosk's start on an old PC without a GPU, and megabytes kept for the process's
// life), and the window needs OpenGL 1.1 instead of 3.0 (older lab PCs' drivers).
#include "common/gui/window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl2.h>
#include <stb_image_write.h>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "common/log.hpp"

namespace bbzhm::gui {
namespace {

constexpr const char* kFontRegular = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
constexpr const char* kFontBold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";

std::atomic<bool> g_glfw_up{false};  // wake() may come from another thread at any time

}  // namespace

struct Window::State {
  GLFWwindow* glfw = nullptr;
  bool kiosk = false;
  bool imgui = false;
  bool texture_data_dropped = false;
  ImVec4 background;
  WindowEvents events;
  // Dear ImGui 1.86 keeps only "is down" per key: a press and its release handled in one wait (a
  // quick tap, xdotool, a barcode scanner's Enter, a slow frame) would never be seen as pressed.
  // begin_frame() holds such a key down for one frame.
  std::vector<int> tapped;      // pressed since the last frame (GLFW calls back on this thread)
  std::vector<int> held_by_us;  // keys begin_frame() pressed and must let go next frame
  int width = 0, height = 0;

  ~State() {
    if (imgui) {
      ImGui_ImplOpenGL2_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
    }
    g_glfw_up = false;
    if (glfw) glfwDestroyWindow(glfw);
    glfwTerminate();
  }
};

namespace {

Window::State* g_state = nullptr;  // one window per process: the callbacks' target

void note_input() {
  if (g_state) g_state->events.input = true;
}

// Installed before ImGui's backend, which chains to them (PLATFORM.md: installed after, they
// would replace ImGui's and ImGui would get no input).
void on_close(GLFWwindow* w) {
  if (!g_state || !g_state->kiosk) return;
  glfwSetWindowShouldClose(w, GLFW_FALSE);  // only the representative's code leaves a kiosk
  ++g_state->events.close_attempts;
}
void on_focus(GLFWwindow*, int focused) {
  if (!focused && g_state) ++g_state->events.focus_lost;
  note_input();
}
void on_key(GLFWwindow*, int key, int, int action, int) {
  if (g_state && action == GLFW_PRESS && key >= 0 && key < 512) g_state->tapped.push_back(key);
  note_input();
}
void on_char(GLFWwindow*, unsigned int) {
  if (g_state) ++g_state->events.characters;
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
void on_size(GLFWwindow*, int, int) {
  note_input();
}
void on_monitor(GLFWmonitor*, int) {
  if (g_state) g_state->events.monitors_changed = true;
}

// A test must not let text out of the kiosk or in from elsewhere.
const char* clipboard_get(void*) {
  return "";
}
void clipboard_set(void*, const char*) {}

void apply_look(const Look& look, float scale) {
  ImGuiStyle& style = ImGui::GetStyle();
  ImGui::StyleColorsLight();
  style.WindowRounding = 0;
  style.FrameRounding = look.rounding;
  style.GrabRounding = look.rounding;
  style.FrameBorderSize = look.frame_border;
  style.FramePadding = look.frame_padding;
  style.ItemSpacing = look.item_spacing;
  style.WindowPadding = look.window_padding;
  style.ScrollbarSize = look.scrollbar;
  style.ScaleAllSizes(scale);
}

// Dear ImGui 1.86's OpenGL2 backend uploads the font atlas as RGBA, four bytes a texel of which
// three are always white; with software OpenGL the texture lives in the process's own memory (at
// 1280x1024 several MiB). The backend's texture is specified again as alpha alone, one byte a
// texel: with the fixed-function GL_MODULATE the backend sets, an alpha texture gives the vertex's
// colour and multiplies its alpha (OpenGL 1.1, every driver). The texture stays the backend's: it
// deletes it, and does not build the atlas again (the atlas's copy is gone by then).
void respecify_font_atlas_as_alpha() {
  ImGuiIO& io = ImGui::GetIO();
  const auto id = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(io.Fonts->TexID));
  unsigned char* alpha = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsAlpha8(&alpha, &w, &h);
  if (id == 0 || !alpha) return;
  GLint last = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &last);
  glBindTexture(GL_TEXTURE_2D, id);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_ALPHA8, w, h, 0, GL_ALPHA, GL_UNSIGNED_BYTE, alpha);
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(last));
}

// The OpenGL2 backend draws a window's list with 16-bit indices and no vertex offsets: a list of
// more than 65 536 vertices would be drawn wrong. The busiest screens hold 12 000-15 000 (the
// console's grid at 300 seats, the periodic table: only what is visible is drawn); a screen that
// ever passes the limit says so in the log, once.
void warn_of_overfull_draw_lists(const ImDrawData& data) {
  static bool said = false;
  for (int i = 0; i < data.CmdListsCount && !said; ++i)
    if (data.CmdLists[i]->VtxBuffer.Size > 0x10000) {
      said = true;
      log::error("gui", std::string("a window's draw list holds ") +
                            std::to_string(data.CmdLists[i]->VtxBuffer.Size) +
                            " vertices, more than 16-bit indices reach: it is drawn wrong");
    }
}

}  // namespace

Window::Window() = default;

Window::~Window() {
  if (g_state == state_.get()) g_state = nullptr;
}

Result<void> Window::open(const WindowOptions& options) {
  // Each thread of the process (Mesa's rasterisers, a client's network thread) would get a
  // malloc arena of its own, each keeping freed memory: two are plenty for a window.
  mallopt(M_ARENA_MAX, 2);
  if (!glfwInit()) return fail("cannot open the display (is DISPLAY set and X running?)");
  state_ = std::make_unique<State>();
  State& w = *state_;
  w.kiosk = options.kiosk;
  w.background = options.look.background;
  GLFWmonitor* primary = glfwGetPrimaryMonitor();
  const GLFWvidmode* mode = primary ? glfwGetVideoMode(primary) : nullptr;
  w.width = options.width > 0 ? options.width : mode ? mode->width : options.fallback_width;
  w.height = options.height > 0 ? options.height : mode ? mode->height : options.fallback_height;

  if (options.kiosk) {
    glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
    glfwWindowHint(GLFW_FLOATING, GLFW_TRUE);
    // A full-screen window that loses focus would otherwise iconify and show the desktop.
    glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);
  }
  if (options.maximized) glfwWindowHint(GLFW_MAXIMIZED, GLFW_TRUE);
  if (options.class_name) {
    glfwWindowHintString(GLFW_X11_CLASS_NAME, options.class_name);
    glfwWindowHintString(GLFW_X11_INSTANCE_NAME, options.class_name);
  }
  w.glfw = glfwCreateWindow(w.width, w.height, options.title, options.kiosk ? primary : nullptr,
                            nullptr);
  if (!w.glfw) return fail("cannot create an OpenGL window");
  glfwMakeContextCurrent(w.glfw);
  glfwSwapInterval(1);
  g_state = &w;
  g_glfw_up = true;
  glfwSetWindowCloseCallback(w.glfw, on_close);
  glfwSetWindowFocusCallback(w.glfw, on_focus);
  glfwSetKeyCallback(w.glfw, on_key);
  glfwSetCharCallback(w.glfw, on_char);
  glfwSetMouseButtonCallback(w.glfw, on_button);
  glfwSetCursorPosCallback(w.glfw, on_cursor);
  glfwSetScrollCallback(w.glfw, on_scroll);
  glfwSetFramebufferSizeCallback(w.glfw, on_size);
  glfwSetMonitorCallback(on_monitor);
  glfwGetFramebufferSize(w.glfw, &w.width, &w.height);
  const Look& look = options.look;
  scale_ =
      std::clamp(static_cast<float>(w.height) / look.base_height, look.min_scale, look.max_scale);
  if (!options.imgui) return {};

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  w.imgui = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing written to disk
  io.LogFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(w.glfw, true);
  ImGui_ImplOpenGL2_Init();
  if (options.kiosk) {
    io.GetClipboardTextFn = clipboard_get;
    io.SetClipboardTextFn = clipboard_set;
  }
  apply_look(look, scale_);

  if (!options.fonts) {
    fonts_.body = fonts_.small = fonts_.large = fonts_.huge = io.Fonts->AddFontDefault();
    return {};
  }

  // The atlas as tall as its glyphs need, not the next power of two (up to half of it unused).
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  ImFontConfig config;
  config.OversampleH = 1;  // a small atlas: quick start and little memory on software OpenGL
  config.OversampleV = 1;
  config.PixelSnapH = true;
  auto add = [&](const char* file, float px) {
    return io.Fonts->AddFontFromFileTTF(file, std::round(px * scale_), &config, look.glyphs);
  };
  fonts_.body = add(kFontRegular, look.body_px);
  if (!fonts_.body) return fail(std::string("cannot load the font ") + kFontRegular);
  fonts_.small = add(kFontRegular, look.small_px);
  fonts_.large = add(kFontBold, look.large_px);
  if (!fonts_.large) fonts_.large = add(kFontRegular, look.large_px);
  fonts_.huge = fonts_.large;
  // The atlas is built and uploaded now (the backend's one texture); the copies
  // of the font files (a megabyte and more) and of the atlas's pixels can go.
  ImGui_ImplOpenGL2_CreateDeviceObjects();
  respecify_font_atlas_as_alpha();
  io.Fonts->ClearTexData();
  w.texture_data_dropped = true;
  for (ImFontConfig& c : io.Fonts->ConfigData)
    if (c.FontData && c.FontDataOwnedByAtlas) {
      ImGui::MemFree(c.FontData);
      c.FontData = nullptr;
      c.FontDataSize = 0;
    }
  malloc_trim(0);  // the freed font files and atlas copies back to the system
  return {};
}

void Window::wait(std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) {
    glfwPollEvents();
  } else {
    glfwWaitEventsTimeout(static_cast<double>(timeout.count()) / 1000.0);
  }
}

void Window::wake() {
  if (g_glfw_up) glfwPostEmptyEvent();
}

void Window::begin_frame() {
  State& w = *state_;
  if (!w.imgui) return;
  ImGui_ImplOpenGL2_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  for (int key : w.held_by_us)
    if (glfwGetKey(w.glfw, key) == GLFW_RELEASE) io.KeysDown[key] = false;
  w.held_by_us.clear();
  for (int key : w.tapped)
    if (key < IM_ARRAYSIZE(io.KeysDown) && !io.KeysDown[key]) {
      io.KeysDown[key] = true;
      w.held_by_us.push_back(key);
    }
  w.tapped.clear();
  ImGui::NewFrame();
}

void Window::end_frame(const std::filesystem::path& screenshot) {
  State& s = *state_;
  int w = 0, h = 0;
  glfwGetFramebufferSize(s.glfw, &w, &h);
  s.width = w;
  s.height = h;
  glViewport(0, 0, w, h);
  // With Dear ImGui the clear is the pages' background: a page draws none of its own (see
  // begin_page), which spares a blended quad over the whole screen in every frame (several
  // milliseconds with software OpenGL).
  const ImVec4 bg = s.imgui ? ImGui::GetStyle().Colors[ImGuiCol_WindowBg] : s.background;
  glClearColor(bg.x, bg.y, bg.z, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  if (s.imgui) {
    ImGui::Render();
    warn_of_overfull_draw_lists(*ImGui::GetDrawData());
    ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
    if (!s.texture_data_dropped) {
      // The first frame uploaded the font atlas to OpenGL: its copy in memory can go.
      ImGui::GetIO().Fonts->ClearTexData();
      s.texture_data_dropped = true;
    }
  }
  if (!screenshot.empty()) write_screenshot(screenshot);
  glfwSwapBuffers(s.glfw);
}

WindowEvents Window::take_events() {
  WindowEvents e = state_->events;
  state_->events = {};
  if (!state_->held_by_us.empty()) e.input = true;  // the held key is let go next frame
  return e;
}

bool Window::take_input() {
  const bool input = state_->events.input || !state_->held_by_us.empty();
  state_->events.input = false;
  return input;
}

bool Window::should_close() const {
  return glfwWindowShouldClose(state_->glfw) == GLFW_TRUE;
}

void Window::take_focus() {
  glfwRestoreWindow(state_->glfw);
  glfwFocusWindow(state_->glfw);
}

bool Window::focused() const {
  return glfwGetWindowAttrib(state_->glfw, GLFW_FOCUSED) == GLFW_TRUE;
}

int Window::monitor_count() const {
  int n = 0;
  glfwGetMonitors(&n);
  return n;
}

std::string Window::screen_size() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(state_->glfw, &w, &h);
  return std::to_string(w) + "x" + std::to_string(h);
}

std::string Window::renderer() const {
  const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return name == nullptr ? "unknown" : name;
}

std::string Window::monitor_detail() const {
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

bool Window::write_screenshot(const std::filesystem::path& png) const {
  // The back buffer holds the finished frame until end_frame() swaps it.
  const int w = state_->width, h = state_->height;
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

}  // namespace bbzhm::gui

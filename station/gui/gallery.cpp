// The screen gallery: every kiosk screen in kk, ru and en, drawn from the sample test forms and
// made-up students, written as PNGs. Translators check their words in place with it, and the
// README shows its pictures; it draws with the same functions as the kiosk.
#include <imgui.h>
#include <imgui_internal.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include "common/i18n.hpp"
#include "item_bank/test_form.hpp"
#include "station/gui/kiosk.hpp"
#include "station/gui/platform.hpp"
#include "station/gui/screens.hpp"
#include "station/gui/widgets.hpp"

namespace bbzhm::station::gui {
namespace {

struct Sample {
  Language language;
  const char* student;
  const char* class_name;
  std::vector<std::string> forms;  // test form ids
};

const Sample kSamples[] = {
    {Language::kk,
     "Құдайбергенова Айгүл Бауыржанқызы",
     "9А",
     {"g9-reading-kk", "g9-math-kk", "g9-science-kk"}},
    {Language::ru,
     "Иванова Анна Сергеевна",
     "9Б",
     {"g9-reading-ru", "g9-math-ru", "g9-science-ru"}},
    {Language::en, "Aigul Kudaibergenova", "9A", {"g9-reading-en"}},
};

// The sample's sitting with a few answers given and one item flagged.
Snapshot sample_snapshot(const Sample& sample, const std::vector<item_bank::TestForm>& forms) {
  Snapshot s;
  s.link = Link::online;
  s.phase = Phase::testing;
  s.policy = protocol::StationPolicy{"S07", "x", 0, false};
  auto ok = std::make_shared<protocol::LoginOk>();
  ok->student_name = sample.student;
  ok->class_name = sample.class_name;
  ok->sitting_title = "ББЖМ 2027-04";
  ok->language = sample.language;
  for (const auto& id : sample.forms)
    for (const auto& f : forms)
      if (f.id == id) ok->booklets.push_back(f.booklet);
  int n = 0;
  for (const auto& b : ok->booklets)
    for (const auto& item : b.items)
      if (++n % 3 != 0 && item.kind != ItemKind::numeric && !item.choices.empty() && n > 1)
        s.answers[item.id] = item.choices.front().id;
  s.sitting = ok;
  s.remaining_ms = 47 * 60'000 + 12'000;
  s.remaining_at = std::chrono::steady_clock::now();
  return s;
}

// Code points of `text` the font has no glyph for (it would draw them as boxes: tofu).
void find_missing(ImFont* font, std::string_view text, std::set<unsigned>& missing) {
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end) {
    unsigned c = 0;
    const int n = ImTextCharFromUtf8(&c, at, end);
    if (n <= 0) break;
    at += n;
    if (c >= 0x20 && c != 0x2028 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c)))
      missing.insert(c);
  }
}

// Every catalog text a kiosk screen shows, and the characters of the sample tests.
std::set<unsigned> missing_glyphs(const Fonts& fonts,
                                  const std::vector<item_bank::TestForm>& forms) {
  std::set<unsigned> missing;
  for (ImFont* font : {fonts.body, fonts.large, fonts.small}) {
    find_missing(font, required_sample_text(), missing);
    for (Language l : kAllLanguages)
      for (std::string_view key : i18n::keys(l))
        if (key.starts_with("kiosk.") || key.starts_with("subject.") || key.starts_with("level.") ||
            key.starts_with("language."))
          find_missing(font, i18n::text(l, key), missing);
    for (const auto& form : forms) {
      for (const auto& p : form.booklet.passages) find_missing(font, p.title + p.text, missing);
      for (const auto& item : form.booklet.items) {
        find_missing(font, item.stem + item.unit, missing);
        for (const auto& c : item.choices) find_missing(font, c.text, missing);
      }
    }
  }
  return missing;
}

}  // namespace

int run_gallery(const std::filesystem::path& forms_dir, const std::filesystem::path& out) {
  auto forms = item_bank::load_forms(forms_dir);
  if (!forms) {
    std::cerr << "bbzhm-station: " << forms.error().what << "\n";
    return 1;
  }
  PlatformOptions options;
  options.kiosk = false;
  options.width = 1024;
  options.height = 768;
  auto platform = Platform::open(options);
  if (!platform) {
    std::cerr << "bbzhm-station: " << platform.error().what << "\n";
    return 1;
  }
  Platform& p = **platform;
  bbzhm::gui::Pictures pictures(p.scale() * kFigureGrowth);
  // The font atlas is built by the first frame.
  p.begin_frame();
  p.end_frame();
  if (const auto missing = missing_glyphs(p.fonts(), *forms); !missing.empty()) {
    for (unsigned c : missing) std::fprintf(stderr, "bbzhm-station: missing glyph U+%04X\n", c);
    return 1;
  }
  for (const Sample& sample : kSamples) {
    Snapshot testing = sample_snapshot(sample, *forms);
    for (Screen screen :
         {Screen::waiting, Screen::login, Screen::confirm, Screen::instructions, Screen::item,
          Screen::review, Screen::results, Screen::survey, Screen::teacher_survey, Screen::unlock,
          Screen::periodic_table, Screen::solubility_table}) {
      Snapshot s = testing;
      UiState ui;
      ui.language = sample.language;
      ui.screen = screen;
      ui.confirmed = ui.instructions_read = true;
      if (screen == Screen::waiting || screen == Screen::login) {
        s.phase = screen == Screen::login ? Phase::refused : Phase::idle;
        s.refusal = protocol::LoginRefused{protocol::LoginRefusal::wrong_credentials, 0};
        s.sitting.reset();
        s.answers.clear();
        ui.login = "k7m2x9";
        ui.focus_login = false;
      }
      if (screen == Screen::item) {
        // The first item with a passage: reading beside its questions.
        const auto& booklets = s.sitting->booklets;
        for (std::size_t b = 0; b < booklets.size() && ui.item == 0; ++b)
          for (std::size_t i = 0; i < booklets[b].items.size(); ++i)
            if (!booklets[b].items[i].passage_id.empty() && i > 0) {
              ui.booklet = b;
              ui.item = i;
              break;
            }
        ui.flagged.insert(booklets[0].items[0].id);
      }
      if (screen == Screen::review) ui.flagged.insert(s.sitting->booklets[0].items[2].id);
      if (screen == Screen::results || screen == Screen::survey) {
        s.phase = Phase::finished;
        protocol::Results r;
        const char* levels[] = {"high", "medium", "low"};
        int k = 0;
        for (const auto& b : s.sitting->booklets)
          r.subjects.push_back({b.subject, b.language, 7 + k, 10 + 2 * k, levels[k++ % 3]});
        r.receipt = "3F9A-C27E-01B4";
        s.results = r;
        ui.survey = {1, 2, 0, 0};
      }
      if (screen == Screen::unlock) ui.unlock_failed = true;
      if (screen == Screen::teacher_survey) {
        s.phase = Phase::idle;
        s.sitting.reset();
        ui.teacher_survey = {2, 1, 0, 0, 0};
      }
      // Three frames: ImGui settles a new window's size on its second frame.
      for (int frame = 0; frame < 3; ++frame) {
        Commands commands;
        p.begin_frame();
        Frame f{s, ui, commands, p.fonts(), p.scale(), std::chrono::steady_clock::now(), &pictures};
        ui.screen = screen;
        draw_screen(f);
        const auto file = out / ("station-" + std::string(name(screen)) + "-" +
                                 std::string(code(sample.language)) + ".png");
        p.end_frame(frame == 2 ? file : std::filesystem::path());
        if (frame == 2) std::cout << file.string() << "\n";
      }
    }
  }
  return 0;
}

}  // namespace bbzhm::station::gui

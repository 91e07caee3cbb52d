// Login slips (p.19): a login and a password per student, several slips a page, the instruction
// in the language the student is tested in.
#include <gtest/gtest.h>

#include "forms/documents.hpp"
#include "tests/forms/pdf.hpp"
#include "tests/forms/samples.hpp"

namespace bbzhm::forms {
namespace {

using namespace test;

constexpr std::string_view kKazakhInstruction =
    "Логин мен парольді компьютерге енгізіңіз және оларды ешкімге көрсетпеңіз.";
constexpr std::string_view kRussianInstruction =
    "Введите логин и пароль на компьютере и никому их не показывайте.";

TEST(LoginSlips, KazakhSlipsCarryLoginPasswordAndTheInstructionInTheTestLanguage) {
  const LoginSlips slips = sample_login_slips(8);
  const auto pdf = artefact("login-slips", Language::kk);
  ASSERT_TRUE(rendered(render_login_slips(slips, Language::kk, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  const std::string text = flat(pdf_text(pdf));
  EXPECT_TRUE(contains_all(text, {"Логиндер мен парольдер", "№ 12 аудитория",
                                  "Логин:", "Пароль:", "Сынып: 9 «Ә» · Орын № 1", "Компьютер: PC-1",
                                  "Әбілқайыров Нұрсұлтан Серікұлы", "ББЖМ 2025, сәуір"}));
  for (const LoginSlip& s : slips.slips) EXPECT_TRUE(contains_all(text, {s.login, s.password}));
  // Students 4 and 8 sit their tests in Russian (sample_login_slips): their slips say so.
  EXPECT_EQ(count(text, kKazakhInstruction), 6u);
  EXPECT_EQ(count(text, kRussianInstruction), 2u);
}

TEST(LoginSlips, RussianSlipsHaveRussianLabels) {
  const auto pdf = artefact("login-slips", Language::ru);
  ASSERT_TRUE(rendered(render_login_slips(sample_login_slips(8), Language::ru, pdf)));
  EXPECT_TRUE(well_formed(pdf));
  EXPECT_TRUE(contains_all(flat(pdf_text(pdf)),
                           {"Логины и пароли", "аудитория № 12", "Класс: 9 «Ә» · Место № 1",
                            "Логин:", "Пароль:", "МОДО 2025, апрель"}));
}

TEST(LoginSlips, TenSlipsShareAPage) {
  const LoginSlips slips = sample_login_slips(25);
  TempDir dir;
  ASSERT_TRUE(rendered(render_login_slips(slips, Language::kk, dir / "slips.pdf")));
  ASSERT_EQ(page_count(dir / "slips.pdf"), 3);
  const std::string page1 = pdf_text(dir / "slips.pdf", 1);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(count(page1, slips.slips[i].login), 1u) << i;
  EXPECT_EQ(count(page1, slips.slips[10].login), 0u);
}

TEST(LoginSlips, RefusesASlipWithoutPassword) {
  LoginSlips slips = sample_login_slips(4);
  slips.slips[3].password.clear();
  TempDir dir;
  const auto r = render_login_slips(slips, Language::kk, dir / "slips.pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "forms.error.invalid");
  EXPECT_NE(r.error().what.find("slip 4: password is empty"), std::string::npos) << r.error().what;
  EXPECT_TRUE(entries(dir.path()).empty());
}

}  // namespace
}  // namespace bbzhm::forms

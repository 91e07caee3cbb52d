// Checks a document's fields before it is laid out, so that a form is never printed half-empty.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.hpp"
#include "forms/documents.hpp"

namespace bbzhm::forms {

// Keeps the first fault found; its error reads "<document>: <field> <what is wrong>", with key
// "forms.error.invalid". Field names are prefixes too: "seat 3: student's full name".
class Checker {
 public:
  explicit Checker(std::string document) : document_(std::move(document)) {}

  // Valid UTF-8 without control characters (a newline only where `multiline`); required: not blank.
  Checker& text(std::string_view field, std::string_view value, bool required = true,
                bool multiline = false);
  Checker& that(bool ok, std::string_view field, std::string_view what);
  Checker& positive(std::string_view field, int value);
  Checker& date(std::string_view field, std::chrono::year_month_day value);
  Checker& time(std::string_view field, TimeOfDay value);
  Checker& organization(const Organization& o);
  Checker& representative(const Representative& r);
  // Full name and personal code; the class too where the form prints it.
  Checker& student(std::string_view prefix, const Student& s, bool with_class);
  Checker& sitting(const Sitting& s);
  Checker& score(std::string_view prefix, const SubjectScore& s);

  Result<void> result() const;

 private:
  std::string document_;
  std::string fault_;
};

}  // namespace bbzhm::forms

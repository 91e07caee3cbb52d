// Variant assembly: parallel variants of a test that each meet its specification.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "item_bank/bank.hpp"
#include "item_bank/test_form.hpp"

namespace bbzhm::item_bank {

// Assembles `variants` variants of `spec` from the bank, each in every language of the spec:
// exactly the blueprint's count of items per content area and level, passage units whole,
// variants as disjoint as the bank allows, and (where items carry a difficulty) mean difficulty
// as close to the bank's as the restarts find. Options are shuffled per variant and relabelled
// A, B, ... with the key following them. The same bank, spec and seed give the same forms.
// Form ids are `<prefix><spec>-v<N>-<language>`.
Result<std::vector<TestForm>> assemble(const Bank& bank, const Spec& spec, int variants,
                                       std::uint64_t seed, std::string_view id_prefix);

}  // namespace bbzhm::item_bank

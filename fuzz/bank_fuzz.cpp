// The item bank's authoring files (*.item, *.passage, *.spec: the item text markup with kk/ru/en
// sections): the first byte picks the kind of file, the rest is its text.
#include <cstdint>
#include <filesystem>

#include "fuzz/file_input.hpp"
#include "item_bank/bank.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bbzhm;
  if (size == 0) return 0;
  static const char* kinds[] = {"x.item", "x.passage", "x.spec"};
  const auto dir = fuzz::scratch() / "bank";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  fuzz::write_input(std::string("bank/") + kinds[data[0] % 3], data + 1, size - 1);
  auto loaded = item_bank::load_bank(dir);
  for (const auto& p : loaded.problems) (void)item_bank::describe(p);
  return 0;
}

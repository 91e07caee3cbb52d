// Reading a whole file (common/file.hpp).
#include "common/file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace bbzhm {

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read " + path.string() + ": " + std::strerror(errno));
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return fail("cannot read " + path.string() + ": " + std::strerror(errno));
  return bytes;
}

}  // namespace bbzhm

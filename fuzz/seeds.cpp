// Writes the seed corpora that need the product's own encoders (protocol messages, a package
// and a bundle sealed with the fixed keys) into fuzz/corpus/<target>/: run once, commit the
// files. The text corpora (rosters, forms, bank files, QTI) are copies of files in the repository.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <variant>

#include "common/protocol.hpp"
#include "fuzz/keys.hpp"
#include "item_bank/package.hpp"
#include "item_bank/test_form.hpp"
#include "server/bundle.hpp"

namespace fs = std::filesystem;
using namespace bbzhm;

namespace {

void write(const fs::path& dir, const std::string& name, ByteView bytes) {
  fs::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

template <std::size_t I = 0>
void every_message(const fs::path& dir) {
  if constexpr (I < std::variant_size_v<protocol::Message>) {
    protocol::Message m{std::in_place_index<I>};
    write(dir, "empty-" + std::to_string(I), protocol::encode(m));
    every_message<I + 1>(dir);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_seeds CORPUS_DIR\n";
    return 2;
  }
  crypto::init();
  const fs::path root = argv[1];
  every_message(root / "protocol");
  write(root / "protocol", "login_start", protocol::encode(protocol::LoginStart{"b123456"}));
  write(root / "protocol", "login_challenge",
        protocol::encode(protocol::LoginChallenge{"b123456", Bytes(16, 3), 16384, 2}));
  write(root / "protocol", "login", protocol::encode(protocol::Login{"b123456", Bytes(32, 7), 1}));
  write(root / "protocol", "save", protocol::encode(protocol::SaveAnswer{42, "G9M-03", "B"}));
  write(root / "protocol", "incident",
        protocol::encode(protocol::Incident{protocol::IncidentKind::remote_desktop, "AnyDesk", 5}));
  protocol::Results results;
  results.subjects.push_back({Subject::math, Language::kk, 7, 10, "medium"});
  results.receipt = "3F9A-77C1";
  write(root / "protocol", "results", protocol::encode(results));

  auto forms = item_bank::load_forms(BBZHM_SAMPLE_FORMS_DIR);
  if (!forms) {
    std::cerr << forms.error().what << "\n";
    return 1;
  }
  const auto ntc = fuzz::fixed_key(1);
  item_bank::PackageHeader header;
  header.id = "2027-04-fuzz";
  header.campaign = "2027-04";
  header.created_ms = 1;
  header.expires_ms = 4'000'000'000'000;
  std::vector<item_bank::TestForm> two(forms->begin(), forms->begin() + 2);
  write(root / "package", "two-forms", item_bank::seal_package(header, two, ntc));

  const auto school = fuzz::fixed_key(4);
  const std::string content =
      R"({"school":{"code":"010203"},"sittings":[{"id":1,"participants":[]}],"journal":[]})";
  write(root / "bundle", "sealed", server::seal_bundle(content, school, ntc.public_key));
  return 0;
}

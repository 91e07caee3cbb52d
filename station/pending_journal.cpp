// Record format: u32 length | sealed(kind u8 | login | seq u64 | item | response); a survey
// record has no login, its token as the item and the encoded message as the response.
#include "station/pending_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace bbzhm::station {
namespace {

enum Kind : std::uint8_t { kSave = 1, kAck = 2, kForget = 3, kSurvey = 4, kSurveyDone = 5 };

}  // namespace

Result<PendingJournal> PendingJournal::open(const std::filesystem::path& file, crypto::Secret key) {
  PendingJournal j(file, std::move(key));
  std::ifstream in(file, std::ios::binary);
  if (in) {
    const Bytes all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Reader r(all);
    while (!r.at_end()) {
      const ByteView sealed = r.blob();
      if (!r.ok()) break;  // a torn last record: everything before it stands
      auto plain = crypto::open_record(j.key_, sealed);
      if (plain) j.apply(*plain);
    }
  }
  j.fd_ = UniqueFd(::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!j.fd_) return fail("cannot open the station's answer journal " + file.string());
  return j;
}

void PendingJournal::apply(const Bytes& record) {
  Reader r(record);
  const std::uint8_t kind = r.u8();
  const std::string login = r.str();
  const std::uint64_t seq = r.u64();
  PendingSave save{r.str(), r.str()};
  if (!r.done()) return;
  if (kind == kSave) pending_[login][seq] = std::move(save);
  if (kind == kAck) pending_[login].erase(seq);
  if (kind == kForget) pending_.erase(login);
  if (kind == kSurvey) surveys_[save.item_id] = Bytes(save.response.begin(), save.response.end());
  if (kind == kSurveyDone) surveys_.erase(save.item_id);
}

void PendingJournal::truncate_when_empty() {
  const bool empty = surveys_.empty() &&
                     std::ranges::all_of(pending_, [](const auto& p) { return p.second.empty(); });
  if (empty && ::ftruncate(fd_.get(), 0) == 0) pending_.clear();
}

Result<void> PendingJournal::append(const Bytes& record, bool sync) {
  apply(record);
  Writer w;
  w.blob(crypto::seal_record(key_, record));
  const Bytes& out = w.bytes();
  if (::write(fd_.get(), out.data(), out.size()) != static_cast<ssize_t>(out.size()))
    return fail("cannot write the station's answer journal");
  if (sync && ::fdatasync(fd_.get()) != 0) return fail("cannot sync the station's answer journal");
  return {};
}

Result<void> PendingJournal::record_save(const std::string& login, std::uint64_t seq,
                                         const PendingSave& save) {
  Writer w;
  w.u8(kSave);
  w.str(login);
  w.u64(seq);
  w.str(save.item_id);
  w.str(save.response);
  return append(w.take(), true);
}

void PendingJournal::record_ack(const std::string& login, std::uint64_t seq) {
  Writer w;
  w.u8(kAck);
  w.str(login);
  w.u64(seq);
  w.str("");
  w.str("");
  (void)append(w.take(), false);
  truncate_when_empty();
}

void PendingJournal::forget(const std::string& login) {
  Writer w;
  w.u8(kForget);
  w.str(login);
  w.u64(0);
  w.str("");
  w.str("");
  (void)append(w.take(), true);
}

Result<void> PendingJournal::record_survey(const std::string& token, const Bytes& message) {
  Writer w;
  w.u8(kSurvey);
  w.str("");
  w.u64(0);
  w.str(token);
  w.blob(message);
  return append(w.take(), true);
}

void PendingJournal::record_survey_done(const std::string& token) {
  Writer w;
  w.u8(kSurveyDone);
  w.str("");
  w.u64(0);
  w.str(token);
  w.str("");
  (void)append(w.take(), true);
  truncate_when_empty();
}

std::map<std::uint64_t, PendingSave> PendingJournal::pending(const std::string& login) const {
  const auto it = pending_.find(login);
  return it == pending_.end() ? std::map<std::uint64_t, PendingSave>{} : it->second;
}

}  // namespace bbzhm::station

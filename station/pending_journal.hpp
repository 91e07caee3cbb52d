// The station's local journal of answers not yet acknowledged by the server: encrypted records
// appended to one file, so a pulled cable or a restarted station loses nothing it was given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/fd.hpp"

namespace bbzhm::station {

struct PendingSave {
  std::string item_id;
  std::string response;
};

class PendingJournal {
 public:
  // Opens (or creates) the file; records that fail to authenticate (a torn last write) are
  // ignored, the rest replayed.
  static Result<PendingJournal> open(const std::filesystem::path& file, crypto::Secret key);

  PendingJournal(PendingJournal&&) noexcept = default;
  PendingJournal& operator=(PendingJournal&&) noexcept = default;

  // Appends a save and syncs it to disk before it is sent.
  Result<void> record_save(const std::string& login, std::uint64_t seq, const PendingSave& save);
  // Appends an acknowledgement; when nothing is pending any more the file is emptied.
  void record_ack(const std::string& login, std::uint64_t seq);
  void forget(const std::string& login);

  // Unacknowledged saves of one login, by seq.
  std::map<std::uint64_t, PendingSave> pending(const std::string& login) const;

  // p.25: an anonymous survey (the encoded protocol::SurveyAnswers, no login) kept until the
  // server has answered for its token; synced before it is sent.
  Result<void> record_survey(const std::string& token, const Bytes& message);
  void record_survey_done(const std::string& token);
  // Surveys not yet answered for, by token.
  const std::map<std::string, Bytes>& surveys() const { return surveys_; }

 private:
  PendingJournal(std::filesystem::path file, crypto::Secret key)
      : file_(std::move(file)), key_(std::move(key)) {}
  Result<void> append(const Bytes& record, bool sync);
  void apply(const Bytes& record);
  void truncate_when_empty();

  std::filesystem::path file_;
  crypto::Secret key_;
  UniqueFd fd_;
  std::map<std::string, std::map<std::uint64_t, PendingSave>> pending_;
  std::map<std::string, Bytes> surveys_;
};

}  // namespace bbzhm::station

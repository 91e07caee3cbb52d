// The station's logic, with no window code: the connection to the school server, the login,
// the answer queue that resends until acknowledged, the local journal, and the server's clock.
// The kiosk GUI and the headless driver only read snapshots and call the commands below.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/crypto.hpp"
#include "common/error.hpp"
#include "common/protocol.hpp"

namespace bbzhm::station {

inline constexpr const char* kStationKeyFile = "station.key";
inline constexpr const char* kServerKeyFile = "server.pub";
inline constexpr const char* kServerAddressFile = "server.addr";
inline constexpr const char* kJournalFile = "pending.journal";
inline constexpr const char* kPolicyFile = "policy";

struct StationConfig {
  std::filesystem::path dir;  // the station's key, the server's pinned key, the answer journal
  std::string host;
  std::uint16_t port = 7700;
  crypto::PublicKey server_key{};
  // The kiosk keeps the link up before any login too: the waiting screen shows the connection,
  // the policy (exit code, clock) arrives early, and incidents reach the server at once.
  bool stay_connected = false;
  // What the station reports on each connect for the representative's readiness checks
  // (protocol::StationReport); the kiosk fills these from its window.
  std::string screen;
  std::string renderer = "headless";
  // A quiet link asks the server for a sign of life after `keep_alive`, and counts as lost when
  // nothing has come `receive_timeout` after (the server closes a link silent for 90 s).
  std::chrono::milliseconds keep_alive{15'000};
  std::chrono::milliseconds receive_timeout{45'000};
};

// Creates DIR with a new station key and the server's pinned key and address (pairing).
Result<crypto::PublicKey> pair_station(const std::filesystem::path& dir,
                                       const crypto::PublicKey& server_key,
                                       const std::string& server_address);
// Reads the configuration pair_station wrote.
Result<StationConfig> load_config(const std::filesystem::path& dir);

enum class Link { offline, connecting, online };
enum class Phase {
  idle,        // waiting for a login
  logging_in,  // credentials sent (or waiting for the link to send them)
  refused,     // see Snapshot::refusal
  testing,
  finished,    // results arrived
  superseded,  // the student continues on another station
};

struct Snapshot {
  std::uint64_t version = 0;  // grows with every change
  Link link = Link::offline;
  Phase phase = Phase::idle;
  std::optional<protocol::LoginRefused> refusal;
  std::shared_ptr<const protocol::LoginOk> sitting;  // the student and the booklets
  std::map<std::string, std::string> answers;        // current response by item id
  std::size_t unacknowledged = 0;                    // saves not yet durable on the server
  std::int64_t remaining_ms = 0;                     // at `remaining_at`
  std::chrono::steady_clock::time_point remaining_at{};
  std::optional<protocol::Results> results;
  std::string last_error;  // the last connection problem, for the status line and logs
  // The server's policy (exit code hash, station name), kept on disk so it holds offline too.
  std::optional<protocol::StationPolicy> policy;
  std::int64_t clock_skew_ms = 0;  // server clock minus this station's, at the last policy
  bool released = false;  // the representative released this station from the console (Release)
  // p.25: anonymous surveys kept in the journal until the server answered for them, and how
  // many the server answered for since this station started (stored, duplicate or refused).
  std::size_t surveys_pending = 0;
  std::size_t surveys_answered = 0;

  // Time left now, counting down locally between the server's updates.
  std::int64_t time_left_ms() const;
};

class StationClient {
 public:
  static Result<std::unique_ptr<StationClient>> start(StationConfig config);
  ~StationClient();
  StationClient(const StationClient&) = delete;
  StationClient& operator=(const StationClient&) = delete;

  void login(std::string login, std::string password);
  // Records the answer locally (durably), shows it at once, and sends it when the link allows.
  void answer(std::string item_id, std::string response);
  void finish();
  // Tells the server (and so the representative) about a kiosk incident, as soon as the link
  // allows.
  void report(protocol::IncidentKind kind, std::string detail);
  // True when `code` is the representative's exit code (checked locally: works offline).
  bool exit_code_matches(std::string_view code) const;
  // p.25: sends one anonymous survey (options 1..3 by question). A student's goes with the
  // ticket of the results on screen (nothing when there is none: annulled); a teacher's with
  // none. Kept in the journal (no login, no time) until the server answers for it, across
  // reconnections and restarts; the server stores it once.
  void send_survey(protocol::SurveyKind kind, std::vector<int> answers, Language language);

  Snapshot snapshot() const;
  // Waits until the snapshot's version passes `seen`, or the timeout; returns the latest.
  Snapshot wait_for_change(std::uint64_t seen, std::chrono::milliseconds timeout) const;
  // Called (on the network thread) after every change: the GUI wakes its event loop here.
  void on_change(std::function<void()> callback);

  struct Impl;  // defined in client.cpp only, so only start() can make one
  explicit StationClient(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bbzhm::station

// The representative's console without its window: the link to the school server, the signed-in
// representative, the live room (pushed by the server) and the commands of p.19-24. The console
// GUI only draws `Room` snapshots and calls these commands; it never touches sockets or SQL.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "common/protocol.hpp"
#include "station/client.hpp"  // the pairing folder (key, pinned server key, address) is the same

namespace bbzhm::proctor {

using ConsoleConfig = station::StationConfig;

struct Room {
  std::uint64_t version = 0;
  station::Link link = station::Link::offline;
  std::optional<protocol::LoginRefused> refusal;    // the last refused sign-in
  std::optional<protocol::ConsoleWelcome> welcome;  // signed in: the representative and sittings
  std::optional<protocol::RoomView> room;           // the watched sitting, kept live
  std::optional<protocol::StationList> stations;    // the last list_stations() answer
  std::optional<protocol::UploadState> upload;      // the watched sitting's way to the NTC
  std::string server_fingerprint;                   // of the pinned server key, for pairing
  std::string last_error;

  const protocol::SeatView* seat_by_code(std::string_view personal_code) const;
  int unacknowledged_incidents() const;
};

class ConsoleClient {
 public:
  static Result<std::unique_ptr<ConsoleClient>> start(ConsoleConfig config);
  ~ConsoleClient();
  ConsoleClient(const ConsoleClient&) = delete;
  ConsoleClient& operator=(const ConsoleClient&) = delete;

  void sign_in(std::string login, std::string password);
  void watch(std::int64_t sitting);
  // Sends a command; the future holds the server's reply (or a refusal if the link drops first).
  std::future<protocol::CommandReply> command(protocol::Command command);
  // Asks for the paired stations with their readiness reports (Room::stations).
  void list_stations();
  // Asks the server to render a form (forms/); the future holds the whole PDF or the refusal.
  std::future<Result<Bytes>> print(protocol::PrintForm form);
  // Asks the server for the sealed results bundle (a USB stick) or the NTC's report of the
  // organization (the server fetches it); the same chunks as print().
  std::future<Result<Bytes>> ntc_file(protocol::NtcFile file);

  Room snapshot() const;
  // The version snapshot() would return, without copying the room: a window that redraws often
  // copies the room (300 seats) only when it changed.
  std::uint64_t version() const;
  Room wait_for_change(std::uint64_t seen, std::chrono::milliseconds timeout) const;
  void on_change(std::function<void()> callback);

  struct Impl;  // defined in console_client.cpp only
  explicit ConsoleClient(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

// Convenience wrappers for the representative's actions, each returning the server's reply.
protocol::Command identify(std::int64_t sitting, std::string personal_code);
protocol::Command admit(std::int64_t sitting, std::string personal_code);
protocol::Command mark_absent(std::int64_t sitting, std::string personal_code,
                              AbsenceReason reason);
protocol::Command start_sitting(std::int64_t sitting);
protocol::Command end_sitting(std::int64_t sitting);
protocol::Command cancel_sitting(std::int64_t sitting, std::string reason);
protocol::Command leave_room(std::int64_t sitting, std::string personal_code, bool pause,
                             std::string reason);
protocol::Command return_to_room(std::int64_t sitting, std::string personal_code);
protocol::Command extend_time(std::int64_t sitting, std::string personal_code, int minutes,
                              std::string reason);
protocol::Command acknowledge_incident(std::int64_t sitting, std::int64_t incident);
// Opens a pairing code (reply: message = the code, value = its expiry in server ms).
protocol::Command new_pairing_code();
// p.23: the student continues on the spare station `station` (answers and time kept).
protocol::Command move_student(std::int64_t sitting, std::string personal_code,
                               std::string station);
// Issue 5: the kiosk at `station` leaves its lock-down (the exit code's other way).
protocol::Command release_station(std::int64_t sitting, std::string station);
// The seating plan: seat -> station ("" clears).
protocol::Command assign_station(std::int64_t sitting, int seat, std::string station);
// The automatic seating plan (before the start; reply value = seats planned).
protocol::Command plan_seating(std::int64_t sitting);
// p.26: the server sends the ended sitting's bundle to the NTC until the receipt arrives; the
// state follows in Room::upload on every console watching the sitting.
protocol::Command upload_bundle(std::int64_t sitting);

// An act as recorded (reply to read_act): a correction opens the same annex, pre-filled from it.
protocol::Command read_act(std::int64_t sitting, std::int64_t number);
Result<protocol::ActFields> act_from_reply(const protocol::CommandReply& reply);

// Writes `bytes` as DIR/NAME (created if needed) through a ".part" file renamed into place.
Result<std::filesystem::path> save_file(const std::filesystem::path& dir, const std::string& name,
                                        ByteView bytes);

}  // namespace bbzhm::proctor

// The console client: one network thread keeps the link, signs in again and re-watches after a
// reconnect, applies the server's pushes to the room, and matches replies to commands.
#include "proctor/console_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/connection.hpp"
#include "common/published.hpp"

namespace bbzhm::proctor {
namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;
using namespace std::chrono_literals;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

}  // namespace

const protocol::SeatView* Room::seat_by_code(std::string_view personal_code) const {
  if (!room) return nullptr;
  for (const auto& s : room->seats)
    if (s.personal_code == personal_code) return &s;
  return nullptr;
}

int Room::unacknowledged_incidents() const {
  if (!room) return 0;
  int n = 0;
  for (const auto& i : room->incidents) n += i.acknowledged ? 0 : 1;
  return n;
}

struct ConsoleClient::Impl {
  Impl(ConsoleConfig c, crypto::SigningKey k) : config(std::move(c)), key(std::move(k)), wake(io) {
    wake.expires_at(asio::steady_timer::time_point::max());
    state.server_fingerprint = crypto::fingerprint(config.server_key);
  }

  void publish() {
    state.version++;
    published.publish(state);
  }

  bool online() const { return link && !link->closed() && state.link == station::Link::online; }

  void send_sign_in() {
    if (credentials) link->send(protocol::ConsoleLogin{credentials->first, credentials->second});
  }

  // [SECTION] Messages from the server

  void apply(protocol::ConsoleWelcome welcome) {
    state.refusal.reset();
    state.welcome = std::move(welcome);
    if (watching != 0) link->send(protocol::Watch{watching});
  }
  void apply(const protocol::LoginRefused& r) {
    state.refusal = r;
    if (r.reason == protocol::LoginRefusal::wrong_credentials ||
        r.reason == protocol::LoginRefusal::rate_limited)
      credentials.reset();
  }
  void apply(protocol::RoomView room) {
    if (!state.upload || state.upload->sitting != room.sitting.id) state.upload.reset();
    state.room = std::move(room);
  }
  void apply(protocol::UploadState upload) {
    if (upload.sitting == watching) state.upload = std::move(upload);
  }
  void apply(protocol::SeatChanged changed) {
    if (!state.room) return;
    for (auto& seat : state.room->seats)
      if (seat.seat == changed.seat.seat) seat = std::move(changed.seat);
  }
  void apply(protocol::IncidentRaised raised) {
    if (!state.room) return;
    for (auto& i : state.room->incidents)
      if (i.id == raised.incident.id) {
        i = std::move(raised.incident);
        return;
      }
    state.room->incidents.push_back(std::move(raised.incident));
  }
  void apply(protocol::CommandReply reply) {
    auto it = waiting.find(reply.request);
    if (it == waiting.end()) return;
    it->second.set_value(std::move(reply));
    waiting.erase(it);
  }
  void apply(protocol::StationList list) { state.stations = std::move(list); }
  void apply(protocol::FormChunk chunk) {
    auto it = printing.find(chunk.request);
    if (it == printing.end()) return;
    auto& job = it->second;
    if (!chunk.error.empty()) {
      job.promise.set_value(fail(chunk.error));
      printing.erase(it);
      return;
    }
    if (job.bytes.empty()) job.bytes.reserve(chunk.total);
    job.bytes.insert(job.bytes.end(), chunk.bytes.begin(), chunk.bytes.end());
    if (!chunk.last) return;
    if (job.bytes.size() != chunk.total)
      job.promise.set_value(fail("the form arrived incomplete (" +
                                 std::to_string(job.bytes.size()) + " of " +
                                 std::to_string(chunk.total) + " bytes)"));
    else
      job.promise.set_value(std::move(job.bytes));
    printing.erase(it);
  }
  template <class T>
  void apply(const T&) {}

  void fail_waiting(const std::string& why) {
    for (auto& [id, promise] : waiting)
      promise.set_value(protocol::CommandReply{id, false, why, 0});
    waiting.clear();
    for (auto& [id, job] : printing) job.promise.set_value(fail(why));
    printing.clear();
  }

  // [SECTION] The link

  asio::awaitable<void> run() {
    auto backoff = 200ms;
    while (!stopping) {
      if (!credentials) {
        co_await wake.async_wait(use_tuple);
        continue;
      }
      state.link = station::Link::connecting;
      publish();
      auto connected = co_await wire::connect(config.host, config.port, key, config.server_key);
      if (stopping) break;
      if (connected) {
        backoff = 200ms;
        link = *connected;
        state.link = station::Link::online;
        state.last_error.clear();
        send_sign_in();
        publish();
        co_await read_until_closed();
      } else {
        state.last_error = connected.error().what;
      }
      state.link = station::Link::offline;
      link.reset();
      fail_waiting("the connection to the server was lost");
      publish();
      asio::steady_timer pause(io, backoff);
      co_await pause.async_wait(use_tuple);
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5s);
    }
  }

  asio::awaitable<void> read_until_closed() {
    auto deliver = [this](protocol::Message message) {
      std::visit([this](auto&& m) { apply(std::move(m)); }, std::move(message));
      publish();
    };
    auto failure = co_await wire::receive_until_closed(link, config.keep_alive,
                                                       config.receive_timeout, stopping, deliver);
    if (!failure.empty()) state.last_error = std::move(failure);
  }

  ConsoleConfig config;
  crypto::SigningKey key;
  asio::io_context io{1};
  asio::steady_timer wake;
  std::thread thread;
  bool stopping = false;

  Room state;
  std::optional<std::pair<std::string, std::string>> credentials;
  std::int64_t watching = 0;
  std::uint32_t next_request = 1;
  std::map<std::uint32_t, std::promise<protocol::CommandReply>> waiting;
  struct PrintJob {
    std::promise<Result<Bytes>> promise;
    Bytes bytes;
  };
  std::map<std::uint32_t, PrintJob> printing;
  std::shared_ptr<wire::Connection> link;

  Published<Room> published;
};

ConsoleClient::ConsoleClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<ConsoleClient>> ConsoleClient::start(ConsoleConfig config) {
  auto key = crypto::read_key_file(config.dir / station::kStationKeyFile);
  if (!key) return std::unexpected(key.error());
  auto impl = std::make_unique<Impl>(std::move(config), std::move(*key));
  Impl& i = *impl;
  asio::co_spawn(i.io, i.run(), asio::detached);
  i.thread = std::thread([&i] { i.io.run(); });
  return std::make_unique<ConsoleClient>(std::move(impl));
}

ConsoleClient::~ConsoleClient() {
  asio::post(impl_->io, [i = impl_.get()] {
    i->stopping = true;
    if (i->link) i->link->close();
    i->fail_waiting("the console is closing");
    i->wake.cancel();
    i->io.stop();
  });
  if (impl_->thread.joinable()) impl_->thread.join();
}

void ConsoleClient::sign_in(std::string login, std::string password) {
  asio::post(impl_->io, [i = impl_.get(), l = std::move(login), p = std::move(password)]() mutable {
    i->credentials = {std::move(l), std::move(p)};
    i->state.refusal.reset();
    i->publish();
    if (i->online())
      i->send_sign_in();
    else
      i->wake.cancel();
  });
}

void ConsoleClient::watch(std::int64_t sitting) {
  asio::post(impl_->io, [i = impl_.get(), sitting] {
    i->watching = sitting;
    if (i->online() && i->state.welcome) i->link->send(protocol::Watch{sitting});
  });
}

std::future<protocol::CommandReply> ConsoleClient::command(protocol::Command command) {
  auto promise = std::make_shared<std::promise<protocol::CommandReply>>();
  auto future = promise->get_future();
  asio::post(impl_->io, [i = impl_.get(), promise, c = std::move(command)]() mutable {
    if (!i->online() || !i->state.welcome) {
      promise->set_value(
          protocol::CommandReply{0, false, "the console is not connected and signed in", 0});
      return;
    }
    c.request = i->next_request++;
    i->waiting.emplace(c.request, std::move(*promise));
    i->link->send(c);
  });
  return future;
}

namespace {

// A request the server answers with FormChunk messages (a printed form, a file from the NTC
// side): sent under a fresh request id, its chunks gathered until the last one.
template <class Request>
std::future<Result<Bytes>> request_chunks(ConsoleClient::Impl* impl, Request request) {
  auto promise = std::make_shared<std::promise<Result<Bytes>>>();
  auto future = promise->get_future();
  asio::post(impl->io, [i = impl, promise, r = std::move(request)]() mutable {
    if (!i->online() || !i->state.welcome) {
      promise->set_value(fail("the console is not connected and signed in"));
      return;
    }
    r.request = i->next_request++;
    i->printing.emplace(r.request, ConsoleClient::Impl::PrintJob{std::move(*promise), {}});
    i->link->send(r);
  });
  return future;
}

}  // namespace

void ConsoleClient::list_stations() {
  asio::post(impl_->io, [i = impl_.get()] {
    if (i->online() && i->state.welcome) i->link->send(protocol::ListStations{});
  });
}

std::future<Result<Bytes>> ConsoleClient::ntc_file(protocol::NtcFile file) {
  return request_chunks(impl_.get(), std::move(file));
}

std::future<Result<Bytes>> ConsoleClient::print(protocol::PrintForm form) {
  return request_chunks(impl_.get(), std::move(form));
}

Room ConsoleClient::snapshot() const {
  return impl_->published.snapshot();
}

std::uint64_t ConsoleClient::version() const {
  return impl_->published.version();
}

Room ConsoleClient::wait_for_change(std::uint64_t seen, std::chrono::milliseconds timeout) const {
  return impl_->published.wait_for_change(seen, timeout);
}

void ConsoleClient::on_change(std::function<void()> callback) {
  impl_->published.on_change(std::move(callback));
}

// [SECTION] Commands

namespace {
protocol::Command make(protocol::CommandKind kind, std::int64_t sitting, std::string code = {}) {
  protocol::Command c;
  c.kind = kind;
  c.sitting = sitting;
  c.personal_code = std::move(code);
  return c;
}
}  // namespace

protocol::Command identify(std::int64_t sitting, std::string code) {
  return make(protocol::CommandKind::identify, sitting, std::move(code));
}
protocol::Command admit(std::int64_t sitting, std::string code) {
  return make(protocol::CommandKind::admit, sitting, std::move(code));
}
protocol::Command mark_absent(std::int64_t sitting, std::string code, AbsenceReason reason) {
  auto c = make(protocol::CommandKind::mark_absent, sitting, std::move(code));
  c.reason = std::string(bbzhm::code(reason));
  return c;
}
protocol::Command start_sitting(std::int64_t sitting) {
  return make(protocol::CommandKind::start_sitting, sitting);
}
protocol::Command end_sitting(std::int64_t sitting) {
  return make(protocol::CommandKind::end_sitting, sitting);
}
protocol::Command cancel_sitting(std::int64_t sitting, std::string reason) {
  auto c = make(protocol::CommandKind::cancel_sitting, sitting);
  c.reason = std::move(reason);
  return c;
}
protocol::Command leave_room(std::int64_t sitting, std::string code, bool pause,
                             std::string reason) {
  auto c = make(protocol::CommandKind::leave_room, sitting, std::move(code));
  c.number = pause ? 1 : 0;
  c.reason = std::move(reason);
  return c;
}
protocol::Command return_to_room(std::int64_t sitting, std::string code) {
  return make(protocol::CommandKind::return_to_room, sitting, std::move(code));
}
protocol::Command extend_time(std::int64_t sitting, std::string code, int minutes,
                              std::string reason) {
  auto c = make(protocol::CommandKind::extend_time, sitting, std::move(code));
  c.number = minutes;
  c.reason = std::move(reason);
  return c;
}
protocol::Command acknowledge_incident(std::int64_t sitting, std::int64_t incident) {
  auto c = make(protocol::CommandKind::acknowledge_incident, sitting);
  c.number = incident;
  return c;
}
protocol::Command new_pairing_code() {
  return make(protocol::CommandKind::new_pairing_code, 0);
}
protocol::Command move_student(std::int64_t sitting, std::string code, std::string station) {
  auto c = make(protocol::CommandKind::move_student, sitting, std::move(code));
  c.reason = std::move(station);
  return c;
}
protocol::Command release_station(std::int64_t sitting, std::string station) {
  auto c = make(protocol::CommandKind::release_station, sitting);
  c.reason = std::move(station);
  return c;
}
protocol::Command assign_station(std::int64_t sitting, int seat, std::string station) {
  auto c = make(protocol::CommandKind::assign_station, sitting);
  c.number = seat;
  c.reason = std::move(station);
  return c;
}

protocol::Command plan_seating(std::int64_t sitting) {
  return make(protocol::CommandKind::plan_seating, sitting);
}
protocol::Command upload_bundle(std::int64_t sitting) {
  return make(protocol::CommandKind::upload_bundle, sitting);
}

protocol::Command read_act(std::int64_t sitting, std::int64_t number) {
  auto c = make(protocol::CommandKind::read_act, sitting);
  c.number = number;
  return c;
}

Result<protocol::ActFields> act_from_reply(const protocol::CommandReply& reply) {
  if (!reply.ok) return fail(reply.message);
  const auto j = nlohmann::json::parse(reply.message, nullptr, false);
  if (!j.is_object()) return fail("the server's act is not JSON");
  protocol::ActFields a;
  a.impostor = j.value("impostor", false);
  for (const auto& item : j.value("items", nlohmann::json::array())) {
    a.item_names.push_back(item.value("name", std::string()));
    a.item_brands.push_back(item.value("brand", std::string()));
    a.item_quantities.push_back(item.value("quantity", 1));
  }
  a.drawn_up_by = j.value("drawn_up_by", std::vector<std::string>{});
  a.impostor_full_name = j.value("impostor_full_name", std::string());
  a.found_at_admission = j.value("found_at_admission", false);
  a.corrects = reply.value;  // the act this one will correct
  return a;
}

Result<std::filesystem::path> save_file(const std::filesystem::path& dir, const std::string& name,
                                        ByteView bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const auto file = dir / name;
  const auto partial = dir / (name + ".part");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) {
      std::filesystem::remove(partial, ec);
      return fail("cannot write " + file.string());
    }
  }
  std::filesystem::rename(partial, file, ec);
  if (ec) return fail("cannot write " + file.string() + ": " + ec.message());
  return file;
}

}  // namespace bbzhm::proctor

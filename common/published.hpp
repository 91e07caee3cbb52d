// The state a client's network thread shows to the rest of the process: the thread changes its
// own copy and publishes it; a window or a command line takes snapshots, or waits for a newer
// version. Shared by the station's and the console's clients.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>

namespace bbzhm {

// `State` has a `std::uint64_t version` that grows with every publish.
template <typename State>
class Published {
 public:
  // Called from the owning thread: copies `state` for readers, wakes those that wait, then calls
  // the change callback (outside the lock: it may take a snapshot).
  void publish(const State& state) {
    std::function<void()> callback;
    {
      std::lock_guard lock(mutex_);
      value_ = state;
      callback = on_change_;
    }
    changed_.notify_all();
    if (callback) callback();
  }

  State snapshot() const {
    std::lock_guard lock(mutex_);
    return value_;
  }

  std::uint64_t version() const {
    std::lock_guard lock(mutex_);
    return value_.version;
  }

  // Waits until the version passes `seen`, or the timeout; returns the latest.
  State wait_for_change(std::uint64_t seen, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return value_.version > seen; });
    return value_;
  }

  void on_change(std::function<void()> callback) {
    std::lock_guard lock(mutex_);
    on_change_ = std::move(callback);
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  State value_;
  std::function<void()> on_change_;
};

}  // namespace bbzhm

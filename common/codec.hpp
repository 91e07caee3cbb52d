// Binary encoding of wire messages: big-endian integers, length-prefixed strings and blobs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bbzhm {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view as_chars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Appends values to a byte buffer. Strings and blobs carry a u32 length.
class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v) { be(v, 2); }
  void u32(std::uint32_t v) { be(v, 4); }
  void u64(std::uint64_t v) { be(v, 8); }
  void i64(std::int64_t v) { be(static_cast<std::uint64_t>(v), 8); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void raw(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void blob(ByteView b) {
    u32(static_cast<std::uint32_t>(b.size()));
    raw(b);
  }
  void str(std::string_view s) { blob(as_bytes(s)); }

  Bytes& bytes() { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  void be(std::uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  Bytes out_;
};

// Reads what Writer wrote. A read past the end (or a length larger than what is left) sets a
// sticky failure and returns zero values, so a decoder reads everything and checks `ok()` once.
class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}

  std::uint8_t u8() { return static_cast<std::uint8_t>(be(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(be(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(be(4)); }
  std::uint64_t u64() { return be(8); }
  std::int64_t i64() { return static_cast<std::int64_t>(be(8)); }
  bool boolean() {
    const std::uint8_t v = u8();
    if (v > 1) failed_ = true;
    return v == 1;
  }
  ByteView raw(std::size_t n) {
    if (failed_ || in_.size() - pos_ < n) {
      failed_ = true;
      return {};
    }
    ByteView out = in_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  ByteView blob() { return raw(u32()); }
  std::string str() {
    const ByteView b = blob();
    return std::string(as_chars(b));
  }
  // A count of elements that each take at least `min_size` bytes: refuses counts the rest of the
  // input cannot hold, so a forged count never drives a huge allocation.
  std::size_t count(std::size_t min_size = 1) {
    const std::uint32_t n = u32();
    if (failed_ || static_cast<std::uint64_t>(n) * min_size > in_.size() - pos_) {
      failed_ = true;
      return 0;
    }
    return n;
  }
  void fail() { failed_ = true; }

  bool ok() const { return !failed_; }
  bool at_end() const { return pos_ == in_.size(); }
  // The whole input was read, and nothing more.
  bool done() const { return ok() && at_end(); }

 private:
  std::uint64_t be(int n) {
    const ByteView b = raw(static_cast<std::size_t>(n));
    std::uint64_t v = 0;
    for (std::uint8_t byte : b) v = (v << 8) | byte;
    return v;
  }
  ByteView in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace bbzhm

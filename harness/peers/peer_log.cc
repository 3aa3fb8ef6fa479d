#include "harness/peers/peer_log.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace netgrade::peers {

void ConnectionLog::Note(Moment::Kind kind, std::string_view bytes) {
  if (moments.size() >= kMostMoments) return;
  moments.push_back({std::chrono::steady_clock::now(), kind,
                     std::string(bytes.substr(0, kMomentExcerpt)), bytes.size()});
}

size_t RecordBudget::FitStream(const char* data, size_t size) const {
  size_t keep = std::min(size, kRecordBytes - bytes_);
  size_t lines_left = kRecordMessages - messages_;
  const char* at = data;
  const char* end = data + keep;
  while (const void* nl = std::memchr(at, '\n', static_cast<size_t>(end - at))) {
    if (lines_left == 0) return static_cast<size_t>(static_cast<const char*>(nl) - data);
    --lines_left;
    at = static_cast<const char*>(nl) + 1;
  }
  return keep;
}

ReadEnd ReadInto(int fd, ConnectionLog& log, RecordBudget& budget) {
  char buf[65536];
  for (size_t read = 0; read < kReadPerCall;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      read += static_cast<size_t>(n);
      log.Note(Moment::Kind::kReceived, std::string_view(buf, static_cast<size_t>(n)));
      size_t keep = budget.FitStream(buf, static_cast<size_t>(n));
      log.received.append(buf, keep);
      budget.Take(keep, static_cast<size_t>(std::count(buf, buf + keep, '\n')));
      if (keep < static_cast<size_t>(n)) log.received_cut = true;
      continue;
    }
    if (n == 0) return ReadEnd::kEof;
    if (errno == EAGAIN || errno == EINTR) return ReadEnd::kDrained;
    return ReadEnd::kReset;
  }
  return ReadEnd::kDrained;
}

}  // namespace netgrade::peers

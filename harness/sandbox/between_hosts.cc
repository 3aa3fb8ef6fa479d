#include "harness/sandbox/between_hosts.h"

#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {
namespace {

// /proc/thread-self/net/snmp opened inside `ns`: the file keeps the namespace it was opened in.
// Off the process's first thread: entering the namespace there would show it to every reader
// of /proc/net meanwhile.
Fd OpenSnmp(const NetNamespace* ns) {
  Fd fd;
  OffTheFirstThread([&] {
    NetNamespace::Scope in(ns);
    fd = Fd(::open("/proc/thread-self/net/snmp", O_RDONLY | O_CLOEXEC));
  });
  return fd;
}

std::optional<std::string> ReadAll(int fd) {
  std::string text;
  char buf[4096];
  for (off_t at = 0;;) {
    ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n < 0) return std::nullopt;
    if (n == 0) return text;
    text.append(buf, static_cast<size_t>(n));
    at += n;
  }
}

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

std::optional<uint64_t> IpCounter(const std::string& snmp, const std::string& field) {
  // Two "Ip:" lines: the names, then the values.
  std::istringstream in(snmp);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Ip: ", 0) != 0) continue;
    if (names.empty()) {
      names = Words(line);
      continue;
    }
    const std::vector<std::string> values = Words(line);
    for (size_t i = 1; i < names.size() && i < values.size(); ++i)
      if (names[i] == field) {
        try {
          return std::stoull(values[i]);
        } catch (const std::exception&) {
          return std::nullopt;
        }
      }
    return std::nullopt;
  }
  return std::nullopt;
}

std::unique_ptr<BetweenHosts> BetweenHosts::Open(const CaseNetwork& network) {
  if (!network.peer() || !network.student()) return nullptr;
  Fd peer = OpenSnmp(network.peer());
  Fd student = OpenSnmp(network.student());
  if (!peer || !student) return nullptr;
  std::unique_ptr<BetweenHosts> b(new BetweenHosts(std::move(peer), std::move(student)));
  Counts first;
  if (!b->Read(&first)) return nullptr;
  b->Start(first, Clock::now());
  return b;
}

bool BetweenHosts::Read(Counts* out) const {
  std::optional<std::string> peer = ReadAll(peer_.get()), student = ReadAll(student_.get());
  if (!peer || !student) return false;
  std::optional<uint64_t> sent = IpCounter(*peer, "OutRequests");
  std::optional<uint64_t> received = IpCounter(*student, "InReceives");
  if (!sent || !received) return false;
  *out = {*sent, *received};
  return true;
}

bool BetweenHosts::Pending(TimePoint now) {
  Counts c;
  return Read(&c) && Pending(c, now);
}

void BetweenHosts::Start(const Counts& c, TimePoint now) {
  base_ = last_ = c;
  last_change_ = now;
}

bool BetweenHosts::Pending(const Counts& c, TimePoint now) {
  if (c.sent != last_.sent || c.received != last_.received) {
    last_ = c;
    last_change_ = now;
  }
  const uint64_t sent = c.sent - base_.sent, received = c.received - base_.received;
  if (sent <= received) return false;
  if (now - last_change_ < kGivenUpAfter) return true;
  // Dropped on the way: from now on it is not awaited.
  base_.sent += sent - received;
  return false;
}

}  // namespace netgrade::sandbox

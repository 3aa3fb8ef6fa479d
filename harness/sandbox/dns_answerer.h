// A name server of the case's own, so that a program with a computer's name written into it
// ('DESKTOP-7QK2', 'my-laptop') reaches the reference peer: on UDP port 53 of every address
// of the student's namespace (the jail's resolv.conf names 127.0.0.1, and with
// any_address.h any other nameserver address is local too), it answers every A query with
// the peer's address and every other query with no record (an AAAA query then leaves
// getaddrinfo with the IPv4 address alone). It logs the names asked for: the report says
// which name the program used. Nothing is forwarded anywhere.
#pragma once

#include <netinet/in.h>

#include <string>
#include <string_view>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"

namespace netgrade::sandbox {

// The answer to one query (a DNS message) with `address` for A; "" for anything that is not
// a standard query of one question (not answered at all). *name: the name asked for, with
// dots between labels and unprintable bytes escaped.
std::string AnswerQuery(std::string_view query, in_addr address, std::string* name);

class DnsAnswerer {
 public:
  // Binds UDP 0.0.0.0:53 in the calling thread's namespace and answers on `loop`; throws
  // SystemError when the port cannot be bound.
  DnsAnswerer(EventLoop& loop, const std::string& peer_address);
  ~DnsAnswerer();
  DnsAnswerer(const DnsAnswerer&) = delete;
  DnsAnswerer& operator=(const DnsAnswerer&) = delete;

  // The names asked for, each once, in the order first asked (at most kMostNames).
  const std::vector<std::string>& names() const { return names_; }
  static constexpr size_t kMostNames = 8;

 private:
  void Receive();

  EventLoop& loop_;
  Fd fd_;
  in_addr address_{};
  std::vector<std::string> names_;
};

}  // namespace netgrade::sandbox

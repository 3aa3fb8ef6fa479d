// Requests to the kernel's routing socket (rtnetlink), built by hand: a header, a fixed part
// and attributes. The few requests the sandbox makes (a veth pair, an address, a route) need
// only this, so no netlink library is linked in (libmnl would bring the same ~60 lines).
#pragma once

#include <linux/netlink.h>
#include <netinet/in.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace netgrade::sandbox::rtnetlink {

// One request built attribute by attribute; nested attributes are closed by End().
class Request {
 public:
  Request(uint16_t type, uint16_t flags);
  template <typename T>
  void Put(const T& value) {
    Append(&value, sizeof value);
  }
  void Attr(uint16_t type, const void* data, size_t len);
  void Attr(uint16_t type, const std::string& s) { Attr(type, s.c_str(), s.size() + 1); }
  size_t Begin(uint16_t type);
  void End(size_t at);
  const std::vector<char>& Finish();

 private:
  void Append(const void* data, size_t len);
  nlmsghdr* hdr() { return reinterpret_cast<nlmsghdr*>(buf_.data()); }
  std::vector<char> buf_;
};

// Sends the request in the calling thread's network namespace and waits for the kernel's
// acknowledgement; throws SystemError(what) when the kernel refuses.
void Talk(Request& req, const char* what);

// The index of the interface `ifname` of the calling thread's namespace; throws SystemError.
unsigned InterfaceIndex(const char* ifname);

// "10.1.0.1" as an address for a request; throws SystemError (EINVAL) for anything else.
in_addr Ipv4Address(const std::string& text);

}  // namespace netgrade::sandbox::rtnetlink

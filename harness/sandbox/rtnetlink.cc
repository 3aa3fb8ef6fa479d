#include "harness/sandbox/rtnetlink.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include "harness/base/error.h"
#include "harness/base/fd.h"

namespace netgrade::sandbox::rtnetlink {

Request::Request(uint16_t type, uint16_t flags) {
  buf_.resize(NLMSG_HDRLEN);
  hdr()->nlmsg_type = type;
  hdr()->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
  hdr()->nlmsg_seq = 1;
}

void Request::Attr(uint16_t type, const void* data, size_t len) {
  rtattr a{static_cast<uint16_t>(RTA_LENGTH(len)), type};
  Append(&a, sizeof a);
  Append(data, len);
}

size_t Request::Begin(uint16_t type) {
  size_t at = buf_.size();
  rtattr a{0, type};
  Append(&a, sizeof a);
  return at;
}

void Request::End(size_t at) {
  reinterpret_cast<rtattr*>(buf_.data() + at)->rta_len = buf_.size() - at;
}

const std::vector<char>& Request::Finish() {
  hdr()->nlmsg_len = buf_.size();
  return buf_;
}

void Request::Append(const void* data, size_t len) {
  const char* p = static_cast<const char*>(data);
  buf_.insert(buf_.end(), p, p + len);
  buf_.resize(NLMSG_ALIGN(buf_.size()));
}

void Talk(Request& req, const char* what) {
  Fd fd(
      CheckSys(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), "socket(AF_NETLINK)"));
  const std::vector<char>& msg = req.Finish();
  CheckSys(::send(fd.get(), msg.data(), msg.size(), 0), what);
  char reply[4096];
  ssize_t n = CheckSys(::recv(fd.get(), reply, sizeof reply, 0), what);
  auto* h = reinterpret_cast<nlmsghdr*>(reply);
  if (n >= static_cast<ssize_t>(NLMSG_HDRLEN) && h->nlmsg_type == NLMSG_ERROR) {
    auto* err = static_cast<nlmsgerr*>(NLMSG_DATA(h));
    if (err->error != 0) throw SystemError(what, -err->error);
  }
}

unsigned InterfaceIndex(const char* ifname) {
  unsigned index = ::if_nametoindex(ifname);
  if (index == 0) throw SystemError(std::string("if_nametoindex ") + ifname, errno);
  return index;
}

in_addr Ipv4Address(const std::string& text) {
  in_addr a{};
  if (::inet_pton(AF_INET, text.c_str(), &a) != 1) throw SystemError("inet_pton " + text, EINVAL);
  return a;
}

}  // namespace netgrade::sandbox::rtnetlink

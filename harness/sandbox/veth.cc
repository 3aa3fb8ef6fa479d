#include "harness/sandbox/veth.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {
namespace {

// A netlink request built attribute by attribute; nested attributes are closed by End().
class Request {
 public:
  Request(uint16_t type, uint16_t flags) {
    buf_.resize(NLMSG_HDRLEN);
    hdr()->nlmsg_type = type;
    hdr()->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    hdr()->nlmsg_seq = 1;
  }
  template <typename T>
  void Put(const T& value) {
    Append(&value, sizeof value);
  }
  void Attr(uint16_t type, const void* data, size_t len) {
    rtattr a{static_cast<uint16_t>(RTA_LENGTH(len)), type};
    Append(&a, sizeof a);
    Append(data, len);
  }
  void Attr(uint16_t type, const std::string& s) { Attr(type, s.c_str(), s.size() + 1); }
  size_t Begin(uint16_t type) {
    size_t at = buf_.size();
    rtattr a{0, type};
    Append(&a, sizeof a);
    return at;
  }
  void End(size_t at) { reinterpret_cast<rtattr*>(buf_.data() + at)->rta_len = buf_.size() - at; }
  nlmsghdr* hdr() { return reinterpret_cast<nlmsghdr*>(buf_.data()); }
  std::vector<char>& Finish() {
    hdr()->nlmsg_len = buf_.size();
    return buf_;
  }

 private:
  void Append(const void* data, size_t len) {
    const char* p = static_cast<const char*>(data);
    buf_.insert(buf_.end(), p, p + len);
    buf_.resize(NLMSG_ALIGN(buf_.size()));
  }
  std::vector<char> buf_;
};

void Talk(Request& req, const char* what) {
  Fd fd(
      CheckSys(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), "socket(AF_NETLINK)"));
  std::vector<char>& msg = req.Finish();
  CheckSys(::send(fd.get(), msg.data(), msg.size(), 0), what);
  char reply[4096];
  ssize_t n = CheckSys(::recv(fd.get(), reply, sizeof reply, 0), what);
  auto* h = reinterpret_cast<nlmsghdr*>(reply);
  if (n >= static_cast<ssize_t>(NLMSG_HDRLEN) && h->nlmsg_type == NLMSG_ERROR) {
    auto* err = static_cast<nlmsgerr*>(NLMSG_DATA(h));
    if (err->error != 0) throw SystemError(what, -err->error);
  }
}

void CreateVeth(const char* name, const char* peer_name, int peer_ns_fd) {
  Request req(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
  req.Put(ifinfomsg{});
  req.Attr(IFLA_IFNAME, std::string(name));
  size_t linkinfo = req.Begin(IFLA_LINKINFO);
  req.Attr(IFLA_INFO_KIND, std::string("veth"));
  size_t data = req.Begin(IFLA_INFO_DATA);
  size_t peer = req.Begin(VETH_INFO_PEER);
  req.Put(ifinfomsg{});
  req.Attr(IFLA_IFNAME, std::string(peer_name));
  req.Attr(IFLA_NET_NS_FD, &peer_ns_fd, sizeof peer_ns_fd);
  req.End(peer);
  req.End(data);
  req.End(linkinfo);
  Talk(req, "create veth pair");
}

void AddAddress(const char* ifname, const std::string& address) {
  unsigned index = ::if_nametoindex(ifname);
  if (index == 0) throw SystemError(std::string("if_nametoindex ") + ifname, errno);
  Request req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = 24;
  ifa.ifa_index = index;
  req.Put(ifa);
  in_addr a{};
  ::inet_pton(AF_INET, address.c_str(), &a);
  req.Attr(IFA_LOCAL, &a, sizeof a);
  req.Attr(IFA_ADDRESS, &a, sizeof a);
  Talk(req, "add address");
  BringUp(ifname);
}

}  // namespace

TwoHosts JoinWithVeth(const NetNamespace& peer_ns, const NetNamespace& student_ns) {
  TwoHosts hosts;
  {
    NetNamespace::Scope in_peer(&peer_ns);
    CreateVeth("ngpeer", "ngstudent", student_ns.fd());
    AddAddress("ngpeer", hosts.peer_address);
  }
  {
    NetNamespace::Scope in_student(&student_ns);
    AddAddress("ngstudent", hosts.student_address);
  }
  return hosts;
}

}  // namespace netgrade::sandbox

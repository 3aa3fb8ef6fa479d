#include "harness/sandbox/case_network.h"

#include <unistd.h>

#include "harness/base/file.h"
#include "harness/sandbox/any_address.h"
#include "harness/sandbox/hosts_file.h"
#include "harness/sandbox/netns_pool.h"
#include "harness/sandbox/veth.h"

namespace netgrade::sandbox {

CaseNetwork::CaseNetwork(bool isolate, bool two_hosts) {
  if (!isolate || !NetNamespace::Available()) return;
  std::string why;
  if (!two_hosts) {
    student_ns_ = TakeOneHostNamespace(&why);
    return;
  }
  student_ns_ = NetNamespace::Create(&why);
  if (!student_ns_) return;
  peer_ns_ = NetNamespace::Create(&why);
  TwoHosts hosts = JoinWithVeth(*peer_ns_, *student_ns_);
  LeadEveryAddressToPeer(*peer_ns_, *student_ns_, hosts);
  peer_host_ = hosts.peer_address;
  student_host_ = hosts.student_address;
}

CaseNetwork::~CaseNetwork() {
  if (!hosts_path_.empty()) ::unlink(hosts_path_.c_str());
  if (!peer_ns_) GiveBackOneHostNamespace(std::move(student_ns_));
}

const std::string& CaseNetwork::ResolvConf() {
  // The same for every case: written once per run, removed as the grader ends.
  struct Shared {
    std::string path = WriteResolvConf();
    ~Shared() { ::unlink(path.c_str()); }
  };
  static const Shared shared;
  static const std::string none;
  return student_ns_ ? shared.path : none;
}

const std::string& CaseNetwork::SharedHostsFile() {
  static const std::string none;
  if (student_ns_) return none;
  if (hosts_path_.empty())
    hosts_path_ = WriteSharedHostsFile(ReadFile("/etc/hosts", 1 << 20).value_or(""), peer_host_);
  return hosts_path_;
}

const std::string& CaseNetwork::HostsFile() {
  if (student_ns_ && hosts_path_.empty())
    hosts_path_ = WriteHostsFile(peer_host_, student_host_, student_name_);
  return hosts_path_;
}

}  // namespace netgrade::sandbox

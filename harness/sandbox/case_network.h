// The network of one case: a namespace of its own (two, joined by a veth pair, for two hosts)
// when the grader may make them, else the grader's own loopback; the addresses at which the
// student's program and the peer find each other; and the hosts file the program sees.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {

class CaseNetwork {
 public:
  // isolate: use namespaces when the machine allows them (they are skipped silently when
  // not). two_hosts: the peer gets a namespace of its own, joined to the student's by veth.
  CaseNetwork(bool isolate, bool two_hosts);
  // Removes the hosts file. Destroy the network after every socket and process in it.
  ~CaseNetwork();
  CaseNetwork(const CaseNetwork&) = delete;
  CaseNetwork& operator=(const CaseNetwork&) = delete;

  // Enter them with NetNamespace::Scope. student() nullptr: the grader's own namespace;
  // peer() nullptr: the peer shares the student's (one host).
  const NetNamespace* student() const { return student_ns_.get(); }
  const NetNamespace* peer() const { return peer_ns_.get(); }
  bool isolated() const { return student_ns_ != nullptr; }

  // Where the student's program finds the peer, and where the peer finds the program.
  const std::string& peer_host() const { return peer_host_; }
  const std::string& student_host() const { return student_host_; }
  // Where the peer (or the proxy before it) listens for the student: every address when
  // isolated, since any address the program dials leads there (any_address.h); else
  // peer_host(), never more of the grader's machine than that.
  std::string listen_host() const { return isolated() ? "0.0.0.0" : peer_host_; }

  // The program's own host name (its UTS namespace's, mapped to student_host() in the hosts
  // file): "netgrade-student" unless named before HostsFile() is first called.
  const std::string& student_name() const { return student_name_; }
  void NameStudentHost(std::string name) { student_name_ = std::move(name); }

  // A hosts file where localhost and the textbook's placeholders name the peer, written on
  // the first call and removed with the network; "" when not isolated (the program then
  // sees the machine's /etc/hosts).
  const std::string& HostsFile();
  // Not isolated: the machine's /etc/hosts, then a line where the textbook's placeholders name
  // the peer (the machine's own names come first, and win), for the connect guard to answer
  // the program's reads of /etc/hosts with (SpawnOptions::answer_hosts); written on the first
  // call and removed with the network; "" when isolated.
  const std::string& SharedHostsFile();
  // A resolv.conf naming the case's name server (dns_answerer.h), which every case has at
  // 127.0.0.1: one file for the run, removed as the grader ends; "" when not isolated.
  const std::string& ResolvConf();

 private:
  std::unique_ptr<NetNamespace> student_ns_;
  std::unique_ptr<NetNamespace> peer_ns_;  // two hosts only
  std::string peer_host_ = "127.0.0.1";
  std::string student_host_ = "127.0.0.1";
  std::string student_name_ = "netgrade-student";
  std::string hosts_path_;
};

}  // namespace netgrade::sandbox

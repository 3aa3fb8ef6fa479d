#include "harness/run/case_capture.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>

#include "harness/base/address.h"
#include "harness/sandbox/netns.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tshark.h"

namespace netgrade::run {
namespace {

using sandbox::CaseNetwork;
using sandbox::NetNamespace;
using testing_support::Tshark;
using testing_support::UniqueTempDir;
using testing_support::Wireshark;

// A datagram to itself on the loopback of the calling thread's namespace.
void SendOnLoopback(const std::string& text) {
  Fd s = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = LocalAddress(s.get());
  ASSERT_EQ(::sendto(s.get(), text.data(), text.size(), 0, to.sa(), to.length),
            static_cast<ssize_t>(text.size()));
}

CaseCapture::About AnAbout() {
  CaseCapture::About about;
  about.case_name = "client-one-line";
  about.exercise = "udp-capitalize";
  about.program = "client.py";
  about.seed = 42;
  return about;
}

TEST(CaseCapture, ACaseOnTheMachinesOwnNetworkHasNoneAndSaysWhy) {
  UniqueTempDir dir("case-capture");
  CaseNetwork network(/*isolate=*/false, /*two_hosts=*/false);
  CaseCapture capture(network, size_t{16} << 20);
  std::string file = (dir.path() / "c.pcapng").string();
  check::Capture c = capture.Write(file, AnAbout(), nullptr, {});
  EXPECT_EQ(c.file, "");
  EXPECT_NE(c.missing.find("this machine's own network"), std::string::npos) << c.missing;
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(CaseCapture, TwoHostsAreTwoInterfacesAndTheFileSaysWhichCaseItIs) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  UniqueTempDir dir("case-capture");
  CaseNetwork network(true, /*two_hosts=*/true);
  CaseCapture capture(network, size_t{16} << 20);
  {
    NetNamespace::Scope in(network.student());
    SendOnLoopback("on the student's host");
  }
  {
    NetNamespace::Scope in(network.peer());
    SendOnLoopback("on the peer's host");
  }
  std::string file = (dir.path() / "sub" / "c.pcapng").string();
  check::Capture c = capture.Write(file, AnAbout(), nullptr, {});
  ASSERT_EQ(c.file, file) << c.missing;
  EXPECT_EQ(c.left_out, 0u);
  std::string payloads = Tshark(
      file, {"-Y", "udp", "-T", "fields", "-e", "frame.interface_name", "-e", "udp.payload"});
  EXPECT_NE(payloads.find("student (every interface of its network namespace)\t6f6e2074686520"
                          "73747564656e742773"),
            std::string::npos)
      << payloads;
  EXPECT_NE(payloads.find("peer (every interface of its network namespace)\t6f6e20746865207065"),
            std::string::npos)
      << payloads;
  std::string info = Wireshark("capinfos", file, {});
  EXPECT_NE(info.find("netgrade: case client-one-line of udp-capitalize, client.py, seed 42."),
            std::string::npos)
      << info;
}

}  // namespace
}  // namespace netgrade::run

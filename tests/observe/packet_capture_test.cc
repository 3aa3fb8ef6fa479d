#include "harness/observe/packet_capture.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "harness/base/address.h"
#include "harness/sandbox/netns.h"

namespace netgrade::observe {
namespace {

using sandbox::NetNamespace;

void SendTo(int fd, const Address& to, const std::string& text) {
  ASSERT_EQ(::sendto(fd, text.data(), text.size(), 0, to.sa(), to.length),
            static_cast<ssize_t>(text.size()));
}

// The UDP payloads of the packets to `port`, in order.
std::vector<std::string> UdpPayloadsTo(const std::vector<CapturedPacket>& packets, uint16_t port) {
  std::vector<std::string> out;
  for (const CapturedPacket& p : packets)
    if (auto s = ParseCooked(p.data);
        s && s->protocol == IPPROTO_UDP && s->destination_port == port)
      out.emplace_back(s->payload);
  return out;
}

TEST(PacketCapture, SeesEachLoopbackPacketOfItsNamespaceOnceWithPortsAndPayload) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope inside(ns.get());
  auto capture = PacketCapture::Open(1 << 20, &why);
  ASSERT_NE(capture, nullptr) << why;
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = LocalAddress(receiver.get());
  SendTo(sender.get(), to, "PING 1");
  SendTo(sender.get(), to, "");
  SendTo(sender.get(), to, "PING 2");
  // TCP: a connection, three bytes, as segments with their ports.
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd client = TcpConnectStart(LocalAddress(listener.get()));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  ASSERT_EQ(::write(client.get(), "abc", 3), 3);
  std::vector<CapturedPacket> packets = capture->Stop();
  EXPECT_EQ(capture->left_out(), 0u);
  EXPECT_EQ(UdpPayloadsTo(packets, to.port()), (std::vector<std::string>{"PING 1", "", "PING 2"}));
  int tcp_payloads = 0;
  for (const CapturedPacket& c : packets) {
    auto s = ParseCooked(c.data);
    ASSERT_TRUE(s.has_value());
    EXPECT_TRUE(s->loopback);
    EXPECT_EQ(c.original_length, c.data.size());
    if (s->protocol == IPPROTO_TCP && !s->payload.empty()) {
      ++tcp_payloads;
      EXPECT_EQ(s->payload, "abc");
      EXPECT_EQ(s->destination_port, LocalAddress(listener.get()).port());
    }
  }
  EXPECT_EQ(tcp_payloads, 1);
  for (size_t i = 1; i < packets.size(); ++i) EXPECT_LE(packets[i - 1].ns, packets[i].ns);
}

TEST(PacketCapture, SeesNothingOfTheGradersOwnNetwork) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  std::unique_ptr<PacketCapture> capture;
  {
    NetNamespace::Scope inside(ns.get());
    capture = PacketCapture::Open(1 << 20, &why);
  }
  ASSERT_NE(capture, nullptr) << why;
  // Outside the namespace: the grader's (or the machine's) loopback.
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  SendTo(sender.get(), LocalAddress(receiver.get()), "outside");
  char buf[16];
  ASSERT_EQ(::recv(receiver.get(), buf, sizeof buf, 0), 7);
  EXPECT_TRUE(capture->Stop().empty());
}

TEST(PacketCapture, KeepsPacketsUpToItsBoundAndCountsTheRest) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope inside(ns.get());
  // Each datagram is 16 + 20 + 8 + 100 = 144 bytes captured: two fit in 300.
  auto capture = PacketCapture::Open(300, &why);
  ASSERT_NE(capture, nullptr) << why;
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  for (int i = 0; i < 10; ++i)
    SendTo(sender.get(), LocalAddress(receiver.get()), std::string(100, 'a' + i));
  std::vector<CapturedPacket> packets = capture->Stop();
  ASSERT_EQ(packets.size(), 2u);
  EXPECT_EQ(capture->left_out(), 8u);
  EXPECT_EQ(ParseCooked(packets[1].data)->payload, std::string(100, 'b'));
}

TEST(ParseCooked, ShortOrForeignPacketsAreNotSegments) {
  EXPECT_FALSE(ParseCooked("").has_value());
  EXPECT_FALSE(ParseCooked(std::string(16, '\0')).has_value());
  std::string arp(16, '\0');
  arp[14] = 0x08, arp[15] = 0x06;
  EXPECT_FALSE(ParseCooked(arp + std::string(28, '\0')).has_value());
  // IPv4 whose header says 60 bytes of options but holds 20.
  std::string cut(16, '\0');
  cut[14] = 0x08;
  std::string ip(20, '\0');
  ip[0] = 0x4F, ip[2] = 0, ip[3] = 20, ip[9] = IPPROTO_UDP;
  EXPECT_FALSE(ParseCooked(cut + ip).has_value());
}

}  // namespace
}  // namespace netgrade::observe

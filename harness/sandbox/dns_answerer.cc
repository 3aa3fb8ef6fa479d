#include "harness/sandbox/dns_answerer.h"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/text.h"

namespace netgrade::sandbox {
namespace {

constexpr size_t kHeader = 12;
constexpr uint16_t kTypeA = 1, kTypeAny = 255, kClassIn = 1;
constexpr uint16_t kResponse = 0x8000, kAuthoritative = 0x0400, kRecursionDesired = 0x0100,
                   kRecursionAvailable = 0x0080, kOpcodeMask = 0x7800;
constexpr size_t kMostNameChars = 80;  // in the log; a real name fits

uint16_t Get16(std::string_view m, size_t at) {
  return static_cast<uint16_t>((static_cast<unsigned char>(m[at]) << 8) |
                               static_cast<unsigned char>(m[at + 1]));
}

void Put16(std::string& out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}

}  // namespace

std::string AnswerQuery(std::string_view query, in_addr address, std::string* name) {
  if (query.size() < kHeader) return "";
  uint16_t flags = Get16(query, 2);
  if ((flags & kResponse) || (flags & kOpcodeMask) || Get16(query, 4) != 1) return "";
  // The question's name: labels, each led by its length, ending with an empty one (a query
  // never compresses it).
  size_t at = kHeader;
  std::string dotted;
  for (;;) {
    if (at >= query.size()) return "";
    size_t len = static_cast<unsigned char>(query[at]);
    if (len == 0) break;
    if (len > 63 || at + 1 + len > query.size() || at - kHeader > 255) return "";
    if (!dotted.empty()) dotted += '.';
    dotted.append(query.substr(at + 1, len));
    at += 1 + len;
  }
  ++at;  // the empty label
  if (at + 4 > query.size()) return "";
  uint16_t type = Get16(query, at), klass = Get16(query, at + 2);
  at += 4;
  if (name) *name = EscapeText(dotted, kMostNameChars);
  bool answered = (type == kTypeA || type == kTypeAny) && klass == kClassIn;

  std::string out(query.substr(0, 2));  // the id
  Put16(out, kResponse | kAuthoritative | (flags & kRecursionDesired) | kRecursionAvailable);
  Put16(out, 1);                 // the question, repeated
  Put16(out, answered ? 1 : 0);  // the answer
  Put16(out, 0);                 // no authority
  Put16(out, 0);                 // no additional records (an EDNS OPT is not repeated)
  out.append(query.substr(kHeader, at - kHeader));
  if (answered) {
    Put16(out, 0xc000 | kHeader);  // the name: a pointer to the question's
    Put16(out, kTypeA);
    Put16(out, kClassIn);
    Put16(out, 0);
    Put16(out, 60);  // TTL 60 s
    Put16(out, 4);
    out.append(reinterpret_cast<const char*>(&address), 4);
  }
  return out;
}

DnsAnswerer::DnsAnswerer(EventLoop& loop, const std::string& peer_address) : loop_(loop) {
  if (::inet_pton(AF_INET, peer_address.c_str(), &address_) != 1)
    throw SystemError("inet_pton " + peer_address, EINVAL);
  fd_ = UdpBind(Address::Parse("0.0.0.0", 53));
  loop_.Watch(fd_.get(), POLLIN, [this](short) { Receive(); });
}

DnsAnswerer::~DnsAnswerer() {
  if (fd_) loop_.Unwatch(fd_.get());
}

void DnsAnswerer::Receive() {
  char buf[512];  // a query over UDP is at most 512 bytes without EDNS; longer ones are cut
  for (int turn = 0; turn < 64; ++turn) {  // a flood waits for the next turn of the loop
    Address from;
    from.length = sizeof from.storage;
    ssize_t n = ::recvfrom(fd_.get(), buf, sizeof buf, MSG_DONTWAIT, from.sa(), &from.length);
    if (n < 0) return;
    std::string name;
    std::string answer = AnswerQuery({buf, static_cast<size_t>(n)}, address_, &name);
    if (answer.empty()) continue;
    ::sendto(fd_.get(), answer.data(), answer.size(), MSG_DONTWAIT, from.sa(), from.length);
    if (names_.size() < kMostNames && std::find(names_.begin(), names_.end(), name) == names_.end())
      names_.push_back(name);
  }
}

}  // namespace netgrade::sandbox

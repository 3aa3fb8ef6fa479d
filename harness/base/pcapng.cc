#include "harness/base/pcapng.h"

#include <cstring>
#include <stdexcept>

namespace netgrade {
namespace {

// Block types and option codes (draft-ietf-opsawg-pcapng, section 4 and 3.5).
constexpr uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
constexpr uint32_t kInterfaceBlock = 0x00000001;
constexpr uint32_t kEnhancedPacketBlock = 0x00000006;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint16_t kOptEnd = 0;
constexpr uint16_t kOptComment = 1;
constexpr uint16_t kShbUserApplication = 4;
constexpr uint16_t kIfName = 2;
constexpr uint16_t kIfTsResolution = 9;

// Written in the machine's byte order, which the section header's magic tells a reader.
template <typename T>
void Put(std::string* out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out->append(bytes, sizeof(T));
}

void PadTo4(std::string* out) { out->append((4 - out->size() % 4) % 4, '\0'); }

// An option's length is 16 bits: a longer text (a comment cannot be) is cut.
std::string_view OptionValue(std::string_view value) { return value.substr(0, 0xFFF0); }

// The bytes PutOption writes for `value`: none when it is empty.
size_t OptionSize(std::string_view value) {
  size_t n = OptionValue(value).size();
  return n == 0 ? 0 : 4 + (n + 3) / 4 * 4;
}

void PutOption(std::string* out, uint16_t code, std::string_view value) {
  if (value.empty()) return;
  value = OptionValue(value);
  Put<uint16_t>(out, code);
  Put<uint16_t>(out, static_cast<uint16_t>(value.size()));
  out->append(value);
  PadTo4(out);
}

// A block: type, total length, `body` (already padded), options ended, total length again.
void PutBlock(std::string* out, uint32_t type, std::string body, const std::string& options) {
  if (!options.empty()) {
    body += options;
    Put<uint16_t>(&body, kOptEnd);
    Put<uint16_t>(&body, 0);
  }
  uint32_t total = static_cast<uint32_t>(body.size() + 12);
  Put(out, type);
  Put(out, total);
  out->append(body);
  Put(out, total);
}

}  // namespace

PcapngWriter::PcapngWriter(std::string_view application, std::string_view comment)
    : application_(application), comment_(comment) {}

uint32_t PcapngWriter::AddInterface(uint16_t linktype, std::string_view name, uint32_t snaplen) {
  std::string body;
  Put<uint16_t>(&body, linktype);
  Put<uint16_t>(&body, 0);  // reserved
  Put<uint32_t>(&body, snaplen);
  std::string options;
  PutOption(&options, kIfName, name);
  PutOption(&options, kIfTsResolution, std::string_view("\x09", 1));  // 10^-9 s
  PutBlock(&blocks_, kInterfaceBlock, std::move(body), options);
  return interfaces_++;
}

void PcapngWriter::AddPacket(uint32_t interface, uint64_t ns, std::string_view data,
                             uint32_t original_length, std::string_view comment) {
  if (interface >= interfaces_) throw std::invalid_argument("pcapng: no such interface");
  std::string body;
  Put<uint32_t>(&body, interface);
  Put<uint32_t>(&body, static_cast<uint32_t>(ns >> 32));
  Put<uint32_t>(&body, static_cast<uint32_t>(ns));
  Put<uint32_t>(&body, static_cast<uint32_t>(data.size()));
  Put<uint32_t>(&body, original_length);
  body.append(data);
  PadTo4(&body);
  std::string options;
  PutOption(&options, kOptComment, comment);
  PutBlock(&blocks_, kEnhancedPacketBlock, std::move(body), options);
}

std::string PcapngWriter::SectionHeader() const {
  std::string body;
  Put<uint32_t>(&body, kByteOrderMagic);
  Put<uint16_t>(&body, 1);  // version 1.0
  Put<uint16_t>(&body, 0);
  Put<int64_t>(&body, -1);  // section length: not given
  std::string options;
  PutOption(&options, kOptComment, comment_);
  PutOption(&options, kShbUserApplication, application_);
  std::string out;
  PutBlock(&out, kSectionHeaderBlock, std::move(body), options);
  return out;
}

size_t PcapngWriter::size() const {
  // What SectionHeader() writes, without writing it (asked before every packet): type,
  // length, magic, version and section length, the options and their end, the length again.
  size_t options = OptionSize(comment_) + OptionSize(application_);
  return 4 + 4 + 4 + 4 + 8 + options + (options > 0 ? 4 : 0) + 4 + blocks_.size();
}

std::string PcapngWriter::Bytes() const { return SectionHeader() + blocks_; }

}  // namespace netgrade

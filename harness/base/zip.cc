#include "harness/base/zip.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>

namespace netgrade {
namespace {

// Little-endian fields, as every zip structure is laid out.
void Put16(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
}
void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xffff);
  Put16(out, v >> 16);
}

constexpr uint32_t kMadeByUnix = (3u << 8) | 20;  // host 3 (Unix): external attrs are a mode
constexpr uint32_t kVersionNeeded = 20;
constexpr uint32_t kUtf8Names = 1u << 11;  // general purpose flag 11: names are UTF-8
constexpr uint32_t kStored = 0;
constexpr uint32_t kDosTime = 0;                          // 00:00:00
constexpr uint32_t kDosDate = (0u << 9) | (1u << 5) | 1;  // 1980-01-01, the earliest a zip holds
constexpr uint32_t kRegularFile = 0100000;

void CheckName(const std::string& name, std::set<std::string>& seen) {
  if (name.empty() || name.front() == '/' || name.back() == '/')
    throw std::invalid_argument("zip member name '" + name + "': not a relative file name");
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    std::string part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..")
      throw std::invalid_argument("zip member name '" + name + "': empty, '.' or '..' part");
    start = end + 1;
  }
  if (!seen.insert(name).second)
    throw std::invalid_argument("zip member name '" + name + "': given twice");
}

uint32_t Checked32(uint64_t v, const char* what) {
  if (v > std::numeric_limits<uint32_t>::max())
    throw std::length_error(std::string(what) + " beyond 4 GiB: a zip without zip64");
  return static_cast<uint32_t>(v);
}

}  // namespace

std::string StoreZip(const std::vector<ZipMember>& members) {
  if (members.size() > 0xffff) throw std::length_error("more than 65535 zip members");
  std::set<std::string> seen;
  std::string out, central;
  for (const ZipMember& m : members) {
    CheckName(m.name, seen);
    uint32_t crc = 0;
    // crc32 takes a uInt length: feed a large file in pieces.
    for (size_t done = 0; done < m.contents.size();) {
      size_t n = std::min<size_t>(m.contents.size() - done, 1u << 30);
      crc = static_cast<uint32_t>(
          ::crc32(crc, reinterpret_cast<const Bytef*>(m.contents.data() + done), n));
      done += n;
    }
    uint32_t size = Checked32(m.contents.size(), "a zip member");
    uint32_t offset = Checked32(out.size(), "a zip archive");

    Put32(out, 0x04034b50);  // local file header
    Put16(out, kVersionNeeded);
    Put16(out, kUtf8Names);
    Put16(out, kStored);
    Put16(out, kDosTime);
    Put16(out, kDosDate);
    Put32(out, crc);
    Put32(out, size);  // compressed size: stored, the same
    Put32(out, size);
    Put16(out, static_cast<uint32_t>(m.name.size()));
    Put16(out, 0);  // no extra field
    out += m.name;
    out += m.contents;

    Put32(central, 0x02014b50);  // central directory header
    Put16(central, kMadeByUnix);
    Put16(central, kVersionNeeded);
    Put16(central, kUtf8Names);
    Put16(central, kStored);
    Put16(central, kDosTime);
    Put16(central, kDosDate);
    Put32(central, crc);
    Put32(central, size);
    Put32(central, size);
    Put16(central, static_cast<uint32_t>(m.name.size()));
    Put16(central, 0);  // extra field
    Put16(central, 0);  // comment
    Put16(central, 0);  // disk number
    Put16(central, 0);  // internal attributes
    Put32(central, (kRegularFile | (static_cast<uint32_t>(m.mode) & 07777)) << 16);
    Put32(central, offset);
    central += m.name;
  }
  uint32_t central_offset = Checked32(out.size(), "a zip archive");
  uint32_t central_size = Checked32(central.size(), "a zip directory");
  out += central;
  Checked32(out.size(), "a zip archive");
  Put32(out, 0x06054b50);  // end of central directory
  Put16(out, 0);           // this disk
  Put16(out, 0);           // the disk the directory starts on
  Put16(out, static_cast<uint32_t>(members.size()));
  Put16(out, static_cast<uint32_t>(members.size()));
  Put32(out, central_size);
  Put32(out, central_offset);
  Put16(out, 0);  // no comment
  return out;
}

}  // namespace netgrade

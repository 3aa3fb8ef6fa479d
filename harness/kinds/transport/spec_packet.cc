// Loading `packet:`, a transport lab's header (kinds/transport/spec_parts.h's PacketLayout):
// its fields, byte order, payload, types and checksum kind, each refused at its line with what
// to write instead.
#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "harness/kinds/transport/spec_keys.h"

namespace netgrade::spec {
namespace {

const char* ChecksumName(ChecksumKind kind) {
  switch (kind) {
    case ChecksumKind::kInternet:
      return "the Internet checksum";
    case ChecksumKind::kCrc32:
      return "a CRC-32";
    case ChecksumKind::kNone:
      break;
  }
  return "none";
}

}  // namespace

const std::vector<std::string>& PacketKeys() {
  static const std::vector<std::string> keys = {"byte_order", "checksum", "acks",
                                                "fields",     "payload",  "types"};
  return keys;
}

const std::vector<std::string>& PacketFieldKeys() {
  static const std::vector<std::string> keys = {"offset", "size"};
  return keys;
}

void LoadPacket(const YAML::Node& n, YamlReader& r, PacketLayout* p) {
  p->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'packet'", PacketKeys())) return;
  if (n["byte_order"])
    if (auto v = r.Enum(n["byte_order"], "byte_order", {"big", "little"}))
      p->big_endian = *v == "big";
  if (n["checksum"])
    if (auto v = r.Enum(n["checksum"], "checksum", {"internet", "crc32", "none"}))
      p->checksum = *v == "crc32"  ? ChecksumKind::kCrc32
                    : *v == "none" ? ChecksumKind::kNone
                                   : ChecksumKind::kInternet;
  if (n["acks"])
    if (auto v = r.Enum(n["acks"], "acks", {"cumulative", "selective"}))
      p->acks = *v == "selective" ? AckKind::kSelective : AckKind::kCumulative;
  if (!r.Required(n, "fields", "'packet'")) return;
  const YAML::Node fields = n["fields"];
  if (!fields.IsMap()) {
    r.Error(fields,
            "'fields' is a map of the header's fields, such as {seq: {offset: 4, size: 4}}");
    return;
  }
  for (const auto& kv : fields) {
    PacketField f;
    f.name = kv.first.Scalar();
    f.mark = YamlReader::MarkOf(kv.second);
    if (!r.Map(kv.second, "a field of 'packet'", PacketFieldKeys())) continue;
    if (!r.Required(kv.second, "offset", "a field") || !r.Required(kv.second, "size", "a field"))
      continue;
    if (auto v = r.Integer(kv.second["offset"], "offset", 0, 1400)) f.offset = *v;
    if (auto v = r.Integer(kv.second["size"], "size", 1, 8)) {
      f.size = *v;
      if (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8)
        r.Error(kv.second["size"], fmt::format("a field is 1, 2, 4 or 8 bytes wide, found {}", *v));
    }
    p->fields.push_back(std::move(f));
  }
  if (n["payload"]) {
    const YAML::Node pl = n["payload"];
    if (r.Map(pl, "'payload'", {"offset", "max"})) {
      if (pl["offset"])
        if (auto v = r.Integer(pl["offset"], "offset", 1, 1400)) p->payload_offset = *v;
      if (pl["max"])
        if (auto v = r.Integer(pl["max"], "max", 1, 65000)) p->payload_max = *v;
    }
  }
  if (n["types"]) {
    const YAML::Node t = n["types"];
    if (r.Map(t, "'types'", {"data", "ack", "fin"})) {
      if (t["data"])
        if (auto v = r.Integer(t["data"], "data", 0, 255)) p->type_data = *v;
      if (t["ack"])
        if (auto v = r.Integer(t["ack"], "ack", 0, 255)) p->type_ack = *v;
      if (t["fin"])
        if (auto v = r.Integer(t["fin"], "fin", 0, 255)) p->type_fin = *v;
      if (p->type_data == p->type_ack || p->type_data == p->type_fin || p->type_ack == p->type_fin)
        r.Error(t, fmt::format("the types must differ: data {}, ack {}, fin {} cannot tell a "
                               "packet's kind from its type",
                               p->type_data, p->type_ack, p->type_fin));
    }
  }
  const bool summed = p->checksum != ChecksumKind::kNone;
  for (const char* name : {"type", "checksum", "seq", "len"}) {
    auto it = std::find_if(p->fields.begin(), p->fields.end(),
                           [&](const PacketField& f) { return f.name == name; });
    if (it == p->fields.end() && (summed || std::string_view(name) != "checksum"))
      r.Error(fields, fmt::format("'fields' has no '{}'; the built-in peers read type, checksum "
                                  "({}), seq and len{}",
                                  name, ChecksumName(p->checksum),
                                  summed ? " ('checksum: none' in 'packet' for a protocol with "
                                           "no checksum)"
                                         : ""));
    else if (it != p->fields.end() && !summed && std::string_view(name) == "checksum")
      r.Error(it->mark,
              "'checksum: none' says the packets carry no checksum, but 'fields' has "
              "one: remove the field, or name its kind (checksum: internet or crc32)");
  }
  for (const PacketField& f : p->fields) {
    if (f.offset + f.size > p->payload_offset)
      r.Error(f.mark, fmt::format("the field '{}' ends at byte {}, past the header's end at {} "
                                  "(the payload's offset); move it, or give 'payload: {{offset: "
                                  "{}}}'",
                                  f.name, f.offset + f.size, p->payload_offset, f.offset + f.size));
    for (const PacketField& g : p->fields)
      if (&g < &f && f.offset < g.offset + g.size && g.offset < f.offset + f.size)
        r.Error(f.mark, fmt::format("the fields '{}' and '{}' overlap", g.name, f.name));
  }
  auto it = std::find_if(p->fields.begin(), p->fields.end(),
                         [](const PacketField& f) { return f.name == "checksum"; });
  if (it == p->fields.end()) return;
  if (p->checksum == ChecksumKind::kInternet && (it->size != 2 || it->offset % 2 != 0))
    r.Error(it->mark,
            "the Internet checksum is 2 bytes at an even offset, as in IP, UDP and TCP (for a "
            "CRC-32 of 4 bytes, 'checksum: crc32' in 'packet')");
  if (p->checksum == ChecksumKind::kCrc32 && it->size != 4)
    r.Error(it->mark, fmt::format("a CRC-32 is 4 bytes, found {}", it->size));
}

}  // namespace netgrade::spec

#include "harness/kinds/transport/spec_parts.h"

#include <memory>

namespace netgrade::transport {
namespace {

template <typename Part>
const Part* As(const std::shared_ptr<const spec::KindPart>& part) {
  return dynamic_cast<const Part*>(part.get());
}

// The part of that type, to write: the one already there when nothing else holds it, else a
// copy of it (or a new one) put in its place. Copies of a spec share their parts, which are
// read only once they share them.
template <typename Part>
Part* Edited(std::shared_ptr<const spec::KindPart>& part) {
  const Part* old = As<Part>(part);
  if (old && part.use_count() == 1) return const_cast<Part*>(old);
  auto fresh = old ? std::make_shared<Part>(*old) : std::make_shared<Part>();
  part = fresh;
  return fresh.get();
}

}  // namespace

const spec::PacketLayout* PacketOf(const spec::Spec& s) {
  const auto* part = As<spec::TransportSpecPart>(s.kind_part);
  return part && part->packet ? &*part->packet : nullptr;
}

const spec::TransportLink* LinkOf(const spec::Case& c) {
  const auto* part = As<spec::TransportCasePart>(c.kind_part);
  return part && part->link ? &*part->link : nullptr;
}

const spec::Transfer* TransferOf(const spec::Case& c) {
  const auto* part = As<spec::TransportCasePart>(c.kind_part);
  return part && part->transfer ? &*part->transfer : nullptr;
}

const spec::TransportExpect* ExpectOf(const spec::Expect& e) {
  return As<spec::TransportExpect>(e.kind_part);
}

spec::TransportSpecPart* EditSpec(spec::Spec& s) {
  return Edited<spec::TransportSpecPart>(s.kind_part);
}
spec::TransportCasePart* EditCase(spec::Case& c) {
  return Edited<spec::TransportCasePart>(c.kind_part);
}
spec::TransportExpect* EditExpect(spec::Expect& e) {
  return Edited<spec::TransportExpect>(e.kind_part);
}

}  // namespace netgrade::transport

// The transport kind (kinds/kind.h): a protocol the student builds over UDP, across a link
// netgrade emulates, against netgrade's own peer.
#pragma once

#include "harness/kinds/kind.h"

namespace netgrade::transport {

const kinds::Kind& Kind();

}  // namespace netgrade::transport

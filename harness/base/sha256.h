// SHA-256 (FIPS 180-4), for the digests netgrade vouches for a gradebook with
// (run/gradebook_vouch.h). Written here rather than taken from OpenSSL or libgcrypt: forty
// lines against a dependency the project does not otherwise need; checked against FIPS
// 180-4's examples (tests/base/sha256_test.cc).
#pragma once

#include <string>
#include <string_view>

namespace netgrade {

// The digest of `data` in lowercase hexadecimal (64 characters).
std::string Sha256Hex(std::string_view data);

}  // namespace netgrade

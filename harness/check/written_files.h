// `expect: files`: the files a program was to write in its folder (a file receiver's), byte for
// byte. The first wrong one is the finding, named by what went wrong where a known mistake
// shows in the bytes: nothing written, the file cut at its first \0 (C string functions), at
// a recv()'s size (one recv() taken for the whole file), bytes above 0x7f changed (the content
// decoded as text), bytes past its end; else the first difference, in hex.
#pragma once

#include <string>

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// Ok until the files were looked at (obs.files_looked), and when each is as expected.
Finding CheckWrittenFiles(const observe::Observation& obs);

// A listening receiver that wrote no file and closed or reset the connection the script was
// sending on, or waiting for its answer on (it reads a framing of its own: a length in other
// bytes, a fixed-size name, a connection for each part): `files` (file_missing), led by how it
// ended the connection and what it had answered; Finding::Ok() otherwise.
Finding LedByTheConnectionsEnd(const observe::Observation& obs, const Finding& files);

// `size` bytes of `bytes` from `at` in hex ("ef 00 0a 41"), "(nothing)" past the end.
std::string HexAt(const std::string& bytes, size_t at, size_t size = 8);

}  // namespace netgrade::check

#include "harness/run/written_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "harness/base/fd.h"
#include "harness/spec/expected_files.h"

namespace netgrade::run {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMostListed = 64;

// At most `most` bytes of the regular file at `path`, never through a link.
observe::WrittenFile Read(const fs::path& dir, const std::string& path, size_t most) {
  observe::WrittenFile w;
  w.path = path;
  Fd fd(::open((dir / path).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  struct stat st{};
  if (!fd) {
    std::error_code ec;
    w.exists = fs::symlink_status(dir / path, ec).type() != fs::file_type::not_found;
    w.is_regular = false;
    return w;
  }
  w.exists = true;
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    w.is_regular = false;
    return w;
  }
  w.size = static_cast<size_t>(st.st_size);
  w.bytes.resize(std::min(w.size, most));
  size_t got = 0;
  while (got < w.bytes.size()) {
    ssize_t n = ::read(fd.get(), w.bytes.data() + got, w.bytes.size() - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  w.bytes.resize(got);
  return w;
}

}  // namespace

void LookAtWrittenFiles(const fs::path& dir, observe::Observation* obs) {
  if (obs->test == nullptr || obs->test->expect.files.empty()) return;
  obs->files_looked = true;
  obs->written_files.clear();
  for (const spec::ExpectedFile& file : obs->test->expect.files) {
    // Enough to tell a file cut short, one with bytes past its end, and one decoded as text
    // (each byte above 0x7f two).
    size_t expected = spec::ExpectedBytes(file, *obs->spec).size();
    obs->written_files.push_back(Read(dir, file.path, 2 * expected + 64));
  }
  obs->folder_files.clear();
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it.depth() > 1) it.disable_recursion_pending();
    if (it->symlink_status(ec).type() != fs::file_type::regular) continue;
    obs->folder_files.push_back(it->path().lexically_relative(dir).string());
    if (obs->folder_files.size() >= kMostListed) break;
  }
  std::sort(obs->folder_files.begin(), obs->folder_files.end());
}

}  // namespace netgrade::run

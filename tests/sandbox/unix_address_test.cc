#include "harness/sandbox/unix_address.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

// A listening Unix socket at `path`.
Fd Listen(const std::string& path) {
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  path.copy(a.sun_path, sizeof a.sun_path - 1);
  if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(fd.get(), 4) != 0)
    return Fd();
  return fd;
}

std::pair<sockaddr_un, size_t> Address(const std::string& name, bool terminated = true) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  name.copy(a.sun_path, sizeof a.sun_path);
  return {a, offsetof(sockaddr_un, sun_path) + name.size() + (terminated ? 1 : 0)};
}

TEST(UnixAddress, ReadsNamedAbstractAndInvalidAddressesAsTheKernelDoes) {
  auto [named, size] = Address("sock/server.sock");
  UnixAddress got = ReadUnixAddress(&named, size);
  EXPECT_EQ(got.kind, UnixAddress::Kind::kNamed);
  EXPECT_EQ(got.path, "sock/server.sock");
  // Without its NUL (the length ends the name), as Python's socket module gives it.
  auto [bare, bare_size] = Address("/tmp/x", false);
  EXPECT_EQ(ReadUnixAddress(&bare, bare_size).path, "/tmp/x");
  auto [abstract, abstract_size] = Address(std::string("\0tmux-0", 7), false);
  got = ReadUnixAddress(&abstract, abstract_size);
  EXPECT_EQ(got.kind, UnixAddress::Kind::kAbstract);
  EXPECT_EQ(got.path, "tmux-0");
  // The family alone, another family, or longer than a sockaddr_un: the kernel's to refuse.
  EXPECT_EQ(ReadUnixAddress(&named, offsetof(sockaddr_un, sun_path)).kind,
            UnixAddress::Kind::kInvalid);
  sockaddr_un inet = named;
  inet.sun_family = AF_INET;
  EXPECT_EQ(ReadUnixAddress(&inet, size).kind, UnixAddress::Kind::kInvalid);
  EXPECT_EQ(ReadUnixAddress(&named, sizeof(sockaddr_un) + 1).kind, UnixAddress::Kind::kInvalid);
}

TEST(UnixAddress, ARelativePathIsTheCallersDirectorysAndAnAbsoluteOneItself) {
  EXPECT_EQ(AgainstDirectory("s.sock", "/work/case"), "/work/case/s.sock");
  EXPECT_EQ(AgainstDirectory("s.sock", "/"), "/s.sock");
  EXPECT_EQ(AgainstDirectory("/tmp/tmux-0/default", "/work/case"), "/tmp/tmux-0/default");
  EXPECT_EQ(AgainstDirectory("s.sock", ""), "");
}

// The program's own socket, by any path that stays in its folder, is reached through the
// grader's descriptor; a socket outside, by any way out, is not.
TEST(UnixAddress, OpensOnlySocketsBeneathTheFolders) {
  testing_support::UniqueTempDir dir("netgrade-unix-address");
  const fs::path own = fs::canonical(dir.path()) / "own";
  const fs::path outside = fs::canonical(dir.path()) / "outside";
  fs::create_directories(own / "sub");
  fs::create_directories(outside);
  Fd server = Listen((own / "sub" / "server.sock").string());
  Fd machine = Listen((outside / "tmux.sock").string());
  ASSERT_TRUE(server && machine) << std::strerror(errno);
  std::ofstream(own / "file") << "not a socket";
  fs::create_symlink(outside / "tmux.sock", own / "link-out");
  fs::create_symlink("sub/server.sock", own / "link-in");
  const std::vector<std::string> folders = {own.string()};

  Fd reached = OpenSocketBeneath(folders, (own / "sub" / "server.sock").string());
  ASSERT_TRUE(reached) << std::strerror(errno);
  Fd in_link = OpenSocketBeneath(folders, (own / "link-in").string());
  EXPECT_TRUE(in_link) << "a link that stays in the folder is followed, as connect() does";

  // Connecting through the descriptor reaches that very socket.
  Fd client(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  ThroughDescriptor(reached).copy(a.sun_path, sizeof a.sun_path - 1);
  ASSERT_EQ(::connect(client.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0)
      << std::strerror(errno);
  EXPECT_GE(::accept4(server.get(), nullptr, nullptr, SOCK_CLOEXEC), 0);

  auto refused = [&](const fs::path& path) {
    errno = 0;
    Fd fd = OpenSocketBeneath(folders, path.string());
    return fd ? 0 : errno;
  };
  EXPECT_EQ(refused(outside / "tmux.sock"), EACCES);
  EXPECT_EQ(refused(own / ".." / "outside" / "tmux.sock"), EACCES);
  EXPECT_EQ(refused(own / "link-out"), EACCES) << "a link leading out of the folder";
  EXPECT_EQ(refused(own / "file"), ECONNREFUSED);
  EXPECT_EQ(refused(own / "missing.sock"), ENOENT);
  EXPECT_EQ(refused(own), EACCES) << "the folder itself is no socket beneath it";
  // A folder whose name begins another's is not that folder.
  EXPECT_EQ(OpenSocketBeneath({(fs::canonical(dir.path()) / "ow").string()},
                              (own / "sub" / "server.sock").string())
                .valid(),
            false);
  EXPECT_EQ(::accept4(machine.get(), nullptr, nullptr, SOCK_CLOEXEC), -1)
      << "nothing connected to the socket outside";
}

}  // namespace
}  // namespace netgrade::sandbox

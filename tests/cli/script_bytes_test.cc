// Scripts in bytes end to end: netgrade check grades small Python programs on specs that send
// and expect bytes, and its text and JSON reports show what differed as a hex dump.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {

namespace fs = std::filesystem;
using testing_cli::RunNetgrade;

// Every value 0x00..0xff once, in order, as the spec's hex spells it.
std::string AllBytesHex() {
  std::string out;
  for (int i = 0; i < 256; ++i) out += fmt::format("{}{:02x}", i ? " " : "", i);
  return out;
}

// A folder of its own under the system's temporary folder, removed after the test.
class Folder {
 public:
  explicit Folder(const std::string& name)
      : path_(fs::temp_directory_path() /
              ("netgrade-bytes-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Folder() { fs::remove_all(path_); }
  // Writes `text` to the file `name` in the folder (its folders made) and returns its path.
  std::string Write(const std::string& name, const std::string& text) const {
    fs::create_directories((path_ / name).parent_path());
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::string Spec(const std::string& protocol, const std::string& script,
                 const std::string& expect = "{exit: running}") {
  return "exercise: bytes\nprotocol: " + protocol +
         "\nroles:\n  server: {listens: true}\ncases:\n  - name: bytes\n    role: server\n"
         "    timeout: 20s\n    expect: " +
         expect + "\n    script:\n" + script;
}

// Reads exactly 256 bytes, prints them in hex (what came on the wire), and sends them back.
constexpr const char* kTcpEcho = R"(import socket, sys
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("", int(sys.argv[1])))
srv.listen()
c, _ = srv.accept()
got = b""
while len(got) < 256:
    data = c.recv(4096)
    if not data:
        break
    got += data
print(got.hex(), flush=True)
c.sendall(got)
while c.recv(4096):
    pass
)";

constexpr const char* kUdpEcho = R"(import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", int(sys.argv[1])))
while True:
    data, addr = s.recvfrom(65536)
    print(data.hex(), flush=True)
    s.sendto(data, addr)
)";

std::string EchoScript() {
  std::string hex = AllBytesHex();
  return "      - connect: a\n      - send: {hex: \"" + hex + "\"}\n        on: a\n" +
         "      - expect: {hex: \"" + hex + "\"}\n        on: a\n";
}

std::string AllBytesLine() {
  std::string out;
  for (int i = 0; i < 256; ++i) out += fmt::format("{:02x}", i);
  return out;
}

TEST(ScriptBytesRun, EveryByteValueCrossesTcpExactlyBothWays) {
  Folder f("tcp-echo");
  std::string spec =
      f.Write("spec.yaml",
              Spec("tcp", EchoScript(), "{exit: running, stdout: [\"" + AllBytesLine() + "\"]}"));
  f.Write("echo/server.py", kTcpEcho);
  testing_cli::Ran r = RunNetgrade({"check", spec, "--submission", f.path("echo")});
  // The program printed the 256 bytes it read (stdout), and sent them back (expect).
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

TEST(ScriptBytesRun, EveryByteValueCrossesUdpExactlyBothWays) {
  Folder f("udp-echo");
  std::string spec =
      f.Write("spec.yaml",
              Spec("udp", EchoScript(), "{exit: running, stdout: [\"" + AllBytesLine() + "\"]}"));
  f.Write("echo/server.py", kUdpEcho);
  testing_cli::Ran r = RunNetgrade({"check", spec, "--submission", f.path("echo")});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

// The spec's stdout line holds the bytes as sent; a program that got other bytes (a newline
// added, UTF-8 for 0x80..0xff) would print another line: the check above can fail.
TEST(ScriptBytesRun, TheStdoutCheckSeesADifferentByteOnTheWire) {
  Folder f("tcp-echo-other");
  std::string line = AllBytesLine();
  line[0] = 'f';  // "f0..." where the program prints "00..."
  std::string spec = f.Write(
      "spec.yaml", Spec("tcp", EchoScript(), "{exit: running, stdout: [\"" + line + "\"]}"));
  f.Write("echo/server.py", kTcpEcho);
  testing_cli::Ran r = RunNetgrade({"check", spec, "--submission", f.path("echo")});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
}

// Reads 300 bytes and answers them with byte 150 changed.
constexpr const char* kOneWrongByte = R"(import socket, sys
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("", int(sys.argv[1])))
srv.listen()
c, _ = srv.accept()
got = b""
while len(got) < 300:
    data = c.recv(4096)
    if not data:
        break
    got += data
answer = bytearray(got)
answer[150] ^= 0xff
c.sendall(bytes(answer))
while c.recv(4096):
    pass
)";

TEST(ScriptBytesRun, OneWrongByteInTheMiddleOf300IsAHexDumpAtItsOffset) {
  std::string hex;
  for (int i = 0; i < 300; ++i) hex += fmt::format("{}{:02x}", i ? " " : "", i % 256);
  std::string script = "      - connect: a\n      - send: {hex: \"" + hex + "\"}\n        on: a\n" +
                       "      - expect: {hex: \"" + hex + "\"}\n        on: a\n";
  Folder f("wrong-byte");
  std::string spec = f.Write("spec.yaml", Spec("tcp", script));
  f.Write("wrong/server.py", kOneWrongByte);

  testing_cli::Ran text = RunNetgrade({"check", spec, "--submission", f.path("wrong")});
  EXPECT_EQ(text.status, 1) << text.out << text.err;
  EXPECT_NE(text.out.find("the first byte that differs is byte 150 (0x96, counted from 0): 69 "
                          "where 96 was expected"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("received: 300 bytes, the first difference at byte 150 (0x96)"),
            std::string::npos)
      << text.out;
  // The row of byte 150 (0x90..0x9f) in both dumps, and the caret under its hex.
  std::string expected_row =
      "00000090  90 91 92 93 94 95 96 97  98 99 9a 9b 9c 9d 9e 9f  |................|";
  std::string received_row =
      "00000090  90 91 92 93 94 95 69 97  98 99 9a 9b 9c 9d 9e 9f  |......i.........|";
  size_t row = text.out.find(received_row);
  ASSERT_NE(row, std::string::npos) << text.out;
  EXPECT_NE(text.out.find(expected_row), std::string::npos) << text.out;
  size_t row_start = text.out.rfind('\n', row) + 1;
  size_t caret_line = text.out.find('\n', row) + 1;
  size_t caret = text.out.find("^^", caret_line);
  ASSERT_NE(caret, std::string::npos) << text.out;
  EXPECT_EQ(caret - caret_line, row - row_start + received_row.find("69")) << text.out;
  EXPECT_EQ(text.out.compare(caret, 36, "^^ first difference: byte 150 (0x96)"), 0) << text.out;
  // No quoted bytes: the values are not shown as text.
  EXPECT_EQ(text.out.find("'\\x00\\x01"), std::string::npos) << text.out;

  testing_cli::Ran json =
      RunNetgrade({"check", spec, "--submission", f.path("wrong"), "--format", "json"});
  nlohmann::json report = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << json.out;
  const nlohmann::json& d = report["cases"][0]["difference"];
  EXPECT_EQ(d["encoding"], "hex") << d.dump();
  EXPECT_EQ(d["first_difference"], 150) << d.dump();
  EXPECT_EQ(d["received"].get<std::string>().substr(150 * 3, 8), "69 97 98") << d.dump();
  EXPECT_EQ(d["expected"].get<std::string>().substr(150 * 3, 8), "96 97 98") << d.dump();
  bool dumped = false;
  for (const auto& line : d["hex_dump"])
    dumped |= line.get<std::string>().find(received_row) != std::string::npos;
  EXPECT_TRUE(dumped) << d.dump();
}

// A 4-byte big-endian length, then the body, answered with the same framing; or little-endian.
std::string FramedServer(const char* order) {
  return fmt::format(R"(import socket, struct, sys
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("", int(sys.argv[1])))
srv.listen()
c, _ = srv.accept()
def exactly(n):
    got = b""
    while len(got) < n:
        data = c.recv(n - len(got))
        if not data:
            sys.exit(0)
        got += data
    return got
while True:
    (n,) = struct.unpack("{0}I", exactly(4))
    body = exactly(n)
    c.sendall(struct.pack("{0}I", n) + body.upper())
)",
                     order);
}

std::string FramedSpec() {
  return Spec("tcp",
              "      - connect: a\n"
              "      - send: {hex: \"00 00 00 05 68 65 6c 6c 6f\"}\n        on: a\n"
              "      - expect: {length_prefix: {size: 4, order: big}, hex: \"48 45 4c 4c 4f\"}\n"
              "        on: a\n");
}

TEST(ScriptBytesRun, ALengthPrefixedExchangeInBigEndianPasses) {
  Folder f("framed-big");
  std::string spec = f.Write("spec.yaml", FramedSpec());
  f.Write("big/server.py", FramedServer("!"));
  testing_cli::Ran r = RunNetgrade({"check", spec, "--submission", f.path("big")});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

TEST(ScriptBytesRun, ALittleEndianServerFailsWithTheByteOrderNamed) {
  Folder f("framed-little");
  std::string spec = f.Write("spec.yaml", FramedSpec());
  f.Write("little/server.py", FramedServer("<"));
  testing_cli::Ran r = RunNetgrade({"check", spec, "--submission", f.path("little")});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  // It reads 00 00 00 05 as 83886080 and waits for that many bytes: nothing comes back.
  EXPECT_NE(r.out.find("got nothing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Its message began with the 4-byte length 00 00 00 05: 5 read big-endian "
                       "(most significant byte first, the network byte order), as the spec's "
                       "framing is, but 83886080 read little-endian (least significant byte "
                       "first), so a program that reads the length little-endian waits for "
                       "83886080 bytes that never come. Read it big-endian: "
                       "struct.unpack('!I', ...) in Python, ntohl() in C."),
            std::string::npos)
      << r.out;
}

// Reads the length big-endian, as it should, but writes its answer's little-endian.
TEST(ScriptBytesRun, AnAnswerWhoseLengthIsLittleEndianIsToldSo) {
  Folder f("framed-writes-little");
  std::string spec = f.Write("spec.yaml", FramedSpec());
  std::string server = FramedServer("!");
  server.replace(server.rfind("struct.pack(\"!I\""), 16, "struct.pack(\"<I\"");
  f.Write("writes-little/server.py", server);
  testing_cli::Ran r = RunNetgrade({"check", spec, "--submission", f.path("writes-little")});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("The 4-byte length prefix 05 00 00 00 is 83886080 read big-endian (most "
                       "significant byte first, the network byte order), as the spec asks, but 5 "
                       "read little-endian (least significant byte first), and 5 bytes came after "
                       "it: your program wrote its length little-endian. Write it big-endian: "
                       "struct.pack('!I', n) in Python, htonl(n) in C."),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace netgrade

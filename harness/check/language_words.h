// A fix worded in the program's own language: the language of its source (its ending, or the
// source beside a compiled program: SourcesOf in program_source.h), Python's words for anything
// else. Every piece of advice that names a call goes through here, so that a Java chat server
// is not told to use Python's selectors.
#pragma once

#include <string>

namespace netgrade::check {

// How to give up waiting on a socket after a second: "sock.settimeout(1.0)"; Java
// "socket.setSoTimeout(1000)..."; C/C++ "setsockopt(..., SO_RCVTIMEO, ...)"; Go
// "conn.SetReadDeadline(...)"; Rust "set_read_timeout(...)"; JavaScript a timer.
std::string TimeoutCall(const std::string& program_path);

// How to read a whole line off a stream: "in Python: conn.makefile('rb')"; Java "a
// BufferedReader's readLine()"; C/C++ "recv() in a loop until the '\n' has come"; Go "a
// bufio.Scanner"; Rust "BufReader's read_line()"; JavaScript the readline module.
std::string ReadLineCall(const std::string& program_path);

// How a server serves every client at once: "selectors (or a thread per client)" in Python,
// "a thread per client" in Java, "select() or poll()" in C, "a goroutine per client" in Go.
std::string ServeEveryClient(const std::string& program_path);

// How to wait for data without keeping a CPU busy: "selectors, or a blocking recv()" ...
std::string WaitWithoutSpinning(const std::string& program_path);

// How to listen on every interface: "'' (or '0.0.0.0') in bind()" in Python, "INADDR_ANY" in
// C, "new ServerSocket(port)" with no address in Java, "\":PORT\"" in Go.
std::string ListenEverywhere(const std::string& program_path);

// How to bind again a port whose last connections are still closing (SO_REUSEADDR before
// bind()), or that the language's library does it already (Go, Rust, Node, Java).
std::string ReuseAddress(const std::string& program_path);

}  // namespace netgrade::check

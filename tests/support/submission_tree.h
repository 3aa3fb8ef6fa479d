// A small submission on the disk for the copy's tests (sandbox/submission_copy.h,
// sandbox/work_copy.h): server.py and lib/util.py in source_, and beside it outside_, a
// classmate's folder with a server.py of its own. Removed after each test, folders a test
// made unreadable included.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace netgrade::testing_support {

class SubmissionTreeTest : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/netgrade-workcopy-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    source_ = tmpl;
    std::filesystem::create_directories(source_ / "lib");
    std::ofstream(source_ / "server.py") << "print('hi')\n";
    std::ofstream(source_ / "lib" / "util.py") << "X = 1\n";
    outside_ = source_.string() + "-outside";  // a classmate's folder
    std::filesystem::create_directories(outside_);
    std::ofstream(outside_ / "server.py") << "secret\n";
  }
  void TearDown() override {
    namespace fs = std::filesystem;
    // Folders made unreadable by a test are made readable again, to be removed.
    for (const auto& e :
         fs::recursive_directory_iterator(source_, fs::directory_options::skip_permission_denied)) {
      std::error_code ec;
      if (e.is_directory(ec) && !e.is_symlink(ec))
        fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(source_);
    fs::remove_all(outside_);
  }
  std::filesystem::path source_, outside_;
};

}  // namespace netgrade::testing_support

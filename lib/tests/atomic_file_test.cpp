// atomic_file.hpp: a result replaces a regular file whole, leaves no temporary
// file, and never replaces a device, a pipe or a directory (as root, renaming
// onto /dev/full replaced the device with a regular file).
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/detail/stale_temporary.hpp>
#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <cerrno>
#include <csignal>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers {
namespace {
namespace BOTHLAYERS_UNIT_ID {

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/bothlayers-atomic-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir_), {}));
  }
  std::string dir_;
};

TEST_F(AtomicFile, ReplacesARegularFileWhole) {
  const std::string path = dir_ + "/out.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second, longer");
  EXPECT_EQ(read_file(path), "second, longer");
  EXPECT_EQ(entries(), 1u);  // no temporary left behind
}

TEST_F(AtomicFile, NeverReplacesADirectoryOrAPipe) {
  const std::string sub = dir_ + "/sub", fifo = dir_ + "/fifo";
  std::filesystem::create_directory(sub);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THROW(write_file_atomically(sub, "x"), InvalidArgument);
  EXPECT_THROW(write_file_atomically(fifo, "x"), InvalidArgument);
  EXPECT_TRUE(std::filesystem::is_directory(sub));
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
  EXPECT_EQ(entries(), 2u);
}

TEST_F(AtomicFile, MissingFolderIsAnError) {
  EXPECT_THROW(write_file_atomically(dir_ + "/no/such/folder/out.json", "x"), Error);
  EXPECT_THROW(read_file(dir_ + "/none"), ParseError);
}

// Issue "planted bugs": a named temporary is stale only when kill(pid, 0) says ESRCH.
// EPERM means a live process of another user (its run is still writing); success a
// live one of ours. Decided without being root or not.
TEST(StaleTemporary, OnlyNoSuchProcessMeansGone) {
  EXPECT_TRUE(detail::temporary_owner_gone(-1, ESRCH));
  EXPECT_FALSE(detail::temporary_owner_gone(-1, EPERM));
  EXPECT_FALSE(detail::temporary_owner_gone(0, 0));
  EXPECT_FALSE(detail::temporary_owner_gone(0, ESRCH));  // errno left over from an earlier call
}

// The same through a write: the temporary of a reaped child is removed, the one of a
// live process of ours (the parent) stays, and so does the one of pid 1 when the
// writer may not signal it (a child that is not root: kill(1, 0) fails with EPERM).
TEST_F(AtomicFile, StaleTemporariesOfLiveRunsStay) {
  const std::string path = dir_ + "/out.json";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  const std::string dead = path + ".tmp." + std::to_string(child), live = path + ".tmp." + std::to_string(::getppid());
  write_file_atomically(dead, "a dead run's");
  write_file_atomically(live, "a live run's");
  write_file_atomically(path, "x");
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(live));

  const std::string init = path + ".tmp.1";
  write_file_atomically(init, "pid 1's");
  ASSERT_EQ(::chmod(dir_.c_str(), 0777), 0);
  const pid_t writer = ::fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {
    if (::getuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    if (::kill(1, 0) == 0 || errno != EPERM) ::_exit(4);  // pid 1 is ours: nothing to check
    try {
      write_file_atomically(dir_ + "/out.json", "y");
    } catch (...) {
      ::_exit(2);
    }
    ::_exit(0);
  }
  ASSERT_EQ(::waitpid(writer, &status, 0), writer);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 4) GTEST_SKIP() << "pid 1 may be signalled by a non-root writer here";
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(std::filesystem::exists(init)) << "the temporary of a live process (EPERM) was removed";
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers

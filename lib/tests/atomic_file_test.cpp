// atomic_file.hpp: a result replaces a regular file whole, leaves no temporary
// file, and never replaces a device, a pipe or a directory (as root, renaming
// onto /dev/full replaced the device with a regular file).
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <sys/stat.h>

namespace bothlayers {
namespace {

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

}  // namespace
}  // namespace bothlayers

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/detail/stale_temporary.hpp>
#include <bothlayers/errors.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <new>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace bothlayers {

namespace detail {
bool temporary_owner_gone(int kill_result, int kill_errno) { return kill_result != 0 && kill_errno == ESRCH; }
}  // namespace detail

namespace {
std::string folder_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

/// Remove `target`.tmp.<pid> files left by earlier versions (named temporaries)
/// whose process no longer runs on this machine.
void remove_stale_temporaries(const std::string& target) {
  const std::string folder = folder_of(target);
  const auto slash = target.rfind('/');
  const std::string prefix = (slash == std::string::npos ? target : target.substr(slash + 1)) + ".tmp.";
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.size() > 9 || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid == ::getpid() || pid <= 0) continue;
    const int alive = ::kill(pid, 0);
    if (detail::temporary_owner_gone(alive, errno)) ::unlink((folder + "/" + name).c_str());
  }
  ::closedir(dir);
}
}  // namespace

AtomicFileWriter::AtomicFileWriter(const std::string& path) : path_(path), target_(path) {
  if (path.empty()) throw InvalidArgument("an output path is empty");
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    // Written through: the link stays, the file it names gets the new contents.
    std::error_code ec;
    const auto real = std::filesystem::canonical(path, ec);
    if (ec) throw InvalidArgument("'" + path + "' is a symbolic link to a missing file: not following it");
    target_ = real.string();
  }
  // Renaming over a device, a pipe or a folder would replace it (as root: /dev/null
  // itself); a result goes to a regular file or a new path only.
  if (::stat(target_.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw InvalidArgument("'" + path + "' exists and is not a regular file: not replacing it");
  // Named temporaries of runs killed before O_TMPFILE was used here (or on a file
  // system without it) whose process is gone: removed.
  remove_stale_temporaries(target_);
  fd_ = ::open(folder_of(target_).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // A file system without unnamed temporaries: a named one.
    named_tmp_ = target_ + ".tmp." + std::to_string(::getpid());
    fd_ = ::open(named_tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  }
  if (fd_ < 0) throw Error("cannot write '" + path + "': " + std::strerror(errno));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!named_tmp_.empty()) ::unlink(named_tmp_.c_str());
}

void AtomicFileWriter::write(std::string_view data) {
  if (fd_ < 0) throw Error("cannot write '" + path_ + "': already committed");
  std::size_t written = 0;
  while (written < data.size()) {
    const ssize_t n = ::write(fd_, data.data() + written, data.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("cannot write '" + path_ + "': " + std::strerror(errno));
    }
    written += static_cast<std::size_t>(n);
  }
}

void AtomicFileWriter::commit() {
  if (fd_ < 0) throw Error("cannot write '" + path_ + "': already committed");
  if (::fsync(fd_) != 0) throw Error("cannot flush '" + path_ + "': " + std::strerror(errno));
  if (named_tmp_.empty()) {
    // Give the unnamed file a name beside the target (a stale one of a dead run
    // with our pid is replaced), then rename it over the target.
    const std::string tmp = target_ + ".tmp." + std::to_string(::getpid());
    const std::string self = "/proc/self/fd/" + std::to_string(fd_);
    ::unlink(tmp.c_str());
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) != 0 &&
        ::linkat(fd_, "", AT_FDCWD, tmp.c_str(), AT_EMPTY_PATH) != 0)
      throw Error("cannot write '" + path_ + "': " + std::strerror(errno));
    named_tmp_ = tmp;
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw Error("cannot flush '" + path_ + "': " + std::strerror(errno));
  }
  fd_ = -1;
  if (std::rename(named_tmp_.c_str(), target_.c_str()) != 0)
    throw Error("cannot rename onto '" + path_ + "': " + std::strerror(errno));
  named_tmp_.clear();
}

void write_file_atomically(const std::string& path, const std::string& contents) {
  AtomicFileWriter out(path);
  out.write(contents);
  out.commit();
}

std::string read_file(const std::string& path) {
  // Inputs are JSON points, configs and CSVs: a folder is refused; a regular file
  // above the cap is refused from its size before anything is read (and is read
  // into one allocation of its size); a stream (a pipe, /dev/stdin, /dev/zero)
  // stops at the smaller stream cap, so an endless source is refused holding at
  // most about 1.5 x that cap (the last doubling of the buffer), not 2 GB.
  constexpr std::size_t file_cap = std::size_t(1) << 30, stream_cap = std::size_t(1) << 28;
  struct stat st {};
  const bool known = ::stat(path.c_str(), &st) == 0;
  if (known && S_ISDIR(st.st_mode)) throw ParseError("'" + path + "' is a folder, not a file");
  const bool regular = known && S_ISREG(st.st_mode);
  if (regular && static_cast<std::size_t>(st.st_size) > file_cap)
    throw ParseError("'" + path + "' is larger than 1 GiB: not an input bothlayers reads");
  const std::size_t cap = regular ? file_cap : stream_cap;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError("cannot open '" + path + "'" + (errno ? std::string(": ") + std::strerror(errno) : ""));
  std::string out;
  try {
    if (regular) out.reserve(static_cast<std::size_t>(st.st_size));
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      const auto got = static_cast<std::size_t>(in.gcount());
      if (out.size() + got > cap)
        throw ParseError("'" + path + "' is larger than " + (regular ? "1 GiB" : "256 MiB (a stream)") +
                         ": not an input bothlayers reads");
      out.append(buffer, got);
    }
  } catch (const std::bad_alloc&) {
    throw ParseError("'" + path + "' does not fit in the memory this process may use");
  }
  return out;
}

}  // namespace bothlayers

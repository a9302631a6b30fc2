#pragma once
/// \file atomic_file.hpp
/// Results on disk are written atomically: the data go to an unnamed temporary
/// file (O_TMPFILE) in the target's folder, are flushed and synced, then get
/// the target's name by a rename, so a killed run leaves either the old file
/// or the complete new one, never half a file and never a stray temporary.
/// A target that is a symbolic link is written through: the link stays and the
/// file it names is replaced (a link to a missing file is refused). Devices,
/// pipes and folders are never replaced. Named temporaries `NAME.tmp.<pid>`
/// (older versions, or a file system without O_TMPFILE) of processes no longer
/// running on this machine are removed by the next write to NAME.

#include <string>
#include <string_view>

namespace bothlayers {

/// A file written in pieces (a long run streams its rows) and published whole
/// by commit(); destroyed uncommitted, it leaves the target untouched and no
/// temporary behind. Throws bothlayers::Error (InvalidArgument for a target it
/// refuses) on construction, write or commit failure.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(const std::string& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  /// Append bytes.
  void write(std::string_view data);
  /// Sync and move into place under the target's name (once).
  void commit();
  /// The file the data will replace (the link's target when the path is a symbolic link).
  const std::string& target() const { return target_; }

 private:
  std::string path_, target_, named_tmp_;
  int fd_ = -1;
};

/// Write `contents` to `path` atomically (AtomicFileWriter); throws bothlayers::Error on I/O failure.
void write_file_atomically(const std::string& path, const std::string& contents);

/// Read a whole file; throws ParseError if it cannot be opened, is a folder, or is
/// larger than 1 GiB (a regular file, refused from its size) or 256 MiB (a stream).
std::string read_file(const std::string& path);

}  // namespace bothlayers

#pragma once
/// \file checkpoint.hpp
/// A long job's finished units on disk (verify's claims, a sweep's runs),
/// rewritten atomically (write_file_atomically) after each unit, so a run
/// killed at any moment resumes without redoing or losing finished work, and
/// the resumed report is byte-identical to an unkilled one (a unit's result
/// is kept as the exact text it was computed as).

#include <nlohmann/json.hpp>

#include <cstddef>
#include <map>
#include <string>

namespace bothlayers::cli {

class Checkpoint {
 public:
  /// No checkpoint: record() does nothing.
  Checkpoint() = default;
  /// Checkpoint the job described by `job` (its options: what makes two runs
  /// the same run) at `path`. `resume`: continue the run recorded there (a
  /// missing file starts afresh; a file for another job, or not a checkpoint,
  /// is an InvalidArgument). Not `resume`: an existing file is an
  /// InvalidArgument (it would be overwritten; pass --resume to continue it).
  Checkpoint(std::string path, nlohmann::json job, bool resume);

  /// The units finished by earlier runs: index -> result text.
  const std::map<std::size_t, std::string>& finished() const { return finished_; }

  /// Record a finished unit and rewrite the file atomically.
  void record(std::size_t unit, const std::string& result);

 private:
  std::string path_;
  nlohmann::json job_;
  std::map<std::size_t, std::string> finished_;
};

}  // namespace bothlayers::cli

#pragma once
/// \file progress_line.hpp
/// The one-line progress of a long command (verify, sweep): on a terminal only
/// (never in pipes, files or CI logs), rewritten in place as units finish,
/// erased at the end.

#include <chrono>
#include <cstddef>
#include <string>

namespace bothlayers::cli {

/// "[done/count] name   E s, about R s left" (R from the mean time per finished unit).
std::string progress_line(std::size_t done, std::size_t count, const std::string& name, double elapsed);

class ProgressLine {
 public:
  /// Shown when stderr is a terminal and CI is not set.
  ProgressLine();
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  /// `done` of `count` units finished, the last one `name`.
  void update(std::size_t done, std::size_t count, const std::string& name);
  /// Erase the line (before the report is printed); the destructor does it too.
  void finish();

 private:
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace bothlayers::cli

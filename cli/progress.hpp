#pragma once
/// \file progress.hpp
/// The progress line long commands (verify, train, compare-precisions, figures)
/// show on a terminal: "[i/n] label  elapsed, about ETA left", rewritten in
/// place on stderr. Never in pipes, files or CI logs: shown only when stderr is
/// a terminal and the environment has no CI variable.

#include <chrono>
#include <cstddef>
#include <string>

namespace bothlayers::cli {

/// The line for item `index` (from 0) of `count`, `elapsed` seconds in; the ETA
/// extrapolates the mean time of the items done.
std::string progress_line(std::size_t index, std::size_t count, const std::string& label, double elapsed);

/// The line after `done` of `count` items finished, the last `label` (ETA from the mean time per finished item).
std::string finished_line(std::size_t done, std::size_t count, const std::string& label, double elapsed);

/// Whether stderr is a terminal and CI is unset.
bool progress_wanted();

/// A progress line on stderr, cleared when destroyed; silent when disabled.
class TerminalProgress {
 public:
  TerminalProgress() : TerminalProgress(progress_wanted()) {}
  explicit TerminalProgress(bool enabled);
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;
  ~TerminalProgress();
  bool enabled() const { return enabled_; }
  /// Show item `index` of `count`; at most 10 redraws a second unless `force` (a new item).
  void update(std::size_t index, std::size_t count, const std::string& label, bool force = true);
  /// Show that `done` of `count` items have finished (in any order, e.g. by worker
  /// processes), the last one `label`: "[done/count] label  elapsed, about ETA left".
  void finished(std::size_t done, std::size_t count, const std::string& label);
  /// Erase the line (before a report is printed); the destructor does it too.
  void finish();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
  void show(const std::string& line);
};

}  // namespace bothlayers::cli

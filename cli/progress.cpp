// progress.hpp: the progress line on a terminal.
#include "progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace bothlayers::cli {

std::string progress_line(std::size_t index, std::size_t count, const std::string& label, double elapsed) {
  char text[160];
  if (index == 0) {
    std::snprintf(text, sizeof text, "[%zu/%zu] %-44.44s", index + 1, count, label.c_str());
  } else {
    const double eta = elapsed / static_cast<double>(index) * static_cast<double>(count - index);
    std::snprintf(text, sizeof text, "[%zu/%zu] %-44.44s %6.0f s, about %.0f s left", index + 1, count, label.c_str(),
                  elapsed, eta);
  }
  return text;
}

std::string finished_line(std::size_t done, std::size_t count, const std::string& label, double elapsed) {
  char text[160];
  if (done == 0 || done >= count) {
    std::snprintf(text, sizeof text, "[%zu/%zu] %-44.44s %6.0f s", done, count, label.c_str(), elapsed);
  } else {
    const double eta = elapsed / static_cast<double>(done) * static_cast<double>(count - done);
    std::snprintf(text, sizeof text, "[%zu/%zu] %-44.44s %6.0f s, about %.0f s left", done, count, label.c_str(), elapsed,
                  eta);
  }
  return text;
}

bool progress_wanted() { return ::isatty(STDERR_FILENO) != 0 && std::getenv("CI") == nullptr; }

TerminalProgress::TerminalProgress(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

TerminalProgress::~TerminalProgress() { finish(); }

void TerminalProgress::finish() {
  if (shown_) std::cerr << "\r" << std::string(100, ' ') << "\r" << std::flush;
  shown_ = false;
}

void TerminalProgress::show(const std::string& line) {
  shown_ = true;
  std::cerr << "\r" << line << std::flush;
}

void TerminalProgress::finished(std::size_t done, std::size_t count, const std::string& label) {
  if (!enabled_) return;
  last_ = std::chrono::steady_clock::now();
  show(finished_line(done, count, label, std::chrono::duration<double>(last_ - start_).count()));
}

void TerminalProgress::update(std::size_t index, std::size_t count, const std::string& label, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && shown_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  show(progress_line(index, count, label, std::chrono::duration<double>(now - start_).count()));
}

}  // namespace bothlayers::cli

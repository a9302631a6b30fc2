#include "progress_line.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <unistd.h>

namespace bothlayers::cli {

std::string progress_line(std::size_t done, std::size_t count, const std::string& name, double elapsed) {
  char text[160];
  if (done == 0) {
    std::snprintf(text, sizeof text, "[%zu/%zu] %-44.44s", done, count, name.c_str());
  } else {
    const double eta = elapsed / static_cast<double>(done) * static_cast<double>(count - done);
    std::snprintf(text, sizeof text, "[%zu/%zu] %-44.44s %6.0f s, about %.0f s left", done, count, name.c_str(),
                  elapsed, eta);
  }
  return text;
}

ProgressLine::ProgressLine() : shown_(::isatty(STDERR_FILENO) != 0 && std::getenv("CI") == nullptr) {}

ProgressLine::~ProgressLine() { finish(); }

void ProgressLine::finish() {
  if (shown_) std::cerr << "\r" << std::string(100, ' ') << "\r" << std::flush;
  shown_ = false;
}

void ProgressLine::update(std::size_t done, std::size_t count, const std::string& name) {
  if (!shown_) return;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::cerr << "\r" << progress_line(done, count, name, elapsed) << std::flush;
}

}  // namespace bothlayers::cli

#include <bothlayers/claims/timing.hpp>

namespace bothlayers::claims {

namespace {
thread_local std::string pending;
}

void note_timing(const std::string& text) {
  if (text.empty()) return;
  pending += (pending.empty() ? "" : "; ") + text;
}

std::string take_timing() {
  std::string out;
  out.swap(pending);
  return out;
}

}  // namespace bothlayers::claims

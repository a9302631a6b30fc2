#include "mpfr_lock.hpp"

#include <bothlayers/errors.hpp>

#include <chrono>

namespace bothlayers::python {

namespace {
std::timed_mutex& mutex() {
  static std::timed_mutex m;
  return m;
}
std::atomic<bool> holder_paused{false};
}  // namespace

MpfrLock::MpfrLock(bool needed) {
  if (!needed) return;
  while (!mutex().try_lock_for(std::chrono::milliseconds(20))) {
    if (holder_paused.load())
      throw InvalidArgument(
          "an mp:* train stream in this process is paused, waiting for its consumer, and holds MPFR's precision: "
          "iterate it to the end or close() it first");
  }
  owns_ = true;
}

MpfrLock::~MpfrLock() {
  if (owns_) mutex().unlock();
}

void MpfrLock::set_holder_paused(bool paused) { holder_paused.store(paused); }

}  // namespace bothlayers::python

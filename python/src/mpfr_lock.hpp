#pragma once
/// \file mpfr_lock.hpp
/// MPFR's default precision is one process-wide value in Boost 1.74
/// (precision.hpp), and the module releases the GIL while it computes, so two
/// Python threads could otherwise run mp:50 and mp:300 at once and corrupt
/// each other. Every computation that may create MPFR numbers holds this lock
/// for its whole length (taken with the GIL released). A streaming train run
/// at mp:* holds it while its iterator is alive; a call that would wait for a
/// stream paused on its consumer fails at once instead of deadlocking.

#include <atomic>
#include <mutex>

namespace bothlayers::python {

class MpfrLock {
 public:
  /// Take the lock when `needed` (call with the GIL released); InvalidArgument
  /// when a paused streaming run holds it.
  explicit MpfrLock(bool needed);
  ~MpfrLock();
  MpfrLock(const MpfrLock&) = delete;
  MpfrLock& operator=(const MpfrLock&) = delete;

  /// A streaming run holding the lock marks itself paused while it waits for its consumer.
  static void set_holder_paused(bool paused);

 private:
  bool owns_ = false;
};

}  // namespace bothlayers::python

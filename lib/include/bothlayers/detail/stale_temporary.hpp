#pragma once
/// \file stale_temporary.hpp
/// The one decision of atomic_file.cpp's sweep of named temporaries `NAME.tmp.<pid>`,
/// apart so that it can be tested whoever runs the tests (root or not).

namespace bothlayers::detail {

/// Whether the process of a named temporary is gone, from kill(pid, 0)'s result and
/// errno: only ESRCH (no such process) means gone. EPERM is a live process we may not
/// signal (another user's run, still writing): its temporary stays.
bool temporary_owner_gone(int kill_result, int kill_errno);

}  // namespace bothlayers::detail

#pragma once
/// \file memory_budget.hpp
/// Sizes that do not fit: a command estimates the bytes a run holds (samples,
/// Hessians) before allocating anything and refuses with the amount, instead
/// of ending in std::bad_alloc (or the kernel's OOM killer) after trying.

#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace bothlayers::cli {

/// Bytes one Scalar takes in a matrix (MPFR: the struct plus its limbs at the current precision).
template <class Scalar>
double scalar_bytes() {
  if constexpr (ScalarTraits<Scalar>::runtime_digits)
    return static_cast<double>(sizeof(Scalar)) + 8.0 * (decimal_digits<Scalar>() * 3.33 / 64 + 2);
  else
    return static_cast<double>(sizeof(Scalar));
}

/// "1.5 GB", "800 TB": a byte count for messages.
inline std::string human_bytes(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
  int u = 0;
  while (bytes >= 1000 && u < 6) {
    bytes /= 1000;
    ++u;
  }
  char text[64];
  std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
  return text;
}

/// The memory a run may use: the machine's physical memory, or the address-space
/// limit (ulimit -v) when that is smaller.
inline double available_memory_bytes() {
  double bytes = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    bytes = std::min(bytes, static_cast<double>(limit.rlim_cur));
  return bytes;
}

/// Throw InvalidArgument "`what` needs N (detail), more than the M this machine
/// has" when `bytes` exceeds the available memory; `hint` says what to change.
inline void require_memory(double bytes, const std::string& what, const std::string& hint) {
  const double available = available_memory_bytes();
  if (bytes > available)
    throw InvalidArgument(what + " needs at least " + human_bytes(bytes) + " of memory, more than the " +
                          human_bytes(available) + " available" + (hint.empty() ? "" : ": " + hint));
}

}  // namespace bothlayers::cli

#pragma once
/// \file seed_stream.hpp
/// A stream of child seeds from one seed (a sweep's runs, an experiment's
/// sample, target and initialization draws): reproducible and independent of
/// how many threads or processes run the draws.

#include <cstdint>

namespace bothlayers::checks {

/// The next seed of a sweep's stream (splitmix64 of the previous): child seeds of one sweep seed.
inline std::uint64_t next_seed(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace bothlayers::checks

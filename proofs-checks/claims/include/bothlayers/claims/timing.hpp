#pragma once
/// \file timing.hpp
/// Wall-clock facts a claim measures (run times, steps per second, seconds of
/// a branch and bound) go here, not into its ClaimResult: the report is then
/// byte-identical across runs, thread counts and MPI ranks for the same seed,
/// and `verify` writes the timings apart (verify-timings.json, the text table).
/// Per thread: a claim runs on one thread (or in one worker process).

#include <string>

namespace bothlayers::claims {

/// Append `text` to the timing note of the claim running on this thread.
void note_timing(const std::string& text);

/// The timing note gathered on this thread since the last call, cleared.
std::string take_timing();

}  // namespace bothlayers::claims

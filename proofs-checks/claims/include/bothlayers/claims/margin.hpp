#pragma once
/// \file margin.hpp
/// From margins to verdicts: the checks' margin type (checks/margin.hpp) seen
/// from the claims, and the tracker of a run's worst margin.

#include <bothlayers/checks/margin.hpp>
#include <bothlayers/claims/claim.hpp>

#include <cstdint>
#include <limits>
#include <string>

namespace bothlayers::claims {

using checks::Comparison;
using checks::digits_margin;
using checks::inequality_margin;
using checks::Margin;
using checks::Outcome;
using checks::Role;

/// The worst margin over a run's instances and where it occurred.
class MarginTracker {
 public:
  /// Record one instance's margin at `precision`; `where` describes it, `seed` reproduces it.
  void record(const Margin& margin, const std::string& precision, const std::string& where, std::uint64_t seed);
  /// Instances recorded (skipped ones included).
  long count() const { return count_; }
  /// Instances outside the claim (empty margins).
  long skipped() const { return skipped_; }
  /// Holds if every decided margin > 0, Violated if some margin <= 0,
  /// Inconclusive if none was decided or some margin was NaN. For a negative
  /// control the margin is flipped: positive = the largest violation found.
  ClaimResult result(const std::string& unit, bool negative_control) const;
  /// Seed and precision of the worst instance (to reproduce or shrink it).
  std::uint64_t worst_seed() const { return seed_; }
  const std::string& worst_precision() const { return precision_; }

 private:
  long count_ = 0, skipped_ = 0, decided_ = 0;
  bool any_nan_ = false;
  double worst_ = std::numeric_limits<double>::infinity();
  std::string where_, precision_;
  std::uint64_t seed_ = 0;
};

}  // namespace bothlayers::claims

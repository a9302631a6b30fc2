#pragma once
/// \file binomial_interval.hpp
/// Rates from counts (paper Section 4's stall rate 1/2, the success rates of
/// Theorem 2's n >= C d): the Wilson score interval and the score test it
/// inverts (p0 lies in the interval at z exactly when |score_z(p0)| <= z).

#include <bothlayers/errors.hpp>

#include <boost/math/distributions/normal.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace bothlayers::checks {

/// Two-sided standard normal quantile for a false-alarm probability alpha.
inline double normal_quantile_two_sided(double alpha) {
  const boost::math::normal_distribution<double> normal;
  return boost::math::quantile(boost::math::complement(normal, alpha / 2));
}

/// A rate k / n with its Wilson score interval at z.
struct RateInterval {
  long successes = 0, trials = 0;
  double z = 0, lo = 0, hi = 1;
  double rate() const { return trials > 0 ? static_cast<double>(successes) / static_cast<double>(trials) : 0.0; }
  bool contains(double p) const { return lo <= p && p <= hi; }
  /// "0.48 [0.36, 0.61] (31/64)".
  std::string describe() const {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.3f [%.3f, %.3f] (%ld/%ld)", rate(), lo, hi, successes, trials);
    return buf;
  }
};

/// Wilson score interval of successes / trials at z; throws InvalidArgument unless 0 <= successes <= trials, trials
/// >= 1.
inline RateInterval wilson_interval(long successes, long trials, double z) {
  if (trials < 1 || successes < 0 || successes > trials)
    throw InvalidArgument("wilson_interval needs 0 <= successes <= trials, trials >= 1");
  RateInterval r;
  r.successes = successes;
  r.trials = trials;
  r.z = z;
  const double n = static_cast<double>(trials), p = r.rate(), z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  r.lo = std::max(0.0, centre - half);
  r.hi = std::min(1.0, centre + half);
  return r;
}

/// Score statistic (k/n - p0) / sqrt(p0 (1 - p0) / n) for 0 < p0 < 1.
inline double score_z(long successes, long trials, double p0) {
  if (trials < 1 || !(p0 > 0 && p0 < 1)) throw InvalidArgument("score_z needs trials >= 1 and 0 < p0 < 1");
  const double n = static_cast<double>(trials);
  return (static_cast<double>(successes) / n - p0) / std::sqrt(p0 * (1 - p0) / n);
}

}  // namespace bothlayers::checks

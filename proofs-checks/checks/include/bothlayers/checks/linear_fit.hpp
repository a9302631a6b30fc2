#pragma once
/// \file linear_fit.hpp
/// Ordinary least squares y = intercept + slope x with standard errors: the
/// one fit behind every fitted rate and exponent of the claims (Theorem 2's
/// linear rate, the burn-in slope, lemma 10's scaling, the n_50% exponent).

#include <bothlayers/errors.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace bothlayers::checks {

/// A fitted line with standard errors (NaN where they are undefined, n <= 2).
struct LinearFit {
  double slope = std::numeric_limits<double>::quiet_NaN();
  double intercept = std::numeric_limits<double>::quiet_NaN();
  double slope_se = std::numeric_limits<double>::quiet_NaN();      ///< standard error of the slope
  double intercept_se = std::numeric_limits<double>::quiet_NaN();  ///< standard error of the intercept
  double r2 = std::numeric_limits<double>::quiet_NaN();            ///< coefficient of determination
  std::size_t n = 0;                                                ///< points used
};

/// Least-squares line through (xs, ys), centred for stability. Throws
/// InvalidArgument when the sizes differ, fewer than 2 points are given, a
/// value is not finite, or all xs are equal.
inline LinearFit linear_fit(const std::vector<double>& xs, const std::vector<double>& ys) {
  if (xs.size() != ys.size()) throw InvalidArgument("linear_fit: xs and ys differ in size");
  const std::size_t n = xs.size();
  if (n < 2) throw InvalidArgument("linear_fit needs at least 2 points");
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) throw InvalidArgument("linear_fit: a value is not finite");
    mx += xs[i];
    my += ys[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = xs[i] - mx, dy = ys[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (!(sxx > 0)) throw InvalidArgument("linear_fit: all x values are equal");
  LinearFit f;
  f.n = n;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  double rss = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = ys[i] - f.intercept - f.slope * xs[i];
    rss += r * r;
  }
  f.r2 = syy > 0 ? 1 - rss / syy : 1.0;
  if (n > 2) {
    const double s2 = rss / static_cast<double>(n - 2);
    f.slope_se = std::sqrt(s2 / sxx);
    f.intercept_se = std::sqrt(s2 * (1.0 / static_cast<double>(n) + mx * mx / sxx));
  }
  return f;
}

/// "slope +- se" with `digits` significant digits, for a claim's note.
inline std::string describe_slope(const LinearFit& f, int digits = 3) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.*g +- %.*g (n=%zu, r2=%.4f)", digits, f.slope, 2, f.slope_se, f.n, f.r2);
  return buf;
}

}  // namespace bothlayers::checks

#pragma once
/// \file power_law.hpp
/// A power law y ~ C x^p fitted in log-log (linear_fit) and tested against a
/// claimed exponent (paper lemma 10's sqrt(d/n), Theorem 2's n >= C d):
/// |p_fit - p_claimed| <= model_tolerance + se_factor x SE(p_fit), margin in
/// exponent units (the headroom left).

#include <bothlayers/checks/linear_fit.hpp>
#include <bothlayers/checks/margin.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace bothlayers::checks {

/// A fitted exponent and its test against a claim.
struct ExponentCheck {
  LinearFit fit;       ///< log y = log C + p log x
  double claimed = 0;  ///< the exponent claimed
  double allowed = 0;  ///< model_tolerance + se_factor x SE
  /// Headroom allowed - |p_fit - claimed| (positive: the fit agrees with the claim).
  double margin() const { return allowed - std::abs(fit.slope - claimed); }
  /// "p = 0.49 +- 0.02 (claimed 0.5, allowed 0.19)".
  std::string describe() const {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%.3f +- %.3f (claimed %g, |diff| allowed %.3f, r2 %.3f, %zu points)", fit.slope,
                  fit.slope_se, claimed, allowed, fit.r2, fit.n);
    return buf;
  }
};

/// Fit log ys against log xs and test the slope against `claimed`; throws like linear_fit
/// (and InvalidArgument for a non-positive value).
inline ExponentCheck check_exponent(const std::vector<double>& xs, const std::vector<double>& ys, double claimed,
                                    double model_tolerance, double se_factor = 2) {
  std::vector<double> lx, ly;
  for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
    if (!(xs[i] > 0) || !(ys[i] > 0)) throw InvalidArgument("check_exponent: values must be positive");
    lx.push_back(std::log(xs[i]));
    ly.push_back(std::log(ys[i]));
  }
  ExponentCheck c;
  c.fit = linear_fit(lx, ly);
  c.claimed = claimed;
  const double se = std::isfinite(c.fit.slope_se) ? c.fit.slope_se : 0.0;
  c.allowed = model_tolerance + se_factor * se;
  return c;
}

}  // namespace bothlayers::checks

#pragma once
/// \file sharp_constant.hpp
/// Sharp-constant search for the proof lemmas 8, 9, 12, 13 (docs/formulas.md section 5):
/// the paper's two-variable reduction in closed form (double), a Nelder-Mead
/// local optimizer, and a search that starts it from the best of many
/// RapidCheck draws.
///
/// Reduction (docs/formulas.md "Reductions", derived here). With effective weights
/// P = v1 w1, Q = v2 w2 (paper signs, v1, v2 > 0) the loss is a function
/// F(P, Q; a) and grad_{w_i} L = v_i grad_{P_i} F, so
///   lemma 8:  sum_i |grad_{w_i} L|^2 >= min(v_i^2) (|grad_P F|^2 + |grad_Q F|^2):
///             the sharp alpha is attained at v1 = v2 (= 1);
///   lemma 12: v1 = v2 = 1 already, so w = (P, Q);
///   lemma 13: |h1|^2 + |h2|^2 = |P - a|^2 + |Q + a|^2 and L = F depend on (P, Q) only.
/// Every ratio is invariant under joint scaling of (P, Q, a) and under
/// rotations, so we take |Q| = 1, P = rho e1, Q = cos(theta) e1 + sin(theta) e2.
/// Both sides of each inequality are quadratics in a:
///   F(a) = K - a.(P - Q)/2 + |a|^2/2,  K = (|P|^2 + |Q|^2)/4 - |P||Q| kappa(theta),
///   kappa(t) = (sin t + (pi - t) cos t)/(2 pi)                         (eq. (8)),
///   grad_P F = g1 - a/2,  g1 = P/2 - |Q| (sin t Pbar + (pi - t) Qbar)/(2 pi)   (eq. (11)),
///   grad_Q F = g2 + a/2,  g2 = Q/2 - |P| (sin t Qbar + (pi - t) Pbar)/(2 pi),
/// so the extreme ratio over a in R^d is found exactly (the extremal a lies in
/// the plane of P, Q): for lemma 8, alpha*(theta, rho) = sup{alpha : min_a
/// (N - alpha F) >= 0} with N = |grad_P F|^2 + |grad_Q F|^2 (min_a in closed
/// form, alpha by bisection: the min is decreasing in alpha); for lemma 12,
/// c* = inf{c : min_a (c D - N) >= 0}, D = |P - a|^2 + |Q + a|^2; for lemma 13
/// the minimum over a is linear in c and
///   c*(theta, rho) = 4 |P + Q|^2 / E[(|P.x| - |Q.x|)^2],  attained at a = (P - Q)/2,
///   E[(|P.x| - |Q.x|)^2] = |P|^2 + |Q|^2 - (4/pi) |P||Q| (sin t + (pi/2 - t) cos t).
/// The remaining two variables (theta, rho) are searched numerically.
/// A property test checks these closed forms against the library's loss and
/// gradient at the extremal a, at 50 digits (properties/tests/lemma_sharp_constants_test.cpp).
///
/// Lemma 9 has no reduction to two variables: its search runs over the box
/// (v1, v2, |w1|, |w2|, theta, direction of a) with the library's Hessian.

#include <rapidcheck.h>

#include <Eigen/Dense>
#include <algorithm>
#include <bothlayers/properties/generators.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace bothlayers::checks::sharp {

using Vec2 = Eigen::Vector2d;

/// Reduced configuration at (theta, rho): |Q| = 1, |P| = rho; the a-independent
/// parts of the gradient (g1, g2) and of the loss (K).
struct Reduced {
  Vec2 P, Q, g1, g2;
  double K = 0;
};

/// The closed forms above at (theta, rho), in double.
inline Reduced reduce(double theta, double rho) {
  const double pi_ = boost::math::constants::pi<double>();
  Reduced r;
  const Vec2 pbar(1, 0), qbar(std::cos(theta), std::sin(theta));
  r.P = rho * pbar;
  r.Q = qbar;
  const double s = std::sin(theta), pt = pi_ - theta;
  const double kappa = (s + pt * std::cos(theta)) / (2 * pi_);
  r.K = (rho * rho + 1) / 4 - rho * kappa;
  r.g1 = r.P / 2 - (s * pbar + pt * qbar) / (2 * pi_);
  r.g2 = r.Q / 2 - rho * (s * qbar + pt * pbar) / (2 * pi_);
  return r;
}

/// Extreme value of a ratio over a, with the extremal a (plane coordinates, |Q| = 1).
struct Extreme {
  double value = std::numeric_limits<double>::quiet_NaN();
  Vec2 a = Vec2::Zero();
};

/// Bisection on a monotone predicate: from `good` (holds) and `bad` (fails),
/// `iterations` halvings; returns the last point found to hold.
template <class Holds>
double bisect_boundary(double good, double bad, int iterations, Holds holds) {
  for (int it = 0; it < iterations; ++it) {
    const double mid = (good + bad) / 2;
    (holds(mid) ? good : bad) = mid;
  }
  return good;
}

/// Lemma 8: inf over a of (|grad_P F|^2 + |grad_Q F|^2) / F at (theta, rho).
/// N - alpha F = c0 - a.b + (1 - alpha)/2 |a|^2, b = g1 - g2 - alpha (P - Q)/2,
/// minimum c0 - |b|^2 / (2 (1 - alpha)) at a = b / (1 - alpha); bisection on alpha in [0, 1).
inline Extreme lemma08_extreme(double theta, double rho) {
  const Reduced r = reduce(theta, rho);
  const double n0 = r.g1.squaredNorm() + r.g2.squaredNorm();
  auto min_h = [&](double alpha, Vec2* a) {
    const Vec2 b = r.g1 - r.g2 - alpha * (r.P - r.Q) / 2;
    if (a) *a = b / (1 - alpha);
    return n0 - alpha * r.K - b.squaredNorm() / (2 * (1 - alpha));
  };
  Extreme e;
  e.value = bisect_boundary(0.0, 1.0, 60, [&](double alpha) { return min_h(alpha, nullptr) >= 0; });
  min_h(e.value, &e.a);
  return e;
}

/// Lemma 12: sup over a of (|grad_P F|^2 + |grad_Q F|^2) / (|P - a|^2 + |Q + a|^2).
/// c D - N = c0 - a.e + (2c - 1/2) |a|^2, e = 2c (P - Q) - (g1 - g2), minimum
/// c0 - |e|^2 / (8c - 2) at a = e / (4c - 1); bisection on c > 1/4.
inline Extreme lemma12_extreme(double theta, double rho) {
  const Reduced r = reduce(theta, rho);
  const double n0 = r.g1.squaredNorm() + r.g2.squaredNorm(), d0 = r.P.squaredNorm() + r.Q.squaredNorm();
  auto min_h = [&](double c, Vec2* a) {
    const Vec2 e = 2 * c * (r.P - r.Q) - (r.g1 - r.g2);
    if (a) *a = e / (4 * c - 1);
    return c * d0 - n0 - e.squaredNorm() / (8 * c - 2);
  };
  double hi = 1;
  while (min_h(hi, nullptr) < 0 && hi < 1e6) hi *= 2;
  Extreme e;
  e.value = bisect_boundary(hi, 0.25, 80, [&](double c) { return min_h(c, nullptr) >= 0; });
  min_h(e.value, &e.a);
  return e;
}

/// Lemma 13: sup over a of (|P - a|^2 + |Q + a|^2) / F = 4 |P + Q|^2 / E[(|P.x| - |Q.x|)^2],
/// attained at a = (P - Q)/2 (closed form, see file comment).
inline Extreme lemma13_extreme(double theta, double rho) {
  const double pi_ = boost::math::constants::pi<double>();
  const Reduced r = reduce(theta, rho);
  const double e_abs = rho * rho + 1 - (4 / pi_) * rho * (std::sin(theta) + (pi_ / 2 - theta) * std::cos(theta));
  Extreme e;
  e.value = 4 * (r.P + r.Q).squaredNorm() / e_abs;
  e.a = (r.P - r.Q) / 2;
  return e;
}

/// Nelder-Mead minimization of f over R^n from x0 with initial step `step`
/// (standard coefficients 1, 2, 1/2, 1/2); stops after `max_evals` evaluations
/// or when the simplex values agree to `ftol` (relative).
inline std::pair<std::vector<double>, double> nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                                                          std::vector<double> x0, double step, int max_evals,
                                                          double ftol = 1e-13) {
  const std::size_t n = x0.size();
  std::vector<std::vector<double>> x(n + 1, x0);
  std::vector<double> fx(n + 1);
  for (std::size_t i = 0; i < n; ++i) x[i + 1][i] += step;
  int evals = 0;
  for (std::size_t i = 0; i <= n; ++i) fx[i] = f(x[i]), ++evals;
  std::vector<std::size_t> order(n + 1);
  auto combine = [&](const std::vector<double>& c, const std::vector<double>& w, double t) {
    std::vector<double> out(n);
    for (std::size_t j = 0; j < n; ++j) out[j] = c[j] + t * (w[j] - c[j]);
    return out;
  };
  while (evals < max_evals) {
    for (std::size_t i = 0; i <= n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) { return fx[p] < fx[q]; });
    const std::size_t best = order[0], worst = order[n], second = order[n - 1];
    if (std::abs(fx[worst] - fx[best]) <= ftol * (std::abs(fx[best]) + 1e-300)) break;
    std::vector<double> centroid(n, 0.0);
    for (std::size_t i = 0; i <= n; ++i)
      if (i != worst)
        for (std::size_t j = 0; j < n; ++j) centroid[j] += x[i][j] / n;
    const std::vector<double> xr = combine(centroid, x[worst], -1);
    const double fr = f(xr);
    ++evals;
    if (fr < fx[best]) {
      const std::vector<double> xe = combine(centroid, x[worst], -2);
      const double fe = f(xe);
      ++evals;
      if (fe < fr)
        x[worst] = xe, fx[worst] = fe;
      else
        x[worst] = xr, fx[worst] = fr;
    } else if (fr < fx[second]) {
      x[worst] = xr, fx[worst] = fr;
    } else {
      const bool outside = fr < fx[worst];
      const std::vector<double> xc = combine(centroid, outside ? xr : x[worst], 0.5);
      const double fc = f(xc);
      ++evals;
      if (fc < std::min(fr, fx[worst])) {
        x[worst] = xc, fx[worst] = fc;
      } else {
        for (std::size_t i = 0; i <= n; ++i) {
          if (i == best) continue;
          x[i] = combine(x[best], x[i], 0.5);
          fx[i] = f(x[i]);
          ++evals;
        }
      }
    }
  }
  const std::size_t b = static_cast<std::size_t>(std::min_element(fx.begin(), fx.end()) - fx.begin());
  return {x[b], fx[b]};
}

/// Result of a sharp-constant search: the extreme value found, where
/// (in the search's own parameters), and how much searching it took.
struct SharpEstimate {
  double value = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> at;  ///< the search's parameters at the extreme (e.g. theta, rho)
  long draws = 0;          ///< RapidCheck draws evaluated
  long starts = 0;         ///< local optimizer runs
};

/// Minimize `objective` (a function of the search parameters, +inf / NaN
/// outside the domain): evaluate `draws` RapidCheck draws of `start`
/// (rc::Random(seed + i)), run Nelder-Mead in the unconstrained coordinates
/// `to_free(x)` -> `from_free(y)` from the best `starts` of them, return the best.
inline SharpEstimate minimize_from_draws(
    const std::function<double(const std::vector<double>&)>& objective, const rc::Gen<std::vector<double>>& start,
    const std::function<std::vector<double>(const std::vector<double>&)>& to_free,
    const std::function<std::vector<double>(const std::vector<double>&)>& from_free, long draws, long starts,
    std::uint64_t seed, double step = 0.2, int evals_per_start = 2000) {
  auto safe = [&](const std::vector<double>& x) {
    const double v = objective(x);
    return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
  };
  std::vector<std::pair<double, std::vector<double>>> pool;
  for (long i = 0; i < draws; ++i) {
    const std::vector<double> x = start(rc::Random(seed + static_cast<std::uint64_t>(i)), rc::kNominalSize).value();
    pool.emplace_back(safe(x), x);
  }
  std::sort(pool.begin(), pool.end(), [](const auto& p, const auto& q) { return p.first < q.first; });
  SharpEstimate best;
  best.draws = draws;
  best.value = pool.empty() ? std::numeric_limits<double>::infinity() : pool.front().first;
  if (!pool.empty()) best.at = pool.front().second;
  auto free_objective = [&](const std::vector<double>& y) { return safe(from_free(y)); };
  for (long s = 0; s < std::min<long>(starts, static_cast<long>(pool.size())); ++s) {
    const auto [y, fy] =
        nelder_mead(free_objective, to_free(pool[static_cast<std::size_t>(s)].second), step, evals_per_start);
    ++best.starts;
    if (fy < best.value) best.value = fy, best.at = from_free(y);
  }
  return best;
}

/// Start points (theta, rho) for the two-variable searches: theta from
/// `theta_gen`, rho = 10^(m/8) for m in [-48, 48] (biased to 1e-1..1e1).
inline rc::Gen<std::vector<double>> theta_rho_draw(rc::Gen<double> theta_gen) {
  return rc::gen::exec([theta_gen] {
    const double theta = *theta_gen;
    const double rho = *rc::gen::weightedOneOf<double>(
        {{2, properties::gens::log_uniform(-1, 1)}, {1, properties::gens::log_uniform(-6, 6)}});
    return std::vector<double>{theta, rho};
  });
}

/// Unconstrained coordinates of (theta, rho) with theta in [lo, hi]:
/// theta = lo + (hi - lo) (1 - cos y0)/2, rho = exp(y1) clamped to [1e-6, 1e6]
/// (the range the instance generators draw).
struct ThetaRhoCoordinates {
  double lo, hi;
  std::vector<double> to_free(const std::vector<double>& x) const {
    const double s = std::clamp((x[0] - lo) / (hi - lo), 0.0, 1.0);
    return {std::acos(1 - 2 * s), std::log(x[1])};
  }
  std::vector<double> from_free(const std::vector<double>& y) const {
    return {lo + (hi - lo) * (1 - std::cos(y[0])) / 2, std::exp(std::clamp(y[1], -std::log(1e6), std::log(1e6)))};
  }
};

}  // namespace bothlayers::checks::sharp

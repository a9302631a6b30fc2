#pragma once
/// \file stationary_search.hpp
/// Theorem 1 as a whole (docs/formulas.md section 3): drive grad L to zero from a start
/// by Levenberg-Marquardt on the gradient (Gauss-Newton on |grad L|^2/2 with the
/// eq. (14) Hessian as the Jacobian), a method that converges to any stationary
/// point (saddles included), not only to minima; the caller classifies the zero.
///
/// Step: (H^2 + mu I) delta = -H g over the parameters (W row by row, then V),
/// accepted when |grad L| decreases (then mu /= 3, else mu *= 4); stops when the
/// scale-free stationarity residual (landscape.hpp) is below `tolerance`, when
/// a unit's w_i reaches 0 (L not differentiable), when 40 tries at one iterate
/// all fail to decrease |grad L| (stalled: near a non-strict saddle, where
/// grad L = O(theta^2), the decrease can fall below the rounding of |grad L|), or
/// after `max_iterations`. A trial step that is not finite (mu overflowed, or the
/// solve broke down) is a failed try, never "a unit reached w = 0".
///
/// The check of Theorem 1 as a whole (every zero found is an optimum or a
/// saddle) is compiled once per scalar type (checks/src/stationary_search.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>

namespace bothlayers::checks {

/// Where a search ended.
template <class Scalar>
struct StationarySearch {
  Network<Scalar> net;
  Scalar residual = 0;  ///< stationarity_residual at the end
  int iterations = 0;
  bool converged = false;
  bool zero_neuron = false;
  bool stalled = false;  ///< 40 tries at the last iterate found no decrease of |grad L|
};

/// Levenberg-Marquardt on grad L from `start` (see the file comment).
template <class Scalar>
StationarySearch<Scalar> levenberg_marquardt_zero(const Network<Scalar>& start, const Matrix<Scalar>& A,
                                                  const Scalar& tolerance, int max_iterations) {
  StationarySearch<Scalar> s{start};
  const Eigen::Index k = start.k(), d = start.d(), n = start.parameter_count();
  const auto flat = [&](const Gradient<Scalar>& g) {
    Vector<Scalar> x(n);
    for (Eigen::Index i = 0; i < k; ++i) x.segment(i * d, d) = g.W.row(i).transpose();
    x.tail(k) = g.V.col(0);
    return x;
  };
  Vector<Scalar> g = flat(population_gradient(s.net, A));
  Scalar mu = -1;
  for (s.iterations = 0; s.iterations < max_iterations; ++s.iterations) {
    s.residual = stationarity_residual(s.net, A);
    if (s.residual <= tolerance) {
      s.converged = true;
      return s;
    }
    const Matrix<Scalar> H = population_hessian(s.net, A);
    const Matrix<Scalar> H2 = H * H;
    if (mu < 0) mu = H2.diagonal().maxCoeff() / 1000;
    bool accepted = false;
    for (int tries = 0; tries < 40 && !accepted; ++tries) {
      Matrix<Scalar> M = H2;
      M.diagonal().array() += mu;
      const Vector<Scalar> delta = M.ldlt().solve(Vector<Scalar>(-(H * g)));
      Network<Scalar> trial = s.net;
      for (Eigen::Index i = 0; i < k; ++i) trial.W.row(i) += delta.segment(i * d, d).transpose();
      trial.V.col(0) += delta.tail(k);
      const Scalar n0 = trial.W.row(0).norm(), n1 = trial.W.row(1).norm();
      if (!is_finite(n0) || !is_finite(n1) || !is_finite(trial.V.norm())) {
        mu *= 4;  // a step that overflowed or broke down: a failed try
        continue;
      }
      if (!(n0 > 0) || !(n1 > 0)) {
        s.zero_neuron = true;
        return s;
      }
      const Vector<Scalar> gt = flat(population_gradient(trial, A));
      if (gt.norm() < g.norm()) {
        s.net = trial;
        g = gt;
        mu = std::max<Scalar>(mu / 3, Scalar(H2.diagonal().maxCoeff() * eps<Scalar>()));
        accepted = true;
      } else {
        mu *= 4;
      }
    }
    if (!accepted) {
      s.stalled = true;
      break;
    }
  }
  s.residual = stationarity_residual(s.net, A);
  s.converged = s.residual <= tolerance;
  return s;
}

/// Counts over the searches of one precision (the runner calls the check sequentially).
struct StationarySearchStats {
  long starts = 0, converged = 0, optima = 0, saddles = 0, equal_sign = 0, other = 0, zero_neuron = 0,
       left_sign_setting = 0, vanished_unit = 0, unrefined = 0;
  double smallest_off_set = std::numeric_limits<double>::infinity();  ///< residual of a non-converged run
  std::set<std::string> distinct;  ///< "optimum" and "saddle c=..." (c to 6 digits), per precision
  long iterations = 0;
};

/// The counts of one run of the claim, by precision (scalar_name), and their report.
struct StationarySearchTally {
  std::map<std::string, StationarySearchStats> by_precision;
  /// "double: N starts, M converged (...), ...; mp:50: ..." (the claim's note).
  std::string summary() const;
};

/// Theorem 1, p. 4, as a whole: Levenberg-Marquardt on grad L from `start`
/// (tolerance identity_tolerance(kd), then refined toward 1e-3 of it), and the
/// zero reached classified by classify_point: margin = digits of its distance
/// to the optimum or saddle set below tol^(1/4); -1 for a refined zero off both
/// sets; skipped (and counted in `tally`) when the search does not converge, a
/// unit reaches w = 0 or vanishes, the end leaves the sign setting, or a zero
/// off both sets could not be refined. With `wrong_set` (the negative control)
/// the zeros are classified against the stationary set of the target 1.1 a.
Outcome stationary_search_finds_theorem1_point(const Precision& precision, const properties::PointInstance& start,
                                               bool wrong_set, StationarySearchTally& tally);

}  // namespace bothlayers::checks

#pragma once
/// \file gradient_deviation.hpp
/// Paper lemma 11 along a trajectory: the smallest delta with
/// |grad_{w_i} Lhat - grad_{w_i} L| <= |v_i| delta (|h1| + |h2|) at every iterate of
/// an empirical gradient-descent run (k = 2, r = 1, V = [v1, -v2]); the population
/// gradient is evaluated at each iterate by GdOptions::observer.
///
/// Roundoff is not a violation: both gradients carry a rounding error of about
/// eps |v_i| (|a| + sum_j |V_j| |w_j|) d (the residual f(x) - a^T x is formed per row);
/// a step whose deviation is below 100 times that is counted as roundoff-dominated
/// and left out of delta.

#include <bothlayers/diagnostics.hpp>
#include <bothlayers/gradient_descent.hpp>

#include <algorithm>
#include <memory>

namespace bothlayers::checks {

/// The rounding model of the file comment at `net` (k = 2, r = 1, target a) for unit i:
/// eps |v_i| (|a| + sum_j |V_j| |w_j|) d, the rounding error either gradient of w_i carries.
template <class Scalar>
Scalar gradient_rounding_model(const Network<Scalar>& net, const Vector<Scalar>& a, Eigen::Index i) {
  using std::abs;
  Scalar size = a.norm();
  for (Eigen::Index j = 0; j < net.k(); ++j) size += abs(net.V(j, 0)) * net.W.row(j).norm();
  const Scalar d(static_cast<double>(net.d()));
  return eps<Scalar>() * abs(net.V(i, 0)) * size * d;
}

/// What lemma 11's check saw along one run.
template <class Scalar>
struct GradientDeviationRun {
  Scalar delta = 0;         ///< max over checked steps and units of |dG_i| / (|v_i| (|h1| + |h2|))
  long worst_step = -1;     ///< where delta was attained
  long checked_steps = 0;   ///< steps that entered delta
  long roundoff_steps = 0;  ///< steps left out as roundoff-dominated
  GdResult<Scalar> result;  ///< the run itself
  Scalar final_population_loss = 0;
};

/// Empirical GD from `start` on the sample X with target a (d x 1), measuring lemma 11's delta at every step.
/// Throws DimensionError unless k = 2 and r = 1.
template <class Scalar>
GradientDeviationRun<Scalar> gradient_deviation_along_run(const Network<Scalar>& start, const Matrix<Scalar>& A,
                                                          std::shared_ptr<const RowMatrix<Scalar>> X,
                                                          GdOptions<Scalar> options) {
  using std::abs;
  if (start.k() != 2 || start.r() != 1) throw DimensionError("lemma 11's check needs k = 2, r = 1");
  const Vector<Scalar> a = A.col(0);
  GradientDeviationRun<Scalar> out;
  options.observer = [&](const GdStep<Scalar>& step) {
    const Gradient<Scalar> population = population_gradient(step.before, A);
    const PaperDiagnostics<Scalar> diag = paper_diagnostics(step.before, a);
    const Scalar h = diag.h1_norm + diag.h2_norm;
    bool checked = false, roundoff = false;
    for (Eigen::Index i = 0; i < 2; ++i) {
      const Scalar v = abs(step.before.V(i, 0));
      const Scalar deviation = (step.gradient.W.row(i) - population.W.row(i)).norm();
      const Scalar rounding = gradient_rounding_model(step.before, a, i);
      if (deviation <= 100 * rounding || !(v * h > 0)) {
        roundoff = true;
        continue;
      }
      checked = true;
      const Scalar ratio = deviation / (v * h);
      if (ratio > out.delta) {
        out.delta = ratio;
        out.worst_step = step.step;
      }
    }
    if (checked) ++out.checked_steps;
    if (roundoff && !checked) ++out.roundoff_steps;
    return GdControl::Continue;
  };
  Objective<Scalar> objective{A, std::move(X), 1};
  out.result = gradient_descent(start, objective, options);
  out.final_population_loss = population_loss(out.result.final_network, A);
  return out;
}

}  // namespace bothlayers::checks

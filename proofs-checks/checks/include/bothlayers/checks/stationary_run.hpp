#pragma once
/// \file stationary_run.hpp
/// Section 4's experiments on the population loss: gradient descent from a seeded
/// initialization (any k, r) until the scale-free stationarity residual
/// (landscape.hpp) falls below a tolerance. A gradient-norm stop does not fit these
/// runs: at the equal-sign minima (non-strict) the gradient decays only polynomially,
/// and a unit whose output weight is small still has a small gradient long before it
/// has turned to its place, so a run stopped on |grad| can end off every stationary set.

#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/landscape.hpp>

namespace bothlayers::checks {

/// Knobs of a run to stationarity.
struct StationaryRunOptions {
  double mu = 0.1;  ///< step (|a| = 1 targets)
  long max_steps = 400000;
  double residual_tolerance = 1e-7;  ///< stop when stationarity_residual <= this
  long check_every = 25;             ///< residual evaluated every this many steps
};

/// Population GD from `start` toward target A until stationary (or the step budget ends).
template <class Scalar>
GdResult<Scalar> run_to_stationarity(const Network<Scalar>& start, const Matrix<Scalar>& A,
                                     const StationaryRunOptions& o) {
  GdOptions<Scalar> options;
  options.step = Scalar(o.mu);
  options.max_steps = o.max_steps;
  options.stride = o.max_steps + 1;
  const Scalar tolerance(o.residual_tolerance);
  options.observer = [&](const GdStep<Scalar>& step) {
    if (step.step % o.check_every != 0) return GdControl::Continue;
    // gradient_descent stops on a zero neuron before the observer sees it.
    return stationarity_residual(step.before, A) <= tolerance ? GdControl::Stop : GdControl::Continue;
  };
  return gradient_descent(start, Objective<Scalar>{A, nullptr, 1}, options);
}

/// Section 4's start: Gaussian W ~ N(0, sigma^2/d) and V ~ N(0, sigma^2/2) (signs random), k x d, k x r.
template <class Scalar>
Network<Scalar> gaussian_start(Eigen::Index k, Eigen::Index d, Eigen::Index r, double sigma, std::uint64_t seed) {
  return initialize<Scalar>(
      InitOptions{.scheme = InitScheme::Gaussian, .k = k, .d = d, .r = r, .sigma = sigma, .seed = seed});
}

/// Whether a run ended stationary (not on the step budget or a failure).
template <class Scalar>
bool ended_stationary(const GdResult<Scalar>& r) {
  return r.reason == StopReason::ObserverStop;
}

}  // namespace bothlayers::checks

#pragma once
/// \file gd_endpoints.hpp
/// Theorem 1 as a statement about gradient descent: where population GD
/// (k = 2, r = 1) stops, classified by classify_point (landscape.hpp); the
/// claim's compiled check in checks/src/gd_endpoints.cpp.

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::checks {

using properties::GdInstance;

/// Where a run ended: its result, and (when it met the gradient tolerance) the classification.
template <class Scalar>
struct GdEnd {
  bool converged = false;  ///< stopped on the gradient tolerance
  bool failed = false;     ///< stopped for another reason than the step budget
  GdResult<Scalar> result;
  Classification<Scalar> classification;
};

/// Population GD from the instance's start (aligned w_i = s_i a, or the paper's
/// initialization), step mubar / |a|, until |grad| <= 1e-11 |a|^1.5 or 40000 steps.
template <class Scalar>
GdEnd<Scalar> run_gd(const GdInstance& g) {
  using std::sqrt;
  const Eigen::Index d = g.a.size();
  const Vector<Scalar> a = g.a.cast<Scalar>();
  const Scalar na = a.norm(), root = sqrt(na);
  Network<Scalar> start;
  if (g.aligned) {
    start = Network<Scalar>{Matrix<Scalar>(2, d), Matrix<Scalar>(2, 1)};
    start.W.row(0) = (Scalar(g.s1) * a / root).transpose();
    start.W.row(1) = (Scalar(g.s2) * a / root).transpose();
    start.V(0, 0) = root;
    start.V(1, 0) = -root;
  } else {
    InitOptions o;
    o.scheme = InitScheme::Paper;
    o.k = 2;
    o.d = d;
    o.r = 1;
    o.sigma = g.sigma;
    o.seed = g.init_seed;
    start = initialize<Scalar>(o);
  }
  Objective<Scalar> objective;
  objective.A = Matrix<Scalar>(a);
  GdOptions<Scalar> options;
  options.step = Scalar(g.mubar) / na;
  options.max_steps = 40000;
  options.stride = 1000000;
  options.gradient_tolerance = Scalar(1e-11) * na * root;
  GdEnd<Scalar> end;
  end.result = gradient_descent(start, objective, options);
  if (end.result.reason == StopReason::MaxSteps) return end;
  if (end.result.reason != StopReason::GradientTolerance) {
    end.failed = true;
    return end;
  }
  end.converged = true;
  ClassifyOptions<Scalar> co;
  co.stationarity_tolerance = Scalar(1e-8);
  co.set_tolerance = Scalar(1e-3);
  end.classification = classify_point(end.result.final_network, a, co);
  return end;
}

/// The claim's margin: positive when GD ended at an optimum, a saddle or (after
/// an output weight changed sign) an equal-sign minimum; with `wrong_set`, the
/// control: the endpoints checked against the saddle set -1 < c < 0, skipping
/// equal-sign endpoints (outside Theorem 1's sign setting).
template <class Scalar>
Margin gd_endpoint(const GdInstance& g, bool wrong_set) {
  const GdEnd<Scalar> end = run_gd<Scalar>(g);
  if (end.failed) return -1.0;
  if (!end.converged) return std::nullopt;
  const auto& cl = end.classification;
  if (wrong_set) {
    if (cl.kind == PointKind::EqualSignMinimum) return std::nullopt;
    if (cl.kind == PointKind::GlobalOptimum) return 1.0;
    // The wrong saddle set: c in (-1, 0). Every endpoint GD reaches has c > 0 or c < -1.
    if (cl.kind == PointKind::Saddle && *cl.c > -1 && *cl.c < 0) return 1.0;
    return -1.0;
  }
  // Every start has V = [v1, -v2], v1, v2 > 0; an endpoint with equal signs means
  // an output weight crossed 0 on the way (the flow keeps b_i = |w_i|^2 - v_i^2,
  // so v_i can reach 0 while |w_i| >= sqrt(b_i) > 0): it must then be on the
  // equal-sign set theta = 0, V1 w1 + V2 w2 = a, which Theorem 1 does not cover.
  if (cl.kind != PointKind::GlobalOptimum && cl.kind != PointKind::Saddle && cl.kind != PointKind::EqualSignMinimum)
    return -1.0;
  return digits_margin(cl.residual, Scalar(1e-8));
}

/// Theorem 1, p. 4: gd_endpoint at `precision`: population GD from the
/// instance's start that reaches |grad| <= 1e-11 |a|^1.5 stops at an optimum, a
/// saddle or (after an output weight changed sign) an equal-sign minimum; with
/// `wrong_set` (the negative control) its endpoints are checked against the
/// saddle set -1 < c < 0.
Outcome gd_ends_at_optimum_or_saddle(const Precision& precision, const GdInstance& g, bool wrong_set);

}  // namespace bothlayers::checks

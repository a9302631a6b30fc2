#pragma once
/// \file gd_flow.hpp
/// Population gradient descent (paper Theorem 2's iteration, p. 6, on eqs.
/// (11)-(12), pp. 20-21) read as a flow with its step kept: the modified flow of
/// modified_flow.hpp (x' = -G - (mu/2) DG G, error model there and in
/// docs/library/gd-flow.md) integrated by Fehlberg's 7(8) pair (rk78.hpp) with
/// step-size control, in the span reduction of span_reduction.hpp (rows in
/// span(a, w_1(0), ..., w_k(0)), dimension k + r at most: 3 for the paper's
/// k = 2, which runs on the fixed-size step of population_step_k2.hpp), in any
/// scalar type (a wide-exponent one for the paper's sigma ~ e^-823). The
/// iterate at any step index N is the flow at time N mu: every integrator step
/// that is at least one GD step long ends on a whole step index, and a
/// requested index is landed on exactly. Each point carries an error estimate
/// (model + integration + rounding, see FlowPoint): an a-posteriori estimate, not a bound.
/// The member functions are in detail/gd_flow_impl.hpp, compiled once per scalar type
/// (lib/src/instantiate.cpp.in), declared extern for every scalar type below.

#include <bothlayers/errors.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/modified_flow.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/rk78.hpp>
#include <bothlayers/span_reduction.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace bothlayers {

/// How the flow is integrated.
template <class Scalar>
struct FlowOptions {
  Scalar step = Scalar(1) / 1000;  ///< mu, the GD step whose iterates the flow follows
  /// Terms of the modified field kept: 1 (default) x' = -G - (mu/2) DG G, global error O(mu^2);
  /// 0: plain gradient flow x' = -G, global error O(mu) (the validation claim's negative control).
  int correction_order = 1;
  /// Relative local error per integrator step (0: max(64 eps, (mu |A|)^2 / 10^10), far below the
  /// model's own relative error mu^2 |f2| per unit time unless the run is very slow).
  Scalar tolerance = 0;
  /// Longest integrator step, in units of time (0: no cap); caps force a dense sample.
  Scalar max_time_step = 0;
  /// Longest integrator step as a relative change of the state, |f(x)| h / |x| (0: no cap): a
  /// sample dense where the state changes fastest, none where it no longer moves.
  Scalar max_relative_change = 0;
  /// Propagate the error model's estimate at every integrator step (2 n + 7 gradients more per
  /// step, n = k (m + r) the reduced dimension: 23 for k = 2; the step itself costs 39).
  bool estimate_error = true;
  /// The layer held fixed, as GdOptions::freeze (its block of G is zeroed).
  FrozenLayer freeze = FrozenLayer::None;
  /// Largest mu times the problem's curvature scale max(|A|_F, |W(0)|_F^2 + |V(0)|_F^2) (an upper
  /// estimate of |hess L| along a run from that start) accepted: the modified-field series is in
  /// powers of that product, and the flow follows GD to O(product^2) only while it is small.
  Scalar max_step_product = Scalar(1) / 10;
  /// Integrator steps at most (a run that needs more throws NonFiniteError: the step collapsed).
  long max_integrator_steps = 100000000;
};

/// The flow's iterate at a step index, with its error estimate: the model error to first
/// order (the omitted term propagated by the linearized flow, so a gap made in the growth
/// phase grows with it and one made before the convergence phase contracts with it), the
/// integrator's and the rounding's as unsigned relative sums.
template <class Scalar>
struct FlowPoint {
  long step = 0;                 ///< N: the iterate after N GD steps
  Scalar time = 0;               ///< N mu
  Network<Scalar> network;       ///< lifted to R^d
  /// |e(N mu)|, e' = -DG e + mu^(q+1) f_(q+1) propagated along the run (q = correction_order: the
  /// first omitted term), plus the difference error of mu/2 DG G (unsigned, relative, accumulated)
  Scalar model_error = 0;
  Scalar integration_error = 0;  ///< |x| sum |local error estimate| / |x| over the integrator steps
  Scalar rounding_error = 0;     ///< 4 eps |x| sqrt(integrator steps + 1)
  /// The three added: the estimated distance |x_flow(N) - x_GD(N)| (parameters in R^d, Frobenius).
  Scalar error_estimate() const { return model_error + integration_error + rounding_error; }
};

/// Gradient descent's modified flow from `start` on a population objective (see the file comment).
template <class Scalar>
class GdFlow {
 public:
  using Vec = Vector<Scalar>;

  /// Throws InvalidArgument for an empirical objective, a step that is not finite and > 0 or
  /// too large (max_step_product), a correction order other than 0 or 1, or a freeze outside
  /// FrozenLayer; as validate() for shapes; ZeroNormError for a start with some w_i = 0.
  GdFlow(const Network<Scalar>& start, const Objective<Scalar>& objective, const FlowOptions<Scalar>& options);

  /// Index of the current iterate: the last whole step index reached (see at_whole_step).
  long step_index() const { return index_; }
  /// True when the state is the flow at exactly step_index() mu.
  bool at_whole_step() const { return whole_; }
  /// True once 8 integrator steps in a row, each of at least one GD step, moved the state by no
  /// more than max(4 eps, tolerance) |x|: later indices are read from that state without
  /// integrating (that much is added to the integration error estimate).
  bool stationary() const { return stationary_; }
  long integrator_steps() const { return accepted_; }
  long rejected_steps() const { return rejected_; }
  long gradient_evaluations() const { return field_.gradient_evaluations(); }
  /// The reduced problem: basis Q (d x m), the reduced start and target.
  const ReducedProblem<Scalar>& problem() const { return problem_; }
  /// The current iterate in the reduced coordinates and lifted to R^d.
  Network<Scalar> reduced_network() const { return unflatten(x_); }
  Network<Scalar> network() const { return lift_from_basis(unflatten(x_), problem_.basis); }
  const FlowOptions<Scalar>& options() const { return options_; }

  /// The current point (its step index is step_index(); meaningful when at_whole_step()).
  FlowPoint<Scalar> point() const;

  /// One accepted integrator step toward step index `target` (>= step_index()), never past
  /// it; a step of at least one GD step ends on a whole index. Returns the new step_index().
  long advance_toward(long target);

  /// Integrate to step index `target` and return the point there.
  FlowPoint<Scalar> advance_to(long target);

 private:
  /// |f(x)| / |x| at the current state, for max_relative_change (one field evaluation).
  void measure_speed();

  /// The error model over the accepted step of length h ending at x_: the gap e = x_GD - x_flow
  /// follows e' = -DG e + mu^(q+1) f_(q+1) (to first order; DG and the omitted term linear across
  /// the step between their values at its ends), by Heun substeps of h / n with |DG|_F h / n <= 1;
  /// the difference error of mu/2 DG G is accumulated unsigned and relative.
  void propagate_error(const Scalar& h, const Scalar& x_norm);

  static ReducedProblem<Scalar> reduce(const Network<Scalar>& start, const Objective<Scalar>& objective);

  Vec flatten(const Network<Scalar>& net) const;

  Network<Scalar> unflatten(const Vec& x) const;

  /// G on the flat reduced state: the k = 2 fixed-size gradient, or the generic population gradient;
  /// the frozen block zeroed.
  typename ModifiedFlowField<Scalar>::GradientMap make_gradient_map() const;

  FlowOptions<Scalar> options_;
  ReducedProblem<Scalar> problem_;
  ModifiedFlowField<Scalar> field_;
  Rk78Tableau<Scalar> tableau_;
  Rk78Work<Vec> work_;
  Vec x_, out_, err_;
  Scalar h_ = 0, rtol_ = 0, time_ = 0, integration_rel_ = 0, difference_rel_ = 0, previous_norm_ = 1, speed_ = 0;
  Vec e_;  ///< the propagated model error x_GD - x_flow (estimate_error)
  typename ModifiedFlowField<Scalar>::Omitted omitted_;  ///< the omitted terms at the current point
  long index_ = 0, accepted_ = 0, rejected_ = 0, unchanged_ = 0;
  bool whole_ = true, stationary_ = false;
};

#define BOTHLAYERS_GD_FLOW_EXTERN(S) extern template class GdFlow<S>;
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_GD_FLOW_EXTERN)
#undef BOTHLAYERS_GD_FLOW_EXTERN

}  // namespace bothlayers

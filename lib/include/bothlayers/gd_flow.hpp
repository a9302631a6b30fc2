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

#include <bothlayers/errors.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/modified_flow.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/population_step_k2.hpp>
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
  GdFlow(const Network<Scalar>& start, const Objective<Scalar>& objective, const FlowOptions<Scalar>& options)
      : options_(options),
        problem_(reduce(start, objective)),
        field_(make_gradient_map(), options.step, options.correction_order) {
    using std::max;
    if (!(options.step > 0) || !is_finite(options.step)) throw InvalidArgument("flow: the GD step must be finite and > 0");
    if (options.correction_order != 0 && options.correction_order != 1)
      throw InvalidArgument("flow: correction order must be 0 (gradient flow) or 1 (first correction)");
    if (options.freeze != FrozenLayer::None && options.freeze != FrozenLayer::V && options.freeze != FrozenLayer::W)
      throw InvalidArgument("flow: freeze must be FrozenLayer::None, V or W");
    if (!(options.tolerance >= 0) || !(options.max_time_step >= 0) || !(options.max_relative_change >= 0))
      throw InvalidArgument("flow: tolerance, max_time_step and max_relative_change must be >= 0");
    const Scalar curvature = max<Scalar>(objective.A.norm(), Scalar(start.W.squaredNorm() + start.V.squaredNorm()));
    const Scalar product = options.step * curvature;
    if (!(product <= options.max_step_product)) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "mu * max(|A|, |W|^2 + |V|^2) = %.4g > %.4g", to_double(product),
                    to_double(options.max_step_product));
      throw InvalidArgument(std::string("flow: the step is too large for the modified flow: ") + buf +
                            " (use gradient descent step by step, or a smaller step)");
    }
    const Scalar mu_a = options.step * objective.A.norm();
    rtol_ = options.tolerance > 0 ? options.tolerance : max<Scalar>(64 * eps<Scalar>(), mu_a * mu_a / 10000000000);
    x_ = flatten(problem_.start);
    Vec g;
    if (!field_.gradient(x_, g)) throw ZeroNormError("flow: a unit of the start has w_i = 0");
    // First step: a hundredth of the time scale |x| / |G| (the controller adapts it).
    const Scalar gn = g.norm(), xn = x_.norm();
    previous_norm_ = xn;
    h_ = gn > 0 ? Scalar(xn / gn / 100) : Scalar(1);
    if (options_.max_time_step > 0) h_ = std::min<Scalar>(h_, options_.max_time_step);
    measure_speed();
    e_ = Vec::Zero(x_.size());
    if (options_.estimate_error && !field_.omitted(x_, omitted_)) throw ZeroNormError("flow: a unit of the start has w_i = 0");
  }

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
  FlowPoint<Scalar> point() const {
    using std::sqrt;
    FlowPoint<Scalar> p;
    p.step = index_;
    p.time = time_;
    p.network = network();
    const Scalar xn = x_.norm();
    p.model_error = e_.norm() + xn * difference_rel_;
    p.integration_error = xn * integration_rel_;
    p.rounding_error = 4 * eps<Scalar>() * xn * sqrt(Scalar(accepted_ + 1));
    return p;
  }

  /// One accepted integrator step toward step index `target` (>= step_index()), never past
  /// it; a step of at least one GD step ends on a whole index. Returns the new step_index().
  long advance_toward(long target) {
    using std::floor;
    using std::max;
    using std::min;
    using std::pow;
    if (target < index_) throw InvalidArgument("flow: cannot go back from step " + std::to_string(index_) +
                                               " to " + std::to_string(target));
    if (target == index_ && whole_) return index_;
    const Scalar& mu = options_.step;
    const Scalar t_target = Scalar(target) * mu;
    if (stationary_) {  // the state no longer changes: jump
      index_ = target;
      time_ = t_target;
      whole_ = true;
      return index_;
    }
    for (;;) {
      if (accepted_ + rejected_ >= options_.max_integrator_steps)
        throw NonFiniteError("flow: more than " + std::to_string(options_.max_integrator_steps) +
                             " integrator steps (the step size collapsed)");
      Scalar h = h_;
      if (options_.max_time_step > 0) h = min<Scalar>(h, options_.max_time_step);
      if (options_.max_relative_change > 0 && speed_ > 0) h = min<Scalar>(h, options_.max_relative_change / speed_);
      long end_index = index_;
      bool lands = false;
      if (time_ + h >= t_target) {
        end_index = target;
        lands = true;
      } else if (h >= mu) {
        end_index = static_cast<long>(to_double(Scalar(floor((time_ + h) / mu))));
        end_index = std::min(target, std::max(end_index, index_ + 1));
        lands = true;
      } else if (time_ + h >= Scalar(index_ + 1) * mu) {  // a step shorter than mu never passes a whole index
        end_index = index_ + 1;
        lands = true;
      }
      const Scalar t_end = lands ? Scalar(Scalar(end_index) * mu) : Scalar(time_ + h);
      h = t_end - time_;
      if (!rk78_step(field_, tableau_, x_, h, out_, err_, work_))
        throw ZeroNormError("flow: a unit reached w_i = 0 near step " + std::to_string(index_));
      const Scalar scale = rtol_ * max<Scalar>(x_.norm(), out_.norm());
      const Scalar ratio = err_.norm() / scale;
      if (!is_finite(ratio)) {
        ++rejected_;
        h_ = h / 10;
        continue;
      }
      // Step-size control for the 7th-order estimate: factor 0.9 ratio^(-1/8) in [1/5, 4].
      Scalar factor = ratio > 0 ? Scalar(Scalar(9) / 10 * pow(ratio, -Scalar(1) / 8)) : Scalar(4);
      factor = min<Scalar>(Scalar(4), max<Scalar>(Scalar(1) / 5, factor));
      if (ratio > 1) {
        ++rejected_;
        h_ = h * factor;
        continue;
      }
      ++accepted_;
      // Stationary: 8 accepted steps in a row of at least one GD step each moved the state by
      // no more than the integrator's own noise, max(4 eps, tolerance) |x| (at a fixed point the
      // steps sit at the stability limit, where the noise keeps the last bits moving instead of
      // freezing them); what the state would still move is below that, and is added to the
      // integration error estimate.
      const Scalar noise = max<Scalar>(4 * eps<Scalar>(), rtol_) * max<Scalar>(x_.norm(), out_.norm());
      unchanged_ = h >= mu && Scalar((out_ - x_).norm()) <= noise ? unchanged_ + 1 : 0;
      if (unchanged_ >= 8) {
        stationary_ = true;
        integration_rel_ += max<Scalar>(4 * eps<Scalar>(), rtol_);
      }
      integration_rel_ += err_.norm() / max<Scalar>(x_.norm(), out_.norm());
      x_.swap(out_);
      if (options_.estimate_error) propagate_error(h, x_.norm() == 0 ? Scalar(1) : Scalar(x_.norm()));
      measure_speed();
      time_ = t_end;
      if (lands) index_ = end_index;
      whole_ = lands;
      // Keep the proposed size across a landing that cut the step short.
      if (!(lands && h < h_)) h_ = h;
      h_ = h_ * factor;
      return index_;
    }
  }

  /// Integrate to step index `target` and return the point there.
  FlowPoint<Scalar> advance_to(long target) {
    if (target < index_)
      throw InvalidArgument("flow: cannot go back from step " + std::to_string(index_) + " to " + std::to_string(target));
    while (index_ < target || !whole_) advance_toward(target);
    return point();
  }

 private:
  /// |f(x)| / |x| at the current state, for max_relative_change (one field evaluation).
  void measure_speed() {
    if (!(options_.max_relative_change > 0)) return;
    Vec f;
    if (!field_(x_, f)) throw ZeroNormError("flow: a unit reached w_i = 0 near step " + std::to_string(index_));
    speed_ = f.norm() / x_.norm();
  }

  /// The error model over the accepted step of length h ending at x_: the gap e = x_GD - x_flow
  /// follows e' = -DG e + mu^(q+1) f_(q+1) (to first order; DG and the omitted term linear across
  /// the step between their values at its ends), by Heun substeps of h / n with |DG|_F h / n <= 1;
  /// the difference error of mu/2 DG G is accumulated unsigned and relative.
  void propagate_error(const Scalar& h, const Scalar& x_norm) {
    using std::ceil;
    typename ModifiedFlowField<Scalar>::Omitted next;
    if (!field_.omitted(x_, next)) throw ZeroNormError("flow: a unit reached w_i = 0 near step " + std::to_string(index_));
    const Matrix<Scalar>& J0 = omitted_.jacobian;
    const Matrix<Scalar>& J1 = next.jacobian;
    const double spread = to_double(Scalar(h * std::max<Scalar>(J0.norm(), J1.norm())));
    const long n = std::min(100000L, static_cast<long>(std::isfinite(spread) ? std::ceil(spread) : 1.0) + 1);
    const Scalar hs = h / Scalar(n);
    for (long s = 0; s < n; ++s) {
      const Scalar t0 = Scalar(s) / Scalar(n), t1 = Scalar(s + 1) / Scalar(n);
      const Vec term0 = omitted_.term + t0 * (next.term - omitted_.term);
      const Vec term1 = omitted_.term + t1 * (next.term - omitted_.term);
      const Vec k1 = term0 - (J0 + t0 * (J1 - J0)) * e_;
      const Vec e1 = e_ + hs * k1;
      const Vec k2 = term1 - (J0 + t1 * (J1 - J0)) * e1;
      e_ += (hs / 2) * (k1 + k2);
    }
    difference_rel_ += h * (omitted_.difference_error / previous_norm_ + next.difference_error / x_norm) / 2;
    previous_norm_ = x_norm;
    omitted_ = std::move(next);
  }

  static ReducedProblem<Scalar> reduce(const Network<Scalar>& start, const Objective<Scalar>& objective) {
    if (!objective.is_population())
      throw InvalidArgument("flow: the population loss only (the span reduction and the flow's field need it; the "
                            "objective has a sample)");
    validate(start, objective.A);
    Matrix<Scalar> span = span_basis(objective.A, start.W);
    // k = 2, r = 1: three columns (zero-padded when the span is smaller), for the fixed-size step.
    if (start.k() == 2 && start.r() == 1 && span.cols() < 3) {
      Matrix<Scalar> padded = Matrix<Scalar>::Zero(start.d(), 3);
      padded.leftCols(span.cols()) = span;
      span = padded;
    }
    return reduce_to_basis(start, objective.A, span);
  }

  Vec flatten(const Network<Scalar>& net) const {
    const Eigen::Index k = net.k(), m = net.d(), r = net.r();
    Vec x(k * m + k * r);
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = 0; j < m; ++j) x(i * m + j) = net.W(i, j);
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index c = 0; c < r; ++c) x(k * m + i * r + c) = net.V(i, c);
    return x;
  }

  Network<Scalar> unflatten(const Vec& x) const {
    const Eigen::Index k = problem_.start.k(), m = problem_.start.d(), r = problem_.start.r();
    Network<Scalar> net{Matrix<Scalar>(k, m), Matrix<Scalar>(k, r)};
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = 0; j < m; ++j) net.W(i, j) = x(i * m + j);
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index c = 0; c < r; ++c) net.V(i, c) = x(k * m + i * r + c);
    return net;
  }

  /// G on the flat reduced state: the k = 2 fixed-size gradient, or the generic population gradient;
  /// the frozen block zeroed.
  typename ModifiedFlowField<Scalar>::GradientMap make_gradient_map() const {
    const Eigen::Index k = problem_.start.k(), m = problem_.start.d(), r = problem_.start.r();
    const FrozenLayer freeze = options_.freeze;
    const auto project = [k, m, freeze](Vec& g) {
      if (freeze == FrozenLayer::W) g.head(k * m).setZero();
      if (freeze == FrozenLayer::V) g.tail(g.size() - k * m).setZero();
    };
    if (k == 2 && r == 1 && m == 3) {
      const Eigen::Matrix<Scalar, 3, 1> a = problem_.A.col(0);
      return [a, project](const Vec& x, Vec& g) {
        K2State<Scalar, 3> s, grad;
        for (int i = 0; i < 2; ++i)
          for (int j = 0; j < 3; ++j) s.W(i, j) = x(i * 3 + j);
        s.v(0) = x(6);
        s.v(1) = x(7);
        if (!population_gradient_k2(s, a, grad)) return false;
        g.resize(8);
        for (int i = 0; i < 2; ++i)
          for (int j = 0; j < 3; ++j) g(i * 3 + j) = grad.W(i, j);
        g(6) = grad.v(0);
        g(7) = grad.v(1);
        project(g);
        return true;
      };
    }
    const auto target = std::make_shared<const Matrix<Scalar>>(problem_.A);
    return [target, k, m, r, project](const Vec& x, Vec& g) {
      const Matrix<Scalar>& A = *target;
      Network<Scalar> net{Matrix<Scalar>(k, m), Matrix<Scalar>(k, r)};
      for (Eigen::Index i = 0; i < k; ++i) {
        for (Eigen::Index j = 0; j < m; ++j) net.W(i, j) = x(i * m + j);
        if (!(net.W.row(i).squaredNorm() > 0)) return false;
      }
      for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index c = 0; c < r; ++c) net.V(i, c) = x(k * m + i * r + c);
      const Gradient<Scalar> grad = population_gradient(net, A);
      g.resize(x.size());
      for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index j = 0; j < m; ++j) g(i * m + j) = grad.W(i, j);
      for (Eigen::Index i = 0; i < k; ++i)
        for (Eigen::Index c = 0; c < r; ++c) g(k * m + i * r + c) = grad.V(i, c);
      project(g);
      return true;
    };
  }

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

}  // namespace bothlayers

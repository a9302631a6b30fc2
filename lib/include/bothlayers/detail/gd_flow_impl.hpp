#pragma once
/// \file gd_flow_impl.hpp
/// GdFlow's member functions (the class and its documentation: bothlayers/gd_flow.hpp),
/// instantiated once per scalar type in lib/src/instantiate.cpp.in; everyone else links them.

#include <bothlayers/gd_flow.hpp>
#include <bothlayers/population_step_k2.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

namespace bothlayers {

template <class Scalar>
GdFlow<Scalar>::GdFlow(const Network<Scalar>& start, const Objective<Scalar>& objective,
                       const FlowOptions<Scalar>& options)
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

template <class Scalar>
FlowPoint<Scalar> GdFlow<Scalar>::point() const {
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

template <class Scalar>
long GdFlow<Scalar>::advance_toward(long target) {
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

template <class Scalar>
FlowPoint<Scalar> GdFlow<Scalar>::advance_to(long target) {
  if (target < index_)
    throw InvalidArgument("flow: cannot go back from step " + std::to_string(index_) + " to " + std::to_string(target));
  while (index_ < target || !whole_) advance_toward(target);
  return point();
}

template <class Scalar>
void GdFlow<Scalar>::measure_speed() {
  if (!(options_.max_relative_change > 0)) return;
  Vec f;
  if (!field_(x_, f)) throw ZeroNormError("flow: a unit reached w_i = 0 near step " + std::to_string(index_));
  speed_ = f.norm() / x_.norm();
}

template <class Scalar>
void GdFlow<Scalar>::propagate_error(const Scalar& h, const Scalar& x_norm) {
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

template <class Scalar>
ReducedProblem<Scalar> GdFlow<Scalar>::reduce(const Network<Scalar>& start, const Objective<Scalar>& objective) {
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

template <class Scalar>
typename GdFlow<Scalar>::Vec GdFlow<Scalar>::flatten(const Network<Scalar>& net) const {
  const Eigen::Index k = net.k(), m = net.d(), r = net.r();
  Vec x(k * m + k * r);
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index j = 0; j < m; ++j) x(i * m + j) = net.W(i, j);
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index c = 0; c < r; ++c) x(k * m + i * r + c) = net.V(i, c);
  return x;
}

template <class Scalar>
Network<Scalar> GdFlow<Scalar>::unflatten(const Vec& x) const {
  const Eigen::Index k = problem_.start.k(), m = problem_.start.d(), r = problem_.start.r();
  Network<Scalar> net{Matrix<Scalar>(k, m), Matrix<Scalar>(k, r)};
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index j = 0; j < m; ++j) net.W(i, j) = x(i * m + j);
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index c = 0; c < r; ++c) net.V(i, c) = x(k * m + i * r + c);
  return net;
}

template <class Scalar>
typename ModifiedFlowField<Scalar>::GradientMap GdFlow<Scalar>::make_gradient_map() const {
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

#define BOTHLAYERS_GD_FLOW_INSTANTIATE(S) template class GdFlow<S>;

}  // namespace bothlayers

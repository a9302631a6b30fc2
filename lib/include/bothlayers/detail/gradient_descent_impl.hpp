#pragma once
// Definitions for gradient_descent.hpp, instantiated once per scalar type by
// lib/src/instantiate.cpp.in.

#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/robust_norm.hpp>

#include <sstream>
#include <utility>

namespace bothlayers {
namespace detail {

template <class Scalar>
bool all_finite(const Gradient<Scalar>& g) {
  for (Eigen::Index i = 0; i < g.W.size(); ++i)
    if (!is_finite(g.W.data()[i])) return false;
  for (Eigen::Index i = 0; i < g.V.size(); ++i)
    if (!is_finite(g.V.data()[i])) return false;
  return true;
}

template <class Scalar>
TrajectoryRow<Scalar> make_row(long step, const Network<Scalar>& net, const Objective<Scalar>& objective,
                               const Scalar& loss, const Scalar& gradient_norm) {
  TrajectoryRow<Scalar> row;
  row.step = step;
  row.loss = loss;
  row.gradient_norm = gradient_norm;
  row.v = net.r() == 1 ? Vector<Scalar>(net.V.col(0)) : Vector<Scalar>(net.V.rowwise().norm());
  row.w_norm.resize(net.k());
  for (Eigen::Index i = 0; i < net.k(); ++i) row.w_norm(i) = robust_norm<Scalar>(net.W.row(i));
  row.imbalance = imbalance(net);
  if (net.k() == 2 && net.r() == 1) row.paper = paper_diagnostics(net, Vector<Scalar>(objective.A.col(0)));
  return row;
}

/// x - mu g, the layer `freeze` names left as it is (both updated from the same iterate).
template <class Scalar>
void apply_step(Network<Scalar>& x, const Gradient<Scalar>& g, const Scalar& mu, FrozenLayer freeze) {
  if (freeze != FrozenLayer::W) x.W -= mu * g.W;
  if (freeze != FrozenLayer::V) x.V -= mu * g.V;
}

}  // namespace detail

template <class Scalar>
GdResult<Scalar> gradient_descent(const Network<Scalar>& start, const Objective<Scalar>& objective,
                                  const GdOptions<Scalar>& options) {
  if (!(options.step > 0) || !is_finite(options.step)) throw InvalidArgument("GD step must be finite and > 0");
  if (options.max_steps < 0) throw InvalidArgument("GD max_steps must be >= 0");
  if (options.stride < 1) throw InvalidArgument("GD stride must be >= 1");
  if (options.loss_tolerance < 0 || options.gradient_tolerance < 0)
    throw InvalidArgument("GD tolerances must be >= 0");
  if (options.freeze != FrozenLayer::None && options.freeze != FrozenLayer::V && options.freeze != FrozenLayer::W)
    throw InvalidArgument("GD freeze must be FrozenLayer::None, V or W");
  validate(start, objective.A);

  GdResult<Scalar> result;
  Network<Scalar> net = start;
  Network<Scalar> next;  // iterate t+1 while the observer looks at it
  Scalar divergence = options.divergence_loss;
  for (long step = 0;; ++step) {
    LossAndGradient<Scalar> lg;
    try {
      lg = objective.loss_and_gradient(net);
    } catch (const ZeroNormError&) {
      result.reason = StopReason::ZeroNeuron;
      result.final_loss = objective.loss(net);
      result.final_gradient_norm = Scalar(0);
      result.final_trained_gradient_norm = Scalar(0);
      result.final_network = net;
      result.steps = step;
      return result;
    }
    const Scalar gnorm = lg.gradient.norm();
    // The norm of what is applied (gradient_tolerance's): the whole gradient's unless a layer is frozen.
    using std::sqrt;
    const Scalar trained_norm = options.freeze == FrozenLayer::None ? gnorm
                                : options.freeze == FrozenLayer::V  ? Scalar(sqrt(lg.gradient.W.squaredNorm()))
                                                                    : Scalar(sqrt(lg.gradient.V.squaredNorm()));
    if (step == 0 && divergence == 0) divergence = Scalar(1e12) * (lg.loss > 1 ? lg.loss : Scalar(1));
    std::optional<StopReason> stop;
    if (!is_finite(lg.loss) || !is_finite(gnorm) || !detail::all_finite(lg.gradient)) stop = StopReason::NonFinite;
    else if (lg.loss > divergence) stop = StopReason::Diverged;
    else if (options.loss_tolerance > 0 && lg.loss <= options.loss_tolerance) stop = StopReason::LossTolerance;
    else if (options.gradient_tolerance > 0 && trained_norm <= options.gradient_tolerance) stop = StopReason::GradientTolerance;
    else if (step >= options.max_steps) stop = StopReason::MaxSteps;
    if (!stop && options.observer) {
      // The same update as below, into `next`, so the observer sees both iterates.
      next = net;
      detail::apply_step(next, lg.gradient, options.step, options.freeze);
      const GdStep<Scalar> view{step, net, lg.loss, lg.gradient, gnorm, options.step, next};
      if (options.observer(view) == GdControl::Stop) stop = StopReason::ObserverStop;
    }
    if (stop || step % options.stride == 0) {
      TrajectoryRow<Scalar> row = detail::make_row(step, net, objective, lg.loss, gnorm);
      if (options.record) options.record(std::move(row));
      else result.trajectory.push_back(std::move(row));
    }
    if (stop) {
      result.reason = *stop;
      result.final_loss = lg.loss;
      result.final_gradient_norm = gnorm;
      result.final_trained_gradient_norm = trained_norm;
      result.final_network = net;
      result.steps = step;
      return result;
    }
    // Both layers from the same iterate (the frozen one, if any, left as it is).
    if (options.observer) {
      std::swap(net, next);
    } else {
      detail::apply_step(net, lg.gradient, options.step, options.freeze);
    }
  }
}

template <class Scalar>
std::string trajectory_csv_header(const TrajectoryRow<Scalar>& first) {
  std::ostringstream out;
  const Eigen::Index k = first.v.size();
  out << "step,loss,grad_norm";
  for (Eigen::Index i = 1; i <= k; ++i) out << ",v" << i;
  for (Eigen::Index i = 1; i <= k; ++i) out << ",w" << i << "_norm";
  for (Eigen::Index i = 1; i <= k; ++i) out << ",b" << i;
  if (first.paper) out << ",theta,theta1,theta2,h1_norm,h2_norm,dist_to_optimum";
  out << "\n";
  return out.str();
}

template <class Scalar>
std::string trajectory_csv_row(const TrajectoryRow<Scalar>& row) {
  std::ostringstream out;
  const Eigen::Index k = row.v.size();
  auto opt = [](const std::optional<Scalar>& x) { return x ? to_decimal_string(*x) : std::string(); };
  out << row.step << ',' << to_decimal_string(row.loss) << ',' << to_decimal_string(row.gradient_norm);
  for (Eigen::Index i = 0; i < k; ++i) out << ',' << to_decimal_string(row.v(i));
  for (Eigen::Index i = 0; i < k; ++i) out << ',' << to_decimal_string(row.w_norm(i));
  for (Eigen::Index i = 0; i < k; ++i) out << ',' << to_decimal_string(row.imbalance(i));
  if (row.paper) {
    const auto& p = *row.paper;
    out << ',' << opt(p.theta) << ',' << opt(p.theta1) << ',' << opt(p.theta2) << ',' << to_decimal_string(p.h1_norm)
        << ',' << to_decimal_string(p.h2_norm) << ',' << to_decimal_string(p.distance_to_optimum);
  }
  out << "\n";
  return out.str();
}

template <class Scalar>
std::string trajectory_csv(const std::vector<TrajectoryRow<Scalar>>& rows) {
  if (rows.empty()) return "";
  std::string out = trajectory_csv_header(rows.front());
  for (const auto& row : rows) out += trajectory_csv_row(row);
  return out;
}

}  // namespace bothlayers

#define BOTHLAYERS_GD_INSTANTIATE(S)                                                                   \
  template GdResult<S> gradient_descent<S>(const Network<S>&, const Objective<S>&, const GdOptions<S>&); \
  template std::string trajectory_csv<S>(const std::vector<TrajectoryRow<S>>&);                         \
  template std::string trajectory_csv_header<S>(const TrajectoryRow<S>&);                                \
  template std::string trajectory_csv_row<S>(const TrajectoryRow<S>&);

#pragma once
/// \file gradient_descent.hpp
/// Gradient descent on either loss with both layers updated from the same
/// iterate (PAPER.md section 4): W' = W - mu grad_W, V' = V - mu grad_V.
/// Records a trajectory every `stride` steps and stops on a named reason.

#include <bothlayers/diagnostics.hpp>
#include <bothlayers/objective.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bothlayers {

/// Why a run stopped.
enum class StopReason {
  MaxSteps,           ///< the step budget ran out
  LossTolerance,      ///< loss <= loss_tolerance
  GradientTolerance,  ///< gradient norm <= gradient_tolerance
  Diverged,           ///< loss grew past divergence_loss
  NonFinite,          ///< a loss or gradient entry became NaN or infinite
  ZeroNeuron          ///< some w_i became exactly 0: the population gradient is undefined there
};

/// Stable machine name of a stop reason ("max_steps", "loss_tolerance", ...).
std::string stop_reason_name(StopReason reason);

/// Options of a gradient-descent run.
template <class Scalar>
struct GdOptions {
  Scalar step = Scalar(1) / 10;   ///< mu
  long max_steps = 1000;          ///< number of updates at most
  long stride = 1;                ///< record every stride steps (and the last iterate)
  Scalar loss_tolerance = 0;      ///< stop when loss <= this (0: off)
  Scalar gradient_tolerance = 0;  ///< stop when |grad| <= this (0: off)
  /// Stop as diverged when the loss exceeds this; 0 means 1e12 max(1, L(initial)).
  Scalar divergence_loss = 0;
};

/// One trajectory record, taken at the iterate before update `step`.
template <class Scalar>
struct TrajectoryRow {
  long step = 0;
  Scalar loss;
  Scalar gradient_norm;
  Vector<Scalar> v;          ///< v_i (r = 1) or |V_i| (r > 1)
  Vector<Scalar> w_norm;     ///< |w_i|
  Vector<Scalar> imbalance;  ///< b_i = |w_i|^2 - |V_i|^2
  std::optional<PaperDiagnostics<Scalar>> paper;  ///< k = 2, r = 1 only
};

/// Outcome of a run.
template <class Scalar>
struct GdResult {
  Network<Scalar> final_network;
  Scalar final_loss;
  Scalar final_gradient_norm;
  long steps = 0;  ///< updates performed
  StopReason reason = StopReason::MaxSteps;
  std::vector<TrajectoryRow<Scalar>> trajectory;
};

/// Run gradient descent from `start` on `objective`, paper Theorem 2's
/// iteration. Throws InvalidArgument for step <= 0, max_steps < 0 or stride < 1.
template <class Scalar>
GdResult<Scalar> gradient_descent(const Network<Scalar>& start, const Objective<Scalar>& objective,
                                  const GdOptions<Scalar>& options);

/// The trajectory as CSV (header + one line per row, full-precision decimals;
/// undefined angles are empty fields).
template <class Scalar>
std::string trajectory_csv(const std::vector<TrajectoryRow<Scalar>>& rows);

#define BOTHLAYERS_GD_EXTERN(S)                                                                  \
  extern template GdResult<S> gradient_descent<S>(const Network<S>&, const Objective<S>&,        \
                                                  const GdOptions<S>&);                          \
  extern template std::string trajectory_csv<S>(const std::vector<TrajectoryRow<S>>&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_GD_EXTERN)
#undef BOTHLAYERS_GD_EXTERN

}  // namespace bothlayers

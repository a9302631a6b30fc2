#pragma once
/// \file gradient_descent.hpp
/// Gradient descent on either loss with both layers updated from the same
/// iterate (docs/formulas.md section 4): W' = W - mu grad_W, V' = V - mu grad_V, or
/// with one layer held fixed (GdOptions::freeze; the paper's Figure 1 trains W
/// only). Records a trajectory every `stride` steps, shows every update to an
/// optional observer, and stops on a named reason.

#include <bothlayers/diagnostics.hpp>
#include <bothlayers/objective.hpp>

#include <functional>
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
  ZeroNeuron,         ///< some w_i became exactly 0: the population gradient is undefined there
  ObserverStop        ///< the observer returned GdControl::Stop
};

/// Stable machine name of a stop reason ("max_steps", "loss_tolerance", ...).
std::string stop_reason_name(StopReason reason);

/// Which layer a gradient-descent run holds fixed. The paper's Figure 1 (p. 4:
/// panels (a), (b)) runs population GD for k = 2 with the output weights fixed
/// at v = [1, -1], so only W trains: FrozenLayer::V. The frozen block's
/// gradient is still computed (GdStep::gradient, the recorded gradient norm)
/// but not applied: the frozen block of every iterate equals the start's bit
/// for bit, and the other block moves exactly as in the unfrozen step.
enum class FrozenLayer {
  None,  ///< both layers train (Theorem 2's iteration)
  V,     ///< the output layer v (V for r > 1) stays at its start; only W trains (Figure 1)
  W      ///< the hidden layer W stays at its start; only v (V) trains
};

/// Stable name of a frozen layer: "none", "v", "W".
std::string frozen_layer_name(FrozenLayer layer);

/// Parse "none", "v" (or "V"), "W" (or "w"); throws InvalidArgument for anything else.
FrozenLayer parse_frozen_layer(const std::string& name);

/// One update t -> t+1 as the observer sees it: views into the running loop,
/// valid only during the call (copy what you keep).
template <class Scalar>
struct GdStep {
  long step;                         ///< t: updates performed before this one
  const Network<Scalar>& before;     ///< iterate t
  const Scalar& loss;                ///< L(iterate t), the value the trajectory records
  const Gradient<Scalar>& gradient;  ///< grad L(iterate t)
  const Scalar& gradient_norm;       ///< |grad L(iterate t)|, as recorded
  const Scalar& mu;                  ///< the step size
  /// iterate t+1 = iterate t - mu grad L(iterate t), the frozen block (GdOptions::freeze) left as it is
  const Network<Scalar>& after;
};

/// What the observer tells the run.
enum class GdControl {
  Continue,  ///< take the update and go on
  Stop       ///< end the run at iterate t (the update is not applied): StopReason::ObserverStop
};

/// Called once per update, in order, after every stop rule has passed for
/// iterate t (so never for the final iterate of a run).
template <class Scalar>
using GdObserver = std::function<GdControl(const GdStep<Scalar>&)>;

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

/// Options of a gradient-descent run.
template <class Scalar>
struct GdOptions {
  Scalar step = Scalar(1) / 10;   ///< mu
  long max_steps = 1000;          ///< number of updates at most
  long stride = 1;                ///< record every stride steps (and the last iterate)
  Scalar loss_tolerance = 0;      ///< stop when loss <= this (0: off)
  /// Stop when the norm of the gradient that is applied is <= this (0: off):
  /// |grad L| without a frozen layer, |grad_W L| with v frozen, |grad_v L| with W frozen.
  Scalar gradient_tolerance = 0;
  /// The layer held fixed (paper Figure 1, p. 4: v = [1, -1] fixed, only W trains,
  /// is FrozenLayer::V). Its gradient is computed, shown to the observer and
  /// counted in the recorded gradient norm, but never applied. None: both train.
  FrozenLayer freeze = FrozenLayer::None;
  /// Stop as diverged when the loss exceeds this; 0 means 1e12 max(1, L(initial)).
  Scalar divergence_loss = 0;
  /// Sees every update (empty: none). It cannot change the iterates: a run with
  /// an observer that always continues is bit-identical to one without. Stop
  /// ends the run at the observed `before` (steps = t, final loss and gradient
  /// norm of `before`, recorded as the trajectory's last row, as for every stop).
  GdObserver<Scalar> observer;
  /// Where recorded rows go. Empty: kept in GdResult::trajectory. Set: each row
  /// is handed over as it is taken and the trajectory stays empty, so a run's
  /// memory is bounded whatever its step count (`train --out` streams to disk).
  std::function<void(TrajectoryRow<Scalar>&&)> record;
};

/// Outcome of a run.
template <class Scalar>
struct GdResult {
  Network<Scalar> final_network;
  Scalar final_loss;
  Scalar final_gradient_norm;  ///< |grad L(final)|, the whole gradient (frozen block included)
  /// Norm of the gradient's trained part at the final iterate (what gradient_tolerance
  /// judges): final_gradient_norm when no layer is frozen.
  Scalar final_trained_gradient_norm;
  long steps = 0;  ///< updates performed
  StopReason reason = StopReason::MaxSteps;
  std::vector<TrajectoryRow<Scalar>> trajectory;
};

/// Run gradient descent from `start` on `objective`, paper Theorem 2's
/// iteration (with options.freeze, the layer it names held fixed). Throws
/// InvalidArgument for step <= 0, max_steps < 0, stride < 1 or a freeze value
/// outside FrozenLayer.
template <class Scalar>
GdResult<Scalar> gradient_descent(const Network<Scalar>& start, const Objective<Scalar>& objective,
                                  const GdOptions<Scalar>& options);

/// The trajectory as CSV (header + one line per row, full-precision decimals;
/// undefined angles are empty fields).
template <class Scalar>
std::string trajectory_csv(const std::vector<TrajectoryRow<Scalar>>& rows);

/// The CSV's header line (with its newline), for rows shaped like `first`.
template <class Scalar>
std::string trajectory_csv_header(const TrajectoryRow<Scalar>& first);

/// One CSV line (with its newline): what trajectory_csv writes for `row`.
template <class Scalar>
std::string trajectory_csv_row(const TrajectoryRow<Scalar>& row);

#define BOTHLAYERS_GD_EXTERN(S)                                                                  \
  extern template GdResult<S> gradient_descent<S>(const Network<S>&, const Objective<S>&,        \
                                                  const GdOptions<S>&);                          \
  extern template std::string trajectory_csv<S>(const std::vector<TrajectoryRow<S>>&);             \
  extern template std::string trajectory_csv_header<S>(const TrajectoryRow<S>&);                   \
  extern template std::string trajectory_csv_row<S>(const TrajectoryRow<S>&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_GD_EXTERN)
#undef BOTHLAYERS_GD_EXTERN

}  // namespace bothlayers

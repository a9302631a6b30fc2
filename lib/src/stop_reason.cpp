#include <bothlayers/gradient_descent.hpp>

namespace bothlayers {

std::string stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::MaxSteps: return "max_steps";
    case StopReason::LossTolerance: return "loss_tolerance";
    case StopReason::GradientTolerance: return "gradient_tolerance";
    case StopReason::Diverged: return "diverged";
    case StopReason::NonFinite: return "non_finite";
    case StopReason::ZeroNeuron: return "zero_neuron";
    case StopReason::ObserverStop: return "observer_stop";
  }
  return "unknown";
}

}  // namespace bothlayers

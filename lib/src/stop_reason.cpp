#include <bothlayers/errors.hpp>
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

std::string frozen_layer_name(FrozenLayer layer) {
  switch (layer) {
    case FrozenLayer::None: return "none";
    case FrozenLayer::V: return "v";
    case FrozenLayer::W: return "W";
  }
  return "unknown";
}

FrozenLayer parse_frozen_layer(const std::string& name) {
  if (name == "none") return FrozenLayer::None;
  if (name == "v" || name == "V") return FrozenLayer::V;
  if (name == "W" || name == "w") return FrozenLayer::W;
  std::string shown = name.substr(0, 40);
  for (char& ch : shown)
    if (static_cast<unsigned char>(ch) < 0x20) ch = '?';
  throw InvalidArgument("freeze must be v, W or none, got '" + shown + "'");
}

}  // namespace bothlayers

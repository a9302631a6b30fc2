#pragma once
/// \file train_setup.hpp
/// A train config made into a run at one scalar type (docs/formulas.md section 4):
/// the seeded initialization with sigma applied in the scalar, the target, the
/// sample (empirical loss) and the GD options (the frozen layer among them). `train` and
/// `compare-precisions` build their runs here, so the same config and seed
/// name the same instance at every precision.

#include "commands.hpp"
#include "memory_budget.hpp"

#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/phases.hpp>
#include <bothlayers/sample.hpp>

#include <nlohmann/json.hpp>

#include <cmath>

#include <memory>

namespace bothlayers::cli {

/// The run a train config describes, at Scalar.
template <class Scalar>
struct TrainSetup {
  Network<Scalar> start;
  Objective<Scalar> objective;
  GdOptions<Scalar> options;
};

/// Build the run of `c` at Scalar; throws InvalidArgument when sigma underflows Scalar
/// or the target does not fit the shape.
template <class Scalar>
TrainSetup<Scalar> make_train_setup(const TrainConfig& c) {
  // Before allocating: the sample (n x d), its per-unit activations (n x k, twice)
  // and a few copies of the parameters and their gradient.
  const double n = c.n ? static_cast<double>(*c.n) : 0, k = static_cast<double>(c.k), d = static_cast<double>(c.d),
               r = static_cast<double>(c.r);
  require_memory(scalar_bytes<Scalar>() * (n * d + 2 * n * k + 8 * k * (d + r) + 2 * d * r),
                 "the run (n = " + (c.n ? std::to_string(*c.n) : std::string("population")) + ", d = " +
                     std::to_string(c.d) + ", k = " + std::to_string(c.k) + ", r = " + std::to_string(c.r) + " at " +
                     scalar_name<Scalar>() + ")",
                 "reduce n, d or k");
  InitOptions init;
  init.scheme = parse_init_scheme(c.init);
  init.k = c.k;
  init.d = c.d;
  init.r = c.r;
  init.seed = c.seed;
  init.alternate_signs = c.alternate_signs;
  // sigma in Scalar: below double's range at a wider precision (Theorem 2's sigma0).
  const Scalar sigma = parse_scalar<Scalar>(c.sigma);
  if (!(sigma > 0))
    throw InvalidArgument("config 'sigma' = " + c.sigma + " underflows " + scalar_name<Scalar>() +
                          " (rounds to 0); use a wider precision, e.g. --precision mp:50");
  if (c.target == "e1" && c.r > 1) throw InvalidArgument("target e1 needs r = 1; use target random for r > 1");
  TrainSetup<Scalar> s{initialize<Scalar>(init, sigma), {}, {}};
  s.objective.A = c.target == "e1" ? target_e1<Scalar>(c.d) : random_target<Scalar>(c.d, c.r, c.target_norm, c.seed + 1);
  if (c.n) s.objective.X = std::make_shared<RowMatrix<Scalar>>(gaussian_sample<Scalar>(*c.n, c.d, c.seed + 2));
  s.objective.threads = c.threads;
  s.options.step = parse_scalar<Scalar>(c.step);
  s.options.max_steps = c.steps;
  s.options.stride = c.stride;
  s.options.loss_tolerance = parse_scalar<Scalar>(c.loss_tolerance);
  s.options.gradient_tolerance = parse_scalar<Scalar>(c.gradient_tolerance);
  s.options.freeze = c.freeze;
  return s;
}

/// The phases a run showed, for train's summary (`"phases"`; both integrators):
/// null where a phase did not end.
inline nlohmann::json phases_json(const Phases& ph) {
  nlohmann::json p;
  p["alignment_end"] = ph.alignment_end ? nlohmann::json(*ph.alignment_end) : nlohmann::json();
  p["growth_end"] = ph.growth_end ? nlohmann::json(*ph.growth_end) : nlohmann::json();
  p["log10_loss_rate_after_growth"] = std::isnan(ph.log10_loss_rate) ? nlohmann::json() : nlohmann::json(ph.log10_loss_rate);
  p["three_phases_visible"] = ph.three_phases();
  return p;
}

}  // namespace bothlayers::cli

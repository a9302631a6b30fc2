#pragma once
/// \file monte_carlo_pairs.hpp
/// The run shared by the pair closed forms against Monte Carlo (the kernel
/// (8) and the indicator Gram matrix): generated pairs p, q at every budget
/// precision, n = 20000 x effort draws at double and 5000 x effort at the
/// software types, family-wise false alarm 1e-6 shared over the instances.

#include <bothlayers/claims/budget_floor.hpp>
#include <bothlayers/checks/monte_carlo.hpp>
#include <bothlayers/claims/runner.hpp>
#include <bothlayers/properties/generators.hpp>

#include <algorithm>
#include <string>

namespace bothlayers::claims {

using namespace checks;

/// Run the closed form's Monte Carlo check (checks/monte_carlo.hpp; its
/// negative-control form for a control) on generated pairs; margins in sigmas.
/// n = n_double draws at double only (the other hardware types too take n_software).
inline ClaimResult run_monte_carlo_pairs(const claims::ClaimContext& c, PairClosedForm closed_form) {
  claims::RunOptions o;
  o.scale = 2.0;
  o.mp_scale = 0.25;
  o.unit = "sigmas";
  // A control keeps the default budget's draws and sample sizes (verify --budget small halves
  // them): its planted error must stand out of the Monte Carlo noise.
  Budget needed = c.negative_control ? budget_at_least(c.budget, 8) : c.budget;
  if (c.negative_control) needed.effort = std::max(needed.effort, 1.0);
  const claims::ClaimContext here{needed, c.id, c.negative_control};
  const double alpha = 1e-6 / static_cast<double>(claims::total_instances(needed, o));
  const long n_double = std::max(1000L, static_cast<long>(20000 * needed.effort));
  const long n_software = std::max(1000L, static_cast<long>(5000 * needed.effort));
  ClaimResult r = claims::run_claim(here, claims::from_generator(properties::gens::monte_carlo_pair()),
                                    [=, control = c.negative_control](const Precision& precision,
                                                                      const properties::MonteCarloInstance& inst) {
                                      const long n = precision.kind == Precision::Kind::Double ? n_double : n_software;
                                      return pair_closed_form_matches_monte_carlo(precision, inst, closed_form, control,
                                                                                  n, alpha);
                                    },
                                    o);
  r.note += std::string(r.note.empty() ? "" : "; ") + "n = " + std::to_string(n_double) + " draws at double, " +
            std::to_string(n_software) + " at the software types";
  return r;
}

}  // namespace bothlayers::claims

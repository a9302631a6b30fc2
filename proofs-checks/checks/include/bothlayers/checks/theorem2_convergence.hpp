#pragma once
/// \file theorem2_convergence.hpp
/// Theorem 2's convergence measured on gradient-descent runs: Figure 3's run to
/// L < 1e-20 with its three phases, the burn-in's length against ln(sqrt|a|/sigma),
/// and the late linear rate against the one predicted from the end point
/// (checks/phase_runs.hpp), compiled once per scalar type (checks/src/theorem2_convergence.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/phase_checks.hpp>

#include <cstdint>
#include <string>

namespace bothlayers::checks {

/// Theorem 2, Figure 3 (p. 8): population GD from the paper's initialization at
/// `init_seed` (d = 100, a = e1, mu = 0.1, sigma = 1e-4, v signs +,-) for at most 3000
/// steps; with `equal_signs` v_2's sign is flipped (the negative control: GD stalls at
/// a saddle, Section 4, p. 7). Margin: decades of the final loss below 1e-20 (computed
/// in the scalar), at most -1 when lib/phases.hpp does not see the three phases.
Outcome figure3_convergence(const Precision& precision, std::uint64_t init_seed, bool equal_signs);

/// The burn-in slope a sweep is compared with.
enum class BurnInSlope {
  one_over_log1p_half_mubar,  ///< 1/ln(1 + mubar/2) ~ 2/mubar (derived: the growing mode gains 1 + mu|a|/2 per step)
  one_over_mubar,             ///< 1/mubar (the constant c' = 1: the negative control)
};

/// Theorem 2 (p. 6), the burn-in: `sweep` (its d, |a|, mubar and seed) run at
/// ln(sqrt|a|/sigma) = 10, 20, 40, 80, 160, 300, 690, 3000 as far as the precision's
/// exponent holds (the software precisions to 160 `effort`), each to its burn-in end
/// (first step with v1, v2 >= sqrt|a|/4); the burn-in fitted linearly in
/// ln(sqrt|a|/sigma) (linear_fit.hpp). Margin: log10(tolerance / deviation) with
/// deviation |slope g - 1|, tolerance 3 se g + 1%, g = 1 / `predicted`. No margin
/// outside the init event or with fewer than 3 sigmas; -1 when a run does not end its
/// burn-in. Adds the runs and slope x mubar (tally.range) to `tally`, the fit's line to `fits`.
Outcome burn_in_slope_matches(const Precision& precision, const PhaseRun& sweep, BurnInSlope predicted, double effort,
                              PhaseTally& tally, std::string& fits);

/// Theorem 2 (p. 6), the rate: the run (sigma, mu from `run`; population or
/// empirical) until |h|^2/|a|^2 passes below the fit window [max(1e-30, 1e10 eps^2),
/// 1e8 x that]; ln |h|^2 fitted linearly in the step over the window's asymptotic part
/// and its rate compared with `predicted_factor` times the rate -2 ln(1 - mu lambda_min)
/// predicted from the end point (predicted_late_rates; the factor is 2 in the negative
/// control): population |fit - predicted| <= 3 se + 2%, empirical the fit inside the
/// band of the modes' rates; r2 >= 0.999 and (population) the three phases visible, else
/// at most -1. No margin for a run that leaves the sign setting or (empirical) at a
/// software precision below `effort` 4. Adds the run and rate/mubar (tally.range) to
/// `tally`, the fit's line to `fits` (while it is under 600 characters).
Outcome late_rate_matches(const Precision& precision, const PhaseRun& run, double predicted_factor, double effort,
                          PhaseTally& tally, std::string& fits);

}  // namespace bothlayers::checks

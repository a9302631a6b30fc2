#pragma once
/// \file invariant_runs.hpp
/// Lemmas 3-5 checked at every step of one gradient-descent run of Theorem 2's
/// setting (checks/phase_runs.hpp, the checker of checks/phase_invariants.hpp),
/// compiled once per scalar type (checks/src/invariant_runs.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/phase_checks.hpp>

#include <optional>

namespace bothlayers::checks {

/// The lemma whose tally a run reports (PhaseReport's lemma3, lemma4, lemma5).
enum class InvariantLemma {
  lemma3_bound,   ///< Lemma 3, p. 9: |b_i(t+1) - b_i(t)| <= 6 mu^2 (v_i^2 + |w_i|^2)(|h1|^2 + |h2|^2)
  lemma4_angles,  ///< Lemma 4, p. 10: theta1, theta2 <= pi/20 at t+1 wherever its hypotheses hold at t
  lemma5_norms,   ///< Lemma 5, p. 10: beta sqrt|a| < v_i <= 2 sqrt|a| at t+1 wherever its hypotheses hold at t
};

/// Lemma 3 (p. 9), Lemma 4 (p. 10) or Lemma 5 (p. 10), as `lemma` says, at every
/// step of one run at the lemmas' constants (with `change` applied: a negative
/// control's): the run goes full_run_steps(run) steps, a prefix of them at the
/// software precisions (software_step_cap at `effort`, the budget's). The margin is
/// the lemma's worst decided slack (digits); no margin where the precision cannot
/// hold sigma^2. Adds the run to `tally`; lemma 3 also its peak ratio
/// |Delta b_i| / (mu^2 (v_i^2 + |w_i|^2) |h|^2) (tally.peak) and its steps taken from
/// the identity (tally.from_identity), lemma 4 its steps blocked by |DeltaG_i| > c5 |a|.
Outcome lemma_invariant_along_run(const Precision& precision, const PhaseRun& run, InvariantLemma lemma,
                                  const std::optional<ConstantChange>& change, double effort, PhaseTally& tally);

}  // namespace bothlayers::checks

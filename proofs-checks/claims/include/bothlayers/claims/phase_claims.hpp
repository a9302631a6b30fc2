#pragma once
/// \file phase_claims.hpp
/// What the dynamics claims of lemmas 3-7 and Theorem 2 share: the seeded
/// draw of a run (log-uniform d, |a|, ln(sqrt|a| / sigma), mu |a|, n / d), the
/// notes of a claim's tally (checks/phase_checks.hpp's PhaseTally), and the
/// step-invariant claims of lemmas 3-5. Compiled once (claims/src/phase_claims.cpp);
/// the checks the claims call are compiled once per scalar type in checks/src
/// (invariant_runs, milestone_runs, theorem2_convergence).

#include <bothlayers/checks/invariant_runs.hpp>
#include <bothlayers/checks/phase_checks.hpp>
#include <bothlayers/claims/claim.hpp>
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/runner.hpp>
#include <bothlayers/claims/timing.hpp>

#include <cstdint>
#include <string>

namespace bothlayers::claims {

using namespace checks;

/// Ranges of a family of runs; every draw is log-uniform in its range.
struct PhaseRunRanges {
  long d_min = 2, d_max = 200;
  double a_min = 1e-2, a_max = 1e2;
  double log_ratio_min = 2, log_ratio_max = 30;  ///< ln(sqrt|a| / sigma) (or the depth below sigma0 when sigma_paper)
  bool sigma_paper = false;
  double mubar_min = 0.02, mubar_max = 0.5;
  double empirical_share = 0;  ///< probability that a run descends Lhat
  long empirical_d_max = 16;   ///< d of an empirical run is drawn in [d_min, min(d_max, this)]
  double n_over_d_min = 2, n_over_d_max = 100;
};

/// Draw a run from `seed` (the same run at every precision).
PhaseRun draw_phase_run(std::uint64_t seed, const PhaseRunRanges& r);

/// Append the tally's note to a result.
void append_note(ClaimResult& r, const std::string& note);

/// Close a fitted claim's note: the tally with the measured range of `what`, then the fits.
void finish_fit_note(ClaimResult& r, PhaseTally& tally, const std::string& what, const std::string& fits);

/// The runs of the step-invariant claims (lemmas 3-5): population and
/// empirical (n = 2d..100d, d <= 8 effort), sigma from e^-2 sqrt|a| down to
/// e^-(30 + 60 (effort - 1)) sqrt|a|, mu |a| 0.02 / effort .. 0.5.
PhaseRunRanges invariant_run_ranges(const Budget& b);

/// A step-invariant claim (lemmas 3-5): every instance is one full run checked
/// at every step (checks/invariant_runs.hpp); `lemma` is the lemma whose tally the
/// runs report, `control` the change the negative control's runs make to one
/// constant (the claim's runs keep the paper's), `tally` receives what the runs
/// found (lemma 3: its peak ratio). Runs draw mu |a| up to `mubar_max`: the lemma's
/// own step bound (lemma 5: 4/25), so no run is outside the claim for its step alone
/// (at --seed 3 the default budget's lemma 5 control drew no run inside it and decided nothing).
ClaimResult run_invariant_claim(const ClaimContext& c, InvariantLemma lemma, const ConstantChange& control,
                                PhaseTally& tally, double mubar_max = 0.5);

}  // namespace bothlayers::claims

// The dynamics claims' shared glue (claims/phase_claims.hpp), compiled once: the
// checks it calls are compiled per scalar type in checks/src.
#include <bothlayers/claims/budget_floor.hpp>
#include <bothlayers/claims/phase_claims.hpp>
#include <bothlayers/random.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace bothlayers::claims {

PhaseRun draw_phase_run(std::uint64_t seed, const PhaseRunRanges& r) {
  Rng rng(seed);
  const auto log_uniform = [&rng](double lo, double hi) { return lo * std::pow(hi / lo, rng.uniform()); };
  PhaseRun run;
  run.seed = rng.child_seed();
  const bool empirical = rng.uniform() < r.empirical_share;
  const long d_max = empirical ? std::min(r.d_max, r.empirical_d_max) : r.d_max;
  run.d = std::clamp(static_cast<long>(std::lround(log_uniform(static_cast<double>(r.d_min), static_cast<double>(d_max)))),
                     r.d_min, d_max);
  run.a_norm = log_uniform(r.a_min, r.a_max);
  run.log_ratio = r.log_ratio_min > 0 ? log_uniform(r.log_ratio_min, r.log_ratio_max)
                                      : r.log_ratio_min + (r.log_ratio_max - r.log_ratio_min) * rng.uniform();
  run.sigma_paper = r.sigma_paper;
  run.mubar = log_uniform(r.mubar_min, r.mubar_max);
  if (empirical) run.n = std::max(2 * run.d, std::lround(run.d * log_uniform(r.n_over_d_min, r.n_over_d_max)));
  return run;
}

void append_note(ClaimResult& r, const std::string& note) {
  r.note += (r.note.empty() ? "" : "; ") + note;
}

void finish_fit_note(ClaimResult& r, PhaseTally& tally, const std::string& what, const std::string& fits) {
  char buf[96];
  std::snprintf(buf, sizeof buf, " in [%.4f, %.4f] over the runs", tally.low, tally.high);
  tally.extra = what + buf;
  append_note(r, tally.note());
  claims::note_timing(tally.timing());
  append_note(r, fits);
}

PhaseRunRanges invariant_run_ranges(const Budget& b) {
  const double effort = std::max(1.0, b.effort);  // below 1: the default ranges, fewer steps at software precisions
  PhaseRunRanges r;
  r.log_ratio_min = 2;
  r.log_ratio_max = 30 + 60 * (effort - 1);
  r.mubar_min = 0.02 / effort;
  r.mubar_max = 0.5;
  r.empirical_share = 0.5;
  r.empirical_d_max = static_cast<long>(8 * effort);
  return r;
}

ClaimResult run_invariant_claim(const ClaimContext& c, InvariantLemma lemma, const ConstantChange& control,
                                PhaseTally& tally, double mubar_max) {
  PhaseRunRanges ranges = invariant_run_ranges(c.budget);
  ranges.mubar_max = std::min(ranges.mubar_max, mubar_max);
  const auto draw = [ranges](std::uint64_t seed) { return draw_phase_run(seed, ranges); };
  const std::optional<ConstantChange> change = control_only(c.negative_control, control);
  const double effort = c.budget.effort;
  const auto check = [&](const Precision& precision, const PhaseRun& run) {
    return lemma_invariant_along_run(precision, run, lemma, change, effort, tally);
  };
  // 8 budget instances at least (verify --budget small asks for 2): fewer runs may all start
  // outside the lemma's hypotheses (nothing decided) or miss where a tightened control fails.
  const Budget needed = budget_at_least(c.budget, 8);
  const ClaimContext here{needed, c.id, c.negative_control};
  ClaimResult result = run_claim(here, draw, check, {.scale = 0.5, .mp_scale = 0.25});
  append_note(result, tally.note());
  claims::note_timing(tally.timing());
  return result;
}

}  // namespace bothlayers::claims

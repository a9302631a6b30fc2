#pragma once
/// \file phase_claims.hpp
/// What the dynamics claims of lemmas 3-7 and Theorem 2 share: the seeded
/// draw of a run (log-uniform d, |a|, ln(sqrt|a| / sigma), mu |a|, n / d), the
/// run lengths, and a per-claim tally of what the runs found (for the note).

#include <bothlayers/claims/budget_floor.hpp>
#include <bothlayers/checks/phase_runs.hpp>
#include <bothlayers/claims/claim.hpp>
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/timing.hpp>
#include <bothlayers/random.hpp>

#include <algorithm>
#include <optional>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>

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
inline PhaseRun draw_phase_run(std::uint64_t seed, const PhaseRunRanges& r) {
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

/// Steps for a run to go through its three phases and converge: the burn-in
/// about 2 ln(sqrt|a| / sigma) / mubar, then ln |h|^2 falls by about mubar per step.
inline long full_run_steps(const PhaseRun& run) {
  return static_cast<long>(std::ceil((2.5 * run.log_ratio + 150) / run.mubar));
}

/// Sums over a claim's runs, for its note.
struct PhaseTally {
  long runs = 0, steps = 0, three_phases = 0, full_runs = 0, sign_lost = 0, outside_event = 0, skipped_precision = 0;
  long tested = 0, roundoff = 0, from_identity = 0, hypotheses_blocked = 0;
  double seconds = 0, peak = 0, low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
  std::string extra;

  /// Count a run's length and phases (full = it was meant to show all three phases).
  template <class Scalar>
  void add_run(const PhaseRunResult<Scalar>& r, bool full) {
    ++runs;
    steps += r.steps;
    seconds += r.seconds;
    if (r.report.sign_lost_step) ++sign_lost;
    if (full) {
      ++full_runs;
      if (r.phases.three_phases()) ++three_phases;
    }
  }
  /// Count a tally's tested and roundoff-dominated comparisons.
  template <class Scalar>
  void add(const SlackTally<Scalar>& t) {
    tested += t.tested;
    roundoff += t.roundoff;
  }
  /// Track the range of a measured number (a ratio, a rate over mubar).
  void range(double x) {
    low = std::min(low, x);
    high = std::max(high, x);
  }

  /// The wall time of the runs, for the claim's timing note (timing.hpp), never its result.
  std::string timing() const {
    char buf[128];
    std::snprintf(buf, sizeof buf, "%ld GD steps in %.1f s (%.3g steps/s)", steps, seconds,
                  seconds > 0 ? static_cast<double>(steps) / seconds : 0.0);
    return buf;
  }
  /// One line: runs, steps, comparisons, phases (no times: those are timing()).
  std::string note() const {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%ld runs, %ld GD steps; %ld comparisons decided, %ld roundoff-dominated", runs,
                  steps, tested, roundoff);
    std::string s = buf;
    if (from_identity > 0) s += ", " + std::to_string(from_identity) + " unit-steps with Delta b_i below rounding (taken from lemma 3's identity)";
    if (hypotheses_blocked > 0) s += ", " + std::to_string(hypotheses_blocked) + " steps blocked by |DeltaG_i| > c5 |a| (empirical)";
    if (full_runs > 0) s += "; three phases (lib/phases.hpp) in " + std::to_string(three_phases) + " of " + std::to_string(full_runs) + " full runs";
    if (sign_lost > 0) s += "; " + std::to_string(sign_lost) + " runs left the sign setting v1, v2 > 0";
    if (outside_event > 0) s += "; " + std::to_string(outside_event) + " runs outside the init event (growing mode of a unit negative: skipped)";
    if (skipped_precision > 0) s += "; " + std::to_string(skipped_precision) + " runs skipped where the precision cannot hold sigma^2 (double: exponent >= -1022 in base 2)";
    return s + (extra.empty() ? "" : "; " + extra);
  }
};

/// Run to `milestone` and return the iterate there; empty, with the reason in
/// `why` (a skip, or NaN when the run ended early), when the initialization is
/// outside the event (a unit's growing mode s_i a^T w_i / |a| + v_i <= 0) or the
/// milestone was not reached.
template <class Scalar>
std::optional<PaperState<Scalar>> run_to_milestone(const PhaseRun& run, const LemmaConstants<Scalar>& constants,
                                                   PhaseRunOptions<Scalar> ro, long milestone, PhaseTally& tally,
                                                   claims::Outcome& why) {
  ro.max_steps = milestone + 1;
  ro.milestones = {milestone};
  const PhaseRunResult<Scalar> r = run_phase_check(run, constants, ro);
  tally.add_run(r, false);
  if (!r.growing_mode_positive) {
    ++tally.outside_event;
    why = {std::nullopt, "init outside the event (a unit's growing mode s_i a^T w_i/|a| + v_i <= 0)"};
    return std::nullopt;
  }
  const auto it = r.report.at_milestone.find(milestone);
  if (it == r.report.at_milestone.end()) {
    why = {std::numeric_limits<double>::quiet_NaN(), "step " + std::to_string(milestone) + " not reached"};
    return std::nullopt;
  }
  why.detail = "milestone=" + std::to_string(milestone) + " growth_step=" + std::to_string(r.report.growth_step.value_or(-1));
  return it->second;
}

/// Append the tally's note to a result.
inline void append_note(ClaimResult& r, const std::string& note) {
  r.note += (r.note.empty() ? "" : "; ") + note;
}

/// Close a fitted claim's note: the tally with the measured range of `what`, then the fits.
inline void finish_fit_note(ClaimResult& r, PhaseTally& tally, const std::string& what, const std::string& fits) {
  char buf[96];
  std::snprintf(buf, sizeof buf, " in [%.4f, %.4f] over the runs", tally.low, tally.high);
  tally.extra = what + buf;
  append_note(r, tally.note());
  claims::note_timing(tally.timing());
  append_note(r, fits);
}

}  // namespace bothlayers::claims

#include <bothlayers/claims/runner.hpp>

namespace bothlayers::claims {

/// The runs of the step-invariant claims (lemmas 3-5): population and
/// empirical (n = 2d..100d, d <= 8 effort), sigma from e^-2 sqrt|a| down to
/// e^-(30 + 60 (effort - 1)) sqrt|a|, mu |a| 0.02 / effort .. 0.5.
inline PhaseRunRanges invariant_run_ranges(const Budget& b) {
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

/// True for the software scalar types (float128, bin-float-50, MPFR): 100-400 times
/// slower than double per GD step (population, k = 2: 1.2 us at double, 460 us at mp:50).
/// The scalar table's answer (ScalarTraits::hardware), the one the runner's mp_scale
/// uses too: double-double is hardware arithmetic (an earlier spelling here counted it
/// as software and cut its runs to prefixes).
template <class Scalar>
constexpr bool software_scalar() {
  return !ScalarTraits<Scalar>::hardware;
}

/// Steps a software-precision run may take at this budget: its runs are
/// prefixes of the hardware-precision runs (the checks hold at every step of a prefix).
template <class Scalar>
long software_step_cap(const Budget& b, const PhaseRun& run) {
  if constexpr (!software_scalar<Scalar>()) return std::numeric_limits<long>::max();
  // Lhat at mp:50 costs about 2.6 us per n d per step: a prefix of 2e5 / (n d) steps (at least 20).
  if (run.n > 0) return std::max(20L, static_cast<long>(b.effort * 2e5 / static_cast<double>(run.n * run.d)));
  return std::max(20L, static_cast<long>(1500 * b.effort));
}

/// A step-invariant claim (lemmas 3-5): every instance is one full run checked
/// at every step; `pick(report)` is the lemma's tally, `tighten(constants)` the
/// control's change, `extra(tally, report)` adds the lemma's own numbers. Runs
/// draw mu |a| up to `mubar_max`: the lemma's own step bound (lemma 5: 4/25), so
/// no run is outside the claim for its step alone (at --seed 3 the default
/// budget's lemma 5 control drew no run inside it and decided nothing).
template <class Pick, class Tighten, class Extra>
ClaimResult run_invariant_claim(const claims::ClaimContext& c, Pick pick, Tighten tighten, Extra extra,
                                double mubar_max = 0.5) {
  PhaseTally tally;
  PhaseRunRanges ranges = invariant_run_ranges(c.budget);
  ranges.mubar_max = std::min(ranges.mubar_max, mubar_max);
  const auto draw = [ranges](std::uint64_t seed) { return draw_phase_run(seed, ranges); };
  const auto check = [&](auto tag, const PhaseRun& run) -> claims::Outcome {
    using Scalar = typename decltype(tag)::type;
    LemmaConstants<Scalar> constants;
    if (c.negative_control) tighten(constants);
    if (!holds_exponent(run, constants)) {
      ++tally.skipped_precision;
      return {std::nullopt, "sigma^2 below this precision's range"};
    }
    PhaseRunOptions<Scalar> ro;
    ro.max_steps = std::min(full_run_steps(run), software_step_cap<Scalar>(c.budget, run));
    const bool full = ro.max_steps == full_run_steps(run);
    const PhaseRunResult<Scalar> r = run_phase_check(run, constants, ro);
    tally.add_run(r, full);
    const SlackTally<Scalar>& t = pick(r.report);
    tally.add(t);
    const std::string mine = extra(tally, r.report);
    return {t.margin(), std::string(full ? "" : "prefix ") + "steps=" + std::to_string(r.steps) + " tested=" + std::to_string(t.tested) +
                            " roundoff=" + std::to_string(t.roundoff) + " worst_step=" + std::to_string(t.worst_step) +
                            (mine.empty() ? "" : " " + mine)};
  };
  // 8 budget instances at least (verify --budget small asks for 2): fewer runs may all start
  // outside the lemma's hypotheses (nothing decided) or miss where a tightened control fails.
  const Budget needed = budget_at_least(c.budget, 8);
  const claims::ClaimContext here{needed, c.id, c.negative_control};
  ClaimResult result = claims::run_claim(here, draw, check, {.scale = 0.5, .mp_scale = 0.25});
  append_note(result, tally.note());
  claims::note_timing(tally.timing());
  return result;
}

}  // namespace bothlayers::claims

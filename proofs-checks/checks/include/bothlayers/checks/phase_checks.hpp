#pragma once
/// \file phase_checks.hpp
/// What the compiled checks of the dynamics claims (lemmas 3-7, Theorem 2; their
/// runs are checks/phase_runs.hpp's) share: the per-claim tally of what the runs
/// found (PhaseTally, passed by reference into each check, printed by the claim),
/// the change a negative control makes to one of the lemmas' constants (plain data
/// the claim file writes, applied in the scalar type), and the run lengths, cut to
/// prefixes at the software precisions.

#include <bothlayers/checks/phase_runs.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>

namespace bothlayers::checks {

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

  /// The wall time of the runs, for the claim's timing note (claims/timing.hpp), never its result.
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

/// One of LemmaConstants (checks/phase_invariants.hpp) that a negative control changes.
enum class LemmaConstant {
  c6,             ///< lemma 3's bound (6)
  c4_conclusion,  ///< lemma 4's conclusion theta_i(t+1) <= c4 (pi/20), its hypothesis kept
  c2_conclusion,  ///< lemma 5's conclusion v_i(t+1) <= c2 sqrt|a| (2), its hypothesis kept
  c8,             ///< lemma 7's T2 = ceil(c8 ln(sqrt|a|/sigma) / (mu |a|)) (32)
};

/// A negative control's change to one lemma constant, as its claim file writes it.
/// The constant becomes Scalar(numerator) / denominator, the division done in the
/// scalar type by the int as the controls always wrote it (`Scalar(1) / 50`); with
/// `of_paper_value`, its paper value times that: constant * Scalar(numerator) /
/// denominator (lemma 4's pi/80 is c4 / 4, not a fraction).
struct ConstantChange {
  LemmaConstant constant = LemmaConstant::c6;
  int numerator = 1, denominator = 1;
  bool of_paper_value = false;
};

/// `change` in a negative control's runs; none (the paper's constants) in the claim's.
inline std::optional<ConstantChange> control_only(bool negative_control, const ConstantChange& change) {
  if (!negative_control) return std::nullopt;
  return change;
}

/// The paper's constants of lemmas 3-7 in Scalar, with `change` applied.
template <class Scalar>
LemmaConstants<Scalar> lemma_constants(const std::optional<ConstantChange>& change) {
  LemmaConstants<Scalar> c;
  if (!change) return c;
  Scalar* x = &c.c6;
  switch (change->constant) {
    case LemmaConstant::c6: x = &c.c6; break;
    case LemmaConstant::c4_conclusion: x = &c.c4_conclusion; break;
    case LemmaConstant::c2_conclusion: x = &c.c2_conclusion; break;
    case LemmaConstant::c8: x = &c.c8; break;
  }
  if (!change->of_paper_value) *x = Scalar(Scalar(change->numerator) / change->denominator);
  else if (change->numerator == 1) *x = Scalar(*x / change->denominator);  // c4 / 4, as lemma 4's control wrote it
  else *x = Scalar(*x * Scalar(change->numerator) / change->denominator);
  return c;
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

/// Steps a software-precision run may take at this budget effort: its runs are
/// prefixes of the hardware-precision runs (the checks hold at every step of a prefix).
template <class Scalar>
long software_step_cap(double effort, const PhaseRun& run) {
  if constexpr (!software_scalar<Scalar>()) return std::numeric_limits<long>::max();
  // Lhat at mp:50 costs about 2.6 us per n d per step: a prefix of 2e5 / (n d) steps (at least 20).
  if (run.n > 0) return std::max(20L, static_cast<long>(effort * 2e5 / static_cast<double>(run.n * run.d)));
  return std::max(20L, static_cast<long>(1500 * effort));
}

}  // namespace bothlayers::checks

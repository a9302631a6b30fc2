#pragma once
/// \file milestone_runs.hpp
/// Lemmas 6 and 7 read at their milestones of one gradient-descent run of
/// Theorem 2's setting (T1 and T1 + T2; checks/phase_runs.hpp), and the lemma 6/7
/// chain at the paper's sigma, compiled once per scalar type (checks/src/milestone_runs.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/phase_checks.hpp>

#include <optional>
#include <string>

namespace bothlayers::checks {

/// Lemma 6 (pp. 10-11) at the paper's constants: the run's iterate after T1 =
/// ceil(c9 / (mu |a|)) steps (T1 / `t1_divisor` steps, at least 1, when the divisor is
/// not 1: the negative control's short T1) has theta_i <= pi/20, sigma/4 <= v_i <= 2
/// sqrt|a| and |b_i| <= c10 |a|; the margin is the worst decided slack (digits). No
/// margin where the precision cannot hold the run's sigma or the init is outside the
/// event (a unit's growing mode negative); NaN when T1 is not reached. Adds the run to `tally`.
Outcome lemma6_at_t1(const Precision& precision, const PhaseRun& run, long t1_divisor, PhaseTally& tally);

/// Lemma 7 (p. 11) at the paper's c7, c8, c11 (with `change` applied: a negative
/// control's): the run's iterate after T1 + T2 steps (T2 = ceil(c8 ln(sqrt|a|/sigma) /
/// (mu |a|)); the run stops at a bitwise fixed point and reads T1 + T2 from it) has
/// v_i >= sqrt|a|/4 and |b_i| <= |a|/50; the margin is the worst decided slack
/// (digits). No margin where the precision cannot hold sigma^2, at the software
/// precisions below `effort` 4 (1e5 steps at 0.5 ms each), or outside the init event;
/// NaN when T1 + T2 is not reached. Adds the run and max_i |b_i|/|a| at T1 + T2 (tally.range) to `tally`.
Outcome lemma7_at_t1_t2(const Precision& precision, const PhaseRun& run, const std::optional<ConstantChange>& change,
                        double effort, PhaseTally& tally);

/// Lemma 7 (p. 11): the lemma 6/7 chain at the paper's sigma and c0 = 1/108
/// (lemma7_c0_chain; the paper's c0 is 1/10^8) at long double (d = 2, |a| = 1, seed 3),
/// with `change` applied (a negative control's), a prefix of min(1, effort/4) of its
/// steps: lemma 6 at T1, lemma 7 at T1 + T2, and with `with_invariants` lemmas 3-5 at
/// every step (chain_verdict). The same chain is run again on the fixed-size k = 2
/// step without the per-step checks (fast_lemma67_chain; past the fixed point through
/// all of its steps at effort >= 8): its lemma 6 and 7 slacks join the margin, and its
/// iterate must equal the checked run's bit for bit (the margin is NaN, the check
/// broken, when it does not). The detail is the chain's note; `timing` receives the
/// checked chain's wall-clock line (for the claim's timing note, never its result).
Outcome lemma67_chain_at_long_double(double effort, const std::optional<ConstantChange>& change, bool with_invariants,
                                     std::string& timing);

}  // namespace bothlayers::checks

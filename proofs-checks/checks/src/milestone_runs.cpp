// Lemmas 6 and 7 at their milestones and the lemma 6/7 chain (checks/milestone_runs.hpp),
// compiled once per scalar type.
#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/milestone_runs.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Run to `milestone` and return the iterate there; empty, with the reason in
/// `why` (a skip, or NaN when the run ended early), when the initialization is
/// outside the event (a unit's growing mode s_i a^T w_i / |a| + v_i <= 0) or the
/// milestone was not reached.
template <class Scalar>
std::optional<PaperState<Scalar>> run_to_milestone(const PhaseRun& run, const LemmaConstants<Scalar>& constants,
                                                   PhaseRunOptions<Scalar> ro, long milestone, PhaseTally& tally,
                                                   Outcome& why) {
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

template <class Scalar>
Outcome lemma6(const PhaseRun& run, long t1_divisor, PhaseTally& tally) {
  const LemmaConstants<Scalar> constants;
  if (!holds_exponent(run, constants)) {
    ++tally.skipped_precision;
    return {std::nullopt, "this precision cannot hold sigma0 ~ e^-823"};
  }
  const RunScales<Scalar> s = run_scales(run, constants);
  long t1 = lemma6_steps(constants, s.mu_a);
  if (t1_divisor != 1) t1 = std::max(1L, t1 / t1_divisor);
  Outcome why;
  const auto at_t1 = run_to_milestone(run, constants, PhaseRunOptions<Scalar>{}, t1, tally, why);
  if (!at_t1) return why;
  const SlackTally<Scalar> t = lemma6_conclusion(*at_t1, constants, s.sigma, Scalar(run.a_norm), t1);
  tally.add(t);
  return {t.margin(), why.detail + " theta=(" + to_decimal_string(*at_t1->theta[0]) + ", " +
                          to_decimal_string(*at_t1->theta[1]) + ")"};
}

template <class Scalar>
Outcome lemma7(const PhaseRun& run, const std::optional<ConstantChange>& change, double effort, PhaseTally& tally) {
  using std::abs;
  const LemmaConstants<Scalar> constants = lemma_constants<Scalar>(change);
  if (!holds_exponent(run, constants)) {
    ++tally.skipped_precision;
    return {std::nullopt, "this precision cannot hold sigma^2"};
  }
  if (software_scalar<Scalar>() && effort < 4)
    return {std::nullopt, "1e5 steps at a software precision: run at effort >= 4 (--budget large)"};
  const RunScales<Scalar> s = run_scales(run, constants);
  const long t12 = lemma6_steps(constants, s.mu_a) + lemma7_steps(constants, s.mu_a, s.log_ratio);
  PhaseRunOptions<Scalar> ro;
  ro.stop_at_fixed_point = true;  // converged runs sit still: T1 + T2 is read from the fixed point
  Outcome why;
  const auto at_t12 = run_to_milestone(run, constants, ro, t12, tally, why);
  if (!at_t12) return why;
  const SlackTally<Scalar> t = lemma7_conclusion(*at_t12, constants, Scalar(run.a_norm), t12);
  tally.add(t);
  tally.range(to_double(Scalar(std::max(abs(at_t12->b[0]), abs(at_t12->b[1])) / Scalar(run.a_norm))));
  return {t.margin(), why.detail};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome lemma6_at_t1(const Precision& precision, const PhaseRun& run, long t1_divisor, PhaseTally& tally) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return lemma6<typename decltype(tag)::type>(run, t1_divisor, tally); });
}

Outcome lemma7_at_t1_t2(const Precision& precision, const PhaseRun& run, const std::optional<ConstantChange>& change,
                        double effort, PhaseTally& tally) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return lemma7<typename decltype(tag)::type>(run, change, effort, tally); });
}

Outcome lemma67_chain_at_long_double(double effort, const std::optional<ConstantChange>& change, bool with_invariants,
                                     std::string& timing) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  using S = long double;
  const LemmaConstants<S> constants = lemma_constants<S>(change);
  const PhaseRun run{.d = 2, .a_norm = 1, .lemma7_c0 = lemma7_c0_chain, .seed = 3};
  const long full = lemma67_chain<S>(run, constants, 0).full_steps;
  const long cap = static_cast<long>(static_cast<double>(full) * std::min(1.0, effort / 4));
  const Lemma67Chain<S> chain = lemma67_chain<S>(run, constants, cap);
  ChainVerdict<S> v = chain_verdict(chain, constants, run, with_invariants);
  timing = v.timing;
  const bool whole = effort >= 8;
  const FastChain<S> fast = fast_lemma67_chain<S>(run, constants, whole ? full : cap, !whole);
  const std::string parts =
      chain_milestones(fast.at_milestone, fast.t1, fast.t2, constants, fast.scales.sigma, S(run.a_norm), v.all);
  // Where both runs stopped at the fixed point (or ran the same steps), they must hold the same iterate.
  // (Past a fixed point the iterate never changes, so the whole unchecked run ends on the checked run's fixed point.)
  const auto& fixed = chain.run.report.fixed_point_step;
  const bool comparable = chain.run.steps == fast.steps || (fixed && fast.fixed_point_step);
  const bool same = chain.run.final_network.W == fast.final_network.W &&
                    chain.run.final_network.V == fast.final_network.V && fixed == fast.fixed_point_step;
  const double ns = fast.steps > 0 ? fast.seconds * 1e9 / static_cast<double>(fast.steps) : 0;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "; the same chain on the fixed-size k = 2 step, unchecked (population_step_k2.hpp): %ld of %ld steps "
                "in %.1f s (%.0f ns/step, whole chain projected %.0f s), fixed point at %ld,%s final iterate %s the "
                "checked run's",
                fast.steps, fast.full_steps, fast.seconds, ns, ns * 1e-9 * static_cast<double>(fast.full_steps),
                fast.fixed_point_step.value_or(-1), parts.c_str(),
                !comparable ? "not compared with"
                : same      ? "bit-identical to"
                            : "DIFFERS from");
  v.text += buf;
  Margin margin = v.all.margin();
  if (comparable && !same) margin = std::numeric_limits<double>::quiet_NaN();
  return {margin, v.text};
}

}  // namespace bothlayers::checks

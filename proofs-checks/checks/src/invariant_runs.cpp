// Lemmas 3-5 along one gradient-descent run (checks/invariant_runs.hpp),
// compiled once per scalar type.
#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/invariant_runs.hpp>

#include <algorithm>
#include <string>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Outcome invariant_along_run(const PhaseRun& run, InvariantLemma lemma, const std::optional<ConstantChange>& change,
                            double effort, PhaseTally& tally) {
  const LemmaConstants<Scalar> constants = lemma_constants<Scalar>(change);
  if (!holds_exponent(run, constants)) {
    ++tally.skipped_precision;
    return {std::nullopt, "sigma^2 below this precision's range"};
  }
  PhaseRunOptions<Scalar> ro;
  ro.max_steps = std::min(full_run_steps(run), software_step_cap<Scalar>(effort, run));
  const bool full = ro.max_steps == full_run_steps(run);
  const PhaseRunResult<Scalar> r = run_phase_check(run, constants, ro);
  tally.add_run(r, full);
  const PhaseReport<Scalar>& report = r.report;
  const SlackTally<Scalar>& t = lemma == InvariantLemma::lemma3_bound    ? report.lemma3
                                : lemma == InvariantLemma::lemma4_angles ? report.lemma4
                                                                         : report.lemma5;
  tally.add(t);
  std::string mine;
  if (lemma == InvariantLemma::lemma3_bound) {
    tally.from_identity += report.lemma3_from_identity;
    const double ratio = to_double(report.lemma3_peak_ratio);
    tally.peak = std::max(tally.peak, ratio);
    mine = "peak_ratio=" + std::to_string(ratio);
  } else if (lemma == InvariantLemma::lemma4_angles) {
    tally.hypotheses_blocked += report.lemma4_blocked_by_delta_g;
    if (report.max_delta_g_over_a > 0) mine = "max|DeltaG|/|a|=" + std::to_string(to_double(report.max_delta_g_over_a));
  }
  return {t.margin(), std::string(full ? "" : "prefix ") + "steps=" + std::to_string(r.steps) + " tested=" + std::to_string(t.tested) +
                          " roundoff=" + std::to_string(t.roundoff) + " worst_step=" + std::to_string(t.worst_step) +
                          (mine.empty() ? "" : " " + mine)};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome lemma_invariant_along_run(const Precision& precision, const PhaseRun& run, InvariantLemma lemma,
                                  const std::optional<ConstantChange>& change, double effort, PhaseTally& tally) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) {
    return invariant_along_run<typename decltype(tag)::type>(run, lemma, change, effort, tally);
  });
}

}  // namespace bothlayers::checks

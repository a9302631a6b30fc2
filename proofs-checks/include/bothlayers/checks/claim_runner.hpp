#pragma once
/// \file claim_runner.hpp
/// The loop every claim runner shares: for each precision in the budget, for
/// each instance, call the check with a reproducible seed and record its margin.

#include <bothlayers/claims.hpp>
#include <bothlayers/precision.hpp>

#include <string>

namespace bothlayers::checks {

/// Run `check(ScalarTag<S>, seed) -> std::pair<double margin, std::string where>`
/// for budget.instances seeds at every budget precision; `instances_scale`
/// shrinks the count for expensive checks (at least 1 instance).
template <class Check>
ClaimResult run_instances(const Budget& budget, const std::string& claim_id, Check&& check,
                          double instances_scale = 1.0, const std::string& unit = "digits") {
  MarginTracker tracker;
  const long count = std::max(1L, static_cast<long>(budget.instances * instances_scale));
  for (const std::string& name : budget.precisions) {
    const Precision precision = parse_precision(name);
    dispatch_precision(precision, [&](auto tag) {
      for (long i = 0; i < count; ++i) {
        const std::uint64_t seed = instance_seed(budget, claim_id, i);
        const auto [margin, where] = check(tag, seed);
        tracker.record_margin(margin, name + " " + where, seed);
      }
    });
  }
  return tracker.result(unit);
}

/// Turn run_instances' result into a negative control's: its verdict is
/// already Violated when some instance failed the check (as a control must);
/// the margin is flipped so that positive = the largest violation found.
inline ClaimResult as_negative_control(ClaimResult result) {
  result.worst_margin = -result.worst_margin;
  return result;
}

}  // namespace bothlayers::checks

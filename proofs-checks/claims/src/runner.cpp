// The runner's budget arithmetic (runner.hpp), compiled once: the question
// "is this precision's arithmetic in hardware" goes through the precision
// dispatcher here, not in every claim file that runs a claim.
#include <bothlayers/claims/runner.hpp>

#include <algorithm>

namespace bothlayers::claims {

long instance_count(const Budget& budget, const Precision& p, const RunOptions& o) {
  const bool software =
      !dispatch_precision(p, [](auto tag) { return ScalarTraits<typename decltype(tag)::type>::hardware; });
  const double n = static_cast<double>(budget.instances) * o.scale * (software ? o.mp_scale : 1.0);
  return std::max(1L, static_cast<long>(n));
}

std::vector<std::string> run_precisions(const Budget& budget, const RunOptions& o) {
  std::vector<std::string> out;
  for (const auto& list : {budget.precisions, o.also_at})
    for (const auto& name : list) {
      const std::string canonical = parse_precision(name).name();
      if (std::find(out.begin(), out.end(), canonical) == out.end()) out.push_back(canonical);
    }
  return out;
}

long total_instances(const Budget& budget, const RunOptions& o) {
  long total = 0;
  for (const auto& name : run_precisions(budget, o)) total += instance_count(budget, parse_precision(name), o);
  return total;
}

}  // namespace bothlayers::claims

#pragma once
/// \file budget_floor.hpp
/// A claim's floor on the budget: `verify --budget small` (2 instances) lowers the
/// instances only down to what a claim needs to decide; a claim whose draws must
/// meet its hypotheses, or a control that must be rejected at every precision,
/// runs at least its floor (the first draws are the default budget's: instance
/// seeds do not depend on the count).

#include <algorithm>
#include <bothlayers/claims/claim.hpp>

namespace bothlayers::claims {

/// `b` with at least `instances` instances per precision (before a claim's own scaling).
inline Budget budget_at_least(const Budget& b, long instances) {
  Budget out = b;
  out.instances = std::max(b.instances, instances);
  return out;
}

}  // namespace bothlayers::claims

// MarginTracker (margin.hpp): the worst margin of a run, NaN-aware.
#include <bothlayers/claims/margin.hpp>

#include <cmath>

namespace bothlayers::claims {

void MarginTracker::record(const Margin& margin, const std::string& precision, const std::string& where,
                           std::uint64_t seed) {
  ++count_;
  if (!margin) {
    ++skipped_;
    return;
  }
  ++decided_;
  if (std::isnan(*margin)) {
    if (!any_nan_) {
      where_ = precision + " " + where + " (the check returned NaN)";
      precision_ = precision;
      seed_ = seed;
    }
    any_nan_ = true;
    return;
  }
  if (!any_nan_ && *margin < worst_) {
    worst_ = *margin;
    where_ = precision + " " + where;
    precision_ = precision;
    seed_ = seed;
  }
}

ClaimResult MarginTracker::result(const std::string& unit, bool negative_control) const {
  ClaimResult r;
  r.instances = count_;
  r.margin_unit = unit;
  r.worst_case = where_;
  r.precision = precision_;
  r.seed = seed_;
  if (skipped_ > 0) r.note = std::to_string(skipped_) + " draws outside the claim";
  if (decided_ == 0) {
    r.verdict = Verdict::Inconclusive;
    r.note += std::string(r.note.empty() ? "" : "; ") + "no instance decided";
    return r;
  }
  if (any_nan_) {
    r.verdict = Verdict::Inconclusive;
    return r;
  }
  r.verdict = worst_ > 0 ? Verdict::Holds : Verdict::Violated;
  r.worst_margin = negative_control ? -worst_ : worst_;
  return r;
}

}  // namespace bothlayers::claims

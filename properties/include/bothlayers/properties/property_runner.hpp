#pragma once
/// \file property_runner.hpp
/// Drives one property from a claim runner: instance i of precision P is the
/// RapidCheck generator's draw from rc::Random(instance_seed(budget, id, i)),
/// checked by the same function the GoogleTest property asserts on, so the
/// `verify` row and `ctest -L property` test one source of truth.
///
/// Precisions: the property suite instantiates its checks for `double` and
/// `mp:DIGITS` only (compile time: each extra scalar type with an eigen
/// solver costs about a minute per file); other budget precisions are skipped
/// and named in the result's note.

#include <bothlayers/claims.hpp>
#include <bothlayers/precision.hpp>

#include <rapidcheck.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

namespace bothlayers::properties {

/// Margin of one instance: positive = the instance behaves as the claim says;
/// empty = the instance is outside the claim (skipped, like RC_PRE).
using Margin = std::optional<double>;

/// Multiplier of the default number of cases, from BOTHLAYERS_PROPERTY_BUDGET
/// (default 1; e.g. 10 for a nightly run).
inline double budget_multiplier() {
  const char* env = std::getenv("BOTHLAYERS_PROPERTY_BUDGET");
  if (env == nullptr) return 1.0;
  const double m = std::atof(env);
  return m > 0 ? m : 1.0;
}

/// Run `check(tag, instance) -> Margin` on max(1, budget.instances * scale)
/// draws of `gen` per precision. `mp_scale` further shrinks the count at MPFR
/// precisions. A negative control (`negative`) is Violated when some instance
/// has margin <= 0, and reports the largest violation as a positive margin.
template <class Instance, class Check>
ClaimResult run_property(const Budget& budget, const std::string& id, const rc::Gen<Instance>& gen, Check&& check,
                         double scale = 1.0, double mp_scale = 0.25, bool negative = false,
                         const std::string& unit = "digits") {
  MarginTracker tracker;
  std::string skipped;
  long discarded = 0;
  for (const std::string& name : budget.precisions) {
    const Precision precision = parse_precision(name);
    if (precision.kind != Precision::Kind::Double && precision.kind != Precision::Kind::Mpfr) {
      skipped += (skipped.empty() ? "" : ", ") + name;
      continue;
    }
    const double s = scale * (precision.kind == Precision::Kind::Mpfr ? mp_scale : 1.0);
    const long count = std::max(1L, static_cast<long>(budget.instances * s));
    auto body = [&](auto tag) {
      for (long i = 0; i < count; ++i) {
        const std::uint64_t seed = instance_seed(budget, id, i);
        const Instance instance = gen(rc::Random(seed), rc::kNominalSize).value();
        const Margin m = check(tag, instance);
        if (!m) {
          ++discarded;
          continue;
        }
        tracker.record_margin(*m, name + " instance " + std::to_string(i) + ": " + instance.describe(),
                              seed);
      }
    };
    if (precision.kind == Precision::Kind::Double) body(ScalarTag<double>{});
    else {
      ScopedMpfrDigits guard(precision.mp_digits);
      body(ScalarTag<mp_float>{});
    }
  }
  ClaimResult r = tracker.result(unit);
  if (negative) {
    // The tracker already says Violated (as a control must) when some instance
    // failed the check; flip the margin so positive = the largest violation found.
    r.worst_margin = -r.worst_margin;
  }
  r.instances += discarded;
  if (!skipped.empty()) r.note = "precisions skipped by the property suite: " + skipped;
  if (discarded > 0) r.note += (r.note.empty() ? "" : "; ") + std::to_string(discarded) + " draws outside the claim";
  return r;
}

}  // namespace bothlayers::properties

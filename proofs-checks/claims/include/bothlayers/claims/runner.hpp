#pragma once
/// \file runner.hpp
/// The one claim runner: for every precision of the budget (each scalar type
/// through the precision dispatcher), for instance i = 0..count-1, draw the
/// instance from seed instance_seed(budget, id, i) (a seeded function or a
/// RapidCheck generator: the same numbers at every precision), call the
/// check, and record its margin. A violated claim drawn from a generator is
/// shrunk to a minimal counterexample (RapidCheck's shrink tree, greedily).

#include <bothlayers/claims/claim.hpp>
#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/properties/ulp_perturbation.hpp>

#include <rapidcheck.h>

#include <algorithm>
#include <concepts>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace bothlayers::claims {

/// What a claim's runner is handed: the budget, and its own id and role
/// (from its record, so the id is written once, at registration).
struct ClaimContext {
  const Budget& budget;
  const std::string& id;
  bool negative_control = false;
};

/// How a claim spends its budget.
struct RunOptions {
  double scale = 1.0;     ///< instances per precision = max(1, budget.instances * scale)
  double mp_scale = 1.0;  ///< further factor at the software types (float128, bin-float-50, mp:*: the table's hardware = false)
  std::string unit = "digits";
  std::vector<std::string> also_at;  ///< precisions run in addition to the budget's (e.g. "mp:500")
  /// Negative control only: rejected only when every precision it ran at rejects
  /// (a control that one precision cannot fail shows a check blind at that precision).
  bool reject_at_every_precision = false;
  /// Evaluations the shrinker may spend on a violated generator-drawn claim.
  int shrink_evaluations = 300;
};

/// Instances a run draws at precision `p` (mp_scale applies where the scalar
/// table says the arithmetic is not in hardware: double-double is).
long instance_count(const Budget& budget, const Precision& p, const RunOptions& o);

/// The budget's precisions followed by `also_at` (without repeats).
std::vector<std::string> run_precisions(const Budget& budget, const RunOptions& o);

/// Instances a run draws over all its precisions (e.g. to share a family-wise
/// false-alarm probability among them).
long total_instances(const Budget& budget, const RunOptions& o);

/// Instances drawn by a RapidCheck generator from rc::Random(seed): shrinkable.
template <class Instance>
struct GeneratorDraw {
  rc::Gen<Instance> gen;
  Instance operator()(std::uint64_t seed) const { return gen(rc::Random(seed), rc::kNominalSize).value(); }
};

/// Wrap a RapidCheck generator as a draw.
template <class Instance>
GeneratorDraw<Instance> from_generator(rc::Gen<Instance> gen) {
  return GeneratorDraw<Instance>{std::move(gen)};
}

namespace detail {

template <class T>
struct IsGeneratorDraw : std::false_type {};
template <class I>
struct IsGeneratorDraw<GeneratorDraw<I>> : std::true_type {};

/// The instance a run checks: `x`, or with Budget::perturb_ulp, x moved by one
/// ulp (perturbed_by_ulp, found with the instance's type) where its type has one.
template <class Instance>
concept UlpPerturbable = requires(const Instance& x, std::uint64_t seed) {
  { perturbed_by_ulp(x, seed) } -> std::convertible_to<Instance>;
};

template <class Instance>
Instance as_checked(const Instance& x, const Budget& budget, std::uint64_t seed) {
  if constexpr (UlpPerturbable<Instance>) {
    if (budget.perturb_ulp) return perturbed_by_ulp(x, seed);
  }
  return x;
}

/// Call the check at `precision`: a compiled check (checks::PrecisionCheck) directly,
/// a generic one through the precision dispatcher; a library error thrown by it is a
/// broken check (NaN), named in the detail.
template <class Check, class Instance>
Outcome checked(Check& check, const Precision& precision, const Instance& instance) {
  try {
    // Asked in this order: a generic lambda's body cannot be tried with a Precision.
    if constexpr (std::is_invocable_v<Check&, ScalarTag<double>, const Instance&>)
      return dispatch_precision(precision, [&](auto tag) { return checks::as_outcome(check(tag, instance)); });
    else {
      static_assert(checks::PrecisionCheck<Check, Instance>, "a check is check(precision, instance) -> Outcome");
      return check(precision, instance);
    }
  } catch (const Error& e) {
    return Outcome{std::numeric_limits<double>::quiet_NaN(), std::string("threw: ") + e.what()};
  }
}

/// Greedy shrink (RapidCheck's order) of the failing draw at `seed`: the
/// smallest instance the check still rejects, within `budget` evaluations.
template <class Instance, class Check>
std::string shrink(const GeneratorDraw<Instance>& draw, Check& check, const Precision& precision, std::uint64_t seed,
                   int budget) {
  auto current = draw.gen(rc::Random(seed), rc::kNominalSize);
  const auto fails = [&](const Instance& x) {
    const Outcome o = checked(check, precision, x);
    return o.margin.has_value() && !(*o.margin > 0);
  };
  int evaluations = 0, steps = 0;
  for (bool progress = true; progress && evaluations < budget;) {
    progress = false;
    auto candidates = current.shrinks();
    while (auto next = candidates.next()) {
      if (++evaluations > budget) break;
      try {
        if (fails(next->value())) {
          current = std::move(*next);
          progress = true;
          ++steps;
          break;
        }
      } catch (const std::exception&) {  // a discarded candidate (generation failure)
      }
    }
  }
  return "shrunk in " + std::to_string(steps) + " steps (" + std::to_string(evaluations) +
         " evaluations): " + current.value().describe();
}

}  // namespace detail

/// Run `check` on the draws of `draw(seed) -> Instance` (Instance has
/// describe(); drawn in double, the same numbers at every precision) at every
/// precision of the budget (and o.also_at); the result for the claim's role.
/// `check(precision, instance) -> Outcome` is a compiled check
/// (checks/at_precision.hpp); a generic `check(ScalarTag<S>, instance) -> Margin
/// | Outcome` is dispatched here, instance by instance.
template <class Draw, class Check>
ClaimResult run_claim(const ClaimContext& ctx, const Draw& draw, Check&& check, const RunOptions& o = {}) {
  MarginTracker all;
  std::string not_rejected;
  for (const std::string& name : run_precisions(ctx.budget, o)) {
    const Precision precision = parse_precision(name);
    const long count = instance_count(ctx.budget, precision, o);
    MarginTracker here;
    for (long i = 0; i < count; ++i) {
      const std::uint64_t seed = instance_seed(ctx.budget, ctx.id, i);
      const auto instance = detail::as_checked(draw(seed), ctx.budget, seed);
      const Outcome out = detail::checked(check, precision, instance);
      const std::string where =
          "instance " + std::to_string(i) + ": " + instance.describe() + (out.detail.empty() ? "" : " " + out.detail);
      all.record(out.margin, name, where, seed);
      here.record(out.margin, name, where, seed);
    }
    if (ctx.negative_control && here.result(o.unit, true).verdict != Verdict::Violated)
      not_rejected += (not_rejected.empty() ? "" : ", ") + name;
  }
  ClaimResult r = all.result(o.unit, ctx.negative_control);
  using Instance = std::decay_t<decltype(draw(std::uint64_t{0}))>;
  if (ctx.budget.perturb_ulp && !detail::UlpPerturbable<Instance>)
    r.note += std::string(r.note.empty() ? "" : "; ") + "--perturb-ulp: no ulp move for these instances (run unchanged)";
  if (ctx.negative_control && o.reject_at_every_precision && !not_rejected.empty() &&
      r.verdict == Verdict::Violated) {
    r.verdict = Verdict::Holds;
    r.note += std::string(r.note.empty() ? "" : "; ") + "not rejected at " + not_rejected;
  }
  if constexpr (detail::IsGeneratorDraw<Draw>::value) {
    if (!ctx.negative_control && r.verdict == Verdict::Violated && ctx.budget.shrink) {
      r.note += std::string(r.note.empty() ? "" : "; ") +
                detail::shrink(draw, check, parse_precision(all.worst_precision()), all.worst_seed(),
                               o.shrink_evaluations);
    }
  }
  return r;
}

}  // namespace bothlayers::claims

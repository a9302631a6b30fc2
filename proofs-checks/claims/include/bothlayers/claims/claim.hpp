#pragma once
/// \file claim.hpp
/// A claim of the paper as a record: id, paper reference, one-line statement,
/// role (claim or negative control), label, source file, and a runner that
/// takes a budget and returns a ClaimResult. One registry holds them all:
/// `ctest` runs each once at the CI budget, `bothlayers verify` at the user's.
/// Claims are registered with register_claim (register.hpp), one file per
/// claim (with its negative controls) under proofs-checks/<paper object>/.

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace bothlayers {

/// Outcome of checking a claim: sampled evidence HOLDS or is VIOLATED;
/// INCONCLUSIVE when nothing was decided (no instance, or a check that
/// produced NaN: a broken check is never evidence either way). A rigorous
/// interval argument says CERTIFIED (proved over the whole domain, rounding
/// included) or REFUTED (a certified counterexample: a box where the statement
/// fails for every point); only an interval certificate may return these two.
enum class Verdict { Holds, Violated, Inconclusive, Certified, Refuted };

/// "holds", "violated" or "inconclusive".
std::string verdict_name(Verdict v);

/// Named budgets: Default (ctest and plain `verify`), Large (more instances and
/// effort), Paper (Large, plus the runs that take hours: the lemma 6/7 chain at the
/// paper's sigma with lemma 7's c0 = 1/108, T2 ~ 2.4e9 steps; the paper's c0 = 1/10^8
/// would need T2 ~ 2.2e15).
enum class BudgetTier { Default, Large, Paper };

/// "default", "large" or "paper".
std::string budget_tier_name(BudgetTier tier);

/// How much checking a runner does.
struct Budget {
  long instances = 8;                                      ///< random instances per precision
  std::vector<std::string> precisions{"double", "mp:50"};  ///< precision names (precision.hpp)
  std::uint64_t seed = 20260101;                           ///< base seed; instance i uses instance_seed(...)
  /// Multiplier for a claim's own heavy knobs (Monte Carlo sizes, trajectory
  /// lengths); 1 is the CI default.
  double effort = 1.0;
  /// On a violated claim drawn from a RapidCheck generator, shrink the worst
  /// instance to a minimal counterexample (reported in the note).
  bool shrink = true;
  /// The named budget this one started from; claims whose long runs (the lemma 6/7
  /// chain at the paper's sigma) are too long for CI run them only at BudgetTier::Paper (and say so).
  BudgetTier tier = BudgetTier::Default;
  /// Move every instance's nonzero floating inputs by one ulp before checking it
  /// (`verify --perturb-ulp`; properties/ulp_perturbation.hpp): a verdict must not
  /// change. Instances of types without perturbed_by_ulp run unchanged.
  bool perturb_ulp = false;
};

/// Named budgets: default (above); small = default at 2 instances, effort 0.5 (claims keep
/// their floor, claims/budget_floor.hpp); large = 32 instances at double and mp:50, effort 4;
/// paper = large with tier Paper. Throws InvalidArgument for any other name.
Budget budget_for_tier(const std::string& name);

/// What a runner found.
struct ClaimResult {
  long instances = 0;  ///< instances tried, over all precisions (skipped draws included)
  Verdict verdict = Verdict::Inconclusive;
  /// Worst margin over the instances, in `margin_unit`; positive means the
  /// instance behaved as the claim says (for a tolerance check: digits of
  /// headroom log10(tolerance / error), computed in the scalar type). For a
  /// negative control it is the largest violation found (positive = rejected).
  double worst_margin = std::numeric_limits<double>::quiet_NaN();
  std::string margin_unit = "digits";
  std::string worst_case;                ///< precision and instance of the worst margin
  std::string precision;                 ///< the precision the verdict rests on (that of the worst case)
  std::optional<double> sharp_constant;  ///< estimate of the sharpest constant, if the claim has one
  std::uint64_t seed = 0;                ///< seed that reproduces the worst case
  std::string note;                      ///< anything else worth a line in the report
};

/// A registered claim.
struct Claim {
  std::string id;                 ///< e.g. "eq11.gradient_fd"; also mixed into every instance seed
  std::string reference;          ///< paper reference ending with its page: "eqs. (11)-(12), pp. 20-21"
  std::string statement;          ///< one line
  bool negative_control = false;  ///< must be found Violated
  std::string label;              ///< paper object = its folder: closed-forms, landscape, dynamics, lemmas, concentration, precision
  std::string source;             ///< the file that registers it, relative to the repository
  std::function<ClaimResult(const Budget&)> run;
};

/// The page part of a paper reference: "p. N" or "pp. N-M" when the reference
/// ends with it (after ", " or alone: "Lemma 5, p. 10" -> "p. 10", "eqs.
/// (11)-(12), pp. 20-21" -> "pp. 20-21"); empty when it does not. Pages are the
/// PDF's printed page numbers (equal to its page index).
std::string paper_page(const std::string& reference);

/// Every registered claim, sorted by id.
std::vector<Claim> registered_claims();

/// The claim with this id; throws InvalidArgument if none.
Claim find_claim(const std::string& id);

/// Add a claim to the registry (throws on a duplicate id); use register_claim.
void add_to_registry(Claim claim);

/// The labels `verify --label` accepts: every folder, plus "proof" (the proof
/// of Theorem 2 along gradient-descent runs: dynamics and concentration).
bool has_label(const Claim& claim, const std::string& label);

/// True when the result is what the claim expects: Holds or Certified for a
/// claim, Violated or Refuted for a negative control.
bool behaved_as_expected(const Claim& claim, const ClaimResult& result);

/// Seed of instance `i` of a claim: a fixed mix of the budget seed, the claim
/// id and i, so every claim sees different but reproducible instances, and
/// instance i gets the same seed on any thread or process that runs it.
std::uint64_t instance_seed(const Budget& budget, const std::string& claim_id, long i);

}  // namespace bothlayers

#pragma once
/// \file claims.hpp
/// The claim registry: one record per paper claim (or negative control), with
/// a runner that takes a budget and returns a ClaimResult. GoogleTest calls
/// the runners with the CI budget and asserts on the verdict; `bothlayers
/// verify` calls every runner with the user's budget and prints the table.
/// Adding a claim is adding one file that defines a static ClaimRegistrar.

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace bothlayers {

/// Outcome of checking a claim.
enum class Verdict { Holds, Violated, Inconclusive };

/// "holds", "violated" or "inconclusive".
std::string verdict_name(Verdict v);

/// How much checking a runner does.
struct Budget {
  long instances = 8;                                    ///< random instances per precision
  std::vector<std::string> precisions{"double", "mp:50"};  ///< precision names (precision.hpp)
  std::uint64_t seed = 20260101;                         ///< base seed; instance i uses a derived seed
  /// Multiplier for a claim's own heavy knobs (Monte Carlo sizes, trajectory
  /// lengths); 1 is the CI default.
  double effort = 1.0;
};

/// What a runner found.
struct ClaimResult {
  long instances = 0;                 ///< instances tried, over all precisions
  Verdict verdict = Verdict::Inconclusive;
  /// Worst margin over the instances, in `margin_unit`; positive means the
  /// instance behaved as the claim says (for a tolerance check: digits of
  /// headroom log10(tolerance / error)). For a negative control it is the
  /// largest violation found (positive = the control was rejected).
  double worst_margin = std::numeric_limits<double>::quiet_NaN();
  std::string margin_unit = "digits";
  std::string worst_case;             ///< where the worst margin occurred
  std::optional<double> sharp_constant;  ///< estimate of the sharpest constant, if the claim has one
  std::uint64_t seed = 0;             ///< seed that reproduces the worst case
  std::string note;                   ///< anything else worth a line in the report
};

/// A registered claim.
struct Claim {
  std::string id;         ///< e.g. "eq11.gradient_fd", "lemma03.imbalance_update"
  std::string reference;  ///< paper reference, e.g. "eq. (11)", "Lemma 3"
  std::string statement;  ///< one line
  bool negative_control = false;  ///< must be found Violated
  std::string label = "core";     ///< group: core, property, proof
  std::string source;             ///< the file that registers it, e.g. "proofs-checks/lemma_03_imbalance_claims.cpp"
  std::function<ClaimResult(const Budget&)> run;
};

/// Every registered claim, sorted by id.
std::vector<Claim> registered_claims();

/// The claim with this id; throws InvalidArgument if none.
Claim find_claim(const std::string& id);

/// Registers a claim at static-initialization time (one per claim file).
struct ClaimRegistrar {
  explicit ClaimRegistrar(Claim claim);
};

/// True when the result is what the claim expects: Holds for a claim,
/// Violated for a negative control.
bool behaved_as_expected(const Claim& claim, const ClaimResult& result);

/// Tracks the worst margin of a tolerance check across instances:
/// margin = log10(tolerance / error) (infinite when error == 0).
class MarginTracker {
 public:
  /// Record one comparison; `where` describes the instance, `seed` reproduces it.
  void record(double error, double tolerance, const std::string& where, std::uint64_t seed);
  /// Record a margin directly (positive = holds).
  void record_margin(double margin, const std::string& where, std::uint64_t seed);
  /// Verdict: Holds if every margin > 0, Violated otherwise (Inconclusive if nothing recorded).
  ClaimResult result(const std::string& unit = "digits") const;
  long count() const { return count_; }

 private:
  long count_ = 0;
  double worst_ = std::numeric_limits<double>::infinity();
  std::string where_;
  std::uint64_t seed_ = 0;
  bool any_nan_ = false;
};

/// Seed of instance `i` of a claim: a fixed mix of the budget seed, the claim
/// id and i, so every claim sees different but reproducible instances.
std::uint64_t instance_seed(const Budget& budget, const std::string& claim_id, long i);

}  // namespace bothlayers

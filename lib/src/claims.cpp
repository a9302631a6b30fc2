#include <bothlayers/claims.hpp>
#include <bothlayers/errors.hpp>

#include <algorithm>
#include <map>
#include <mutex>

namespace bothlayers {

namespace {
std::map<std::string, Claim>& registry() {
  static std::map<std::string, Claim> claims;
  return claims;
}
}  // namespace

std::string verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Holds: return "holds";
    case Verdict::Violated: return "violated";
    case Verdict::Inconclusive: return "inconclusive";
  }
  return "?";
}

ClaimRegistrar::ClaimRegistrar(Claim claim) {
  const std::string id = claim.id;
  if (!registry().emplace(id, std::move(claim)).second)
    throw Error("claim '" + id + "' registered twice");
}

std::vector<Claim> registered_claims() {
  std::vector<Claim> out;
  for (const auto& [id, claim] : registry()) out.push_back(claim);
  return out;
}

Claim find_claim(const std::string& id) {
  const auto it = registry().find(id);
  if (it == registry().end()) throw InvalidArgument("no claim with id '" + id + "'");
  return it->second;
}

bool behaved_as_expected(const Claim& claim, const ClaimResult& result) {
  return result.verdict == (claim.negative_control ? Verdict::Violated : Verdict::Holds);
}

void MarginTracker::record(double error, double tolerance, const std::string& where, std::uint64_t seed) {
  double margin;
  if (std::isnan(error)) margin = std::numeric_limits<double>::quiet_NaN();
  else if (error == 0) margin = std::numeric_limits<double>::infinity();
  else margin = std::log10(tolerance / error);
  record_margin(margin, where, seed);
}

void MarginTracker::record_margin(double margin, const std::string& where, std::uint64_t seed) {
  ++count_;
  if (std::isnan(margin)) {
    if (!any_nan_) { where_ = where + " (NaN)"; seed_ = seed; }
    any_nan_ = true;
    return;
  }
  if (!any_nan_ && margin < worst_) {
    worst_ = margin;
    where_ = where;
    seed_ = seed;
  }
}

ClaimResult MarginTracker::result(const std::string& unit) const {
  ClaimResult r;
  r.instances = count_;
  r.margin_unit = unit;
  r.worst_case = where_;
  r.seed = seed_;
  if (count_ == 0) {
    r.verdict = Verdict::Inconclusive;
    return r;
  }
  r.worst_margin = any_nan_ ? std::numeric_limits<double>::quiet_NaN() : worst_;
  r.verdict = (!any_nan_ && worst_ > 0) ? Verdict::Holds : Verdict::Violated;
  return r;
}

std::uint64_t instance_seed(const Budget& budget, const std::string& claim_id, long i) {
  // FNV-1a over the id, mixed with the seed and the index (splitmix64 finalizer).
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : claim_id) h = (h ^ c) * 1099511628211ULL;
  std::uint64_t z = h ^ (budget.seed + 0x9E3779B97F4A7C15ULL * static_cast<std::uint64_t>(i + 1));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace bothlayers

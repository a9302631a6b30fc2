// The claim registry (claim.hpp): one map from id to record, filled at
// static-initialization time by register_claim.
#include <bothlayers/claims/claim.hpp>
#include <bothlayers/errors.hpp>

#include <map>
#include <regex>

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
    case Verdict::Certified: return "certified";
    case Verdict::Refuted: return "refuted";
  }
  return "?";
}

std::string budget_tier_name(BudgetTier tier) {
  switch (tier) {
    case BudgetTier::Default: return "default";
    case BudgetTier::Large: return "large";
    case BudgetTier::Paper: return "paper";
  }
  return "?";
}

Budget budget_for_tier(const std::string& name) {
  Budget b;
  if (name == "default") return b;
  if (name == "small") {
    b.instances = 2;
    b.effort = 0.5;
    return b;
  }
  if (name != "large" && name != "paper")
    throw InvalidArgument("unknown budget '" + name + "' (expected small, default, large or paper)");
  b.instances = 32;
  b.effort = 4.0;
  b.tier = name == "large" ? BudgetTier::Large : BudgetTier::Paper;
  return b;
}

std::string paper_page(const std::string& reference) {
  static const std::regex page(R"((?:^|, )(p\. [0-9]+|pp\. [0-9]+-[0-9]+)$)");
  std::smatch m;
  return std::regex_search(reference, m, page) ? m[1].str() : std::string();
}

bool has_label(const Claim& claim, const std::string& label) {
  if (label == "proof") return claim.label == "dynamics" || claim.label == "concentration";
  return claim.label == label;
}

void add_to_registry(Claim claim) {
  const std::string id = claim.id;
  if (id.empty()) throw Error("a claim needs an id");
  if (!registry().emplace(id, std::move(claim)).second) throw Error("claim '" + id + "' registered twice");
}

std::vector<Claim> registered_claims() {
  std::vector<Claim> out;
  for (const auto& [id, claim] : registry()) out.push_back(claim);
  return out;
}

Claim find_claim(const std::string& id) {
  const auto it = registry().find(id);
  if (it == registry().end()) throw InvalidArgument("no claim with id '" + id + "' (see verify --list)");
  return it->second;
}

bool behaved_as_expected(const Claim& claim, const ClaimResult& result) {
  if (claim.negative_control) return result.verdict == Verdict::Violated || result.verdict == Verdict::Refuted;
  return result.verdict == Verdict::Holds || result.verdict == Verdict::Certified;
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

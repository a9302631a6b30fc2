// Every claim this suite registers (label "property") behaves as expected at
// the CI budget: properties hold, negative controls are violated.
#include <bothlayers/claims.hpp>

#include <gtest/gtest.h>

#include <iostream>

TEST(PropertyClaims, BehaveAsExpectedAtCiBudget) {
  const bothlayers::Budget budget;  // CI default: 8 instances, double and mp:50
  int count = 0;
  for (const auto& claim : bothlayers::registered_claims()) {
    if (claim.label != "property") continue;
    ++count;
    const auto r = claim.run(budget);
    std::cout << claim.id << ": " << bothlayers::verdict_name(r.verdict) << " instances=" << r.instances
              << " worst_margin=" << r.worst_margin << " " << r.margin_unit << " seed=" << r.seed << "\n";
    EXPECT_TRUE(bothlayers::behaved_as_expected(claim, r))
        << claim.id << " worst case: " << r.worst_case << " (seed " << r.seed << ") " << r.note;
  }
  EXPECT_GT(count, 0);
}

// Runs every registered claim with the CI budget (double and mp:50, a few
// instances) and asserts it behaves as registered: a claim holds, a negative
// control is found violated. One test per claim, so ctest lists each.
#include <bothlayers/claims.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

class ClaimTest : public ::testing::Test {
 public:
  explicit ClaimTest(bothlayers::Claim claim) : claim_(std::move(claim)) {}
  void TestBody() override {
    bothlayers::Budget budget;  // CI default: 8 instances at double and mp:50
    const auto result = claim_.run(budget);
    EXPECT_TRUE(bothlayers::behaved_as_expected(claim_, result))
        << claim_.id << (claim_.negative_control ? " (negative control)" : "") << ": verdict "
        << bothlayers::verdict_name(result.verdict) << ", worst margin " << result.worst_margin << " "
        << result.margin_unit << " at " << result.worst_case << "; reproduce with: bothlayers verify --claim "
        << claim_.id << " --seed " << budget.seed;
  }

 private:
  bothlayers::Claim claim_;
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (const auto& claim : bothlayers::registered_claims()) {
    std::string name = claim.id;  // gtest filters split on '.', so the test name uses '_'
    for (char& c : name)
      if (c == '.') c = '_';
    ::testing::RegisterTest(claim.label.c_str(), name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            [claim]() -> ::testing::Test* { return new ClaimTest(claim); });
  }
  return RUN_ALL_TESTS();
}

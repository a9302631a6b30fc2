// Runs every registered claim once with the CI budget (double and mp:50, a
// few instances; a claim may add precisions of its own, e.g. mp:500) and
// asserts it behaves as registered: a claim holds, a negative control is
// rejected. One test per claim, named claims.<paper object>.<id>; a violated
// claim drawn from a generator prints its shrunk counterexample.
#include <bothlayers/claims/claim.hpp>

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include <bothlayers/detail/unit_id.hpp>

namespace {
namespace BOTHLAYERS_UNIT_ID {

class ClaimTest : public ::testing::Test {
 public:
  explicit ClaimTest(bothlayers::Claim claim) : claim_(std::move(claim)) {}
  void TestBody() override {
    const bothlayers::Budget budget;  // CI default: 8 instances at double and mp:50
    const auto result = claim_.run(budget);
    EXPECT_TRUE(bothlayers::behaved_as_expected(claim_, result))
        << claim_.id << (claim_.negative_control ? " (negative control)" : "") << " [" << claim_.source
        << "]: verdict " << bothlayers::verdict_name(result.verdict) << ", worst margin " << result.worst_margin
        << " " << result.margin_unit << " at " << result.worst_case << "; " << result.note
        << "; reproduce with: bothlayers verify --claim " << claim_.id << " --seed " << budget.seed;
  }

 private:
  bothlayers::Claim claim_;
};

// The registry's own invariants, over every registered claim: a claim sits in the
// folder of its label, has a paper reference, and is a control exactly when its id says so.
TEST(Registry, EveryClaimSitsInItsFolderWithAReference) {
  const auto claims = bothlayers::registered_claims();
  EXPECT_FALSE(claims.empty());
  for (const auto& c : claims) {
    EXPECT_EQ(c.source.rfind("proofs-checks/" + c.label + "/", 0), 0u) << c.id << " in " << c.source;
    EXPECT_FALSE(c.reference.empty()) << c.id;
    EXPECT_FALSE(c.statement.empty()) << c.id;
    EXPECT_EQ(c.negative_control, c.id.rfind("control.", 0) == 0) << c.id;
  }
}

// Every reference ends with the page of the statement it checks, ", p. N" or
// ", pp. N-M" (or is only that), N < M, on one of the PDF's 62 pages.
TEST(Registry, EveryReferenceEndsWithItsPage) {
  const std::regex page_range(R"(pp\. ([0-9]+)-([0-9]+))");
  for (const auto& c : bothlayers::registered_claims()) {
    const std::string page = bothlayers::paper_page(c.reference);
    ASSERT_FALSE(page.empty()) << c.id << ": reference \"" << c.reference
                               << "\" does not end with \", p. N\" or \", pp. N-M\" [" << c.source << "]";
    std::smatch m;
    const bool range = std::regex_match(page, m, page_range);
    const int first = range ? std::stoi(m[1].str()) : std::stoi(page.substr(3));
    const int last = range ? std::stoi(m[2].str()) : first;
    EXPECT_GE(first, 1) << c.id << ": " << c.reference;
    EXPECT_LE(last, 62) << c.id << ": " << c.reference;
    if (range) {
      EXPECT_LT(first, last) << c.id << ": a page range N-M needs N < M: " << c.reference;
    }
  }
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (const auto& claim : bothlayers::registered_claims()) {
    std::string name = claim.id;  // gtest filters split on '.', so the test name uses '_'
    for (char& c : name)
      if (c == '.') c = '_';
    std::string suite = claim.label;
    for (char& c : suite)
      if (c == '-') c = '_';
    ::testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, claim.source.c_str(), 0,
                            [claim]() -> ::testing::Test* { return new ClaimTest(claim); });
  }
  return RUN_ALL_TESTS();
}

// checks/linear_fit.hpp: exact lines, known standard errors, bad input.
#include <bothlayers/checks/linear_fit.hpp>

#include <gtest/gtest.h>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TEST(LinearFit, ExactLineHasZeroErrors) {
  const auto f = linear_fit({1, 2, 3, 4}, {3, 5, 7, 9});
  EXPECT_DOUBLE_EQ(f.slope, 2.0);
  EXPECT_DOUBLE_EQ(f.intercept, 1.0);
  EXPECT_NEAR(f.slope_se, 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(f.r2, 1.0);
  EXPECT_EQ(f.n, 4u);
}

TEST(LinearFit, StandardErrorsMatchTheTextbookValues) {
  // x = 0,1,2,3; y = 0,2,1,3: slope 0.8, intercept 0.3, residuals -0.3,0.9,-0.9,0.3,
  // RSS 1.8, s^2 = 0.9, Sxx = 5: se(slope) = sqrt(0.18), se(intercept) = sqrt(0.9 (1/4 + 2.25/5)).
  const auto f = linear_fit({0, 1, 2, 3}, {0, 2, 1, 3});
  EXPECT_NEAR(f.slope, 0.8, 1e-15);
  EXPECT_NEAR(f.intercept, 0.3, 1e-15);
  EXPECT_NEAR(f.slope_se, std::sqrt(0.18), 1e-15);
  EXPECT_NEAR(f.intercept_se, std::sqrt(0.9 * (0.25 + 0.45)), 1e-15);
  EXPECT_NEAR(f.r2, 1 - 1.8 / 5.0, 1e-15);
}

TEST(LinearFit, TwoPointsHaveNoStandardError) {
  const auto f = linear_fit({0, 1}, {1, 3});
  EXPECT_DOUBLE_EQ(f.slope, 2.0);
  EXPECT_TRUE(std::isnan(f.slope_se));
}

TEST(LinearFit, BadInputThrows) {
  EXPECT_THROW(linear_fit({1}, {1}), InvalidArgument);
  EXPECT_THROW(linear_fit({1, 2}, {1}), InvalidArgument);
  EXPECT_THROW(linear_fit({1, 1, 1}, {1, 2, 3}), InvalidArgument);
  EXPECT_THROW(linear_fit({1, NAN}, {1, 2}), InvalidArgument);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::checks

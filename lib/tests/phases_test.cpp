// Phase detection (phases.hpp) on hand-made k = 2, r = 1 trajectories just
// above and below each threshold of the paper: alignment ends at the first
// step with theta1, theta2 <= c4 = pi/20 (lemma 6; both angles, boundary
// included), growth at the first step with |v1|, |v2| >= c7 sqrt|a|, c7 = 1/4
// (lemma 7; boundary included, v2 negative), then the log-loss slope. The
// thresholds are computed in the scalar type, "above" is threshold (1 + 8 eps).
#include "test_scalars.hpp"

#include <bothlayers/phases.hpp>

#include <cmath>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(PhaseThresholds);

template <class S>
TrajectoryRow<S> row(long step, const S& loss, const S& theta1, const S& theta2, const S& v1, const S& v2) {
  TrajectoryRow<S> r;
  r.step = step;
  r.loss = loss;
  r.gradient_norm = S(0);
  r.v = Vector<S>(2);
  r.v << v1, v2;
  r.w_norm = Vector<S>::Ones(2);
  r.imbalance = Vector<S>::Zero(2);
  PaperDiagnostics<S> p;
  p.theta = theta1 + theta2;
  p.theta1 = theta1;
  p.theta2 = theta2;
  p.h1_norm = p.h2_norm = p.distance_to_optimum = S(1);
  r.paper = p;
  return r;
}

TYPED_TEST(PhaseThresholds, AlignmentEndsWhenBothAnglesReachPiOver20) {
  using S = TypeParam;
  const S c4 = pi<S>() / 20, above = c4 * (1 + this->eps_times(8)), well_below = c4 / 2;
  const S small_v = S(1) / 1024, loss = S(1);
  std::vector<TrajectoryRow<S>> rows;
  rows.push_back(row<S>(0, loss, above, well_below, small_v, -small_v));  // theta1 just above
  rows.push_back(row<S>(1, loss, well_below, above, small_v, -small_v));  // theta2 just above
  rows.push_back(row<S>(2, loss, c4, c4, small_v, -small_v));             // both exactly at c4: ends here
  rows.push_back(row<S>(3, loss, well_below, well_below, small_v, -small_v));
  const auto p = detect_phases(rows, S(4));
  ASSERT_TRUE(p.alignment_end.has_value()) << p.describe();
  EXPECT_EQ(*p.alignment_end, 2) << p.describe();
  EXPECT_FALSE(p.growth_end.has_value()) << p.describe();
  // Just above on both: never aligned.
  rows.resize(2);
  rows.push_back(row<S>(2, loss, above, above, small_v, -small_v));
  EXPECT_FALSE(detect_phases(rows, S(4)).alignment_end.has_value());
}

TYPED_TEST(PhaseThresholds, GrowthEndsWhenBothOutputWeightsReachAQuarterRootOfA) {
  using S = TypeParam;
  // |a| = 4: c7 sqrt|a| = 1/2 exactly (|a| / 4 would be 1, sqrt|a| / 2 would be 1).
  const S a_norm = S(4), g = S(1) / 2, below = g * (1 - this->eps_times(8)), big_angle = pi<S>() / 2;
  const S loss = S(1);
  std::vector<TrajectoryRow<S>> rows;
  rows.push_back(row<S>(0, loss, big_angle, big_angle, below, S(-1)));  // v1 just below
  rows.push_back(row<S>(1, loss, big_angle, big_angle, S(1), -below));  // |v2| just below
  rows.push_back(row<S>(2, loss, big_angle, big_angle, g, -g));          // both exactly at the threshold
  rows.push_back(row<S>(3, loss / 2, big_angle, big_angle, S(1), S(-1)));
  const auto p = detect_phases(rows, a_norm);
  ASSERT_TRUE(p.growth_end.has_value()) << p.describe();
  EXPECT_EQ(*p.growth_end, 2) << p.describe();
  EXPECT_FALSE(p.alignment_end.has_value()) << p.describe();
}

TYPED_TEST(PhaseThresholds, ThreePhasesAndTheLinearRate) {
  using S = TypeParam;
  const S c4 = pi<S>() / 20, a_norm = S(1), g = S(1) / 4;
  std::vector<TrajectoryRow<S>> rows;
  // Steps 0-9: plateau near L(0) = 1/2 while the angles shrink, aligned from step 5;
  // v grows past 1/4 at step 10; then loss = 10^-(step - 10) / 2: slope -1 decade per step.
  for (long step = 0; step <= 20; ++step) {
    const S theta = step < 5 ? 4 * c4 : c4 / 2;
    const S v = step < 10 ? g / 8 * (step + 1) / 11 : g * 2;
    const S loss = step < 10 ? S(1) / 2 : pow(S(10), S(-(step - 10))) / 2;
    rows.push_back(row<S>(step, loss, theta, theta, v, -v));
  }
  const auto p = detect_phases(rows, a_norm);
  ASSERT_TRUE(p.alignment_end && p.growth_end) << p.describe();
  EXPECT_EQ(*p.alignment_end, 5);
  EXPECT_EQ(*p.growth_end, 10);
  EXPECT_NEAR(p.log10_loss_rate, -1.0, 1e-9);  // a double result (reporting only)
  EXPECT_EQ(p.loss_at_alignment_end, 0.5);
  EXPECT_TRUE(p.three_phases()) << p.describe();
  // Loss already below a tenth of L(0) when alignment ends: not the three-phase picture.
  for (auto& r : rows)
    if (r.step >= 5 && r.step < 10) r.loss = S(1) / 32;
  EXPECT_FALSE(detect_phases(rows, a_norm).three_phases());
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

// Gradient descent's modified flow (gd_flow.hpp, modified_flow.hpp, rk78.hpp)
// against the reference it models, gradient_descent itself (an independent
// computation: step by step in R^d, no reduction, no integrator): through all
// three phases of a k = 2 run (sigma = e^-6, d = 5, |a| = 1, to time 25), the
// gap at step N is within a factor 1.5 of the flow's own prediction at every
// scalar type, and falls as mu^2 (as mu without the correction); a k = 3, r = 2
// run (the generic gradient path) and a run with v frozen agree the same way;
// requested step indices are landed on exactly; bad input throws.
#include "test_scalars.hpp"

#include <bothlayers/gd_flow.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>

#include <cmath>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(GdFlowTest);

template <class S>
Network<S> paper_start(long k, long d, long r, const S& sigma, std::uint64_t seed) {
  InitOptions init;
  init.scheme = InitScheme::Paper;
  init.k = k;
  init.d = d;
  init.r = r;
  init.seed = seed;
  return initialize<S>(init, sigma);
}

/// |x_GD(N) - x_flow(N)| / |x_GD(N)| and the flow's predicted model error, relative.
template <class S>
struct Gap {
  double observed = 0, predicted = 0;
};

template <class S>
Gap<S> gap_at(const Network<S>& start, const Objective<S>& objective, const S& mu, long steps, int order,
              FrozenLayer freeze = FrozenLayer::None) {
  using std::sqrt;
  FlowOptions<S> fo;
  fo.step = mu;
  fo.correction_order = order;
  fo.freeze = freeze;
  GdFlow<S> flow(start, objective, fo);
  const FlowPoint<S> p = flow.advance_to(steps);
  GdOptions<S> go;
  go.step = mu;
  go.max_steps = steps;
  go.stride = steps;
  go.freeze = freeze;
  const GdResult<S> gd = gradient_descent(start, objective, go);
  EXPECT_EQ(gd.steps, steps);
  const Network<S>& x = gd.final_network;
  const S norm = sqrt(x.W.squaredNorm() + x.V.squaredNorm());
  const S gap = sqrt((x.W - p.network.W).squaredNorm() + (x.V - p.network.V).squaredNorm());
  return {to_double(S(gap / norm)), to_double(S(p.model_error / norm))};
}

TYPED_TEST(GdFlowTest, FollowsGradientDescentToItsErrorModel) {
  using S = TypeParam;
  using std::exp;
  const Network<S> start = paper_start<S>(2, 5, 1, S(exp(-S(6))), 11);
  const Objective<S> objective{random_target<S>(5, 1, 1.0, 12), nullptr, 1};
  std::vector<double> mus{0.02, 0.01}, gaps, plain;
  for (double m : mus) {
    const long steps = static_cast<long>(25 / m);
    const Gap<S> g = gap_at(start, objective, S(m), steps, 1);
    EXPECT_GT(g.observed, g.predicted / 1.5) << "mu " << m;
    EXPECT_LT(g.observed, g.predicted * 1.5) << "mu " << m;
    gaps.push_back(g.observed);
    plain.push_back(gap_at(start, objective, S(m), steps, 0).observed);
  }
  // Halving mu: the gap falls 4x with the correction, 2x without (the omitted order).
  EXPECT_NEAR(std::log2(gaps[0] / gaps[1]), 2.0, 0.2);
  EXPECT_NEAR(std::log2(plain[0] / plain[1]), 1.0, 0.2);
  EXPECT_GT(plain[1], 10 * gaps[1]);
}

TEST(GdFlow, GenericPathAndFrozenLayerFollowGradientDescent) {
  using S = long double;
  // k = 3, r = 2: the population gradient of population.hpp on the reduced (k + r)-dim rows.
  const Network<S> start = paper_start<S>(3, 6, 2, S(1e-2), 21);
  const Objective<S> objective{random_target<S>(6, 2, 1.0, 22), nullptr, 1};
  const Gap<S> g = gap_at(start, objective, S(0.01), 1500, 1);
  EXPECT_GT(g.observed, g.predicted / 1.5);
  EXPECT_LT(g.observed, g.predicted * 1.5);
  // v frozen (paper Figure 1): only W trains, in the flow as in GD.
  const Network<S> start2 = paper_start<S>(2, 4, 1, S(1e-2), 23);
  const Objective<S> objective2{random_target<S>(4, 1, 1.0, 24), nullptr, 1};
  const Gap<S> f = gap_at(start2, objective2, S(0.01), 1500, 1, FrozenLayer::V);
  EXPECT_GT(f.observed, f.predicted / 1.5);
  EXPECT_LT(f.observed, f.predicted * 1.5);
}

TEST(GdFlow, LandsOnRequestedStepsAndReadsThePaperScale) {
  using S = long double;
  using std::exp;
  // sigma = e^-800: below double's range, held by long double.
  const Network<S> start = paper_start<S>(2, 3, 1, S(exp(-S(800))), 31);
  const Objective<S> objective{random_target<S>(3, 1, 1.0, 32), nullptr, 1};
  FlowOptions<S> fo;
  fo.step = S(1e-11);
  GdFlow<S> flow(start, objective, fo);
  const long t = 400000000000000L;  // 4e14 steps: time 4000, well past the growth at ~1600
  const FlowPoint<S> p = flow.advance_to(t / 2);
  EXPECT_EQ(p.step, t / 2);
  EXPECT_EQ(p.time, S(t / 2) * fo.step);
  EXPECT_TRUE(flow.at_whole_step());
  const FlowPoint<S> q = flow.advance_to(t);
  EXPECT_EQ(q.step, t);
  EXPECT_TRUE(flow.stationary());
  // The end point is the global minimum: v_i w_i = +-a.
  EXPECT_NEAR(to_double(S(q.network.V(0, 0) * q.network.W.row(0).norm())), 1.0, 1e-12);
  EXPECT_THROW(flow.advance_to(t - 1), InvalidArgument);
  EXPECT_LT(flow.integrator_steps(), 50000);
}

TEST(GdFlow, BadInputThrows) {
  using S = double;
  const Network<S> start = paper_start<S>(2, 3, 1, 1e-3, 41);
  const Objective<S> objective{random_target<S>(3, 1, 1.0, 42), nullptr, 1};
  FlowOptions<S> fo;
  fo.step = 0.5;  // mu |a| = 0.5: too large for the flow
  EXPECT_THROW(GdFlow<S>(start, objective, fo), InvalidArgument);
  fo.step = 0.01;
  fo.correction_order = 2;
  EXPECT_THROW(GdFlow<S>(start, objective, fo), InvalidArgument);
  fo.correction_order = 1;
  fo.step = -1;
  EXPECT_THROW(GdFlow<S>(start, objective, fo), InvalidArgument);
  fo.step = 0.01;
  Objective<S> empirical = objective;
  empirical.X = std::make_shared<const RowMatrix<S>>(gaussian_sample<S>(20, 3, 43));
  EXPECT_THROW(GdFlow<S>(start, empirical, fo), InvalidArgument);
  Network<S> dead = start;
  dead.W.row(1).setZero();
  EXPECT_THROW(GdFlow<S>(dead, objective, fo), ZeroNormError);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

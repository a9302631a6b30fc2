// GdOptions::freeze (paper Figure 1, p. 4: k = 2, v = [1, -1] fixed, only W
// trains): the frozen block stays bit-identical to the start for the whole run,
// the other block moves at every step exactly by mu times its part of the full
// gradient at the current iterate (the gradient recomputed independently, bit
// for bit), and the first step's trained block equals the unfrozen run's; the
// run without a freeze moves both blocks (negative check). Both losses, every
// scalar type; also the k = 2 fixed-size step, the span-reduced run, the
// gradient tolerance on the trained block and the names.
#include "small_gd_problem.hpp"
#include "test_scalars.hpp"

#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/population_step_k2.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/sample.hpp>
#include <bothlayers/span_reduction.hpp>

#include <memory>
#include <utility>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(FrozenLayerTest);

constexpr long kSteps = 12;

template <class Scalar>
bool same(const Matrix<Scalar>& x, const Matrix<Scalar>& y) {
  return x.rows() == y.rows() && x.cols() == y.cols() && (x.array() == y.array()).all();
}

/// The shared small problem (small_gd_problem.hpp) with this file's seeds.
template <class Scalar>
std::pair<Network<Scalar>, Objective<Scalar>> small_problem(bool empirical) {
  return small_gd_problem<Scalar>(empirical, 17);
}

/// The paper's Figure 1 setting: k = 2, d = 3, v = [1, -1], a = e1, both rows near 1.5 a.
template <class Scalar>
std::pair<Network<Scalar>, Objective<Scalar>> figure1_problem() {
  Matrix<Scalar> W(2, 3);
  W << Scalar(3) / 2, Scalar(1) / 10, Scalar(1) / 20, Scalar(3) / 2, -Scalar(1) / 10, Scalar(1) / 30;
  Matrix<Scalar> V(2, 1);
  V << Scalar(1), Scalar(-1);
  Matrix<Scalar> A = Matrix<Scalar>::Zero(3, 1);
  A(0, 0) = 1;
  return {Network<Scalar>{W, V}, Objective<Scalar>{A, nullptr, 1}};
}

template <class Scalar>
GdOptions<Scalar> options_with(FrozenLayer freeze) {
  GdOptions<Scalar> o;
  o.step = Scalar(1) / 8;
  o.max_steps = kSteps;
  o.freeze = freeze;
  return o;
}

/// Runs `freeze` for kSteps with an observer and checks every update: the frozen
/// block is the start's, the trained block is before - mu * (its part of the
/// gradient at `before`, recomputed); the run without the observer ends at the
/// same iterate; the first trained block equals one unfrozen step's.
template <class Scalar>
void check_frozen_run(const Network<Scalar>& start, const Objective<Scalar>& objective, FrozenLayer freeze,
                      const std::string& what) {
  SCOPED_TRACE(what + ", freeze " + frozen_layer_name(freeze));
  GdOptions<Scalar> o = options_with<Scalar>(freeze);
  const GdResult<Scalar> plain = gradient_descent(start, objective, o);
  ASSERT_EQ(plain.reason, StopReason::MaxSteps);
  ASSERT_EQ(plain.steps, kSteps);
  const bool v_frozen = freeze == FrozenLayer::V;
  // The frozen block after N steps: the start's, bit for bit.
  if (v_frozen) {
    EXPECT_TRUE(same(plain.final_network.V, start.V));
    EXPECT_FALSE(same(plain.final_network.W, start.W));
  } else {
    EXPECT_TRUE(same(plain.final_network.W, start.W));
    EXPECT_FALSE(same(plain.final_network.V, start.V));
  }

  long seen = 0;
  o.observer = [&](const GdStep<Scalar>& s) {
    ++seen;
    // The whole gradient is still computed and shown (the frozen block's too).
    const LossAndGradient<Scalar> lg = objective.loss_and_gradient(s.before);
    EXPECT_TRUE(same(s.gradient.W, lg.gradient.W)) << "step " << s.step;
    EXPECT_TRUE(same(s.gradient.V, lg.gradient.V)) << "step " << s.step;
    EXPECT_TRUE(s.gradient_norm == lg.gradient.norm()) << "step " << s.step;
    Matrix<Scalar> moved_W = s.before.W, moved_V = s.before.V;
    moved_W -= s.mu * lg.gradient.W;
    moved_V -= s.mu * lg.gradient.V;
    if (v_frozen) {
      EXPECT_TRUE(same(s.after.V, start.V)) << "step " << s.step;
      EXPECT_TRUE(same(s.after.W, moved_W)) << "step " << s.step;
    } else {
      EXPECT_TRUE(same(s.after.W, start.W)) << "step " << s.step;
      EXPECT_TRUE(same(s.after.V, moved_V)) << "step " << s.step;
    }
    return GdControl::Continue;
  };
  const GdResult<Scalar> observed = gradient_descent(start, objective, o);
  EXPECT_EQ(seen, kSteps);
  EXPECT_TRUE(same(observed.final_network.W, plain.final_network.W));
  EXPECT_TRUE(same(observed.final_network.V, plain.final_network.V));

  // One frozen step moves the trained block exactly as one full step does.
  GdOptions<Scalar> one_frozen = options_with<Scalar>(freeze), one_full = options_with<Scalar>(FrozenLayer::None);
  one_frozen.max_steps = one_full.max_steps = 1;
  const Network<Scalar> f = gradient_descent(start, objective, one_frozen).final_network;
  const Network<Scalar> g = gradient_descent(start, objective, one_full).final_network;
  if (v_frozen) {
    EXPECT_TRUE(same(f.W, g.W));
    EXPECT_TRUE(same(f.V, start.V));
  } else {
    EXPECT_TRUE(same(f.V, g.V));
    EXPECT_TRUE(same(f.W, start.W));
  }
}

TYPED_TEST(FrozenLayerTest, FreezeVKeepsVBitIdenticalAndMovesWByItsGradient) {
  using Scalar = TypeParam;
  for (const bool empirical : {false, true}) {
    const auto [start, objective] = small_problem<Scalar>(empirical);
    check_frozen_run(start, objective, FrozenLayer::V, empirical ? "empirical" : "population");
  }
  const auto [start, objective] = figure1_problem<Scalar>();
  check_frozen_run(start, objective, FrozenLayer::V, "figure 1 (k = 2, v = [1, -1])");
}

TYPED_TEST(FrozenLayerTest, FreezeWKeepsWBitIdenticalAndMovesVByItsGradient) {
  using Scalar = TypeParam;
  for (const bool empirical : {false, true}) {
    const auto [start, objective] = small_problem<Scalar>(empirical);
    check_frozen_run(start, objective, FrozenLayer::W, empirical ? "empirical" : "population");
  }
  const auto [start, objective] = figure1_problem<Scalar>();
  check_frozen_run(start, objective, FrozenLayer::W, "figure 1 (k = 2, v = [1, -1])");
}

TYPED_TEST(FrozenLayerTest, WithoutFreezeBothLayersMove) {
  using Scalar = TypeParam;
  for (const bool empirical : {false, true}) {
    const auto [start, objective] = small_problem<Scalar>(empirical);
    const GdResult<Scalar> r = gradient_descent(start, objective, options_with<Scalar>(FrozenLayer::None));
    ASSERT_EQ(r.steps, kSteps);
    EXPECT_FALSE(same(r.final_network.V, start.V)) << (empirical ? "empirical" : "population");
    EXPECT_FALSE(same(r.final_network.W, start.W)) << (empirical ? "empirical" : "population");
    EXPECT_TRUE(r.final_trained_gradient_norm == r.final_gradient_norm);
    // The default is None: an explicit None is the same run, bit for bit.
    GdOptions<Scalar> defaults = options_with<Scalar>(FrozenLayer::None);
    defaults.freeze = GdOptions<Scalar>{}.freeze;
    const GdResult<Scalar> d = gradient_descent(start, objective, defaults);
    EXPECT_TRUE(same(d.final_network.W, r.final_network.W) && same(d.final_network.V, r.final_network.V));
  }
  const auto [start, objective] = figure1_problem<Scalar>();
  const GdResult<Scalar> r = gradient_descent(start, objective, options_with<Scalar>(FrozenLayer::None));
  EXPECT_FALSE(same(r.final_network.V, start.V)) << "figure 1 start, no freeze: v moves";
}

// gradient_tolerance judges the trained block: a tolerance equal to |grad_W L(start)|
// stops a v-frozen run at step 0 although |grad L| is larger; unfrozen, the same
// tolerance does not stop it there.
TYPED_TEST(FrozenLayerTest, GradientToleranceJudgesTheTrainedBlock) {
  using Scalar = TypeParam;
  using std::sqrt;
  const auto [start, objective] = small_problem<Scalar>(false);
  const LossAndGradient<Scalar> lg = objective.loss_and_gradient(start);
  for (const FrozenLayer freeze : {FrozenLayer::V, FrozenLayer::W}) {
    const Scalar trained = freeze == FrozenLayer::V ? Scalar(sqrt(lg.gradient.W.squaredNorm()))
                                                    : Scalar(sqrt(lg.gradient.V.squaredNorm()));
    ASSERT_TRUE(trained < lg.gradient.norm());
    GdOptions<Scalar> o = options_with<Scalar>(freeze);
    o.gradient_tolerance = trained;
    const GdResult<Scalar> r = gradient_descent(start, objective, o);
    EXPECT_EQ(r.reason, StopReason::GradientTolerance) << frozen_layer_name(freeze);
    EXPECT_EQ(r.steps, 0);
    EXPECT_TRUE(r.final_trained_gradient_norm == trained);
    EXPECT_TRUE(r.final_gradient_norm == lg.gradient.norm());
    o.freeze = FrozenLayer::None;
    EXPECT_GT(gradient_descent(start, objective, o).steps, 0) << frozen_layer_name(freeze);
  }
}

// The span-reduced run (span_reduction.hpp) and the fixed-size k = 2 step
// (population_step_k2.hpp) honour the freeze too.
TYPED_TEST(FrozenLayerTest, ReducedRunAndK2StepHonourTheFreeze) {
  using Scalar = TypeParam;
  Rng rng(23);
  Network<Scalar> start{rng.normal_matrix(2, 10).cast<Scalar>(), Matrix<Scalar>(2, 1)};
  start.V << Scalar(1), Scalar(-1);
  const Objective<Scalar> objective{random_target<Scalar>(10, 1, 1.0, 24), nullptr, 1};
  for (const FrozenLayer freeze : {FrozenLayer::V, FrozenLayer::W}) {
    SCOPED_TRACE(frozen_layer_name(freeze));
    const GdOptions<Scalar> o = options_with<Scalar>(freeze);
    const GdResult<Scalar> full = gradient_descent(start, objective, o);
    const GdResult<Scalar> reduced = reduced_population_gd(start, objective, o);
    ASSERT_EQ(reduced.steps, kSteps);
    if (freeze == FrozenLayer::V) {
      EXPECT_TRUE(same(reduced.final_network.V, start.V));
    } else {
      // W is lifted back from the basis: the start's rows to rounding.
      EXPECT_TRUE(close_within(reduced.final_network.W, start.W, this->eps_times(64)));
    }
    const Scalar tol = this->eps_times(8.0 * 12 * kSteps);
    EXPECT_TRUE(close_within(reduced.final_network.W, full.final_network.W, tol));
    EXPECT_TRUE(close_within(reduced.final_network.V, full.final_network.V, tol));

    // The k = 2 step on the 3-dim problem: the frozen block bit for bit, the run
    // equal to gradient_descent's with the same freeze to a few eps per step.
    const ReducedProblem<Scalar> p = reduce_to_basis(start, objective.A, span_basis(objective.A, start.W));
    ASSERT_EQ(p.basis.cols(), 3);
    K2State<Scalar, 3> s = K2State<Scalar, 3>::from(p.start);
    const K2State<Scalar, 3> s0 = s;
    const Eigen::Matrix<Scalar, 3, 1> a = p.A.col(0);
    for (long t = 0; t < kSteps; ++t) ASSERT_TRUE(population_gd_step_k2(s, a, o.step, freeze));
    const GdResult<Scalar> library = gradient_descent(p.start, Objective<Scalar>{p.A, nullptr, 1}, o);
    if (freeze == FrozenLayer::V) {
      EXPECT_EQ(s.v, s0.v);
      EXPECT_NE(s.W, s0.W);
    } else {
      EXPECT_EQ(s.W, s0.W);
      EXPECT_NE(s.v, s0.v);
    }
    const Network<Scalar> mine = s.network();
    EXPECT_TRUE(close_within(mine.W, library.final_network.W, this->eps_times(16.0 * kSteps)));
    EXPECT_TRUE(close_within(mine.V, library.final_network.V, this->eps_times(16.0 * kSteps)));
  }
}

TEST(FrozenLayer, NamesParseAndBadValuesThrow) {
  for (const FrozenLayer f : {FrozenLayer::None, FrozenLayer::V, FrozenLayer::W})
    EXPECT_EQ(parse_frozen_layer(frozen_layer_name(f)), f);
  EXPECT_EQ(frozen_layer_name(FrozenLayer::V), "v");
  EXPECT_EQ(frozen_layer_name(FrozenLayer::W), "W");
  EXPECT_EQ(parse_frozen_layer("V"), FrozenLayer::V);
  EXPECT_EQ(parse_frozen_layer("w"), FrozenLayer::W);
  for (const char* bad : {"", "vW", "both", "x", "None ", "v\n"})
    EXPECT_THROW(parse_frozen_layer(bad), InvalidArgument) << bad;
  // A value outside the enum is refused, never silently treated as a layer.
  const auto [start, objective] = figure1_problem<double>();
  GdOptions<double> o;
  o.freeze = static_cast<FrozenLayer>(7);
  EXPECT_THROW(gradient_descent(start, objective, o), InvalidArgument);
  K2State<double, 3> s = K2State<double, 3>::from(start);
  EXPECT_THROW(population_gd_step_k2(s, Eigen::Matrix<double, 3, 1>(objective.A.col(0)), 0.1, static_cast<FrozenLayer>(7)),
               InvalidArgument);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

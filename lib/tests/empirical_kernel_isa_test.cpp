// The double empirical kernel at every instruction-set level this build and
// CPU have (empirical_kernel_isa.hpp): the same bits as the baseline level for
// shapes around every tile edge (k, k + r across the groups of 4 units; d
// across the 4- and 16-column tiles; rows across the 4-row tiles, the blocks
// and the chunks), exact kinks included; and the level names parsed strictly.
// With FMA contraction on (BOTHLAYERS_FP_CONTRACT), the levels with FMA may
// differ in the last bits, and the test compares to a tolerance instead.
#include <gtest/gtest.h>

#include <bothlayers/empirical.hpp>
#include <bothlayers/empirical_kernel_isa.hpp>
#include <bothlayers/errors.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/sample.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Restores the level in use when a test ends.
struct KeepLevel {
  KernelIsa saved = empirical_kernel_isa();
  ~KeepLevel() { set_empirical_kernel_isa(saved); }
};

bool same_bits(const LossAndGradient<double>& a, const LossAndGradient<double>& b) {
  return a.loss == b.loss && a.gradient.W == b.gradient.W && a.gradient.V == b.gradient.V;
}

double largest_relative_difference(const LossAndGradient<double>& a, const LossAndGradient<double>& b) {
  const auto rel = [](const Matrix<double>& x, const Matrix<double>& y) {
    return (x - y).cwiseAbs().maxCoeff() / std::max(1.0, y.cwiseAbs().maxCoeff());
  };
  return std::max({std::abs(a.loss - b.loss) / std::max(1.0, std::abs(b.loss)), rel(a.gradient.W, b.gradient.W),
                   rel(a.gradient.V, b.gradient.V)});
}

TEST(EmpiricalKernelIsa, EveryLevelGivesTheBaselineBits) {
  KeepLevel keep;
  const auto levels = available_kernel_isas();
  ASSERT_FALSE(levels.empty());
  ASSERT_EQ(levels.front(), KernelIsa::Baseline);
  int cases = 0;
  for (Eigen::Index k : {1, 2, 3, 4, 5, 8, 9})
    for (Eigen::Index r : {1, 2, 3})
      for (Eigen::Index d : {1, 3, 4, 7, 16, 17, 100})
        for (Eigen::Index n : {Eigen::Index{1}, Eigen::Index{7}, Eigen::Index{300}, kEmpiricalChunkRows + 5}) {
          if (n > 300 && (k % 4 != 1 || d < 16)) continue;  // the chunk edge at a few shapes
          Rng rng(static_cast<std::uint64_t>(1000 * k + 100 * r + d + n));
          Network<double> net{rng.normal_matrix(k, d), rng.normal_matrix(k, r)};
          const Matrix<double> A = rng.normal_matrix(d, r);
          RowMatrix<double> X = gaussian_sample<double>(n, d, static_cast<std::uint64_t>(n + d));
          X.row(0).setZero();  // an exact kink: w_i . x = 0 for every unit (relu'(0) = 0)
          set_empirical_kernel_isa(KernelIsa::Baseline);
          const auto reference = empirical_loss_and_gradient(net, A, X, 1);
          for (KernelIsa level : levels) {
            set_empirical_kernel_isa(level);
            const auto result = empirical_loss_and_gradient(net, A, X, 2);
#ifdef BOTHLAYERS_FP_CONTRACT_FAST
            EXPECT_LE(largest_relative_difference(result, reference),
                      64 * std::numeric_limits<double>::epsilon() * std::sqrt(static_cast<double>(n * d)))
#else
            EXPECT_TRUE(same_bits(result, reference))
                << "largest relative difference " << largest_relative_difference(result, reference)
#endif
                << " at " << kernel_isa_name(level) << ", k = " << k << ", r = " << r << ", d = " << d
                << ", n = " << n;
            ++cases;
          }
        }
  EXPECT_GT(cases, 200);
}

/// The comparison above can fail: the same sums in another order (the naive
/// two-product kernel, as a level that reordered them would) are close but not
/// the same bits.
TEST(EmpiricalKernelIsa, ComparisonSeesAnotherOrder) {
  KeepLevel keep;
  Rng rng(5);
  Network<double> net{rng.normal_matrix(2, 17), rng.normal_matrix(2, 1)};
  const Matrix<double> A = rng.normal_matrix(17, 1);
  const RowMatrix<double> X = gaussian_sample<double>(300, 17, 6);
  const auto fused = empirical_loss_and_gradient(net, A, X, 1);
  const auto naive = empirical_loss_and_gradient_naive(net, A, X);
  EXPECT_FALSE(same_bits(fused, naive));
  EXPECT_LT(largest_relative_difference(fused, naive), 1e-12);
}

TEST(EmpiricalKernelIsa, LevelNamesParseStrictly) {
  KeepLevel keep;
  for (KernelIsa level : {KernelIsa::Baseline, KernelIsa::X86_64_V3, KernelIsa::X86_64_V4})
    EXPECT_EQ(parse_kernel_isa(kernel_isa_name(level)), level);
  EXPECT_EQ(parse_kernel_isa("auto"), available_kernel_isas().back());
  for (const char* bad : {"", "x86-64", "AVX2", "x86-64-v3 ", "native", "x86-64-v5"})
    EXPECT_THROW(parse_kernel_isa(bad), InvalidArgument) << "'" << bad << "'";
  // A level the build or the CPU lacks is refused, not silently replaced.
  for (KernelIsa level : {KernelIsa::X86_64_V3, KernelIsa::X86_64_V4}) {
    bool available = false;
    for (KernelIsa l : available_kernel_isas()) available = available || l == level;
    if (!available) {
      EXPECT_THROW(set_empirical_kernel_isa(level), InvalidArgument);
    }
  }
  set_empirical_kernel_isa(KernelIsa::Baseline);
  EXPECT_EQ(empirical_kernel_isa(), KernelIsa::Baseline);
  EXPECT_NE(empirical_kernel_isa_description().find("baseline"), std::string::npos);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::testing

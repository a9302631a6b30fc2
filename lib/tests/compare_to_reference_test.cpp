// compare_to_reference: at each of the six scalar types the population loss
// and gradient of a well-conditioned point agree with the MPFR reference to
// about the type's own digits (no fewer: the computation is accurate; no more:
// it really ran at that type); a planted 1e-9 relative error reads as 9
// digits; mp_float is evaluated at the caller's precision and the reference
// at its own; results made of parts (pairs, trajectories) are compared part by
// part, mismatched lengths read as an infinite error.
#include <bothlayers/compare_to_reference.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/random.hpp>

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using AllTypes = ::testing::Types<double, long double, double_double, float128, bin_float_50, mp_float>;

struct TypeNames {
  template <class T>
  static std::string GetName(int) {
    if constexpr (std::is_same_v<T, mp_float>) return "mp50";
    else return scalar_name<T>();
  }
};

/// MPFR at 50 digits for the test's duration (the other types ignore it).
template <class Scalar>
class CompareToReference : public ::testing::Test {
 protected:
  ScopedMpfrDigits digits_{50};
};
TYPED_TEST_SUITE(CompareToReference, AllTypes, TypeNames);

/// A well-conditioned point (k = 3, d = 5, r = 1), drawn as doubles: the same numbers at every type.
struct Point {
  Matrix<double> W = Rng(5).normal_matrix(3, 5), V = Rng(6).normal_matrix(3, 1), A = Rng(7).normal_matrix(5, 1);
  template <class S>
  std::pair<S, Gradient<S>> loss_and_gradient() const {
    const Network<S> net{W.cast<S>(), V.cast<S>()};
    const Matrix<S> a = A.cast<S>();
    return {population_loss(net, a), population_gradient(net, a)};
  }
};

TYPED_TEST(CompareToReference, DigitsAgreeingAreTheTypesDigits) {
  using S = TypeParam;
  const Point p;
  const auto c = compare_to_reference(ScalarTag<S>{}, [&](auto tag) {
    return p.loss_and_gradient<typename decltype(tag)::type>();
  });
  const double digits = decimal_digits<S>();
  EXPECT_EQ(c.precision, scalar_name<S>());
  EXPECT_EQ(c.reference_digits, default_reference_digits<S>());
  ASSERT_EQ(c.parts.size(), 2u);
  for (const auto& part : c.parts) {
    EXPECT_GE(part.digits, digits - 2) << part.name << " error " << part.relative_error;
    EXPECT_LE(part.digits, digits + 4) << part.name << ": more digits than " << c.precision << " carries";
  }
  // The error read back in the type itself: a few eps.
  EXPECT_LT(relative_error<S>(c), 64 * eps<S>());
}

TYPED_TEST(CompareToReference, PlantedErrorIsSeen) {
  using S = TypeParam;
  const Point p;
  const auto f = [&](auto tag) { return p.loss_and_gradient<typename decltype(tag)::type>().first; };
  const S planted = f(ScalarTag<S>{}) * (1 + S(1) / 1000000000);
  const auto c = compare_value_to_reference(ScalarTag<S>{}, planted, f);
  EXPECT_NEAR(c.digits(), 9.0, 0.01);
  EXPECT_NEAR(to_double(relative_error<S>(c)), 1e-9, 1e-12);
}

/// The precision each evaluation ran at, and the precision of the values it returned.
struct Seen {
  std::vector<unsigned> default_digits, value_digits;
};

void expect_mp_runs_at(unsigned digits, unsigned reference) {
  ScopedMpfrDigits guard(digits);
  Seen seen;
  const auto third = [&seen](auto tag) {
    using S = typename decltype(tag)::type;
    static_assert(std::is_same_v<S, mp_float>);
    const S x = S(1) / 3;
    seen.default_digits.push_back(mp_float::default_precision());
    seen.value_digits.push_back(x.precision());
    return x;
  };
  const auto c = compare_to_reference(ScalarTag<mp_float>{}, third);
  EXPECT_EQ(seen.default_digits, (std::vector<unsigned>{digits, reference}));
  EXPECT_EQ(seen.value_digits, (std::vector<unsigned>{digits, reference}));
  EXPECT_EQ(c.reference_digits, reference);
  EXPECT_EQ(c.precision, "mp:" + std::to_string(digits));
  // 1/3 rounded to `digits` digits, seen by a wider reference: about `digits` digits agree.
  EXPECT_GE(c.digits(), digits - 1.0);
  EXPECT_LE(c.digits(), digits + 2.0);
  EXPECT_EQ(mp_float::default_precision(), digits) << "the caller's precision is restored";
}

TEST(CompareToReferencePrecision, Mp50RunsAt50DigitsAgainst100) { expect_mp_runs_at(50, 100); }
TEST(CompareToReferencePrecision, Mp300RunsAt300DigitsAgainst600) { expect_mp_runs_at(300, 600); }

TEST(CompareToReferencePrecision, ExplicitReferenceDigits) {
  ScopedMpfrDigits guard(50);
  const auto third = [](auto tag) { return typename decltype(tag)::type(1) / 3; };
  EXPECT_EQ(compare_to_reference(ScalarTag<mp_float>{}, third, 70).reference_digits, 70u);
  EXPECT_GE(compare_to_reference(ScalarTag<mp_float>{}, third, 70).digits(), 49.0);
  EXPECT_THROW(compare_to_reference(ScalarTag<mp_float>{}, third, 50), InvalidArgument);
  EXPECT_THROW(compare_to_reference(ScalarTag<double>{}, third, 15), InvalidArgument);
}

TEST(CompareToReferenceParts, TrajectoryPartByPartAndLengthMismatch) {
  // A "trajectory" x_t = 1 / (t + 3): exact in neither type, so every step has its own error.
  const auto trajectory = [](auto tag) {
    using S = typename decltype(tag)::type;
    std::vector<S> xs;
    for (int t = 0; t < 4; ++t) xs.push_back(S(1) / (t + 3));
    return xs;
  };
  const auto c = compare_to_reference(ScalarTag<double>{}, trajectory);
  ASSERT_EQ(c.parts.size(), 4u);
  EXPECT_EQ(c.parts[2].name, "[2]");
  for (const auto& part : c.parts) EXPECT_GE(part.digits, 15.5);
  std::vector<double> shorter = trajectory(ScalarTag<double>{});
  shorter.pop_back();
  const auto m = compare_value_to_reference(ScalarTag<double>{}, shorter, trajectory);
  EXPECT_EQ(m.parts[m.worst].relative_error, "inf");
  EXPECT_TRUE(std::isinf(relative_error<double>(m)));
}

TEST(CompareToReferenceParts, ZeroReferenceAndNonFinite) {
  const auto zero = [](auto tag) { return typename decltype(tag)::type(0); };
  const auto c = compare_to_reference(ScalarTag<double>{}, zero);
  EXPECT_EQ(c.parts[0].relative_error, "0");
  EXPECT_EQ(c.digits(), 100.0);
  EXPECT_EQ(compare_value_to_reference(ScalarTag<double>{}, 1e-300, zero).parts[0].relative_error, "inf");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(compare_value_to_reference(ScalarTag<double>{}, nan, zero).digits()));
}

TEST(CompareToReferenceParts, TinyErrorsDoNotUnderflow) {
  // At mp:400 against mp:800 the error of 1/3 is about 1e-400: below any
  // double, yet read back in the scalar and reported as about 400 digits.
  ScopedMpfrDigits guard(400);
  const auto third = [](auto tag) { return typename decltype(tag)::type(1) / 3; };
  const auto c = compare_to_reference(ScalarTag<mp_float>{}, third);
  const mp_float error = relative_error<mp_float>(c);
  EXPECT_GT(error, 0);
  EXPECT_LT(error, mp_float("1e-398"));
  EXPECT_GT(c.digits(), 399.0);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

// double-double (double_double.hpp): the error bounds our tolerances assume,
// checked against MPFR at 300 bits; decimal text that reads back to the same
// pair; exact conversions; and why QD's default ("sloppy") addition is not used.
#include <bothlayers/double_double.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/scalar.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// |computed - exact| / |exact| in units of eps = 2^-104, with exact an MPFR number at 300 bits.
double error_in_eps(const double_double& computed, const mpfr_t exact) {
  mpfr_t c, e;
  mpfr_inits2(2400, c, e, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_d(c, computed.hi(), MPFR_RNDN);
  mpfr_add_d(c, c, computed.lo(), MPFR_RNDN);
  mpfr_sub(e, c, exact, MPFR_RNDN);
  mpfr_div(e, e, exact, MPFR_RNDN);
  mpfr_abs(e, e, MPFR_RNDN);
  mpfr_mul_2si(e, e, 104, MPFR_RNDN);
  const double out = mpfr_get_d(e, MPFR_RNDU);
  mpfr_clears(c, e, static_cast<mpfr_ptr>(nullptr));
  return out;
}

/// Operands that stress each operation: random magnitudes, near-cancelling sums, lo = 0 and tiny lo.
class DoubleDoubleOperands {
 public:
  explicit DoubleDoubleOperands(unsigned seed) : gen_(seed) {}
  double_double next() {
    std::normal_distribution<double> n(0, 1);
    const double hi = n(gen_) * std::ldexp(1.0, static_cast<int>(n(gen_) * 20));
    switch (count_++ % 3) {
      case 0: return double_double(dd_real(hi, 0.0));
      case 1: return double_double(hi) + double_double(hi * 0x1p-60 * n(gen_));
      default: return double_double(hi) + double_double(hi * 0x1p-54 * n(gen_));
    }
  }

 private:
  std::mt19937_64 gen_;
  unsigned count_ = 0;
};

enum class Op { Add, Sub, Mul, Div };

/// Largest error of `op` over `trials` operand pairs (b = -a (1 + tiny) for Add: cancellation).
double worst_error(Op op, int trials, bool sloppy_add = false) {
  DoubleDoubleOperands draw(7);
  mpfr_t x, y, z;
  mpfr_inits2(2400, x, y, z, static_cast<mpfr_ptr>(nullptr));
  double worst = 0;
  for (int t = 0; t < trials; ++t) {
    const double_double a = draw.next();
    double_double b = draw.next();
    if (op == Op::Add && t % 2 == 0) b = -a * (double_double(1) + double_double(std::ldexp(1.0, -(t % 100))));
    mpfr_set_d(x, a.hi(), MPFR_RNDN);
    mpfr_add_d(x, x, a.lo(), MPFR_RNDN);
    mpfr_set_d(y, b.hi(), MPFR_RNDN);
    mpfr_add_d(y, y, b.lo(), MPFR_RNDN);
    double_double c;
    switch (op) {
      case Op::Add:
        c = sloppy_add ? double_double(dd_real::sloppy_add(a.qd(), b.qd())) : a + b;
        mpfr_add(z, x, y, MPFR_RNDN);
        break;
      case Op::Sub: c = a - b; mpfr_sub(z, x, y, MPFR_RNDN); break;
      case Op::Mul: c = a * b; mpfr_mul(z, x, y, MPFR_RNDN); break;
      case Op::Div: c = a / b; mpfr_div(z, x, y, MPFR_RNDN); break;
    }
    if (mpfr_zero_p(z)) continue;
    worst = std::max(worst, error_in_eps(c, z));
  }
  mpfr_clears(x, y, z, static_cast<mpfr_ptr>(nullptr));
  return worst;
}

// The IEEE-style bounds of Li et al. (QD's documentation): add/sub 2 eps, mul 4 eps, div 8 eps.
TEST(DoubleDouble, ArithmeticMeetsTheRelativeErrorBoundsOurTolerancesAssume) {
  const double add = worst_error(Op::Add, 20000), sub = worst_error(Op::Sub, 20000),
               mul = worst_error(Op::Mul, 20000), div = worst_error(Op::Div, 20000);
  RecordProperty("worst_eps", "add " + std::to_string(add) + " sub " + std::to_string(sub) + " mul " +
                                  std::to_string(mul) + " div " + std::to_string(div));
  EXPECT_LE(add, 2.0);
  EXPECT_LE(sub, 2.0);
  EXPECT_LE(mul, 4.0);
  EXPECT_LE(div, 8.0);
}

// Why double_double.hpp configures QD_IEEE_ADD: QD's default addition loses
// every digit when the sum cancels (its error is relative to the operands, not
// the result); the same operands through ours stay within 2 eps (above).
TEST(DoubleDouble, QdsSloppyAdditionHasNoRelativeBoundUnderCancellation) {
  const double sloppy = worst_error(Op::Add, 20000, /*sloppy_add=*/true);
  RecordProperty("worst_eps", std::to_string(sloppy));
  EXPECT_GT(sloppy, 1e6);
}

TEST(DoubleDouble, DecimalTextReadsBackToTheSamePair) {
  DoubleDoubleOperands draw(11);
  for (int t = 0; t < 3000; ++t) {
    const double_double x = t % 5 == 0 ? double_double(1) / draw.next() : draw.next();
    const std::string text = to_decimal_string(x);
    const double_double back(text);
    ASSERT_EQ(back.hi(), x.hi()) << text;
    ASSERT_EQ(back.lo(), x.lo()) << text;
  }
  EXPECT_EQ(to_decimal_string(double_double(0.5)).substr(0, 6), "5.0000");
  EXPECT_THROW(double_double("1.0x"), std::runtime_error);
}

TEST(DoubleDouble, ConversionsFromIntegersAndLongDoubleAreExact) {
  const long long big = (1LL << 62) + 12345;
  EXPECT_EQ(double_double(big).convert_to<long long>(), big);
  const long double x = 1.0L / 3.0L;
  const double_double y(x);
  EXPECT_EQ(static_cast<long double>(y.hi()) + static_cast<long double>(y.lo()), x);
  EXPECT_EQ(to_double(double_double(1) / double_double(3)), 1.0 / 3.0);
}

TEST(DoubleDouble, LimitsAndConstants) {
  EXPECT_EQ(eps<double_double>(), double_double(std::ldexp(1.0, -104)));
  EXPECT_EQ(std::numeric_limits<double_double>::digits, 106);
  // pi to the last bit of the pair: |pi_dd - pi| < eps/2 relative (against MPFR).
  mpfr_t p;
  mpfr_init2(p, 400);
  mpfr_const_pi(p, MPFR_RNDN);
  EXPECT_LE(error_in_eps(pi<double_double>(), p), 0.5);
  mpfr_clear(p);
  EXPECT_EQ(parse_precision("double-double").name(), "double-double");
}

TEST(DoubleDouble, FrexpLog1pExpm1) {
  int e = 0;
  const double_double m = frexp(double_double(1024) - double_double(1e-20), &e);
  EXPECT_EQ(e, 10);
  EXPECT_LT(m, double_double(1));
  EXPECT_GE(m, double_double(0.5));
  EXPECT_EQ(ldexp(m, e), double_double(1024) - double_double(1e-20));
  mpfr_t x;
  mpfr_init2(x, 400);
  mpfr_set_d(x, 1e-20, MPFR_RNDN);
  mpfr_log1p(x, x, MPFR_RNDN);
  EXPECT_LE(error_in_eps(log1p(double_double(1e-20)), x), 4.0);
  mpfr_set_d(x, 1e-10, MPFR_RNDN);
  mpfr_expm1(x, x, MPFR_RNDN);
  EXPECT_LE(error_in_eps(expm1(double_double(1e-10)), x), 4.0);
  mpfr_clear(x);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers

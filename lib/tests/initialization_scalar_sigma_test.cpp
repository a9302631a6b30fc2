// initialize<Scalar>(options, sigma): the unit-scale draw in doubles, converted
// exactly, times sigma in Scalar. References: the unit draw scaled by hand
// (exact equality), the double instance converted exactly to mp (sigma a power
// of two), and the pre-existing draw with stddev sigma / sqrt(d) (double).
#include "test_scalars.hpp"

#include <bothlayers/initialization.hpp>

#include <cmath>
#include <limits>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
bool same(const Matrix<Scalar>& x, const Matrix<Scalar>& y) {
  return x.rows() == y.rows() && x.cols() == y.cols() && (x.array() == y.array()).all();
}

InitOptions options(InitScheme scheme) {
  InitOptions o;
  o.scheme = scheme;
  o.k = 4;
  o.d = 30;
  o.r = 2;
  o.seed = 42;
  return o;
}

constexpr InitScheme kSchemes[] = {InitScheme::Paper, InitScheme::Gaussian, InitScheme::Xavier};

TEST(InitializationSigma, Mp50SigmaBelowDoubleRangeIsTheUnitDrawTimesSigma) {
  ScopedMpfrDigits digits(50);
  const mp_float sigma = parse_scalar<mp_float>("1e-400");
  ASSERT_TRUE(parse_scalar<double>("1e-400") == 0);  // the reason sigma is given in Scalar
  for (const InitScheme scheme : kSchemes) {
    const InitOptions o = options(scheme);
    const Network<mp_float> unit = initialize<mp_float>(o, mp_float(1));
    const Network<mp_float> tiny = initialize<mp_float>(o, sigma);
    EXPECT_TRUE(same<mp_float>(tiny.W, unit.W * sigma));
    EXPECT_TRUE(same<mp_float>(tiny.V, unit.V * sigma));
    EXPECT_TRUE(same<mp_float>(unit.W, initialize_unit_scale(o).W.cast<mp_float>()));
    EXPECT_TRUE(same<mp_float>(unit.V, initialize_unit_scale(o).V.cast<mp_float>()));
    // The weights are the size sigma says, not 0.
    const mp_float norm = tiny.W.norm();
    EXPECT_GT(to_double(mp_float(log10(norm))), -401);
    EXPECT_LT(to_double(mp_float(log10(norm))), -399);
  }
}

TEST(InitializationSigma, SameSeedSameInstanceAtEveryPrecision) {
  // sigma a power of two: the product is exact, so every precision holds the same numbers.
  const double sigma = std::ldexp(1.0, -20);
  ScopedMpfrDigits digits(50);
  for (const InitScheme scheme : kSchemes) {
    InitOptions o = options(scheme);
    o.sigma = sigma;
    const Network<double> at_double = initialize<double>(o);
    const Network<mp_float> at_mp = initialize<mp_float>(o);
    EXPECT_TRUE(same<mp_float>(at_mp.W, at_double.W.cast<mp_float>()));
    EXPECT_TRUE(same<mp_float>(at_mp.V, at_double.V.cast<mp_float>()));
    const Network<long double> at_long_double = initialize<long double>(o);
    EXPECT_TRUE(same<long double>(at_long_double.W, at_double.W.cast<long double>()));
  }
}

TEST(InitializationSigma, DoubleOverloadsAgree) {
  for (const InitScheme scheme : kSchemes) {
    InitOptions o = options(scheme);
    o.sigma = 1e-4;
    const Network<double> a = initialize<double>(o);
    const Network<double> b = initialize<double>(o, 1e-4);
    EXPECT_TRUE(same(a.W, b.W));
    EXPECT_TRUE(same(a.V, b.V));
    const Network<double> unit = initialize_unit_scale(o);
    EXPECT_TRUE(same<double>(a.W, unit.W * 1e-4));
    EXPECT_TRUE(same<double>(a.V, unit.V * 1e-4));
  }
}

// The draw before sigma moved into Scalar: stddev sigma / sqrt(d) applied in
// double to each standard normal. With sigma = 1 or a power of two the new
// definition gives the same doubles bit for bit; with another sigma the two
// roundings may differ in the last bit (sigma is now applied after the draw).
TEST(InitializationSigma, DoubleMatchesThePreviousDrawForPowersOfTwo) {
  for (const double sigma : {1.0, 0.5, std::ldexp(1.0, -30)}) {
    InitOptions o = options(InitScheme::Gaussian);
    o.sigma = sigma;
    const Network<double> net = initialize<double>(o);
    Rng rng(o.seed);
    const Matrix<double> W = rng.normal_matrix(o.k, o.d, sigma / std::sqrt(30.0));
    const Matrix<double> V = rng.normal_matrix(o.k, o.r, sigma / std::sqrt(2.0));
    EXPECT_TRUE(same(net.W, W)) << sigma;
    EXPECT_TRUE(same(net.V, V)) << sigma;
  }
}

TEST(InitializationSigma, UnderflowAndBadSigmaAreErrors) {
  const InitOptions o = options(InitScheme::Paper);
  EXPECT_THROW(initialize<double>(o, 0.0), InvalidArgument);
  EXPECT_THROW(initialize<double>(o, -1.0), InvalidArgument);
  EXPECT_THROW(initialize<double>(o, parse_scalar<double>("1e-400")), InvalidArgument);  // parses to 0
  EXPECT_THROW(initialize<double>(o, 1e-310), InvalidArgument);  // weights would be subnormal
  EXPECT_THROW(initialize<double>(o, std::numeric_limits<double>::infinity()), InvalidArgument);
  EXPECT_NO_THROW(initialize<long double>(o, parse_scalar<long double>("1e-400")));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

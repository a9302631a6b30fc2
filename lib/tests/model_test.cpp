// Precision names, decimal parsing, initializations and gradient descent's stop rules.
#include "test_scalars.hpp"

#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>

#include <limits>
#include <string>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

TEST(Precision, NamesRoundTripAndBadNamesAreRejected) {
  for (const char* name : {"double", "long-double", "float128", "bin-float-50", "mp:60", "mp:1000"})
    EXPECT_EQ(parse_precision(name).name(), name);
  for (const char* bad : {"", "float", "mp:", "mp:9", "mp:-5", "mp:12a", "mp:1000001"})
    EXPECT_THROW(parse_precision(bad), InvalidArgument) << bad;
  EXPECT_THROW(parse_scalar<double>("1.2.3"), ParseError);
  EXPECT_THROW(parse_scalar<double>("inf"), ParseError);
  EXPECT_THROW(parse_scalar<double>("1e999"), NonFiniteError);
  ScopedMpfrDigits digits(80);
  // 0.1 at 80 digits is not the double 0.1.
  EXPECT_FALSE(parse_scalar<mp_float>("0.1") == mp_float(0.1));
  EXPECT_LE(abs(parse_scalar<mp_float>("0.1") * 10 - 1), 2 * eps<mp_float>());
  EXPECT_LE(abs(pi<mp_float>() - mp_float("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899")),
            4 * eps<mp_float>());
}

// Issue "planted bugs": the overflow pre-check is on the decimal exponent just past
// the leading digit, and must not reject finite decimals in [1e308, DBL_MAX]: they
// parse at double, DBL_MAX to itself; 1.8e308 overflows. The far end too: a
// subnormal (1e-310) is a number, not zero.
TEST(Precision, DecimalsUpToTheLargestDoubleParse) {
  EXPECT_EQ(parse_scalar<double>("1e308"), 1e308);
  EXPECT_EQ(parse_scalar<double>("-1e308"), -1e308);
  EXPECT_EQ(parse_scalar<double>("1.7976931348623157e308"), std::numeric_limits<double>::max());
  // DBL_MAX written out as an integer (309 digits, no exponent).
  EXPECT_EQ(parse_scalar<double>("17976931348623157" + std::string(292, '0')), std::numeric_limits<double>::max());
  EXPECT_EQ(parse_scalar<double>("0.1e309"), 1e308);
  EXPECT_THROW(parse_scalar<double>("1.8e308"), NonFiniteError);
  EXPECT_THROW(parse_scalar<double>("1e309"), NonFiniteError);
  EXPECT_EQ(parse_scalar<long double>("1e4932"), 1e4932L);
  EXPECT_THROW(parse_scalar<long double>("1.2e4932"), NonFiniteError);
  EXPECT_EQ(parse_scalar<double>("1e-310"), 1e-310);
  EXPECT_GT(parse_scalar<double>("1e-310"), 0.0);
  EXPECT_EQ(parse_scalar<double>("5e-324"), std::numeric_limits<double>::denorm_min());
}

// Decimal text means the same number at every precision: integers without a
// point ("-2", once read as -0.002 by the software types), leading zeros,
// exponents, a bare fraction; compared with the same value built from integers.
BOTHLAYERS_TYPED_SUITE(ParseScalar);
TYPED_TEST(ParseScalar, EveryWrittenFormIsTheSameNumberAtEveryPrecision) {
  using S = TypeParam;
  const std::vector<std::pair<const char*, S>> cases{
      {"-2", S(-2)},          {"7", S(7)},           {"12345", S(12345)},  {"0", S(0)},
      {"-0", S(0)},           {"1e5", S(100000)},    {"5e-1", S(1) / 2},   {".5", S(1) / 2},
      {"0.25", S(1) / 4},     {"-0.75", S(-3) / 4},  {"00042", S(42)},     {"4.2e1", S(42)},
      {"1.5", S(3) / 2},      {"3E2", S(300)},       {"+8", S(8)},         {"0.000125e3", S(1) / 8},
      {"2.", S(2)},           {"-100.0", S(-100)}};
  for (const auto& [text, expected] : cases) EXPECT_TRUE(parse_scalar<S>(text) == expected) << text;
}

// Every row of the scalar table: its name parses to its kind, prints back,
// dispatches to its type, and scalar_name agrees; the list has six rows.
TEST(Precision, EveryRowOfTheScalarTableRoundTripsAndDispatches) {
  static_assert(kScalarCount == 6, "double, long double, double-double, float128, bin_float_50, MPFR");
  static_assert(std::tuple_size_v<AllScalars> == kScalarCount);
  int rows = 0;
  for_each_scalar_type([&](auto tag) {
    using S = typename decltype(tag)::type;
    using Traits = ScalarTraits<S>;
    const std::string name = std::string(Traits::name) + (Traits::runtime_digits ? ":75" : "");
    const Precision p = parse_precision(name);
    EXPECT_EQ(p.kind, Traits::kind) << name;
    EXPECT_EQ(p.name(), name);
    const std::string dispatched = dispatch_precision(p, [](auto t) {
      return scalar_name<typename decltype(t)::type>();
    });
    EXPECT_EQ(dispatched, name) << "dispatch_precision(" << name << ") reached another type";
    const bool same_type = dispatch_precision(p, [](auto t) { return std::is_same_v<typename decltype(t)::type, S>; });
    EXPECT_TRUE(same_type) << name;
    ++rows;
  });
  EXPECT_EQ(rows, 6);
  // The MPFR guard restores the previous precision after a dispatch.
  ScopedMpfrDigits digits(33);
  dispatch_precision(parse_precision("mp:90"), [](auto) { return 0; });
  EXPECT_EQ(decimal_digits<mp_float>(), 33);
}

TEST(Initialization, PaperSchemeHasChiScaledVWithSignsPlusMinus) {
  InitOptions o;
  o.k = 4;
  o.d = 400;
  o.sigma = 1e-3;
  const auto net = initialize<double>(o);
  for (Eigen::Index i = 0; i < 4; ++i) {
    EXPECT_EQ(net.V(i, 0) > 0, i % 2 == 0);
    EXPECT_NEAR(std::abs(net.V(i, 0)), 1e-3, 2e-4);             // sigma xi / sqrt(d), xi ~ chi_d ~ sqrt(d)
    EXPECT_NEAR(net.W.row(i).norm(), 1e-3, 2e-4);               // N(0, sigma^2/d I_d)
  }
  ScopedMpfrDigits digits(50);
  const auto net_mp = initialize<mp_float>(o);
  // Same instance at every precision: the same unit draw times sigma, rounded once per precision.
  EXPECT_TRUE(to_double(net_mp.W(3, 7)) == net.W(3, 7));
  o.scheme = InitScheme::Xavier;
  o.alternate_signs = true;
  const auto xavier = initialize<double>(o);
  EXPECT_GT(xavier.V(0, 0), 0);
  EXPECT_LT(xavier.V(1, 0), 0);
  o.sigma = -1;
  EXPECT_THROW(initialize<double>(o), InvalidArgument);
  EXPECT_THROW(parse_init_scheme("kaiming"), InvalidArgument);
}

TEST(GradientDescent, StopReasonsAreNamed) {
  InitOptions o;
  o.d = 10;
  o.sigma = 1e-2;
  const auto start = initialize<double>(o);
  Objective<double> objective{target_e1<double>(10), nullptr, 1};
  GdOptions<double> opt;
  opt.max_steps = 5;
  auto r = gradient_descent(start, objective, opt);
  EXPECT_EQ(r.reason, StopReason::MaxSteps);
  EXPECT_EQ(r.steps, 5);
  EXPECT_EQ(r.trajectory.size(), 6u);  // steps 0..5
  opt.max_steps = 100000;
  opt.step = 50;  // far beyond the stable step size
  r = gradient_descent(initialize<double>([] { InitOptions x; x.d = 10; x.sigma = 1; return x; }()), objective, opt);
  EXPECT_TRUE(r.reason == StopReason::Diverged || r.reason == StopReason::NonFinite) << stop_reason_name(r.reason);
  opt.step = 0;
  EXPECT_THROW(gradient_descent(start, objective, opt), InvalidArgument);
  opt.step = 0.1;
  opt.stride = 0;
  EXPECT_THROW(gradient_descent(start, objective, opt), InvalidArgument);
  // Empirical objective, gradient tolerance.
  objective.X = std::make_shared<RowMatrix<double>>(gaussian_sample<double>(500, 10, 3));
  opt.stride = 10;
  opt.gradient_tolerance = 1e-6;
  r = gradient_descent(start, objective, opt);
  EXPECT_EQ(r.reason, StopReason::GradientTolerance);
  EXPECT_LT(r.final_loss, 1e-8);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

// Tests of the certificate machinery (checks/arb_ball.hpp, interval.hpp, jet2.hpp,
// reduced_lemmas.hpp, branch_and_bound.hpp, lemma_certificates.hpp; lemmas 8,
// 12, 13 of paper section 5): jets against finite differences, Arb balls
// against MPFR at 400 bits, interval
// enclosures against point values, the analytic tight point, and the branch
// and bound on inequalities whose answer is known.
#include <bothlayers/checks/lemma_certificates.hpp>
#include <bothlayers/checks/sharp_constant.hpp>
#include <bothlayers/precision.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::checks::cert {
namespace {
namespace BOTHLAYERS_UNIT_ID {

const double pi_d = boost::math::constants::pi<double>();

template <class T>
T test_function(const T& x, const T& y) {
  return sin(x * y) * cos(x) / (2 + x * x) + y * y * y;
}

TEST(Jet2, MatchesFiniteDifferences) {
  using std::cos;
  using std::sin;
  const double x = 0.7, y = -1.3, h = 1e-4;
  const Jet2<double> j = test_function(Jet2<double>::variable(x, 0), Jet2<double>::variable(y, 1));
  const auto f = [](double a, double b) { return test_function(a, b); };
  EXPECT_NEAR(j.v, f(x, y), 1e-15);
  EXPECT_NEAR(j.d[0], (f(x + h, y) - f(x - h, y)) / (2 * h), 1e-7);
  EXPECT_NEAR(j.d[1], (f(x, y + h) - f(x, y - h)) / (2 * h), 1e-7);
  EXPECT_NEAR(j.h[0], (f(x + h, y) - 2 * f(x, y) + f(x - h, y)) / (h * h), 1e-5);
  EXPECT_NEAR(j.h[2], (f(x, y + h) - 2 * f(x, y) + f(x, y - h)) / (h * h), 1e-5);
  EXPECT_NEAR(j.h[1], (f(x + h, y + h) - f(x + h, y - h) - f(x - h, y + h) + f(x - h, y - h)) / (4 * h * h), 1e-5);
}

// The Arb ball (checks/arb_ball.hpp) encloses: each operation's result contains the
// exact value, computed in MPFR at 400 bits, at the ends and the middle of its argument
// boxes; a ball shifted by 4 of its widths does not (the check can fail).
TEST(ArbBall, OperationsEncloseTheExactValues) {
  using Mp = boost::multiprecision::mpfr_float;
  const ScopedMpfrDigits scope(120);
  const auto contains = [](const Interval& e, const Mp& x) {
    return Mp(lower_bound(e)) <= x && x <= Mp(upper_bound(e)) && lower(e) <= upper(e);
  };
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-3, 3);
  for (int trial = 0; trial < 200; ++trial) {
    const double a0 = u(rng), b0 = u(rng), w = std::ldexp(1.0, -static_cast<int>(rng() % 40));
    const Interval a = hull(a0, a0 + w), b = hull(b0, b0 + w);
    for (double ta : {0.0, 0.5, 1.0}) {
      const Mp x = Mp(a0) + Mp(w) * ta, y = Mp(b0) + Mp(w) * (1 - ta);
      EXPECT_TRUE(contains(a + b, x + y));
      EXPECT_TRUE(contains(a - b, x - y));
      EXPECT_TRUE(contains(a * b, x * y));
      EXPECT_TRUE(contains(sin(a), sin(x)) && contains(cos(a), cos(x)));
      if (certainly_positive(a)) EXPECT_TRUE(contains(sqrt(a), sqrt(x)));
      if (!certainly_positive(b) && !certainly_negative(b)) continue;
      EXPECT_TRUE(contains(a / b, x / y));
      const Interval shifted = a * b + 4 * (upper_bound(a * b) - lower_bound(a * b) + 1e-300);
      EXPECT_FALSE(contains(shifted, x * y));  // negative control
    }
  }
  EXPECT_TRUE(contains(interval_pi(), boost::math::constants::pi<Mp>()));
}

// Endpoints, signs, intersection and the conversion to MPFI.
TEST(ArbBall, EndpointsSignsAndConversions) {
  const Interval x = hull(0.25, 0.75);
  // hull encloses [lo, hi], its radius rounded up (a 30-bit number): at most a few units of 2^-30 wider.
  EXPECT_TRUE(lower(x) <= 0.25 && upper(x) >= 0.75 && lower(x) < upper(x));
  EXPECT_GT(lower_bound(x), 0.25 - 1e-9);
  EXPECT_LT(upper_bound(x), 0.75 + 1e-9);
  EXPECT_TRUE(certainly_positive(x));
  EXPECT_FALSE(certainly_positive(x - Interval(0.5)));
  EXPECT_FALSE(certainly_negative(x - Interval(0.5)));
  EXPECT_TRUE(certainly_negative(x - 1));
  EXPECT_FALSE(certainly_positive(Interval(0)));  // 0 is not > 0
  const Interval both = intersect(x, hull(0.5, 2.0));
  EXPECT_LE(lower_bound(both), 0.5);
  EXPECT_GE(upper_bound(both), 0.75);
  EXPECT_LT(upper_bound(both) - lower_bound(both), 0.3);
  EXPECT_THROW(intersect(x, hull(1.0, 2.0)), Error);  // disjoint enclosures of one value: a bug
  EXPECT_THROW(hull(1.0, 0.5), InvalidArgument);       // reversed ends
  EXPECT_THROW(hull(std::numeric_limits<double>::quiet_NaN(), 1.0), InvalidArgument);
  const Interval tenth = Interval(1) / 10;
  const EndpointInterval m = to_mpfi<30>(tenth);
  EXPECT_LE(lower_bound(m), 0.1);
  EXPECT_GE(upper_bound(m), 0.1);
  const EndpointInterval tenth_mpfi = EndpointInterval(1) / 10;
  EXPECT_TRUE(lower(m) <= lower(tenth_mpfi) && upper(m) >= upper(tenth_mpfi));
  EXPECT_LT(upper_bound(EndpointInterval(upper(m)) - EndpointInterval(lower(m))), 1e-28);
  // A NaN endpoint compares unordered, as a double does.
  Interval nan_ball(std::numeric_limits<double>::quiet_NaN());
  EXPECT_FALSE(lower(nan_ball) > 0 || lower(nan_ball) <= 0);
  EXPECT_FALSE(certainly_positive(nan_ball) || certainly_negative(nan_ball));
}

// Enclosures of H and of its jet over random boxes contain the point values and derivatives.
TEST(IntervalCertificate, EnclosuresContainPointValues) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  const Interval pi = interval_pi();
  for (ReducedLemma lemma : {ReducedLemma::L08, ReducedLemma::L12, ReducedLemma::L13}) {
    const double c = lemma == ReducedLemma::L08 ? 0.05 : lemma == ReducedLemma::L12 ? 2.5 : 20;
    for (int trial = 0; trial < 40; ++trial) {
      const double t0 = pi_d * u(rng), s0 = u(rng), w = std::ldexp(1.0, -static_cast<int>(rng() % 12));
      const Box2 b{{t0, s0}, {t0 + w, s0 + w}, 0};
      const Jet2<Interval> j = reduced_h(lemma, Jet2<Interval>::variable(b.side(0), 0),
                                         Jet2<Interval>::variable(b.side(1), 1), Jet2<Interval>(Interval(c)),
                                         Jet2<Interval>(pi));
      for (int k = 0; k < 5; ++k) {
        const double t = t0 + w * u(rng), s = s0 + w * u(rng);
        const Jet2<double> p =
            reduced_h(lemma, Jet2<double>::variable(t, 0), Jet2<double>::variable(s, 1), Jet2<double>(c), Jet2<double>(pi_d));
        const auto inside = [](double x, const Interval& e) {
          const double slack = 1e-12 * (1 + std::abs(x));
          return lower_bound(e) <= x + slack && x - slack <= upper_bound(e);
        };
        EXPECT_TRUE(inside(p.v, j.v)) << p.v << " " << interval_text(j.v);
        EXPECT_TRUE(inside(p.d[0], j.d[0]) && inside(p.d[1], j.d[1]));
        EXPECT_TRUE(inside(p.h[0], j.h[0]) && inside(p.h[1], j.h[1]) && inside(p.h[2], j.h[2]));
      }
    }
  }
}

// The analytic facts the tight-point argument rests on: H(pi, 1/2) = 0 and grad H(pi, 1/2) = 0
// (every enclosure contains 0 and is tiny), and the Hessian there is positive definite.
TEST(IntervalCertificate, TightPointIsAZeroWithZeroGradient) {
  const Interval pi = interval_pi();
  for (ReducedLemma lemma : {ReducedLemma::L08, ReducedLemma::L12, ReducedLemma::L13}) {
    const Interval c = lemma == ReducedLemma::L08 ? Interval(1) / 20 : lemma == ReducedLemma::L12 ? Interval(5) / 2 : Interval(20);
    const Jet2<Interval> j = reduced_h(lemma, Jet2<Interval>::variable(pi, 0), Jet2<Interval>::variable(Interval(0.5), 1),
                                       Jet2<Interval>(c), Jet2<Interval>(pi));
    for (const Interval& x : {j.v, j.d[0], j.d[1]}) {
      EXPECT_TRUE(lower(x) <= 0 && upper(x) >= 0) << interval_text(x);
      EXPECT_LT(upper_bound(x) - lower_bound(x), 1e-25);
    }
    EXPECT_GT(lower_bound(j.h[0]), 0);
    EXPECT_GT(lower_bound(j.h[0] * j.h[2] - j.h[1] * j.h[1]), 0);
  }
}

// The reduced H agrees with the sampled layer's closed forms: at the sharp ratio
// of lemma08_extreme / lemma13_extreme, H is 0.
TEST(IntervalCertificate, AgreesWithSharpConstantClosedForms) {
  for (double theta : {1.6, 2.0, 2.6, 3.0})
    for (double rho : {0.1, 1.0, 3.0}) {
      const double s = rho / (1 + rho);
      const double a8 = sharp::lemma08_extreme(theta, rho).value, c13 = sharp::lemma13_extreme(theta, rho).value;
      const double scale = (1 + rho) * (1 + rho);  // H is in units |P| + |Q| = 1
      EXPECT_NEAR(reduced_h(ReducedLemma::L08, theta, s, a8, pi_d) * scale, 0, 1e-12);
      EXPECT_NEAR(reduced_h(ReducedLemma::L13, theta, s, c13, pi_d) * scale, 0, 1e-10 * c13);
      EXPECT_GT(reduced_h(ReducedLemma::L08, theta, s, a8 * 0.99, pi_d), 0);
      EXPECT_LT(reduced_h(ReducedLemma::L08, theta, s, a8 * 1.01, pi_d), 0);
    }
}

const auto quadratic = [](const auto& x, const auto& y) {
  using T = std::decay_t<decltype(x)>;
  return (x - T(0.5)) * (x - T(0.5)) + (y - T(0.5)) * (y - T(0.5)) * 2 - (x - T(0.5)) * (y - T(0.5));
};

TEST(BranchAndBound, FalseInequalityYieldsACounterexampleBox) {
  const auto f = [](const auto& x, const auto& y) {
    using T = std::decay_t<decltype(x)>;
    return quadratic(x, y) - T(0.01);
  };
  const BranchBoundResult r = prove_nonnegative(f, Box2{{0, 0}, {1, 1}, 0}, {});
  ASSERT_EQ(r.outcome, BoundOutcome::Refuted);
  EXPECT_LT(r.witness_upper, 0);
  // The witness box re-evaluated: f < 0 on all of it.
  const Interval v = f(r.witness.side(0), r.witness.side(1));
  EXPECT_TRUE(certainly_negative(v)) << interval_text(v) << " on " << r.witness.text();
}

TEST(BranchAndBound, TightPointIsProvedOnlyWithTheSecondOrderArgument) {
  const Box2 unit{{0, 0}, {1, 1}, 0};
  BranchBoundOptions o;
  o.max_depth = 20;
  EXPECT_EQ(prove_nonnegative(quadratic, unit, o).outcome, BoundOutcome::Undecided);
  o.tight_point = std::array<Interval, 2>{Interval(0.5), Interval(0.5)};
  const BranchBoundResult r = prove_nonnegative(quadratic, unit, o);
  EXPECT_EQ(r.outcome, BoundOutcome::Proved);
  EXPECT_GE(r.tight_boxes, 1);
}

// Near a true inequality's minimum the method certifies; a hair past it, it refutes.
TEST(LemmaCertificates, Lemma13AroundTheSharpConstant) {
  const double sharp = 8 / (2 - 4 / pi_d);  // 11.0078..., attained as theta -> pi/2+, rho = 1
  EXPECT_EQ(certify_lemma(lemma13_problem(), Interval(sharp * 1.001)).outcome, BoundOutcome::Proved);
  const BranchBoundResult r = certify_lemma(lemma13_problem(), Interval(sharp * 0.999));
  ASSERT_EQ(r.outcome, BoundOutcome::Refuted);
  EXPECT_GT(r.witness.lo[0], pi_d / 2);  // inside the open domain
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::checks::cert

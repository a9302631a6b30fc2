// The angle formula behind the diagnostics (geometry.hpp, diagnostics.hpp):
// t = 2 atan2(|e - f|, |e + f|) against an independent reference, acos of the
// normalized dot product at 200 digits (accurate there even near 0 and pi,
// where acos at working precision loses half the digits), parsed into the
// tested type. Exact angles (0, pi/4, pi/2, 3pi/4, pi), angles 2^-k near 0
// and pi - 2^-k near pi, and random directions; relative error <= 32 eps.
#include "test_scalars.hpp"

#include <bothlayers/diagnostics.hpp>
#include <bothlayers/geometry.hpp>
#include <bothlayers/random.hpp>

#include <array>
#include <cmath>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

BOTHLAYERS_TYPED_SUITE(Geometry);

using Vec3 = std::array<double, 3>;

/// Reference angle between p and q: acos(p.q / (|p||q|)) at 200 digits, as a decimal string.
/// fold: min(t, pi - t) instead (pi - acos(c) = acos(-c), no cancellation).
std::string reference_angle(const Vec3& p, const Vec3& q, bool fold = false) {
  ScopedMpfrDigits wide(200);
  mp_float dot = 0, pp = 0, qq = 0;
  for (int j = 0; j < 3; ++j) {
    dot += mp_float(p[j]) * mp_float(q[j]);
    pp += mp_float(p[j]) * mp_float(p[j]);
    qq += mp_float(q[j]) * mp_float(q[j]);
  }
  mp_float c = dot / sqrt(pp * qq);
  if (c > 1) c = 1;
  if (c < -1) c = -1;
  if (fold && c < 0) c = -c;
  return to_decimal_string(mp_float(acos(c)));
}

template <class S>
Vector<S> vec(const Vec3& p) {
  Vector<S> v(3);
  v << S(p[0]), S(p[1]), S(p[2]);
  return v;
}

template <class S>
void expect_angle(const Vec3& p, const Vec3& q, const S& tol) {
  const S expected = parse_scalar<S>(reference_angle(p, q));
  const S folded_expected = parse_scalar<S>(reference_angle(p, q, true));
  const Vector<S> vp = vec<S>(p), vq = vec<S>(q);
  const S t = angle_between<S>(vp, vq);
  EXPECT_TRUE(close_within(expected, t, tol)) << "angle_between (" << p[0] << "," << p[1] << "," << p[2] << ") ("
                                              << q[0] << "," << q[1] << "," << q[2] << ")";
  Matrix<S> W(2, 3);
  W.row(0) = vp.transpose();
  W.row(1) = vq.transpose();
  const auto g = unit_geometry(W);
  EXPECT_TRUE(close_within(expected, S(g.angle(0, 1)), tol)) << "unit_geometry angle, q[1] = " << q[1];
  EXPECT_TRUE(close_within(folded_expected, S(g.folded(0, 1)), tol)) << "unit_geometry folded, q[1] = " << q[1];
  EXPECT_TRUE(g.angle(1, 0) == g.angle(0, 1));
}

TYPED_TEST(Geometry, ExactAnglesMatchTheWideReference) {
  using S = TypeParam;
  const S tol = this->eps_times(32);
  // Parallel directions give exactly 0 when the unit vectors are exact.
  EXPECT_TRUE(angle_between<S>(vec<S>({1, 0, 0}), vec<S>({4, 0, 0})) == 0);
  expect_angle<S>({1, 0, 0}, {1, 1, 0}, tol);    // pi/4
  expect_angle<S>({0, 3, 0}, {0, 0, 5}, tol);    // pi/2
  expect_angle<S>({1, 0, 0}, {-1, 1, 0}, tol);   // 3 pi/4
  expect_angle<S>({2, 0, 0}, {-3, 0, 0}, tol);   // pi
  expect_angle<S>({1, 1, 1}, {1, 0, 0}, tol);    // acos(1/sqrt 3)
  EXPECT_TRUE(close_within(pi<S>(), angle_between<S>(vec<S>({2, 0, 0}), vec<S>({-3, 0, 0})), tol));
  EXPECT_TRUE(close_within(S(pi<S>() / 4), angle_between<S>(vec<S>({1, 0, 0}), vec<S>({1, 1, 0})), tol));
}

TYPED_TEST(Geometry, AnglesNearZeroAndPiKeepFullRelativeAccuracy) {
  using S = TypeParam;
  const S tol = this->eps_times(32);
  // t = atan(2^-k): acos(dot) at working precision would be off by ~sqrt(eps) absolutely.
  for (int k : {10, 20, 26, 40, 50}) {
    const double tiny = std::ldexp(1.0, -k);
    expect_angle<S>({1, 0, 0}, {1, tiny, 0}, tol);       // near 0
    expect_angle<S>({1, 0, 0}, {-1, tiny, 0}, tol);      // near pi (folded: near 0 again)
    expect_angle<S>({3, 1, 0}, {3, 1, tiny}, tol);       // near 0, generic direction
  }
}

TYPED_TEST(Geometry, RandomDirectionsMatchTheWideReference) {
  using S = TypeParam;
  const S tol = this->eps_times(32);
  Rng rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    const Vec3 p{rng.normal(), rng.normal(), rng.normal()}, q{rng.normal(), rng.normal(), rng.normal()};
    expect_angle<S>(p, q, tol);
  }
}

// The diagnostics read the same formula: theta between w1 and w2, theta1
// between w1 and a, theta2 between w2 and -a (the paper's sign convention).
TYPED_TEST(Geometry, PaperDiagnosticsAnglesUseTheFormulaAndTheSignConvention) {
  using S = TypeParam;
  const S tol = this->eps_times(32);
  const double tiny = std::ldexp(1.0, -30);
  const Vec3 a{1, 0, 0}, w1{2, tiny, 0}, w2{-1, 0, 3 * tiny};
  Network<S> net{Matrix<S>(2, 3), Matrix<S>(2, 1)};
  net.W.row(0) = vec<S>(w1).transpose();
  net.W.row(1) = vec<S>(w2).transpose();
  net.V << S(1) / 2, S(-1) / 4;
  const auto diag = paper_diagnostics(net, vec<S>(a));
  ASSERT_TRUE(diag.theta && diag.theta1 && diag.theta2);
  EXPECT_TRUE(close_within(parse_scalar<S>(reference_angle(w1, w2)), *diag.theta, tol)) << "theta";
  EXPECT_TRUE(close_within(parse_scalar<S>(reference_angle(w1, a)), *diag.theta1, tol)) << "theta1";
  EXPECT_TRUE(close_within(parse_scalar<S>(reference_angle(w2, {-1, 0, 0})), *diag.theta2, tol)) << "theta2 (to -a)";
  // |h1| = |v1 w1 - a|, |h2| = |v2 w2 - a| (signed v2).
  const Vector<S> h1 = S(1) / 2 * vec<S>(w1) - vec<S>(a), h2 = S(-1) / 4 * vec<S>(w2) - vec<S>(a);
  EXPECT_TRUE(close_within(S(h1.norm()), diag.h1_norm, tol));
  EXPECT_TRUE(close_within(S(h2.norm()), diag.h2_norm, tol));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

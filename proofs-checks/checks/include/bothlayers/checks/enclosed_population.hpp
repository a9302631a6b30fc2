#pragma once
/// \file enclosed_population.hpp
/// The population loss of paper eq. (9) enclosed in MPFI interval arithmetic
/// over a box of (W, V), in the cancellation-free form of the library
/// (population.hpp: L = |C|_F^2/2 + (|S|^2 - defect)/8), and the test that a
/// box is safe to hand to the library's own eq. (11) gradient and eq. (14)
/// Hessian at an interval type.
///
/// Why not the library's loss at an interval type: its t - sin t stops a
/// Taylor series when a term falls below epsilon, which drops the remainder
/// (harmless for points, not an enclosure). Here the remainder is bounded by
/// the first omitted term (alternating, decreasing for t <= 1) and added as a
/// symmetric interval. delta(t) = (2/pi)((pi/2 - t)(1 - cos t) + t - sin t) is
/// taken at the folded angle t' = min(t, pi - t) when the chords |e -+ f| are
/// ordered for certain, else at t itself (delta(t) = 1 - (2/pi)(sin t +
/// (pi/2 - t) cos t) is symmetric about pi/2, so both are the same number).
///
/// Why a safety test: Boost's mpfi comparison throws on overlapping intervals
/// inside a noexcept function (std::terminate), and the library branches on
/// |w_i| > 0, on |e - f| <= |e + f| and on |P_e f| > 0. library_undecidable()
/// checks, reading endpoints only, that each of those comparisons has one
/// answer on the box (the intervals are computed by the same expressions).

#include <bothlayers/checks/interval.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/scalar.hpp>
#include <cstdio>
#include <optional>
#include <string>

namespace bothlayers::checks::cert {

/// x certainly > 0 or exactly 0 (never NaN): the library's `x > 0` has one answer.
template <class I>
bool sign_decided(const I& x) {
  return lower(x) > 0 || (lower(x) == 0 && upper(x) == 0);
}

/// a <= b has one answer (disjoint intervals, or the same point).
template <class I>
bool order_decided(const I& a, const I& b) {
  return upper(a) < lower(b) || lower(a) > upper(b) ||
         (lower(a) == upper(a) && lower(a) == lower(b) && upper(a) == upper(b));
}

/// t - sin t enclosed for an interval t with 0 <= t (folded angles): the series
/// t^3/3! - t^5/5! + ... with the first omitted term as remainder when t <= 1,
/// the difference itself otherwise.
template <class I>
I enclosed_t_minus_sin(const I& t) {
  using std::sin;
  if (!(upper(t) <= 1)) return t - sin(t);
  const I t2 = t * t;
  I term = t2 * t / 6, sum = term;
  const I tiny = ldexp(I(1), -static_cast<int>(mpfi_get_prec(t.backend().data())) - 8);
  for (int m = 2; m < 400; ++m) {
    term *= -t2 / I((2 * m) * (2 * m + 1));
    if (upper(abs(term)) < lower(abs(sum) * tiny) || upper(abs(term)) == 0) {
      const I next = abs(term) * t2 / I((2 * m + 2) * (2 * m + 3));
      return sum + term + I(-upper(next), upper(next));
    }
    sum += term;
  }
  const I bound = abs(term);  // not reached for t <= 1; still an enclosure (|remainder| <= |last term|)
  return sum + I(-upper(bound), upper(bound));
}

/// delta at the angle of unit vectors with chords minus = |e - f|, plus = |e + f|
/// (paper eqs. (8)-(9), folded form of population.hpp), enclosed.
template <class I>
I enclosed_kernel_defect(const I& minus, const I& plus, const I& pi_value) {
  using std::atan2;
  using std::cos;
  using std::sin;
  if (upper(minus) <= lower(plus) || lower(minus) >= upper(plus)) {
    const I tf = upper(minus) <= lower(plus) ? I(2 * atan2(minus, plus)) : I(2 * atan2(plus, minus));
    const I half = sin(tf / 2);
    return (2 / pi_value) * ((pi_value / 2 - tf) * (2 * half * half) + enclosed_t_minus_sin(tf));
  }
  const I t = 2 * atan2(minus, plus);
  return 1 - (2 / pi_value) * (sin(t) + (pi_value / 2 - t) * cos(t));
}

/// L(V, W) over the box `net` (every |w_i| certainly > 0), enclosed; nullopt
/// when some |w_i| may be 0 or an endpoint is not a number.
template <class I>
std::optional<I> enclosed_population_loss(const Network<I>& net, const Matrix<I>& A) {
  using std::sqrt;
  const Eigen::Index k = net.k();
  const I pi_value = boost::math::constants::pi<I>();
  Vector<I> norm(k);
  Matrix<I> unit(k, net.d());
  for (Eigen::Index i = 0; i < k; ++i) {
    norm(i) = net.W.row(i).norm();
    if (!(lower(norm(i)) > 0)) return std::nullopt;
    unit.row(i) = net.W.row(i) / norm(i);
  }
  const Matrix<I> C = net.W.transpose() * net.V / 2 - A;
  const Vector<I> S = net.V.transpose() * norm;
  I defect(0);
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index j = i + 1; j < k; ++j) {
      const I minus = (unit.row(i) - unit.row(j)).norm(), plus = (unit.row(i) + unit.row(j)).norm();
      defect += 2 * net.V.row(i).dot(net.V.row(j)) * norm(i) * norm(j) * enclosed_kernel_defect(minus, plus, pi_value);
    }
  I loss = C.squaredNorm() / 2 + (S.squaredNorm() - defect) / 8;
  if (!(lower(loss) <= upper(loss))) return std::nullopt;  // NaN endpoints
  return loss;
}

/// Why the library's eq. (11) gradient and eq. (14) Hessian cannot run on the
/// box `net` at the interval type (a comparison they make has two answers), or
/// "" when every comparison has one answer.
template <class I>
std::string library_undecidable(const Network<I>& net) {
  const Eigen::Index k = net.k();
  Vector<I> norm(k);
  Matrix<I> unit(k, net.d());
  for (Eigen::Index i = 0; i < k; ++i) {
    norm(i) = net.W.row(i).norm();  // unit_geometry's expression
    if (!(lower(norm(i)) > 0)) return "|w_" + std::to_string(i + 1) + "| may be 0";
    unit.row(i) = net.W.row(i) / norm(i);
  }
  for (Eigen::Index i = 0; i < k; ++i)
    for (Eigen::Index j = 0; j < k; ++j) {
      if (i == j) continue;
      const std::string pair = std::to_string(i + 1) + ", " + std::to_string(j + 1);
      const I minus = (unit.row(i) - unit.row(j)).norm(), plus = (unit.row(i) + unit.row(j)).norm();
      if (!order_decided(minus, plus)) return "|e - f| and |e + f| overlap for units " + pair + " (angle near pi/2)";
      const I c = unit.row(i).dot(unit.row(j));  // detail::projected's expression
      const Vector<I> p = (unit.row(j) - c * unit.row(i)).transpose();
      const I pn = p.norm();
      if (!sign_decided(pn)) {
        char range[80];
        std::snprintf(range, sizeof range, "[%.3g, %.3g]", lower_bound(pn), upper_bound(pn));
        return "|P_e f| = sin(angle) of units " + pair + " may be 0 (enclosed in " + range + ")";
      }
    }
  return "";
}

}  // namespace bothlayers::checks::cert

#pragma once
/// \file population_folded_defect.hpp
/// delta(t), the defect of the folded arc-cosine kernel, paper eqs. (8)-(9) in
/// the cancellation-free form of population.hpp.

#include <bothlayers/geometry.hpp>

#include <Eigen/Core>

namespace bothlayers::detail {

/// delta(t) = (2/pi)((pi/2 - t)(1 - cos t) + t - sin t), t in [0, pi/2]; cancellation-free
/// (1 - cos t = 2 sin^2(t/2), t - sin t by its series): delta(0) = 0 exactly.
template <class Scalar>
Scalar folded_kernel_defect(const Scalar& t, const Scalar& pi_value) {
  using std::sin;
  const Scalar half = sin(t / 2);
  return (2 / pi_value) * ((pi_value / 2 - t) * (2 * half * half) + t_minus_sin(t));
}

/// The same delta(t) from t and its chords small = 2 sin(t/2), big = 2 cos(t/2) of two unit
/// vectors (small^2 + big^2 = 4): sin(t/2) = small / 2 and, where t >= 1 (no cancellation),
/// sin t = small big / 2, so no transcendental beyond the angle's atan2 (to a few eps of the above).
template <class Scalar>
Scalar folded_kernel_defect(const Scalar& t, const Scalar& small, const Scalar& big, const Scalar& pi_value) {
  const Scalar half = small / 2;
  const Scalar t_sin = t >= 1 ? Scalar(t - small * big / 2) : t_minus_sin(t);
  return (2 / pi_value) * ((pi_value / 2 - t) * (2 * half * half) + t_sin);
}

/// The terms of pair {i, j} that every path shares (eq. (9) in folded form),
/// from the chords minus = |unit_i - unit_j|, plus = |unit_i + unit_j|: the
/// folded angle tf = min(t, pi - t), delta = folded_kernel_defect(tf),
/// Gij = V_i . V_j, the pair's defect 2 Gij |w_i||w_j| delta added to `defect`,
/// and u = sigma (2/pi)(pi/2 - tf), sigma = +1 when t <= pi/2. `t` is scratch;
/// arithmetic through `Ops` (in place for MPFR). Returns sigma > 0.
template <class Ops, class Scalar, class VMatrix, class Norms>
bool folded_pair_terms(const Scalar& minus, const Scalar& plus, const Scalar& pi_value, const VMatrix& V,
                       const Norms& norm, Eigen::Index i, Eigen::Index j, Scalar& tf, Scalar& delta, Scalar& Gij,
                       Scalar& u, Scalar& t, Scalar& defect) {
  using std::atan2;
  const bool acute = minus <= plus;
  const Scalar& small = acute ? minus : plus;
  const Scalar& big = acute ? plus : minus;
  tf = 2 * atan2(small, big);
  delta = folded_kernel_defect(tf, small, big, pi_value);
  Gij = 0;
  for (Eigen::Index c = 0; c < V.cols(); ++c) Ops::add_product(Gij, V(i, c), V(j, c), t);
  Ops::mul_to(t, Gij, norm(i));
  t *= norm(j);
  t *= delta;
  t *= 2;
  defect += t;
  u = pi_value;
  Ops::ldexp_in_place(u, -1);
  u -= tf;
  u *= 2;
  u /= pi_value;
  if (!acute) u = -u;
  return acute;
}

}  // namespace bothlayers::detail

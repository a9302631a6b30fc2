#pragma once
/// \file population_folded_defect.hpp
/// delta(t), the defect of the folded arc-cosine kernel, paper eqs. (8)-(9) in
/// the cancellation-free form of population.hpp.

#include <bothlayers/geometry.hpp>

namespace bothlayers::detail {

/// delta(t) = (2/pi)((pi/2 - t)(1 - cos t) + t - sin t), t in [0, pi/2]; cancellation-free
/// (1 - cos t = 2 sin^2(t/2), t - sin t by its series): delta(0) = 0 exactly.
template <class Scalar>
Scalar folded_kernel_defect(const Scalar& t, const Scalar& pi_value) {
  using std::sin;
  const Scalar half = sin(t / 2);
  return (2 / pi_value) * ((pi_value / 2 - t) * (2 * half * half) + t_minus_sin(t));
}

}  // namespace bothlayers::detail

#pragma once
/// \file loss_invariances.hpp
/// The symmetries of the population loss (eq. (9), p. 19; the rotational
/// symmetry the paper invokes for a = e1, Section 4, p. 7): rotating a and W
/// together, permuting the hidden units, rescaling (V_i, w_i) -> (s V_i, w_i / s)
/// leave L unchanged; compiled once per scalar type (checks/src/loss_invariances.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::checks {

/// A transformation of (W, V, A).
enum class LossTransform {
  Rotation,     ///< W -> W Q^T, A -> Q A, Q orthogonal (three Householder reflections)
  Permutation,  ///< cyclic shift of the hidden units
  Rescaling,    ///< (V_i, w_i) -> (s_i V_i, w_i / s_i), s_i = 2^(i+1) / 3 > 0
  RotateWOnly,  ///< control: W -> W Q^T but A kept
  ScaleBoth     ///< control: (V_i, w_i) -> (s_i V_i, s_i w_i)
};

/// |L(transformed) - L| against identity_tolerance(k d r) times
/// |A|_F^2 + (sum_i |V_i||w_i|)^2, in the scalar type (digits of headroom).
Outcome loss_unchanged_by(const Precision& precision, const properties::PointInstance& p, LossTransform t);

}  // namespace bothlayers::checks

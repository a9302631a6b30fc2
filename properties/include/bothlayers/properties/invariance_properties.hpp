#pragma once
/// \file invariance_properties.hpp
/// Identity (13) and the symmetries of the loss (PAPER.md section 2) as
/// properties of general points (k 2..8, r 1..3, scales 1e-12..1e6, nearly
/// parallel / opposite units). Margins in digits, positive = holds; defined
/// for double and mp_float in invariance_properties.cpp.

#include <bothlayers/properties/instances.hpp>
#include <bothlayers/properties/property_runner.hpp>

namespace bothlayers::properties {

/// Which symmetry (or which deliberately wrong transformation, for controls).
enum class Transform {
  Rotation,        ///< W -> W Q^T, A -> Q A, Q orthogonal (three Householder reflections)
  Permutation,     ///< cyclic shift of the hidden units
  Rescaling,       ///< (V_i, w_i) -> (s_i V_i, w_i / s_i), s_i = 2^(i+1) / 3 > 0
  RotateWOnly,     ///< control: W -> W Q^T but A kept
  ScaleBoth        ///< control: (V_i, w_i) -> (s_i V_i, s_i w_i)
};

/// |L(transformed) - L| <= working_tolerance(k d r) (|A|_F^2 + (sum_i |V_i||w_i|)^2).
template <class Scalar>
Margin loss_invariance(const PointInstance& p, Transform t);

/// Identity (13) per unit: |w_i . grad_{w_i} - V_i . grad_{V_i}| <= tol |w_i||V_i| R,
/// R = |A|_F + sum_j |V_j||w_j|, for the population loss (`empirical` false)
/// or the empirical loss on n = 64 Gaussian inputs (scale R times mean |x|^2).
/// With `wrong_pairing` the right side uses unit i + 1 (the negative control).
template <class Scalar>
Margin identity13(const PointInstance& p, bool empirical, bool wrong_pairing);

#define BOTHLAYERS_INVARIANCE_EXTERN(S)                                       \
  extern template Margin loss_invariance<S>(const PointInstance&, Transform); \
  extern template Margin identity13<S>(const PointInstance&, bool, bool);
BOTHLAYERS_INVARIANCE_EXTERN(double)
BOTHLAYERS_INVARIANCE_EXTERN(::bothlayers::mp_float)
#undef BOTHLAYERS_INVARIANCE_EXTERN

}  // namespace bothlayers::properties

#pragma once
/// \file theorem1_properties.hpp
/// Theorem 1 (paper Appendix D.1, PAPER.md section 3) as properties of single
/// instances. Each returns a margin in digits (positive = the instance behaves
/// as the theorem says), defined for Scalar = double and mp_float in
/// theorem1_properties.cpp; the claim runners and the GoogleTest properties
/// both call these.

#include <bothlayers/properties/instances.hpp>
#include <bothlayers/properties/property_runner.hpp>

namespace bothlayers::properties {

/// Theorem 1's point (saddle with its c, or optimum) is stationary to working
/// precision (stationarity_residual <= working_tolerance(2d)), its loss is
/// |a|^2/4 (saddle) or 0 (optimum) to the same relative accuracy, and
/// classify_point labels it saddle with the same c (or optimum).
/// For -1 < c < 0 (the negative control) the first test fails.
template <class Scalar>
Margin theorem1_stationary(const Theorem1Instance& t);

/// The sorted Hessian spectrum matches Theorem 1's at a saddle (0 x (d+2),
/// (v1^2+v2^2)/2 x (d-1), (|w1|^2+|w2|^2+v1^2+v2^2)/2 x 1), to
/// working_tolerance(2d+2) times the largest eigenvalue; at an optimum it is
/// PSD with exactly two zero eigenvalues (the third is above 1e3 times that tolerance).
template <class Scalar>
Margin theorem1_spectrum(const Theorem1Instance& t);

/// A Theorem 1 point moved off its set by relative delta (t.delta > 0) is not
/// stationary: margin log10(residual / working_tolerance(2d)).
template <class Scalar>
Margin theorem1_off_set_not_stationary(const Theorem1Instance& t);

/// Population GD that stops on its gradient tolerance stops at a point
/// classify_point labels global optimum or saddle, or equal-sign minimum (an
/// output weight changed sign on the way; outside Theorem 1). Runs that
/// exhaust their step budget are outside the claim. Margin log10(1e-8 / residual)
/// when labelled so, -1 otherwise.
template <class Scalar>
Margin theorem1_gd_endpoint(const GdInstance& g);

/// The same GD endpoints checked against the wrong saddle set (-1 < c < 0
/// instead of c > 0 or c < -1): the negative control of theorem1_gd_endpoint.
/// Equal-sign endpoints (outside Theorem 1's signs) are outside the control.
template <class Scalar>
Margin theorem1_gd_endpoint_wrong_set(const GdInstance& g);

#define BOTHLAYERS_THEOREM1_EXTERN(S)                                       \
  extern template Margin theorem1_stationary<S>(const Theorem1Instance&);   \
  extern template Margin theorem1_spectrum<S>(const Theorem1Instance&);     \
  extern template Margin theorem1_off_set_not_stationary<S>(const Theorem1Instance&); \
  extern template Margin theorem1_gd_endpoint<S>(const GdInstance&);        \
  extern template Margin theorem1_gd_endpoint_wrong_set<S>(const GdInstance&);
BOTHLAYERS_THEOREM1_EXTERN(double)
BOTHLAYERS_THEOREM1_EXTERN(::bothlayers::mp_float)
#undef BOTHLAYERS_THEOREM1_EXTERN

}  // namespace bothlayers::properties

#pragma once
/// \file interval.hpp
/// The interval scalar of the certificates for lemmas 8, 12, 13 (paper section 5,
/// docs/formulas.md section 5): Boost.Multiprecision's mpfi_float backend on MPFI, at 30
/// decimal digits (about 100 bits), and the few questions a branch and bound asks
/// of an interval, answered in the interval's own endpoints (never through a
/// double rounded to nearest).
///
/// Every operation of MPFI rounds its endpoints outward, and the elementary
/// functions (sin, cos, atan, pi) return enclosures, so a value computed from
/// intervals encloses the exact value of the same expression at every point of
/// its arguments.

#include <boost/multiprecision/mpfi.hpp>

#include <mpfr.h>

#include <string>

namespace bothlayers::checks::cert {

namespace bmp = boost::multiprecision;

/// An MPFI interval with 30 decimal digits per endpoint.
using Interval = bmp::number<bmp::mpfi_float_backend<30>, bmp::et_off>;

/// An MPFI interval whose precision is set at run time (VarInterval::default_precision(digits10)):
/// the certified trajectory (certified_trajectory.hpp) compares precisions with it.
using VarInterval = bmp::number<bmp::mpfi_float_backend<0>, bmp::et_off>;

/// The interval [lo, hi] (exact: doubles are representable at 100 bits).
inline Interval hull(double lo, double hi) { return Interval(lo, hi); }

/// pi, enclosed.
inline Interval interval_pi() { return boost::math::constants::pi<Interval>(); }

/// Every value of x is > 0.
inline bool certainly_positive(const Interval& x) { return lower(x) > 0; }
/// Every value of x is < 0.
inline bool certainly_negative(const Interval& x) { return upper(x) < 0; }

/// The lower endpoint rounded down to a double (a sound lower bound for reporting); any MPFI precision.
template <unsigned D>
double lower_bound(const bmp::number<bmp::mpfi_float_backend<D>, bmp::et_off>& x) {
  return mpfr_get_d(&x.backend().data()[0].left, MPFR_RNDD);
}
/// The upper endpoint rounded up to a double.
template <unsigned D>
double upper_bound(const bmp::number<bmp::mpfi_float_backend<D>, bmp::et_off>& x) {
  return mpfr_get_d(&x.backend().data()[0].right, MPFR_RNDU);
}

/// "[lo, hi]" with 17 significant digits (outward-rounded doubles).
inline std::string interval_text(const Interval& x) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "[%.17g, %.17g]", lower_bound(x), upper_bound(x));
  return buf;
}

}  // namespace bothlayers::checks::cert

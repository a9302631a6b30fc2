#pragma once
/// \file interval.hpp
/// The interval scalars of the certificates (paper section 5 and Theorem 2,
/// docs/formulas.md section 5):
///  - `Interval`, the branch and bound's of lemmas 8, 12, 13: a FLINT/Arb ball
///    at 128 bits (arb_ball.hpp; issue 26 measured it 5x faster than MPFI per box,
///    enclosures equal to three digits, 0.2% wider; it allocates nothing);
///  - `VarInterval`, the certified trajectory's (certified_trajectory.hpp):
///    Boost.Multiprecision's mpfi_float on MPFI at a precision set at run time,
///    since the trajectory runs the library's generic population loss and
///    Hessian (Eigen over a Boost number) at it;
///  - `EndpointInterval`, the certified slices of Figures 4 and 5 (the CLI's
///    figures): MPFI at 30 digits, since a box that touches the tight point
///    theta = pi, where H = 0, is proved only by a lower end of exactly 0, which
///    a ball (its radius a 30-bit number) does not represent in general.
///
/// Every operation of both rounds outward, and the elementary functions return
/// enclosures, so a value computed from intervals encloses the exact value of
/// the same expression at every point of its arguments.

#include <bothlayers/checks/arb_ball.hpp>

#include <boost/multiprecision/mpfi.hpp>

#include <mpfr.h>

namespace bothlayers::checks::cert {

namespace bmp = boost::multiprecision;

/// The branch and bound's interval: an Arb ball at 128 bits.
using Interval = ArbBall;

/// An MPFI interval whose precision is set at run time (VarInterval::default_precision(digits10)):
/// the certified trajectory (certified_trajectory.hpp) compares precisions with it.
using VarInterval = bmp::number<bmp::mpfi_float_backend<0>, bmp::et_off>;

/// MPFI at 30 decimal digits (about 100 bits): intervals held by their endpoints.
using EndpointInterval = bmp::number<bmp::mpfi_float_backend<30>, bmp::et_off>;

/// pi, enclosed.
inline Interval interval_pi() { return arb_pi(); }

/// An MPFI interval (at its type's precision) enclosing the ball x: its endpoints rounded outward.
template <unsigned D>
bmp::number<bmp::mpfi_float_backend<D>, bmp::et_off> to_mpfi(const ArbBall& x) {
  bmp::number<bmp::mpfi_float_backend<D>, bmp::et_off> out;
  mpfr_t lo, hi;
  mpfr_init2(lo, kArbBallBits);
  mpfr_init2(hi, kArbBallBits);
  arf_get_mpfr(lo, lower(x).data(), MPFR_RNDD);  // exact: an endpoint has at most kArbBallBits bits
  arf_get_mpfr(hi, upper(x).data(), MPFR_RNDU);
  mpfi_interv_fr(out.backend().data(), lo, hi);  // rounds outward to the interval's precision
  mpfr_clear(lo);
  mpfr_clear(hi);
  return out;
}

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

}  // namespace bothlayers::checks::cert

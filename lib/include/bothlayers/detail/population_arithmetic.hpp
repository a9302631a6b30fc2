#pragma once
/// \file population_arithmetic.hpp
/// Value-semantics scalar operations (out = a b, acc += a b, ...) that the
/// loss-and-gradient kernels of paper eqs. (9), (11), (12) are written in, so a
/// path can swap in in-place versions (population_mpfr_path.hpp) without
/// changing a single operation's order.

#include <bothlayers/scalar.hpp>

#include <cmath>

namespace bothlayers::detail {

/// Plain operators on any scalar: each function is one or two rounded operations,
/// in the same order the in-place MPFR versions perform them.
template <class Scalar>
struct PlainArithmetic {
  /// out = a * b
  static void mul_to(Scalar& out, const Scalar& a, const Scalar& b) {
    out = a;
    out *= b;
  }
  /// acc += a * b (two roundings; scratch holds the product)
  static void add_product(Scalar& acc, const Scalar& a, const Scalar& b, Scalar& scratch) {
    mul_to(scratch, a, b);
    acc += scratch;
  }
  /// out = a - b (out may alias a or b)
  static void sub_to(Scalar& out, const Scalar& a, const Scalar& b) { out = a - b; }
  /// out = a + b
  static void add_to(Scalar& out, const Scalar& a, const Scalar& b) { out = a + b; }
  /// out = a b - c
  static void fms_to(Scalar& out, const Scalar& a, const Scalar& b, const Scalar& c) { out = a * b - c; }
  /// x *= 2^e (exact for binary types, no overflow here): a multiplication by the
  /// exact power of two made as a double, the same value as the division by 2^-e
  /// (x87 fdiv costs 5x fmul; double-double's division 10x its product, and
  /// 1 / 2^-e computed in the type was 37% of its population gradient)
  static void ldexp_in_place(Scalar& x, int e) { x *= Scalar(std::ldexp(1.0, e)); }
  static void set_zero(Scalar& x) { x = 0; }
  static void negate_in_place(Scalar& x) { x = -x; }
  /// out = 1 / |w| from |w|^2 and |w| = sqrt(|w|^2) (here: one division by |w|).
  static void reciprocal_norm(Scalar& out, const Scalar& /*squared_norm*/, const Scalar& norm) { out = 1 / norm; }
};

}  // namespace bothlayers::detail

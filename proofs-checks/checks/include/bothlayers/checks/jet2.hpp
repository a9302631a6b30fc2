#pragma once
/// \file jet2.hpp
/// Second-order forward differentiation in two variables, generic over the
/// scalar (double, MPFR, or the certificates' intervals: Arb balls, MPFI), used by the
/// certificates of lemmas 8, 12, 13 (paper section 5): evaluated on interval
/// arguments a jet encloses the value, the gradient and the Hessian of an
/// expression over a whole box (mean-value bounds, and the second-order
/// argument at the point where a reduced inequality is tight).
///
/// A jet carries v, d[i] = dv/dx_i and h = (d2v/dx0^2, d2v/dx0 dx1, d2v/dx1^2).
/// Operations: + - * / with jets and scalars (hidden friends, so ints, doubles
/// and scalars convert), sin, cos. The rules are the chain and product rules;
/// nothing is approximated.

#include <array>
#include <cmath>
#include <type_traits>

namespace bothlayers::checks::cert {

template <class T>
struct Jet2 {
  T v;
  std::array<T, 2> d;
  std::array<T, 3> h;  ///< 00, 01, 11

  Jet2() : v(0), d{T(0), T(0)}, h{T(0), T(0), T(0)} {}
  /// A constant.
  Jet2(const T& c) : v(c), d{T(0), T(0)}, h{T(0), T(0), T(0)} {}  // NOLINT: implicit on purpose
  /// A constant given as an int or a double (when T is not that type).
  template <class A, std::enable_if_t<std::is_arithmetic_v<A> && !std::is_same_v<A, T>, int> = 0>
  Jet2(A c) : Jet2(T(c)) {}  // NOLINT
  /// The coordinate x_i at value x.
  static Jet2 variable(const T& x, int i) {
    Jet2 j(x);
    j.d[static_cast<std::size_t>(i)] = T(1);
    return j;
  }

  friend Jet2 operator+(const Jet2& a, const Jet2& b) {
    Jet2 r;
    r.v = a.v + b.v;
    for (std::size_t i = 0; i < 2; ++i) r.d[i] = a.d[i] + b.d[i];
    for (std::size_t i = 0; i < 3; ++i) r.h[i] = a.h[i] + b.h[i];
    return r;
  }
  friend Jet2 operator-(const Jet2& a) {
    Jet2 r;
    r.v = -a.v;
    for (std::size_t i = 0; i < 2; ++i) r.d[i] = -a.d[i];
    for (std::size_t i = 0; i < 3; ++i) r.h[i] = -a.h[i];
    return r;
  }
  friend Jet2 operator-(const Jet2& a, const Jet2& b) { return a + (-b); }
  friend Jet2 operator*(const Jet2& a, const Jet2& b) {
    Jet2 r;
    r.v = a.v * b.v;
    for (std::size_t i = 0; i < 2; ++i) r.d[i] = a.d[i] * b.v + a.v * b.d[i];
    r.h[0] = a.h[0] * b.v + 2 * a.d[0] * b.d[0] + a.v * b.h[0];
    r.h[1] = a.h[1] * b.v + a.d[0] * b.d[1] + a.d[1] * b.d[0] + a.v * b.h[1];
    r.h[2] = a.h[2] * b.v + 2 * a.d[1] * b.d[1] + a.v * b.h[2];
    return r;
  }
  /// f(a) for f with f(a.v) = f0, f'(a.v) = f1, f''(a.v) = f2.
  static Jet2 compose(const Jet2& a, const T& f0, const T& f1, const T& f2) {
    Jet2 r;
    r.v = f0;
    for (std::size_t i = 0; i < 2; ++i) r.d[i] = f1 * a.d[i];
    r.h[0] = f1 * a.h[0] + f2 * a.d[0] * a.d[0];
    r.h[1] = f1 * a.h[1] + f2 * a.d[0] * a.d[1];
    r.h[2] = f1 * a.h[2] + f2 * a.d[1] * a.d[1];
    return r;
  }
  friend Jet2 operator/(const Jet2& a, const Jet2& b) {
    const T inv = T(1) / b.v;
    return a * compose(b, inv, -inv * inv, 2 * inv * inv * inv);
  }
  friend Jet2 sin(const Jet2& a) {
    using std::cos;
    using std::sin;
    const T s = sin(a.v);
    return compose(a, s, cos(a.v), -s);
  }
  friend Jet2 cos(const Jet2& a) {
    using std::cos;
    using std::sin;
    const T c = cos(a.v);
    return compose(a, c, -sin(a.v), -c);
  }
};

}  // namespace bothlayers::checks::cert

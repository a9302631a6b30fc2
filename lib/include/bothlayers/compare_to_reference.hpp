#pragma once
/// \file compare_to_reference.hpp
/// Norm-wise relative errors and digits agreeing of a computation written once, `f(ScalarTag<S>)`, at Scalar against the same computation at a wider MPFR reference.
///
/// The result of f may be a scalar, an Eigen matrix or vector, a Network, a
/// Gradient, a LossAndGradient, or a std::vector, std::pair or std::tuple of
/// those (a trajectory, (loss, gradient), ...). Each leaf is one part with one
/// relative error |x - r| / |r| (Frobenius norm over every block of a matrix,
/// network (W, V) or gradient (W, V)); 0 / 0 is 0, x / 0 and mismatched shapes
/// or lengths are +inf, a non-finite x is NaN. Errors are computed at the
/// reference precision and kept as decimal strings (read back with
/// relative_error<T>(c) in any type, so 1e-600 never underflows a double);
/// digits agreeing = -log10(error), at most the reference's digits.
///
/// MPFR precision (Boost 1.74: a value keeps the precision it was created at):
/// Scalar = mp_float is evaluated at the caller's current precision (say mp:50),
/// the reference under ScopedMpfrDigits(reference_digits) with every reference
/// value created there, and tested values are re-rounded (exactly) to the
/// reference precision before subtracting. Conversions are exact: double and
/// long double directly, float128 and bin_float_50 by 53-bit chunks.

#include <bothlayers/errors.hpp>
#include <bothlayers/network.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/scalar.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <ios>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace bothlayers {

/// One compared part of a result (a leaf: scalar, matrix, network, gradient).
struct ReferencePart {
  std::string name;            ///< path in the result: "" (the whole), "0", "1[37]", "gradient", ...
  std::string relative_error;  ///< |x - r| / |r| as a decimal string (20 digits), "inf" or "nan"
  double digits = 0;           ///< -log10(relative_error), capped at the reference's digits; NaN for NaN
};

/// What compare_to_reference found.
struct ReferenceComparison {
  std::string precision;       ///< the tested type, e.g. "double", "mp:50"
  int scalar_digits = 0;       ///< its decimal digits (decimal_digits<Scalar>() at its precision)
  unsigned reference_digits = 0;
  std::vector<ReferencePart> parts;
  std::size_t worst = 0;       ///< index of the part with the fewest digits (a NaN part wins)

  /// Digits agreeing of the worst part.
  double digits() const { return parts.empty() ? std::numeric_limits<double>::quiet_NaN() : parts[worst].digits; }
};

/// Part i's relative error read into T at T's current precision ("inf" -> infinity, "nan" -> NaN).
template <class T>
T relative_error(const ReferenceComparison& c, std::size_t i) {
  const std::string& s = c.parts.at(i).relative_error;
  if (s == "inf") return std::numeric_limits<T>::infinity();
  if (s == "nan") return std::numeric_limits<T>::quiet_NaN();
  return parse_scalar<T>(s);
}

/// The worst part's relative error read into T (NaN when nothing was compared).
template <class T>
T relative_error(const ReferenceComparison& c) {
  return c.parts.empty() ? std::numeric_limits<T>::quiet_NaN() : relative_error<T>(c, c.worst);
}

/// Default reference digits against Scalar (at its current precision): max(100, 2 x its decimal digits).
template <class Scalar>
unsigned default_reference_digits() {
  return static_cast<unsigned>(std::max(100, 2 * decimal_digits<Scalar>()));
}

namespace detail::reference {

/// x as an mp_float at the current (reference) precision, exactly (the reference carries more bits).
template <class S>
mp_float widen(const S& x) {
  if constexpr (std::is_same_v<S, mp_float>) {
    return mp_float(x, mp_float::default_precision());  // a copy would keep x's own (narrower) precision
  } else if constexpr (std::is_arithmetic_v<S>) {
    return mp_float(x);
  } else {
    using std::frexp;
    using std::ldexp;
    if (!is_finite(x) || x == 0) return mp_float(to_double(x));
    int e = 0;
    S m = frexp(x, &e);  // |m| in [1/2, 1): every chunk is a normal double
    mp_float sum = 0;
    for (int i = 0; i < 16 && m != 0; ++i) {
      const double h = to_double(m);
      sum += mp_float(h);
      m -= S(h);  // exact: the remaining low bits of m
    }
    return ldexp(sum, e);
  }
}

/// Squared error and squared reference norm of one leaf, at the reference precision.
struct Accumulator {
  mp_float num = 0, den = 0;
  bool mismatch = false, nonfinite = false;
  void add(const mp_float& x, const mp_float& r) {
    const mp_float e = x - r;
    num += e * e;
    den += r * r;
  }
};

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};
template <class T>
struct IsTuple : std::false_type {};
template <class... T>
struct IsTuple<std::tuple<T...>> : std::true_type {};
template <class A, class B>
struct IsTuple<std::pair<A, B>> : std::true_type {};

template <class S>
void accumulate(Accumulator& acc, const S& x, const mp_float& r) {
  if (!is_finite(x)) acc.nonfinite = true;
  else acc.add(widen(x), r);
}

template <class D1, class D2>
void accumulate(Accumulator& acc, const Eigen::MatrixBase<D1>& X, const Eigen::MatrixBase<D2>& R) {
  if (X.rows() != R.rows() || X.cols() != R.cols()) {
    acc.mismatch = true;
    return;
  }
  for (Eigen::Index j = 0; j < R.cols(); ++j)
    for (Eigen::Index i = 0; i < R.rows(); ++i) accumulate(acc, X(i, j), R(i, j));
}

/// One part's relative error and digits from its accumulated sums.
inline ReferencePart finish(std::string name, const Accumulator& acc, unsigned reference_digits) {
  using std::log10;
  using std::sqrt;
  ReferencePart part{std::move(name), "", 0};
  const double cap = static_cast<double>(reference_digits);
  if (acc.nonfinite || !is_finite(acc.num) || !is_finite(acc.den)) {
    part.relative_error = "nan";
    part.digits = std::numeric_limits<double>::quiet_NaN();
  } else if (acc.mismatch || (acc.den == 0 && acc.num != 0)) {
    part.relative_error = "inf";
    part.digits = -std::numeric_limits<double>::infinity();
  } else if (acc.num == 0) {
    part.relative_error = "0";
    part.digits = cap;
  } else {
    const mp_float error = sqrt(mp_float(acc.num / acc.den));
    part.relative_error = error.str(20, std::ios_base::scientific);
    part.digits = std::min(cap, to_double(mp_float(-log10(error))));
  }
  return part;
}

/// Append the parts of a result (x at the tested type, r its reference) under `name`.
template <class X, class R>
void collect(std::vector<ReferencePart>& parts, const std::string& name, const X& x, const R& r, unsigned digits) {
  if constexpr (IsVector<X>::value) {
    if (x.size() != r.size()) {
      Accumulator acc;
      acc.mismatch = true;
      parts.push_back(finish(name + "[size]", acc, digits));
    }
    for (std::size_t i = 0; i < std::min(x.size(), r.size()); ++i)
      collect(parts, name + "[" + std::to_string(i) + "]", x[i], r[i], digits);
  } else if constexpr (IsTuple<X>::value) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (collect(parts, name + (name.empty() ? "" : ".") + std::to_string(I), std::get<I>(x), std::get<I>(r), digits),
       ...);
    }(std::make_index_sequence<std::tuple_size_v<X>>{});
  } else if constexpr (requires { x.loss; x.gradient; }) {
    collect(parts, name + (name.empty() ? "" : ".") + "loss", x.loss, r.loss, digits);
    collect(parts, name + (name.empty() ? "" : ".") + "gradient", x.gradient, r.gradient, digits);
  } else if constexpr (requires { x.W; x.V; }) {  // Network, Gradient: one part over (W, V)
    Accumulator acc;
    accumulate(acc, x.W, r.W);
    accumulate(acc, x.V, r.V);
    parts.push_back(finish(name, acc, digits));
  } else {  // a scalar or an Eigen matrix / vector
    Accumulator acc;
    accumulate(acc, x, r);
    parts.push_back(finish(name, acc, digits));
  }
}

}  // namespace detail::reference

/// Compare `value`, already computed at Scalar (e.g. in a timed loop, or with a
/// planted fault), with f(ScalarTag<mp_float>) at `reference_digits` (0: the
/// default max(100, 2 x Scalar's digits)); throws InvalidArgument unless the
/// reference is wider than Scalar.
template <class Scalar, class Value, class F>
ReferenceComparison compare_value_to_reference(ScalarTag<Scalar>, const Value& value, F&& f,
                                               unsigned reference_digits = 0) {
  ReferenceComparison out;
  out.precision = scalar_name<Scalar>();
  out.scalar_digits = decimal_digits<Scalar>();
  out.reference_digits = reference_digits > 0 ? reference_digits : default_reference_digits<Scalar>();
  if (static_cast<int>(out.reference_digits) <= out.scalar_digits)
    throw InvalidArgument("reference of " + std::to_string(out.reference_digits) + " digits is not wider than " +
                          out.precision);
  ScopedMpfrDigits guard(out.reference_digits);  // before any reference value is created
  const auto reference = f(ScalarTag<mp_float>{});
  detail::reference::collect(out.parts, "", value, reference, out.reference_digits);
  for (std::size_t i = 0; i < out.parts.size(); ++i) {
    const double d = out.parts[i].digits, w = out.parts[out.worst].digits;
    if (std::isnan(w)) break;
    if (std::isnan(d) || d < w) out.worst = i;
  }
  return out;
}

/// Relative errors and digits agreeing of f(ScalarTag<Scalar>) (mp_float: at the current precision) against f at an MPFR reference of `reference_digits` (0: max(100, 2 x Scalar's digits)).
template <class Scalar, class F>
ReferenceComparison compare_to_reference(ScalarTag<Scalar> tag, F&& f, unsigned reference_digits = 0) {
  const auto value = f(tag);
  return compare_value_to_reference(tag, value, f, reference_digits);
}

}  // namespace bothlayers

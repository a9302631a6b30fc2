#pragma once
/// \file margin.hpp
/// The one margin type of the checks and how it is computed: in the scalar
/// type under test, never through a double (at mp:500 both an error of
/// 1e-400 and a tolerance of 1e-495 underflow a double, and their ratio would
/// read as an infinite margin), then reported as a double (a log10 of a ratio
/// is a modest number at any precision). The claims layer (claims/margin.hpp)
/// turns margins into verdicts.

#include <bothlayers/scalar.hpp>

#include <limits>
#include <optional>
#include <string>

namespace bothlayers::checks {

/// One instance's margin in the claim's unit: positive = the instance behaves
/// as the claim says; empty = the instance is outside the claim (skipped, like
/// RC_PRE); NaN = the check broke (never counts as evidence either way).
using Margin = std::optional<double>;

/// A margin and what the check found there (appended to the instance's description).
struct Outcome {
  Margin margin;
  std::string detail;
};

/// Digits of headroom log10(tolerance / error), computed in Scalar: +inf for
/// a zero error, NaN for a NaN or infinite error or a non-positive tolerance.
template <class Scalar>
Margin digits_margin(const Scalar& error, const Scalar& tolerance) {
  using std::log10;
  if (!is_finite(error) || !is_finite(tolerance) || !(tolerance > 0) || error < 0)
    return std::numeric_limits<double>::quiet_NaN();
  if (error == 0) return std::numeric_limits<double>::infinity();
  return to_double(Scalar(log10(tolerance / error)));
}

/// Whether a margin argues for the claim or for its negative control.
enum class Role { Claim, Control };

/// Margin of an inequality big >= small: log10(big / small) computed in Scalar,
/// moved by the rounding slack log10(1 + 4 rel) against the role's verdict
/// (down for a claim, up for a control), `rel` the relative error of
/// big / small as computed. Roundoff is not a violation: empty (the instance
/// is not resolved at this precision, counted with the skipped draws) when
/// 4 rel > 0.1; e.g. |h|^2 of a point 1e-12 |a| from the optimum has no correct
/// digit in double, while mp:50 decides the same instance.
template <class Scalar>
Margin inequality_margin(const Scalar& big, const Scalar& small, const Scalar& rel, Role role) {
  using std::log10;
  if (!is_finite(big) || !is_finite(small) || !is_finite(rel)) return std::numeric_limits<double>::quiet_NaN();
  if (small == 0) return big > 0 ? std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
  if (big == 0) return -std::numeric_limits<double>::infinity();
  if (!(4 * rel <= Scalar(1) / 10)) return std::nullopt;
  const Scalar m = log10(big / small), slack = log10(1 + 4 * rel);
  return to_double(Scalar(role == Role::Claim ? m - slack : m + slack));
}

/// A tolerance comparison kept in the scalar type: error <= tolerance, with
/// its margin log10(tolerance / error) computed in Scalar.
template <class Scalar>
struct Comparison {
  Scalar error;
  Scalar tolerance;
  Margin margin() const { return digits_margin(error, tolerance); }
  bool holds() const {
    const Margin m = margin();
    return m && *m > 0;
  }
};

}  // namespace bothlayers::checks

#pragma once
/// \file saddle_escape.hpp
/// Theorem 1's saddles are non-strict and not local minima (docs/formulas.md
/// section 3): the loss decreases at third order along a direction in the
/// Hessian's null space, and gradient descent started along it moves away.
/// The check is compiled once per scalar type (checks/src/saddle_escape.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/scalar.hpp>

#include <string>

namespace bothlayers::checks {

/// A Theorem 1 point (saddle with parameter c, or the optimum) and a direction u normal to a.
struct EscapeInstance {
  Vector<double> a, u;
  double c = 1, v1 = 1, v2 = 1;
  std::string describe() const;
};

/// Theorem 1, p. 4: at the saddle P = (c + 1) a, Q = c a with output weights
/// v1, v2, the loss decreases along dw_i = m u / v_i (m = min(|P|, |Q|)) at
/// eps = 10^(-k/4), k = 4..7 (double) or 4..12 (other types), beyond the
/// rounding of L, at fitted order 3 (within 0.3), and at double gradient
/// descent from eps = 0.1 along it opens the angle without raising L. With
/// `at_optimum` (the negative control) the same recipe at the global optimum
/// must not decrease the loss. Margin: log10(-dL / rounding of L) at the
/// smallest decrease.
Outcome saddle_escapes_at_third_order(const Precision& precision, const EscapeInstance& x, bool at_optimum);

}  // namespace bothlayers::checks

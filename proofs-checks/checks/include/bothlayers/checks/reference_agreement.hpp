#pragma once
/// \file reference_agreement.hpp
/// Agreement of a computation at the scalar under test with the same
/// computation at a wider MPFR reference (compare_to_reference: max(100, 2 x
/// the type's digits) digits), as a tolerance comparison kept in the scalar:
/// the worst part's relative error is read back into Scalar, so at mp:500 an
/// error of 1e-500 is neither 0 nor an infinite margin.

#include <bothlayers/checks/margin.hpp>
#include <bothlayers/compare_to_reference.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>

#include <cstdio>
#include <string>
#include <utility>

namespace bothlayers::checks {

/// The worst relative error of a comparison against `tolerance`, in Scalar.
template <class Scalar>
Comparison<Scalar> agreement(const ReferenceComparison& c, const Scalar& tolerance) {
  return {relative_error<Scalar>(c), tolerance};
}

/// "15.6 digits agree (worst part 'gradient', vs mp:100)" for an instance's detail.
inline std::string describe_agreement(const ReferenceComparison& c) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.1f", c.digits());
  const std::string part = c.parts.empty() ? "" : c.parts[c.worst].name;
  return std::string(digits) + " digits agree" + (part.empty() ? "" : " (worst part '" + part + "')") + " vs mp:" +
         std::to_string(c.reference_digits);
}

/// Which forms of the population loss and gradient a check evaluates.
enum class LossForm {
  CancellationFree,  ///< population_loss, population_gradient
  Printed            ///< population_loss_eq9, population_gradient_eq11 (the paper as printed)
};

/// (loss, gradient) of a point in one form, at S: the computation compare_to_reference evaluates twice.
template <class S>
std::pair<S, Gradient<S>> loss_and_gradient(const properties::PointInstance& p, LossForm form) {
  const Network<S> net = p.network<S>();
  const Matrix<S> A = p.target<S>();
  if (form == LossForm::Printed) return {population_loss_eq9(net, A), population_gradient_eq11(net, A)};
  return {population_loss(net, A), population_gradient(net, A)};
}

/// compare_to_reference of loss_and_gradient at the type of `tag`.
template <class Tag>
ReferenceComparison loss_gradient_agreement(Tag tag, const properties::PointInstance& p, LossForm form) {
  return compare_to_reference(tag, [&p, form](auto t) { return loss_and_gradient<typename decltype(t)::type>(p, form); });
}

}  // namespace bothlayers::checks

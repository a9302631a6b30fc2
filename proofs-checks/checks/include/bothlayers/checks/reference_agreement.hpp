#pragma once
/// \file reference_agreement.hpp
/// Agreement of a computation at the scalar under test with the same
/// computation at a wider MPFR reference (compare_to_reference: max(100, 2 x
/// the type's digits) digits), as a tolerance comparison kept in the scalar:
/// the worst part's relative error is read back into Scalar, so at mp:500 an
/// error of 1e-500 is neither 0 nor an infinite margin. The precision claims
/// call the entry points at the end, compiled once per scalar type
/// (checks/src/reference_agreement.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/compare_to_reference.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/properties/precision_instances.hpp>

#include <cstdio>
#include <optional>
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

/// Eqs. (9), (11)-(12), pp. 19-21, on a well-conditioned point: the worst of
/// the two forms' (LossForm) agreement of loss and gradient with the reference,
/// within 4096 eps relative (detail: the form and its digits). With
/// `planted_error`, the values at the type under test carry a relative error of
/// 1e-9 in every entry (the negative control).
Outcome loss_gradient_agree_with_reference(const Precision& precision, const properties::PointInstance& p,
                                           bool planted_error);

/// What loss_gradient_digits_kept measured at one precision.
struct DigitsKept {
  Outcome outcome;                            ///< `form` against identity_tolerance (2^19 eps relative)
  ReferenceComparison form;                   ///< the comparison of `form`
  std::optional<ReferenceComparison> printed; ///< the printed form's too, when asked for
  double type_digits = 0;                     ///< -log10(eps) of the type (double: 15.7)
};

/// Eqs. (9), (11)-(12), pp. 19-21, on an ill-conditioned point: the agreement
/// of `form`'s loss and gradient with the reference against identity_tolerance,
/// and (with `also_printed`) the printed form's comparison for the digits-lost note.
DigitsKept loss_gradient_digits_kept(const Precision& precision, const properties::PointInstance& p, LossForm form,
                                     bool also_printed);

/// Section 4, Figure 3, pp. 6-8: the run of `g` (population GD, k = 2, a = e1,
/// mu = 0.1, Xavier init times sigma) at the type under test against the same
/// run at the reference: final (W, V) and every step's loss within 4096 eps
/// relative. With `perturbed_step`, the tested run's step is mu (1 + sqrt(eps))
/// (the negative control).
Outcome fig3_run_agrees_with_reference(const Precision& precision, const properties::GdPrecisionInstance& g,
                                       bool perturbed_step);

}  // namespace bothlayers::checks

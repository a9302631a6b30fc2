// Eqs. (9), (11)-(12) on ill-conditioned points, at every budget precision:
// tiny scales (sigma 1e-12..1e-9 sqrt|a|), nearly parallel or opposite neurons
// (theta or pi - theta 1e-1..1e-12) and points near the optimum (delta
// 1e-4..1e-1). The cancellation-free loss and gradient agree with an MPFR
// reference of max(100, 2 x the type's digits) to identity_tolerance = 2^19
// eps relative (norm-wise; double keeps about 10 of its 15-16 digits, mp:P
// about P - 6), margin log10(tolerance / worst relative error) computed in the
// type. The note reports the digits lost (-log10 eps - digits agreeing),
// worst per family over the precisions, for the cancellation-free and for
// the printed forms. Negative control: the printed eq. (9) near the optimum
// (delta 1e-5..1e-4: it cancels O(|a|^2) terms to a loss of O(delta^2 |a|^2),
// losing about 2 log10(1/delta) digits) must fail the same floor at every
// precision.
#include <bothlayers/checks/reference_agreement.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/precision_instances.hpp>

#include <rapidcheck.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using checks::LossForm;
using properties::ConditioningInstance;

/// Digits lost, worst instance per family (over every precision run), for the claim's note.
struct DigitsReport {
  std::map<std::string, std::pair<double, std::string>> worst;  // family -> (digits lost, where)
  /// `type_digits` = -log10(eps) of the type (double: 15.7; digits10 would say 15).
  void record(const ConditioningInstance& c, const ReferenceComparison& r, double type_digits) {
    const double lost = type_digits - r.digits();
    const std::string where = r.precision + ", " + c.short_name();
    auto [it, inserted] = worst.try_emplace(c.family_name(), lost, where);
    if (!inserted && lost > it->second.first) it->second = {lost, where};
  }
  std::string text() const {
    std::string s;
    for (const auto& [family, w] : worst) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f", w.first);
      s += (s.empty() ? "" : "; ") + family + " " + buf + " (" + w.second + ")";
    }
    return s;
  }
};

struct Reports {
  DigitsReport stable, printed;
};

/// The digits check of `form` over `generator`'s points: the claim (4x the
/// budget, both forms' digits lost in the note) or the control (2x, must fail
/// at every precision).
ClaimResult run_digits_kept(const ClaimContext& ctx, rc::Gen<ConditioningInstance> generator, LossForm form,
                            bool control) {
  auto reports = std::make_shared<Reports>();
  RunOptions o;
  o.scale = control ? 2.0 : 4.0;
  o.mp_scale = 0.25;
  o.reject_at_every_precision = control;
  ClaimResult r = run_claim(
      ctx, from_generator(std::move(generator)),
      [reports, form, control](const Precision& precision, const ConditioningInstance& c) {
        const checks::DigitsKept kept = checks::loss_gradient_digits_kept(precision, c.point, form, !control);
        (form == LossForm::Printed ? reports->printed : reports->stable).record(c, kept.form, kept.type_digits);
        if (kept.printed) reports->printed.record(c, *kept.printed, kept.type_digits);
        return kept.outcome;
      },
      o);
  const std::string lost =
      control ? "digits lost, printed forms: " + reports->printed.text()
              : "digits lost (worst per family over the precisions), cancellation-free: " + reports->stable.text() +
                    " | printed eqs. (9), (11)-(12): " + reports->printed.text();
  r.note += std::string(r.note.empty() ? "" : "; ") + lost;
  return r;
}

const bool the_claim = register_claim(
    "eqs. (9), (11)-(12), pp. 19-21",
    claim(
        "precision.ill_conditioned_digits",
        "on ill-conditioned points (sigma 1e-12..1e-9 sqrt|a|; theta or pi - theta 1e-1..1e-12; near the optimum, "
        "delta 1e-4..1e-1) the cancellation-free loss and gradient agree with an MPFR reference of max(100, 2p) "
        "digits to 2^19 eps relative at every precision (double keeps about 10 digits); the note reports the digits lost per family, "
        "both forms"),
    [](const ClaimContext& ctx) {
      return run_digits_kept(ctx, properties::gens::ill_conditioned_point(std::nullopt, -4, -1),
                             LossForm::CancellationFree, false);
    });

const bool negative_control = register_claim(
    "eqs. (9), (11)-(12), pp. 19-21",
    control(
        "control.precision_eq9_near_optimum",
        "negative control: the printed eqs. (9), (11)-(12) near the optimum (delta 1e-5..1e-4) must fail the same 2^19 "
        "eps floor at every precision (eq. (9) cancels O(|a|^2) terms to a loss of O(delta^2 |a|^2))"),
    [](const ClaimContext& ctx) {
      return run_digits_kept(ctx,
                             properties::gens::ill_conditioned_point(ConditioningInstance::Family::NearOptimum, -5, -4),
                             LossForm::Printed, true);
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims

// run_lemma and run_lemma_rows (lemma_claims.hpp): how the claims of lemmas 8,
// 9, 12, 13 run their compiled checks, compiled once for all of them.
#include <bothlayers/claims/budget_floor.hpp>
#include <bothlayers/claims/lemma_claims.hpp>

namespace bothlayers::claims {

ClaimResult run_lemma(const claims::ClaimContext& c, const rc::Gen<properties::PointInstance>& gen, double scale,
                      const LemmaRoleCheck& check, double mp_scale) {
  const Role role = c.negative_control ? Role::Control : Role::Claim;
  const Budget needed = c.negative_control ? budget_at_least(c.budget, 8) : c.budget;
  const claims::ClaimContext here{needed, c.id, c.negative_control};
  return claims::run_claim(
      here, claims::from_generator(gen),
      [&check, role](const Precision& precision, const properties::PointInstance& p) {
        return check(precision, p, role);
      },
      {.scale = scale, .mp_scale = mp_scale, .reject_at_every_precision = true});
}

ClaimResult run_lemma_rows(const claims::ClaimContext& c, const sharp::SharpEstimate& e, const LemmaRows& rows,
                           const LemmaCheck& check, const rc::Gen<properties::PointInstance>& claim_points,
                           const ControlPoints& control_points) {
  const auto at = [&check](Constant constant) -> LemmaRoleCheck {
    return [&check, constant](const Precision& precision, const properties::PointInstance& p, Role role) {
      return check(precision, p, constant, role);
    };
  };
  if (!c.negative_control)
    return annotate(run_lemma(c, claim_points, rows.claim_scale, at(rows.paper), rows.claim_mp_scale), e,
                    rows.claim_note);
  const Constant moved{e.value * (1 + (rows.control_raises ? 1 : -1) * control_tightening)};
  return annotate(run_lemma(c, control_points(e), rows.control_scale, at(moved), rows.control_mp_scale), e,
                  rows.constant_name + " = " + short_number(moved.approx(), 6));
}

}  // namespace bothlayers::claims

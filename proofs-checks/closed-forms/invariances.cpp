// The symmetries of the loss (docs/formulas.md section 2): rotating a and W together,
// permuting the hidden units, rescaling (V_i, w_i) -> (s V_i, w_i / s), s > 0,
// leave L unchanged, on generated points (k 2..8, r 1..3, scales 1e-12..1e6,
// nearly parallel or opposite units); negative controls: rotating W without
// a, scaling V_i and w_i together. Tolerance: identity_tolerance(k d r) times
// |A|_F^2 + (sum_i |V_i||w_i|)^2, in the scalar type.
#include <bothlayers/checks/loss_invariances.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/generators.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

using Transform = checks::LossTransform;

ClaimResult run(const ClaimContext& c, Transform t) {
  const auto check = [t](const Precision& precision, const PointInstance& p) {
    return checks::loss_unchanged_by(precision, p, t);
  };
  return run_claim(c, from_generator(properties::gens::general_point(8, 3, 64)), check, {.scale = 2.0, .mp_scale = 0.5});
}

const std::string kReference = "eq. (9), p. 19";
/// The rotation claims rest on the rotational symmetry the paper invokes for a = e1 (Section 4).
const std::string kRotationReference = "eq. (9); rotational symmetry (Section 4), p. 7";

const bool rotation = register_claim(
    kRotationReference,
    claim("invariance.rotation", "L(W Q^T, Q A) = L(W, A) for orthogonal Q (random points, k 2..8, r 1..3)"),
    [](const ClaimContext& c) { return run(c, Transform::Rotation); });
const bool permutation = register_claim(
    kReference,
    claim("invariance.permutation", "permuting the hidden units (rows of W and V together) leaves L unchanged"),
    [](const ClaimContext& c) { return run(c, Transform::Permutation); });
const bool rescaling = register_claim(
    kReference, claim("invariance.rescaling", "(V_i, w_i) -> (s V_i, w_i / s), s > 0, leaves L unchanged"),
    [](const ClaimContext& c) { return run(c, Transform::Rescaling); });
const bool rotate_w_only = register_claim(
    kRotationReference,
    control("control.invariance_rotate_w_only", "negative control: rotating W but not a must change L"),
    [](const ClaimContext& c) { return run(c, Transform::RotateWOnly); });
const bool scale_both = register_claim(
    kReference,
    control("control.invariance_scale_both", "negative control: (V_i, w_i) -> (s V_i, s w_i) must change L"),
    [](const ClaimContext& c) { return run(c, Transform::ScaleBoth); });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims

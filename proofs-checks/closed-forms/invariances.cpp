// The symmetries of the loss (docs/formulas.md section 2): rotating a and W together,
// permuting the hidden units, rescaling (V_i, w_i) -> (s V_i, w_i / s), s > 0,
// leave L unchanged, on generated points (k 2..8, r 1..3, scales 1e-12..1e6,
// nearly parallel or opposite units); negative controls: rotating W without
// a, scaling V_i and w_i together. Tolerance: identity_tolerance(k d r) times
// |A|_F^2 + (sum_i |V_i||w_i|)^2, in the scalar type.
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/tolerance.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/generators.hpp>
#include <bothlayers/random.hpp>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

enum class Transform {
  Rotation,     ///< W -> W Q^T, A -> Q A, Q orthogonal (three Householder reflections)
  Permutation,  ///< cyclic shift of the hidden units
  Rescaling,    ///< (V_i, w_i) -> (s_i V_i, w_i / s_i), s_i = 2^(i+1) / 3 > 0
  RotateWOnly,  ///< control: W -> W Q^T but A kept
  ScaleBoth     ///< control: (V_i, w_i) -> (s_i V_i, s_i w_i)
};

/// Orthogonal Q (d x d) to working precision: three Householder reflections
/// built at Scalar precision from fixed, instance-derived vectors.
template <class Scalar>
Matrix<Scalar> orthogonal(Eigen::Index d, std::uint64_t seed) {
  Rng rng(seed);
  Matrix<Scalar> Q = Matrix<Scalar>::Identity(d, d);
  for (int h = 0; h < 3; ++h) {
    const Vector<Scalar> u = rng.normal_matrix(d, 1).cast<Scalar>();
    Q -= (2 / u.squaredNorm()) * u * (u.transpose() * Q);
  }
  return Q;
}

template <class Scalar>
Margin loss_invariance(const PointInstance& p, Transform t) {
  using std::abs;
  const Network<Scalar> net = p.network<Scalar>();
  const Matrix<Scalar> A = p.target<Scalar>();
  Network<Scalar> moved = net;
  Matrix<Scalar> B = A;
  const Eigen::Index k = net.k();
  switch (t) {
    case Transform::Rotation:
    case Transform::RotateWOnly: {
      const Matrix<Scalar> Q = orthogonal<Scalar>(net.d(), static_cast<std::uint64_t>(net.d() * 7919 + k));
      moved.W = net.W * Q.transpose();
      if (t == Transform::Rotation) B = Q * A;
      break;
    }
    case Transform::Permutation:
      for (Eigen::Index i = 0; i < k; ++i) {
        moved.W.row(i) = net.W.row((i + 1) % k);
        moved.V.row(i) = net.V.row((i + 1) % k);
      }
      break;
    case Transform::Rescaling:
    case Transform::ScaleBoth:
      for (Eigen::Index i = 0; i < k; ++i) {
        const Scalar s = Scalar(1 << (i + 1)) / 3;
        moved.V.row(i) *= s;
        if (t == Transform::Rescaling) moved.W.row(i) /= s;
        else moved.W.row(i) *= s;
      }
      break;
  }
  const Scalar sum = net.W.rowwise().norm().dot(net.V.rowwise().norm());
  const Scalar err = abs(population_loss(moved, B) - population_loss(net, A));
  return digits_margin(err, Scalar(identity_tolerance<Scalar>(net.k() * net.d() * net.r()) * (A.squaredNorm() + sum * sum)));
}

ClaimResult run(const ClaimContext& c, Transform t) {
  const auto check = [t](auto tag, const PointInstance& p) { return loss_invariance<typename decltype(tag)::type>(p, t); };
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

// Identity (13) for the population and empirical losses, and the invariances
// of the loss (rotation of a and W, permutation of units, per-unit rescaling)
// on random general points, with negative controls (wrong unit pairing in
// (13), rotating W without a, scaling V and w together).
#include <bothlayers/empirical.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/properties/generators.hpp>
#include <bothlayers/properties/invariance_properties.hpp>
#include <bothlayers/properties/margin.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::properties {

namespace {

/// Orthogonal Q (d x d) to working precision: product of three Householder
/// reflections built at Scalar precision from fixed, instance-derived vectors.
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
Scalar loss_scale(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  const Scalar s = net.W.rowwise().norm().dot(net.V.rowwise().norm());
  return A.squaredNorm() + s * s;
}

}  // namespace

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
  const Scalar err = abs(population_loss(moved, B) - population_loss(net, A));
  return digits_margin(err, working_tolerance<Scalar>(net.k() * net.d() * net.r()) * loss_scale(net, A));
}

template <class Scalar>
Margin identity13(const PointInstance& p, bool empirical, bool wrong_pairing) {
  using std::abs;
  const Network<Scalar> net = p.network<Scalar>();
  const Matrix<Scalar> A = p.target<Scalar>();
  const Eigen::Index k = net.k(), n = 64;
  Gradient<Scalar> g;
  Scalar xscale = 1;
  if (empirical) {
    const RowMatrix<Scalar> X = gaussian_sample<Scalar>(n, net.d(), static_cast<std::uint64_t>(net.d() * 31 + k));
    g = empirical_gradient(net, A, X);
    xscale = X.squaredNorm() / Scalar(n);
  } else {
    g = population_gradient(net, A);
  }
  const Vector<Scalar> wn = net.W.rowwise().norm(), vn = net.V.rowwise().norm();
  const Scalar R = A.norm() + wn.dot(vn);
  const Scalar tol = working_tolerance<Scalar>(k * net.d() * net.r() * (empirical ? n : 1));
  double worst = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < k; ++i) {
    const Eigen::Index j = wrong_pairing ? (i + 1) % k : i;
    const Scalar lhs = net.W.row(i).dot(g.W.row(i));
    const Scalar rhs = net.V.row(j).dot(g.V.row(j));
    const Scalar scale = std::max<Scalar>(wn(i) * vn(i), wn(j) * vn(j)) * R * xscale;
    worst = std::min(worst, digits_margin(Scalar(abs(lhs - rhs)), Scalar(tol * scale)));
  }
  return worst;
}

#define BOTHLAYERS_INVARIANCE_INSTANTIATE(S)                           \
  template Margin loss_invariance<S>(const PointInstance&, Transform); \
  template Margin identity13<S>(const PointInstance&, bool, bool);
BOTHLAYERS_INVARIANCE_INSTANTIATE(double)
BOTHLAYERS_INVARIANCE_INSTANTIATE(::bothlayers::mp_float)
#undef BOTHLAYERS_INVARIANCE_INSTANTIATE

namespace {

using namespace gens;

Claim invariance_claim(const std::string& id, const std::string& statement, Transform t, bool negative) {
  return Claim{id, "eq. (9), PAPER.md section 2", statement, negative, "property", "properties/invariance_properties.cpp", [id, t, negative](const Budget& b) {
                 return run_property(b, id, general_point(8, 3, 64),
                                     [t](auto tag, const PointInstance& p) {
                                       return loss_invariance<typename decltype(tag)::type>(p, t);
                                     },
                                     2.0, 0.5, negative);
               }};
}

Claim identity_claim(const std::string& id, const std::string& statement, bool empirical, bool wrong) {
  return Claim{id, "eq. (13)", statement, wrong, "property", "properties/invariance_properties.cpp", [id, empirical, wrong](const Budget& b) {
                 return run_property(b, id, general_point(8, 3, empirical ? 16 : 64),
                                     [empirical, wrong](auto tag, const PointInstance& p) {
                                       return identity13<typename decltype(tag)::type>(p, empirical, wrong);
                                     },
                                     2.0, 0.5, wrong);
               }};
}

const ClaimRegistrar rotation{invariance_claim(
    "invariance.rotation", "L(W Q^T, Q A) = L(W, A) for orthogonal Q (random points, k 2..8, r 1..3)",
    Transform::Rotation, false)};
const ClaimRegistrar permutation{invariance_claim(
    "invariance.permutation", "permuting the hidden units (rows of W and V together) leaves L unchanged",
    Transform::Permutation, false)};
const ClaimRegistrar rescaling{invariance_claim(
    "invariance.rescaling", "(V_i, w_i) -> (s V_i, w_i / s), s > 0, leaves L unchanged", Transform::Rescaling,
    false)};
const ClaimRegistrar rotation_control{invariance_claim(
    "control.invariance_rotate_w_only", "negative control: rotating W but not a must change L",
    Transform::RotateWOnly, true)};
const ClaimRegistrar scaling_control{invariance_claim(
    "control.invariance_scale_both", "negative control: (V_i, w_i) -> (s V_i, s w_i) must change L",
    Transform::ScaleBoth, true)};
const ClaimRegistrar identity_population{identity_claim(
    "eq13.identity_random_points", "w_i . grad_{w_i} L = V_i . grad_{V_i} L on random points with extreme scales and angles",
    false, false)};
const ClaimRegistrar identity_empirical{identity_claim(
    "eq13.identity_empirical_random_points",
    "w_i . grad_{w_i} Lhat = V_i . grad_{V_i} Lhat (n = 64) on random points with extreme scales and angles", true,
    false)};
const ClaimRegistrar identity_control{identity_claim(
    "control.eq13_wrong_unit_pairing", "negative control: w_i . grad_{w_i} L against V_{i+1} . grad_{V_{i+1}} L must fail",
    false, true)};

}  // namespace
}  // namespace bothlayers::properties

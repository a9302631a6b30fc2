#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/loss_invariances.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/random.hpp>
#include <bothlayers/tolerance.hpp>

namespace bothlayers::checks {

using properties::PointInstance;
namespace {
namespace BOTHLAYERS_UNIT_ID {

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
Margin loss_invariance(const PointInstance& p, LossTransform t) {
  using std::abs;
  const Network<Scalar> net = p.network<Scalar>();
  const Matrix<Scalar> A = p.target<Scalar>();
  Network<Scalar> moved = net;
  Matrix<Scalar> B = A;
  const Eigen::Index k = net.k();
  switch (t) {
    case LossTransform::Rotation:
    case LossTransform::RotateWOnly: {
      const Matrix<Scalar> Q = orthogonal<Scalar>(net.d(), static_cast<std::uint64_t>(net.d() * 7919 + k));
      moved.W = net.W * Q.transpose();
      if (t == LossTransform::Rotation) B = Q * A;
      break;
    }
    case LossTransform::Permutation:
      for (Eigen::Index i = 0; i < k; ++i) {
        moved.W.row(i) = net.W.row((i + 1) % k);
        moved.V.row(i) = net.V.row((i + 1) % k);
      }
      break;
    case LossTransform::Rescaling:
    case LossTransform::ScaleBoth:
      for (Eigen::Index i = 0; i < k; ++i) {
        const Scalar s = Scalar(1 << (i + 1)) / 3;
        moved.V.row(i) *= s;
        if (t == LossTransform::Rescaling) moved.W.row(i) /= s;
        else moved.W.row(i) *= s;
      }
      break;
  }
  const Scalar sum = net.W.rowwise().norm().dot(net.V.rowwise().norm());
  const Scalar err = abs(population_loss(moved, B) - population_loss(net, A));
  return digits_margin(err, Scalar(identity_tolerance<Scalar>(net.k() * net.d() * net.r()) * (A.squaredNorm() + sum * sum)));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome loss_unchanged_by(const Precision& precision, const properties::PointInstance& p, LossTransform t) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return loss_invariance<typename decltype(tag)::type>(p, t); });
}

}  // namespace bothlayers::checks

#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/identity_13.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Margin identity13(const properties::PointInstance& p, Identity13Gradient variant) {
  const Network<Scalar> net = p.network<Scalar>();
  const Matrix<Scalar> A = p.target<Scalar>();
  const Eigen::Index n = 64, terms = net.k() * net.d() * net.r();
  if (variant == Identity13Gradient::Empirical) {
    const RowMatrix<Scalar> X = gaussian_sample<Scalar>(n, net.d(), static_cast<std::uint64_t>(net.d() * 31 + net.k()));
    return identity_13_margin(net, A, empirical_gradient(net, A, X), Scalar(X.squaredNorm() / Scalar(n)), terms * n);
  }
  Gradient<Scalar> g = population_gradient(net, A);
  if (variant == Identity13Gradient::DoubledDiagonal) g = with_doubled_diagonal_term(net, g);
  return identity_13_margin(net, A, g, Scalar(1), terms, variant == Identity13Gradient::WrongPairing ? 1 : 0);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome identity_13_holds(const Precision& precision, const properties::PointInstance& p, Identity13Gradient g) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return identity13<typename decltype(tag)::type>(p, g); });
}

}  // namespace bothlayers::checks

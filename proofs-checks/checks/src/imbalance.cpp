// Lemma 3's update identity on the claims' instances (checks/imbalance.hpp),
// compiled once per scalar type.
#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/imbalance.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Outcome update(const properties::PointInstance& p, bool empirical, int power) {
  const auto net = p.network<Scalar>();
  const auto A = p.target<Scalar>();
  const Scalar mu = Scalar(1) / 8;
  const Gradient<Scalar> g =
      empirical ? empirical_gradient(net, A, gaussian_sample<Scalar>(128, net.d(), static_cast<std::uint64_t>(net.d() * 7 + net.k())))
                : population_gradient(net, A);
  return {imbalance_update(net, g, mu, power).margin(), "mu=1/8"};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome imbalance_update_matches(const Precision& precision, const properties::PointInstance& p, bool empirical,
                                 int power) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return update<typename decltype(tag)::type>(p, empirical, power); });
}

}  // namespace bothlayers::checks

#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/derivatives.hpp>
#include <bothlayers/checks/identity_13.hpp>
#include <bothlayers/checks/monte_carlo.hpp>
#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/sample.hpp>

#include <cstdio>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Outcome pair_check(const properties::MonteCarloInstance& inst, PairClosedForm form, bool control_form, long n,
                   double alpha) {
  if (form == PairClosedForm::ArccosKernel)
    return kernel_monte_carlo<Scalar>(inst, n, alpha, control_form ? KernelForm::PiPlusT : KernelForm::Library);
  return {gram_monte_carlo<Scalar>(inst, n, alpha, control_form ? GramForm::NoSinTerm : GramForm::Library), ""};
}

template <class Scalar>
Outcome z_check(const properties::PointInstance& point, std::uint64_t sample_seed, LossGradientEstimate estimator,
                long n, double alpha) {
  const auto net = point.network<Scalar>();
  const auto A = point.target<Scalar>();
  const auto X = gaussian_sample<Scalar>(n, net.d(), sample_seed);
  const auto stats = sample_statistics(net, A, X);
  Vector<Scalar> estimate = stats.mean;
  if (estimator == LossGradientEstimate::FusedKernel) {
    const auto lg = empirical_loss_and_gradient(net, A, X, 2);
    estimate << lg.loss, flatten(lg.gradient);
  }
  Gradient<Scalar> g = population_gradient(net, A);
  if (estimator == LossGradientEstimate::RowByRowFlipped) g = with_flipped_target_sign(net, A, g);
  Vector<Scalar> closed(estimate.size());
  closed << population_loss(net, A), flatten(g);
  const double z = max_z_score(estimate, closed, stats.standard_error);
  const double z_crit = bonferroni_z(alpha, estimate.size());
  char text[96];
  std::snprintf(text, sizeof text, "n=%ld max|z|=%.3g z_crit=%.3g", n, z, z_crit);
  return {z_crit - z, text};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome pair_closed_form_matches_monte_carlo(const Precision& precision, const properties::MonteCarloInstance& inst,
                                             PairClosedForm form, bool control_form, long n, double alpha) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return pair_check<typename decltype(tag)::type>(inst, form, control_form, n, alpha); });
}

Outcome loss_gradient_match_monte_carlo(const Precision& precision, const properties::PointInstance& point,
                                        std::uint64_t sample_seed, LossGradientEstimate estimate, long n, double alpha) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) {
    return z_check<typename decltype(tag)::type>(point, sample_seed, estimate, n, alpha);
  });
}

}  // namespace bothlayers::checks

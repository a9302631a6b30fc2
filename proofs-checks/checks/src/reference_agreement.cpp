#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/reference_agreement.hpp>
#include <bothlayers/gradient_descent.hpp>
#include <bothlayers/initialization.hpp>
#include <bothlayers/sample.hpp>
#include <bothlayers/tolerance.hpp>

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace bothlayers::checks {

using properties::GdPrecisionInstance;
using properties::PointInstance;
namespace {
namespace BOTHLAYERS_UNIT_ID {

template <class Scalar>
Outcome well_conditioned_agreement(const PointInstance& p, bool planted) {
  const ScalarTag<Scalar> tag;
  const Scalar tolerance = eps_units<Scalar>(4096);
  Outcome worst{std::numeric_limits<double>::infinity(), ""};
  for (const LossForm form : {LossForm::CancellationFree, LossForm::Printed}) {
    const auto f = [&p, form](auto t) { return loss_and_gradient<typename decltype(t)::type>(p, form); };
    auto value = f(tag);
    if (planted) {  // a relative error of 1e-9 in every entry, at the type under test only
      const Scalar factor = 1 + Scalar(1) / 1000000000;
      value.first *= factor;
      value.second.W *= factor;
      value.second.V *= factor;
    }
    const ReferenceComparison c = compare_value_to_reference(tag, value, f);
    const Margin m = agreement(c, tolerance).margin();
    if (!m || !(*m >= *worst.margin))
      worst = {m, std::string(form == LossForm::Printed ? "printed" : "cancellation-free") + ": " +
                      describe_agreement(c)};
  }
  return worst;
}

template <class Scalar>
DigitsKept digits_kept(const PointInstance& p, LossForm form, bool also_printed) {
  using std::log10;
  const ScalarTag<Scalar> tag;
  DigitsKept out;
  out.type_digits = -to_double(Scalar(log10(eps<Scalar>())));
  out.form = loss_gradient_agreement(tag, p, form);
  if (also_printed) out.printed = loss_gradient_agreement(tag, p, LossForm::Printed);
  out.outcome = {agreement(out.form, identity_tolerance<Scalar>()).margin(), describe_agreement(out.form)};
  return out;
}

/// The run's final network and the loss at every recorded step (stride 1).
template <class Scalar>
using Fig3Trajectory = std::pair<Network<Scalar>, std::vector<Scalar>>;

/// The Figure 3 run at Scalar with step mu = (1 + relative_perturbation) / 10.
template <class Scalar>
Fig3Trajectory<Scalar> fig3_run(const GdPrecisionInstance& g, const Scalar& relative_perturbation = Scalar(0)) {
  InitOptions o;
  o.scheme = InitScheme::Xavier;
  o.k = 2;
  o.d = g.d;
  o.r = 1;
  o.sigma = g.sigma;
  o.seed = g.init_seed;
  Objective<Scalar> objective;
  objective.A = target_e1<Scalar>(g.d);
  GdOptions<Scalar> options;
  options.step = (1 + relative_perturbation) / 10;
  options.max_steps = g.steps;
  options.stride = 1;
  const GdResult<Scalar> run = gradient_descent(initialize<Scalar>(o), objective, options);
  std::vector<Scalar> losses;
  for (const auto& row : run.trajectory) losses.push_back(row.loss);
  return {run.final_network, losses};
}

template <class Scalar>
Outcome fig3_agreement(const GdPrecisionInstance& g, bool perturbed) {
  using std::sqrt;
  const ScalarTag<Scalar> tag;
  const auto f = [&g](auto t) { return fig3_run<typename decltype(t)::type>(g); };
  const Scalar perturbation = perturbed ? Scalar(sqrt(eps<Scalar>())) : Scalar(0);
  const ReferenceComparison c = compare_value_to_reference(tag, fig3_run<Scalar>(g, perturbation), f);
  return {agreement(c, eps_units<Scalar>(4096)).margin(), describe_agreement(c)};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome loss_gradient_agree_with_reference(const Precision& precision, const PointInstance& p, bool planted_error) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return well_conditioned_agreement<typename decltype(tag)::type>(p, planted_error); });
}

DigitsKept loss_gradient_digits_kept(const Precision& precision, const PointInstance& p, LossForm form,
                                     bool also_printed) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return dispatch_precision(precision,
                            [&](auto tag) { return digits_kept<typename decltype(tag)::type>(p, form, also_printed); });
}

Outcome fig3_run_agrees_with_reference(const Precision& precision, const GdPrecisionInstance& g, bool perturbed_step) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return fig3_agreement<typename decltype(tag)::type>(g, perturbed_step); });
}

}  // namespace bothlayers::checks

#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/printed_forms.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/tolerance.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// x rounded to `bits` significant bits, in Scalar.
template <class Scalar>
Scalar round_to_bits(const Scalar& x, int bits) {
  using std::frexp;
  using std::ldexp;
  using std::round;
  int e = 0;
  const Scalar m = frexp(x, &e);
  return ldexp(Scalar(round(ldexp(m, bits))), e - bits);
}

/// The planted fault: keep all but min(300, p/2) of the scalar's p digits.
template <class Scalar>
int planted_bits() {
  using std::log10;
  const double digits = -to_double(Scalar(log10(eps<Scalar>())));
  const double kept = digits - std::min(300.0, digits / 2);
  return static_cast<int>(kept * 3.321928094887362);
}

template <class Scalar>
Outcome stable_matches_printed(const properties::PointInstance& p, bool planted) {
  using std::abs;
  const auto net = p.network<Scalar>();
  const auto A = p.target<Scalar>();
  const Scalar scale =
      1 + A.squaredNorm() + (net.V.rowwise().norm().cwiseProduct(net.W.rowwise().norm())).squaredNorm();
  Scalar loss = population_loss(net, A);
  Gradient<Scalar> g = population_gradient(net, A);
  std::string detail;
  if (planted) {
    const int bits = planted_bits<Scalar>();
    loss = round_to_bits(loss, bits);
    g.W = g.W.unaryExpr([bits](const Scalar& x) { return round_to_bits(x, bits); });
    g.V = g.V.unaryExpr([bits](const Scalar& x) { return round_to_bits(x, bits); });
    detail = "planted: " + std::to_string(bits) + " bits kept";
  }
  const auto printed = population_gradient_eq11(net, A);
  const Scalar err = std::max<Scalar>(abs(loss - population_loss_eq9(net, A)),
                                      std::max<Scalar>((g.W - printed.W).cwiseAbs().maxCoeff(),
                                                       (g.V - printed.V).cwiseAbs().maxCoeff()));
  return {digits_margin(Scalar(err / scale), identity_tolerance<Scalar>()), detail};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome stable_form_matches_printed(const Precision& precision, const properties::PointInstance& p, bool planted) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return stable_matches_printed<typename decltype(tag)::type>(p, planted); });
}

}  // namespace bothlayers::checks

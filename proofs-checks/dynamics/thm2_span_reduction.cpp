// Theorem 2's iteration, derived here from eqs. (11)-(12): population GD keeps
// W's rows in span(A's columns, w_1(0), ..., w_k(0)), so the d-dimensional run
// equals the run of its coordinates in an orthonormal basis Q of that span
// (lib span_reduction.hpp; dimension k + r at most, 3 for the paper's k = 2).
// Checked step by step: |full iterate - lifted reduced iterate| / |full iterate|
// <= 8 (t + 1) (d + k) eps after t + 1 steps, margins in the scalar type.
// Also at mp:500, where eps is 1e-500 and the tolerance underflows every
// hardware type (the margins are computed in the scalar). Negative control: the
// basis built with a random direction in place of w_k(0) (w_k(0) then has a
// component outside it) must be rejected, at every precision.
#include <bothlayers/claims/margin.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/sample.hpp>
#include <bothlayers/span_reduction.hpp>

#include <vector>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

// k 2..4, d 8..40 (above k + r, so a wrong basis is a proper subspace), r 1..2.
const properties::PointShape kShape{2, 4, 8, 40, 1, 2};
constexpr long kSteps = 100;

/// Every iterate after each update of a GD run (the observer's `after`).
template <class Scalar>
std::vector<Network<Scalar>> iterates(const Network<Scalar>& start, const Matrix<Scalar>& A, const Scalar& mu) {
  std::vector<Network<Scalar>> out;
  GdOptions<Scalar> o;
  o.step = mu;
  o.max_steps = kSteps;
  o.stride = kSteps;
  o.observer = [&out](const GdStep<Scalar>& s) {
    out.push_back(s.after);
    return GdControl::Continue;
  };
  gradient_descent(start, Objective<Scalar>{A, nullptr, 1}, o);
  return out;
}

template <class Scalar>
Outcome agreement(const PointInstance& p, bool wrong_basis, std::uint64_t seed) {
  const Network<Scalar> start = p.network<Scalar>();
  const Matrix<Scalar> A = p.target<Scalar>();
  const Scalar mu = Scalar(1) / 16;
  Matrix<Scalar> W = start.W;
  if (wrong_basis) W.row(start.k() - 1) = gaussian_sample<Scalar>(1, start.d(), seed ^ 0xba515ULL);
  const ReducedProblem<Scalar> reduced = reduce_to_basis(start, A, span_basis(A, W));
  const std::vector<Network<Scalar>> full = iterates(start, A, mu), small = iterates(reduced.start, reduced.A, mu);
  if (full.size() != small.size() || full.empty())
    return {std::nullopt, "a run stopped early (zero neuron or divergence)"};
  Comparison<Scalar> worst{Scalar(0), Scalar(1)};
  double worst_margin = std::numeric_limits<double>::infinity();
  long worst_step = 0;
  const Scalar units = Scalar(8 * (start.d() + start.k())) * eps<Scalar>();
  for (std::size_t t = 0; t < full.size(); ++t) {
    const Network<Scalar> lifted = lift_from_basis(small[t], reduced.basis);
    const Scalar size = full[t].W.norm() + full[t].V.norm();
    const Scalar error = (full[t].W - lifted.W).norm() + (full[t].V - lifted.V).norm();
    const Comparison<Scalar> here{error / size, units * Scalar(static_cast<long>(t) + 1)};
    const Margin m = here.margin();
    if (!m || std::isnan(*m)) return {m, "step " + std::to_string(t + 1) + ": non-finite error"};
    if (*m < worst_margin) {
      worst_margin = *m;
      worst = here;
      worst_step = static_cast<long>(t) + 1;
    }
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "m=%ld steps=%zu worst at step %ld: rel error %.3g vs %.3g",
                static_cast<long>(reduced.basis.cols()), full.size(), worst_step, to_double(worst.error),
                to_double(worst.tolerance));
  return {worst_margin, buf};
}

const bool registered = register_claims(
    "Theorem 2, pp. 5-6",
    {claim("thm2.span_reduction",
           "population GD keeps W's rows in span(A, W(0)): the d-dim run equals the run of its coordinates in an "
           "orthonormal basis of that span (m <= k + r dims), to 8 (t + 1) (d + k) eps after t + 1 steps (also at "
           "mp:500)"),
     control("control.thm2_span_reduction_wrong_basis",
             "negative control: the basis built with a random direction in place of w_k(0) must be rejected")},
    [](const ClaimContext& c) {
      return run_claim(c, properties::random_points(kShape),
                       [&c](auto tag, const PointInstance& p) {
                         using Scalar = typename decltype(tag)::type;
                         return agreement<Scalar>(p, c.negative_control,
                                                  static_cast<std::uint64_t>(p.W.cols() * 131 + p.W.rows()));
                       },
                       {.also_at = {"mp:500"}, .reject_at_every_precision = true});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims

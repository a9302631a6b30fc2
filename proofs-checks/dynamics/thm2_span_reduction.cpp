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
#include <bothlayers/checks/gd_iteration.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/properties/instances.hpp>

#include <cstdint>

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using properties::PointInstance;

// k 2..4, d 8..40 (above k + r, so a wrong basis is a proper subspace), r 1..2.
const properties::PointShape kShape{2, 4, 8, 40, 1, 2};

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
                       [&c](const Precision& precision, const PointInstance& p) {
                         return checks::span_reduced_run_agrees(precision, p, c.negative_control,
                                                                static_cast<std::uint64_t>(p.W.cols() * 131 + p.W.rows()));
                       },
                       {.also_at = {"mp:500"}, .reject_at_every_precision = true});
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims

#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/lemma_inequalities.hpp>

#include <algorithm>
#include <cmath>

namespace bothlayers::checks {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Lemma 9: margin log10(Lc |a| / |hess L|_op) (full Hessian in W and V, eq. (14),
/// largest |eigenvalue|). Skipped unless the paper's setting and
/// c1 sqrt|a| <= v_i, |w_i| <= c2 sqrt|a| (up to 1e-9 relative: the double
/// instances round the box edges). Instantiates the eigensolver: here only.
template <class Scalar>
Margin lemma09_hessian_bound(const PointInstance& p, Constant lc, Constant c1, Constant c2, Role role) {
  using std::abs;
  using std::sqrt;
  const auto v = paper_view<Scalar>(p);
  if (!v) return std::nullopt;
  const Scalar na = v->a.norm(), root = sqrt(na);
  const Scalar slack = Scalar(1) / 1000000000;
  const Scalar lo = c1.value<Scalar>() * root * (1 - slack), hi = c2.value<Scalar>() * root * (1 + slack);
  for (const Scalar& x : {v->v1, v->v2, Scalar(v->w1.norm()), Scalar(v->w2.norm())})
    if (!(x >= lo && x <= hi)) return std::nullopt;
  const Vector<Scalar> ev = hessian_spectrum(v->net, v->A);
  const Scalar op = std::max<Scalar>(abs(ev(0)), abs(ev(ev.size() - 1)));
  // Extreme eigenvalue of a symmetric matrix: error about eps |H| times the size.
  return inequality_margin(Scalar(lc.value<Scalar>() * na), op,
                                   identity_tolerance<Scalar>(ev.size()), role);
}


}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome lemma08_pl_holds(const Precision& precision, const PointInstance& p, Constant alpha, AngleRange range,
                         Role role) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return lemma08_pl<typename decltype(tag)::type>(p, alpha, range, role); });
}

Outcome lemma09_hessian_bounded(const Precision& precision, const PointInstance& p, Constant lc, Constant c1,
                                Constant c2, Role role) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) {
    return lemma09_hessian_bound<typename decltype(tag)::type>(p, lc, c1, c2, role);
  });
}

Outcome lemma12_gradient_within_distance(const Precision& precision, const PointInstance& p, Constant c, Role role) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return lemma12_gradient_distance<typename decltype(tag)::type>(p, c, role); });
}

Outcome lemma13_loss_bounds_h(const Precision& precision, const PointInstance& p, Constant c, Role role) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return lemma13_loss_lower_bound<typename decltype(tag)::type>(p, c, role); });
}

}  // namespace bothlayers::checks

#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/checks/reduction_identity.hpp>
#include <bothlayers/geometry.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/tolerance.hpp>

#include <cmath>
#include <string>

namespace bothlayers::checks {

using cert::ReducedLemma;
using cert::ReducedPlane;

std::string ReductionInstance::describe() const {
  const char* names[] = {"lemma 8", "lemma 12", "lemma 13"};
  return std::string(names[static_cast<int>(lemma)]) + " " + point.describe();
}

namespace {
namespace BOTHLAYERS_UNIT_ID {

/// log10(tolerance / |library side - reduced side|), in S; `supplementary` plants the wrong angle.
template <class S>
Margin reduction_margin(const ReductionInstance& x, bool supplementary) {
  using std::abs;
  const Network<S> net = x.point.network<S>();
  const Matrix<S> A = x.point.target<S>();
  const Vector<S> a = A.col(0);
  const S v1 = net.V(0, 0), v2 = -net.V(1, 0), c = S(x.num) / S(x.den);
  const Vector<S> P = v1 * net.W.row(0).transpose(), Q = v2 * net.W.row(1).transpose();
  const S p = P.norm(), q = Q.norm(), lambda = p + q;
  const S theta = angle_between<S>(P, Q), pi_s = pi<S>();
  const ReducedPlane<S> r = cert::reduced_plane<S>(supplementary ? S(pi_s - theta) : theta, p / lambda, pi_s);
  const S h = cert::reduced_h<S>(x.lemma, supplementary ? S(pi_s - theta) : theta, p / lambda, c, pi_s);
  const auto w = cert::reduced_worst_a(x.lemma, r, c);
  const Vector<S> e1 = P / p;
  Vector<S> e2 = Q - Q.dot(e1) * e1;
  e2 /= e2.norm();
  const Vector<S> delta = a - lambda * (w.x * e1 + w.y * e2);
  const S dd = delta.squaredNorm(), l2 = lambda * lambda;
  const LossAndGradient<S> lg = population_loss_and_gradient(net, A);
  const S F = lg.loss;
  const S N = lg.gradient.W.row(0).squaredNorm() / (v1 * v1) + lg.gradient.W.row(1).squaredNorm() / (v2 * v2);
  const S D = (P - a).squaredNorm() + (Q + a).squaredNorm();
  S lhs, rhs;
  switch (x.lemma) {
    case ReducedLemma::L08: lhs = N - c * F, rhs = l2 * h / (2 * (1 - c)) + (1 - c) / 2 * dd; break;
    case ReducedLemma::L12: lhs = c * D - N, rhs = l2 * h / (8 * c - 2) + (2 * c - S(1) / 2) * dd; break;
    case ReducedLemma::L13: lhs = c * F - D, rhs = l2 * h + (c / 2 - 2) * dd; break;
  }
  // Every term is of size (1 + c)(lambda^2 + |a|^2), each computed to identity_tolerance(2d) relative.
  const S size = (1 + c) * (l2 + a.squaredNorm() + dd);
  return digits_margin(S(abs(lhs - rhs)), S(16 * identity_tolerance<S>(2 * net.d()) * size));
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome reduction_matches_library(const Precision& precision, const ReductionInstance& x, bool supplementary) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision,
                      [&](auto tag) { return reduction_margin<typename decltype(tag)::type>(x, supplementary); });
}

}  // namespace bothlayers::checks

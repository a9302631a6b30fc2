#pragma once
/// \file unit_pairing.hpp
/// Paper Appendix E.1 (r outputs, k = 2r units): at convergence the units pair up
/// after a permutation, V_p ~ -V_q and w_p ~ -w_q. The best perfect matching of
/// the units (exhaustive: (k-1)!! matchings, k <= 12) under the pair error
/// max(|Vbar_p + s Vbar_q|, |wbar_p + s wbar_q|) / 2 (unit vectors), s = +1 for the
/// observation (opposite units) and s = -1 for a control (equal units).
///
/// Derived here: at a global optimum (L = 0, A of rank r, every V_i != 0) the
/// pairing is forced: f is linear, so sum_i V_i |w_i^T x| = 0 for all x, so the
/// units on each line +-u have sum V_i |w_i| = 0 (>= 2 units per line), rank r needs
/// >= r lines, hence exactly r lines of 2 units; two units on one ray would cancel
/// and lower the rank, so each line holds w_p ~ -w_q with V_p |w_p| = -V_q |w_q|.

#include <bothlayers/errors.hpp>
#include <bothlayers/network.hpp>

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

namespace bothlayers::checks {

/// A matching of the units and its worst pair error.
template <class Scalar>
struct UnitPairing {
  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
  Scalar error = std::numeric_limits<Scalar>::infinity();  ///< max over pairs of the pair error
};

/// Pair error of units p, q (file comment), in directions: max(|Vbar_p + Vbar_q|, |wbar_p + wbar_q|) / 2;
/// `opposite` false checks Vbar_p ~ Vbar_q, wbar_p ~ wbar_q instead. Directions, not sizes: at an
/// optimum V_p |w_p| = -V_q |w_q|, so |V_p| = |V_q| only for balanced units (b_i = |w_i|^2 - |V_i|^2
/// = 0), and a pair that carries a small part of A shows the initial imbalance in relative size.
/// A zero unit is never paired (error 1).
template <class Scalar>
Scalar pair_error(const Network<Scalar>& net, Eigen::Index p, Eigen::Index q, bool opposite) {
  const Scalar s = opposite ? Scalar(1) : Scalar(-1);
  const Scalar vp = net.V.row(p).norm(), vq = net.V.row(q).norm();
  const Scalar np = net.W.row(p).norm(), nq = net.W.row(q).norm();
  if (!(vp > 0) || !(vq > 0) || !(np > 0) || !(nq > 0)) return Scalar(1);
  const Scalar ev = (net.V.row(p) / vp + s * net.V.row(q) / vq).norm() / 2;
  const Scalar ew = (net.W.row(p) / np + s * net.W.row(q) / nq).norm() / 2;
  return ev > ew ? ev : ew;
}

/// The perfect matching minimizing the worst pair error; throws DimensionError for odd k or k > 12.
template <class Scalar>
UnitPairing<Scalar> best_unit_pairing(const Network<Scalar>& net, bool opposite = true) {
  const Eigen::Index k = net.k();
  if (k % 2 != 0 || k > 12) throw DimensionError("best_unit_pairing needs an even k <= 12");
  UnitPairing<Scalar> best;
  std::vector<std::pair<Eigen::Index, Eigen::Index>> current;
  std::vector<bool> used(static_cast<std::size_t>(k), false);
  const auto search = [&](const auto& self, Scalar worst) -> void {
    if (!(worst < best.error)) return;
    Eigen::Index first = 0;
    while (first < k && used[static_cast<std::size_t>(first)]) ++first;
    if (first == k) {
      best.error = worst;
      best.pairs = current;
      return;
    }
    used[static_cast<std::size_t>(first)] = true;
    for (Eigen::Index q = first + 1; q < k; ++q) {
      if (used[static_cast<std::size_t>(q)]) continue;
      used[static_cast<std::size_t>(q)] = true;
      current.emplace_back(first, q);
      const Scalar e = pair_error(net, first, q, opposite);
      self(self, e > worst ? e : worst);
      current.pop_back();
      used[static_cast<std::size_t>(q)] = false;
    }
    used[static_cast<std::size_t>(first)] = false;
  };
  search(search, Scalar(0));
  return best;
}

}  // namespace bothlayers::checks

#pragma once
/// \file lemma_certificates.hpp
/// Certificates for lemmas 8, 12, 13 (paper section 5, docs/formulas.md section 5):
/// each lemma's reduced inequality H(theta, s) >= 0 (reduced_lemmas.hpp) proved
/// by interval branch and bound (branch_and_bound.hpp) over its whole domain,
/// the sharpest constant the method certifies (bisection on the constant), and
/// the paper's two closing steps for lemmas 8 and 13 taken separately.
///
/// Domains (theta, s), s = |P|/(|P| + |Q|), the closed box proved (a superset):
/// lemmas 8 and 13 theta in [pi/2, pi], lemma 12 theta in [0, pi], s in [0, 1];
/// the double endpoints are rounded outward (pi_d/2 < pi/2, nextafter(pi_d) > pi).
/// theta -> pi/2+ needs nothing special: H is continuous there and the closed
/// end is proved (the inf of lemma 8's and 13's ratios sits at that end, so the
/// boxes crowd there as the constant nears the sharp one). s -> 0 and s -> 1
/// (rho -> 0, inf) are ordinary sides of the compact box. A counterexample box
/// must lie in the open domain (theta > pi/2 resp. >= 0, theta <= pi, 0 < s < 1),
/// checked with the enclosure of pi.
///
/// The paper's closing steps (lemmas 8, 13). For fixed theta and constant,
/// H(theta, s)/(1 - s)^2 = A rho^2 + B rho + C with A = H(theta, 1), C = H(theta, 0),
/// and A = C by the symmetry (P, Q, a) -> (Q, P, -a) (f -> -f, target -> -target:
/// L, N and D unchanged). So H(theta, s) = A + (B - 2A) m with m = s (1 - s) in
/// [0, 1/4]: linear in m. Step 1, "the minimum over r is at r = 1" (pp. 29, 34,
/// where the paper writes the expression as C1 (r^2 + 1) + C2 r, so C1 = A): it
/// holds exactly when A(theta) > 0, which the paper uses without stating; we prove
/// it for every theta (then H/m, i.e. (A rho^2 + B rho + A)/rho, is smallest at
/// m = 1/4, rho = 1). Step 2: the r = 1
/// slice H(theta, 1/2) >= 0 over theta (the paper's Figures 4, 5). Both together
/// prove the lemma again, H being linear in m between its values at m = 0 and 1/4.

#include <bothlayers/checks/branch_and_bound.hpp>
#include <bothlayers/checks/reduced_lemmas.hpp>

#include <boost/math/constants/constants.hpp>

#include <cmath>
#include <string>

namespace bothlayers::checks::cert {

/// A lemma's certificate problem: its domain and which way a constant gets harder.
struct LemmaProblem {
  ReducedLemma lemma;
  std::string name;             ///< "alpha" or "c"
  bool obtuse_only = true;      ///< theta in (pi/2, pi] (lemmas 8, 13) or [0, pi] (lemma 12)
  bool larger_is_harder = true; ///< lemma 8: a larger alpha is a stronger statement; 12, 13: a smaller c
  Interval paper;               ///< the paper's constant, enclosed
  double found = 0;             ///< the sharpest value found by search (lemma_inequalities.hpp)
};

inline LemmaProblem lemma08_problem() { return {ReducedLemma::L08, "alpha", true, true, Interval(1) / 20, 0.08266}; }
inline LemmaProblem lemma12_problem() { return {ReducedLemma::L12, "c", false, false, Interval(5) / 2, 0.5}; }
inline LemmaProblem lemma13_problem() { return {ReducedLemma::L13, "c", true, false, Interval(20), 11.0078}; }

/// Which part of the domain a branch and bound covers.
enum class Slice { Whole, EndS1, MiddleS };

/// The (theta, s) box of `p`, or its line s = 1 (EndS1) or s = 1/2 (MiddleS).
inline Box2 lemma_domain(const LemmaProblem& p, Slice slice = Slice::Whole) {
  const double pi_d = boost::math::constants::pi<double>();
  Box2 b{{p.obtuse_only ? pi_d / 2 : 0.0, 0.0}, {std::nextafter(pi_d, 4.0), 1.0}, 0};
  if (slice == Slice::EndS1) b.lo[1] = 1.0;
  if (slice == Slice::MiddleS) b.lo[1] = b.hi[1] = 0.5;
  return b;
}

/// Prove H >= 0 for `p` at `constant` on `slice` (limits: boxes, depth).
inline BranchBoundResult certify_lemma(const LemmaProblem& p, const Interval& constant, Slice slice = Slice::Whole,
                                       long max_boxes = 2000000, int max_depth = 60) {
  const Interval pi = interval_pi();
  const Interval half_pi = pi / 2;
  BranchBoundOptions o;
  o.max_boxes = max_boxes;
  o.max_depth = max_depth;
  if (slice != Slice::EndS1) o.tight_point = std::array<Interval, 2>{pi, Interval(0.5)};
  const bool obtuse = p.obtuse_only;
  o.admissible = [=](const Box2& b) {
    const bool theta_ok = (obtuse ? lower(b.side(0)) > upper(half_pi) : b.lo[0] >= 0) && upper(b.side(0)) <= lower(pi);
    return theta_ok && b.lo[1] > 0 && b.hi[1] < 1;
  };
  const ReducedLemma lemma = p.lemma;
  const auto f = [=](const auto& theta, const auto& s) {
    using T = std::decay_t<decltype(theta)>;
    return reduced_h<T>(lemma, theta, s, T(constant), T(pi));
  };
  return prove_nonnegative(f, lemma_domain(p, slice), o);
}

/// Result of the bisection on the constant.
struct SharpestCertified {
  double certified = std::numeric_limits<double>::quiet_NaN();  ///< the sharpest constant proved
  double refuted = std::numeric_limits<double>::quiet_NaN();    ///< the nearest constant with a counterexample box (or undecided)
  bool refuted_is_certain = false;  ///< `refuted` has a counterexample box (not just undecided)
  int steps = 0;
  long boxes = 0;                   ///< boxes over all the bisection's runs
  BranchBoundResult at_certified;   ///< the run that proved `certified`
  double seconds = 0;
};

/// Bisect the constant between `good` (proved) and `bad` (refuted) `steps` times.
inline SharpestCertified sharpest_certified(const LemmaProblem& p, double good, double bad, int steps,
                                            long max_boxes = 2000000) {
  SharpestCertified s;
  s.at_certified = certify_lemma(p, Interval(good), Slice::Whole, max_boxes);
  s.boxes += s.at_certified.boxes;
  s.seconds += s.at_certified.seconds;
  if (s.at_certified.outcome != BoundOutcome::Proved) return s;
  s.certified = good;
  s.refuted = bad;
  const BranchBoundResult at_bad = certify_lemma(p, Interval(bad), Slice::Whole, max_boxes);
  s.boxes += at_bad.boxes;
  s.seconds += at_bad.seconds;
  s.refuted_is_certain = at_bad.outcome == BoundOutcome::Refuted;
  for (s.steps = 0; s.steps < steps; ++s.steps) {
    const double mid = (s.certified + s.refuted) / 2;
    const BranchBoundResult r = certify_lemma(p, Interval(mid), Slice::Whole, max_boxes);
    s.boxes += r.boxes;
    s.seconds += r.seconds;
    if (r.outcome == BoundOutcome::Proved) {
      s.certified = mid;
      s.at_certified = r;
    } else {
      s.refuted = mid;
      s.refuted_is_certain = r.outcome == BoundOutcome::Refuted;
    }
  }
  return s;
}

}  // namespace bothlayers::checks::cert

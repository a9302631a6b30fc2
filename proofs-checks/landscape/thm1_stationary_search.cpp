// Theorem 1 as a whole (docs/formulas.md section 3): from many random starts (scales
// 1e-1.5..1e1.5 sqrt|a|, any angles, v1, v2 > 0, |a| 0.1..10, d = 2..3; a
// quarter of the starts with w1, w2 nearly parallel, a quarter nearly opposite)
// Levenberg-Marquardt on grad L (checks/stationary_search.hpp) drives the
// gradient to zero, and every zero reached must be a global optimum or a
// Theorem 1 saddle (classify_point; an EqualSignMinimum counts too but is
// reported: an output weight changed sign on the way, outside the theorem).
// Margin: digits of the classified set distance below its tolerance (tol^(1/4),
// tol = identity_tolerance(kd): near the non-strict saddles the distance falls slowly);
// runs that do not converge are skipped and reported (their smallest residual
// is "the smallest gradient norm reached off the set"), and so are zeros off both
// sets that the refinement could not take below tol/1000 (classified on rounding
// luck otherwise: issue 21's comparison of instruction-set levels found one).
// Control: the same zeros classified against the stationary set of the target
// 1.1 a must not fit (a wrong description of the set is rejected; at some
// precision: the few MPFR starts may all stop short of the tolerance).
#include <bothlayers/claims/budget_floor.hpp>
#include <bothlayers/checks/stationary_search.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/tolerance.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/properties/instances.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>
#include <string>

namespace bothlayers::checks {
/// x in %.3g.
inline std::string cert_free_number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}
}  // namespace bothlayers::checks

namespace bothlayers::claims {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// A start of the search.
struct SearchStart {
  properties::PointInstance point;
  std::string describe() const { return point.describe(); }
};

SearchStart draw(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::normal_distribution<double> g(0, 1);
  const auto log_uniform = [&](double lo, double hi) { return std::pow(10.0, lo + (hi - lo) * u(rng)); };
  const int d = 2 + static_cast<int>(rng() % 2), family = static_cast<int>(rng() % 4);
  const auto direction = [&] {
    Vector<double> x(d);
    for (int i = 0; i < d; ++i) x(i) = g(rng);
    return Vector<double>(x / x.norm());
  };
  const Vector<double> a = direction() * log_uniform(-1, 1);
  const double root = std::sqrt(a.norm());
  Vector<double> w1 = direction(), w2 = direction();
  if (family == 1) w2 = (w1 + 0.05 * direction()).normalized();   // nearly parallel (theta ~ 0)
  if (family == 2) w2 = (-w1 + 0.05 * direction()).normalized();  // nearly opposite (theta ~ pi)
  SearchStart s;
  s.point.W.resize(2, d);
  s.point.W.row(0) = (root * log_uniform(-1.5, 1.5)) * w1.transpose();
  s.point.W.row(1) = (root * log_uniform(-1.5, 1.5)) * w2.transpose();
  s.point.V.resize(2, 1);
  s.point.V << root * log_uniform(-1.5, 1.5), -root * log_uniform(-1.5, 1.5);
  s.point.A = a;
  return s;
}

/// Counts over one run of the claim (the runner calls the check sequentially).
struct SearchStats {
  long starts = 0, converged = 0, optima = 0, saddles = 0, equal_sign = 0, other = 0, zero_neuron = 0,
       left_sign_setting = 0, vanished_unit = 0, unrefined = 0;
  double smallest_off_set = std::numeric_limits<double>::infinity();  ///< residual of a non-converged run
  std::set<std::string> distinct;  ///< "optimum" and "saddle c=..." (c to 6 digits), per precision
  long iterations = 0;
};

template <class S>
Outcome search_once(const SearchStart& x, bool wrong_set, SearchStats& st) {
  using std::sqrt;
  const Network<S> start = x.point.network<S>();
  const Matrix<S> A = x.point.target<S>();
  const S tol = identity_tolerance<S>(start.k() * start.d());
  const checks::StationarySearch<S> r = checks::levenberg_marquardt_zero(start, A, tol, 400);
  ++st.starts;
  st.iterations += r.iterations;
  if (r.zero_neuron) return ++st.zero_neuron, Outcome{std::nullopt, "a unit reached w = 0"};
  if (!r.converged) {
    st.smallest_off_set = std::min(st.smallest_off_set, to_double(r.residual));
    return {std::nullopt, "not converged, residual " + checks::cert_free_number(to_double(r.residual))};
  }
  ++st.converged;
  // Refine (best effort) to 1e-3 of the tolerance: near the non-strict saddles
  // LM crawls (the gradient is O(theta^2)), and a point that just met the
  // tolerance can still sit at theta ~ 1e-3 from the saddle set. A refinement
  // that stalls (no decrease of |grad L| in 40 tries, its damping grown by 4^40)
  // starts again from where it stopped with a fresh damping, up to 3 times.
  checks::StationarySearch<S> fine = checks::levenberg_marquardt_zero(r.net, A, S(tol / 1000), 300);
  st.iterations += fine.iterations;
  for (int restart = 0; restart < 3 && fine.stalled && !fine.converged && !fine.zero_neuron; ++restart) {
    fine = checks::levenberg_marquardt_zero(fine.net, A, S(tol / 1000), 300);
    st.iterations += fine.iterations;
  }
  if (fine.zero_neuron) return ++st.zero_neuron, Outcome{std::nullopt, "a unit reached w = 0 while refining"};
  // Theorem 1 is a statement in its sign setting (v1, v2 of the start's signs). LM
  // is unconstrained and may cross v_i = 0: at double-double one start (instance 13
  // of the default seed) ends at v = (-1.3e-162, 1.3e-162) with w1, w2 orthogonal
  // to a, next to the stationary family V = 0, W orthogonal to a that lies on the
  // setting's boundary. Such an end is a draw outside the claim, not a counterexample.
  for (Eigen::Index i = 0; i < fine.net.V.rows(); ++i) {
    if (!(fine.net.V(i, 0) != 0) || (fine.net.V(i, 0) > 0) != (start.V(i, 0) > 0)) {
      ++st.left_sign_setting;
      return {std::nullopt, "left the sign setting: v" + std::to_string(i + 1) + " = " +
                                checks::cert_free_number(to_double(fine.net.V(i, 0)))};
    }
  }
  // The same boundary approached without crossing it: on an AVX-512 machine (GCC's
  // -march=native) instance 13 of the default seed ended at v = (1.4e-172, -6.1e-173),
  // W orthogonal to a, signs kept. There grad L = O(|v|) (the family V = 0, W orthogonal
  // to a is stationary, with v1 = v2 = 0 outside Theorem 1's "v1, v2 > 0"), so the
  // scale-free residual falls below any tolerance while the point approaches the
  // boundary. A unit whose output v_i relu(w_i^T x) is below the stationarity tolerance
  // (|v_i| |w_i| <= tol |a|) has vanished: the end lies on the boundary v_i = 0 or
  // w_i = 0 of the domain, like a unit that reached w = 0 above, and is a draw
  // outside the claim. The claim's saddles have |v_i| |w_i| >= min(c, c + 1) |a| with
  // c > 0 or c < -1: only those with c within tol of 0 or -1 are set aside too, a
  // gap of about 160 decades from the ends that motivated this.
  const S a_norm = A.col(0).norm();
  for (Eigen::Index i = 0; i < fine.net.V.rows(); ++i) {
    using std::abs;
    const S output_scale = abs(fine.net.V(i, 0)) * fine.net.W.row(i).norm();
    if (!(output_scale > tol * a_norm)) {
      ++st.vanished_unit;
      return {std::nullopt, "unit " + std::to_string(i + 1) + " vanished (|v_i| |w_i| / |a| = " +
                                checks::cert_free_number(to_double(S(output_scale / a_norm))) +
                                "): the boundary of Theorem 1's domain v1, v2 > 0"};
    }
  }
  // Near the saddles (non-strict: grad L = O(theta^2) off the set) the distance to
  // the set falls slowly: a run stopped at residual 1.2e-10 (double) sat at
  // theta = 1.6e-4, set distance 1.6e-3, with L = |a|^2/4 to 10 digits. Set
  // tolerance tol^(1/4) (4.6e-3 at double, d = 2; 1e-11 at mp:50).
  const S settol = sqrt(sqrt(tol));
  const Vector<S> a = wrong_set ? Vector<S>(A.col(0) * (S(11) / 10)) : Vector<S>(A.col(0));
  const Classification<S> c = classify_point(fine.net, a, {.stationarity_tolerance = S(1), .set_tolerance = settol});
  std::ostringstream what;
  what << point_kind_name(c.kind) << " after " << r.iterations << " + " << fine.iterations << " iterations at |w|=("
       << to_double(fine.net.W.row(0).norm()) << ", " << to_double(fine.net.W.row(1).norm()) << ") v=("
       << to_double(fine.net.V(0, 0)) << ", " << to_double(fine.net.V(1, 0)) << "), residual "
       << to_double(fine.residual);
  S distance = 0;
  switch (c.kind) {
    case PointKind::GlobalOptimum: ++st.optima, st.distinct.insert("optimum"), distance = c.optimum_distance; break;
    case PointKind::Saddle:
    case PointKind::EqualSignMinimum: {
      (c.kind == PointKind::Saddle ? st.saddles : st.equal_sign)++;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s c=%.6g", point_kind_name(c.kind).c_str(), to_double(*c.c));
      st.distinct.insert(buf);
      what << " c=" << to_double(*c.c);
      distance = c.saddle_distance;
      break;
    }
    default:
      // A zero the refinement could not take below tol / 1000 is classified on
      // rounding luck: a build whose last bits differ (x86-64-v3 without FMA
      // contraction, instance 6 of the default seed) stalled at residual 5.8e-10
      // and called "other" the point the portable build refined to 6.6e-13 and
      // classified as the saddle c = -26.86. Only a refined zero off both sets is
      // a counterexample (LM converges fast to a regular zero; the unrefined
      // ends lie near the slow, non-strict saddles); the others are reported.
      if (!fine.converged) {
        ++st.unrefined;
        return {std::nullopt, "not classified: the refinement stopped at residual " +
                                  checks::cert_free_number(to_double(fine.residual)) + " (" + what.str() + ")"};
      }
      ++st.other;
      return {-1.0, what.str()};
  }
  return {digits_margin(distance, settol), what.str()};
}

const bool registered = register_claims(
    "Theorem 1, p. 4",
    {claim("thm1.stationary_set_complete",
           "Levenberg-Marquardt on grad L from random starts: every zero found is a global optimum or a Theorem 1 "
           "saddle (none other)"),
     control("control.thm1_search_wrong_set",
             "negative control: the zeros found, classified against the stationary set of the target 1.1 a, must not "
             "fit")},
    [](const ClaimContext& c) {
      auto stats = std::make_shared<std::map<std::string, SearchStats>>();
      // 8 budget instances at least (verify --budget small asks for 2): with fewer starts no
      // search may converge, and then nothing is decided.
      const Budget needed = budget_at_least(c.budget, 8);
      ClaimResult r = run_claim(
          ClaimContext{needed, c.id, c.negative_control}, draw,
          [neg = c.negative_control, stats](auto tag, const SearchStart& x) {
            using S = typename decltype(tag)::type;
            return search_once<S>(x, neg, (*stats)[scalar_name<S>()]);
          },
          {.scale = 2, .mp_scale = 0.25});
      std::ostringstream note;
      for (const auto& [name, st] : *stats) {
        note << (note.tellp() > 0 ? "; " : "") << name << ": " << st.starts << " starts, " << st.converged
             << " converged (" << st.optima << " optima, " << st.saddles << " saddles, " << st.equal_sign
             << " equal-sign minima, " << st.other << " other), " << st.distinct.size() << " distinct zeros, "
             << st.zero_neuron << " reached w = 0, " << st.vanished_unit << " vanished (|v_i| |w_i| below tolerance), "
             << st.left_sign_setting << " left the sign setting, " << st.unrefined
             << " off both sets but not refined below tol/1000 (not classified), mean "
             << (st.starts ? st.iterations / st.starts : 0)
             << " iterations; smallest residual of a non-converged run "
             << (std::isinf(st.smallest_off_set) ? std::string("(none)") : checks::cert_free_number(st.smallest_off_set));
      }
      r.note += (r.note.empty() ? "" : "; ") + note.str();
      return r;
    });

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
}  // namespace bothlayers::claims

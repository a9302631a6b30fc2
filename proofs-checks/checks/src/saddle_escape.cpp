#include <bothlayers/detail/unit_id.hpp>
#include <bothlayers/checks/linear_fit.hpp>
#include <bothlayers/checks/margin.hpp>
#include <bothlayers/checks/saddle_escape.hpp>
#include <bothlayers/geometry.hpp>
#include <bothlayers/landscape.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/tolerance.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace bothlayers::checks {

std::string EscapeInstance::describe() const {
  std::ostringstream os;
  os << "d=" << a.size() << " |a|=" << a.norm() << " c=" << c << " v1=" << v1 << " v2=" << v2;
  return os.str();
}

namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Loss decrease along the direction at eps = 10^(-k/4), k = 4..7 at double and 4..12 at
/// the other types (an earlier comment said 10^-(k/2), k = 2..6); the fitted order;
/// at double also GD from 1e-2 along it. Margin: log10(-dL / rounding of L) at the smallest decrease.
template <class S>
Outcome escape(const EscapeInstance& x, bool at_optimum) {
  using std::abs;
  using std::log10;
  using std::pow;
  using std::sqrt;
  const Vector<S> a = x.a.cast<S>(), u = x.u.cast<S>();
  const S v1 = S(x.v1), v2 = S(x.v2);
  const Network<S> base = at_optimum ? global_optimum<S>(a, v1, v2) : saddle_point<S>(a, S(x.c), v1, v2);
  const Matrix<S> A(a);
  const S L0 = population_loss(base, A);
  const S rounding = identity_tolerance<S>(2 * base.d()) * (L0 + a.squaredNorm());
  // Step eps * m along u in both effective weights, m = min(|P|, |Q|), so the
  // angle opened is at most about eps (c near -1 or 0 makes one unit small).
  const S m = std::min<S>(S(v1 * base.W.row(0).norm()), S(v2 * base.W.row(1).norm()));
  const auto moved = [&](const S& eps) {
    Network<S> n = base;
    n.W.row(0) += (eps * m / v1) * u.transpose();
    n.W.row(1) += (eps * m / v2) * u.transpose();
    return n;
  };
  std::vector<double> xs, ys;
  S smallest = std::numeric_limits<S>::infinity();
  // eps = 10^(-k/4), k = 4..7 at double (dL ~ eps^3 stays above the rounding of L), to k = 12 at MPFR.
  const int k_max = std::is_same_v<S, double> ? 7 : 12;
  for (int k = 4; k <= k_max; ++k) {
    const S eps = pow(S(10), -S(k) / 4);
    const S dL = population_loss(moved(eps), A) - L0;
    smallest = std::min<S>(smallest, S(-dL));
    if (dL != 0) xs.push_back(to_double(S(log10(eps)))), ys.push_back(to_double(S(log10(abs(dL)))));
  }
  std::ostringstream what;
  const LinearFit fit = linear_fit(xs, ys);
  what << "dL " << (smallest > 0 ? "< 0" : "not < 0") << ", order " << fit.slope << " +- " << fit.slope_se;
  Margin margin = smallest > 0 ? digits_margin(rounding, smallest) : Margin(-1.0);
  if (!at_optimum && margin && *margin > 0 && std::abs(fit.slope - 3) > 0.3) margin = -0.1;  // not third order
  if constexpr (std::is_same_v<S, double>) {
    if (!at_optimum) {  // gradient descent from eps = 0.1 along the direction: theta grows, L falls
      Network<S> net = moved(S(0.1));
      const S mu = S(1) / (net.W.squaredNorm() + net.V.squaredNorm());
      const auto theta = [](const Network<S>& n) {
        return angle_between<S>(Vector<S>(n.W.row(0).transpose()), Vector<S>(n.W.row(1).transpose()));
      };
      const S t0 = theta(net), l0 = population_loss(net, A);
      bool monotone = true;
      S last = l0;
      for (int step = 1; step <= 20000; ++step) {
        const Gradient<S> g = population_gradient(net, A);
        net.W -= mu * g.W;
        net.V -= mu * g.V;
        if (step % 1000 == 0) {
          const S l = population_loss(net, A);
          monotone = monotone && l <= last;
          last = l;
        }
      }
      what << "; GD from eps = 0.1, 20000 steps: theta " << t0 << " -> " << theta(net) << ", L - L_saddle "
           << l0 - L0 << " -> " << last - L0;
      if (!(monotone && theta(net) > t0) && margin && *margin > 0) margin = -0.2;  // not moving away
    }
  }
  return {margin, what.str()};
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace

Outcome saddle_escapes_at_third_order(const Precision& precision, const EscapeInstance& x, bool at_optimum) {
  using namespace BOTHLAYERS_UNIT_ID;  // this unit's private names (unity batches: unit_id.hpp)
  return at_precision(precision, [&](auto tag) { return escape<typename decltype(tag)::type>(x, at_optimum); });
}

}  // namespace bothlayers::checks

// The paper's Figures 4 and 5 regenerated with certified enclosures: the r = 1
// (s = 1/2) slice over theta in [pi/2, pi] of the reduced lemma 8 (alpha = 0.05)
// and lemma 13 (c = 20) expressions H(theta, s) (checks/reduced_lemmas.hpp; the
// paper's closing step plots this slice). Each theta box gets the point value at
// its midpoint (double) and an MPFI enclosure of H over the whole box (checks/interval.hpp:
// EndpointInterval, since the box at pi needs a lower end of exactly 0): the plain
// interval value intersected with the mean-value form H(m) + H'(B)(B - m) and
// with the Taylor form about theta = pi, where H = 0 and dH/dtheta = 0 exactly
// (reduced_lemmas.hpp: the optimum): H(theta) = H''(xi)(theta - pi)^2/2 with xi
// between theta and pi (a Jet2 of intervals gives H'(B) and H''). Near pi the
// first two alone straddle 0; the third keeps the band >= 0 up to pi.
#include <bothlayers/checks/jet2.hpp>
#include <bothlayers/checks/lemma_certificates.hpp>
#include <bothlayers/errors.hpp>
#include <cstdio>
#include <sstream>

#include "certified_outputs.hpp"
#include "gnuplot.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {

using Interval = checks::cert::EndpointInterval;
using checks::cert::Jet2;

const checks::cert::LemmaProblem& slice_problem(int figure) {
  static const checks::cert::LemmaProblem lemma08 = checks::cert::lemma08_problem();
  static const checks::cert::LemmaProblem lemma13 = checks::cert::lemma13_problem();
  if (figure == 4) return lemma08;
  if (figure == 5) return lemma13;
  throw InvalidArgument("certified slices exist for figures 4 and 5, not " + std::to_string(figure));
}

/// H(theta, 1/2) enclosed over [lo, hi] (lo, hi <= end, end >= pi): the plain interval value,
/// the mean-value form and the Taylor form about pi (file comment), intersected.
Interval slice_enclosure(const checks::cert::LemmaProblem& p, double lo, double hi, double end) {
  using J = Jet2<Interval>;
  const Interval pi = boost::math::constants::pi<Interval>(), box(lo, hi), half(0.5);
  const Interval paper = checks::cert::to_mpfi<30>(p.paper);
  const J jet = checks::cert::reduced_h<J>(p.lemma, J::variable(box, 0), J(half), J(paper), J(pi));
  const Interval m((lo + hi) / 2);
  const Interval at_mid = checks::cert::reduced_h<Interval>(p.lemma, m, half, paper, pi);
  const Interval mean_value = at_mid + jet.d[0] * (box - m);
  const J to_pi =
      checks::cert::reduced_h<J>(p.lemma, J::variable(Interval(lo, end), 0), J(half), J(paper), J(pi));
  const Interval distance = abs(box - pi);
  const Interval taylor = to_pi.h[0] * distance * distance / 2;
  return intersect(intersect(jet.v, mean_value), taylor);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

std::string certified_slice_csv(int figure, long boxes) {
  const checks::cert::LemmaProblem& p = slice_problem(figure);
  if (boxes < 2 || boxes > 100000) throw InvalidArgument("certified slice: boxes must be in [2, 100000]");
  const double pi_d = boost::math::constants::pi<double>();
  // The closed domain [pi/2, pi] rounded outward as in lemma_certificates.hpp.
  const double first = pi_d / 2, last = std::nextafter(pi_d, 4.0);
  std::string out = "theta_lo,theta_hi,theta,value,lo,hi\n";
  char buf[256];
  const double paper = checks::cert::midpoint_double(p.paper);
  for (long i = 0; i < boxes; ++i) {
    const double lo = first + (last - first) * static_cast<double>(i) / static_cast<double>(boxes);
    const double hi =
        i + 1 == boxes ? last : first + (last - first) * static_cast<double>(i + 1) / static_cast<double>(boxes);
    const double mid = (lo + hi) / 2;
    const double value = checks::cert::reduced_h<double>(p.lemma, mid, 0.5, paper, pi_d);
    const Interval e = slice_enclosure(p, lo, hi, last);
    std::snprintf(buf, sizeof buf, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", lo, hi, mid, value,
                  checks::cert::lower_bound(e), checks::cert::upper_bound(e));
    out += buf;
  }
  return out;
}

void plot_certified_slice(int figure, const std::string& csv_path, const std::string& out_path) {
  const std::string title =
      figure == 4 ? "Figure 4: lemma 8 at alpha = 0.05, the r = 1 slice H8(theta, rho = 1) of the reduced expression"
                  : "Figure 5: lemma 13 at c = 20, the r = 1 slice H13(theta, rho = 1) of the reduced expression";
  slice_problem(figure);  // rejects other figures
  std::ostringstream g;
  g << "set datafile separator ','\nset title " << gnuplot_literal(title, "the title") << "\n"
    << "set xlabel 'theta (angle of w1, w2)'\nset ylabel 'H(theta, 1/2)  (>= 0: the lemma holds at rho = 1)'\n"
    << "set xrange [pi/2:pi]\nset key top right opaque box\nset grid\n"
    << "set xtics ('pi/2' pi/2, '5pi/8' 5*pi/8, '3pi/4' 3*pi/4, '7pi/8' 7*pi/8, 'pi' pi)\n"
    << "plot " << gnuplot_literal(csv_path, "the slice CSV path")
    << " using 3:4:1:2:5:6 skip 1 with boxxyerror fs solid 0.35 noborder lc rgb '#4477cc' "
    << "title 'MPFI enclosure of H over each theta box (certified)', "
    << "'' using 3:4 skip 1 with lines lw 2 lc rgb 'black' title 'H at the box midpoints (double)', "
    << "0 with lines dt 2 lc rgb 'red' notitle\n";
  render_with_gnuplot(g.str(), out_path);
}

}  // namespace bothlayers::cli

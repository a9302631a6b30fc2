// Figure 2 (Section 4): with k = 2 and output weights of equal signs GD stalls at
// L = |a|^2/4, with opposite signs it converges; with k > 2 (3, 4, 6) it converges
// and the groups' effective weights P = sum_{v_i > 0} |v_i| w_i, Q = sum_{v_i < 0}
// |v_i| w_i recover a and -a (checks/sign_grouping.hpp). Population GD, Gaussian
// init sigma = 1e-3, d = 10, a unit in a random direction, mu = 0.1.
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/checks/sign_grouping.hpp>
#include <bothlayers/checks/stationary_run.hpp>
#include <bothlayers/sample.hpp>
#include <sstream>

#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using checks::gaussian_start;
using checks::sign_groups;

/// One run's title and start.
struct Run {
  std::string title;
  Network<double> start;
};

/// The first start (seeds 1, 2, ...) with units of both signs; k = 2 runs set the second sign explicitly.
Network<double> start_with_both_signs(Eigen::Index k, Eigen::Index d) {
  for (std::uint64_t seed = 1;; ++seed) {
    Network<double> start = gaussian_start<double>(k, d, 1, 1e-3, seed);
    const auto g = sign_groups(start);
    if (g.positive > 0 && g.negative > 0) return start;
  }
}

/// Every 10th step of each run as a block of CSV rows (gnuplot's `index`, two blank lines between):
/// step, loss, grouping error.
std::string grouping_runs_csv(const std::vector<Run>& runs, const Matrix<double>& A) {
  std::ostringstream csv;
  csv.precision(9);
  const Vector<double> a = A.col(0);
  for (const Run& run : runs) {
    csv << "# " << run.title << ": step, loss, grouping error\n";
    GdOptions<double> o;
    o.max_steps = 20000;
    o.stride = o.max_steps + 1;
    o.loss_tolerance = 1e-14;
    const auto row = [&](long step, const Network<double>& net, double loss) {
      csv << step << "," << loss << "," << sign_groups(net).error(a, Vector<double>(-a), a) << "\n";
    };
    o.observer = [&](const GdStep<double>& s) {
      if (s.step % 10 == 0) row(s.step, s.before, s.loss);
      return GdControl::Continue;
    };
    const GdResult<double> r = gradient_descent(run.start, Objective<double>{A, nullptr, 1}, o);
    row(r.steps, r.final_network, r.final_loss);
    csv << "\n\n";
  }
  return csv.str();
}

std::vector<std::string> make_figure2(const std::string& dir) {
  const Eigen::Index d = 10;
  const Matrix<double> A = random_target<double>(d, 1, 1.0, 2);
  std::vector<Run> runs;
  Network<double> two = gaussian_start<double>(2, d, 1, 1e-3, 1);
  two.V(1, 0) = -two.V(0, 0) / std::abs(two.V(0, 0)) * std::abs(two.V(1, 0));
  runs.push_back({"k = 2, opposite signs", two});
  two.V(1, 0) = -two.V(1, 0);
  runs.push_back({"k = 2, equal signs (stalls)", two});
  for (Eigen::Index k : {3, 4, 6}) runs.push_back({"k = " + std::to_string(k), start_with_both_signs(k, d)});
  const std::string csv = figure_file(dir, "figure2.csv"), png = figure_file(dir, "figure2.png");
  write_file_atomically(csv, grouping_runs_csv(runs, A));
  const std::string data = data_literal(csv);
  std::ostringstream g;
  g << "set datafile separator ','\nset grid\nset logscale y\nset format y '10^{%L}'\nset logscale x\nset xlabel 'step "
       "+ 1'\n"
    << "set multiplot layout 1,2 title 'Figure 2: k = 2 with equal signs stalls at L = |a|^2/4; k > 2 converges "
       "and the sign groups recover a and -a (d = 10, Gaussian init 1e-3, mu = 0.1)'\n"
    << "set title 'loss'\nset ylabel 'L'\nset key top right\nplot ";
  for (std::size_t i = 0; i < runs.size(); ++i)
    g << (i ? ", " : "") << data << " index " << i << " using ($1 + 1):2 with lines lw 2 lc " << i + 1 << " title "
      << gnuplot_literal(runs[i].title, "a run title");
  g << "\nset title 'grouped sums: (|P - a| + |Q + a|) / |a|, P = sum_{v_i>0} |v_i| w_i, Q = sum_{v_i<0} |v_i| w_i'\n"
    << "set ylabel 'grouping error'\nplot ";
  for (std::size_t i = 0; i < runs.size(); ++i)
    g << (i ? ", " : "") << data << " index " << i << " using ($1 + 1):3 with lines lw 2 lc " << i + 1 << " title "
      << gnuplot_literal(runs[i].title, "a run title");
  g << "\nunset multiplot\n";
  render_with_gnuplot(g.str(), png);
  return {png};
}

const FigureRegistrar registrar{
    {"figure2", "Figure 2: k = 2 stalls with equal signs; k = 3, 4, 6 converge, sign groups recover a and -a",
     make_figure2}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

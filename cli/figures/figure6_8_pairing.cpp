// Figures 6-8 (Appendix E.1): r = 3, 5, 10 outputs, k = 2r units, d = 20, Gaussian
// init sigma = 1e-3, target A with unit columns in random directions, mu = 0.1;
// population GD to stationarity, then the units ordered by their pairing
// (checks/unit_pairing.hpp: the best matching for k <= 12, a greedy one above)
// and drawn as two heat maps, cos(w_p, w_q) and cos(V_p, V_q): pairs show as 2 x 2
// blocks with -1 off the diagonal.
#include <algorithm>
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/checks/stationary_run.hpp>
#include <bothlayers/checks/unit_pairing.hpp>
#include <bothlayers/sample.hpp>
#include <cstdio>
#include <sstream>

#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

using checks::pair_error;

/// The units in pairing order: the best matching (k <= 12), else greedily the
/// unmatched pair of least pair error first.
std::vector<std::pair<Eigen::Index, Eigen::Index>> unit_pairs(const Network<double>& net) {
  if (net.k() <= 12) return checks::best_unit_pairing(net).pairs;
  std::vector<std::pair<double, std::pair<Eigen::Index, Eigen::Index>>> candidates;
  for (Eigen::Index p = 0; p < net.k(); ++p)
    for (Eigen::Index q = p + 1; q < net.k(); ++q) candidates.push_back({pair_error(net, p, q, true), {p, q}});
  std::sort(candidates.begin(), candidates.end());
  std::vector<bool> used(static_cast<std::size_t>(net.k()), false);
  std::vector<std::pair<Eigen::Index, Eigen::Index>> pairs;
  for (const auto& [error, pq] : candidates) {
    if (used[static_cast<std::size_t>(pq.first)] || used[static_cast<std::size_t>(pq.second)]) continue;
    used[static_cast<std::size_t>(pq.first)] = used[static_cast<std::size_t>(pq.second)] = true;
    pairs.push_back(pq);
  }
  return pairs;
}

/// The k x k matrix of cosines of the rows of M, in `order`, as CSV (gnuplot's `matrix`).
std::string cosine_matrix_csv(const Matrix<double>& M, const std::vector<Eigen::Index>& order) {
  std::ostringstream csv;
  csv.precision(6);
  for (Eigen::Index p : order) {
    for (std::size_t j = 0; j < order.size(); ++j)
      csv << (j ? "," : "") << M.row(p).normalized().dot(M.row(order[j]).normalized());
    csv << "\n";
  }
  return csv.str();
}

std::vector<std::string> make_pairing_figure(const std::string& dir, int number, Eigen::Index r) {
  const Eigen::Index d = 20, k = 2 * r;
  const Network<double> start = checks::gaussian_start<double>(k, d, r, 1e-3, 1);
  const Matrix<double> A = random_target<double>(d, r, 1.0, 2);
  const GdResult<double> run = checks::run_to_stationarity(
      start, A, checks::StationaryRunOptions{.max_steps = 200000, .residual_tolerance = 1e-10});
  const Network<double>& end = run.final_network;
  std::vector<Eigen::Index> order;
  double worst = 0;
  for (const auto& [p, q] : unit_pairs(end)) {
    order.push_back(p);
    order.push_back(q);
    worst = std::max(worst, pair_error(end, p, q, true));
  }
  const std::string stem = figure_file(dir, "figure" + std::to_string(number));
  write_file_atomically(stem + "_w.csv", cosine_matrix_csv(end.W, order));
  write_file_atomically(stem + "_v.csv", cosine_matrix_csv(end.V, order));
  std::string labels;
  for (std::size_t i = 0; i < order.size(); ++i)
    labels += (i ? ", " : "") + std::string("'") + std::to_string(order[i] + 1) + "' " + std::to_string(i);
  char title[320];
  std::snprintf(
      title, sizeof title,
      "Figure %d (Appendix E.1): r = %ld outputs, k = %ld units, d = 20: after %ld GD steps L / |A|^2 = %.1e; "
      "units ordered by pairing, worst pair error %.1e",
      number, static_cast<long>(r), static_cast<long>(k), run.steps, run.final_loss / A.squaredNorm(), worst);
  std::ostringstream g;
  g << "set datafile separator ','\nset size ratio -1\nset palette defined (-1 'blue', 0 'white', 1 'red')\n"
    << "set cbrange [-1:1]\nset xtics (" << labels << ")\nset ytics (" << labels << ")\nset yrange [] reverse\n"
    << "set xlabel 'unit q (pairing order)'\nset ylabel 'unit p (pairing order)'\n"
    << "set multiplot layout 1,2 title " << gnuplot_literal(title, "a figure title") << "\n"
    << "set title 'cos(w_p, w_q): -1 within a pair (w_p, w_q opposite)'\nset cblabel 'cosine'\n"
    << "plot " << data_literal(stem + "_w.csv") << " matrix with image notitle\n"
    << "set title 'cos(V_p, V_q) (output weight rows): -1 within a pair (V_p, V_q opposite)'\n"
    << "plot " << data_literal(stem + "_v.csv") << " matrix with image notitle\nunset multiplot\n";
  render_with_gnuplot(g.str(), stem + ".png");
  return {stem + ".png"};
}

const FigureRegistrar figure6{{"figure6", "Figure 6 (Appendix E.1): units pair up for r = 3 outputs, k = 6",
                               [](const std::string& dir) { return make_pairing_figure(dir, 6, 3); }}};
const FigureRegistrar figure7{{"figure7", "Figure 7 (Appendix E.1): units pair up for r = 5 outputs, k = 10",
                               [](const std::string& dir) { return make_pairing_figure(dir, 7, 5); }}};
const FigureRegistrar figure8{{"figure8", "Figure 8 (Appendix E.1): units pair up for r = 10 outputs, k = 20",
                               [](const std::string& dir) { return make_pairing_figure(dir, 8, 10); }}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

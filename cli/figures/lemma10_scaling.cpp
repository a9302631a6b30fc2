// Our own figure for lemma 10: sup over unit w, w* of |M(w, w*) - E M|_op for
// Gaussian samples (checks/uniform_concentration.hpp's ascent, a certified lower
// bound) against sqrt(d/n), log-log: n = 4d..64d at d = 10 and d = 5..80 at
// n = 480 (3 samples per point, as the claim lemma10.uniform_concentration_scaling),
// with the line C sqrt(d/n), C the median of sup / sqrt(d/n).
#include <algorithm>
#include <bothlayers/atomic_file.hpp>
#include <bothlayers/checks/uniform_concentration.hpp>
#include <bothlayers/sample.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

std::vector<std::string> make_lemma10_scaling(const std::string& dir) {
  std::vector<std::pair<long, long>> points;  // (d, n): the series in n, then the series in d
  for (long q : {4, 8, 16, 32, 64}) points.push_back({10, 10 * q});
  for (long d : {5, 10, 20, 40, 80}) points.push_back({d, 480});
  std::ostringstream csv;
  csv << "series,d,n,sqrt_d_over_n,sup\n";
  std::vector<double> ratios;
  std::uint64_t seed = 20260101;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto [d, n] = points[i];
    for (int sample = 0; sample < 3; ++sample) {
      const RowMatrix<double> X = gaussian_sample<double>(n, d, ++seed);
      checks::ConcentrationSearchOptions o;
      o.restarts = 48;
      o.seed = ++seed;
      const double sup = checks::sup_wedge_deviation(X, o).best.value;
      const double root = std::sqrt(static_cast<double>(d) / static_cast<double>(n));
      ratios.push_back(sup / root);
      csv << (i < 5 ? 0 : 1) << "," << d << "," << n << "," << root << "," << sup << "\n";
    }
  }
  std::sort(ratios.begin(), ratios.end());
  const double median = ratios[ratios.size() / 2];
  const std::string path = figure_file(dir, "lemma10_scaling.csv"), png = figure_file(dir, "lemma10_scaling.png");
  write_file_atomically(path, csv.str());
  const std::string data = data_literal(path);
  char line[160];
  std::snprintf(line, sizeof line, "%.2f sqrt(d/n) (median of sup / sqrt(d/n))", median);
  std::ostringstream g;
  g << "set datafile separator ','\nset grid\nset logscale xy\nset key top left box opaque\nset xrange [0.08:0.6]\nset "
       "yrange [0.15:2]\n"
    << "set xtics (0.1, 0.15, 0.2, 0.3, 0.4, 0.5)\nset ytics (0.2, 0.3, 0.5, 0.7, 1, 1.5)\n"
    << "set title 'Lemma 10: sup_{|w| = |w*| = 1} |M(w, w*) - E M|_{op} over Gaussian samples scales like sqrt(d/n)'\n"
    << "set xlabel 'sqrt(d/n)'\nset ylabel 'sup |M - E M|_{op} (ascent: a lower bound)'\n"
    << "plot " << data << " using 4:($1 == 0 ? $5 : 1/0) skip 1 with points pt 7 ps 1.5 title 'n = 40..640 at d = 10', "
    << data << " using 4:($1 == 1 ? $5 : 1/0) skip 1 with points pt 5 ps 1.5 title 'd = 5..80 at n = 480', " << median
    << " * x with lines lw 2 dt 2 lc rgb 'black' title " << gnuplot_literal(line, "a legend") << "\n";
  render_with_gnuplot(g.str(), png);
  return {png};
}

const FigureRegistrar registrar{
    {"lemma10_scaling", "ours: lemma 10's sup |M - E M|_op against sqrt(d/n), log-log", make_lemma10_scaling}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

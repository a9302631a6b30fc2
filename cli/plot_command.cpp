// `bothlayers plot`: render a trajectory CSV like the paper's Figure 3 (gnuplot).
#include "command_registry.hpp"
#include "commands.hpp"
#include "gnuplot.hpp"
#include "trajectory_csv_reader.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

void plot_trajectory(const std::string& csv_path, const std::string& out_path, const std::string& title) {
  std::ifstream in(csv_path, std::ios::binary);
  if (!in || std::filesystem::is_directory(csv_path)) throw ParseError("cannot open '" + csv_path + "'");
  const TrajectoryCsvShape shape = read_trajectory_csv(in, csv_path);
  const auto has = [&](const std::string& name) {
    return std::find(shape.columns.begin(), shape.columns.end(), name) != shape.columns.end();
  };
  // Units as in the paper's Figure 3: loss (log scale), v_i, |w_i|, angles.
  const long k = shape.units;
  if (!shape.angles)
    for (long i = 1; i <= k; ++i)
      if (!has("b" + std::to_string(i)))
        throw ParseError(csv_path + ": trajectory CSV lacks column 'b" + std::to_string(i) + "' (and the angles)");
  const auto quoted = [](const std::string& text) { return gnuplot_literal(text, "a plot title or file name"); };
  std::ostringstream g;
  g << "set datafile separator ','\nset key autotitle columnheader\nset grid\n"
    << "set multiplot layout 2,2 title " << quoted(title) << "\n"
    << "set xlabel 'step'\nset logscale y\nset format y '10^{%L}'\nset title 'loss'\n"
    << "plot " << quoted(csv_path) << " using 'step':'loss' with lines lw 2 notitle\n"
    << "unset logscale y\nset format y '%g'\nset title 'output weights v_i'\nplot ";
  for (long i = 1; i <= k; ++i)
    g << (i > 1 ? ", " : "") << quoted(csv_path) << " using 'step':'v" << i << "' with lines lw 2 title 'v" << i << "'";
  g << "\nset title 'hidden norms |w_i|'\nplot ";
  for (long i = 1; i <= k; ++i)
    g << (i > 1 ? ", " : "") << quoted(csv_path) << " using 'step':'w" << i << "_norm' with lines lw 2 title '|w" << i << "|'";
  if (shape.angles) {
    g << "\nset title 'angles (rad)'\nplot " << quoted(csv_path) << " using 'step':'theta' with lines lw 2 title 'theta (w1, w2)', "
      << quoted(csv_path) << " using 'step':'theta1' with lines lw 2 title 'theta1 (w1, a)', " << quoted(csv_path)
      << " using 'step':'theta2' with lines lw 2 title 'theta2 (w2, -a)'";
  } else {
    g << "\nset title 'imbalances b_i'\nplot ";
    for (long i = 1; i <= k; ++i)
      g << (i > 1 ? ", " : "") << quoted(csv_path) << " using 'step':'b" << i << "' with lines lw 2 title 'b" << i << "'";
  }
  g << "\nunset multiplot\n";
  render_with_gnuplot(g.str(), out_path);
}

namespace {
namespace BOTHLAYERS_UNIT_ID {
const CommandRegistrar registrar{Command{
    "plot", "render a trajectory CSV like the paper's Figure 3 (gnuplot)", [](CLI::App& app) -> CommandRun {
      app.footer("Example: bothlayers plot --csv fig3.csv --out fig3.png --title \"Figure 3 setting\"");
      struct Args {
        std::string csv, out, title = "bothlayers trajectory";
      };
      auto a = std::make_shared<Args>();
      app.add_option("--csv", a->csv, "trajectory CSV written by `train --out`")->required();
      app.add_option("--out", a->out, "output image, .png or .svg (written atomically)")->required();
      app.add_option("--title", a->title, "figure title");
      return [a] {
        plot_trajectory(a->csv, a->out, a->title);
        return 0;
      };
    }}};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli

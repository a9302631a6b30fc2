// `bothlayers plot`: render a trajectory CSV like the paper's Figure 3 (gnuplot).
#include "command_registry.hpp"
#include "commands.hpp"
#include "gnuplot.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <sstream>

namespace bothlayers::cli {

namespace {
std::vector<std::string> csv_header(const std::string& text, const std::string& path) {
  const auto end = text.find('\n');
  if (text.empty() || end == std::string::npos) throw ParseError(path + ": not a trajectory CSV (no header line)");
  std::vector<std::string> columns;
  std::stringstream s(text.substr(0, end));
  std::string column;
  while (std::getline(s, column, ',')) columns.push_back(column);
  return columns;
}

bool has(const std::vector<std::string>& columns, const std::string& name) {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

}  // namespace

void plot_trajectory(const std::string& csv_path, const std::string& out_path, const std::string& title) {
  const std::string text = read_file(csv_path);
  const auto columns = csv_header(text, csv_path);
  for (const char* required : {"step", "loss", "v1", "w1_norm"})
    if (!has(columns, required))
      throw ParseError(csv_path + ": trajectory CSV lacks column '" + required + "' (write it with `bothlayers train --out`)");
  if (std::count(text.begin(), text.end(), '\n') < 3) throw ParseError(csv_path + ": fewer than two trajectory rows to plot");
  // Units as in the paper's Figure 3: loss (log scale), v_i, |w_i|, angles.
  long k = 0;
  while (has(columns, "v" + std::to_string(k + 1))) ++k;
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
  if (has(columns, "theta")) {
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
const CommandRegistrar registrar{Command{
    "plot", "render a trajectory CSV like the paper's Figure 3 (gnuplot)", [](CLI::App& app) -> CommandRun {
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
}  // namespace

}  // namespace bothlayers::cli

// `bothlayers figures`: the paper's figures this toolkit regenerates from its
// own runs, into one folder, by one command (Figure 1c's slice, Figure 3's
// three phases at double and mp:50, the precision comparison of the Figure 3
// setting without a loss target, Figures 4 and 5 with certified enclosures);
// the data beside each figure.
#include "certified_outputs.hpp"
#include "command_registry.hpp"
#include "commands.hpp"
#include "gnuplot.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace bothlayers::cli {

std::vector<std::string> make_figures(const std::string& dir) {
  gnuplot_literal(dir, "the figures folder");  // its paths reach gnuplot: reject control characters first
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) throw InvalidArgument("figures: cannot use '" + dir + "' as a folder");
  std::vector<std::string> written;
  const auto path = [&](const std::string& name) { return dir + "/" + name; };
  // Figure 1c: the slice v1 = v2 = 1, w_i = s_i a.
  write_file_atomically(path("figure1c.csv"), figure1c_slice_csv(121, 2.0));
  plot_figure1c_slice(path("figure1c.csv"), path("figure1c.png"), 2.0);
  written.push_back(path("figure1c.png"));
  // Figure 3: population GD, d = 100, a = e1, mu = 0.1, sigma = 1e-4, signs +,- (Section 4).
  TrainConfig fig3;
  fig3.steps = 3000;
  fig3.loss_tolerance = "1e-21";
  for (const std::string precision : {"double", "mp:50"}) {
    fig3.precision = precision;
    const std::string stem = precision == "double" ? "figure3" : "figure3_mp50";
    train(fig3, path(stem + ".csv"));
    plot_trajectory(path(stem + ".csv"), path(stem + ".png"),
                    "Figure 3 setting at " + precision + ": d = 100, a = e1, mu = 0.1, sigma = 1e-4, signs +,-");
    written.push_back(path(stem + ".png"));
  }
  // Our own: where precision matters (Figure 3's run without a loss target).
  TrainConfig longer;
  longer.steps = 1200;
  ComparePrecisionsOptions o;
  o.stride = 5;
  const auto rows = compare_precisions(longer, o);
  write_file_atomically(path("compare_precisions.csv"), compare_precisions_csv(rows));
  plot_compare_precisions(rows, path("compare_precisions.png"),
                          "Figure 3 setting without a loss target (1200 steps): digits agreeing with mp:200");
  written.push_back(path("compare_precisions.png"));
  // Figures 4 and 5: the r = 1 slices of lemmas 8 and 13 with certified enclosures.
  for (const int figure : {4, 5}) {
    const std::string stem = "figure" + std::to_string(figure);
    write_file_atomically(path(stem + ".csv"), certified_slice_csv(figure, 120));
    plot_certified_slice(figure, path(stem + ".csv"), path(stem + ".png"));
    written.push_back(path(stem + ".png"));
  }
  return written;
}

namespace {
const CommandRegistrar registrar{Command{
    "figures", "regenerate the paper's figures from our own runs into one folder", [](CLI::App& app) -> CommandRun {
      app.footer("Example: bothlayers figures --out docs/figures");
      auto dir = std::make_shared<std::string>("figures");
      app.add_option("--out", *dir, "folder for the PNGs and their data (default figures)");
      return [dir] {
        for (const auto& file : make_figures(*dir)) std::cout << file << "\n";
        return 0;
      };
    }}};
}  // namespace

}  // namespace bothlayers::cli

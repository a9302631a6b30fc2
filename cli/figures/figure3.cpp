// Figure 3 (Section 4): population GD, d = 100, a = e1, mu = 0.1, sigma = 1e-4,
// signs +,-: the three phases (alignment, growth, linear convergence), at double
// and at mp:50, drawn like the paper's figure (plot_trajectory).
#include "commands.hpp"
#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

std::vector<std::string> make_figure3(const std::string& dir) {
  TrainConfig fig3;
  fig3.steps = 3000;
  fig3.loss_tolerance = "1e-21";
  std::vector<std::string> written;
  for (const std::string precision : {"double", "mp:50"}) {
    fig3.precision = precision;
    const std::string stem = figure_file(dir, precision == "double" ? "figure3" : "figure3_mp50");
    train(fig3, stem + ".csv");
    plot_trajectory(stem + ".csv", stem + ".png",
                    "Figure 3 setting at " + precision + ": d = 100, a = e1, mu = 0.1, sigma = 1e-4, signs +,-");
    written.push_back(stem + ".png");
  }
  return written;
}

const FigureRegistrar registrar{
    {"figure3", "Figure 3: the three phases of GD (d = 100, sigma = 1e-4) at double and mp:50", make_figure3}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

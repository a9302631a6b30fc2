// Our own figure: where precision matters. Figure 3's run without a loss target
// (1200 steps) at double, long double, float128, mp:50 and mp:200, the digits each
// keeps against mp:200 step by step (compare-precisions).
#include <bothlayers/atomic_file.hpp>

#include "commands.hpp"
#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

std::vector<std::string> make_compare_precisions(const std::string& dir) {
  TrainConfig longer;
  longer.steps = 1200;
  ComparePrecisionsOptions o;
  o.stride = 5;
  const auto rows = compare_precisions(longer, o);
  const std::string png = figure_file(dir, "compare_precisions.png");
  write_file_atomically(figure_file(dir, "compare_precisions.csv"), compare_precisions_csv(rows));
  plot_compare_precisions(rows, png,
                          "Figure 3 setting without a loss target (1200 steps): digits agreeing with mp:200");
  return {png};
}

const FigureRegistrar registrar{{"compare_precisions",
                                 "ours: digits each precision keeps against mp:200 along Figure 3's run (1200 steps)",
                                 make_compare_precisions}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

// Figure 1c (docs/formulas.md section 3): the population loss on the slice v1 = v2 = 1,
// w1 = s1 a, w2 = s2 a, with the valley s1 - s2 = 1 (landscape --slice draws the same).
#include <bothlayers/atomic_file.hpp>

#include "commands.hpp"
#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

std::vector<std::string> make_figure1c(const std::string& dir) {
  const std::string csv = figure_file(dir, "figure1c.csv"), png = figure_file(dir, "figure1c.png");
  write_file_atomically(csv, figure1c_slice_csv(121, 2.0));
  plot_figure1c_slice(csv, png, 2.0);
  return {png};
}

const FigureRegistrar registrar{
    {"figure1c", "Figure 1c: the loss over w1 = s1 a, w2 = s2 a (v1 = v2 = 1) and the valley s1 - s2 = 1",
     make_figure1c}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

// Figures 4 and 5 (docs/formulas.md, lemmas 8 and 13): the r = 1 slices H(theta, s = 1/2)
// of the reduced expressions over theta in [pi/2, pi], each box's MPFI enclosure
// drawn as a band, so the plotted slice is itself a certificate of the closing step.
#include <bothlayers/atomic_file.hpp>

#include "certified_outputs.hpp"
#include "figure_files.hpp"
#include "figure_registry.hpp"

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Figure `figure` (4 or 5) over 120 theta boxes, data beside the image.
std::vector<std::string> make_certified_slice(const std::string& dir, int figure) {
  const std::string stem = "figure" + std::to_string(figure);
  const std::string csv = figure_file(dir, stem + ".csv"), png = figure_file(dir, stem + ".png");
  write_file_atomically(csv, certified_slice_csv(figure, 120));
  plot_certified_slice(figure, csv, png);
  return {png};
}

const FigureRegistrar figure4{{"figure4",
                               "Figure 4 (lemma 8, alpha = 0.05): the r = 1 slice with certified enclosures, >= 0 on every box",
                               [](const std::string& dir) { return make_certified_slice(dir, 4); }}};
const FigureRegistrar figure5{{"figure5",
                               "Figure 5 (lemma 13, c = 20): the r = 1 slice with certified enclosures, >= 0 on every box",
                               [](const std::string& dir) { return make_certified_slice(dir, 5); }}};

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::cli

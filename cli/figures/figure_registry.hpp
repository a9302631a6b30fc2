#pragma once
/// \file figure_registry.hpp
/// The figures `bothlayers figures` regenerates from our own runs. Each figure is
/// one file cli/figures/<name>.cpp that registers its name, a one-line
/// description and the function that draws it into a folder (returning the
/// images it wrote, its data beside them). Adding a figure is adding its file
/// (cli/CMakeLists.txt takes every cli/figures/*.cpp; re-run cmake):
///
///     const FigureRegistrar registrar{{"figure4", "what it shows", make_figure4}};

#include <functional>
#include <string>
#include <vector>

namespace bothlayers::cli {

/// A registered figure.
struct Figure {
  std::string name;         ///< e.g. "figure2"; also what `figures --only` selects
  std::string description;  ///< one line, shown by `figures --list`
  /// Draw into `dir` (an existing folder whose name gnuplot can take); return the images written.
  std::function<std::vector<std::string>(const std::string& dir)> make;
};

/// Every registered figure, sorted by name.
std::vector<Figure> registered_figures();

/// Registers a figure at static-initialization time (one per figure file); a name
/// registered twice aborts the process with a message on stderr.
struct FigureRegistrar {
  explicit FigureRegistrar(Figure figure);
};

}  // namespace bothlayers::cli

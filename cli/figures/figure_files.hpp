#pragma once
/// \file figure_files.hpp
/// What every figure file does with its folder: name a file in it, hand a path to
/// gnuplot as an inert literal (gnuplot.hpp), write its data atomically.

#include <string>

#include "gnuplot.hpp"

namespace bothlayers::cli {

/// `dir`/`name`.
inline std::string figure_file(const std::string& dir, const std::string& name) { return dir + "/" + name; }

/// A data file's path as a gnuplot string literal.
inline std::string data_literal(const std::string& path) { return gnuplot_literal(path, "a figure data file"); }

}  // namespace bothlayers::cli

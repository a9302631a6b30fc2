#pragma once
/// \file trajectory_csv_reader.hpp
/// `plot`'s reader of a trajectory CSV (as `train --out` writes it, docs/formulas.md
/// section 4's quantities per recorded step): the whole file is checked before
/// gnuplot sees it, so a bad CSV gets one line naming the row and column.

#include <istream>
#include <string>
#include <vector>

namespace bothlayers::cli {

/// What `plot` needs to know of a checked trajectory CSV.
struct TrajectoryCsvShape {
  std::vector<std::string> columns;  ///< the header's names
  long units = 0;                    ///< k: columns v1..vk
  bool angles = false;               ///< theta, theta1, theta2 present (k = 2, r = 1)
  long rows = 0;                     ///< data rows
};

/// Read and check a trajectory CSV from `in` (`origin` names it in errors):
/// a header with step, loss, v1 and w1_norm; at least two data rows; every row
/// with the header's number of fields, each a decimal number (or empty: an
/// undefined angle); a step column of whole numbers. Throws ParseError.
TrajectoryCsvShape read_trajectory_csv(std::istream& in, const std::string& origin);

}  // namespace bothlayers::cli

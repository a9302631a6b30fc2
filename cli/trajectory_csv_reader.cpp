#include "trajectory_csv_reader.hpp"

#include <bothlayers/errors.hpp>
#include <bothlayers/precision.hpp>

#include <algorithm>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

bool has(const std::vector<std::string>& columns, const std::string& name) {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

/// A field as plotted: empty (an undefined angle), a decimal, or inf/nan as
/// `train` writes the last row of a run that stopped non-finite; overflowing
/// values are plotted by gnuplot as they are, only the syntax matters here.
bool is_number(const std::string& field) {
  if (field.empty()) return true;
  for (const char* token : {"inf", "-inf", "nan", "-nan"})
    if (field == token) return true;
  try {
    parse_scalar<double>(field);
  } catch (const NonFiniteError&) {
  } catch (const ParseError&) {
    return false;
  }
  return true;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

TrajectoryCsvShape read_trajectory_csv(std::istream& in, const std::string& origin) {
  constexpr std::size_t max_line = 1 << 20;
  TrajectoryCsvShape shape;
  std::string line;
  if (!std::getline(in, line) || line.empty()) throw ParseError(origin + ": not a trajectory CSV (no header line)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  shape.columns = split_fields(line);
  for (const char* required : {"step", "loss", "v1", "w1_norm"})
    if (!has(shape.columns, required))
      throw ParseError(origin + ": trajectory CSV lacks column '" + required + "' (write it with `bothlayers train --out`)");
  for (const auto& name : shape.columns)
    if (std::count(shape.columns.begin(), shape.columns.end(), name) > 1)
      throw ParseError(origin + ": column '" + name.substr(0, 40) + "' appears twice in the header");
  while (has(shape.columns, "v" + std::to_string(shape.units + 1))) ++shape.units;
  for (long i = 1; i <= shape.units; ++i)
    if (!has(shape.columns, "w" + std::to_string(i) + "_norm"))
      throw ParseError(origin + ": trajectory CSV has v" + std::to_string(i) + " but no w" + std::to_string(i) + "_norm");
  shape.angles = has(shape.columns, "theta") && has(shape.columns, "theta1") && has(shape.columns, "theta2");
  const std::size_t step_column =
      static_cast<std::size_t>(std::find(shape.columns.begin(), shape.columns.end(), "step") - shape.columns.begin());
  long line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.size() > max_line) throw ParseError(origin + ":" + std::to_string(line_number) + ": line longer than 1 MB");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto fields = split_fields(line);
    const std::string where = origin + ":" + std::to_string(line_number) + ": ";
    if (fields.size() != shape.columns.size())
      throw ParseError(where + std::to_string(fields.size()) + " fields, the header has " + std::to_string(shape.columns.size()));
    for (std::size_t j = 0; j < fields.size(); ++j)
      if (!is_number(fields[j]))
        throw ParseError(where + "column '" + shape.columns[j].substr(0, 40) + "' is not a number: '" +
                         fields[j].substr(0, 40) + "'");
    if (fields[step_column].empty() || fields[step_column].find_first_not_of("0123456789") != std::string::npos)
      throw ParseError(where + "step must be a whole number, got '" + fields[step_column].substr(0, 40) + "'");
    ++shape.rows;
  }
  if (shape.rows < 2) throw ParseError(origin + ": fewer than two trajectory rows to plot");
  return shape;
}

}  // namespace bothlayers::cli

#pragma once
/// \file point_json.hpp
/// JSON input for the CLI: numbers are kept as their decimal text (a SAX
/// parser turns every JSON number into a string), so `0.1` reaches an MPFR
/// scalar as 0.1 at full precision, not as the double nearest to it.

#include <bothlayers/network.hpp>
#include <bothlayers/precision.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace bothlayers::cli {

/// How deep arrays and objects may nest in any JSON bothlayers reads (its own
/// documents nest at most 5 deep). Deeper input is a ParseError before any value
/// is built: a 100,000-deep array crashed the process (nlohmann's recursive
/// dump and copy ran off the stack) instead of being refused.
inline constexpr int max_json_depth = 64;

/// Parse JSON text, turning every number into its decimal string; throws ParseError
/// naming `origin` (malformed, or nested deeper than max_json_depth).
nlohmann::json parse_json_exact(const std::string& text, const std::string& origin);

/// Parse JSON text with numbers as numbers (checkpoints, sweep configs, results);
/// throws ParseError naming `origin` (malformed, or nested deeper than max_json_depth).
nlohmann::json parse_json(const std::string& text, const std::string& origin);

/// Read a JSON value (number-as-string or decimal string) as Scalar; `what` names it in errors.
template <class Scalar>
Scalar json_scalar(const nlohmann::json& value, const std::string& what);

/// Read a JSON array of numbers as a vector.
template <class Scalar>
Vector<Scalar> json_vector(const nlohmann::json& value, const std::string& what);

/// Read a JSON array of equal-length arrays as a matrix (rows x cols).
template <class Scalar>
Matrix<Scalar> json_matrix(const nlohmann::json& value, const std::string& what);

/// A point to evaluate: network, target and optional sample.
template <class Scalar>
struct Point {
  Network<Scalar> net;
  Matrix<Scalar> A;
  std::optional<RowMatrix<Scalar>> X;
};

/// Read {"a"|"A", "W", "v"|"V", optional "X"} from parsed JSON and validate shapes.
template <class Scalar>
Point<Scalar> read_point(const nlohmann::json& doc);

/// A decimal string of x at full precision (the output format of every CLI value).
template <class Scalar>
nlohmann::json json_decimal(const Scalar& x) {
  return to_decimal_string(x);
}

}  // namespace bothlayers::cli

#include "point_json.hpp"

#include <bothlayers/empirical.hpp>
#include <bothlayers/scalar_list.hpp>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
using DomSax = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;

/// A DOM builder that refuses nesting deeper than max_json_depth (before it is built).
class DepthLimitedSax : public DomSax {
 public:
  using DomSax::DomSax;
  bool start_object(std::size_t n) { return deeper() && DomSax::start_object(n); }
  bool start_array(std::size_t n) { return deeper() && DomSax::start_array(n); }
  bool end_object() { return --depth_, DomSax::end_object(); }
  bool end_array() { return --depth_, DomSax::end_array(); }

 private:
  bool deeper() {
    if (++depth_ > max_json_depth)
      throw ParseError("arrays and objects nested deeper than " + std::to_string(max_json_depth) + " levels");
    return true;
  }
  int depth_ = 0;
};

/// DOM builder that stores every number as the text it was written with.
class ExactNumberSax : public DepthLimitedSax {
 public:
  using DepthLimitedSax::DepthLimitedSax;
  bool number_integer(number_integer_t value) {
    std::string text = std::to_string(value);
    return DomSax::string(text);
  }
  bool number_unsigned(number_unsigned_t value) {
    std::string text = std::to_string(value);
    return DomSax::string(text);
  }
  bool number_float(number_float_t, const string_t& text) {
    std::string copy = text;
    return DomSax::string(copy);
  }
};

template <class Sax>
nlohmann::json parse_with(const std::string& text, const std::string& origin) {
  nlohmann::json doc;
  Sax sax(doc, true);
  try {
    nlohmann::json::sax_parse(text, &sax);
  } catch (const nlohmann::json::exception& e) {
    throw ParseError(origin + ": malformed JSON: " + e.what());
  } catch (const ParseError& e) {
    throw ParseError(origin + ": " + e.what());
  }
  return doc;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

nlohmann::json parse_json_exact(const std::string& text, const std::string& origin) {
  return parse_with<ExactNumberSax>(text, origin);
}

nlohmann::json parse_json(const std::string& text, const std::string& origin) {
  return parse_with<DepthLimitedSax>(text, origin);
}

template <class Scalar>
Scalar json_scalar(const nlohmann::json& value, const std::string& what) {
  if (!value.is_string()) throw ParseError(what + " must be a number or a decimal string");
  try {
    return parse_scalar<Scalar>(value.get<std::string>());
  } catch (const ParseError& e) {
    throw ParseError(what + ": " + e.what());
  } catch (const NonFiniteError& e) {
    throw NonFiniteError(what + ": " + e.what());
  }
}

template <class Scalar>
Vector<Scalar> json_vector(const nlohmann::json& value, const std::string& what) {
  if (!value.is_array() || value.empty()) throw ParseError(what + " must be a non-empty array of numbers");
  Vector<Scalar> out(static_cast<Eigen::Index>(value.size()));
  for (std::size_t i = 0; i < value.size(); ++i)
    out(static_cast<Eigen::Index>(i)) = json_scalar<Scalar>(value[i], what + "[" + std::to_string(i) + "]");
  return out;
}

template <class Scalar>
Matrix<Scalar> json_matrix(const nlohmann::json& value, const std::string& what) {
  if (!value.is_array() || value.empty() || !value[0].is_array() || value[0].empty())
    throw ParseError(what + " must be a non-empty array of non-empty arrays of numbers");
  const std::size_t cols = value[0].size();
  Matrix<Scalar> out(static_cast<Eigen::Index>(value.size()), static_cast<Eigen::Index>(cols));
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string row = what + "[" + std::to_string(i) + "]";
    if (!value[i].is_array() || value[i].size() != cols)
      throw DimensionError(row + " has " + std::to_string(value[i].is_array() ? value[i].size() : 0) +
                           " entries, expected " + std::to_string(cols) + " like row 0");
    for (std::size_t j = 0; j < cols; ++j)
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          json_scalar<Scalar>(value[i][j], row + "[" + std::to_string(j) + "]");
  }
  return out;
}

template <class Scalar>
Point<Scalar> read_point(const nlohmann::json& doc) {
  if (!doc.is_object()) throw ParseError("the point must be a JSON object with keys a, W, v (and optional X)");
  for (const auto& [key, _] : doc.items())
    if (key != "a" && key != "A" && key != "W" && key != "v" && key != "V" && key != "X")
      throw ParseError("unknown key '" + key + "' (expected a, W, v, optional X; A and V for r > 1)");
  auto need = [&](const char* one, const char* many) -> const nlohmann::json& {
    const bool has_one = doc.contains(one), has_many = doc.contains(many);
    if (has_one == has_many)
      throw ParseError(std::string("the point needs exactly one of '") + one + "' or '" + many + "'");
    return doc.at(has_one ? one : many);
  };
  Point<Scalar> p;
  if (!doc.contains("W")) throw ParseError("the point needs 'W' (k rows of d numbers)");
  p.net.W = json_matrix<Scalar>(doc.at("W"), "W");
  const bool vector_v = doc.contains("v");
  p.net.V = vector_v ? Matrix<Scalar>(json_vector<Scalar>(need("v", "V"), "v")) : json_matrix<Scalar>(need("v", "V"), "V");
  const bool vector_a = doc.contains("a");
  p.A = vector_a ? Matrix<Scalar>(json_vector<Scalar>(need("a", "A"), "a")) : json_matrix<Scalar>(need("a", "A"), "A");
  validate(p.net, p.A);
  if (doc.contains("X")) {
    RowMatrix<Scalar> X = json_matrix<Scalar>(doc.at("X"), "X");
    if (X.cols() != p.net.d())
      throw DimensionError("X has " + std::to_string(X.cols()) + " columns but W has d = " + std::to_string(p.net.d()));
    p.X = std::move(X);
  }
  return p;
}

#define BOTHLAYERS_POINT_JSON_INSTANTIATE(S)                                    \
  template S json_scalar<S>(const nlohmann::json&, const std::string&);         \
  template Vector<S> json_vector<S>(const nlohmann::json&, const std::string&); \
  template Matrix<S> json_matrix<S>(const nlohmann::json&, const std::string&); \
  template Point<S> read_point<S>(const nlohmann::json&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_POINT_JSON_INSTANTIATE)

}  // namespace bothlayers::cli

// `bothlayers eval`: loss, gradient and Hessian at a point, at any precision.
#include "command_registry.hpp"
#include "commands.hpp"
#include "memory_budget.hpp"
#include "require_finite.hpp"
#include "output_format.hpp"
#include "point_json.hpp"

#include <bothlayers/atomic_file.hpp>

#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>

#include <CLI/CLI.hpp>

#include <memory>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
template <class Scalar>
nlohmann::json matrix_json(const Matrix<Scalar>& M) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < M.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < M.cols(); ++j) row.push_back(json_decimal(M(i, j)));
    rows.push_back(row);
  }
  return rows;
}

template <class Scalar>
nlohmann::json evaluate(const nlohmann::json& doc, const Precision& precision, bool with_hessian) {
  const Point<Scalar> p = read_point<Scalar>(doc);
  if (with_hessian) {  // (kd + kr)^2 entries, each also a decimal string in the JSON output
    const double order = static_cast<double>(p.net.parameter_count());
    require_memory(order * order * (scalar_bytes<Scalar>() + 64), "the Hessian (" + std::to_string(p.net.parameter_count()) +
                   " x " + std::to_string(p.net.parameter_count()) + " entries)", "use --no-hessian");
  }
  nlohmann::json out;
  out["precision"] = precision.name();
  out["loss_kind"] = p.X ? "empirical" : "population";
  if (p.X) out["n"] = p.X->rows();
  const LossAndGradient<Scalar> lg =
      p.X ? empirical_loss_and_gradient(p.net, p.A, *p.X) : population_loss_and_gradient(p.net, p.A);
  require_finite(lg.loss, "the loss");
  require_finite(lg.gradient.W, "the gradient");
  require_finite(lg.gradient.V, "the gradient");
  out["loss"] = json_decimal(lg.loss);
  out["grad_W"] = matrix_json(lg.gradient.W);
  if (doc.contains("v")) {
    nlohmann::json gv = nlohmann::json::array();
    for (Eigen::Index i = 0; i < lg.gradient.V.rows(); ++i) gv.push_back(json_decimal(lg.gradient.V(i, 0)));
    out["grad_v"] = gv;
  } else {
    out["grad_V"] = matrix_json(lg.gradient.V);
  }
  if (with_hessian) {
    const Matrix<Scalar> H = p.X ? empirical_hessian(p.net, p.A, *p.X) : population_hessian(p.net, p.A);
    require_finite(H, "the Hessian");
    out["hessian"] = matrix_json(H);
  }
  return out;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

nlohmann::json evaluate_point(const std::string& text, const Precision& precision, bool with_hessian) {
  const nlohmann::json doc = parse_json_exact(text, "point");
  return dispatch_precision(precision, [&](auto tag) {
    return evaluate<typename decltype(tag)::type>(doc, precision, with_hessian);
  });
}

namespace {
namespace BOTHLAYERS_UNIT_ID {
const CommandRegistrar registrar{Command{
    "eval", "loss, gradient and Hessian at a point, at any precision", [](CLI::App& app) -> CommandRun {
      app.footer(
          "Example: bothlayers eval --point cli/examples/point_k2_d3.json --precision mp:60 --no-hessian\n"
          "         bothlayers eval --point cli/examples/point_k2_d3.json --format csv --out eval.csv");
      struct Args {
        std::string point_path, precision_name = "double", out, format = "json";
        bool no_hessian = false;
      };
      auto a = std::make_shared<Args>();
      app.add_option("--point", a->point_path, "JSON {a, W, v[, X]}: numbers or decimal strings")->required();
      app.add_option("--precision", a->precision_name, "double | long-double | double-double | float128 | bin-float-50 | mp:DIGITS");
      app.add_flag("--no-hessian", a->no_hessian, "skip the Hessian");
      app.add_option("--out", a->out, "write the result here (atomically) instead of stdout");
      app.add_option("--format", a->format, "json (default) or csv (key,value rows, keys as JSON pointers)");
      return [a] {
        check_output(a->out);
        const OutputFormat format = parse_output_format(a->format);
        const auto result = evaluate_point(read_file(a->point_path), parse_precision(a->precision_name), !a->no_hessian);
        emit(format == OutputFormat::Json ? result.dump(2) + "\n" : json_to_key_value_csv(result), a->out);
        return 0;
      };
    }}};
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

}  // namespace bothlayers::cli

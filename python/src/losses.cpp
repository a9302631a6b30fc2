// Population and empirical loss, gradient and Hessian at any precision: the
// library's functions on the CLI's point (read_point: the same shapes, the
// same messages as `eval`), with eval's overflow checks (require_finite) and
// memory bound for the Hessian. Two entries:
// - evaluate(what, point_json, precision, output): the point as `eval`'s JSON
//   (every number an exact decimal string), any precision; values out exact
//   (exponent, doubles) or as eval's decimal strings;
// - evaluate_double(what, W, V, A, X): float64 arrays in and out, no text.
// The GIL is released while the library computes.
#include "binding.hpp"
#include "exact.hpp"
#include "mpfr_lock.hpp"

#include "memory_budget.hpp"
#include "point_json.hpp"
#include "require_finite.hpp"

#include <bothlayers/empirical.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/precision.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>

namespace bothlayers::python {

namespace py = pybind11;
using cli::Point;

namespace {

enum class What { Loss, Gradient, Hessian };

What parse_what(const std::string& name) {
  if (name == "loss") return What::Loss;
  if (name == "gradient") return What::Gradient;
  if (name == "hessian") return What::Hessian;
  throw InvalidArgument("what must be 'loss', 'gradient' or 'hessian', not '" + name + "'");
}

template <class Scalar>
struct Result {
  std::optional<Scalar> loss;
  std::optional<Gradient<Scalar>> gradient;
  std::optional<Matrix<Scalar>> hessian;
};

/// What `eval` computes for one quantity, with its checks.
template <class Scalar>
Result<Scalar> compute(const Point<Scalar>& p, What what, unsigned threads) {
  Result<Scalar> r;
  switch (what) {
    case What::Loss:
      // eval's empirical loss is the fused kernel's (its sums in chunk order), not empirical_loss's
      // row-by-row sum: the same value to rounding, and here the same bits as `eval`.
      r.loss = p.X ? empirical_loss_and_gradient(p.net, p.A, *p.X, threads).loss : population_loss(p.net, p.A);
      cli::require_finite(*r.loss, "the loss");
      break;
    case What::Gradient:
      r.gradient = p.X ? empirical_gradient(p.net, p.A, *p.X, threads) : population_gradient(p.net, p.A);
      cli::require_finite(r.gradient->W, "the gradient");
      cli::require_finite(r.gradient->V, "the gradient");
      break;
    case What::Hessian: {
      const double order = static_cast<double>(p.net.parameter_count());
      cli::require_memory(order * order * cli::scalar_bytes<Scalar>(),
                          "the Hessian (" + std::to_string(p.net.parameter_count()) + " x " +
                              std::to_string(p.net.parameter_count()) + " entries)",
                          "evaluate the gradient only");
      r.hessian = p.X ? empirical_hessian(p.net, p.A, *p.X) : population_hessian(p.net, p.A);
      cli::require_finite(*r.hessian, "the Hessian");
      break;
    }
  }
  return r;
}

py::dict evaluate(const std::string& what_name, const std::string& point_json, const std::string& precision,
                  const std::string& output_name, unsigned threads) {
  const What what = parse_what(what_name);
  const Output output = parse_output(output_name);
  const Precision p = parse_precision(precision);
  std::optional<MpfrLock> lock;
  nlohmann::json doc;
  {
    py::gil_scoped_release nogil;
    doc = cli::parse_json_exact(point_json, "point");
    lock.emplace(p.kind == ScalarKind::Mpfr);
  }
  return dispatch_precision(p, [&](auto tag) {
    using S = typename decltype(tag)::type;
    std::optional<OutValue> loss;
    std::optional<OutMatrix> grad_W, grad_V, hessian;
    {
      py::gil_scoped_release nogil;
      const Point<S> point = cli::read_point<S>(doc);
      const Result<S> r = compute(point, what, threads);
      if (r.loss) loss = out_value(*r.loss, output);
      if (r.gradient) {
        grad_W = out_matrix(r.gradient->W, output);
        grad_V = out_matrix(r.gradient->V, output);
      }
      if (r.hessian) hessian = out_matrix(*r.hessian, output);
    }
    py::dict out;
    if (loss) out["loss"] = to_python(*loss, output);
    if (grad_W) out["grad_W"] = to_python(*grad_W, output);
    if (grad_V) out["grad_V"] = to_python(*grad_V, output);
    if (hessian) out["hessian"] = to_python(*hessian, output);
    return out;
  });
}

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// A 2-d array as a matrix; a 1-d one (v, a) as a column.
Matrix<double> to_matrix(const Array& a) {
  if (a.ndim() == 1) return Eigen::Map<const Vector<double>>(a.data(), a.shape(0));
  if (a.ndim() != 2) throw DimensionError("expected a 1-d or 2-d array");  // the package checks before calling
  return Eigen::Map<const RowMatrix<double>>(a.data(), a.shape(0), a.shape(1));
}

Array to_array(const Matrix<double>& M) {
  Array a({M.rows(), M.cols()});
  Eigen::Map<RowMatrix<double>>(a.mutable_data(), M.rows(), M.cols()) = M;
  return a;
}

py::dict evaluate_double(const std::string& what_name, const Array& W, const Array& V, const Array& A,
                         const std::optional<Array>& X, unsigned threads) {
  const What what = parse_what(what_name);
  Point<double> point{Network<double>{to_matrix(W), to_matrix(V)}, to_matrix(A), std::nullopt};
  if (X) {
    if (X->ndim() != 2) throw DimensionError("expected a 2-d array");
    point.X = RowMatrix<double>(Eigen::Map<const RowMatrix<double>>(X->data(), X->shape(0), X->shape(1)));
  }
  Result<double> r;
  {
    py::gil_scoped_release nogil;
    // read_point's checks on arrays: the network and target (validate), then X's width.
    validate(point.net, point.A);
    if (point.X && point.X->cols() != point.net.d())
      throw DimensionError("X has " + std::to_string(point.X->cols()) + " columns but W has d = " +
                           std::to_string(point.net.d()));
    r = compute(point, what, threads);
  }
  py::dict out;
  if (r.loss) out["loss"] = *r.loss;
  if (r.gradient) {
    out["grad_W"] = to_array(r.gradient->W);
    out["grad_V"] = to_array(r.gradient->V);
  }
  if (r.hessian) out["hessian"] = to_array(*r.hessian);
  return out;
}

}  // namespace

void register_losses(py::module_& m) {
  m.def("evaluate", &evaluate, py::arg("what"), py::arg("point_json"), py::arg("precision"),
        py::arg("output") = "exact", py::arg("threads") = 1,
        "Loss, gradient or Hessian ('loss' | 'gradient' | 'hessian') at an eval-format point "
        "(population without X, empirical with it) at any precision name.");
  m.def("evaluate_double", &evaluate_double, py::arg("what"), py::arg("W"), py::arg("V"), py::arg("A"),
        py::arg("X") = py::none(), py::arg("threads") = 1,
        "The same at double on float64 arrays W (k x d), V (k x r or k), A (d x r or d), X (n x d) or None.");
}

}  // namespace bothlayers::python

// Theorem 1's landscape at a point (`landscape`) and one run across
// precisions (`compare-precisions`): the CLI's functions, their JSON
// documents handed back as text (the package returns them as dicts).
#include "binding.hpp"
#include "mpfr_lock.hpp"

#include "commands.hpp"

#include <bothlayers/precision.hpp>

#include <pybind11/stl.h>

#include <optional>

namespace bothlayers::python {

namespace py = pybind11;

namespace {

std::string landscape(const std::string& point_json, const std::string& precision) {
  const Precision p = parse_precision(precision);
  py::gil_scoped_release nogil;
  MpfrLock lock(p.kind == ScalarKind::Mpfr);
  return cli::landscape_point(point_json, p).dump();
}

std::string compare_precisions(const std::string& config_json, const std::optional<std::vector<std::string>>& precisions,
                               double tolerance, long stride, const std::optional<long>& steps) {
  cli::TrainConfig config = cli::parse_train_config(config_json);
  if (steps) {  // compare-precisions --steps
    if (*steps < 0) throw InvalidArgument("--steps must be >= 0");
    config.steps = *steps;
  }
  cli::ComparePrecisionsOptions options;
  if (precisions) options.precisions = *precisions;
  options.tolerance = tolerance;
  options.stride = stride;
  py::gil_scoped_release nogil;
  MpfrLock lock(true);  // the reference is an mp:* run whatever the list
  const auto rows = cli::compare_precisions(config, options);
  return cli::compare_precisions_json(rows, options).dump();
}

}  // namespace

void register_landscape(py::module_& m) {
  m.def("landscape", &landscape, py::arg("point_json"), py::arg("precision"),
        "`landscape --point`: the JSON document for a k = 2, r = 1 population point.");
  m.def("compare_precisions", &compare_precisions, py::arg("config_json"), py::arg("precisions") = py::none(),
        py::arg("tolerance") = 1e-6, py::arg("stride") = 1, py::arg("steps") = py::none(),
        "`compare-precisions --json`: the run of a train config at every listed precision against the widest.");
}

}  // namespace bothlayers::python

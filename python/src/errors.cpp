// bothlayers' typed errors (errors.hpp) as Python exceptions: bothlayers.Error
// derives from ValueError, and each C++ type has its subclass, carrying the
// message the CLI prints after "bothlayers: error: ".
#include "binding.hpp"

#include <bothlayers/errors.hpp>

namespace bothlayers::python {

void register_errors(pybind11::module_& m) {
  namespace py = pybind11;
  // The base first: pybind11 tries the translators registered last first, so
  // each subclass below is matched before its base.
  static py::exception<Error> base(m, "Error", PyExc_ValueError);
  base.doc() = "Base of every bothlayers error (a ValueError); the message is the CLI's one line.";
  py::register_exception<DimensionError>(m, "DimensionError", base.ptr());
  py::register_exception<NonFiniteError>(m, "NonFiniteError", base.ptr());
  py::register_exception<ZeroNormError>(m, "ZeroNormError", base.ptr());
  py::register_exception<InvalidArgument>(m, "InvalidArgument", base.ptr());
  py::register_exception<ParseError>(m, "ParseError", base.ptr());
  py::register_exception<EmptySampleError>(m, "EmptySampleError", base.ptr());
}

}  // namespace bothlayers::python

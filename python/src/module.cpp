// The extension module `bothlayers._core`; the public API is the package
// `bothlayers` (python/bothlayers/__init__.py), which wraps these functions.
#include "binding.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "bothlayers' C++ core: exact population/empirical losses, gradient descent, landscape (see the package bothlayers)";
  bothlayers::python::register_errors(m);
  bothlayers::python::register_convert(m);
  bothlayers::python::register_losses(m);
  bothlayers::python::register_train(m);
  bothlayers::python::register_landscape(m);
}

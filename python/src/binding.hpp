#pragma once
/// \file binding.hpp
/// The pieces of the `bothlayers._core` extension, one concept per file:
/// errors.cpp (typed exceptions), mpfr_lock.cpp (MPFR's process-wide precision
/// held by one computation at a time), exact.hpp (scalars to Python without
/// rounding), convert.cpp (precision names, exact round trips), losses.cpp
/// (population and empirical loss, gradient, Hessian), train.cpp (gradient
/// descent, whole or streamed), landscape.cpp (landscape, compare-precisions).

#include <pybind11/pybind11.h>

namespace bothlayers::python {

void register_errors(pybind11::module_& m);
void register_convert(pybind11::module_& m);
void register_losses(pybind11::module_& m);
void register_train(pybind11::module_& m);
void register_landscape(pybind11::module_& m);

}  // namespace bothlayers::python

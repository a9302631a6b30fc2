#pragma once
/// \file scalar_list.hpp
/// The one list of supported scalar types: a macro for explicit instantiation
/// (`BOTHLAYERS_FOR_EACH_SCALAR(X)` expands X(type) for each) and a type list
/// for typed tests and benchmarks.

#include <bothlayers/scalar.hpp>

#include <tuple>

#define BOTHLAYERS_FOR_EACH_SCALAR(X) \
  X(double)                           \
  X(long double)                      \
  X(::bothlayers::float128)           \
  X(::bothlayers::bin_float_50)       \
  X(::bothlayers::mp_float)

namespace bothlayers {
/// Every supported scalar type, in order of increasing cost.
using AllScalars = std::tuple<double, long double, float128, bin_float_50, mp_float>;
}  // namespace bothlayers

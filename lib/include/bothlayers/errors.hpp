#pragma once
/// \file errors.hpp
/// Typed exceptions thrown by the library. Every message names the offending
/// quantity; the CLI prints the message on one line and exits 2.

#include <stdexcept>
#include <string>

namespace bothlayers {

/// Base of every bothlayers error.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// Shapes that do not fit together (W vs a, X vs W, V vs A, ...).
struct DimensionError : Error {
  using Error::Error;
};
/// A NaN or infinity in an input.
struct NonFiniteError : Error {
  using Error::Error;
};
/// A quantity that needs a direction w_i/|w_i| was asked at a neuron with w_i = 0
/// (the population loss is not differentiable there, docs/formulas.md section 2).
struct ZeroNormError : Error {
  using Error::Error;
};
/// An option or argument outside its allowed set (bad precision name, step <= 0, ...).
struct InvalidArgument : Error {
  using Error::Error;
};
/// A malformed input file (JSON point, config).
struct ParseError : Error {
  using Error::Error;
};
/// An empty sample (n = 0) where an average over the sample is needed.
struct EmptySampleError : Error {
  using Error::Error;
};

}  // namespace bothlayers

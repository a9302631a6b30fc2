#pragma once
/// \file tolerance.hpp
/// The claims' tolerances: the library's one definition (bothlayers/tolerance.hpp),
/// in units of the type's epsilon, computed in the scalar type.

#include <bothlayers/tolerance.hpp>

namespace bothlayers::claims {

using bothlayers::eps_units;
using bothlayers::finite_difference_tolerance;
using bothlayers::identity_tolerance;

}  // namespace bothlayers::claims

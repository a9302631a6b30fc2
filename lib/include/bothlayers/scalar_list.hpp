#pragma once
/// \file scalar_list.hpp
/// Compatibility header: the scalar list now lives in scalar_table.hpp
/// (BOTHLAYERS_FOR_EACH_SCALAR, ScalarTypes, AllScalars, ScalarTraits).

#include <bothlayers/scalar_table.hpp>

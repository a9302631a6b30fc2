#pragma once
/// \file scalar_table.hpp
/// THE table of supported scalar types: one row per type, in order of
/// increasing cost. Everything that enumerates scalar types reads it: the
/// explicit instantiations (`BOTHLAYERS_FOR_EACH_SCALAR`), the run-time
/// dispatcher and `scalar_name` (precision.hpp), `parse_precision` and
/// `Precision::name` (src/precision.cpp), the typed-test list
/// (lib/tests/test_scalars.hpp) and the benchmark cases (bench/bench_common.hpp).
/// lib/CMakeLists.txt keeps its own list for the generated instantiation
/// units; a static_assert in src/precision.cpp and in each generated unit
/// checks it against this table (same identifiers, same order, same types).
///
/// Columns of a row X(M, type, Kind, "name", id, hardware, runtime_digits):
///   type            the C++ type (fully qualified: the macro expands anywhere)
///   Kind            its ScalarKind enumerator (Precision::Kind)
///   "name"          its precision name on the command line; a type with run-time
///                   digits is written "name:DIGITS" (mp:60)
///   id              an identifier (file names, test names, CMake's BL_SCALAR_FILES)
///   hardware        true when arithmetic is in hardware (benchmarks use larger grids)
///   runtime_digits  true when the precision is set at run time (MPFR, process-wide)

#include <bothlayers/scalar.hpp>

#include <cstddef>
#include <string_view>
#include <tuple>

// The table. X(M, type, Kind, "name", id, hardware, runtime_digits) per row; M is
// passed through untouched so that a row macro can forward one column to
// another macro (BOTHLAYERS_FOR_EACH_SCALAR below).
#define BOTHLAYERS_SCALAR_TABLE(X, M)                                                 \
  X(M, double, Double, "double", double, true, false)                                \
  X(M, long double, LongDouble, "long-double", long_double, true, false)             \
  X(M, ::bothlayers::double_double, DoubleDouble, "double-double", double_double, true, false) \
  X(M, ::bothlayers::float128, Float128, "float128", float128, false, false)         \
  X(M, ::bothlayers::bin_float_50, BinFloat50, "bin-float-50", bin_float_50, false, false) \
  X(M, ::bothlayers::mp_float, Mpfr, "mp", mp_float, false, true)

/// Expand M(type) once per row of the table (for explicit instantiation).
#define BOTHLAYERS_FOR_EACH_SCALAR(M) BOTHLAYERS_SCALAR_TABLE(BOTHLAYERS_DETAIL_APPLY_TO_TYPE, M)
#define BOTHLAYERS_DETAIL_APPLY_TO_TYPE(M, type, kind, name, id, hardware, runtime) M(type)

namespace bothlayers {

/// A compile-time list of types.
template <class... Ts>
struct TypeList {
  static constexpr std::size_t size = sizeof...(Ts);
};

/// Which row of the table a precision names.
enum class ScalarKind {
#define BOTHLAYERS_DETAIL_KIND(M, type, kind, name, id, hardware, runtime) kind,
  BOTHLAYERS_SCALAR_TABLE(BOTHLAYERS_DETAIL_KIND, _)
#undef BOTHLAYERS_DETAIL_KIND
};

/// Per-type row of the table; undefined for unsupported types.
template <class Scalar>
struct ScalarTraits;

#define BOTHLAYERS_DETAIL_TRAITS(M, type_, kind_, name_, id_, hardware_, runtime_) \
  template <>                                                                   \
  struct ScalarTraits<type_> {                                                  \
    using type = type_;                                                         \
    static constexpr ScalarKind kind = ScalarKind::kind_;                       \
    static constexpr std::string_view name = name_;                             \
    static constexpr std::string_view id = #id_;                                \
    static constexpr bool hardware = hardware_;                                 \
    static constexpr bool runtime_digits = runtime_;                            \
  };
BOTHLAYERS_SCALAR_TABLE(BOTHLAYERS_DETAIL_TRAITS, _)
#undef BOTHLAYERS_DETAIL_TRAITS

namespace detail {
#define BOTHLAYERS_DETAIL_TYPE_COMMA(M, type, kind, name, id, hardware, runtime) type,
// The trailing comma is absorbed by a sentinel that is dropped below.
struct Sentinel;
template <class List, class... Ts>
struct DropSentinel;
template <class... Done>
struct DropSentinel<TypeList<Done...>, Sentinel> {
  using type = TypeList<Done...>;
};
template <class... Done, class T, class... Rest>
struct DropSentinel<TypeList<Done...>, T, Rest...> : DropSentinel<TypeList<Done..., T>, Rest...> {};
}  // namespace detail

/// Every supported scalar type, in the table's order (increasing cost).
using ScalarTypes =
    typename detail::DropSentinel<TypeList<>, BOTHLAYERS_SCALAR_TABLE(BOTHLAYERS_DETAIL_TYPE_COMMA, _) detail::Sentinel>::type;
#undef BOTHLAYERS_DETAIL_TYPE_COMMA

/// The same list as a std::tuple (kept for existing users).
template <class List>
struct AsTuple;
template <class... Ts>
struct AsTuple<TypeList<Ts...>> {
  using type = std::tuple<Ts...>;
};
using AllScalars = typename AsTuple<ScalarTypes>::type;

/// Type tag passed to dispatch callbacks and per-type loops.
template <class Scalar>
struct ScalarTag {
  using type = Scalar;
};

/// Call f(ScalarTag<S>{}) for every S in the table, in order.
template <class F>
void for_each_scalar_type(F&& f) {
  [&]<class... Ts>(TypeList<Ts...>) { (f(ScalarTag<Ts>{}), ...); }(ScalarTypes{});
}

/// Number of rows of the table.
inline constexpr std::size_t kScalarCount = ScalarTypes::size;

/// The table's ids in order, joined by commas (CMake passes BL_SCALAR_FILES so).
inline constexpr std::string_view kScalarIds =
#define BOTHLAYERS_DETAIL_ID(M, type, kind, name, id, hardware, runtime) #id ","
    BOTHLAYERS_SCALAR_TABLE(BOTHLAYERS_DETAIL_ID, _);
#undef BOTHLAYERS_DETAIL_ID

/// True when `list` ("a,b,c") names the table's ids in order.
constexpr bool matches_scalar_ids(std::string_view list) {
  const std::string_view table = kScalarIds.substr(0, kScalarIds.size() - 1);  // drop the last comma
  return list == table;
}

}  // namespace bothlayers

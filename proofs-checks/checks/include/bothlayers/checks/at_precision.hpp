#pragma once
/// \file at_precision.hpp
/// How a check is compiled once per scalar type and called at a precision
/// named at run time. A check's entry point is a plain function, declared in
/// its header and defined in its unit under checks/src, that takes the
/// precision first and returns an Outcome; its body is a template over the
/// scalar type, instantiated at every row of the scalar table in that one
/// unit and nowhere else:
///
///   // checks/printed_forms.hpp
///   Outcome stable_form_matches_printed(const Precision& precision, const PointInstance& p, bool planted);
///   // checks/src/printed_forms.cpp
///   Outcome stable_form_matches_printed(const Precision& precision, const PointInstance& p, bool planted) {
///     return at_precision(precision, [&](auto tag) { return stable_form<typename decltype(tag)::type>(p, planted); });
///   }
///
/// A claim file then names the check and binds its parameters without a
/// template of its own (claims/runner.hpp calls `check(precision, instance)`).

#include <bothlayers/checks/margin.hpp>
#include <bothlayers/precision.hpp>

#include <concepts>
#include <type_traits>
#include <utility>

namespace bothlayers::checks {

/// A check's result as an Outcome: a Margin (or a plain double) gets an empty detail.
template <class R>
Outcome as_outcome(R&& r) {
  if constexpr (std::is_same_v<std::decay_t<R>, Outcome>) return std::forward<R>(r);
  else return Outcome{Margin(std::forward<R>(r)), ""};
}

/// Call `body(ScalarTag<S>{})` with S the scalar type of `precision` (MPFR's
/// precision set for mp:DIGITS) and return its Margin or Outcome as an Outcome.
template <class Body>
Outcome at_precision(const Precision& precision, Body&& body) {
  return dispatch_precision(precision, [&](auto tag) -> Outcome { return as_outcome(body(tag)); });
}

/// A compiled check of `Instance`: `check(precision, instance) -> Outcome`.
template <class Check, class Instance>
concept PrecisionCheck = requires(Check& check, const Precision& precision, const Instance& instance) {
  { check(precision, instance) } -> std::same_as<Outcome>;
};

}  // namespace bothlayers::checks

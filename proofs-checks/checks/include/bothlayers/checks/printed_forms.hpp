#pragma once
/// \file printed_forms.hpp
/// The library's cancellation-free population loss and gradient against the
/// forms the paper prints (eqs. (9), (11), (12), pp. 19-21), compiled once per
/// scalar type (checks/src/printed_forms.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/properties/instances.hpp>

namespace bothlayers::checks {

/// Eqs. (9), (11), (12), pp. 19-21: the largest difference between the
/// library's loss and gradient and the printed forms, over 1 + |A|^2 +
/// sum_i (|v_i| |w_i|)^2, within identity_tolerance (digits of headroom). With
/// `planted`, the library's results first lose min(300, p/2) of their p
/// digits (the negative control: a precision loss the check must see at every
/// precision, mp:500 included).
Outcome stable_form_matches_printed(const Precision& precision, const properties::PointInstance& p, bool planted);

}  // namespace bothlayers::checks

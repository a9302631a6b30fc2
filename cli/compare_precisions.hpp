#pragma once
/// \file compare_precisions.hpp
/// The per-step comparison of `compare-precisions` (compare_precisions_command.cpp),
/// apart for its tests: digits agreeing and departures, NaN never read as agreement.

#include "commands.hpp"

#include <bothlayers/precision.hpp>

namespace bothlayers::cli {

/// Digits agreeing, -log10(|x - r| / |r|) at the reference precision, capped at `cap`
/// (0 / 0 agrees fully; x / 0 not at all; a non-finite value on either side is NaN,
/// never agreement).
double digits_agreeing(const mp_float& error_norm, const mp_float& reference_norm, double cap);

/// One compared step into `s`: its digits, and the first departures (a step whose
/// loss, or parameters, agree to fewer than `threshold_digits`; NaN digits depart).
void record_compared_step(PrecisionRunComparison& s, long step, double loss_digits, double param_digits,
                          double threshold_digits);

}  // namespace bothlayers::cli

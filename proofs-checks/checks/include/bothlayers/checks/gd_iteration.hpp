#pragma once
/// \file gd_iteration.hpp
/// Theorem 2's iteration against two other computations of it: the run of its
/// coordinates in the span of A and W(0) (lib span_reduction.hpp) and gradient
/// descent's modified flow (lib gd_flow.hpp), compiled once per scalar type
/// (checks/src/gd_iteration.cpp).

#include <bothlayers/checks/at_precision.hpp>
#include <bothlayers/properties/instances.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

namespace bothlayers::checks {

/// Theorem 2 (pp. 5-6), derived from eqs. (11)-(12): population GD at mu = 1/16 from
/// `p` keeps W's rows in span(A, W(0)), so its 100 iterates equal the lifted iterates
/// of the run in an orthonormal basis of that span, to 8 (t + 1) (d + k) eps after t + 1
/// steps (margins in the scalar type). With `wrong_basis` (the negative control) the
/// basis is built with a Gaussian direction drawn from `seed` in place of w_k(0).
/// Margin: the worst step's digits; no margin when a run stops early.
Outcome span_reduced_run_agrees(const Precision& precision, const properties::PointInstance& p, bool wrong_basis,
                                std::uint64_t seed);

/// One instance of the flow comparison: shape, target norm, depth of the initialization, seed.
struct FlowCase {
  long d = 3;
  double a_norm = 1, log_ratio = 6;
  std::uint64_t seed = 1;
  std::string describe() const {
    char buf[128];
    std::snprintf(buf, sizeof buf, "d=%ld |a|=%.4g ln(sqrt|a|/sigma)=%.4g seed=%llu", d, a_norm, log_ratio,
                  static_cast<unsigned long long>(seed));
    return buf;
  }
};

/// Theorem 2's iteration (p. 6) as a flow: from the paper's initialization (k = 2,
/// sigma = sqrt|a| e^-log_ratio), GD at mu|a| = 0.04, 0.02, 0.01, 0.005 for N = ceil(T / mu)
/// steps, T = (2 ln + 8) / |a|, against the modified flow x' = -G - (mu/2) DG G at N
/// (GdFlow; with `drop_correction`, the negative control, plain gradient flow against the
/// same prediction). Margin: the least of log10 2 - |log10(observed gap / the model's
/// predicted gap)| over the mu whose prediction is above 10 x the rounding and integration
/// floors, and log10(0.25 / |slope - 2|) of the gap's log-log slope in mu; no margin
/// with fewer than 3 such mu or when GD stops early.
Outcome flow_matches_gd(const Precision& precision, const FlowCase& fc, bool drop_correction);

}  // namespace bothlayers::checks

#pragma once
/// \file certified_outputs.hpp
/// What the CLI makes of the interval certificates (proofs-checks/checks/include/bothlayers/checks):
/// the certified population GD trajectory of a train config (paper Theorem 2, Figure 3;
/// `bothlayers certify-trajectory`) and the r = 1 slices of the reduced lemma 8 and
/// lemma 13 expressions with their certified enclosures (the paper's Figures 4 and 5;
/// `bothlayers figures`).

#include <bothlayers/checks/certified_trajectory.hpp>
#include <string>
#include <vector>

#include "commands.hpp"

namespace bothlayers::cli {

/// The population GD run of a train config as a certificate problem: the seeded
/// start sigma U, the target, mu, the step limit and the loss tolerance as target
/// ("0": no target, run every step). An empirical config ("n") names the same
/// start: its population run is what is certified. Throws InvalidArgument for a
/// config the certificate cannot take (k * d above 10^6).
checks::cert::TrajectorySpec trajectory_spec(const TrainConfig& config);

/// The run as CSV: step,loss_lo,loss_hi,loss_width,radius,growth,rounding (outward-rounded doubles).
std::string certified_trajectory_csv(const checks::cert::CertifiedRun& run);

/// Figure 4 (lemma 8, alpha = 0.05) or 5 (lemma 13, c = 20): the r = 1 slice
/// H(theta, s = 1/2) of the reduced expression (reduced_lemmas.hpp) over
/// theta in [pi/2, pi] as CSV theta_lo,theta_hi,theta,value,lo,hi: the point
/// value at each box's midpoint and the MPFI enclosure over the box.
std::string certified_slice_csv(int figure, long boxes);

/// Plot a certified_slice_csv file: the curve and the band of enclosures (PNG or SVG).
void plot_certified_slice(int figure, const std::string& csv_path, const std::string& out_path);

}  // namespace bothlayers::cli

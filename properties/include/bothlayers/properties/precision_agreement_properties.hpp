#pragma once
/// \file precision_agreement_properties.hpp
/// Precision agreement: the population loss and gradient (and a short GD
/// trajectory) at Scalar against the same computation at a wider MPFR
/// reference (mp:100, or twice Scalar's digits if that is more), on inputs
/// drawn as doubles so both precisions see the same numbers.
///
/// - Well-conditioned instances (generic angles, unit scales): relative error
///   <= 1e-12 at double (scaled by eps<Scalar>/eps<double> at MPFR);
///   margin log10(tolerance / relative error) in digits.
/// - Ill-conditioned instances (tiny scales sigma, angles near 0 and pi, points
///   near the global optimum): the digits Scalar keeps, -log10(relative
///   error), for the cancellation-free forms (population_loss,
///   population_gradient) and for the paper's printed forms (eq. (9), eqs.
///   (11)-(12)); the claim is that a form loses at most `max_lost` of
///   Scalar's decimal digits (double: keeps >= 15 - max_lost), margin
///   max_lost - digits lost.
///
/// Relative errors are norm-wise: |x - x_ref| / |x_ref| with the Frobenius
/// norm over (grad_W, grad_V) for gradients and over (W, V) for networks.

#include <bothlayers/properties/generators.hpp>
#include <bothlayers/properties/instances.hpp>
#include <bothlayers/properties/property_runner.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace bothlayers::properties {

/// Decimal digits of the MPFR reference used against Scalar (>= 100).
template <class Scalar>
unsigned reference_digits() {
  return static_cast<unsigned>(std::max(100, 2 * decimal_digits<Scalar>()));
}

/// Which forms a check evaluates.
enum class LossForm {
  CancellationFree,  ///< population_loss, population_gradient
  Printed            ///< population_loss_eq9, population_gradient_eq11 (paper as printed)
};

/// Relative errors of loss and gradient at Scalar against the reference, for one form.
struct AgreementErrors {
  double loss = 0;      ///< |L - L_ref| / |L_ref|
  double gradient = 0;  ///< |g - g_ref|_F / |g_ref|_F
  /// Digits kept: -log10 of the larger relative error (capped at the reference's digits).
  double digits() const;
};

/// Relative errors of population loss and gradient at Scalar vs the reference (throws ZeroNormError for w_i = 0).
template <class Scalar>
AgreementErrors loss_gradient_errors(const PointInstance& p, LossForm form);

/// Well-conditioned agreement: both forms within 1e-12 relative at double
/// (1e-12 eps<Scalar>/eps<double> at MPFR). Margin log10(tolerance / worst relative error).
template <class Scalar>
Margin well_conditioned_agreement(const PointInstance& p);

/// An ill-conditioned instance: a paper point (k = 2, r = 1) of one family,
/// with the parameter that makes it ill-conditioned.
struct ConditioningInstance {
  enum class Family { TinyScale, NearParallel, NearOpposite, NearOptimum };
  Family family = Family::TinyScale;
  double parameter = 0;  ///< sigma (TinyScale), theta (NearParallel), pi - theta (NearOpposite), delta (NearOptimum)
  PointInstance point;
  std::string family_name() const {
    switch (family) {
      case Family::TinyScale: return "tiny-sigma";
      case Family::NearParallel: return "near-parallel";
      case Family::NearOpposite: return "near-opposite";
      case Family::NearOptimum: return "near-optimum";
    }
    return "?";
  }
  std::string parameter_name() const {
    switch (family) {
      case Family::TinyScale: return "sigma";
      case Family::NearParallel: return "theta";
      case Family::NearOpposite: return "pi-theta";
      case Family::NearOptimum: return "delta";
    }
    return "?";
  }
  std::string short_name() const { return family_name() + " " + parameter_name() + "=" + num(parameter); }
  std::string describe() const { return short_name() + " " + point.describe(); }
};

inline void showValue(const ConditioningInstance& x, std::ostream& os) { os << x.describe(); }

/// Digits the form keeps on an ill-conditioned instance, as a margin
/// max_lost - (decimal_digits<Scalar>() - digits kept); `digits_kept` (if
/// given) receives the digits kept.
template <class Scalar>
Margin digits_kept_margin(const ConditioningInstance& c, LossForm form, double max_lost,
                          double* digits_kept = nullptr);

/// A short GD run in the Figure 3 setting (PAPER.md section 4): d = 100 by
/// default, a = e1, population loss, step 0.1, Xavier normal initialization
/// times sigma (k = 2, r = 1), `steps` updates.
struct GdPrecisionInstance {
  int d = 100;
  double sigma = 1;
  long steps = 50;
  std::uint64_t init_seed = 1;
  std::string describe() const {
    return "fig3 d=" + std::to_string(d) + " sigma=" + num(sigma) + " steps=" + std::to_string(steps) +
           " mu=0.1 init_seed=" + std::to_string(init_seed);
  }
};

inline void showValue(const GdPrecisionInstance& x, std::ostream& os) { os << x.describe(); }

/// GD trajectory agreement: the final (W, V) and every step's loss at Scalar
/// within 1e-12 relative of the reference's (scaled by eps ratio at MPFR).
/// Margin log10(tolerance / worst relative error).
template <class Scalar>
Margin gd_agreement(const GdPrecisionInstance& g);

#define BOTHLAYERS_PRECISION_EXTERN(S)                                                            \
  extern template AgreementErrors loss_gradient_errors<S>(const PointInstance&, LossForm);        \
  extern template Margin well_conditioned_agreement<S>(const PointInstance&);                     \
  extern template Margin digits_kept_margin<S>(const ConditioningInstance&, LossForm, double, double*); \
  extern template Margin gd_agreement<S>(const GdPrecisionInstance&);
BOTHLAYERS_PRECISION_EXTERN(double)
BOTHLAYERS_PRECISION_EXTERN(::bothlayers::mp_float)
#undef BOTHLAYERS_PRECISION_EXTERN

namespace gens {

/// Well-conditioned point: k 2..8, r 1..3, d 2..64, unit directions drawn
/// independently (generic angles, rejected if any pair is within 0.05 of 0 or pi),
/// |w_i|, |V_i|, |A columns| in 10^[-1/2, 1/2].
rc::Gen<PointInstance> well_conditioned_point(int max_k = 8, int max_r = 3, int max_d = 64);

/// Ill-conditioned paper point of one family (or any family):
/// - tiny-sigma: |w_i|, |v_i| = sigma 10^[-1/2, 1/2], sigma = sqrt|a| 10^[-12, -9], angle from gens::angle();
/// - near-parallel / near-opposite: theta = 10^-e resp. pi - 10^-e, e in 1..12, unit scales;
/// - near-optimum: v1 w1 = a + delta |a| u1, v2 w2 = -a + delta |a| u2 (u_i random unit), delta 10^[-5, -1].
/// |a| in 1e-3..1e3, d 2..64.
rc::Gen<ConditioningInstance> ill_conditioned_point(std::optional<ConditioningInstance::Family> family = std::nullopt,
                                                    double delta_lo = -5, double delta_hi = -1);

/// Figure 3 GD instance: sigma 10^[-1, 0], an init seed; d = 100.
rc::Gen<GdPrecisionInstance> fig3_gd(long steps = 50);

}  // namespace gens

}  // namespace bothlayers::properties

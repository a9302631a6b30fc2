#pragma once
/// \file population_mpfr_path.hpp
/// MPFR fast path of the cancellation-free population loss and gradient (paper
/// eqs. (9), (11), (12) in the form of population.hpp): the generic path run
/// with in-place MPFR arithmetic.

#include <bothlayers/detail/population_generic_path.hpp>

namespace bothlayers::detail {

/// In-place MPFR arithmetic, the same operations as PlainArithmetic<mp_float>:
/// mpfr_* calls on the values' own storage, without the temporaries (one
/// mpfr_init2 + malloc each) and the per-operation precision bookkeeping of
/// Boost's operators. Every result is rounded to its destination's precision
/// (hence GenericWorkspace::prepare recreates the workspace when it changes).
struct MpfrInPlace {
  static void mul_to(mp_float& out, const mp_float& a, const mp_float& b) {
    mpfr_mul(out.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
  }
  /// acc += a * b as mul + add (two roundings, sqr for squares): about 15% cheaper
  /// than mpfr_fma, whose exact double-length product goes through the slow
  /// mixed-precision addition.
  static void add_product(mp_float& acc, const mp_float& a, const mp_float& b, mp_float& scratch) {
    if (&a == &b) {
      mpfr_sqr(scratch.backend().data(), a.backend().data(), MPFR_RNDN);
    } else {
      mpfr_mul(scratch.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
    }
    mpfr_add(acc.backend().data(), acc.backend().data(), scratch.backend().data(), MPFR_RNDN);
  }
  static void sub_to(mp_float& out, const mp_float& a, const mp_float& b) {
    mpfr_sub(out.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
  }
  static void add_to(mp_float& out, const mp_float& a, const mp_float& b) {
    mpfr_add(out.backend().data(), a.backend().data(), b.backend().data(), MPFR_RNDN);
  }
  /// out = a b - c with one rounding (mpfr_fms).
  static void fms_to(mp_float& out, const mp_float& a, const mp_float& b, const mp_float& c) {
    mpfr_fms(out.backend().data(), a.backend().data(), b.backend().data(), c.backend().data(), MPFR_RNDN);
  }
  /// x *= 2^e, exact.
  static void ldexp_in_place(mp_float& x, int e) {
    if (e >= 0) {
      mpfr_mul_2ui(x.backend().data(), x.backend().data(), static_cast<unsigned long>(e), MPFR_RNDN);
    } else {
      mpfr_div_2ui(x.backend().data(), x.backend().data(), static_cast<unsigned long>(-e), MPFR_RNDN);
    }
  }
  static void set_zero(mp_float& x) { mpfr_set_zero(x.backend().data(), 1); }
  static void negate_in_place(mp_float& x) { mpfr_neg(x.backend().data(), x.backend().data(), MPFR_RNDN); }
  /// out = 1 / |w| = 1 / sqrt(|w|^2), correctly rounded (mpfr_rec_sqrt).
  static void reciprocal_norm(mp_float& out, const mp_float& squared_norm, const mp_float& /*norm*/) {
    mpfr_rec_sqrt(out.backend().data(), squared_norm.backend().data(), MPFR_RNDN);
  }
};

/// Loss and gradient at MPFR: loss_and_gradient_generic with MpfrInPlace.
/// Returns nullopt when some |w_i| = 0.
inline std::optional<LossAndGradient<mp_float>> loss_and_gradient_mpfr(const Network<mp_float>& net,
                                                                       const Matrix<mp_float>& A, bool with_gradient) {
  return loss_and_gradient_generic<mp_float, MpfrInPlace>(net, A, with_gradient);
}

}  // namespace bothlayers::detail

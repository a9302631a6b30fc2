#pragma once
// Definitions of the population closed forms (population.hpp), one idea per
// file. Included only by lib/src/instantiate.cpp.in, which instantiates them
// once per scalar type:
//   population_arithmetic.hpp     scalar operations the loss-and-gradient kernels are written in
//   population_folded_defect.hpp  delta(t) of the folded arc-cosine kernel (eqs. (8)-(9))
//   population_generic_path.hpp   cancellation-free loss + gradient, any scalar (eqs. (9), (11), (12))
//   population_double_path.hpp    the same for double, Eigen-vectorized
//   population_mpfr_path.hpp      the same for MPFR, in-place arithmetic
//   population_loss_gradient.hpp  path dispatcher and the public loss / gradient entry points
//   population_printed_forms.hpp  eqs. (9), (11), (12) as printed
//   population_hessian.hpp        eq. (14), division-free at t = 0 and pi
//   population_arccos_kernel.hpp  eq. (8) and the indicator Gram matrix

#include <bothlayers/detail/population_arccos_kernel.hpp>
#include <bothlayers/detail/population_hessian.hpp>
#include <bothlayers/detail/population_loss_gradient.hpp>
#include <bothlayers/detail/population_printed_forms.hpp>

#define BOTHLAYERS_POPULATION_INSTANTIATE(S)                                                  \
  template S population_loss<S>(const Network<S>&, const Matrix<S>&);                         \
  template S population_loss_eq9<S>(const Network<S>&, const Matrix<S>&);                     \
  template Gradient<S> population_gradient<S>(const Network<S>&, const Matrix<S>&);           \
  template Gradient<S> population_gradient_eq11<S>(const Network<S>&, const Matrix<S>&);      \
  template LossAndGradient<S> population_loss_and_gradient<S>(const Network<S>&,              \
                                                              const Matrix<S>&);              \
  template Matrix<S> population_hessian<S>(const Network<S>&, const Matrix<S>&);              \
  template S arccos_kernel<S>(const Vector<S>&, const Vector<S>&);                            \
  template Matrix<S> indicator_gram<S>(const Vector<S>&, const Vector<S>&);

#pragma once
/// \file landscape_impl.hpp
/// The definition of hessian_spectrum (landscape.hpp): the Eigen eigensolver,
/// compiled once per scalar type by src/instantiate.cpp.in.

#include <bothlayers/landscape.hpp>

#include <Eigen/Eigenvalues>

#include <algorithm>

namespace bothlayers {

/// Eigenvalues of the population Hessian (eq. (14)), sorted ascending (landscape.hpp).
template <class Scalar>
Vector<Scalar> hessian_spectrum(const Network<Scalar>& net, const Matrix<Scalar>& A) {
  const Matrix<Scalar> H = population_hessian(net, A);
  Eigen::SelfAdjointEigenSolver<Matrix<Scalar>> solver(H, Eigen::EigenvaluesOnly);
  if (solver.info() != Eigen::Success) throw Error("hessian_spectrum: eigen solver did not converge");
  Vector<Scalar> ev = solver.eigenvalues();
  std::sort(ev.data(), ev.data() + ev.size());
  return ev;
}

#define BOTHLAYERS_LANDSCAPE_INSTANTIATE(S) \
  template Vector<S> hessian_spectrum<S>(const Network<S>&, const Matrix<S>&);

}  // namespace bothlayers

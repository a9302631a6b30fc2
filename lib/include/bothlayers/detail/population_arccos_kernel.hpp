#pragma once
/// \file population_arccos_kernel.hpp
/// Arc-cosine kernel, paper eq. (8), and its mixed second derivative, the
/// expected indicator Gram matrix (docs/formulas.md section 2, derived there).

#include <bothlayers/population.hpp>

namespace bothlayers {

template <class Scalar>
Scalar arccos_kernel(const Vector<Scalar>& p, const Vector<Scalar>& q) {
  using std::cos;
  using std::sin;
  if (p.size() != q.size()) throw DimensionError("arccos_kernel: vectors of different dimension");
  const Scalar np = p.norm(), nq = q.norm();
  if (!(np > 0) || !(nq > 0)) return Scalar(0);
  const Scalar t = angle_between<Scalar>(p, q);
  const Scalar pi_value = pi<Scalar>();
  return np * nq * (sin(t) + (pi_value - t) * cos(t)) / (2 * pi_value);
}

template <class Scalar>
Matrix<Scalar> indicator_gram(const Vector<Scalar>& e_in, const Vector<Scalar>& f_in) {
  using std::cos;
  using std::sin;
  if (e_in.size() != f_in.size()) throw DimensionError("indicator_gram: vectors of different dimension");
  const Scalar ne = e_in.norm(), nf = f_in.norm();
  if (!(ne > 0) || !(nf > 0)) throw ZeroNormError("indicator_gram: a direction has zero norm");
  const Vector<Scalar> e = e_in / ne, f = f_in / nf;
  const Scalar t = angle_between<Scalar>(e, f);
  const Scalar pi_value = pi<Scalar>();
  const Eigen::Index d = e.size();
  Matrix<Scalar> M = (pi_value - t) * Matrix<Scalar>::Identity(d, d);
  const Vector<Scalar> p = f - e.dot(f) * e;
  const Scalar pn = p.norm();
  if (pn > 0) {
    const Vector<Scalar> u = p / pn;
    M += sin(t) * (cos(t) * (e * e.transpose() - u * u.transpose()) +
                   sin(t) * (e * u.transpose() + u * e.transpose()));
  }
  return M / (2 * pi_value);
}

}  // namespace bothlayers

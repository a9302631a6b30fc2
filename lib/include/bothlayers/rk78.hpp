#pragma once
/// \file rk78.hpp
/// One step of Fehlberg's embedded Runge-Kutta pair of orders 7 and 8
/// (E. Fehlberg, "Classical fifth-, sixth-, seventh-, and eighth-order
/// Runge-Kutta formulas with stepsize control", NASA TR R-287, 1968, table
/// X), generic over the scalar: every coefficient is a ratio of small
/// integers, formed in Scalar (no double constant), so the step is as
/// accurate as the type. The 8th-order solution is propagated (local
/// extrapolation); the difference to the 7th-order one, h 41/840 (k1 + k11 -
/// k12 - k13), is the error estimate of the 7th-order solution and so bounds
/// the propagated solution's local error from above for small h. Used by
/// gd_flow.hpp to integrate gradient descent's modified flow (paper
/// Theorem 2's iteration read as a flow).

#include <bothlayers/scalar.hpp>

#include <array>

namespace bothlayers {

/// Fehlberg 7(8) tableau in Scalar: nodes c, the lower-triangular a, the 8th-order weights b.
template <class Scalar>
struct Rk78Tableau {
  std::array<Scalar, 13> c;
  std::array<std::array<Scalar, 12>, 13> a{};
  std::array<Scalar, 13> b{};

  Rk78Tableau() {
    const auto q = [](long n, long d) { return Scalar(n) / Scalar(d); };
    for (auto& row : a) row.fill(Scalar(0));
    b.fill(Scalar(0));
    c = {Scalar(0), q(2, 27), q(1, 9), q(1, 6), q(5, 12), q(1, 2), q(5, 6), q(1, 6), q(2, 3), q(1, 3), Scalar(1),
         Scalar(0), Scalar(1)};
    a[1][0] = q(2, 27);
    a[2][0] = q(1, 36), a[2][1] = q(1, 12);
    a[3][0] = q(1, 24), a[3][2] = q(1, 8);
    a[4][0] = q(5, 12), a[4][2] = q(-25, 16), a[4][3] = q(25, 16);
    a[5][0] = q(1, 20), a[5][3] = q(1, 4), a[5][4] = q(1, 5);
    a[6][0] = q(-25, 108), a[6][3] = q(125, 108), a[6][4] = q(-65, 27), a[6][5] = q(125, 54);
    a[7][0] = q(31, 300), a[7][4] = q(61, 225), a[7][5] = q(-2, 9), a[7][6] = q(13, 900);
    a[8][0] = Scalar(2), a[8][3] = q(-53, 6), a[8][4] = q(704, 45), a[8][5] = q(-107, 9), a[8][6] = q(67, 90),
    a[8][7] = Scalar(3);
    a[9][0] = q(-91, 108), a[9][3] = q(23, 108), a[9][4] = q(-976, 135), a[9][5] = q(311, 54), a[9][6] = q(-19, 60),
    a[9][7] = q(17, 6), a[9][8] = q(-1, 12);
    a[10][0] = q(2383, 4100), a[10][3] = q(-341, 164), a[10][4] = q(4496, 1025), a[10][5] = q(-301, 82),
    a[10][6] = q(2133, 4100), a[10][7] = q(45, 82), a[10][8] = q(45, 164), a[10][9] = q(18, 41);
    a[11][0] = q(3, 205), a[11][5] = q(-6, 41), a[11][6] = q(-3, 205), a[11][7] = q(-3, 41), a[11][8] = q(3, 41),
    a[11][9] = q(6, 41);
    a[12][0] = q(-1777, 4100), a[12][3] = q(-341, 164), a[12][4] = q(4496, 1025), a[12][5] = q(-289, 82),
    a[12][6] = q(2193, 4100), a[12][7] = q(51, 82), a[12][8] = q(33, 164), a[12][9] = q(12, 41), a[12][11] = Scalar(1);
    b[5] = q(34, 105), b[6] = q(9, 35), b[7] = q(9, 35), b[8] = q(9, 280), b[9] = q(9, 280), b[11] = q(41, 840),
    b[12] = q(41, 840);
  }
};

/// Workspace of rk78_step: the 13 stage derivatives and a stage point.
template <class Vec>
struct Rk78Work {
  std::array<Vec, 13> k;
  Vec stage;
};

/// One Fehlberg 7(8) step of x' = f(x) (autonomous) from x over h: `out` is the
/// 8th-order solution, `error` the embedded estimate h 41/840 (k1 + k11 - k12 -
/// k13). `f(x, dx)` writes the derivative into dx and returns false when it is
/// undefined there (a zero-norm unit): then the step returns false, out untouched.
/// Vec is an Eigen vector over Scalar; out may not alias x.
template <class Scalar, class Vec, class Field>
bool rk78_step(const Field& f, const Rk78Tableau<Scalar>& t, const Vec& x, const Scalar& h, Vec& out, Vec& error,
               Rk78Work<Vec>& w) {
  for (int s = 0; s < 13; ++s) {
    w.stage = x;
    for (int j = 0; j < s; ++j)
      if (t.a[s][j] != 0) w.stage += (h * t.a[s][j]) * w.k[j];
    if (!f(w.stage, w.k[s])) return false;
  }
  out = x;
  for (int s = 0; s < 13; ++s)
    if (t.b[s] != 0) out += (h * t.b[s]) * w.k[s];
  error = (h * (Scalar(41) / Scalar(840))) * (w.k[0] + w.k[10] - w.k[11] - w.k[12]);
  return true;
}

}  // namespace bothlayers

// Every path of the population kernel (lib/include/bothlayers/detail/population_*.hpp):
// 1. the double and MPFR fast paths against the generic path at the same type,
//    to a few ulps of the size of the terms (a reordering, not a different formula);
// 2. long double, float128 and bin_float_50 (the generic path at those types, and
//    the Hessian) against the printed eqs. (9), (11), (12) and eq. (14) at 100
//    MPFR digits (reference: a wider type, and for loss/gradient an independent
//    formula), to a small multiple of each type's eps;
// 3. the Hessian's 1/sin t limit terms at exactly parallel and exactly opposite
//    units (t = 0 and t = pi) against central differences of the gradient at 60 digits;
// 4. switching the MPFR precision inside one process (30 -> 200 digits): the
//    200-digit results carry ~200 digits (reference at 300 digits: eqs. (9), (11), (12)
//    and differences of (11)-(12)), so no workspace or temporary survives at the first precision.
// Inputs are doubles on a 2^-10 grid, exact in every type, so every precision
// sees the same numbers.
#include <bothlayers/detail/population_double_path.hpp>
#include <bothlayers/detail/population_generic_path.hpp>
#include <bothlayers/detail/population_mpfr_path.hpp>
#include <bothlayers/population.hpp>
#include <bothlayers/precision.hpp>
#include <bothlayers/random.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::testing {
namespace {
namespace BOTHLAYERS_UNIT_ID {

/// Round every entry to the grid 2^-10 (exact in every scalar type).
Matrix<double> on_grid(Matrix<double> M) {
  for (Eigen::Index i = 0; i < M.size(); ++i) M(i) = std::ldexp(std::round(std::ldexp(M(i), 10)), -10);
  return M;
}

struct Instance {
  Network<double> net;
  Matrix<double> A;
  std::string name;
};

/// A random instance (k, d, r), with optionally unit 1 exactly parallel
/// (kind 1), exactly opposite (kind 2) or nearly parallel (kind 3) to unit 0.
Instance random_instance(std::uint64_t seed, Eigen::Index k, Eigen::Index d, Eigen::Index r, int kind = 0) {
  Rng rng(seed);
  Instance in{Network<double>{on_grid(rng.normal_matrix(k, d)), on_grid(rng.normal_matrix(k, r))},
              on_grid(rng.normal_matrix(d, r)), ""};
  for (Eigen::Index i = 0; i < k; ++i)
    if (in.net.W.row(i).squaredNorm() == 0) in.net.W(i, 0) = 1;  // no zero unit
  if (k >= 2 && kind == 1) in.net.W.row(1) = 2 * in.net.W.row(0);
  if (k >= 2 && kind == 2) in.net.W.row(1) = -in.net.W.row(0) / 4;
  if (k >= 2 && kind == 3) {
    in.net.W.row(1) = in.net.W.row(0);
    in.net.W(1, d - 1) += std::ldexp(1.0, -40);
  }
  in.name = "seed " + std::to_string(seed) + " k=" + std::to_string(k) + " d=" + std::to_string(d) +
            " r=" + std::to_string(r) + " kind " + std::to_string(kind);
  return in;
}

/// Instances with k > 2 and r > 1 among them, and the parallel / opposite / nearly parallel kinds.
std::vector<Instance> instances(int seeds, std::vector<Eigen::Index> ks, std::vector<Eigen::Index> ds,
                                std::vector<Eigen::Index> rs) {
  std::vector<Instance> out;
  std::uint64_t seed = 100;
  for (auto k : ks)
    for (auto d : ds)
      for (auto r : rs)
        for (int kind = 0; kind < (k >= 2 ? 4 : 1); ++kind)
          for (int s = 0; s < (kind == 0 ? seeds : 1); ++s) out.push_back(random_instance(seed++, k, d, r, kind));
  return out;
}

/// Sizes of the terms each result is a sum of: |V| |W| + |A| is the size of
/// C = W^T V / 2 - A and of f(x) - A^T x, so the loss is made of terms up to
/// s^2, grad_W of |V| s, grad_V of |W| s and the Hessian of (|V| + |W|)^2 + |A|.
template <class S>
struct TermSizes {
  S loss, grad, hessian;
  explicit TermSizes(const Network<S>& net, const Matrix<S>& A) {
    const S nw = net.W.norm(), nv = net.V.norm(), na = A.norm(), s = nv * nw + na;
    loss = s * s;
    grad = (nv + nw) * s;
    hessian = (nv + nw) * (nv + nw) + na;
  }
};

/// max |X - Y| / (size eps), computed in S: the error in ulps of the terms' size.
template <class S>
S ulps(const Matrix<S>& X, const Matrix<S>& Y, const S& size) {
  return (X - Y).cwiseAbs().maxCoeff() / (size * eps<S>());
}
template <class S>
S ulps(const S& x, const S& y, const S& size) {
  using std::abs;
  return abs(x - y) / (size * eps<S>());
}

/// Worst error of one comparison, for the failure message and the log.
struct Worst {
  double ulps = 0;
  std::string where;
  template <class S>
  void note(const S& u, const std::string& what) {
    if (to_double(u) > ulps) {
      ulps = to_double(u);
      where = what;
    }
  }
};

// ---------------------------------------------------------------------------
// 1. Fast paths against the generic path at the same type.

/// Compare a fast path to loss_and_gradient_generic<S> (plain operators) on every
/// instance, with and without the gradient; also check that the public entry
/// points run the fast path (bit-identical results).
template <class S, class Fast>
Worst compare_fast_to_generic(const std::vector<Instance>& all, Fast fast) {
  Worst worst;
  for (const auto& in : all) {
    const Network<S> net = in.net.cast<S>();
    const Matrix<S> A = in.A.cast<S>();
    const TermSizes<S> size(net, A);
    const auto f = fast(net, A, true);
    const auto g = bothlayers::detail::loss_and_gradient_generic<S>(net, A, true);
    const auto f_loss = fast(net, A, false);
    const auto g_loss = bothlayers::detail::loss_and_gradient_generic<S>(net, A, false);
    if (!f || !g || !f_loss || !g_loss) {
      ADD_FAILURE() << in.name << ": a path reported a zero unit";
      continue;
    }
    worst.note(ulps(f->loss, g->loss, size.loss), in.name + " loss");
    worst.note(ulps(f_loss->loss, g_loss->loss, size.loss), in.name + " loss without gradient");
    worst.note(ulps(f->gradient.W, g->gradient.W, size.grad), in.name + " grad_W");
    worst.note(ulps(f->gradient.V, g->gradient.V, size.grad), in.name + " grad_V");
    // The loss alone is the loss of the fused pass, bit for bit.
    EXPECT_TRUE(f_loss->loss == f->loss) << in.name;
    // The public API runs this fast path.
    const auto api = population_loss_and_gradient(net, A);
    EXPECT_TRUE(api.loss == f->loss && api.gradient.W == f->gradient.W && api.gradient.V == f->gradient.V)
        << in.name << ": population_loss_and_gradient does not run the fast path";
    EXPECT_TRUE(population_loss(net, A) == f->loss) << in.name;
  }
  return worst;
}

/// Reordered sums and different roundings of the same terms: a few ulps of the
/// terms' size (observed: below 0.2). A wrong sign or a dropped term is O(1/eps).
constexpr double kSamePathUlps = 4;

TEST(PopulationPaths, DoubleFastPathMatchesGenericPath) {
  const auto all = instances(3, {1, 2, 3, 5, 8}, {1, 2, 5, 13}, {1, 2, 3});
  const Worst worst = compare_fast_to_generic<double>(
      all, [](const auto& net, const auto& A, bool g) { return bothlayers::detail::loss_and_gradient_double(net, A, g); });
  std::cout << "[ double fast vs generic ] worst " << worst.ulps << " ulps (" << worst.where << ")\n";
  EXPECT_LE(worst.ulps, kSamePathUlps) << worst.where;
}

TEST(PopulationPaths, MpfrInPlacePathMatchesGenericPath) {
  for (unsigned digits : {30u, 60u, 150u}) {
    ScopedMpfrDigits precision(digits);
    const auto all = instances(1, {1, 2, 3, 6}, {1, 3, 7}, {1, 3});
    const Worst worst = compare_fast_to_generic<mp_float>(
        all, [](const auto& net, const auto& A, bool g) { return bothlayers::detail::loss_and_gradient_mpfr(net, A, g); });
    std::cout << "[ mp:" << digits << " in-place vs generic ] worst " << worst.ulps << " ulps (" << worst.where
              << ")\n";
    EXPECT_LE(worst.ulps, kSamePathUlps) << "mp:" << digits << " " << worst.where;
  }
}

// ---------------------------------------------------------------------------
// 2. long double, float128, bin_float_50 against 100 MPFR digits.

/// Round a 100-digit reference to S (correctly rounded for long double; via 60
/// significant digits, far beyond S's, for the Boost types).
template <class S>
S from_reference(const mp_float& x) {
  if constexpr (std::is_same_v<S, long double>) {
    return x.template convert_to<long double>();
  } else {
    return S(x.str(60, std::ios_base::scientific));
  }
}
template <class S>
Matrix<S> from_reference(const Matrix<mp_float>& X) {
  Matrix<S> out(X.rows(), X.cols());
  for (Eigen::Index i = 0; i < X.size(); ++i) out(i) = from_reference<S>(X(i));
  return out;
}

template <class S>
class PopulationAgainstMpfr100 : public ::testing::Test {};
using WideScalars = ::testing::Types<long double, float128, bin_float_50>;
struct WideNames {
  template <class T>
  static std::string GetName(int) {
    return scalar_name<T>();
  }
};
TYPED_TEST_SUITE(PopulationAgainstMpfr100, WideScalars, WideNames);

/// Sums of rounded terms, each within an ulp of the terms' size (reference: 100
/// digits, exact at these types' precision; observed: below 0.4 ulps).
constexpr double kWideUlps = 8;

TYPED_TEST(PopulationAgainstMpfr100, LossGradientHessian) {
  using S = TypeParam;
  const auto all = instances(1, {1, 2, 3, 5}, {1, 3, 6}, {1, 2, 3});
  Worst worst;
  for (const auto& in : all) {
    // Reference at 100 digits: the printed eqs. (9), (11), (12) (an independent
    // formula for the loss and gradient) and eq. (14).
    mp_float ref_loss;
    Gradient<mp_float> ref_grad;
    Matrix<mp_float> ref_hessian;
    {
      ScopedMpfrDigits digits(100);
      const Network<mp_float> net = in.net.cast<mp_float>();
      const Matrix<mp_float> A = in.A.cast<mp_float>();
      ref_loss = population_loss_eq9(net, A);
      ref_grad = population_gradient_eq11(net, A);
      ref_hessian = population_hessian(net, A);
      // The 100-digit cancellation-free forms agree with the printed ones to ~90 digits.
      const TermSizes<mp_float> size(net, A);
      const auto lg = population_loss_and_gradient(net, A);
      EXPECT_LT(to_double(abs(lg.loss - ref_loss) / size.loss), 1e-90) << in.name;
      EXPECT_LT(to_double((lg.gradient.W - ref_grad.W).cwiseAbs().maxCoeff() / size.grad), 1e-90) << in.name;
      EXPECT_LT(to_double((lg.gradient.V - ref_grad.V).cwiseAbs().maxCoeff() / size.grad), 1e-90) << in.name;
    }
    const Network<S> net = in.net.cast<S>();
    const Matrix<S> A = in.A.cast<S>();
    const TermSizes<S> size(net, A);
    const S loss_ref = from_reference<S>(ref_loss);
    worst.note(ulps(population_loss(net, A), loss_ref, size.loss), in.name + " population_loss");
    const auto lg = population_loss_and_gradient(net, A);
    worst.note(ulps(lg.loss, loss_ref, size.loss), in.name + " loss");
    worst.note(ulps(lg.gradient.W, from_reference<S>(ref_grad.W), size.grad), in.name + " grad_W");
    worst.note(ulps(lg.gradient.V, from_reference<S>(ref_grad.V), size.grad), in.name + " grad_V");
    worst.note(ulps(population_hessian(net, A), from_reference<S>(ref_hessian), size.hessian), in.name + " Hessian");
  }
  std::cout << "[ " << scalar_name<S>() << " vs mp:100 ] worst " << worst.ulps << " ulps (" << worst.where << ")\n";
  EXPECT_LE(worst.ulps, kWideUlps) << worst.where;
}

// ---------------------------------------------------------------------------
// 3. Hessian limit terms at exactly t = 0 and t = pi.

/// Gradient flattened in the Hessian's order: W row by row, then V row by row.
template <class S>
Vector<S> flat(const Gradient<S>& g) {
  const Eigen::Index k = g.W.rows(), d = g.W.cols(), r = g.V.cols();
  Vector<S> out(k * d + k * r);
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) out(i * d + j) = g.W(i, j);
    for (Eigen::Index c = 0; c < r; ++c) out(k * d + i * r + c) = g.V(i, c);
  }
  return out;
}
template <class S>
S& parameter(Network<S>& net, Eigen::Index p) {
  const Eigen::Index d = net.d(), r = net.r(), nw = net.k() * d;
  return p < nw ? net.W(p / d, p % d) : net.V((p - nw) / r, (p - nw) % r);
}

/// Central differences of the gradient (step h ~ eps^(1/3)): a column per parameter.
template <class S>
Matrix<S> hessian_by_differences(const Network<S>& net, const Matrix<S>& A, const S& h) {
  const Eigen::Index n = net.parameter_count();
  Matrix<S> H(n, n);
  for (Eigen::Index p = 0; p < n; ++p) {
    Network<S> plus = net, minus = net;
    parameter(plus, p) += h;
    parameter(minus, p) -= h;
    H.col(p) = (flat(population_gradient(plus, A)) - flat(population_gradient(minus, A))) / (2 * h);
  }
  return H;
}

/// Fourth-order central differences of the printed gradient, eqs. (11)-(12)
/// (no state kept between calls): error O(h^4) + O(eps / h), ~eps^(4/5) at h = eps^(1/5).
template <class S>
Matrix<S> hessian_by_printed_gradient(const Network<S>& net, const Matrix<S>& A, const S& h) {
  const Eigen::Index n = net.parameter_count();
  Matrix<S> H(n, n);
  auto gradient_at = [&](Eigen::Index p, const S& step) {
    Network<S> moved = net;
    parameter(moved, p) += step;
    return flat(population_gradient_eq11(moved, A));
  };
  for (Eigen::Index p = 0; p < n; ++p)
    H.col(p) = (8 * (gradient_at(p, h) - gradient_at(p, -h)) - (gradient_at(p, 2 * h) - gradient_at(p, -2 * h))) /
               (12 * h);
  return H;
}

TEST(PopulationPaths, HessianLimitTermsAtExactlyParallelAndOppositeUnits) {
  using S = mp_float;
  ScopedMpfrDigits digits(60);
  // u = (3, 2, 1, 1, 1) / 4 has |u| = 1 exactly, so 2u, u/2 and -3u/4 have exact
  // norms and identical (or negated) unit vectors: t = 0 and t = pi exactly.
  Vector<S> u(5);
  u << 3, 2, 1, 1, 1;
  u /= 4;
  Rng rng(11);
  for (const Eigen::Index r : {Eigen::Index(1), Eigen::Index(2)}) {
    Network<S> net{Matrix<S>(4, 5), on_grid(rng.normal_matrix(4, r)).cast<S>()};
    net.W.row(0) = 2 * u.transpose();
    net.W.row(1) = u.transpose() / 2;                       // parallel to unit 0
    net.W.row(2) = -3 * u.transpose() / 4;                  // opposite to units 0 and 1
    net.W.row(3) = on_grid(rng.normal_matrix(1, 5)).cast<S>();  // a generic direction
    const Matrix<S> A = on_grid(rng.normal_matrix(5, r)).cast<S>();
    const auto g = unit_geometry(net.W);
    ASSERT_TRUE(g.angle(0, 1) == 0 && g.angle(0, 2) == pi<S>() && g.angle(1, 2) == pi<S>())
        << "the instance must have angles exactly 0 and pi";
    const Matrix<S> H = population_hessian(net, A);
    const S h = pow(eps<S>(), S(1) / 3);
    const Matrix<S> fd = hessian_by_differences(net, A, h);
    // The gradient is C^1 but not C^2 at t = 0, pi: the difference quotient is
    // O(h) accurate there (~1e-20 at 60 digits); a wrong limit term is O(1).
    const TermSizes<S> size(net, A);
    const S err = (H - fd).cwiseAbs().maxCoeff() / size.hessian;
    Eigen::Index row = 0, col = 0;
    (H - fd).cwiseAbs().maxCoeff(&row, &col);
    std::cout << "[ Hessian at t = 0, pi vs differences, r = " << r << " ] relative error " << to_double(err)
              << " (step " << to_double(h) << ")\n";
    EXPECT_LT(to_double(err), 1e3 * to_double(h)) << "worst entry (" << row << ", " << col << "): H = "
                                                   << to_double(H(row, col)) << ", differences "
                                                   << to_double(fd(row, col));
  }
}

// ---------------------------------------------------------------------------
// 4. Switching the MPFR precision within one process.

struct AtPrecision {
  mp_float loss, loss_alone;
  Gradient<mp_float> grad;
  Matrix<mp_float> hessian;
};
AtPrecision evaluate_at(unsigned digits, const Instance& in) {
  ScopedMpfrDigits precision(digits);
  const Network<mp_float> net = in.net.cast<mp_float>();
  const Matrix<mp_float> A = in.A.cast<mp_float>();
  AtPrecision out;
  const auto lg = population_loss_and_gradient(net, A);
  out.loss = lg.loss;
  out.grad = lg.gradient;
  out.loss_alone = population_loss(net, A);
  out.hessian = population_hessian(net, A);
  return out;
}

/// Largest error of `at` against `ref`, relative to the terms' sizes, at the current precision.
double max_relative_error(const AtPrecision& at, const AtPrecision& ref, const Instance& in) {
  const TermSizes<mp_float> size(in.net.cast<mp_float>(), in.A.cast<mp_float>());
  double worst = 0;
  auto note = [&](const mp_float& e) { worst = std::max(worst, to_double(e)); };
  note(abs(at.loss - ref.loss) / size.loss);
  note(abs(at.loss_alone - ref.loss) / size.loss);
  note(Matrix<mp_float>(at.grad.W - ref.grad.W).cwiseAbs().maxCoeff() / size.grad);
  note(Matrix<mp_float>(at.grad.V - ref.grad.V).cwiseAbs().maxCoeff() / size.grad);
  note(Matrix<mp_float>(at.hessian - ref.hessian).cwiseAbs().maxCoeff() / size.hessian);
  return worst;
}

TEST(PopulationPaths, SwitchingMpfrPrecisionKeepsEveryDigit) {
  // Same shapes at both precisions, so any reused workspace is reused.
  const Instance in = random_instance(7, 3, 4, 2);
  const AtPrecision at30 = evaluate_at(30, in);
  const AtPrecision at200 = evaluate_at(200, in);
  const AtPrecision again30 = evaluate_at(30, in);
  // Reference at 300 digits, from code that keeps no state between calls (not the
  // functions under test, so state they keep cannot leak into it): the printed
  // eqs. (9), (11), (12), and the Hessian by differences of eqs. (11)-(12) (~1e-240).
  ScopedMpfrDigits precision(300);
  const Network<mp_float> net = in.net.cast<mp_float>();
  const Matrix<mp_float> A = in.A.cast<mp_float>();
  AtPrecision ref;
  ref.loss = population_loss_eq9(net, A);
  ref.grad = population_gradient_eq11(net, A);
  ref.hessian = hessian_by_printed_gradient(net, A, mp_float(pow(eps<mp_float>(), mp_float(1) / 5)));
  const double err30 = max_relative_error(at30, ref, in), err200 = max_relative_error(at200, ref, in);
  std::cout << "[ precision switch ] error at mp:30 " << err30 << ", then at mp:200 " << err200 << "\n";
  EXPECT_LT(err200, 1e-190) << "the mp:200 results do not carry 200 digits";
  EXPECT_LT(err30, 1e-25);
  EXPECT_GT(err30, 1e-40) << "the mp:30 results carry more than 30 digits";
  // Back at 30 digits, the results are those of the first mp:30 call, bit for bit.
  EXPECT_TRUE(again30.loss == at30.loss && again30.grad.W == at30.grad.W && again30.grad.V == at30.grad.V &&
              again30.hessian == at30.hessian);
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;
}  // namespace bothlayers::testing

// Population loss of a small network at double and at 50 MPFR digits through
// the installed library's public API, checked against its closed form.
//
// W = I (2 x 2), v = (1, 1), a = (1, 1): f(x) - a^T x = -relu(-x1) - relu(-x2),
// so L = E[(f - a^T x)^2] / 2 = (1/2 + 1/2 + 2 / (2 pi)) / 2 = 1/2 + 1/(2 pi).
#include <bothlayers/population.hpp>
#include <bothlayers/precision.hpp>

#include <iostream>

namespace bl = bothlayers;

int main() {
  int failures = 0;
  for (const char* name : {"double", "mp:50"}) {
    const bl::Precision precision = bl::parse_precision(name);
    bl::dispatch_precision(precision, [&](auto tag) {
      using S = typename decltype(tag)::type;
      bl::Matrix<S> W = bl::Matrix<S>::Identity(2, 2);
      bl::Vector<S> v = bl::Vector<S>::Ones(2);
      bl::Matrix<S> a = bl::Matrix<S>::Ones(2, 1);
      const bl::Network<S> net = bl::make_network<S>(W, v);

      const S loss = bl::population_loss(net, a);
      const S exact = S(1) / 2 + 1 / (2 * bl::pi<S>());
      using std::abs;
      const S error = abs(loss - exact);
      // The gradient is allocated inside the library and freed here.
      const bl::Gradient<S> gradient = bl::population_gradient(net, a);

      const bool ok = error <= 8 * bl::eps<S>();
      failures += ok ? 0 : 1;
      std::cout << bl::scalar_name<S>() << " loss " << bl::to_decimal_string(loss)
                << " |loss - (1/2 + 1/(2 pi))| " << bl::to_double(error)
                << " |gradient| " << bl::to_double(gradient.norm()) << (ok ? " ok" : " WRONG")
                << '\n';
    });
  }
  return failures == 0 ? 0 : 1;
}

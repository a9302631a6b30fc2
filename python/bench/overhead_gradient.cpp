// The C++ half of the binding-overhead measurement (python/bench/overhead.py):
// the double-precision population gradient at k = 2, d = 100 (or k, d given),
// called directly, timed as the median of `repeats` batches of `calls`.
// Prints {"k", "d", "ns_per_call", "batches_ns": [...]} as JSON.
// Point: W(i, j) = sin(1 + i d + j) / 10, v = (0.5, -0.5, ...), a = e1 (overhead.py builds the same).
#include <bothlayers/population.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  using namespace bothlayers;
  const long k = argc > 1 ? std::atol(argv[1]) : 2, d = argc > 2 ? std::atol(argv[2]) : 100;
  const long calls = argc > 3 ? std::atol(argv[3]) : 20000, repeats = argc > 4 ? std::atol(argv[4]) : 7;
  Matrix<double> W(k, d), V(k, 1), A = Matrix<double>::Zero(d, 1);
  for (long i = 0; i < k; ++i) {
    for (long j = 0; j < d; ++j) W(i, j) = std::sin(1.0 + static_cast<double>(i * d + j)) / 10;
    V(i, 0) = i % 2 == 0 ? 0.5 : -0.5;
  }
  A(0, 0) = 1;
  const Network<double> net{W, V};
  double sink = 0;
  std::vector<double> batches;
  for (long r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (long c = 0; c < calls; ++c) {
      // validate() as the binding does on every call, then the gradient.
      validate(net, A);
      const Gradient<double> g = population_gradient(net, A);
      sink += g.W(0, 0);
    }
    const auto t1 = std::chrono::steady_clock::now();
    batches.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(calls));
  }
  std::vector<double> sorted = batches;
  std::sort(sorted.begin(), sorted.end());
  std::printf("{\"k\": %ld, \"d\": %ld, \"calls\": %ld, \"ns_per_call\": %.1f, \"batches_ns\": [", k, d, calls,
              sorted[sorted.size() / 2]);
  for (std::size_t i = 0; i < batches.size(); ++i) std::printf("%s%.1f", i ? ", " : "", batches[i]);
  std::printf("], \"checksum\": %.17g}\n", sink);
  return 0;
}

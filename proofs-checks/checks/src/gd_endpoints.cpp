#include <bothlayers/checks/gd_endpoints.hpp>

namespace bothlayers::checks {

Outcome gd_ends_at_optimum_or_saddle(const Precision& precision, const GdInstance& g, bool wrong_set) {
  return at_precision(precision, [&](auto tag) { return gd_endpoint<typename decltype(tag)::type>(g, wrong_set); });
}

}  // namespace bothlayers::checks

// The lemma 6/7 chain on the modified flow at long double (checks/flow_chain.hpp),
// the claim thm2.flow_chain_paper_constants' check, compiled once.
#include <bothlayers/checks/flow_chain.hpp>

#include <algorithm>
#include <cstdio>
#include <limits>

namespace bothlayers::checks {

Outcome flow_chain_at_long_double(double inverse_c0, long samples, const std::optional<ConstantChange>& change,
                                  std::string& timing) {
  using S = long double;
  const LemmaConstants<S> constants = lemma_constants<S>(change);
  const PhaseRun run{.d = 2, .a_norm = 1, .lemma7_c0 = 1 / inverse_c0, .seed = 3};
  const FlowChain<S> chain = flow_lemma67_chain<S>(run, constants, samples);
  const FlowChainVerdict<S> v = flow_chain_verdict(chain, constants, lemma67_run(run));
  Margin margin = v.all.margin();
  if (v.rate_margin) margin = margin ? std::min(*margin, *v.rate_margin) : *v.rate_margin;
  else if (!margin || *margin > 0) margin = std::numeric_limits<double>::quiet_NaN();  // no fit, nothing violated: broken
  char text[160];
  std::snprintf(text, sizeof text, "flow chain at c0 = 1/%.6g: %ld one-step checks in %.1f s", inverse_c0,
                chain.samples, chain.seconds);
  timing = text;
  return {margin, v.text};
}

}  // namespace bothlayers::checks

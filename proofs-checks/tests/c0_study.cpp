// The c0 study: how the lemma 6/7 chain's checked quantities move as lemma 7's
// c0 shrinks by decades from the 1/108 the Paper tier runs toward the paper's
// 1/10^8 (p. 11, C.5; mu|a| = c0 / ln(sqrt|a|/sigma), sigma = sigma0 sqrt|a|,
// ln(sqrt|a|/sigma) ~ 823; at 1/10^8, T1 ~ 3.3e13 and T2 ~ 2.2e15 steps).
// Not a test (not run by ctest). For each c0 = 1/N:
//   - the unchecked k = 2 run (fast_lemma67_chain) for min(T1 + T2 + convergence,
//     --max-steps) steps, stopping at a bitwise fixed point: alignment step (theta1,
//     theta2 <= c4), growth step (v_i >= c7 sqrt|a|), lemma 6's conclusion at T1 and
//     lemma 7's at T1 + T2 where reached (each inequality's slack in digits,
//     log10(bound / value)), the final v_i / sqrt|a| and b_i / |a|;
//   - the checked run (lemma67_chain: lemmas 3-5 at every step) over a prefix of
//     --checked-steps steps: lemma 3/4/5 decided / violated counts, worst slacks.
// One command (one core):
//   build/proofs-checks/tests/c0_study --inverse 108,1080,10800,108000
//     --max-steps 2e8,1.6e9,5e7,4.5e8 --checked-steps 1e7   (one line)
// (--max-steps and --checked-steps: one value for all c0, or one per c0; the unchecked
// run also stops at a bitwise fixed point.)
// Options: --precision long-double | mp:DIGITS, --seed S (d = 2, |a| = 1).
// --flow SAMPLES: instead, the same chain on gradient descent's modified flow
// (checks/flow_chain.hpp) with about SAMPLES one-step checks of lemmas 3-5, down
// to the paper's c0 (docs/claims/proof-runs.md's flow table):
//   build/proofs-checks/tests/c0_study --flow 100000 --inverse 108,1080,10800,108000,1e6,1e7,1e8
#include <bothlayers/checks/flow_chain.hpp>
#include <bothlayers/checks/phase_runs.hpp>
#include <bothlayers/precision.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace bothlayers;
using namespace bothlayers::checks;

struct Options {
  std::vector<double> inverses{108, 1080, 10800, 108000};
  std::vector<double> max_steps{400000000};     ///< one per c0, or one for all
  std::vector<double> checked_steps{10000000};  ///< one per c0, or one for all
  long max_steps_for(std::size_t i) const { return static_cast<long>(max_steps.size() == 1 ? max_steps[0] : max_steps.at(i)); }
  long checked_steps_for(std::size_t i) const {
    return static_cast<long>(checked_steps.size() == 1 ? checked_steps[0] : checked_steps.at(i));
  }
  std::string precision = "long-double";
  std::uint64_t seed = 3;
  long flow_samples = 0;  ///< > 0: the chain on the modified flow instead (--flow)
};

/// log10(bound / value) in digits, computed in Scalar (the numbers may be below double's range).
template <class S>
double digits(const S& bound, const S& value) {
  using std::abs;
  using std::log10;
  if (!(abs(value) > 0)) return std::numeric_limits<double>::infinity();
  return to_double(S(log10(bound / abs(value))));
}

template <class S>
std::string sci(const S& x) {
  using std::abs;
  using std::log10;
  using std::floor;
  using std::pow;
  if (!(abs(x) > 0)) return "0";
  // Scientific notation computed in S: long double and MPFR hold e^-1646, double does not.
  const S e = floor(log10(abs(x)));
  const S m = x / pow(S(10), e);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4fe%+ld", to_double(m), static_cast<long>(to_double(e)));
  return buf;
}

/// %.15g where double holds it, else sci().
template <class S>
std::string num(const S& x) {
  using std::abs;
  if (abs(x) > S(1e-300) || x == 0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", to_double(x));
    return buf;
  }
  return sci(x);
}

template <class S>
void print_lemma6(const PaperState<S>& st, const LemmaConstants<S>& c, const S& sigma, const S& a_norm, long t1) {
  using std::sqrt;
  const SlackTally<S> t = lemma6_conclusion(st, c, sigma, a_norm, t1);
  std::printf("  lemma 6 at T1=%ld: decided %ld, roundoff %ld, violated %ld, worst slack %.4g digits\n", t1, t.tested,
              t.roundoff, t.violated, to_double(t.worst));
  for (int i = 0; i < 2; ++i) {
    const S theta = st.theta[i] ? *st.theta[i] : S(-1);
    std::printf("    unit %d: theta=%s (c4=pi/20: %.4g digits), v/sqrt|a|=%s (>= c3 sigma: %.4g digits; <= c2 sqrt|a|: "
                "%.4g digits), |b|/|a|=%s +- %s (<= c10|a| ~ e^-822/4: %.4g digits)\n",
                i + 1, sci(theta).c_str(), digits(c.c4, theta), sci(S(st.v[i] / sqrt(a_norm))).c_str(),
                digits(st.v[i], S(c.c3 * sigma)), digits(S(c.c2 * sqrt(a_norm)), st.v[i]),
                sci(S(st.b[i] / a_norm)).c_str(), sci(S(st.b_rounding[i] / a_norm)).c_str(),
                digits(S(c.c10() * a_norm), st.b[i]));
  }
}

template <class S>
void print_lemma7(const PaperState<S>& st, const LemmaConstants<S>& c, const S& a_norm, long t12) {
  using std::sqrt;
  const SlackTally<S> t = lemma7_conclusion(st, c, a_norm, t12);
  std::printf("  lemma 7 at T1+T2=%ld: decided %ld, roundoff %ld, violated %ld, worst slack %.4g digits\n", t12, t.tested,
              t.roundoff, t.violated, to_double(t.worst));
  for (int i = 0; i < 2; ++i)
    std::printf("    unit %d: v/sqrt|a|=%s (>= c7 = 1/4: %.4g digits), |b|/|a|=%s +- %s (<= c11 = 1/50: %.4g digits)\n",
                i + 1, num(S(st.v[i] / sqrt(a_norm))).c_str(),
                digits(st.v[i], S(c.c7 * sqrt(a_norm))), sci(S(st.b[i] / a_norm)).c_str(),
                sci(S(st.b_rounding[i] / a_norm)).c_str(), digits(S(c.c11 * a_norm), st.b[i]));
}

/// The chain on the modified flow at each c0: one table row each.
template <class S>
void flow_study(const Options& o) {
  const LemmaConstants<S> c;
  std::printf("# c0 study on the modified flow, %s, d=2 |a|=1 seed=%llu, about %ld one-step checks per c0\n\n",
              scalar_name<S>().c_str(), static_cast<unsigned long long>(o.seed), o.flow_samples);
  std::printf("| c0 | mu\\|a\\| | alignment step (x mu\\|a\\|) | burn-in (x mu\\|a\\| / ln) | lemma 6 / 7 slack (digits) | "
              "lemmas 3/4/5 worst slack | rate / (mu\\|a\\|) | model error at T1+T2 | s |\n|---|---|---|---|---|---|---|---|---|\n");
  for (const double inverse : o.inverses) {
    PhaseRun run;
    run.d = 2;
    run.a_norm = 1;
    run.seed = o.seed;
    run.lemma7_c0 = 1 / inverse;
    const FlowChain<S> f = flow_lemma67_chain<S>(run, c, o.flow_samples);
    const auto t1 = f.report.at_milestone.find(f.t1), t12 = f.report.at_milestone.find(f.t1 + f.t2);
    const double l6 = t1 == f.report.at_milestone.end() ? std::nan("")
                                                        : to_double(lemma6_conclusion(t1->second, c, f.scales.sigma, S(1), f.t1).worst);
    const double l7 = t12 == f.report.at_milestone.end() ? std::nan("")
                                                         : to_double(lemma7_conclusion(t12->second, c, S(1), f.t1 + f.t2).worst);
    const double mu_a = to_double(f.scales.mu_a), ln = to_double(f.scales.log_ratio);
    const double x12 = std::sqrt(to_double(S(f.at_t12.network.W.squaredNorm() + f.at_t12.network.V.squaredNorm())));
    const long align = f.report.alignment_step.value_or(-1), grow = f.report.growth_step.value_or(-1);
    std::printf("| 1/%.6g | %.4g | %ld (%.5f) | %ld (%.5f) | %.2f / %.3f | %.2f / %.2g / %.2g | %.6f | %.2g | %.1f |\n", inverse,
                mu_a, align, static_cast<double>(align) * mu_a, grow, static_cast<double>(grow) * mu_a / ln, l6, l7,
                to_double(f.report.lemma3.worst), to_double(f.report.lemma4.worst), to_double(f.report.lemma5.worst),
                f.fit ? -f.fit->slope / mu_a : std::nan(""), to_double(f.at_t12.model_error) / x12, f.seconds);
    std::fflush(stdout);
  }
}

template <class S>
void study(const Options& o) {
  using std::sqrt;
  if (o.flow_samples > 0) return flow_study<S>(o);
  const LemmaConstants<S> c;
  std::printf("# c0 study, %s, d=2 |a|=1 seed=%llu\n", scalar_name<S>().c_str(), static_cast<unsigned long long>(o.seed));
  std::vector<std::string> rows;
  for (std::size_t index = 0; index < o.inverses.size(); ++index) {
    const double inverse = o.inverses[index];
    const long max_steps = o.max_steps_for(index), checked_steps = o.checked_steps_for(index);
    PhaseRun run;
    run.d = 2;
    run.a_norm = 1;
    run.seed = o.seed;
    run.lemma7_c0 = 1 / inverse;
    const S a_norm(run.a_norm);
    const FastChain<S> f = fast_lemma67_chain<S>(run, c, max_steps, true);
    const double mu_a = to_double(f.scales.mu_a), ln = to_double(f.scales.log_ratio);
    std::printf("\n## %s\n  mu|a|=%.6g ln(sqrt|a|/sigma)=%.6f T1=%ld T2=%ld full=%ld\n",
                lemma7_c0_text(run.lemma7_c0).c_str(), mu_a, ln, f.t1, f.t2, f.full_steps);
    std::printf("  unchecked k=2 run (cap %ld): %ld steps in %.1f s (%.3g steps/s), fixed point at %ld\n", max_steps, f.steps, f.seconds,
                f.seconds > 0 ? static_cast<double>(f.steps) / f.seconds : 0.0, f.fixed_point_step.value_or(-1));
    const auto scaled = [&](const std::optional<long>& s) { return s ? static_cast<double>(*s) * mu_a : -1.0; };
    std::printf("  alignment step %ld (x mu|a| = %.8g; / T1 = %.6g), growth step %ld (x mu|a| = %.8g; x mu|a| / ln = %.8g)\n",
                f.alignment_step.value_or(-1), scaled(f.alignment_step),
                f.alignment_step ? static_cast<double>(*f.alignment_step) / static_cast<double>(f.t1) : -1.0,
                f.growth_step.value_or(-1), scaled(f.growth_step), scaled(f.growth_step) / ln);
    std::string l6 = "not reached", l7 = "not reached";
    if (const auto it = f.at_milestone.find(f.t1); it != f.at_milestone.end()) {
      print_lemma6(it->second, c, f.scales.sigma, a_norm, f.t1);
      const PaperState<S>& st = it->second;
      std::ostringstream os;
      os.precision(4);
      os << "theta " << digits(c.c4, st.theta[0] ? *st.theta[0] : S(-1)) << "/"
         << digits(c.c4, st.theta[1] ? *st.theta[1] : S(-1)) << ", v>=c3 sigma "
         << std::min(digits(st.v[0], S(c.c3 * f.scales.sigma)), digits(st.v[1], S(c.c3 * f.scales.sigma)))
         << ", v<=c2 " << std::min(digits(S(c.c2), st.v[0]), digits(S(c.c2), st.v[1])) << ", |b|<=c10 "
         << std::min(digits(S(c.c10()), st.b[0]), digits(S(c.c10()), st.b[1]));
      l6 = os.str();
    }
    if (const auto it = f.at_milestone.find(f.t1 + f.t2); it != f.at_milestone.end()) {
      print_lemma7(it->second, c, a_norm, f.t1 + f.t2);
      const PaperState<S>& st = it->second;
      std::ostringstream os;
      os.precision(4);
      os << "v>=c7 " << std::min(digits(st.v[0], S(c.c7)), digits(st.v[1], S(c.c7))) << ", |b|<=c11 "
         << std::min(digits(S(c.c11), st.b[0]), digits(S(c.c11), st.b[1]))
         << (f.fixed_point_step && *f.fixed_point_step < f.t1 + f.t2 ? " (from fixed point)" : "");
      l7 = os.str();
    }
    const PaperState<S> last = paper_state(f.final_network, Vector<S>(random_target<S>(run.d, 1, run.a_norm, run.seed ^ 0x5eedULL).col(0)));
    char fin[256];
    std::snprintf(fin, sizeof fin, "v %s/%s, b %s/%s", num(S(last.v[0] / sqrt(a_norm))).c_str(),
                  num(S(last.v[1] / sqrt(a_norm))).c_str(), sci(S(last.b[0] / a_norm)).c_str(),
                  sci(S(last.b[1] / a_norm)).c_str());
    std::printf("  final (step %ld): v/sqrt|a| = %s, %s; b/|a| = %s, %s; |h|^2 = %s\n", f.steps,
                num(S(last.v[0] / sqrt(a_norm))).c_str(), num(S(last.v[1] / sqrt(a_norm))).c_str(), sci(S(last.b[0] / a_norm)).c_str(),
                sci(S(last.b[1] / a_norm)).c_str(), sci(last.h_sq).c_str());
    std::fflush(stdout);

    // The checked run over a prefix: lemmas 3-5 at every step.
    std::string l345 = "not run";
    if (checked_steps > 0) {
      const Lemma67Chain<S> ch = lemma67_chain<S>(run, c, checked_steps);
      const auto& r = ch.run.report;
      std::printf("  checked prefix: %ld of %ld steps in %.1f s; alignment %ld, growth %ld (unchecked run: %ld, %ld)\n",
                  ch.run.steps, ch.full_steps, ch.run.seconds, r.alignment_step.value_or(-1), r.growth_step.value_or(-1),
                  f.alignment_step.value_or(-1), f.growth_step.value_or(-1));
      const auto line = [](const char* name, const SlackTally<S>& t) {
        std::printf("    %s: decided %ld, roundoff %ld, violated %ld, worst slack %.4g digits (step %ld)\n", name, t.tested,
                    t.roundoff, t.violated, t.tested ? to_double(t.worst) : 0.0, t.worst_step);
      };
      line("lemma 3", r.lemma3);
      line("lemma 4", r.lemma4);
      line("lemma 5", r.lemma5);
      std::printf("    lemma 3 peak ratio %.4g (c6 = 6), steps from the exact identity %ld\n",
                  to_double(r.lemma3_peak_ratio), r.lemma3_from_identity);
      char buf[256];
      const auto w = [](const SlackTally<S>& t) { return t.tested ? to_double(t.worst) : std::nan(""); };
      std::snprintf(buf, sizeof buf, "%.3g / %.3g / %.3g (peak l3 ratio %.3g; %ld steps, %.0f s)", w(r.lemma3),
                    w(r.lemma4), w(r.lemma5), to_double(r.lemma3_peak_ratio), ch.run.steps, ch.run.seconds);
      l345 = buf;
      std::fflush(stdout);
    }
    char row[2048];
    std::snprintf(row, sizeof row, "| 1/%.6g | %.4g | %ld | %ld | %ld%s | %.0f | %ld (%.4g T1) | %ld | %s | %s | %s | %s |", inverse,
                  mu_a, f.t1, f.t2, f.steps, f.fixed_point_step ? " (fixed pt)" : "", f.seconds,
                  f.alignment_step.value_or(-1),
                  f.alignment_step ? static_cast<double>(*f.alignment_step) / static_cast<double>(f.t1) : -1.0,
                  f.growth_step.value_or(-1), l6.c_str(), l7.c_str(), fin, l345.c_str());
    rows.push_back(row);
  }
  std::printf("\n| c0 | mu|a| | T1 | T2 | steps run | s | alignment (/T1) | growth | lemma 6 slacks at T1 (digits) | "
              "lemma 7 slacks at T1+T2 | final v_i/sqrt|a|, b_i/|a| | lemma 3/4/5 worst slack (checked prefix) |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& r : rows) std::printf("%s\n", r.c_str());
}

std::vector<double> parse_list(const std::string& text) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::stod(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--inverse") o.inverses = parse_list(value);
    else if (key == "--max-steps") o.max_steps = parse_list(value);
    else if (key == "--checked-steps") o.checked_steps = parse_list(value);
    else if (key == "--precision") o.precision = value;
    else if (key == "--seed") o.seed = std::strtoull(value.c_str(), nullptr, 10);
    else if (key == "--flow") o.flow_samples = std::strtol(value.c_str(), nullptr, 10);
    else {
      std::fprintf(stderr, "c0_study: unknown option %s\n", key.c_str());
      return 2;
    }
  }
  const Precision p = parse_precision(o.precision);
  if (p.kind == ScalarKind::Double) {
    std::fprintf(stderr, "c0_study: double cannot hold sigma0 ~ e^-823; use long-double or mp:DIGITS\n");
    return 2;
  }
  if (o.precision == "long-double") {
    study<long double>(o);
  } else if (o.precision.rfind("mp:", 0) == 0) {
    ScopedMpfrDigits guard(p.mp_digits);
    study<mp_float>(o);
  } else {
    std::fprintf(stderr, "c0_study: --precision long-double or mp:DIGITS\n");
    return 2;
  }
  return 0;
}

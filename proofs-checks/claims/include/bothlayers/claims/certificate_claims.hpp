#pragma once
/// \file certificate_claims.hpp
/// The certificate claims of lemmas 8, 12, 13 (paper section 5;
/// proofs-checks/lemmas/cert_lemma*.cpp) as ClaimResults: a branch and bound
/// that proves every box is CERTIFIED, one that returns a counterexample box
/// is REFUTED (what a negative control must be), anything else INCONCLUSIVE.
/// The claim files register them with register_lemma_certificates.
///
/// Budgets: the Default tier bisects the constant 6 times between 0.99 and
/// 1.01 times the sharpest value found by search (a bracket of 2e-2/2^6 = 3e-4
/// relative) with at most 5000 boxes per run (a run that hits the limit counts
/// as not certified); Large and Paper 16 times (3e-7 relative), 1e5 boxes per run.

#include <bothlayers/checks/lemma_certificates.hpp>
#include <bothlayers/claims/claim.hpp>
#include <bothlayers/claims/register.hpp>
#include <bothlayers/claims/runner.hpp>
#include <bothlayers/claims/timing.hpp>
#include <cmath>
#include <sstream>
#include <string>

namespace bothlayers::claims::cert {

using namespace checks::cert;

/// x with `digits` significant digits.
inline std::string certificate_number(double x, int digits = 6) {
  std::ostringstream os;
  os.precision(digits);
  os << x;
  return os.str();
}

/// "N boxes (T at the tight point), depth D"; its seconds go to the claim's timing note (timing.hpp).
inline std::string run_summary(const BranchBoundResult& r) {
  std::ostringstream os;
  os << r.boxes << " boxes";
  if (r.tight_boxes > 0) os << " (" << r.tight_boxes << " at the tight point theta = pi, rho = 1 by the Hessian test)";
  os << ", depth " << r.max_depth;
  claims::note_timing("branch and bound of " + std::to_string(r.boxes) + " boxes: " + certificate_number(r.seconds, 3) + " s");
  return os.str();
}

/// A branch and bound as a claim result: CERTIFIED with the smallest certified
/// lower bound of H as the margin, REFUTED with the counterexample box (margin
/// = -(upper bound of H on it), positive = rejected), or INCONCLUSIVE.
inline ClaimResult certificate_result(const BranchBoundResult& r, const std::string& what, bool negative_control) {
  ClaimResult out;
  out.instances = r.boxes;
  out.precision = "arb:128";
  out.margin_unit = "H";
  out.note = what + ": " + outcome_name(r.outcome) + ", " + run_summary(r);
  switch (r.outcome) {
    case BoundOutcome::Proved:
      out.verdict = Verdict::Certified;
      out.worst_margin = negative_control ? -r.min_lower : r.min_lower;
      out.worst_case =
          "every box of the domain proved; smallest certified lower bound of H " + certificate_number(r.min_lower, 4);
      break;
    case BoundOutcome::Refuted:
      out.verdict = Verdict::Refuted;
      out.worst_margin = negative_control ? -r.witness_upper : r.witness_upper;
      out.worst_case = "counterexample box (theta, s) = " + r.witness.text() +
                       ", H <= " + certificate_number(r.witness_upper, 4) + " on all of it";
      break;
    case BoundOutcome::Undecided:
      out.verdict = Verdict::Inconclusive;
      out.worst_case = "box left open: " + r.witness.text();
      break;
  }
  return out;
}

/// The bracket the bisection on the constant starts from: 1% on either side of the found value.
inline std::pair<double, double> sharp_bracket(const LemmaProblem& p) {
  const double harder = p.larger_is_harder ? 1.01 : 0.99, easier = p.larger_is_harder ? 0.99 : 1.01;
  return {p.found * easier, p.found * harder};
}

/// The sharpest certified constant as a claim result (CERTIFIED at `certified`).
inline ClaimResult sharpest_result(const LemmaProblem& p, const SharpestCertified& s, const std::string& paper) {
  ClaimResult out;
  out.instances = s.boxes;
  out.precision = "arb:128";
  out.margin_unit = p.name;
  out.sharp_constant = s.certified;
  if (std::isnan(s.certified)) {
    out.verdict = Verdict::Inconclusive;
    out.note = "the easier end of the bracket did not certify";
    return out;
  }
  out.verdict = Verdict::Certified;
  out.worst_margin = s.certified;
  out.worst_case =
      p.name + " = " + certificate_number(s.certified, 8) + " certified (" + run_summary(s.at_certified) + ")";
  claims::note_timing("bisection on " + p.name + ": " + certificate_number(s.seconds, 3) + " s");
  out.note = "bisection on " + p.name + " (" + std::to_string(s.steps) + " steps, " + std::to_string(s.boxes) +
             " boxes): certified " + certificate_number(s.certified, 8) +
             ", " + (s.refuted_is_certain ? "refuted (counterexample box) at " : "not certified at ") +
             certificate_number(s.refuted, 8) + "; found by search " + certificate_number(p.found, 6) + "; paper " +
             paper;
  return out;
}

/// Bisection steps at the budget's tier.
inline int sharp_steps(const claims::ClaimContext& c) { return c.budget.tier == BudgetTier::Default ? 6 : 16; }

/// The constant 1% past the sharpest value found (a negative control's).
inline double past_sharp(const LemmaProblem& p) { return sharp_bracket(p).second; }

/// The whole-domain certificate at the paper's constant (claim) or 1% past the
/// sharpest value found (control: must return a counterexample box).
inline ClaimResult run_certificate(const LemmaProblem& p, bool negative_control) {
  if (!negative_control) return certificate_result(certify_lemma(p, p.paper), "paper's " + p.name, false);
  const double c = past_sharp(p);
  return certificate_result(certify_lemma(p, Interval(c)),
                            p.name + " = " + certificate_number(c) + " (1% past the sharpest found)", true);
}

/// The sharpest constant the method certifies (bisection in the 1% bracket around the found value).
inline ClaimResult run_sharpest(const LemmaProblem& p, const claims::ClaimContext& c, const std::string& paper) {
  const auto [good, bad] = sharp_bracket(p);
  const long max_boxes = c.budget.tier == BudgetTier::Default ? 5000 : 100000;
  return sharpest_result(p, sharpest_certified(p, good, bad, sharp_steps(c), max_boxes), paper);
}

/// The paper's closing steps at its constant (claim, pp. 29 and 34): the paper writes the
/// expression as C1 (r^2 + 1) + C2 r and takes its minimum over r at r = 1, which holds
/// exactly when C1 > 0 (evident for lemma 13, C1 = 1/8 - alpha~/2 on p. 33; neither stated
/// nor evident for lemma 8, p. 29); C1(theta) = H(theta, s = 1) > 0
/// (so the minimum over r is at r = 1) and the r = 1 slice H(theta, 1/2) >= 0;
/// control: the r = 1 slice 1% past the sharpest found must return a counterexample box.
inline ClaimResult run_closing_steps(const LemmaProblem& p, bool negative_control) {
  if (negative_control) {
    const double c = past_sharp(p);
    return certificate_result(certify_lemma(p, Interval(c), Slice::MiddleS),
                              "r = 1 slice at " + p.name + " = " + certificate_number(c), true);
  }
  const BranchBoundResult end = certify_lemma(p, p.paper, Slice::EndS1);
  const BranchBoundResult slice = certify_lemma(p, p.paper, Slice::MiddleS);
  ClaimResult out = certificate_result(slice, "r = 1 slice H(theta, 1/2) >= 0", false);
  out.note =
      "step 1, min over r at r = 1 (C1(theta) = H(theta, s = 1) > 0 for every theta): " + outcome_name(end.outcome) +
      ", " + run_summary(end) + ", min C1 >= " + certificate_number(end.min_lower, 4) + "; step 2, " + out.note;
  out.instances += end.boxes;
  if (end.outcome != BoundOutcome::Proved && out.verdict == Verdict::Certified) out.verdict = Verdict::Inconclusive;
  return out;
}

/// What a lemma's certificate rows say beyond its LemmaProblem.
struct CertificateText {
  std::string inequality;  ///< the domain and the inequality at the paper's constant
  std::string found;       ///< the sharpest value found by search, as printed in the statements
  std::string paper;       ///< the paper's constant, as printed
  int figure = 0;          ///< the paper's figure of the r = 1 slice; 0: no closing-step rows
  /// The reference of the closing-step rows (the proof's page and the figure's),
  /// e.g. "Lemma 8's proof, Figure 4, pp. 29-30"; empty: the lemma's reference.
  std::string closing_reference;
};

/// Register one lemma's certificate rows under ids `STEM.certificate`,
/// `STEM.sharpest_certified`, `STEM.closing_steps` (when the paper plots
/// the r = 1 slice) and their controls `control.STEM_certificate_past_sharp`,
/// `control.STEM_r1_slice_past_sharp`.
inline bool register_lemma_certificates(const std::string& reference, const std::string& stem,
                                        LemmaProblem (*problem)(), const CertificateText& text,
                                        claims::SourceLocation where = claims::SourceLocation::current()) {
  using claims::claim;
  using claims::control;
  const LemmaProblem p = problem();
  const std::string past = p.name + " 1% " + (p.larger_is_harder ? "above" : "below") + " the sharpest found";
  claims::register_claims(
      reference,
      {claim(stem + ".certificate",
             "certified: " + text.inequality + " (interval branch and bound on the exact reduction)"),
       control("control." + stem + "_certificate_past_sharp",
               "negative control: " + past + " must return a certified counterexample box")},
      [problem](const claims::ClaimContext& c) { return run_certificate(problem(), c.negative_control); }, where);
  claims::register_claim(
      reference,
      claim(stem + ".sharpest_certified", std::string("the ") + (p.larger_is_harder ? "largest " : "smallest ") +
                                              p.name +
                                              " the branch and bound certifies, by bisection (next to the found " +
                                              text.found + " and the paper's " + text.paper + ")"),
      [problem, paper = text.paper](const claims::ClaimContext& c) { return run_sharpest(problem(), c, paper); },
      where);
  if (text.figure == 0) return true;
  return claims::register_claims(
      reference,
      {claim(stem + ".closing_steps",
             "certified: the paper's closing steps at " + p.name + " = " + text.paper +
                 ": the expression, written C1 (r^2 + 1) + C2 r, has C1 > 0 for every theta (what the step "
                 "'the minimum over r is at r = 1' needs), and the r = 1 slice over theta (its Figure " +
                 std::to_string(text.figure) + ") is >= 0",
             text.closing_reference),
       control("control." + stem + "_r1_slice_past_sharp",
               "negative control: the r = 1 slice at " + past + " returns a counterexample box",
               text.closing_reference)},
      [problem](const claims::ClaimContext& c) { return run_closing_steps(problem(), c.negative_control); }, where);
}

}  // namespace bothlayers::claims::cert

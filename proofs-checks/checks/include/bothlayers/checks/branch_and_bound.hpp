#pragma once
/// \file branch_and_bound.hpp
/// Interval branch and bound on a box of R^2 (a side of width 0 is a line) for the certificates of lemmas 8,
/// 12, 13 (paper section 5; reduced_lemmas.hpp): prove f >= 0 on a box, or
/// return a certified counterexample box (f < 0 at every point of it).
///
/// A box B = [lo0, hi0] x [lo1, hi1] (double endpoints, exact in the interval
/// type) is taken from a queue (smallest f at the midpoint first) and f is evaluated on it as a Jet2 of Arb
/// balls (interval.hpp: Interval): value, gradient and Hessian enclosed over B. Then, in order:
///  1. proved if the lower end of the value enclosure, or of the mean-value
///     form f(m) + grad f(B).(B - m) (m the midpoint), is > 0; where the gradient
///     enclosure has a sign in a coordinate, both are taken on the face of B
///     where f is smallest (monotonicity: a minimum at a corner of the domain,
///     e.g. lemma 12's at theta = 0, rho -> 0, needs no fine boxes);
///  2. refuted if f(m) < 0 for certain and m lies in the open domain: the
///     counterexample box is the largest box m +- (B's half-widths)/2^k, k = 1..24,
///     inside the domain with f < 0 on all of it (k = 24's failing, the point box [m, m]);
///  3. proved if B contains the tight point z0 (where f(z0) = 0 and grad f(z0) = 0,
///     known analytically: reduced_lemmas.hpp) and every symmetric matrix in
///     the Hessian enclosure of B is positive definite (h00 > 0, h11 > 0,
///     h00 h11 - h01^2 > 0 at the lower ends): then f(z) = (z - z0)^T M (z - z0) >= 0 on B;
///  4. otherwise B is bisected across its side that is widest relative to the
///     domain; a box at the depth limit is left open (undecided, unless a
///     counterexample turns up elsewhere); at the box limit the run stops undecided.
/// Every decision compares the balls' endpoints as exact binary numbers (never a rounded double).

#include <bothlayers/checks/interval.hpp>
#include <bothlayers/checks/jet2.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <string>
#include <vector>

namespace bothlayers::checks::cert {

/// An axis-parallel box of R^2 with double endpoints.
struct Box2 {
  std::array<double, 2> lo{}, hi{};
  int depth = 0;
  Interval side(int i) const { return hull(lo[static_cast<std::size_t>(i)], hi[static_cast<std::size_t>(i)]); }
  double mid(int i) const { return (lo[static_cast<std::size_t>(i)] + hi[static_cast<std::size_t>(i)]) / 2; }
  /// "[lo0, hi0] x [lo1, hi1]".
  std::string text() const {
    char buf[160];
    std::snprintf(buf, sizeof buf, "[%.17g, %.17g] x [%.17g, %.17g]", lo[0], hi[0], lo[1], hi[1]);
    return buf;
  }
};

/// Limits and the problem's geometry.
struct BranchBoundOptions {
  long max_boxes = 2000000;
  int max_depth = 60;
  /// The point z0 where f = 0 and grad f = 0 (proved analytically), if any.
  std::optional<std::array<Interval, 2>> tight_point;
  /// True when every point of the box lies in the open domain of the statement
  /// (a counterexample box must); empty: any box of the domain.
  std::function<bool(const Box2&)> admissible;
};

enum class BoundOutcome { Proved, Refuted, Undecided };

/// What a branch and bound found.
struct BranchBoundResult {
  BoundOutcome outcome = BoundOutcome::Undecided;
  long boxes = 0;        ///< boxes evaluated
  long tight_boxes = 0;  ///< boxes proved by the second-order argument at z0
  int max_depth = 0;
  double seconds = 0;
  /// Smallest certified lower bound of f over the boxes proved by enclosure
  /// (a sound lower bound, rounded down to a double).
  double min_lower = std::numeric_limits<double>::infinity();
  Box2 witness;          ///< the counterexample box (Refuted) or the box left open (Undecided)
  double witness_upper = std::numeric_limits<double>::quiet_NaN();  ///< sound upper bound of f on a counterexample box
};

/// "proved" / "refuted" / "undecided".
inline std::string outcome_name(BoundOutcome o) {
  return o == BoundOutcome::Proved ? "proved" : o == BoundOutcome::Refuted ? "refuted" : "undecided";
}

namespace detail {

/// f on box B as a jet of intervals.
template <class F>
Jet2<Interval> jet_on(const F& f, const Box2& b) {
  return f(Jet2<Interval>::variable(b.side(0), 0), Jet2<Interval>::variable(b.side(1), 1));
}

/// Upper end of f on B: min of the natural and mean-value enclosures' upper ends (as an interval bound).
template <class F>
Interval upper_on(const F& f, const Box2& b) {
  const Jet2<Interval> j = jet_on(f, b);
  const Interval fm = f(Interval(b.mid(0)), Interval(b.mid(1)));
  const Interval mv = fm + j.d[0] * (b.side(0) - b.mid(0)) + j.d[1] * (b.side(1) - b.mid(1));
  return Interval(std::min(upper(j.v), upper(mv)));
}

/// A lower end of f on B: the larger of the natural and mean-value enclosures'
/// lower ends, on B's face where f is smallest when the gradient enclosure has a
/// sign in a coordinate (f increasing in x_i on B: its minimum over B is on x_i = lo_i).
template <class F>
Interval lower_on(const F& f, const Box2& b, const Jet2<Interval>& j, const Interval& fm) {
  Box2 face = b;
  for (std::size_t i = 0; i < 2; ++i) {
    if (certainly_positive(j.d[i])) face.hi[i] = b.lo[i];
    else if (certainly_negative(j.d[i])) face.lo[i] = b.hi[i];
  }
  const bool same = face.lo == b.lo && face.hi == b.hi;
  const Jet2<Interval> jf = same ? j : jet_on(f, face);
  const Interval fmf = same ? fm : f(Interval(face.mid(0)), Interval(face.mid(1)));
  const Interval mv = fmf + jf.d[0] * (face.side(0) - face.mid(0)) + jf.d[1] * (face.side(1) - face.mid(1));
  return Interval(std::max(lower(jf.v), lower(mv)));
}

inline bool contains(const Box2& b, const std::array<Interval, 2>& z) {
  for (int i = 0; i < 2; ++i)
    if (!(lower(z[static_cast<std::size_t>(i)]) >= b.lo[static_cast<std::size_t>(i)] &&
          upper(z[static_cast<std::size_t>(i)]) <= b.hi[static_cast<std::size_t>(i)]))
      return false;
  return true;
}

/// Every symmetric matrix [[h00, h01], [h01, h11]] with entries in the enclosures is positive definite.
inline bool positive_definite(const std::array<Interval, 3>& h) {
  return lower(h[0]) > 0 && lower(h[2]) > 0 && lower(h[0] * h[2] - h[1] * h[1]) > 0;
}

}  // namespace detail

/// Prove f >= 0 on `domain` or find a counterexample box (see the file comment).
/// `f` is called with (Interval, Interval) and (Jet2<Interval>, Jet2<Interval>).
template <class F>
BranchBoundResult prove_nonnegative(const F& f, const Box2& domain, const BranchBoundOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  BranchBoundResult r;
  const std::array<double, 2> width{domain.hi[0] - domain.lo[0], domain.hi[1] - domain.lo[1]};
  const auto admissible = [&](const Box2& b) { return !o.admissible || o.admissible(b); };
  const auto finish = [&](BoundOutcome outcome) {
    r.outcome = outcome;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  };
  // Boxes wait in a queue ordered by f at their midpoint, smallest first: a
  // failing region is reached before the boxes that straddle the zero set of f
  // (which no enclosure decides) are refined to the depth limit.
  struct Entry {
    double key;
    Box2 box;
    bool operator<(const Entry& e) const { return key > e.key; }
  };
  const auto midpoint_value = [&](const Box2& b) { return f(Interval(b.mid(0)), Interval(b.mid(1))); };
  std::priority_queue<Entry> queue;
  queue.push({lower_bound(midpoint_value(domain)), domain});
  std::optional<Box2> undecided;
  while (!queue.empty()) {
    const Box2 b = queue.top().box;
    queue.pop();
    ++r.boxes;
    r.max_depth = std::max(r.max_depth, b.depth);
    const Jet2<Interval> j = detail::jet_on(f, b);
    const Interval fm = midpoint_value(b);
    const Interval low = detail::lower_on(f, b, j, fm);
    if (certainly_positive(low)) {
      r.min_lower = std::min(r.min_lower, lower_bound(low));
      continue;
    }
    Box2 point{{b.mid(0), b.mid(1)}, {b.mid(0), b.mid(1)}, b.depth};
    if (certainly_negative(fm) && admissible(point)) {
      r.witness = point;
      r.witness_upper = upper_bound(fm);
      for (int k = 1; k <= 24; ++k) {
        Box2 c = point;
        for (std::size_t i = 0; i < 2; ++i) {
          const double h = std::ldexp(b.hi[i] - b.lo[i], -k - 1);
          c.lo[i] = std::max(b.lo[i], point.lo[i] - h);
          c.hi[i] = std::min(b.hi[i], point.hi[i] + h);
        }
        const Interval up = detail::upper_on(f, c);
        if (certainly_negative(up) && admissible(c)) {
          r.witness = c;
          r.witness_upper = upper_bound(up);
          break;
        }
      }
      return finish(BoundOutcome::Refuted);
    }
    if (o.tight_point && detail::contains(b, *o.tight_point) && detail::positive_definite(j.h)) {
      ++r.tight_boxes;
      continue;
    }
    if (r.boxes >= o.max_boxes) {
      r.witness = b;
      return finish(BoundOutcome::Undecided);
    }
    if (b.depth >= o.max_depth) {  // left open; keep looking for a counterexample elsewhere
      if (!undecided) undecided = b;
      continue;
    }
    const auto relative = [&](std::size_t i) { return width[i] > 0 ? (b.hi[i] - b.lo[i]) / width[i] : 0.0; };
    const std::size_t axis = relative(0) >= relative(1) ? 0 : 1;
    Box2 left = b, right = b;
    left.hi[axis] = right.lo[axis] = b.mid(static_cast<int>(axis));
    left.depth = right.depth = b.depth + 1;
    for (const Box2& child : {left, right}) queue.push({lower_bound(midpoint_value(child)), child});
  }
  if (undecided) {
    r.witness = *undecided;
    return finish(BoundOutcome::Undecided);
  }
  return finish(BoundOutcome::Proved);
}

}  // namespace bothlayers::checks::cert

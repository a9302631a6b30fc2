#pragma once
/// \file arb_ball.hpp
/// The interval scalar of the certificates for lemmas 8, 12, 13 (paper section 5,
/// docs/formulas.md section 5): a FLINT/Arb ball (midpoint and radius) at 128 bits,
/// with value semantics and the operations the branch and bound and its jets use
/// (+ - * /, sqrt, sin, cos, pi) and the questions it asks (endpoints,
/// certainly positive or negative).
///
/// Every operation of Arb encloses: the result ball contains the exact value of
/// the operation at every point of its argument balls (the midpoint rounded, the
/// rounding error and the propagated radius added to the radius, rounded up), and
/// the elementary functions return enclosures too. So a value computed from balls
/// encloses the exact value of the same expression at every point of its
/// arguments, as MPFI's intervals did (issue 26: Arb is 2-3x faster on arithmetic,
/// 16-70x on sin and atan, and allocates nothing at this precision: a mantissa of
/// up to two limbs lives inside the ball).
///
/// Balls are not intervals: a product's radius is |m_a| r_b + |m_b| r_a + r_a r_b,
/// so a wide ball multiplies more loosely than MPFI's endpoint rule (a positive
/// ball of half its midpoint's width, squared, reaches below 0), and an interval
/// [0, x] is held with its radius rounded up to 30 bits, so its lower end is
/// slightly below 0. On the branch and bound's small boxes the difference is of
/// second order (issue 26: whole-box enclosures 0.2% wider, same verdicts).
///
/// Endpoints are read as `ArbEndpoint`s (arf numbers, the lower rounded down and
/// the upper rounded up), so every decision compares exact binary numbers, never a
/// double rounded to nearest.

#include <bothlayers/errors.hpp>

#include <arb.h>

#include <cstdio>
#include <string>

namespace bothlayers::checks::cert {

/// Working precision of the balls' midpoints (bits). 128 bits keeps the mantissa
/// inline (two limbs: no allocation) and is above MPFI's 100 bits, which covers
/// the radius's own rounding (30 bits of mantissa).
inline constexpr slong kArbBallBits = 128;

/// An endpoint of a ball: an exact binary floating-point number (arf).
class ArbEndpoint {
 public:
  ArbEndpoint() { arf_init(x_); }
  ~ArbEndpoint() { arf_clear(x_); }
  ArbEndpoint(const ArbEndpoint& o) {
    arf_init(x_);
    arf_set(x_, o.x_);
  }
  ArbEndpoint& operator=(const ArbEndpoint& o) {
    arf_set(x_, o.x_);
    return *this;
  }
  /// The double `d`, exactly.
  static ArbEndpoint exact(double d) {
    ArbEndpoint e;
    arf_set_d(e.x_, d);
    return e;
  }
  arf_t& data() { return x_; }
  const arf_t& data() const { return x_; }

  /// -1, 0, 1 as a <, ==, > b (exact; a NaN compares unordered: see below).
  friend int compare(const ArbEndpoint& a, const ArbEndpoint& b) { return arf_cmp(a.x_, b.x_); }
  friend bool is_nan(const ArbEndpoint& a) { return arf_is_nan(a.x_) != 0; }
  friend bool operator<(const ArbEndpoint& a, const ArbEndpoint& b) { return ordered(a, b) && compare(a, b) < 0; }
  friend bool operator>(const ArbEndpoint& a, const ArbEndpoint& b) { return ordered(a, b) && compare(a, b) > 0; }
  friend bool operator<=(const ArbEndpoint& a, const ArbEndpoint& b) { return ordered(a, b) && compare(a, b) <= 0; }
  friend bool operator>=(const ArbEndpoint& a, const ArbEndpoint& b) { return ordered(a, b) && compare(a, b) >= 0; }
  friend bool operator<(const ArbEndpoint& a, double b) { return a < exact(b); }
  friend bool operator>(const ArbEndpoint& a, double b) { return a > exact(b); }
  friend bool operator<=(const ArbEndpoint& a, double b) { return a <= exact(b); }
  friend bool operator>=(const ArbEndpoint& a, double b) { return a >= exact(b); }

 private:
  /// Neither is NaN (a comparison with NaN is false, as for doubles).
  static bool ordered(const ArbEndpoint& a, const ArbEndpoint& b) { return !is_nan(a) && !is_nan(b); }
  arf_t x_;
};

/// A FLINT/Arb ball at kArbBallBits.
class ArbBall {
 public:
  ArbBall() { arb_init(x_); }
  ~ArbBall() { arb_clear(x_); }
  ArbBall(const ArbBall& o) {
    arb_init(x_);
    arb_set(x_, o.x_);
  }
  ArbBall& operator=(const ArbBall& o) {
    arb_set(x_, o.x_);
    return *this;
  }
  /// The exact point n.
  ArbBall(int n) {  // NOLINT: implicit, so 2 * x and x / 20 read as written
    arb_init(x_);
    arb_set_si(x_, n);
  }
  /// The exact point d (a double is exact at 128 bits).
  ArbBall(double d) {  // NOLINT: implicit, as above
    arb_init(x_);
    arb_set_d(x_, d);
  }
  /// The exact point e.
  explicit ArbBall(const ArbEndpoint& e) {
    arb_init(x_);
    arb_set_arf(x_, e.data());
  }
  /// A ball enclosing [lo, hi]; InvalidArgument unless lo <= hi (NaN included), before any work.
  ArbBall(double lo, double hi) {
    if (!(lo <= hi))
      throw InvalidArgument("interval [" + std::to_string(lo) + ", " + std::to_string(hi) + "]: needs lo <= hi");
    arb_init(x_);
    const ArbEndpoint l = ArbEndpoint::exact(lo), h = ArbEndpoint::exact(hi);
    arb_set_interval_arf(x_, l.data(), h.data(), kArbBallBits);
  }
  arb_t& data() { return x_; }
  const arb_t& data() const { return x_; }

  friend ArbBall operator+(const ArbBall& a, const ArbBall& b) {
    ArbBall r;
    arb_add(r.x_, a.x_, b.x_, kArbBallBits);
    return r;
  }
  friend ArbBall operator-(const ArbBall& a, const ArbBall& b) {
    ArbBall r;
    arb_sub(r.x_, a.x_, b.x_, kArbBallBits);
    return r;
  }
  friend ArbBall operator*(const ArbBall& a, const ArbBall& b) {
    ArbBall r;
    arb_mul(r.x_, a.x_, b.x_, kArbBallBits);
    return r;
  }
  /// a / b; the whole line (an indeterminate ball) when b contains 0.
  friend ArbBall operator/(const ArbBall& a, const ArbBall& b) {
    ArbBall r;
    arb_div(r.x_, a.x_, b.x_, kArbBallBits);
    return r;
  }
  friend ArbBall operator-(const ArbBall& a) {
    ArbBall r;
    arb_neg(r.x_, a.x_);
    return r;
  }
  ArbBall& operator+=(const ArbBall& b) {
    arb_add(x_, x_, b.x_, kArbBallBits);
    return *this;
  }
  ArbBall& operator-=(const ArbBall& b) {
    arb_sub(x_, x_, b.x_, kArbBallBits);
    return *this;
  }
  ArbBall& operator*=(const ArbBall& b) {
    arb_mul(x_, x_, b.x_, kArbBallBits);
    return *this;
  }

  friend ArbBall sqrt(const ArbBall& a) {
    ArbBall r;
    arb_sqrt(r.x_, a.x_, kArbBallBits);
    return r;
  }
  friend ArbBall sin(const ArbBall& a) {
    ArbBall r;
    arb_sin(r.x_, a.x_, kArbBallBits);
    return r;
  }
  friend ArbBall cos(const ArbBall& a) {
    ArbBall r;
    arb_cos(r.x_, a.x_, kArbBallBits);
    return r;
  }

  /// A ball enclosing a and b's common part (two enclosures of one value always
  /// meet: an empty intersection is a bug in what computed them, reported as an Error).
  friend ArbBall intersect(const ArbBall& a, const ArbBall& b) {
    ArbBall r;
    if (!arb_intersection(r.x_, a.x_, b.x_, kArbBallBits))
      throw Error("intersect: two enclosures of one value are disjoint");
    return r;
  }

  /// The lower endpoint, rounded down (a sound lower bound).
  friend ArbEndpoint lower(const ArbBall& a) {
    ArbEndpoint e;
    arb_get_lbound_arf(e.data(), a.x_, kArbBallBits);
    return e;
  }
  /// The upper endpoint, rounded up.
  friend ArbEndpoint upper(const ArbBall& a) {
    ArbEndpoint e;
    arb_get_ubound_arf(e.data(), a.x_, kArbBallBits);
    return e;
  }

 private:
  arb_t x_;
};

/// The ball enclosing [lo, hi].
inline ArbBall hull(double lo, double hi) { return ArbBall(lo, hi); }

/// pi, enclosed.
inline ArbBall arb_pi() {
  ArbBall r;
  arb_const_pi(r.data(), kArbBallBits);
  return r;
}

/// Every value of x is > 0 (false for a ball with a NaN midpoint or an infinite radius).
inline bool certainly_positive(const ArbBall& x) { return arb_is_positive(x.data()) != 0; }
/// Every value of x is < 0.
inline bool certainly_negative(const ArbBall& x) { return arb_is_negative(x.data()) != 0; }

/// The lower endpoint rounded down to a double (a sound lower bound for reporting).
inline double lower_bound(const ArbBall& x) { return arf_get_d(lower(x).data(), ARF_RND_FLOOR); }
/// The upper endpoint rounded up to a double.
inline double upper_bound(const ArbBall& x) { return arf_get_d(upper(x).data(), ARF_RND_CEIL); }
/// The midpoint rounded to the nearest double (for display and for proposing, never for deciding).
inline double midpoint_double(const ArbBall& x) { return arf_get_d(arb_midref(x.data()), ARF_RND_NEAR); }

/// "[lo, hi]" with 17 significant digits (outward-rounded doubles).
inline std::string interval_text(const ArbBall& x) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "[%.17g, %.17g]", lower_bound(x), upper_bound(x));
  return buf;
}

}  // namespace bothlayers::checks::cert

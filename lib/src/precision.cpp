#include <bothlayers/precision.hpp>

#include <cerrno>
#include <cstdlib>

namespace bothlayers {

std::string Precision::name() const {
  switch (kind) {
    case Kind::Double: return "double";
    case Kind::LongDouble: return "long-double";
    case Kind::Float128: return "float128";
    case Kind::BinFloat50: return "bin-float-50";
    case Kind::Mpfr: return "mp:" + std::to_string(mp_digits);
  }
  return "?";
}

Precision parse_precision(const std::string& text) {
  Precision p;
  if (text == "double") { p.kind = Precision::Kind::Double; return p; }
  if (text == "long-double") { p.kind = Precision::Kind::LongDouble; return p; }
  if (text == "float128") { p.kind = Precision::Kind::Float128; return p; }
  if (text == "bin-float-50") { p.kind = Precision::Kind::BinFloat50; return p; }
  if (text.rfind("mp:", 0) == 0) {
    const std::string digits = text.substr(3);
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos &&
        digits.size() <= 6) {
      const unsigned long value = std::stoul(digits);
      if (value >= 10 && value <= 100000) {
        p.kind = Precision::Kind::Mpfr;
        p.mp_digits = static_cast<unsigned>(value);
        return p;
      }
    }
    throw InvalidArgument("precision '" + text + "': mp:DIGITS needs DIGITS between 10 and 100000");
  }
  throw InvalidArgument("unknown precision '" + text +
                        "' (expected double, long-double, float128, bin-float-50 or mp:DIGITS)");
}

void set_mpfr_digits(unsigned digits) { mp_float::default_precision(digits); }

ScopedMpfrDigits::ScopedMpfrDigits(unsigned digits) : previous_(mp_float::default_precision()) {
  mp_float::default_precision(digits);
}
ScopedMpfrDigits::~ScopedMpfrDigits() { mp_float::default_precision(previous_); }

namespace {
bool looks_like_decimal(const std::string& s) {
  // [+-]? digits [. digits] [e [+-] digits], at least one digit in the mantissa.
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t mantissa = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++mantissa; }
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++mantissa; }
  }
  if (mantissa == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++exp_digits; }
    if (exp_digits == 0) return false;
  }
  return i == n;
}
}  // namespace

template <class Scalar>
Scalar parse_scalar(const std::string& text) {
  if (!looks_like_decimal(text)) {
    throw ParseError("'" + text + "' is not a decimal number");
  }
  Scalar value;
  if constexpr (std::is_same_v<Scalar, double>) {
    errno = 0;
    value = std::strtod(text.c_str(), nullptr);
  } else if constexpr (std::is_same_v<Scalar, long double>) {
    errno = 0;
    value = std::strtold(text.c_str(), nullptr);
  } else {
    value = Scalar(text);
  }
  if (!is_finite(value)) {
    throw NonFiniteError("'" + text + "' overflows " + scalar_name<Scalar>());
  }
  return value;
}

template double parse_scalar<double>(const std::string&);
template long double parse_scalar<long double>(const std::string&);
template float128 parse_scalar<float128>(const std::string&);
template bin_float_50 parse_scalar<bin_float_50>(const std::string&);
template mp_float parse_scalar<mp_float>(const std::string&);

}  // namespace bothlayers

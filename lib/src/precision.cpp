#include <bothlayers/precision.hpp>

#include <cctype>
#include <cerrno>
#include <algorithm>
#include <cstdlib>
#include <limits>
#include <optional>
#include <vector>

namespace bothlayers {

// The instantiation list of lib/CMakeLists.txt (BL_SCALAR_FILES), passed in as a
// definition, must be the scalar table's ids in the table's order.
#ifdef BOTHLAYERS_INSTANTIATED_SCALAR_IDS
static_assert(matches_scalar_ids(BOTHLAYERS_INSTANTIATED_SCALAR_IDS),
              "lib/CMakeLists.txt BL_SCALAR_FILES differs from scalar_table.hpp");
#endif

std::string Precision::name() const {
  std::string out = "?";
  for_each_scalar_type([&](auto tag) {
    using Traits = ScalarTraits<typename decltype(tag)::type>;
    if (Traits::kind != kind) return;
    out = std::string(Traits::name);
    if constexpr (Traits::runtime_digits) out += ":" + std::to_string(mp_digits);
  });
  return out;
}

namespace {
/// "double, long-double, double-double, float128, bin-float-50 or mp:DIGITS", from the table.
std::string expected_names() {
  std::vector<std::string> names;
  for_each_scalar_type([&](auto tag) {
    using Traits = ScalarTraits<typename decltype(tag)::type>;
    names.push_back(std::string(Traits::name) + (Traits::runtime_digits ? ":DIGITS" : ""));
  });
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return out;
}
}  // namespace

Precision parse_precision(const std::string& text) {
  std::optional<Precision> found;
  for_each_scalar_type([&](auto tag) {
    using Traits = ScalarTraits<typename decltype(tag)::type>;
    if (found) return;
    const std::string name(Traits::name);
    if constexpr (!Traits::runtime_digits) {
      if (text == name) found = Precision{Traits::kind, 0};
    } else {
      const std::string prefix = name + ":";
      if (text.rfind(prefix, 0) != 0) return;
      const std::string digits = text.substr(prefix.size());
      if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos &&
          digits.size() <= 6) {
        const unsigned long value = std::stoul(digits);
        if (value >= 10 && value <= 100000) {
          found = Precision{Traits::kind, static_cast<unsigned>(value)};
          return;
        }
      }
      throw InvalidArgument("precision '" + text + "': " + name + ":DIGITS needs DIGITS between 10 and 100000");
    }
  });
  if (found) return *found;
  throw InvalidArgument("unknown precision '" + text + "' (expected " + expected_names() + ")");
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

/// For text that looks_like_decimal: e such that |value| lies in [10^(e-1), 10^e)
/// (the decimal exponent just past the leading nonzero digit), or nullopt when
/// every mantissa digit is 0. Saturates at +-10^15, far beyond every type's range,
/// so a huge written exponent ("1e9223372036854775808") never overflows here.
std::optional<long long> leading_exponent(const std::string& s) {
  constexpr long long cap = 1000000000000000LL;
  std::size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
  const std::size_t point = s.find('.');
  const std::size_t mantissa_end = s.find_first_of("eE");
  // Where the integer part ends: the point, the exponent or the end of text ("-2").
  const std::size_t int_end = std::min({point, mantissa_end, s.size()});
  std::optional<long long> lead;
  for (; i < std::min(mantissa_end, s.size()); ++i) {
    if (s[i] == '.') continue;
    if (s[i] != '0') {
      lead = i < int_end ? static_cast<long long>(int_end - i) : -static_cast<long long>(i - point - 1);
      break;
    }
  }
  if (!lead) return std::nullopt;
  long long exponent = 0;
  if (mantissa_end != std::string::npos) {
    std::size_t j = mantissa_end + 1;
    const bool negative = s[j] == '-';
    if (s[j] == '+' || s[j] == '-') ++j;
    for (; j < s.size(); ++j) {
      exponent = exponent * 10 + (s[j] - '0');
      if (exponent > cap) { exponent = cap; break; }
    }
    if (negative) exponent = -exponent;
  }
  return *lead + exponent;
}

/// The same number as "[-]d.ddd...e<E>" with E = lead - 1: the exponent a
/// software parser sees is then bounded by the checks below, however many
/// leading zeros or exponent digits the text had ("0.000...1e646392390").
std::string scientific_form(const std::string& s, long long lead) {
  std::string digits;
  for (std::size_t i = 0; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i)
    if (std::isdigit(static_cast<unsigned char>(s[i])) && (!digits.empty() || s[i] != '0')) digits += s[i];
  std::string out = s[0] == '-' ? "-" : "";
  out += digits[0];
  if (digits.size() > 1) out += "." + digits.substr(1);
  return out + "e" + std::to_string(lead - 1);
}
}  // namespace

template <class Scalar>
Scalar parse_scalar(const std::string& text) {
  if (!looks_like_decimal(text)) {
    throw ParseError("'" + text + "' is not a decimal number");
  }
  // Decide far-out exponents here, before any parser sees them: Boost's
  // cpp_bin_float parser overflows a signed int on "1e9223372036854775808"
  // (a crash) and reads "1e99999999999999999999999999" as a finite number.
  const auto lead = leading_exponent(text);
  if (lead) {
    if (*lead - 1 > std::numeric_limits<Scalar>::max_exponent10)
      throw NonFiniteError("'" + text + "' overflows " + scalar_name<Scalar>());
    if (*lead < std::numeric_limits<Scalar>::min_exponent10 - 400)
      return text[0] == '-' ? -Scalar(0) : Scalar(0);  // below every subnormal: rounds to zero, as strtod does
  }
  Scalar value;
  if constexpr (std::is_same_v<Scalar, double>) {
    errno = 0;
    value = std::strtod(text.c_str(), nullptr);
  } else if constexpr (std::is_same_v<Scalar, long double>) {
    errno = 0;
    value = std::strtold(text.c_str(), nullptr);
  } else {
    value = lead ? Scalar(scientific_form(text, *lead)) : Scalar(text[0] == '-' ? "-0" : "0");
  }
  if (!is_finite(value)) {
    throw NonFiniteError("'" + text + "' overflows " + scalar_name<Scalar>());
  }
  return value;
}

#define BOTHLAYERS_PARSE_SCALAR_INSTANTIATE(S) template S parse_scalar<S>(const std::string&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_PARSE_SCALAR_INSTANTIATE)
#undef BOTHLAYERS_PARSE_SCALAR_INSTANTIATE

}  // namespace bothlayers

#include <bothlayers/precision.hpp>

#include <cerrno>
#include <cstdlib>
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
/// "double, long-double, float128, bin-float-50 or mp:DIGITS", from the table.
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

#define BOTHLAYERS_PARSE_SCALAR_INSTANTIATE(S) template S parse_scalar<S>(const std::string&);
BOTHLAYERS_FOR_EACH_SCALAR(BOTHLAYERS_PARSE_SCALAR_INSTANTIATE)
#undef BOTHLAYERS_PARSE_SCALAR_INSTANTIATE

}  // namespace bothlayers

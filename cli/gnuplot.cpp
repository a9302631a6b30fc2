// gnuplot.hpp: inert literals and atomic rendering.
#include "gnuplot.hpp"

#include <bothlayers/errors.hpp>

#include <cstdio>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace bothlayers::cli {

std::string gnuplot_literal(const std::string& text, const std::string& what) {
  std::string out = "'";
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw InvalidArgument(what + " must not contain control characters (newlines, tabs, ...)");
    out += c == '\'' ? std::string("''") : std::string(1, c);
  }
  return out + "'";
}

namespace {
bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}
}  // namespace

void render_with_gnuplot(const std::string& body, const std::string& out_path) {
  std::string terminal;
  if (ends_with(out_path, ".png")) terminal = "pngcairo size 1400,900";
  else if (ends_with(out_path, ".svg")) terminal = "svg size 1400,900";
  else throw InvalidArgument("plot output must end in .png or .svg, got '" + out_path + "'");
  const std::string tmp = out_path + ".tmp." + std::to_string(::getpid());
  const std::string script =
      "set terminal " + terminal + "\nset output " + gnuplot_literal(tmp, "the output path") + "\n" + body + "\nset output\n";
  FILE* pipe = ::popen("gnuplot 2>&1", "w");
  if (pipe == nullptr) throw Error("cannot start gnuplot (install gnuplot-nox: scripts/setup.sh does)");
  std::fwrite(script.data(), 1, script.size(), pipe);
  const int status = ::pclose(pipe);
  if (status != 0 || !std::ifstream(tmp).good()) {
    std::remove(tmp.c_str());
    throw Error(WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "gnuplot not found (install gnuplot-nox)"
                                                                : "gnuplot failed to render '" + out_path + "'");
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error("cannot rename onto '" + out_path + "'");
  }
}

}  // namespace bothlayers::cli

// gnuplot.hpp: inert literals and atomic rendering.
#include "gnuplot.hpp"

#include <bothlayers/atomic_file.hpp>
#include <bothlayers/errors.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sstream>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <bothlayers/detail/unit_id.hpp>

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
namespace BOTHLAYERS_UNIT_ID {
bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

namespace {
namespace BOTHLAYERS_UNIT_ID {
/// A scratch file that vanishes when closed (tmpfile), for gnuplot's stdin and stderr.
struct ScratchFile {
  FILE* file = std::tmpfile();
  ~ScratchFile() {
    if (file != nullptr) std::fclose(file);
  }
  int fd() const { return ::fileno(file); }
};

/// gnuplot's most telling message: the last non-empty line of its stderr that
/// names a script line, else the last non-empty line; trimmed to one line.
std::string gnuplot_message(FILE* err) {
  std::rewind(err);
  std::string all, line, best, last;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, err)) > 0 && all.size() < (1u << 20)) all.append(buffer, n);
  std::istringstream lines(all);
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t^");
    if (first == std::string::npos) continue;
    line = line.substr(first);
    last = line;
    if (line.find("line ") != std::string::npos) best = line;
  }
  std::string out = best.empty() ? last : best;
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return out.size() > 200 ? out.substr(0, 200) + "..." : out;
}
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

void check_plot_output(const std::string& out_path) {
  if (out_path.empty()) return;
  if (!ends_with(out_path, ".png") && !ends_with(out_path, ".svg"))
    throw InvalidArgument("plot output must end in .png or .svg, got '" + out_path + "'");
  AtomicFileWriter probe(out_path);
}

void render_with_gnuplot(const std::string& body, const std::string& out_path) {
  std::string terminal;
  if (ends_with(out_path, ".png")) terminal = "pngcairo size 1400,900";
  else if (ends_with(out_path, ".svg")) terminal = "svg size 1400,900";
  else throw InvalidArgument("plot output must end in .png or .svg, got '" + out_path + "'");
  // The output is opened (and refused: missing folder, device, ...) before gnuplot
  // runs; gnuplot writes the image to a pipe we read, its messages to a scratch
  // file, so neither its bytes nor its chatter reach our stdout or stderr.
  AtomicFileWriter out(out_path);
  const std::string script = "set terminal " + terminal + "\nset output\n" + body + "\nunset output\n";
  ScratchFile in, err;
  int image[2];
  if (in.file == nullptr || err.file == nullptr || ::pipe2(image, O_CLOEXEC) != 0)
    throw Error("cannot start gnuplot: " + std::string(std::strerror(errno)));
  std::fwrite(script.data(), 1, script.size(), in.file);
  std::fflush(in.file);
  std::rewind(in.file);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, image[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fd(), STDERR_FILENO);
  pid_t pid = 0;
  char* argv[] = {const_cast<char*>("gnuplot"), nullptr};
  const int spawned = ::posix_spawnp(&pid, "gnuplot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(image[1]);
  if (spawned != 0) {
    ::close(image[0]);
    throw Error(spawned == ENOENT ? "gnuplot not found (install gnuplot-nox: scripts/setup.sh does)"
                                  : "cannot start gnuplot: " + std::string(std::strerror(spawned)));
  }
  std::size_t bytes = 0;
  char buffer[1 << 16];
  std::string write_error;
  for (;;) {
    const ssize_t n = ::read(image[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (write_error.empty()) try {
        out.write(std::string_view(buffer, static_cast<std::size_t>(n)));
      } catch (const Error& e) {
        write_error = e.what();  // keep draining so gnuplot can finish
      }
    bytes += static_cast<std::size_t>(n);
  }
  ::close(image[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!write_error.empty()) throw Error(write_error);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || bytes == 0) {
    const std::string why = gnuplot_message(err.file);
    throw Error("gnuplot failed to render '" + out_path + "'" + (why.empty() ? "" : ": " + why));
  }
  out.commit();
}

}  // namespace bothlayers::cli

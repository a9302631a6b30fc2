#include "unit_pool.hpp"

#include "mpi_session.hpp"

#include <bothlayers/errors.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <iostream>
#include <map>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {

// Message tags between ranks.
constexpr int kHello = 1;   // remote -> 0: "I have N slots" (N requests for work)
constexpr int kRequest = 2; // remote -> 0: a slot is free
constexpr int kAssign = 3;  // 0 -> remote: a unit index, or "stop" (the slot retires)
constexpr int kResult = 4;  // remote -> 0: "INDEX\n" + result
constexpr int kError = 5;   // remote -> 0: a unit failed (message)

/// A unit computing in a forked worker process; its result comes back through a pipe.
struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::size_t unit = 0;
  std::string bytes;
};

/// Write all of `text`; false on a write error (the worker then exits non-zero).
bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// A worker's exit code when its result could not be written whole to the pipe.
constexpr int kWorkerWriteFailed = 3;

/// Fork a worker for `unit`: it computes, writes 'R' + result (or 'E' + message) and leaves with _exit.
Worker start_worker(std::size_t unit, const std::function<std::string(std::size_t)>& compute) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);  // nothing buffered is written twice
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw Error(std::string("cannot fork a worker: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // A killed parent (a killed sweep) takes its workers with it.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    ::close(fds[0]);
    std::string out;
    try {
      out = "R" + compute(unit);
    } catch (const std::exception& e) {
      out = std::string("E") + e.what();
    } catch (...) {
      out = "Eunknown exception";
    }
    const bool written = write_all(fds[1], out);
    ::_exit(::close(fds[1]) == 0 && written ? 0 : kWorkerWriteFailed);
  }
  ::close(fds[1]);
  return Worker{pid, fds[0], unit, {}};
}

/// The local worker processes of one rank.
class LocalPool {
 public:
  LocalPool(const std::function<std::string(std::size_t)>& compute, unsigned jobs) : compute_(compute), jobs_(jobs) {}
  ~LocalPool() {  // on an error: no worker outlives the pool
    for (auto& w : workers_) {
      if (w.fd >= 0) ::close(w.fd);
      if (w.pid > 0) {  // never kill(-1, ...): that signals every process we may signal
        ::kill(w.pid, SIGKILL);
        ::waitpid(w.pid, nullptr, 0);
      }
    }
  }
  bool has_room() const { return workers_.size() < jobs_; }
  bool empty() const { return workers_.empty(); }
  void start(std::size_t unit) { workers_.push_back(start_worker(unit, compute_)); }

  /// Wait up to `timeout_ms` (-1: until one finishes) and hand each finished unit to done(unit, result).
  void poll_once(int timeout_ms, const std::function<void(std::size_t, const std::string&)>& done) {
    std::vector<pollfd> fds;
    for (const auto& w : workers_) fds.push_back({w.fd, POLLIN, 0});
    if (fds.empty()) {
      if (timeout_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
      return;
    }
    const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) return;
      throw Error(std::string("poll failed: ") + std::strerror(errno));
    }
    std::vector<std::pair<std::size_t, std::string>> finished;
    std::string failure;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Worker& w = workers_[i];
      char buffer[65536];
      const ssize_t n = ::read(w.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        w.bytes.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      // End of the pipe (or a broken one): the worker has written everything, or died.
      ::close(w.fd);
      w.fd = -1;
      int status = 0;
      ::waitpid(w.pid, &status, 0);
      w.pid = -1;  // reaped: the pool never signals it again
      const std::string unit = "unit " + std::to_string(w.unit);
      if (!failure.empty()) continue;
      if (WIFSIGNALED(status))
        failure = unit + ": its worker process died of signal " + std::to_string(WTERMSIG(status)) + " (" +
                  strsignal(WTERMSIG(status)) + ")";
      else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        // A result cut short (its write failed) is not a result, whatever its first byte.
        failure = unit + ": its worker process exited with status " +
                  std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                  (WIFEXITED(status) && WEXITSTATUS(status) == kWorkerWriteFailed ? " (it could not write its result)"
                                                                                  : "");
      else if (w.bytes.empty() || (w.bytes[0] != 'R' && w.bytes[0] != 'E'))
        failure = unit + ": its worker process ended without a result";
      else if (w.bytes[0] == 'E')
        failure = w.bytes.substr(1);
      else
        finished.emplace_back(w.unit, w.bytes.substr(1));
    }
    // Reaped workers leave the pool before anything is reported or thrown.
    std::erase_if(workers_, [](const Worker& w) { return w.pid < 0; });
    if (!failure.empty()) throw Error(failure);
    for (const auto& [unit, result] : finished) done(unit, result);
  }

 private:
  const std::function<std::string(std::size_t)>& compute_;
  unsigned jobs_;
  std::vector<Worker> workers_;
};

/// Rank 0: hand out the pending units to its own workers and to the other ranks' slots.
void run_root(const std::vector<std::size_t>& pending, const std::function<std::string(std::size_t)>& compute,
              unsigned jobs, const std::function<void(std::size_t, const std::string&)>& on_result) {
  const int ranks = mpi_size();
  std::deque<std::size_t> queue(pending.begin(), pending.end());
  std::size_t received = 0;
  int greeted = 0;
  std::map<int, long> open_slots;  // remote rank -> slots not yet retired
  const auto deliver = [&](std::size_t unit, const std::string& result) {
    on_result(unit, result);
    ++received;
  };
  const auto reply = [&](int rank) {
    if (!queue.empty()) {
      mpi_send(rank, kAssign, std::to_string(queue.front()));
      queue.pop_front();
    } else {
      mpi_send(rank, kAssign, "stop");
      --open_slots[rank];
    }
  };
  LocalPool local(compute, jobs);
  for (;;) {
    while (local.has_room() && !queue.empty()) {
      local.start(queue.front());
      queue.pop_front();
    }
    bool remote_busy = greeted < ranks - 1;
    for (const auto& [rank, slots] : open_slots) remote_busy = remote_busy || slots > 0;
    if (received == pending.size() && local.empty() && !remote_busy) return;
    local.poll_once(ranks > 1 ? 5 : -1, deliver);
    if (ranks == 1) continue;
    while (auto m = mpi_try_receive()) {
      if (m->tag == kHello) {
        ++greeted;
        const long slots = std::stol(m->bytes);
        open_slots[m->source] = slots;
        for (long s = 0; s < slots; ++s) reply(m->source);
      } else if (m->tag == kRequest) {
        reply(m->source);
      } else if (m->tag == kResult) {
        const std::size_t cut = m->bytes.find('\n');
        deliver(std::stoul(m->bytes.substr(0, cut)), m->bytes.substr(cut + 1));
      } else if (m->tag == kError) {
        throw Error("rank " + std::to_string(m->source) + ": " + m->bytes);
      }
    }
  }
}

/// Ranks other than 0: ask rank 0 for units, compute them, send the results back.
void run_remote(const std::function<std::string(std::size_t)>& compute, unsigned jobs) {
  mpi_send(0, kHello, std::to_string(jobs));
  long open_slots = jobs;
  LocalPool local(compute, jobs);
  const auto done = [](std::size_t unit, const std::string& result) {
    mpi_send(0, kResult, std::to_string(unit) + "\n" + result);
    mpi_send(0, kRequest, "");
  };
  while (open_slots > 0 || !local.empty()) {
    try {
      local.poll_once(5, done);
    } catch (const std::exception& e) {
      mpi_send(0, kError, e.what());
      throw;
    }
    while (auto m = mpi_try_receive()) {
      if (m->tag != kAssign) continue;
      if (m->bytes == "stop") --open_slots;
      else local.start(std::stoul(m->bytes));
    }
  }
}

}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

unsigned default_jobs() {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, cores / static_cast<unsigned>(mpi_local_size()));
}

void run_units(const std::vector<std::size_t>& pending, const std::function<std::string(std::size_t)>& compute,
               unsigned jobs, const std::function<void(std::size_t, const std::string&)>& on_result) {
  if (jobs < 1) throw InvalidArgument("--jobs must be >= 1");
  const int ranks = mpi_size();
  if (ranks == 1 && jobs == 1) {  // in this process, in order
    for (std::size_t unit : pending) on_result(unit, compute(unit));
    return;
  }
  try {
    if (mpi_rank() == 0) run_root(pending, compute, jobs, on_result);
    else run_remote(compute, jobs);
  } catch (const std::exception& e) {
    if (ranks == 1) throw;
    // One rank's error ends them all (the others would wait for it forever).
    std::cerr << "bothlayers: error: " << (mpi_rank() == 0 ? "" : "rank " + std::to_string(mpi_rank()) + ": ")
              << e.what() << "\n";
    mpi_abort(2);
  }
}

}  // namespace bothlayers::cli

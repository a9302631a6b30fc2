#include "mpi_session.hpp"

#include <bothlayers/errors.hpp>

#include <cstdlib>
#include <limits>

#ifdef BOTHLAYERS_WITH_MPI
#define OMPI_SKIP_MPICXX 1  // the C API only
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

#include <bothlayers/detail/unit_id.hpp>

namespace bothlayers::cli {

namespace {
namespace BOTHLAYERS_UNIT_ID {
bool launched_by_mpirun() { return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr; }

#ifdef BOTHLAYERS_WITH_MPI
/// MPI_Init on first use, MPI_Finalize at exit (worker processes forked by the
/// unit pool leave with _exit and never reach it).
struct Session {
  int rank = 0, size = 1;
  Session() {
    if (!launched_by_mpirun()) return;
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) MPI_Init(nullptr, nullptr);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
  }
  ~Session() {
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (initialized && !finalized) MPI_Finalize();
  }
};
Session& session() {
  static Session s;
  return s;
}
#endif
}  // namespace BOTHLAYERS_UNIT_ID
}  // namespace
using namespace BOTHLAYERS_UNIT_ID;

#ifdef BOTHLAYERS_WITH_MPI
bool mpi_built() { return true; }
int mpi_rank() { return session().rank; }
int mpi_size() { return session().size; }

void mpi_send(int destination, int tag, const std::string& bytes) {
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw Error("MPI message of " + std::to_string(bytes.size()) + " bytes is over MPI's int count");
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, destination, tag, MPI_COMM_WORLD);
}

std::optional<MpiMessage> mpi_try_receive() {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  MpiMessage m{status.MPI_SOURCE, status.MPI_TAG, std::string(static_cast<std::size_t>(count), '\0')};
  MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return m;
}
void mpi_abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}
#else
bool mpi_built() { return false; }
void mpi_abort(int code) { std::exit(code); }
int mpi_rank() { return 0; }
int mpi_size() {
  if (launched_by_mpirun())
    throw Error("this bothlayers was built without MPI: under mpirun every rank would run the whole job; "
                "install libopenmpi-dev and reconfigure");
  return 1;
}
void mpi_send(int, int, const std::string&) { throw Error("built without MPI"); }
std::optional<MpiMessage> mpi_try_receive() { return std::nullopt; }
#endif

int mpi_local_size() {
  const char* text = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
  if (text == nullptr || mpi_size() == 1) return 1;
  const long n = std::strtol(text, nullptr, 10);
  return n >= 1 ? static_cast<int>(n) : 1;
}

}  // namespace bothlayers::cli

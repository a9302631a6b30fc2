#pragma once
/// \file mpi_session.hpp
/// This process's place among MPI ranks. Under `mpirun` (Open MPI sets
/// OMPI_COMM_WORLD_SIZE) MPI is initialized on first use and finalized at
/// exit; run plainly, or in a build without MPI, the process is rank 0 of 1
/// and nothing of MPI is touched. Messages are tagged byte strings: the unit
/// pool (unit_pool.hpp) is their only user.

#include <cstddef>
#include <optional>
#include <string>

namespace bothlayers::cli {

/// Whether this binary was built with MPI.
bool mpi_built();

/// This process's rank (0 when not under mpirun) and the number of ranks (1).
int mpi_rank();
int mpi_size();

/// Ranks sharing this machine (Open MPI's OMPI_COMM_WORLD_LOCAL_SIZE; 1 otherwise):
/// the default --jobs of each rank is its share of the machine's cores.
int mpi_local_size();

/// One message received: its sender, tag and bytes.
struct MpiMessage {
  int source = 0;
  int tag = 0;
  std::string bytes;
};

/// Send `bytes` to rank `destination` with `tag` (blocking, MPI_Send).
void mpi_send(int destination, int tag, const std::string& bytes);

/// End every rank at once with `code` (MPI_Abort): after an error on one rank
/// the others would wait for it forever. Without MPI: std::exit(code).
[[noreturn]] void mpi_abort(int code);

/// A waiting message if there is one (MPI_Iprobe, then MPI_Recv of its size).
std::optional<MpiMessage> mpi_try_receive();

}  // namespace bothlayers::cli

#pragma once
/// \file unit_pool.hpp
/// Independent units of work (verify's claims, a sweep's runs) computed in
/// worker processes on every core and across MPI ranks, their results
/// gathered at rank 0. A unit's result is a function of its index alone (it
/// carries its own seed), so the split never changes a result; the caller
/// assembles the report in unit order, never in completion order.
///
/// Why processes, not threads: two pieces of shared state make claims unsafe
/// on threads of one process. Boost 1.74's mpfr_float default precision is
/// one process-wide static (mpfr.hpp: get_default_precision(), not
/// thread_local), and claims run at mp:50, mp:100, mp:500 side by side;
/// RapidCheck's gen::exec keeps its implicit-parameter stacks in plain statics
/// (detail/ImplicitParam.h). A forked worker owns both. (MPFR itself is built
/// thread-safe here: mpfr_buildopt_tls_p() = 1.)
///
/// Scheduling is dynamic: rank 0 hands out the next pending unit to whichever
/// slot (a worker process of its own or of another rank) frees first, so a
/// long unit does not hold back a queue of short ones.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bothlayers::cli {

/// Default worker processes of this rank: its share of the machine's cores.
unsigned default_jobs();

/// Compute the units `pending` (indices) with compute(i), in up to `jobs`
/// worker processes on this rank and on every MPI rank; on rank 0,
/// on_result(i, result) is called as each result arrives (completion order;
/// use it to checkpoint and show progress). With jobs = 1 and one rank the
/// units run in this process, in order. On ranks other than 0, `pending` is
/// ignored (rank 0 assigns the units) and on_result is never called. A unit
/// whose compute throws, or whose worker dies, is an Error naming the unit.
void run_units(const std::vector<std::size_t>& pending, const std::function<std::string(std::size_t)>& compute,
               unsigned jobs, const std::function<void(std::size_t, const std::string&)>& on_result);

}  // namespace bothlayers::cli

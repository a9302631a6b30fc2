#pragma once
/// \file unit_id.hpp
/// The project's own .cpp files (the claim files, the CLI, the tests) keep their
/// private names in `namespace { namespace BOTHLAYERS_UNIT_ID {`, followed by
/// `using namespace BOTHLAYERS_UNIT_ID;` where the file's later code uses them.
/// Those files are compiled as a unity build (CMake option
/// BOTHLAYERS_UNITY_BUILD: several files in one translation unit, the headers
/// parsed and the shared templates instantiated once per batch: about half the
/// CPU time of a cold build), where CMake defines BOTHLAYERS_UNIT_ID to a name
/// unique per file, so two files' helpers of the same name do not clash.
/// Compiled one by one it is `this_file`, inside the file's anonymous namespace.
#ifndef BOTHLAYERS_UNIT_ID
#define BOTHLAYERS_UNIT_ID this_file
#endif

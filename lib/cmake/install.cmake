# Install rules: the static library, its headers and a CMake package, so that
#   find_package(bothlayers 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE bothlayers::bothlayers)
# works against the install prefix (lib/examples/consumer is such a project;
# scripts/check-consumer.sh builds it against a fresh install).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(BOTHLAYERS_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/bothlayers
  CACHE STRING "Where to install bothlayersConfig.cmake (relative to the prefix)")

install(TARGETS bothlayers EXPORT bothlayersTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/lib/include/bothlayers
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
install(EXPORT bothlayersTargets
  NAMESPACE bothlayers::
  DESTINATION ${BOTHLAYERS_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/lib/cmake/bothlayersConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/bothlayersConfig.cmake
  INSTALL_DESTINATION ${BOTHLAYERS_INSTALL_CMAKEDIR})
# 0.x: a minor release may break the API, so only the same major.minor matches.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/bothlayersConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/bothlayersConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/bothlayersConfigVersion.cmake
  DESTINATION ${BOTHLAYERS_INSTALL_CMAKEDIR})

# aidledger_module(NAME <target> DIR <dir> [DEPS <targets...>] [PUBLIC_DEPS <targets...>])
#
# One library per module: <dir>/include is public, <dir>/src is private. Sources are the
# .cpp files under <dir>/src, in subfolders too (a module's layers, mirrored under
# <dir>/include/aidledger/<module>/), that are not tests; files ending in _test.cpp, in any
# subfolder, become one GoogleTest executable named <target>_test, registered with CTest.
# Private headers are included by their path from <dir>/src ("figures/index.h"). A module sees only the modules it
# names, so the build itself enforces the layering of docs/architecture.md.
function(aidledger_module)
    cmake_parse_arguments(M "" "NAME;DIR" "DEPS;PUBLIC_DEPS;TEST_DEPS" ${ARGN})
    file(GLOB_RECURSE all_sources CONFIGURE_DEPENDS "${M_DIR}/src/*.cpp")
    set(lib_sources "")
    set(test_sources "")
    foreach(src IN LISTS all_sources)
        if(src MATCHES "_test\\.cpp$")
            list(APPEND test_sources "${src}")
        else()
            list(APPEND lib_sources "${src}")
        endif()
    endforeach()
    if(NOT lib_sources)
        message(FATAL_ERROR "module ${M_NAME} has no sources in ${M_DIR}/src")
    endif()
    add_library(${M_NAME} STATIC ${lib_sources})
    target_include_directories(${M_NAME} PUBLIC "${M_DIR}/include" PRIVATE "${M_DIR}/src")
    target_link_libraries(${M_NAME} PUBLIC ${M_PUBLIC_DEPS} PRIVATE ${M_DEPS})
    target_compile_options(${M_NAME} PRIVATE ${AIDLEDGER_WARNINGS})
    if(test_sources AND BUILD_TESTING)
        add_executable(${M_NAME}_test ${test_sources})
        target_include_directories(${M_NAME}_test PRIVATE "${M_DIR}/src")
        target_link_libraries(${M_NAME}_test PRIVATE ${M_NAME} ${M_DEPS} ${M_PUBLIC_DEPS}
                              ${M_TEST_DEPS} GTest::gtest GTest::gtest_main)
        target_compile_options(${M_NAME}_test PRIVATE ${AIDLEDGER_WARNINGS})
        gtest_discover_tests(${M_NAME}_test DISCOVERY_TIMEOUT 60 TEST_PREFIX "${M_NAME}."
                             PROPERTIES ENVIRONMENT "AIDLEDGER_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    endif()
endfunction()

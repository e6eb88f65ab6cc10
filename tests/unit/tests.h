/*
 * tests.h - every unit test, listed once.
 */
#ifndef ANK_TESTS_H
#define ANK_TESTS_H

#include "ananke.h"

#define TEST_LIST(X)                 \
    X(test_status_names)             \
    X(test_error_fill)               \
    X(test_buf)                      \
    X(test_arena)                    \
    X(test_languages)                \
    X(test_api_arguments)            \
    X(test_bad_input)                \
    X(test_utf8_bom_crlf)            \
    X(test_deep_nesting)             \
    X(test_stable_ids)               \
    X(test_syntax_error_confidence)  \
    X(test_allocation_failures)      \
    X(test_json_document)            \
    X(test_ndjson_and_text)          \
    X(test_streamed_output)          \
    X(test_result_read)              \
    X(test_naming_styles)            \
    X(test_naming_project)           \
    X(test_walk)                     \
    X(test_security_forbids)         \
    X(test_braid_schema)             \
    X(test_braid_grammar)            \
    X(test_braid_pattern)            \
    X(test_braid_range)              \
    X(test_braid_field)              \
    X(test_braid_gprint)             \
    X(test_braid_prebuilt)           \
    X(test_braid_cprint)             \
    X(test_braid_regex)              \
    X(test_braid_function)           \
    X(test_cache)                    \
    X(test_braid_compile)            \
    X(test_braid_ir)                 \
    X(test_braid_memo)               \
    X(test_ffi)                      \
    X(test_pipeline)                 \
    X(test_vocab)                    \
    X(test_rmatch)                   \
    X(test_gmatch)                   \
    X(test_layering)

#define TEST_DECLARE_(name) void name(void);
TEST_LIST(TEST_DECLARE_)
#undef TEST_DECLARE_

#endif

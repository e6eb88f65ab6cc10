/*
 * holes.c - a code generator's first steps with libananke's C API.
 *
 *   holes FILE
 *
 * Extracts FILE, lists its holes (unfinished function bodies) with the
 * bytes each one replaces, compiles the constraints, and prints the
 * generation spec's completion grammar (GBNF) for the first hole, the
 * grammar a constrained-decoding engine would be given.
 *
 * Build against an installed copy:
 *   cc holes.c $(pkg-config --cflags --libs ananke) -o holes
 */
#include <stdio.h>
#include <string.h>

#include <ananke.h>

static int fail(const char *what, const ank_error *e)
{
    fprintf(stderr, "holes: %s: %s (%s)\n", what, e->message,
            ank_status_name(e->code));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: holes FILE\n");
        return 2;
    }
    /* A program built against one ABI must not run against another. */
    if (ank_abi_version() != ANK_ABI_VERSION) {
        fprintf(stderr, "holes: built for ABI %d, loaded ABI %u\n",
                ANK_ABI_VERSION, ank_abi_version());
        return 1;
    }
    ank_options options = ANK_OPTIONS_INIT;
    options.max_file_size = 1 << 20;
    ank_context *ctx = NULL;
    ank_result *result = NULL;
    ank_ir *ir = NULL;
    ank_error e;
    int rc = 1;
    if (ank_context_new(&options, &ctx, &e) != ANK_OK)
        return fail("context", &e);
    if (ank_extract_path(ctx, argv[1], &result, &e) != ANK_OK) {
        rc = fail(argv[1], &e);
        goto out;
    }
    printf("ananke %s: %zu constraints\n", ank_version(),
           ank_result_count(result));

    const ank_constraint *first = NULL;
    for (size_t i = 0; i < ank_result_count(result); i++) {
        const ank_constraint *c = ank_result_get(result, i);
        if (strcmp(ank_constraint_kind(c), "hole") != 0)
            continue;
        uint32_t start = 0, end = 0;
        ank_constraint_hole_range(c, &start, &end);
        ank_location at = ank_constraint_location(c);
        const char *returns = ank_constraint_attr(c, ANK_ATTR_RETURNS);
        printf("hole %s in %s at %s:%u:%u, bytes %u-%u, marker %s, "
               "returns %s\n",
               ank_constraint_id(c), ank_constraint_name(c), at.file,
               at.start_line, at.start_column, start, end,
               ank_constraint_attr(c, ANK_ATTR_MARKER),
               returns ? returns : "(not given)");
        if (!first)
            first = c;
    }
    if (!first) {
        printf("no holes\n");
        rc = 0;
        goto out;
    }

    ank_compile_options co = {.emit = ANK_EMIT_SPECS | ANK_EMIT_GBNF};
    if (ank_compile(ctx, result, &co, &ir, &e) != ANK_OK) {
        rc = fail("compile", &e);
        goto out;
    }
    size_t spec = ank_ir_artifact_find(ir, "spec", ank_constraint_id(first), 0);
    if (spec == ANK_NPOS) {
        fprintf(stderr, "holes: no spec for the first hole\n");
        goto out;
    }
    size_t len = 0;
    const char *prefix = ank_ir_artifact_text(ir, spec, ANK_PART_SIGNATURE,
                                              NULL);
    const char *gbnf = ank_ir_artifact_text(ir, spec, ANK_PART_GBNF, &len);
    printf("spec %s keeps the prefix: %s\n", ank_ir_artifact_id(ir, spec),
           prefix);
    printf("completion grammar (GBNF, %zu bytes):\n%.400s%s\n", len,
           gbnf ? gbnf : "(none)", len > 400 ? "..." : "");
    rc = 0;
out:
    ank_ir_free(ir);
    ank_result_free(result);
    ank_context_free(ctx);
    return rc;
}

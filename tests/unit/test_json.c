/*
 * test_json.c - JSON-text grammars of schemas for the unit tests
 * (test_json.h).
 */
#include "test_json.h"

#include "../../braid/json_grammar.h"
#include "../../ffi/alloc.h"
#include "test.h"

char *test_json_grammar(const json_t *schema, unsigned ws, ank_gram_dialect d,
                        ank_error *e)
{
    ank_gram *g = ank__gram_new();
    ank_grule *r = g ? ank__grammar_json(g, schema, schema, ws, e) : NULL;
    char *text = NULL;
    if (!g)
        ank__fail(e, ANK_ERR_NOMEM, "out of memory");
    if (r) {
        ank__gram_set_root(g, r);
        ank_buf out = ANK_BUF_INIT;
        ank_status st = ank__gram_write(g, d, &out);
        if (st == ANK_OK)
            text = ank__buf_take(&out, NULL);
        else
            ank__buf_release(&out), ank__fail(e, st, "cannot print");
    }
    ank__gram_free(g);
    return text;
}

char *test_json_grammar_text(const char *schema, ank_gram_dialect d)
{
    json_t *s = json_loads(schema, JSON_DECODE_ANY, NULL);
    CHECK(s != NULL);
    ank_error e = {0};
    char *text = s ? test_json_grammar(s, 0, d, &e) : NULL;
    if (!text)
        fprintf(stderr, "    %s: %s\n", schema, e.message);
    json_decref(s);
    return text;
}

ank_ggram *test_json_matcher(const char *schema)
{
    char *text = test_json_grammar_text(schema, ANK_GRAM_GBNF);
    CHECK(text != NULL);
    ank_ggram *gg = NULL;
    if (text)
        CHECK_INT(ank__ggram_compile(text, strlen(text), NULL, &gg, NULL),
                  ANK_OK);
    ank__free(text);
    return gg;
}

bool test_json_accepts(const ank_ggram *gg, const char *text, size_t n)
{
    ank_gmatch *m = NULL;
    if (!gg || ank__gmatch_new(gg, &m, NULL) != ANK_OK)
        return false;
    bool ok = ank__gmatch_accept(m, (const uint8_t *)text, n) &&
              ank__gmatch_can_end(m);
    ank__gmatch_free(m);
    return ok;
}

uint64_t test_json_fail_each(const json_t *schema, ank_gram_dialect d)
{
    for (uint64_t n = 1; n < 5000; n++) {
        ank__alloc_fail_after(n);
        ank_error e = {0};
        char *text = test_json_grammar(schema, 1, d, &e);
        ank__alloc_fail_after(0);
        if (!text && e.code != ANK_ERR_NOMEM)
            fprintf(stderr, "    allocation %llu: %s\n", (unsigned long long)n,
                    e.message);
        CHECK(text != NULL || e.code == ANK_ERR_NOMEM);
        ank__free(text);
        if (text)
            return n - 1;
    }
    CHECK(!"a conversion succeeded within 5000 allocations");
    return 0;
}

ank_ir *test_json_compile(const char *path, const char *src,
                          const char *type, size_t *at)
{
    test_src file = {path, src};
    ank_result *r = test_extract(&file, 1);
    ank_ir *ir = NULL;
    CHECK_INT(ank_braid_compile(r, NULL, &ir, NULL), ANK_OK);
    ank_result_free(r);
    *at = ANK_NPOS;
    for (size_t k = 0; ir && k < ank_ir_artifact_count(ir); k++)
        if (!strcmp(ank_ir_artifact_kind(ir, k), "schema") &&
            !strcmp(ank_ir_artifact_name(ir, k), type))
            *at = k;
    CHECK(*at != ANK_NPOS);
    return ir;
}

/*
 * spec_tools.c - a spec's "tools": the ids of the tool artifacts of the
 * other exported functions of its file.  A file's ids are found and
 * escaped once, for all of its specs; a spec's list is that text cut
 * around its own function's id, or, when ids repeat (merged definitions),
 * each distinct id once.
 */
#include "spec_tools.h"

#include <string.h>
#include <xxhash.h>

#include "../ffi/alloc.h"
#include "../ffi/status.h"
#include "ir_text.h"
#include "schema.h"

/* The tool artifacts of one file's exported functions, in input order:
 * found once for all the specs of the file. */
typedef struct file_tools {
    const char *file;
    const ank_constraint **fns;
    size_t n;
    ank_buf text;  /* each tool id as a JSON string and a comma */
    size_t *at;    /* fns[k]'s is text.data[at[k] .. at[k + 1]) */
    bool distinct; /* no two of the ids are the same */
} file_tools;

/* Empty ps->set with room for n ids; false after recording a failure. */
static bool set_clear(ank_bctx *b, ank_spec_tools *ps, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    if (cap > ps->capset) {
        ank__free(ps->set);
        ps->set = ank__malloc(cap * sizeof *ps->set);
        ps->capset = ps->set ? cap : 0;
        if (!ps->set) {
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
            return false;
        }
    }
    memset(ps->set, 0, cap * sizeof *ps->set);
    ps->maskset = cap - 1;
    return true;
}

/* Add ft's id k to ps->set: false when the same id was there already. */
static bool set_add(ank_spec_tools *ps, const file_tools *ft, size_t k)
{
    const char *s = ft->text.data + ft->at[k];
    size_t n = ft->at[k + 1] - ft->at[k];
    size_t i = (size_t)XXH3_64bits(s, n) & ps->maskset;
    for (size_t o; (o = ps->set[i]) != 0; i = (i + 1) & ps->maskset)
        if (ft->at[o] - ft->at[o - 1] == n &&
            memcmp(ft->text.data + ft->at[o - 1], s, n) == 0)
            return false;
    ps->set[i] = k + 1;
    return true;
}

static const file_tools *file_tools_of(ank_bctx *b, ank_cstate *cc,
                                       ank_spec_tools *ps, const char *file)
{
    for (size_t i = 0; i < ps->nfiles; i++)
        if (ps->files[i].file == file)
            return &ps->files[i];
    if (!ank__array_reserve((void **)&ps->files, &ps->capfiles, ps->nfiles,
                            1, sizeof *ps->files)) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    file_tools *ft = &ps->files[ps->nfiles++];
    *ft = (file_tools){.file = file, .text = ANK_BUF_INIT};
    const ank_result *r = b->in;
    size_t cap = 0, capat = 0;
    for (size_t i = 0; i < r->count; i++) {
        const ank_constraint *t = r->items[i];
        if (t->kind != ANK_KIND_FUNCTION_SIGNATURE || t->file != file ||
            !ank__schema_tool_wanted(t))
            continue;
        json_t *id = json_object_get(cc->tools, t->id);
        if (!json_string_value(id))
            continue;
        if (!ank__array_reserve((void **)&ft->fns, &cap, ft->n, 1,
                                sizeof *ft->fns) ||
            !ank__array_reserve((void **)&ft->at, &capat, ft->n, 2,
                                sizeof *ft->at)) {
            ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
            return NULL;
        }
        ft->at[ft->n] = ft->text.len;
        ft->fns[ft->n++] = t;
        ank__ir_text_string(&ft->text, json_string_value(id),
                            json_string_length(id));
        ank__buf_putc(&ft->text, ',');
    }
    if (ft->text.failed) {
        ank__bctx_fail(b, ANK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (!ft->n)
        return ft;
    ft->at[ft->n] = ft->text.len;
    if (!set_clear(b, ps, ft->n))
        return NULL;
    ft->distinct = true;
    for (size_t k = 0; k < ft->n && ft->distinct; k++)
        ft->distinct = set_add(ps, ft, k);
    return ft;
}

/* Append the distinct tool ids of fn's file but fn's own (a merged
 * definition of fn keeps its id in the list), comma-separated. */
void ank__spec_tools_list(ank_bctx *b, ank_cstate *cc, ank_spec_tools *ps,
                          const ank_constraint *fn, ank_buf *t)
{
    const file_tools *ft = file_tools_of(b, cc, ps, fn->file);
    if (!ft || !ft->n)
        return;
    const char *text = ft->text.data;
    size_t start = t->len;
    if (ft->distinct) { /* all of them, cut around fn's */
        size_t k = 0;
        while (k < ft->n && ft->fns[k] != fn)
            k++;
        ank__buf_append(t, text, ft->at[k]);
        if (k < ft->n)
            ank__buf_append(t, text + ft->at[k + 1],
                            ft->at[ft->n] - ft->at[k + 1]);
    } else {
        if (!set_clear(b, ps, ft->n))
            return;
        for (size_t k = 0; k < ft->n; k++)
            if (ft->fns[k] != fn && set_add(ps, ft, k))
                ank__buf_append(t, text + ft->at[k],
                                ft->at[k + 1] - ft->at[k]);
    }
    if (t->len > start) /* the last comma */
        t->data[--t->len] = '\0';
}

void ank__spec_tools_release(ank_spec_tools *ps)
{
    for (size_t i = 0; i < ps->nfiles; i++) {
        ank__free(ps->files[i].fns);
        ank__free(ps->files[i].at);
        ank__buf_release(&ps->files[i].text);
    }
    ank__free(ps->files);
    ank__free(ps->set);
    *ps = (ank_spec_tools){0};
}

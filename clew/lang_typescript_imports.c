/*
 * lang_typescript_imports.c - TypeScript imports and re-exports as
 * import.module constraints: `import ... from "m"`, `import x =
 * require("m")`, side-effect imports and `export ... from "m"`, with the
 * names they bring in and where the module comes from (relative, Node's
 * standard library, external).
 *
 * Invariants: one constraint per statement, named after the module as
 * written (unquoted); an import or re-export whose specifiers are all
 * `type` ones is type_only.  `import x = ns.y` is not a module dependency
 * and gives nothing.
 */
#include "lang_typescript.h"
#include "lang_typescript_imports.h"

/* Node's built-in modules; `node:x` and `x/sub` of these are stdlib too. */
static const char *const node_builtins[] = {
    "assert", "async_hooks", "buffer", "child_process", "cluster", "console",
    "constants", "crypto", "dgram", "diagnostics_channel", "dns", "domain",
    "events", "fs", "http", "http2", "https", "inspector", "module", "net",
    "os", "path", "perf_hooks", "process", "punycode", "querystring",
    "readline", "repl", "stream", "string_decoder", "sys", "timers", "tls",
    "trace_events", "tty", "url", "util", "v8", "vm", "wasi",
    "worker_threads", "zlib", NULL};

static ank_import_origin origin_of(const char *m)
{
    if (strncmp(m, "./", 2) == 0 || strncmp(m, "../", 3) == 0 || m[0] == '/' ||
        strcmp(m, ".") == 0 || strcmp(m, "..") == 0)
        return ANK_ORIGIN_RELATIVE;
    if (strncmp(m, "node:", 5) == 0)
        return ANK_ORIGIN_STDLIB;
    size_t head = strcspn(m, "/");
    for (const char *const *b = node_builtins; *b; b++)
        if (strlen(*b) == head && strncmp(m, *b, head) == 0)
            return ANK_ORIGIN_STDLIB;
    return ANK_ORIGIN_EXTERNAL;
}

static ank_import *add_import(ank_x *x, TSNode stmt, TSNode source)
{
    const char *module = ank__x_unquote(x, source);
    if (!module)
        return NULL;
    ank_constraint *k = ank__x_add(x, ANK_KIND_IMPORT_MODULE, stmt, module);
    if (!k)
        return NULL;
    k->u.import.module = module;
    k->u.import.origin = origin_of(module);
    return &k->u.import;
}

static bool add_name(ank_x *x, ank_import *im, const char *name,
                     TSNode alias)
{
    ank_import_name *n = ANK_X_PUSH(x, im->names, im->nnames);
    if (!n)
        return false;
    n->name = name;
    n->alias = ank__x_text(x, alias);
    return name != NULL;
}

/* Specifiers of named_imports / export_clause.  Returns whether all of
 * them are `type` specifiers (and there is at least one). */
static bool specifiers(ank_x *x, ank_import *im, TSNode list)
{
    uint32_t typed = 0, all = 0;
    ank_ts_kids k;
    TSNode s;
    ank__typescript_kids_open(&k, list, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &s)) {
        if (!ank__x_is(s, "import_specifier") &&
            !ank__x_is(s, "export_specifier"))
            continue;
        all++;
        typed += ank__typescript_has_token(s, "type");
        TSNode name = ank__typescript_field(s, ANK_TS_F_NAME);
        add_name(x, im, ank__typescript_name(x, name), ank__typescript_field(s, ANK_TS_F_ALIAS));
    }
    ank__typescript_kids_close(&k);
    return all > 0 && typed == all;
}

void ank__typescript_import(ank_x *x, TSNode stmt)
{
    TSNode source = ank__typescript_field(stmt, ANK_TS_F_SOURCE);
    TSNode req = ank__x_child_of_type(stmt, "import_require_clause");
    if (!ts_node_is_null(req)) { /* import x = require("m") */
        ank_import *im = add_import(x, stmt, ank__typescript_field(req, ANK_TS_F_SOURCE));
        if (im)
            im->alias = ank__x_text(x, ank__x_child_of_type(req, "identifier"));
        return;
    }
    if (ts_node_is_null(source))
        return; /* import x = ns.y: not a module dependency */
    ank_import *im = add_import(x, stmt, source);
    if (!im)
        return;
    im->type_only = ank__typescript_has_token(stmt, "type");
    TSNode clause = ank__x_child_of_type(stmt, "import_clause");
    if (ts_node_is_null(clause)) {
        im->side_effect = true;
        return;
    }
    ank_ts_kids k;
    TSNode part;
    ank__typescript_kids_open(&k, clause, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &part)) {
        if (ank__x_is(part, "identifier")) {
            add_name(x, im, "default", part);
        } else if (ank__x_is(part, "namespace_import")) {
            im->wildcard = true;
            im->alias = ank__x_text(x, ank__x_child_of_type(part, "identifier"));
        } else if (ank__x_is(part, "named_imports")) {
            if (specifiers(x, im, part))
                im->type_only = true;
        }
    }
    ank__typescript_kids_close(&k);
}

/* export ... from "m" */
void ank__typescript_reexport(ank_x *x, TSNode stmt, TSNode source)
{
    ank_import *im = add_import(x, stmt, source);
    if (!im)
        return;
    im->type_only = ank__typescript_has_token(stmt, "type");
    TSNode clause = ank__x_child_of_type(stmt, "export_clause");
    TSNode ns = ank__x_child_of_type(stmt, "namespace_export");
    if (!ts_node_is_null(clause)) {
        if (specifiers(x, im, clause))
            im->type_only = true;
    } else {
        im->wildcard = true; /* export * [as ns] from "m" */
        if (!ts_node_is_null(ns))
            im->alias = ank__x_text(
                x, ts_node_named_child(ns, ank__typescript_count_named(ns) - 1));
    }
}

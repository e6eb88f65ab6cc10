/*
 * test_layering.c - architecture.layering: the choice of units, each
 * language's import resolution, counts, boundaries, stable ids, the JSON
 * round trip and the typed accessors.  Every tree is a list of (path,
 * source) pairs extracted into one result and finished.
 */
#include <jansson.h>
#include <stdlib.h>

#include "../../clew/constraint.h"
#include "../../ffi/alloc.h"
#include "test.h"
#include "tests.h"

#define KIND "architecture.layering"

#define TREE(files) test_extract((files), sizeof(files) / sizeof *(files))

/* The layering constraint of `lang` for `unit`, or NULL. */
static const ank_constraint *unit_of(const ank_result *r, ank_lang lang,
                                     const char *unit)
{
    for (size_t i = 0; i < ank_result_count(r); i++) {
        const ank_constraint *c = ank_result_get(r, i);
        if (c->kind == ANK_KIND_ARCHITECTURE_LAYERING && c->language == lang &&
            strcmp(c->name, unit) == 0)
            return c;
    }
    return NULL;
}

/* "a:2,b:1" for the imports, "a,b" for the boundaries and importers. */
static const char *imports_of(const ank_constraint *c)
{
    static char out[512];
    out[0] = '\0';
    for (uint32_t i = 0; c && i < c->u.layering.nimports; i++) {
        const ank_layer_edge *e = &c->u.layering.imports[i];
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%s:%u", i ? "," : "", e->unit,
                 e->count);
    }
    return c ? out : "(no constraint)";
}

static const char *list_of(const ank_constraint *c, bool boundaries)
{
    static char out[512];
    out[0] = '\0';
    if (!c)
        return "(no constraint)";
    const ank_layering *l = &c->u.layering;
    uint32_t n = boundaries ? l->nboundaries : l->nimported_by;
    const char *const *v = boundaries ? l->boundaries : l->imported_by;
    for (uint32_t i = 0; i < n; i++) {
        size_t k = strlen(out);
        snprintf(out + k, sizeof out - k, "%s%s", i ? "," : "", v[i]);
    }
    return out;
}

#define UNIT(r, lang, name) unit_of((r), ANK_LANG_##lang, (name))
#define IMPORTS(r, lang, name) imports_of(UNIT(r, lang, name))
#define NEVER(r, lang, name) list_of(UNIT(r, lang, name), true)
#define BY(r, lang, name) list_of(UNIT(r, lang, name), false)

/* ----------------------------------------------------------------- units */

static void units_descend_and_root(void)
{
    /* Every TypeScript file is under web/src: its units are one level
     * further down.  Go has a single directory: no constraint.  The root
     * (repo) is common to all files and does not appear in unit names. */
    static const test_src a[] = {
        {"repo/web/src/ui/app.ts", "import { x } from \"../core/x\";\n"},
        {"repo/web/src/core/x.ts", "export const x = 1;\n"},
        {"repo/server/main.go", "package main\n"},
        {"repo/server/util.go", "package main\n"},
    };
    ank_result *r = TREE(a);
    CHECK_INT(test_count_kind(r, KIND), 2);
    CHECK_STR(IMPORTS(r, TYPESCRIPT, "web/src/ui"), "web/src/core:1");
    CHECK_STR(NEVER(r, TYPESCRIPT, "web/src/core"), "web/src/ui");
    CHECK_STR(BY(r, TYPESCRIPT, "web/src/core"), "web/src/ui");
    const ank_constraint *c = UNIT(r, TYPESCRIPT, "web/src/ui");
    CHECK(c && c->file == NULL && c->severity == ANK_SEV_INFO);
    ank_result_free(r);

    /* Files directly in the root form the unit ".". */
    static const test_src b[] = {
        {"main.py", "import pkg.m\n"},
        {"pkg/m.py", "X = 1\n"},
    };
    r = TREE(b);
    CHECK_INT(test_count_kind(r, KIND), 2);
    CHECK_STR(IMPORTS(r, PYTHON, "."), "pkg:1");
    CHECK_STR(NEVER(r, PYTHON, "pkg"), ".");
    CHECK_INT(UNIT(r, PYTHON, ".") ? UNIT(r, PYTHON, ".")->u.layering.files
                                   : 0, 1);
    ank_result_free(r);

    /* Fewer than two units: nothing. */
    static const test_src c1[] = {
        {"lib/a.py", "from . import b\n"},
        {"lib/b.py", "X = 1\n"},
    };
    r = TREE(c1);
    CHECK_INT(test_count_kind(r, KIND), 0);
    ank_result_free(r);
    static const test_src c2[] = {{"only.zig", "const std = @import(\"std\");\n"}};
    r = TREE(c2);
    CHECK_INT(test_count_kind(r, KIND), 0);
    ank_result_free(r);
}

/* ------------------------------------------------------------- resolvers */

static const test_src ts_tree[] = {
    {"a/x.ts", "import { y } from \"./y\";\n"
               "import { b } from \"../b\";\n"
               "import { z } from \"../b/z.js\";\n"
               "import { o } from \"../../outside\";\n"
               "import { chunk } from \"lodash\";\n"
               "import { W } from \"../c/w\";\n"},
    {"a/y.ts", "export const y = 1;\n"},
    {"b/index.ts", "export const b = 1;\n"},
    {"b/z.ts", "export const z = 1;\n"},
    {"c/w.tsx", "export const W = 1;\n"},
};

static void resolve_typescript(void)
{
    ank_result *r = TREE(ts_tree);
    /* ./y (own unit), ../b (index.ts), ../b/z.js (z.ts), ../c/w (w.tsx);
     * not ../../outside (leaves the root) nor lodash. */
    const ank_constraint *a = UNIT(r, TYPESCRIPT, "a");
    CHECK(a != NULL);
    if (a) {
        CHECK_INT(a->u.layering.resolved, 4);
        CHECK_INT(a->u.layering.files, 2);
        CHECK_STR(a->u.layering.imports[0].file, "a/x.ts");
        CHECK_INT(a->u.layering.imports[0].line, 2);
        CHECK_INT(a->u.layering.imports[0].column, 1);
        CHECK_INT(a->u.layering.imports[1].line, 6);
        /* confidence grows with the evidence: (4 + 1) / (4 + 3) */
        CHECK(a->confidence > 0.714 && a->confidence < 0.715);
    }
    CHECK_STR(IMPORTS(r, TYPESCRIPT, "a"), "b:2,c:1");
    CHECK_STR(NEVER(r, TYPESCRIPT, "a"), "");
    CHECK_STR(NEVER(r, TYPESCRIPT, "b"), "a,c");
    CHECK_STR(BY(r, TYPESCRIPT, "b"), "a");
    CHECK_STR(BY(r, TYPESCRIPT, "c"), "a");
    const ank_constraint *b = UNIT(r, TYPESCRIPT, "b");
    CHECK(b && b->u.layering.resolved == 0);
    CHECK(b && b->confidence > 0.333 && b->confidence < 0.334);
    ank_result_free(r);
}

static void resolve_python(void)
{
    static const test_src t[] = {
        {"app/views.py", "from ..lib.util import f\n"
                         "from .forms import F\n"
                         "import lib\n"
                         "import requests\n"
                         "from ... import x\n"},
        {"app/forms.py", "F = 1\n"},
        {"lib/__init__.py", "\n"},
        {"lib/util.py", "import app.forms\n"},
        {"tool/run.py", "import os\n"},
    };
    ank_result *r = TREE(t);
    /* ..lib.util climbs to the root; .forms stays in app; lib is absolute;
     * requests is third-party; ... leaves the root. */
    CHECK_STR(IMPORTS(r, PYTHON, "app"), "lib:2");
    CHECK(UNIT(r, PYTHON, "app") &&
          UNIT(r, PYTHON, "app")->u.layering.resolved == 3);
    /* Cycles are edges like any other. */
    CHECK_STR(IMPORTS(r, PYTHON, "lib"), "app:1");
    CHECK_STR(NEVER(r, PYTHON, "app"), "tool");
    CHECK_STR(NEVER(r, PYTHON, "tool"), "app,lib");
    CHECK_STR(BY(r, PYTHON, "tool"), "");
    ank_result_free(r);

    /* Units below a single package: pkg.core from the directory above the
     * base, core from the base itself. */
    static const test_src u[] = {
        {"svc/pkg/__init__.py", "\n"},
        {"svc/pkg/core/m.py", "X = 1\n"},
        {"svc/pkg/api/v.py", "from pkg.core.m import X\nfrom core import m\n"},
        {"web/app.ts", "export const a = 1;\n"},
    };
    r = TREE(u);
    CHECK_STR(IMPORTS(r, PYTHON, "svc/pkg/api"), "svc/pkg/core:2");
    CHECK_STR(NEVER(r, PYTHON, "svc/pkg/api"), "svc/pkg");
    CHECK_INT(test_count_kind(r, KIND), 3);
    ank_result_free(r);
}

static void resolve_go(void)
{
    static const test_src t[] = {
        {"a/util/u.go", "package util\n"},
        {"b/util/u.go", "package util\n"},
        {"b/log/l.go", "package log\n"},
        {"c/main.go", "package main\n\nimport (\n"
                      "\t\"x.com/p/util\"\n"   /* a/util or b/util? */
                      "\t\"x.com/p/a/util\"\n" /* a/util */
                      "\t\"log\"\n"            /* the standard library */
                      "\t\"../b/util\"\n"      /* b/util */
                      "\t\"github.com/x/y\"\n"
                      ")\n"},
    };
    ank_result *r = TREE(t);
    CHECK_STR(IMPORTS(r, GO, "c"), "a:1,b:1");
    CHECK(UNIT(r, GO, "c") && UNIT(r, GO, "c")->u.layering.resolved == 2);
    CHECK_STR(NEVER(r, GO, "a"), "b,c");
    CHECK_STR(BY(r, GO, "a"), "c");
    const ank_constraint *c = UNIT(r, GO, "c");
    CHECK(c && c->u.layering.imports[0].line == 5);
    ank_result_free(r);
}

static void resolve_rust(void)
{
    static const test_src t[] = {
        {"core-lib/src/lib.rs", "mod m;\nuse crate::m::T;\nuse self::m::U;\n"},
        {"core-lib/src/m.rs", "use super::X;\npub struct T;\npub struct U;\n"},
        {"cli/src/main.rs", "use core_lib::T;\nuse std::fmt;\n"
                            "use serde::Serialize;\nfn main() {}\n"},
        {"tools/gen.rs", "use crate::helper;\nuse cli::x;\n"
                         "use super::super::up::Y;\n"},
    };
    ank_result *r = TREE(t);
    /* mod m, crate::m, self::m and super:: stay in the crate. */
    CHECK_STR(IMPORTS(r, RUST, "core-lib"), "");
    CHECK(UNIT(r, RUST, "core-lib") &&
          UNIT(r, RUST, "core-lib")->u.layering.resolved == 4);
    /* core_lib names the unit core-lib; std and serde are not the
     * project's. */
    CHECK_STR(IMPORTS(r, RUST, "cli"), "core-lib:1");
    const ank_constraint *cli = UNIT(r, RUST, "cli");
    CHECK(cli && cli->u.layering.resolved == 1);
    /* No src/: crate:: is the unit itself; super::super leaves it. */
    CHECK_STR(IMPORTS(r, RUST, "tools"), "cli:1");
    CHECK(UNIT(r, RUST, "tools") &&
          UNIT(r, RUST, "tools")->u.layering.resolved == 2);
    CHECK_STR(NEVER(r, RUST, "core-lib"), "cli,tools");
    CHECK_STR(BY(r, RUST, "core-lib"), "cli");
    ank_result_free(r);
}

static void resolve_zig(void)
{
    static const test_src t[] = {
        {"main.zig", "const a = @import(\"net/a.zig\");\n"
                     "const std = @import(\"std\");\n"
                     "const x = @import(\"../x.zig\");\n"},
        {"net/a.zig", "const b = @import(\"../util/b.zig\");\n"
                      "const m = @import(\"missing.zig\");\n"},
        {"util/b.zig", "pub const b = 1;\n"},
    };
    ank_result *r = TREE(t);
    CHECK_STR(IMPORTS(r, ZIG, "."), "net:1");
    CHECK_STR(IMPORTS(r, ZIG, "net"), "util:1");
    CHECK(UNIT(r, ZIG, "net") && UNIT(r, ZIG, "net")->u.layering.resolved == 1);
    CHECK_STR(NEVER(r, ZIG, "util"), ".,net");
    CHECK_STR(BY(r, ZIG, "util"), "net");
    CHECK_STR(NEVER(r, ZIG, "."), "util");
    ank_result_free(r);
}

/* ------------------------------------------------- ids, JSON, accessors */

static void ids_stable(void)
{
    ank_result *r = TREE(ts_tree);
    const ank_constraint *b = UNIT(r, TYPESCRIPT, "b");
    char id[17] = "";
    if (b)
        memcpy(id, b->id, sizeof id);
    ank_result_free(r);
    /* An unrelated file and import elsewhere leave b's id alone. */
    static const test_src more[] = {
        {"a/x.ts", "import { b } from \"../b\";\n"},
        {"b/index.ts", "export const b = 1;\n"},
        {"d/e.ts", "import { b } from \"../b\";\n"},
    };
    r = TREE(more);
    b = UNIT(r, TYPESCRIPT, "b");
    CHECK(b && strcmp(b->id, id) == 0);
    CHECK(UNIT(r, TYPESCRIPT, "a") && strcmp(UNIT(r, TYPESCRIPT, "a")->id, id));
    CHECK_STR(BY(r, TYPESCRIPT, "b"), "a,d");
    ank_result_free(r);
}

static void json_round_trip(void)
{
    ank_result *r = TREE(ts_tree);
    char *text = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    CHECK_INT(ank_result_write(r, ANK_FORMAT_JSON, &text, &len, NULL), ANK_OK);
    ank_result *back = NULL;
    CHECK_INT(ank_result_read(text, len, &back, NULL), ANK_OK);
    if (back) {
        CHECK_INT(ank_result_write(back, ANK_FORMAT_JSON, &again, &len2, NULL),
                  ANK_OK);
        CHECK(again && len == len2 && memcmp(text, again, len) == 0);
        const ank_constraint *a = UNIT(back, TYPESCRIPT, "a");
        ank_file_info info = {0};
        CHECK_INT(ank_result_file(back, 0, &info), ANK_OK);
        /* The first import's file shares the file record's path. */
        CHECK(a && a->u.layering.nimports == 2 &&
              a->u.layering.imports[0].file == info.path);
        /* Typed accessors over the payload. */
        CHECK_INT(ank_constraint_member_count(a, ANK_MEMBERS_LAYER_IMPORTS), 2);
        CHECK_STR(ank_constraint_member_name(a, ANK_MEMBERS_LAYER_IMPORTS, 1),
                  "c");
        CHECK(ank_constraint_member_type(a, ANK_MEMBERS_LAYER_IMPORTS, 0) ==
              NULL);
        const ank_constraint *bb = UNIT(back, TYPESCRIPT, "b");
        CHECK_INT(ank_constraint_member_count(bb, ANK_MEMBERS_LAYER_BOUNDARIES),
                  2);
        CHECK_STR(ank_constraint_member_name(bb, ANK_MEMBERS_LAYER_BOUNDARIES,
                                             0),
                  "a");
        CHECK(ank_constraint_member_name(bb, ANK_MEMBERS_LAYER_BOUNDARIES, 2) ==
              NULL);
        CHECK_INT(ank_constraint_member_count(bb, ANK_MEMBERS_PARAMS), 0);
        CHECK_INT(ank_constraint_member_count(ank_result_get(back, 0),
                                              ANK_MEMBERS_LAYER_IMPORTS),
                  0);
    }
    ank_free(again);
    ank_result_free(back);

    /* A payload of the wrong shape is a format error. */
    json_t *doc = json_loadb(text, len, 0, NULL);
    json_t *cs = json_object_get(doc, "constraints");
    for (size_t i = 0; i < json_array_size(cs); i++) {
        json_t *c = json_array_get(cs, i);
        if (strcmp(json_string_value(json_object_get(c, "kind")), KIND) ||
            strcmp(json_string_value(json_object_get(c, "name")), "a"))
            continue;
        json_t *p = json_object_get(c, "payload");
        json_t *first = json_object_get(
            json_array_get(json_object_get(p, "imports"), 0), "first");
        json_object_set_new(first, "file", json_string("nowhere.ts"));
        char *bad = json_dumps(doc, 0);
        ank_error e;
        back = NULL;
        CHECK_INT(ank_result_read(bad, strlen(bad), &back, &e),
                  ANK_ERR_FORMAT);
        CHECK(strstr(e.message, "file") != NULL);
        ank__free(bad);
        json_object_set_new(first, "file", json_string("a/x.ts"));
        json_object_set_new(p, "boundaries", json_integer(3));
        bad = json_dumps(doc, 0);
        CHECK_INT(ank_result_read(bad, strlen(bad), &back, &e),
                  ANK_ERR_FORMAT);
        CHECK(strstr(e.message, "boundaries") != NULL);
        ank__free(bad);
    }
    json_decref(doc);
    ank_free(text);
    ank_result_free(r);
}

/* Out of memory at every allocation of ank_result_finish: a clean
 * ANK_ERR_NOMEM, never a crash or leak, until it completes. */
static void allocation_failures(void)
{
    ank_clew *clew = NULL;
    CHECK_INT(ank_clew_new(NULL, &clew, NULL), ANK_OK);
    int completed = 0;
    for (uint64_t n = 1; n < 20000 && !completed && clew; n++) {
        ank_result *r = ank_result_new();
        for (size_t i = 0; r && i < sizeof ts_tree / sizeof *ts_tree; i++)
            ank_clew_extract(clew, ANK_LANG_UNKNOWN, ts_tree[i].text,
                             strlen(ts_tree[i].text), ts_tree[i].path, r,
                             NULL);
        ank__alloc_fail_after(n);
        ank_status st = ank_result_finish(r, NULL);
        ank__alloc_fail_after(0);
        CHECK(st == ANK_OK || st == ANK_ERR_NOMEM);
        completed = st == ANK_OK;
        if (completed)
            CHECK_INT(test_count_kind(r, KIND), 3);
        ank_result_free(r);
    }
    CHECK(completed);
    ank_clew_free(clew);
}

void test_layering(void)
{
    units_descend_and_root();
    resolve_typescript();
    resolve_python();
    resolve_go();
    resolve_rust();
    resolve_zig();
    ids_stable();
    json_round_trip();
    allocation_failures();
}

/*
 * layering.c - architecture.layering: which units of a project import
 * which, per language, from the import.module constraints of every file.
 * ank_result_finish (project.c) calls it once every file is in.
 *
 * Units.  The root is the deepest directory common to every file path (of
 * all languages).  A language's base starts at the root and, while every
 * file of the language sits under one directory, moves down into it.  Its
 * units are the directories right below the base, plus one for the files
 * directly in the base, named after the base ("." at the root).  A unit's
 * name is its directory relative to the root.
 *
 * Imports.  Each import.module is resolved to a path of the project by its
 * language's rule (resolve_* below; docs/constraints.md lists them), then
 * to the unit holding that path.  What does not resolve (the standard
 * library, third-party packages, paths that leave the root, files that
 * were not extracted) is ignored; only imports between different units
 * make edges.  Cycles are just edges.
 *
 * Paths are compared as strings relative to the root: components joined
 * by '/', without "." or empty components.  Nothing here touches the file
 * system, so results read back or built through the C ABI work the same.
 * Scratch memory lives in a local arena released before returning; every
 * payload string is in the result's arena.
 */
#include "layering.h"

#include <stdlib.h>
#include <string.h>

#include "../ffi/alloc.h"
#include "../ffi/arena.h"
#include "lang.h"

typedef struct edge {
    uint32_t to, count;
    const char *file; /* the file record's path */
    uint32_t line, column;
} edge;

typedef struct unit {
    const char *dir;  /* relative to the root; the base for the base unit */
    const char *leaf; /* the last component of dir ("" for the base unit) */
    const char *name; /* result arena */
    bool base;
    uint32_t files, resolved;
    edge *edges;
    uint32_t nedges;
} unit;

typedef struct lay {
    ank_x *x;
    ank_arena tmp;
    ank_lang lang;
    const char **files;  /* the language's files, relative, sorted */
    size_t nfiles;
    const char **dirs;   /* every directory above one of them, sorted */
    size_t ndirs;
    const char **pkgs;   /* directories holding one of them directly */
    size_t npkgs;
    const char *base;
    unit *units;
    uint32_t nunits;
    int base_unit;       /* index in units, or -1 */
} lay;

static ank_lang family(ank_lang lang)
{
    return lang == ANK_LANG_TSX ? ANK_LANG_TYPESCRIPT : lang;
}

static void *tmp_alloc(lay *L, size_t size)
{
    void *p = ank__arena_alloc(&L->tmp, size ? size : 1);
    if (!p)
        ank__x_fail(L->x, ANK_ERR_NOMEM);
    return p;
}

static char *tmp_strndup(lay *L, const char *s, size_t n)
{
    char *p = ank__arena_strndup(&L->tmp, s, n);
    if (!p)
        ank__x_fail(L->x, ANK_ERR_NOMEM);
    return p;
}

/* ------------------------------------------------------------- paths */

/* `path` without "." and empty components (a leading '/' is kept). */
static char *normalize(lay *L, const char *path)
{
    size_t n = strlen(path);
    char *out = tmp_alloc(L, n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    if (path[0] == '/')
        out[o++] = '/';
    for (const char *p = path; *p;) {
        size_t len = strcspn(p, "/");
        if (len && !(len == 1 && p[0] == '.')) {
            if (o && out[o - 1] != '/')
                out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p += len;
        if (*p)
            p++;
    }
    out[o] = '\0';
    return out;
}

/* How many leading directory components `a` and `b` share, at most k. */
static size_t shared(const char *a, const char *b, size_t k)
{
    size_t n = 0;
    while (n < k) {
        const char *sa = strchr(a, '/'), *sb = strchr(b, '/');
        if (!sa || !sb || sa - a != sb - b || memcmp(a, b, (size_t)(sa - a)))
            break;
        n++;
        a = sa + 1;
        b = sb + 1;
    }
    return n;
}

static const char *skip_components(const char *p, size_t k)
{
    while (k-- && p)
        p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL;
    return p;
}

/* "a" + "/" + b[0..n), or b alone when a is empty. */
static char *join(lay *L, const char *a, const char *b, size_t n)
{
    size_t la = strlen(a);
    char *p = tmp_alloc(L, la + n + 2);
    if (!p)
        return NULL;
    memcpy(p, a, la);
    size_t o = la;
    if (la)
        p[o++] = '/';
    memcpy(p + o, b, n);
    p[o + n] = '\0';
    return p;
}

/* The directory holding `p`: "" for a top-level name, NULL for the root
 * itself (nothing is above it). */
static const char *parent(lay *L, const char *p)
{
    if (!p || !*p)
        return NULL;
    const char *slash = strrchr(p, '/');
    return slash ? tmp_strndup(L, p, (size_t)(slash - p)) : "";
}

/* `spec` ('/'-separated, with "." and "..") applied to directory `dir`;
 * NULL when ".." leaves the root. */
static const char *apply(lay *L, const char *dir, const char *spec)
{
    const char *cur = dir;
    for (const char *p = spec; *p && cur;) {
        size_t len = strcspn(p, "/");
        if (len == 2 && p[0] == '.' && p[1] == '.')
            cur = parent(L, cur);
        else if (len && !(len == 1 && p[0] == '.'))
            cur = join(L, cur, p, len);
        p += len;
        if (*p)
            p++;
    }
    return cur;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in(const char *const *set, size_t n, const char *p)
{
    return p && n && bsearch(&p, set, n, sizeof *set, by_string) != NULL;
}

static bool has_file(lay *L, const char *p)
{
    return in(L->files, L->nfiles, p);
}

static bool has_dir(lay *L, const char *p)
{
    return p && (!*p || in(L->dirs, L->ndirs, p));
}

/* Is `p` + `ext` a file?  (`ext` may start with '/': "/index.ts".) */
static bool has_file_ext(lay *L, const char *p, const char *ext)
{
    if (!p)
        return false;
    if (!*p && ext[0] == '/')
        ext++;
    char *s = tmp_alloc(L, strlen(p) + strlen(ext) + 1);
    if (!s)
        return false;
    strcpy(s, p);
    strcat(s, ext);
    return has_file(L, s);
}

/* Sort and drop repeats; returns the new count. */
static size_t sort_unique(const char **v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, by_string);
    size_t o = 1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i], v[o - 1]) != 0)
            v[o++] = v[i];
    return o;
}

/* ------------------------------------------------------------- units */

static int unit_by_leaf(lay *L, const char *leaf, size_t n)
{
    for (uint32_t i = 0; i < L->nunits; i++)
        if (!L->units[i].base && strlen(L->units[i].leaf) == n &&
            memcmp(L->units[i].leaf, leaf, n) == 0)
            return (int)i;
    return -1;
}

/* The unit holding path `p` (a directory when is_dir), or -1. */
static int unit_of(lay *L, const char *p, bool is_dir)
{
    if (!p)
        return -1;
    size_t bl = strlen(L->base);
    const char *rest = p;
    if (bl) {
        if (strncmp(p, L->base, bl) != 0 || (p[bl] != '/' && p[bl] != '\0'))
            return -1;
        rest = p[bl] ? p + bl + 1 : "";
    }
    if (!*rest)
        return L->base_unit;
    const char *slash = strchr(rest, '/');
    if (!slash && !is_dir)
        return L->base_unit;
    return unit_by_leaf(L, rest, slash ? (size_t)(slash - rest) : strlen(rest));
}

static int by_unit_name(const void *a, const void *b)
{
    return strcmp(((const unit *)a)->name, ((const unit *)b)->name);
}

/* The base (see the file header) and the units below it. */
static void find_units(lay *L)
{
    L->base = "";
    const char **kids = tmp_alloc(L, L->nfiles * sizeof *kids);
    size_t nkids = 0;
    bool direct = false;
    while (kids) {
        size_t bl = strlen(L->base);
        nkids = 0;
        direct = false;
        for (size_t i = 0; i < L->nfiles; i++) {
            const char *rest = L->files[i] + (bl ? bl + 1 : 0);
            const char *slash = strchr(rest, '/');
            if (!slash)
                direct = true;
            else if (!nkids || strncmp(kids[nkids - 1], rest,
                                       (size_t)(slash - rest) + 1) != 0)
                kids[nkids++] = rest; /* files are sorted: kids group */
        }
        if (direct || nkids != 1)
            break;
        const char *k = kids[0];
        L->base = join(L, L->base, k, strcspn(k, "/"));
        if (!L->base)
            return;
    }
    if (!kids)
        return;
    uint32_t n = (uint32_t)nkids + (direct ? 1 : 0);
    if (n < 2 || n > ANK_LAYERING_UNITS_MAX)
        return;
    L->units = tmp_alloc(L, n * sizeof *L->units);
    for (size_t i = 0; L->units && i < n; i++) {
        unit *u = &L->units[i];
        u->base = i == nkids; /* the files directly in the base */
        u->leaf = u->base ? "" : tmp_strndup(L, kids[i], strcspn(kids[i], "/"));
        u->dir = !u->leaf ? NULL
                 : u->base ? L->base
                           : join(L, L->base, u->leaf, strlen(u->leaf));
        u->name = u->dir ? ank__arena_strdup(L->x->arena,
                                             *u->dir ? u->dir : ".")
                         : NULL;
        if (!u->name) {
            ank__x_fail(L->x, ANK_ERR_NOMEM);
            return;
        }
    }
    if (!L->units)
        return;
    qsort(L->units, n, sizeof *L->units, by_unit_name);
    L->nunits = n;
    L->base_unit = -1;
    for (uint32_t i = 0; i < n; i++)
        if (L->units[i].base)
            L->base_unit = (int)i;
}

/* --------------------------------------------------------- resolvers */

/* ".", "..", "./x" or "../x". */
static bool dot_relative(const char *m)
{
    size_t dots = strspn(m, ".");
    return (dots == 1 || dots == 2) && (m[dots] == '\0' || m[dots] == '/');
}

/* TypeScript: ./x and ../x against the importing file's directory: the
 * file itself, with .js-family extensions read as .ts-family ones, with a
 * TypeScript extension added, as a directory's index file, or a
 * directory. */
static const char *resolve_ts(lay *L, const char *dir, const char *m,
                              bool *is_dir)
{
    static const char *const swaps[][2] = {
        {".js", ".ts"}, {".jsx", ".tsx"}, {".mjs", ".mts"}, {".cjs", ".cts"}};
    static const char *const adds[] = {
        ".ts", ".tsx", ".d.ts", ".mts", ".cts",
        "/index.ts", "/index.tsx", "/index.d.ts"};
    if (!dot_relative(m))
        return NULL;
    const char *p = apply(L, dir, m);
    if (!p)
        return NULL;
    *is_dir = false;
    if (has_file(L, p))
        return p;
    size_t n = strlen(p);
    for (size_t i = 0; i < sizeof swaps / sizeof *swaps; i++) {
        size_t k = strlen(swaps[i][0]);
        if (n > k && strcmp(p + n - k, swaps[i][0]) == 0) {
            char *s = join(L, "", p, n - k);
            if (s && has_file_ext(L, s, swaps[i][1]))
                return p;
        }
    }
    for (size_t i = 0; i < sizeof adds / sizeof *adds; i++)
        if (has_file_ext(L, p, adds[i])) {
            *is_dir = adds[i][0] == '/'; /* an index file: p is a directory */
            return p;
        }
    *is_dir = true;
    return has_dir(L, p) ? p : NULL;
}

/* Down from `cur` along the dotted components of `m` and then `name`
 * (nullable): a package (directory) first, else a module file, which ends
 * the walk, as does a component that names neither.  NULL when nothing
 * matched and `cur` itself does not count. */
static const char *python_descend(lay *L, const char *cur, const char *m,
                                  const char *name, bool cur_counts,
                                  bool *is_dir)
{
    const char *best = cur_counts ? cur : NULL;
    *is_dir = true;
    while (cur) {
        const char *comp = m;
        size_t len;
        if (*m) {
            len = strcspn(m, ".");
            m += len + (m[len] == '.');
        } else if (name) {
            comp = name;
            len = strlen(name);
            name = NULL;
        } else {
            break;
        }
        const char *d = len ? join(L, cur, comp, len) : NULL;
        if (d && has_dir(L, d)) {
            best = cur = d;
            continue;
        }
        if (d && (has_file_ext(L, d, ".py") || has_file_ext(L, d, ".pyi"))) {
            *is_dir = false;
            best = d;
        }
        break;
    }
    return best;
}

/* Python: leading dots climb from the importing file's package; an
 * absolute a.b.c is looked up from the base, then from each directory
 * above it up to the root, the first where `a` is a package or module. */
static const char *resolve_python(lay *L, const char *dir,
                                  const ank_import *imp, bool *is_dir)
{
    const char *m = imp->module;
    const char *name = imp->nnames && imp->names[0].name &&
                               strcmp(imp->names[0].name, "*") != 0
                           ? imp->names[0].name
                           : NULL;
    if (m[0] == '.') {
        const char *cur = dir;
        size_t dots = strspn(m, ".");
        for (size_t i = 1; i < dots && cur; i++)
            cur = parent(L, cur);
        return cur ? python_descend(L, cur, m + dots, name, true, is_dir)
                   : NULL;
    }
    size_t first = strcspn(m, ".");
    for (const char *b = L->base; b; b = parent(L, b)) {
        const char *d = join(L, b, m, first);
        if (d && (has_dir(L, d) || has_file_ext(L, d, ".py") ||
                  has_file_ext(L, d, ".pyi")))
            return python_descend(L, b, m, name, false, is_dir);
    }
    return NULL;
}

/* Go's standard library: the first elements of its import paths. */
static bool go_stdlib(const char *m, size_t n)
{
    static const char *const std[] = {
        "archive", "bufio",   "bytes",   "cmp",     "compress", "container",
        "context", "crypto",  "database", "debug",  "embed",    "encoding",
        "errors",  "expvar",  "flag",    "fmt",     "go",       "hash",
        "html",    "image",   "index",   "io",      "iter",     "log",
        "maps",    "math",    "mime",    "net",     "os",       "path",
        "plugin",  "reflect", "regexp",  "runtime", "slices",   "sort",
        "strconv", "strings", "structs", "sync",    "syscall",  "testing",
        "text",    "time",    "unicode", "unique",  "unsafe",   "C"};
    for (size_t i = 0; i < sizeof std / sizeof *std; i++)
        if (strlen(std[i]) == n && memcmp(std[i], m, n) == 0)
            return true;
    return false;
}

/* Go: ./x against the file's directory; otherwise the longest trailing
 * part of the import path that names exactly one directory holding Go
 * files (two or more: ambiguous, unresolved). */
static const char *resolve_go(lay *L, const char *dir, const char *m,
                              bool *is_dir)
{
    *is_dir = true;
    if (dot_relative(m)) {
        const char *p = apply(L, dir, m);
        return p && in(L->pkgs, L->npkgs, p) ? p : NULL;
    }
    if (go_stdlib(m, strcspn(m, "/")))
        return NULL;
    for (const char *s = m; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL) {
        size_t sl = strlen(s);
        const char *found = NULL;
        int matches = 0;
        for (size_t i = 0; i < L->npkgs; i++) {
            const char *d = L->pkgs[i];
            size_t dl = strlen(d);
            if (dl >= sl && strcmp(d + dl - sl, s) == 0 &&
                (dl == sl || d[dl - sl - 1] == '/')) {
                found = d;
                matches++;
            }
        }
        if (matches)
            return matches == 1 ? found : NULL;
    }
    return NULL;
}

static bool rust_root_file(const char *file)
{
    const char *slash = strrchr(file, '/');
    const char *leaf = slash ? slash + 1 : file;
    return strcmp(leaf, "mod.rs") == 0 || strcmp(leaf, "lib.rs") == 0 ||
           strcmp(leaf, "main.rs") == 0;
}

/* The directory of the crate `file` belongs to: the nearest `src` above
 * it holding lib.rs or main.rs, else the directory of its unit. */
static const char *rust_crate(lay *L, const char *file, int u)
{
    for (const char *d = parent(L, file); d; d = parent(L, d)) {
        const char *slash = strrchr(d, '/');
        if (strcmp(slash ? slash + 1 : d, "src") == 0 &&
            (has_file_ext(L, d, "/lib.rs") || has_file_ext(L, d, "/main.rs")))
            return d;
    }
    return u >= 0 ? L->units[u].dir : NULL;
}

/* Rust: crate::, self::, super:: (repeatable) and `mod x;` from the
 * file's module; a leading name equal to a unit's directory name (`-`
 * read as `_`) is that unit; the standard library is not resolved. */
static const char *resolve_rust(lay *L, const char *file, int u,
                                const ank_import *imp, bool *is_dir)
{
    const char *m = imp->module;
    if (imp->origin == ANK_ORIGIN_STDLIB)
        return NULL;
    if (m[0] == ':' && m[1] == ':')
        m += 2;
    size_t n = strcspn(m, ":");
    if (n == 0)
        return NULL;
    *is_dir = true;
    const char *cur;
    /* The file's module: its directory for mod.rs, lib.rs and main.rs,
     * else a directory named after the file (where its children live). */
    const char *dir = parent(L, file);
    size_t fl = strlen(file);
    const char *md = rust_root_file(file) ? dir
                     : fl > 3 && strcmp(file + fl - 3, ".rs") == 0
                         ? join(L, "", file, fl - 3)
                         : file;
    if (n == 5 && memcmp(m, "crate", 5) == 0) {
        cur = rust_crate(L, file, u);
    } else if (n == 4 && memcmp(m, "self", 4) == 0) {
        cur = md;
    } else if (n == 5 && memcmp(m, "super", 5) == 0) {
        cur = parent(L, md);
        while (cur && strncmp(m + n, "::super", 7) == 0 &&
               (m[n + 7] == '\0' || m[n + 7] == ':')) {
            m += n + 2;
            cur = parent(L, cur);
        }
    } else if (imp->origin == ANK_ORIGIN_RELATIVE) {
        cur = md; /* `mod x;` */
        n = 0;
    } else {
        char *leaf = tmp_strndup(L, m, n);
        for (size_t i = 0; leaf && i < n; i++)
            leaf[i] = leaf[i] == '_' ? '-' : leaf[i];
        int t = leaf ? unit_by_leaf(L, m, n) : -1;
        if (t < 0 && leaf)
            t = unit_by_leaf(L, leaf, n);
        return t >= 0 ? L->units[t].dir : NULL;
    }
    m += n;
    while (cur && *m) {
        if (m[0] == ':' && m[1] == ':')
            m += 2;
        size_t len = strcspn(m, ":");
        const char *d = join(L, cur, m, len);
        if (has_dir(L, d)) {
            cur = d;
        } else {
            if (has_file_ext(L, d, ".rs")) {
                *is_dir = false;
                cur = d;
            }
            break;
        }
        m += len;
    }
    return cur;
}

/* Zig: a path relative to the importing file that names a file. */
static const char *resolve_zig(lay *L, const char *dir, const ank_import *imp,
                               bool *is_dir)
{
    if (imp->origin != ANK_ORIGIN_RELATIVE || imp->module[0] == '/')
        return NULL;
    const char *p = apply(L, dir, imp->module);
    *is_dir = false;
    return p && has_file(L, p) ? p : NULL;
}

/* ------------------------------------------------------------ edges */

static void add_edge(lay *L, unit *from, uint32_t to, const ank_constraint *c)
{
    for (uint32_t i = 0; i < from->nedges; i++)
        if (from->edges[i].to == to) {
            from->edges[i].count++;
            return;
        }
    edge *e = tmp_alloc(L, (from->nedges + 1) * sizeof *e);
    if (!e)
        return;
    if (from->nedges)
        memcpy(e, from->edges, from->nedges * sizeof *e);
    e[from->nedges] = (edge){to, 1, c->file, c->span.start_line,
                             c->span.start_column};
    from->edges = e;
    from->nedges++;
}

/* By target: units are sorted by name, so this sorts edges by name. */
static int by_to(const void *a, const void *b)
{
    uint32_t x = ((const edge *)a)->to, y = ((const edge *)b)->to;
    return x < y ? -1 : x > y;
}

static bool has_edge(const unit *u, uint32_t to)
{
    for (uint32_t i = 0; i < u->nedges; i++)
        if (u->edges[i].to == to)
            return true;
    return false;
}

static void resolve_file(lay *L, const ank_file_record *f, const char *rel)
{
    int from = unit_of(L, rel, false);
    if (from < 0)
        return;
    L->units[from].files++;
    const char *dir = parent(L, rel);
    for (size_t i = f->first; i < f->first + f->count && dir; i++) {
        const ank_constraint *c = L->x->result->items[i];
        if (c->kind != ANK_KIND_IMPORT_MODULE || !c->u.import.module ||
            !c->u.import.module[0])
            continue;
        const ank_import *imp = &c->u.import;
        bool is_dir = false;
        const char *to = NULL;
        switch (L->lang) {
        case ANK_LANG_TYPESCRIPT:
            to = resolve_ts(L, dir, imp->module, &is_dir);
            break;
        case ANK_LANG_PYTHON:
            to = resolve_python(L, dir, imp, &is_dir);
            break;
        case ANK_LANG_GO:
            to = resolve_go(L, dir, imp->module, &is_dir);
            break;
        case ANK_LANG_RUST:
            to = resolve_rust(L, rel, from, imp, &is_dir);
            break;
        case ANK_LANG_ZIG:
            to = resolve_zig(L, dir, imp, &is_dir);
            break;
        default:
            break;
        }
        int t = unit_of(L, to, is_dir);
        if (t < 0)
            continue;
        L->units[from].resolved++;
        if (t != from)
            add_edge(L, &L->units[from], (uint32_t)t, c);
    }
}

/* One constraint per unit. */
static void emit(lay *L)
{
    for (uint32_t i = 0; i < L->nunits && L->x->status == ANK_OK; i++) {
        unit *u = &L->units[i];
        ank_constraint *c = ank__result_push(L->x->result);
        if (!c) {
            ank__x_fail(L->x, ANK_ERR_NOMEM);
            return;
        }
        c->kind = ANK_KIND_ARCHITECTURE_LAYERING;
        c->language = L->lang;
        c->name = u->name;
        c->severity = ANK_SEV_INFO;
        c->confidence = (u->resolved + 1.0) / (u->resolved + 3.0);
        ank_layering *ly = &c->u.layering;
        ly->unit = u->name;
        ly->files = u->files;
        ly->resolved = u->resolved;
        if (u->nedges) {
            qsort(u->edges, u->nedges, sizeof *u->edges, by_to);
            ly->imports = ank__arena_alloc(L->x->arena,
                                           u->nedges * sizeof *ly->imports);
            if (!ly->imports) {
                ank__x_fail(L->x, ANK_ERR_NOMEM);
                return;
            }
            for (uint32_t k = 0; k < u->nedges; k++) {
                const edge *e = &u->edges[k];
                ly->imports[k] = (ank_layer_edge){
                    L->units[e->to].name, e->count, e->file, e->line,
                    e->column};
            }
            ly->nimports = u->nedges;
        }
        for (uint32_t j = 0; j < L->nunits; j++) {
            if (j == i)
                continue;
            if (has_edge(&L->units[j], i))
                ank__x_push_str(L->x, &ly->imported_by, &ly->nimported_by,
                                L->units[j].name);
            if (!has_edge(u, j))
                ank__x_push_str(L->x, &ly->boundaries, &ly->nboundaries,
                                L->units[j].name);
        }
    }
}

void ank__layering_for(ank_x *x)
{
    const ank_result *r = x->result;
    lay L = {.x = x, .lang = family(x->lang), .base_unit = -1};
    const char **all = tmp_alloc(&L, r->nfiles * sizeof *all);
    size_t skip = SIZE_MAX, nmine = 0, ndirs = 0;
    for (size_t i = 0; all && i < r->nfiles; i++) {
        if (!(all[i] = normalize(&L, r->files[i].path)))
            goto done;
        skip = shared(all[i], i ? all[0] : all[i], skip);
        if (family(r->files[i].lang) == L.lang) {
            nmine++;
            for (const char *p = all[i]; (p = strchr(p, '/')); p++)
                ndirs++;
        }
    }
    if (!all || nmine < 2)
        goto done;
    L.files = tmp_alloc(&L, nmine * sizeof *L.files);
    const char **rels = tmp_alloc(&L, nmine * sizeof *rels);
    L.dirs = tmp_alloc(&L, (ndirs + 1) * sizeof *L.dirs);
    L.pkgs = tmp_alloc(&L, nmine * sizeof *L.pkgs);
    if (!L.files || !rels || !L.dirs || !L.pkgs)
        goto done;
    for (size_t i = 0; i < r->nfiles; i++) {
        if (family(r->files[i].lang) != L.lang)
            continue;
        const char *rel = skip_components(all[i], skip);
        if (!rel)
            goto done;
        rels[L.nfiles] = rel;
        L.files[L.nfiles++] = rel;
        for (const char *p = rel; (p = strchr(p, '/')); p++)
            if (!(L.dirs[L.ndirs++] = tmp_strndup(&L, rel, (size_t)(p - rel))))
                goto done;
        if (!(L.pkgs[L.npkgs++] = parent(&L, rel)))
            goto done;
    }
    L.nfiles = sort_unique(L.files, L.nfiles);
    L.ndirs = sort_unique(L.dirs, L.ndirs);
    L.npkgs = sort_unique(L.pkgs, L.npkgs);
    find_units(&L);
    if (L.nunits < 2 || x->status != ANK_OK)
        goto done;
    /* In file order, so each edge's first import is the first written. */
    for (size_t i = 0, k = 0; i < r->nfiles && x->status == ANK_OK; i++)
        if (family(r->files[i].lang) == L.lang)
            resolve_file(&L, &r->files[i], rels[k++]);
    if (x->status == ANK_OK)
        emit(&L);
done:
    ank__arena_release(&L.tmp);
}

/*
 * lang_go.c - the Go extractor: function and method signatures (also the
 * methods of interface types), type shapes (structs, interfaces, defined
 * types, aliases, with const-block "enum" variants and the names of the
 * file's methods per receiver type) and imports.  docs/languages/go.md
 * describes the output.
 *
 * Invariants: the file is walked with ank__x_walk, which enters only the
 * top level and ERROR nodes (so declarations in broken code are still found)
 * and never function bodies; member lists are iterated with tree cursors.
 * Consts and methods are matched to the file's types after the walk, since
 * a type may be declared after its methods and constants.  A NULL from any
 * helper stops the work (x->status is set).
 */
#include <stdlib.h>

#include "lang_go.h"

#include "../ffi/text.h"

/* A type shape of this file, by name (for methods and enum variants). */
typedef struct go_shape {
    const char *name;
    ank_shape *shape;
} go_shape;

/* A method declaration, to list under its receiver's shape. */
typedef struct go_method {
    const char *receiver;
    const char *name;
} go_method;

/* A const declaration, to turn into variants after the walk. */
typedef struct go_const {
    TSNode decl;
    const char *doc;      /* the declaration's own doc comment */
    const char *trailing; /* `const X T = 1 // doc`, ungrouped only */
} go_const;

typedef struct go_state {
    ank_go_doc doc;
    /* The ungrouped type / const declaration just seen: a comment after
     * it on its line documents it. */
    ank_shape *trail_shape;
    uint32_t trail_const; /* index + 1 into consts, 0 for none */
    go_shape *shapes;
    uint32_t nshapes;
    go_method *methods;
    uint32_t nmethods;
    go_const *consts;
    uint32_t nconsts;
} go_state;

/* ------------------------------------------------------------ exported */

/* The first code point of s (NUL-terminated), or -1 for invalid UTF-8. */
static long first_code_point(const char *s)
{
    uint32_t cp;
    return ank__utf8_decode((const unsigned char *)s, 4, &cp) ? (long)cp : -1;
}

/* Unicode upper-case letters (Lu) of the Latin, Greek, Cyrillic, Armenian
 * and Georgian blocks and the fullwidth forms.  Ranges are inclusive; with
 * step 2 only every other code point (from `lo`) is upper-case. */
static bool is_upper(long c)
{
    static const struct {
        long lo, hi;
        int step;
    } ranges[] = {
        {0x41, 0x5A, 1},      {0xC0, 0xD6, 1},      {0xD8, 0xDE, 1},
        {0x100, 0x136, 2},    {0x139, 0x147, 2},    {0x14A, 0x176, 2},
        {0x178, 0x179, 1},    {0x17B, 0x17D, 2},    {0x181, 0x182, 1},
        {0x184, 0x184, 1},    {0x186, 0x187, 1},    {0x189, 0x18B, 1},
        {0x18E, 0x191, 1},    {0x193, 0x194, 1},    {0x196, 0x198, 1},
        {0x19C, 0x19D, 1},    {0x19F, 0x1A0, 1},    {0x1A2, 0x1A4, 2},
        {0x1A6, 0x1A7, 1},    {0x1A9, 0x1A9, 1},    {0x1AC, 0x1AC, 1},
        {0x1AE, 0x1AF, 1},    {0x1B1, 0x1B3, 1},    {0x1B5, 0x1B5, 1},
        {0x1B7, 0x1B8, 1},    {0x1BC, 0x1BC, 1},    {0x1C4, 0x1C4, 1},
        {0x1C7, 0x1C7, 1},    {0x1CA, 0x1CA, 1},    {0x1CD, 0x1DB, 2},
        {0x1DE, 0x1EE, 2},    {0x1F1, 0x1F1, 1},    {0x1F4, 0x1F4, 1},
        {0x1F6, 0x1F8, 1},    {0x1FA, 0x232, 2},    {0x23A, 0x23B, 1},
        {0x23D, 0x23E, 1},    {0x241, 0x241, 1},    {0x243, 0x246, 1},
        {0x248, 0x24E, 2},    {0x370, 0x372, 2},    {0x376, 0x376, 1},
        {0x37F, 0x37F, 1},    {0x386, 0x386, 1},    {0x388, 0x38A, 1},
        {0x38C, 0x38C, 1},    {0x38E, 0x38F, 1},    {0x391, 0x3A1, 1},
        {0x3A3, 0x3AB, 1},    {0x3CF, 0x3CF, 1},    {0x3D2, 0x3D4, 1},
        {0x3D8, 0x3EE, 2},    {0x3F4, 0x3F4, 1},    {0x3F7, 0x3F7, 1},
        {0x3F9, 0x3FA, 1},    {0x3FD, 0x42F, 1},    {0x460, 0x480, 2},
        {0x48A, 0x4BE, 2},    {0x4C0, 0x4C1, 1},    {0x4C3, 0x4CD, 2},
        {0x4D0, 0x52E, 2},    {0x531, 0x556, 1},    {0x10A0, 0x10C5, 1},
        {0x10C7, 0x10C7, 1},  {0x10CD, 0x10CD, 1},  {0x1E00, 0x1E94, 2},
        {0x1E9E, 0x1EFE, 2},  {0x1F08, 0x1F0F, 1},  {0x1F18, 0x1F1D, 1},
        {0x1F28, 0x1F2F, 1},  {0x1F38, 0x1F3F, 1},  {0x1F48, 0x1F4D, 1},
        {0x1F59, 0x1F5F, 2},  {0x1F68, 0x1F6F, 1},  {0x1FB8, 0x1FBB, 1},
        {0x1FC8, 0x1FCB, 1},  {0x1FD8, 0x1FDB, 1},  {0x1FE8, 0x1FEC, 1},
        {0x1FF8, 0x1FFB, 1},  {0xFF21, 0xFF3A, 1},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (c >= ranges[i].lo && c <= ranges[i].hi &&
            (c - ranges[i].lo) % ranges[i].step == 0)
            return true;
    return false;
}

/* Go spec: exported when the first character is an upper-case letter. */
static bool is_exported(const char *name)
{
    return name && is_upper(first_code_point(name));
}

/* ---------------------------------------------------------- signatures */

/* The receiver's type name: `*Server` -> Server, `List[T]` -> List. */
static TSNode receiver_type(TSNode type)
{
    for (int i = 0; i < 8 && !ts_node_is_null(type); i++) {
        if (ank__x_is(type, "pointer_type") ||
            ank__x_is(type, "parenthesized_type"))
            type = ank__go_first_named(type);
        else if (ank__x_is(type, "generic_type"))
            return type;
        else
            break;
    }
    return type;
}

/* The receiver's type parameters (`List[K, V]`) as generics without bound. */
static bool receiver_generics(ank_x *x, TSNode generic, ank_signature *sig)
{
    TSNode args = ank__x_field(generic, "type_arguments");
    uint32_t count = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
    for (uint32_t i = 0; i < count; i++) {
        TSNode a = ts_node_named_child(args, i);
        if (ank__x_is(a, "comment"))
            continue;
        if (ank__x_is(a, "type_elem"))
            a = ank__go_first_named(a);
        if (!ank__x_is(a, "type_identifier") || ank__x_text_eq(x, a, "_"))
            continue;
        ank_generic *g = ANK_X_PUSH(x, sig->generics, sig->ngenerics);
        if (!g || !(g->name = ank__x_text(x, a)))
            return false;
    }
    return true;
}

/* Parameters, result, error style and visibility shared by functions,
 * methods and interface methods. */
static bool fill_signature(ank_x *x, ank_signature *sig, TSNode n,
                           const char *name, const char *doc)
{
    bool error_last;
    if (!ank__go_params(x, ank__x_field(n, "parameters"), 0, &sig->params,
                        &sig->nparams) ||
        !ank__go_result(x, ank__x_field(n, "result"), 0, &sig->returns,
                        &error_last))
        return false;
    sig->error_style =
        error_last ? ANK_ERRSTYLE_ERROR_RETURN : ANK_ERRSTYLE_NONE;
    sig->exported = is_exported(name);
    sig->visibility = sig->exported ? ANK_VIS_PUBLIC : ANK_VIS_PACKAGE;
    sig->doc = doc;
    return true;
}

/* function_declaration and method_declaration (`name` is the node of the
 * name, also for a declaration misparsed as a func_literal). */
static void do_function(ank_x *x, go_state *s, TSNode n, TSNode name_node,
                        const char *doc)
{
    const char *name = ank__x_text(x, name_node);
    if (!name || !*name)
        return;
    TSNode recv = ank__x_field(n, "receiver");
    const char *receiver = NULL;
    TSNode rtype = {{0}, NULL, NULL};
    if (!ts_node_is_null(recv)) {
        TSNode decl = ank__go_first_named(recv);
        if (!ts_node_is_null(decl))
            rtype = receiver_type(ank__x_field(decl, "type"));
        TSNode base = ank__x_is(rtype, "generic_type")
                          ? ank__x_field(rtype, "type")
                          : rtype;
        if (ank__x_is(base, "type_identifier"))
            receiver = ank__x_text(x, base);
    }
    const char *qname = ank__x_join(x, receiver, ".", name);
    ank_constraint *c = ank__x_add(x, ANK_KIND_FUNCTION_SIGNATURE, n, qname);
    if (!c)
        return;
    ank_signature *sig = &c->u.sig;
    sig->receiver = receiver;
    sig->signature = ank__x_text_until(x, n, ank__x_field(n, "body"));
    if (!sig->signature)
        return;
    if (!ts_node_is_null(recv)) {
        if (!ank__go_params(x, recv, 0, &sig->params, &sig->nparams))
            return;
        for (uint32_t i = 0; i < sig->nparams; i++)
            sig->params[i].flags |= ANK_PARAM_SELF;
        if (ank__x_is(rtype, "generic_type") &&
            !receiver_generics(x, rtype, sig))
            return;
    }
    if (!fill_signature(x, sig, n, name, doc) ||
        !ank__go_generics(x, ank__x_field(n, "type_parameters"),
                          &sig->generics, &sig->ngenerics))
        return;
    if (receiver) {
        go_method *m = ANK_X_PUSH(x, s->methods, s->nmethods);
        if (m) {
            m->receiver = receiver;
            m->name = name;
        }
    }
}

/* --------------------------------------------------------------- types */

/* A method_elem of the interface `iface`. */
static ank_constraint *interface_method(ank_x *x, TSNode n, const char *iface,
                                        const ank_shape *shape,
                                        const char *doc)
{
    const char *name = ank__x_text(x, ank__x_field(n, "name"));
    if (!name || !*name)
        return NULL;
    ank_constraint *c = ank__x_add(x, ANK_KIND_FUNCTION_SIGNATURE, n,
                                   ank__x_join(x, iface, ".", name));
    if (!c)
        return NULL;
    ank_signature *sig = &c->u.sig;
    sig->receiver = iface;
    sig->is_abstract = true;
    sig->generics = shape->generics;
    sig->ngenerics = shape->ngenerics;
    if (!(sig->signature = ank__x_text(x, n)) ||
        !fill_signature(x, sig, n, name, doc))
        return NULL;
    return c;
}

/* The members of an interface type: methods (also as signatures) and
 * embedded interfaces / type-set elements (as bases). */
static void interface_members(ank_x *x, TSNode iface, const char *name,
                              ank_shape *shape)
{
    ank_go_doc doc;
    ank__go_doc_reset(&doc);
    ank_constraint *last = NULL; /* the method on the current line */
    TSTreeCursor cur = ts_tree_cursor_new(iface);
    for (bool more = ts_tree_cursor_goto_first_child(&cur);
         more && x->status == ANK_OK;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (!ts_node_is_named(c))
            continue;
        if (ank__x_is(c, "comment")) {
            if (ank__go_doc_comment(&doc, c) && last && !last->u.sig.doc)
                last->u.sig.doc = ank__go_doc_text(x, ts_node_start_byte(c),
                                                   ts_node_end_byte(c));
            last = NULL;
            continue;
        }
        const char *d = ank__go_doc_for(x, &doc, c);
        ank__go_doc_code(&doc, c);
        last = NULL;
        if (ank__x_is(c, "method_elem")) {
            last = interface_method(x, c, name, shape, d);
            if (last &&
                !ank__x_push_str(x, &shape->methods, &shape->nmethods,
                                 ank__x_text(x, ank__x_field(c, "name"))))
                break;
        } else if (ank__x_is(c, "type_elem")) {
            if (!ank__x_push_str(x, &shape->bases, &shape->nbases,
                                 ank__x_text(x, c)))
                break;
        }
    }
    ts_tree_cursor_delete(&cur);
}

/* One type_spec or type_alias; `at` is the node the constraint spans. */
static ank_constraint *do_type_spec(ank_x *x, go_state *s, TSNode spec,
                                    TSNode at, const char *doc)
{
    const char *name = ank__x_text(x, ank__x_field(spec, "name"));
    if (!name || !*name)
        return NULL;
    ank_constraint *c = ank__x_add(x, ANK_KIND_TYPE_SHAPE, at, name);
    if (!c)
        return NULL;
    ank_shape *shape = &c->u.shape;
    shape->doc = doc;
    shape->exported = is_exported(name);
    shape->visibility = shape->exported ? ANK_VIS_PUBLIC : ANK_VIS_PACKAGE;
    if (!ank__go_generics(x, ank__x_field(spec, "type_parameters"),
                          &shape->generics, &shape->ngenerics))
        return NULL;
    TSNode type = ank__x_field(spec, "type");
    if (ank__x_is(spec, "type_alias")) {
        shape->shape = ANK_SHAPE_TYPE_ALIAS;
        if (!ank__go_typeref(x, type, 0, &shape->aliased))
            return NULL;
    } else if (ank__x_is(type, "struct_type")) {
        shape->shape = ANK_SHAPE_STRUCT;
        if (!ank__go_fields(x,
                            ank__x_child_of_type(type, "field_declaration_list"),
                            0, &shape->fields, &shape->nfields))
            return NULL;
    } else if (ank__x_is(type, "interface_type")) {
        shape->shape = ANK_SHAPE_INTERFACE;
        interface_members(x, type, name, shape);
    } else {
        shape->shape = ANK_SHAPE_DEFINED;
        if (!ank__go_typeref(x, type, 0, &shape->aliased))
            return NULL;
    }
    go_shape *g = ANK_X_PUSH(x, s->shapes, s->nshapes);
    if (!g)
        return NULL;
    g->name = name;
    g->shape = shape;
    return c;
}

/* Is the declaration `kw ( ... )` rather than `kw spec`? */
static bool is_grouped(TSNode decl)
{
    return ts_node_child_count(decl) > 1 &&
           strcmp(ts_node_type(ts_node_child(decl, 1)), "(") == 0;
}

/* A type_declaration: one shape per spec.  A spec's doc is the comment
 * above it, else the comment after it on its line, else the declaration's
 * when it is the only spec (go/doc does the same). */
static ank_constraint *do_types(ank_x *x, go_state *s, TSNode decl,
                                const char *doc)
{
    bool grouped = is_grouped(decl);
    ank_go_doc d;
    ank__go_doc_reset(&d);
    ank_constraint *only = NULL, *last = NULL; /* last: spec on this line */
    uint32_t specs = 0;
    TSTreeCursor cur = ts_tree_cursor_new(decl);
    for (bool more = ts_tree_cursor_goto_first_child(&cur);
         more && x->status == ANK_OK;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (!ts_node_is_named(c))
            continue;
        if (ank__x_is(c, "comment")) {
            if (ank__go_doc_comment(&d, c) && last && !last->u.shape.doc)
                last->u.shape.doc = ank__go_doc_text(
                    x, ts_node_start_byte(c), ts_node_end_byte(c));
            last = NULL;
            continue;
        }
        const char *own = ank__go_doc_for(x, &d, c);
        ank__go_doc_code(&d, c);
        last = NULL;
        if (ank__x_is(c, "type_spec") || ank__x_is(c, "type_alias")) {
            specs++;
            only = last = do_type_spec(x, s, c, grouped ? c : decl, own);
        }
    }
    ts_tree_cursor_delete(&cur);
    if (specs == 1 && only && !only->u.shape.doc)
        only->u.shape.doc = doc;
    return specs == 1 && !grouped ? only : NULL;
}

/* ------------------------------------------------------------- imports */

static ank_import_origin import_origin(const char *path)
{
    if (strncmp(path, "./", 2) == 0 || strncmp(path, "../", 3) == 0 ||
        strcmp(path, ".") == 0 || strcmp(path, "..") == 0)
        return ANK_ORIGIN_RELATIVE;
    const char *slash = strchr(path, '/');
    size_t first = slash ? (size_t)(slash - path) : strlen(path);
    return memchr(path, '.', first) ? ANK_ORIGIN_EXTERNAL : ANK_ORIGIN_STDLIB;
}

static void import_spec(ank_x *x, TSNode spec, TSNode at)
{
    TSNode path = ank__x_field(spec, "path");
    if (ts_node_is_null(path))
        return;
    const char *module = ank__x_unquote(x, path);
    if (!module)
        return;
    ank_constraint *c = ank__x_add(x, ANK_KIND_IMPORT_MODULE, at, module);
    if (!c)
        return;
    ank_import *im = &c->u.import;
    im->module = module;
    im->origin = import_origin(module);
    TSNode name = ank__x_field(spec, "name");
    if (ank__x_is(name, "dot"))
        im->wildcard = true;
    else if (ank__x_is(name, "blank_identifier"))
        im->side_effect = true;
    else if (!ts_node_is_null(name))
        im->alias = ank__x_text(x, name);
}

static void do_imports(ank_x *x, TSNode decl)
{
    TSNode list = ank__x_child_of_type(decl, "import_spec_list");
    if (ts_node_is_null(list)) {
        TSNode spec = ank__x_child_of_type(decl, "import_spec");
        if (!ts_node_is_null(spec))
            import_spec(x, spec, decl);
        return;
    }
    TSTreeCursor cur = ts_tree_cursor_new(list);
    for (bool more = ts_tree_cursor_goto_first_child(&cur);
         more && x->status == ANK_OK;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (ank__x_is(c, "import_spec"))
            import_spec(x, c, c);
    }
    ts_tree_cursor_delete(&cur);
}

/* ---------------------------------------------------- after the walk */

static int by_name(const void *a, const void *b)
{
    return strcmp(((const go_shape *)a)->name, ((const go_shape *)b)->name);
}

static ank_shape *find_shape(const go_state *s, const char *name)
{
    go_shape key = {name, NULL};
    const go_shape *g =
        s->nshapes ? bsearch(&key, s->shapes, s->nshapes, sizeof key, by_name)
                   : NULL;
    return g ? g->shape : NULL;
}

/* The i-th expression of an expression_list, or a null node. */
static TSNode nth_expression(TSNode list, uint32_t want)
{
    uint32_t count = ts_node_is_null(list) ? 0 : ts_node_named_child_count(list);
    uint32_t k = 0;
    for (uint32_t i = 0; i < count; i++) {
        TSNode c = ts_node_named_child(list, i);
        if (ank__x_is(c, "comment"))
            continue;
        if (k++ == want)
            return c;
    }
    TSNode null = {{0}, NULL, NULL};
    return null;
}

/* The constants of one const_spec typed with a defined type of this file
 * become its variants, appended to *shape from index *first on.  `type` is
 * the spec's type after Go's implicit repetition (a spec without values
 * repeats the previous type). */
static void const_spec(ank_x *x, go_state *s, TSNode spec, TSNode type,
                       const char *doc, ank_shape **out, uint32_t *first)
{
    *out = NULL;
    if (!ank__x_is(type, "type_identifier"))
        return;
    const char *tname = ank__x_text(x, type);
    ank_shape *shape = tname ? find_shape(s, tname) : NULL;
    if (!shape || shape->shape != ANK_SHAPE_DEFINED)
        return;
    *out = shape;
    *first = shape->nvariants;
    TSNode values = ank__x_field(spec, "value");
    uint32_t k = 0, nchildren = ts_node_child_count(spec);
    for (uint32_t i = 0; i < nchildren; i++) {
        const char *fname = ts_node_field_name_for_child(spec, i);
        TSNode id = ts_node_child(spec, i);
        if (!fname || strcmp(fname, "name") != 0 || !ts_node_is_named(id))
            continue;
        uint32_t index = k++;
        if (ank__x_text_eq(x, id, "_"))
            continue;
        ank_variant *v = ANK_X_PUSH(x, shape->variants, shape->nvariants);
        if (!v || !(v->name = ank__x_text(x, id)))
            return;
        v->doc = doc;
        TSNode value = nth_expression(values, index);
        if (!ts_node_is_null(value) && !(v->value = ank__x_text(x, value)))
            return;
    }
}

/* Set the doc of the variants shape->variants[first..] that have none. */
static void variants_doc(ank_shape *shape, uint32_t first, const char *doc)
{
    for (uint32_t i = first; shape && i < shape->nvariants; i++)
        if (!shape->variants[i].doc)
            shape->variants[i].doc = doc;
}

static void do_consts(ank_x *x, go_state *s, const go_const *gc)
{
    ank_go_doc d;
    ank__go_doc_reset(&d);
    TSNode type = {{0}, NULL, NULL};
    ank_shape *last = NULL; /* variants of the spec on the current line */
    ank_shape *only = NULL; /* for a declaration with a single spec */
    uint32_t first = 0, only_first = 0, specs = 0;
    TSTreeCursor cur = ts_tree_cursor_new(gc->decl);
    for (bool more = ts_tree_cursor_goto_first_child(&cur);
         more && x->status == ANK_OK;
         more = ts_tree_cursor_goto_next_sibling(&cur)) {
        TSNode c = ts_tree_cursor_current_node(&cur);
        if (!ts_node_is_named(c))
            continue;
        if (ank__x_is(c, "comment")) {
            if (ank__go_doc_comment(&d, c) && last)
                variants_doc(last, first,
                             ank__go_doc_text(x, ts_node_start_byte(c),
                                              ts_node_end_byte(c)));
            last = NULL;
            continue;
        }
        const char *own = ank__go_doc_for(x, &d, c);
        ank__go_doc_code(&d, c);
        last = NULL;
        if (!ank__x_is(c, "const_spec"))
            continue;
        specs++;
        if (!ts_node_is_null(ank__x_field(c, "value")))
            type = ank__x_field(c, "type"); /* null: untyped */
        const_spec(x, s, c, type, own, &last, &first);
        only = last;
        only_first = first;
    }
    ts_tree_cursor_delete(&cur);
    if (specs == 1 && only)
        variants_doc(only, only_first, gc->doc ? gc->doc : gc->trailing);
}

static void finish(ank_x *x, go_state *s)
{
    if (s->nshapes > 1)
        qsort(s->shapes, s->nshapes, sizeof *s->shapes, by_name);
    for (uint32_t i = 0; i < s->nmethods && x->status == ANK_OK; i++) {
        ank_shape *shape = find_shape(s, s->methods[i].receiver);
        if (shape && shape->shape != ANK_SHAPE_INTERFACE)
            ank__x_push_str(x, &shape->methods, &shape->nmethods,
                            s->methods[i].name);
    }
    for (uint32_t i = 0; i < s->nconsts && x->status == ANK_OK; i++)
        do_consts(x, s, &s->consts[i]);
}

/* ---------------------------------------------------------------- walk */

static void add_const(ank_x *x, go_state *s, TSNode n, const char *doc)
{
    go_const *gc = ANK_X_PUSH(x, s->consts, s->nconsts);
    if (gc) {
        gc->decl = n;
        gc->doc = doc;
        if (!is_grouped(n))
            s->trail_const = s->nconsts;
    }
}

/* A top-level comment: when it trails an ungrouped type or const
 * declaration on its line and nothing documents that yet, it does. */
static void top_comment(ank_x *x, go_state *s, TSNode n)
{
    if (ank__go_doc_comment(&s->doc, n)) {
        const char *text = NULL;
        if (s->trail_shape || s->trail_const)
            text = ank__go_doc_text(x, ts_node_start_byte(n),
                                    ts_node_end_byte(n));
        if (s->trail_shape && !s->trail_shape->doc)
            s->trail_shape->doc = text;
        if (s->trail_const)
            s->consts[s->trail_const - 1].trailing = text;
    }
    s->trail_shape = NULL;
    s->trail_const = 0;
}

static bool at_line_start(TSNode n) { return ts_node_start_point(n).column == 0; }

/* `func Name(...) ... {` that the parser, after an error, read as a
 * func_literal with the name in an ERROR node: the name node, else null. */
static TSNode misparsed_func_name(TSNode n)
{
    TSNode null = {{0}, NULL, NULL};
    if (!ank__x_is(n, "func_literal") || !at_line_start(n))
        return null;
    TSNode err = ank__go_first_named(n);
    if (!ank__x_is(err, "ERROR") || ts_node_named_child_count(err) != 1)
        return null;
    TSNode id = ts_node_named_child(err, 0);
    return ank__x_is(id, "identifier") ? id : null;
}

/*
 * Recovery inside a function body that contains a syntax error: an
 * unclosed `{` makes the parser put the rest of the file into the body.
 * Declarations that start at column 0 (gofmt never indents top-level code
 * and always indents bodies) are taken as top-level ones.  Only the path to
 * the error, blocks and statement lists are entered.
 */
static ank_walk recover_enter(ank_x *x, TSNode n, void *data)
{
    go_state *s = data;
    const char *type = ts_node_type(n);
    if (strcmp(type, "comment") == 0) {
        ank__go_doc_comment(&s->doc, n);
        return ANK_WALK_SKIP;
    }
    const char *doc = ank__go_doc_for(x, &s->doc, n);
    ank__go_doc_code(&s->doc, n);
    if (at_line_start(n)) {
        if (strcmp(type, "type_declaration") == 0) {
            do_types(x, s, n, doc);
            return ANK_WALK_SKIP;
        }
        if (strcmp(type, "const_declaration") == 0) {
            add_const(x, s, n, doc);
            return ANK_WALK_SKIP;
        }
        if (strcmp(type, "expression_statement") == 0) {
            TSNode fn = ank__go_first_named(n);
            TSNode name = misparsed_func_name(fn);
            if (!ts_node_is_null(name))
                do_function(x, s, fn, name, doc);
            return ANK_WALK_DESCEND;
        }
    }
    if (strcmp(type, "block") == 0 || strcmp(type, "statement_list") == 0 ||
        strcmp(type, "func_literal") == 0 || ts_node_has_error(n))
        return ANK_WALK_DESCEND;
    return ANK_WALK_SKIP;
}

static ank_walk enter(ank_x *x, TSNode n, void *data)
{
    go_state *s = data;
    const char *type = ts_node_type(n);
    if (strcmp(type, "comment") == 0) {
        top_comment(x, s, n);
        return ANK_WALK_SKIP;
    }
    s->trail_shape = NULL;
    s->trail_const = 0;
    if (strcmp(type, "ERROR") == 0) {
        ank__go_doc_reset(&s->doc);
        return ANK_WALK_DESCEND;
    }
    const char *doc = ank__go_doc_for(x, &s->doc, n);
    ank__go_doc_code(&s->doc, n);
    if (strcmp(type, "function_declaration") == 0 ||
        strcmp(type, "method_declaration") == 0) {
        do_function(x, s, n, ank__x_field(n, "name"), doc);
        TSNode body = ank__x_field(n, "body");
        if (!ts_node_is_null(body) && ts_node_has_error(body)) {
            ank__go_doc_reset(&s->doc);
            ank__x_walk(x, body, recover_enter, NULL, s);
            ank__go_doc_code(&s->doc, n);
            s->trail_const = 0;
        }
    } else if (strcmp(type, "type_declaration") == 0) {
        ank_constraint *c = do_types(x, s, n, doc);
        s->trail_shape = c ? &c->u.shape : NULL;
    } else if (strcmp(type, "import_declaration") == 0) {
        do_imports(x, n);
    } else if (strcmp(type, "const_declaration") == 0) {
        add_const(x, s, n, doc);
    } else if (strcmp(type, "func_literal") == 0) {
        TSNode name = misparsed_func_name(n);
        if (!ts_node_is_null(name))
            do_function(x, s, n, name, doc);
    }
    return ANK_WALK_SKIP;
}

static void leave(ank_x *x, TSNode n, void *data)
{
    (void)x;
    go_state *s = data;
    if (ank__x_is(n, "ERROR")) {
        ank__go_doc_code(&s->doc, n);
        s->trail_shape = NULL;
        s->trail_const = 0;
    }
}

void ank__extract_go(ank_x *x)
{
    go_state s;
    memset(&s, 0, sizeof s);
    ank__x_walk(x, x->root, enter, leave, &s);
    if (x->status == ANK_OK)
        finish(x, &s);
}

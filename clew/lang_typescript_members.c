/*
 * lang_typescript_members.c - the members of TypeScript class bodies,
 * interface bodies and object type literals: methods (each its own
 * function.signature, named Owner.method) and fields, with their
 * decorators, visibility and doc comments.
 *
 * Invariants: a body is read once, in order, with a tree cursor; doc
 * comments are found going forward (ank__typescript_doc_step), and the
 * doc comment of a decorated method is the one above its first decorator.
 * A method name is listed once in its shape however often it is declared
 * (overloads, get/set pairs).  Constructor parameter properties are fields
 * of the class.  After any helper NULL with x->status set, we stop.
 */
#include "lang_typescript.h"
#include "lang_typescript_members.h"

void ank__typescript_decorators(ank_x *x, TSNode n, const char ***list,
                                uint32_t *len)
{
    ank_ts_kids k;
    TSNode d;
    ank__typescript_kids_open(&k, n, true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &d))
        if (ank__x_is(d, "decorator"))
            ank__x_push_str(x, list, len, ank__typescript_decorator(x, d));
    ank__typescript_kids_close(&k);
}

static void add_method_name(ank_x *x, ank_shape *sh, const char *name)
{
    if (!name)
        return;
    for (uint32_t i = 0; i < sh->nmethods; i++)
        if (strcmp(sh->methods[i], name) == 0)
            return; /* overloads, get/set pairs */
    ank__x_push_str(x, &sh->methods, &sh->nmethods, name);
}

static ank_visibility member_visibility(ank_x *x, TSNode m, TSNode name)
{
    TSNode acc = ank__x_child_of_type(m, "accessibility_modifier");
    if (ank__x_text_eq(x, acc, "private") ||
        ank__x_is(name, "private_property_identifier"))
        return ANK_VIS_PRIVATE;
    if (ank__x_text_eq(x, acc, "protected"))
        return ANK_VIS_PROTECTED;
    return ANK_VIS_PUBLIC;
}

/* Decorators of a class body that precede a method (they are siblings of
 * the method_definition in the grammar), and the doc comment above them. */
typedef struct pending {
    const char **decorators;
    uint32_t ndecorators;
    TSNode doc;
} pending;

/* A method of a class, interface or object type alias. */
static void emit_method(ank_x *x, ank_constraint *owner, bool owner_exported,
                        TSNode m, const pending *pd)
{
    ank_shape *sh = &owner->u.shape;
    TSNode name_node = ank__typescript_field(m, ANK_TS_F_NAME);
    const char *mname = ank__typescript_name(x, name_node);
    if (!mname)
        return;
    add_method_name(x, sh, mname);
    ank_constraint *k = ank__x_add(x, ANK_KIND_FUNCTION_SIGNATURE, m,
                                   ank__x_join(x, owner->name, ".", mname));
    if (!k)
        return;
    ank_signature *s = &k->u.sig;
    TSNode body = ank__typescript_field(m, ANK_TS_F_BODY);
    s->receiver = owner->name;
    s->signature = ank__typescript_signature_text(x, m, m, body);
    s->visibility = member_visibility(x, m, name_node);
    s->exported = owner_exported && s->visibility == ANK_VIS_PUBLIC;
    s->is_static = ank__typescript_has_token(m, "static");
    s->is_abstract = ts_node_is_null(body);
    s->doc = ank__typescript_doc_text(x, pd->doc);
    s->decorators = pd->decorators;
    s->ndecorators = pd->ndecorators;
    ank__typescript_fill_function(x, s, m);
}

/* Constructor parameter properties (`constructor(private a: T)`) are
 * fields of the class. */
static void parameter_fields(ank_x *x, ank_shape *sh, TSNode ctor)
{
    ank_ts_kids k;
    TSNode p;
    ank__typescript_kids_open(&k, ank__typescript_field(ctor, ANK_TS_F_PARAMETERS), true);
    while (x->status == ANK_OK && ank__typescript_kids_next(&k, &p)) {
        TSNode acc = ank__x_child_of_type(p, "accessibility_modifier");
        bool readonly = ank__typescript_has_token(p, "readonly");
        if (ts_node_is_null(acc) && !readonly)
            continue;
        ank_field *f = ANK_X_PUSH(x, sh->fields, sh->nfields);
        if (!f)
            break;
        TSNode pattern = ank__typescript_field(p, ANK_TS_F_PATTERN);
        f->name = ank__x_text(x, pattern);
        f->name_span = ank__x_span(x, pattern);
        f->readonly = readonly;
        f->optional = ank__x_is(p, "optional_parameter");
        TSNode value = ank__typescript_field(p, ANK_TS_F_VALUE);
        if (!ts_node_is_null(value)) {
            f->default_text = ank__x_text(x, value);
            f->optional = true;
        }
        if (!ts_node_is_null(acc))
            ank__x_push_str(x, &f->attributes, &f->nattributes,
                            ank__x_text(x, acc));
        ank__typescript_typeref(x, ank__typescript_field(p, ANK_TS_F_TYPE), &f->type);
    }
    ank__typescript_kids_close(&k);
}

static void class_field(ank_x *x, ank_shape *sh, TSNode m, TSNode doc)
{
    ank_field *f = ANK_X_PUSH(x, sh->fields, sh->nfields);
    if (!f)
        return;
    TSNode name = ank__typescript_field(m, ANK_TS_F_NAME);
    f->name = ank__typescript_name(x, name);
    f->name_span = ank__x_span(x, name);
    f->optional = ank__typescript_has_token(m, "?");
    f->readonly = ank__typescript_has_token(m, "readonly");
    f->is_static = ank__typescript_has_token(m, "static");
    f->doc = ank__typescript_doc_text(x, doc);
    TSNode value = ank__typescript_field(m, ANK_TS_F_VALUE);
    if (!ts_node_is_null(value))
        f->default_text = ank__x_text(x, value);
    ank__typescript_decorators(x, m, &f->attributes, &f->nattributes);
    TSNode acc = ank__x_child_of_type(m, "accessibility_modifier");
    if (!ts_node_is_null(acc))
        ank__x_push_str(x, &f->attributes, &f->nattributes,
                        ank__x_text(x, acc));
    ank__typescript_typeref(x, ank__typescript_field(m, ANK_TS_F_TYPE), &f->type);
}

void ank__typescript_class_body(ank_x *x, ank_constraint *k, bool exported,
                                TSNode body)
{
    pending pd = {NULL, 0, {{0}, NULL, NULL}};
    ank_ts_doc doc = {{{0}, NULL, NULL}, 0, false};
    ank_ts_kids kids;
    TSNode m;
    ank__typescript_kids_open(&kids, body, false);
    while (x->status == ANK_OK && ank__typescript_kids_next(&kids, &m)) {
        TSNode d = ank__typescript_doc_step(x, &doc, m);
        if (!ts_node_is_named(m) || ank__typescript_is_comment(m))
            continue;
        if (ank__x_is(m, "decorator")) {
            if (!pd.ndecorators)
                pd.doc = d; /* the doc goes above the decorators */
            ank__x_push_str(x, &pd.decorators, &pd.ndecorators,
                            ank__typescript_decorator(x, m));
            continue;
        }
        if (!pd.ndecorators)
            pd.doc = d;
        if (ank__x_is(m, "method_definition") ||
            ank__x_is(m, "method_signature") ||
            ank__x_is(m, "abstract_method_signature")) {
            emit_method(x, k, exported, m, &pd);
            if (ank__x_text_eq(x, ank__typescript_field(m, ANK_TS_F_NAME), "constructor"))
                parameter_fields(x, &k->u.shape, m);
        } else if (ank__x_is(m, "public_field_definition")) {
            class_field(x, &k->u.shape, m, pd.doc);
        } else if (ank__x_is(m, "index_signature") &&
                   !ank__typescript_has_token(m, "static")) {
            ank__typescript_index_field(x, m, 0, &k->u.shape.fields,
                                        &k->u.shape.nfields);
        }
        pd = (pending){NULL, 0, {{0}, NULL, NULL}};
    }
    ank__typescript_kids_close(&kids);
}

/* Members of an interface body or object type literal. */
void ank__typescript_type_members(ank_x *x, ank_constraint *k, bool exported,
                                  TSNode body)
{
    ank_ts_doc doc = {{{0}, NULL, NULL}, 0, false};
    ank_ts_kids kids;
    TSNode m;
    ank__typescript_kids_open(&kids, body, false);
    while (x->status == ANK_OK && ank__typescript_kids_next(&kids, &m)) {
        TSNode d = ank__typescript_doc_step(x, &doc, m);
        pending pd = {NULL, 0, d};
        if (ank__x_is(m, "property_signature"))
            ank__typescript_property_field(x, m, d, 0, &k->u.shape.fields,
                                           &k->u.shape.nfields);
        else if (ank__x_is(m, "method_signature"))
            emit_method(x, k, exported, m, &pd);
        else if (ank__x_is(m, "index_signature"))
            ank__typescript_index_field(x, m, 0, &k->u.shape.fields,
                                        &k->u.shape.nfields);
        /* call/construct signatures: no named member. */
    }
    ank__typescript_kids_close(&kids);
}

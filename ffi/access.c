/*
 * access.c - typed accessors over a constraint's payload, so bindings and
 * code generators can read the common fields without parsing JSON.
 *
 * Each accessor checks the constraint's kind before touching the payload
 * union: asking a signature for a hole's marker gives NULL, never another
 * member's bytes.  Everything returned is borrowed from the result.
 */
#include "access.h"

ANK_API ank_lang ank_constraint_language(const ank_constraint *c)
{
    return c ? c->language : ANK_LANG_UNKNOWN;
}

ANK_API const char *ank_constraint_severity(const ank_constraint *c)
{
    return c ? ank__severity_name(c->severity) : NULL;
}

ANK_API const char *ank_constraint_attr(const ank_constraint *c, ank_attr attr)
{
    if (!c)
        return NULL;
    bool sig = c->kind == ANK_KIND_FUNCTION_SIGNATURE;
    bool shape = c->kind == ANK_KIND_TYPE_SHAPE;
    bool hole = c->kind == ANK_KIND_HOLE;
    switch (attr) {
    case ANK_ATTR_EVIDENCE:
        return c->evidence;
    case ANK_ATTR_SIGNATURE:
        return sig ? c->u.sig.signature : NULL;
    case ANK_ATTR_RETURNS:
        return sig ? c->u.sig.returns.text
                   : hole ? c->u.hole.returns.text : NULL;
    case ANK_ATTR_RECEIVER:
        return sig ? c->u.sig.receiver : NULL;
    case ANK_ATTR_DOC:
        return sig ? c->u.sig.doc : shape ? c->u.shape.doc : NULL;
    case ANK_ATTR_SHAPE:
        return shape ? ank__shape_kind_name(c->u.shape.shape) : NULL;
    case ANK_ATTR_MODULE:
        return c->kind == ANK_KIND_IMPORT_MODULE ? c->u.import.module : NULL;
    case ANK_ATTR_PATTERN:
        return (c->kind == ANK_KIND_SECURITY_FINDING ||
                c->kind == ANK_KIND_SECURITY_FORBID) &&
                       c->u.finding.pattern
                   ? c->u.finding.pattern->id
                   : NULL;
    case ANK_ATTR_MARKER:
        return hole ? c->u.hole.marker : NULL;
    case ANK_ATTR_FUNCTION:
        return hole ? c->u.hole.function : NULL;
    case ANK_ATTR_FUNCTION_NAME:
        return hole ? c->u.hole.function_name : NULL;
    }
    return NULL;
}

/* The list's length, or 0 when the kind has no such list. */
static size_t member_count(const ank_constraint *c, ank_members list)
{
    if (!c)
        return 0;
    switch (list) {
    case ANK_MEMBERS_PARAMS:
        return c->kind == ANK_KIND_FUNCTION_SIGNATURE ? c->u.sig.nparams : 0;
    case ANK_MEMBERS_FIELDS:
        return c->kind == ANK_KIND_TYPE_SHAPE ? c->u.shape.nfields : 0;
    case ANK_MEMBERS_VARIANTS:
        return c->kind == ANK_KIND_TYPE_SHAPE ? c->u.shape.nvariants : 0;
    case ANK_MEMBERS_BINDINGS:
        return c->kind == ANK_KIND_HOLE ? c->u.hole.nbindings : 0;
    case ANK_MEMBERS_LAYER_IMPORTS:
        return c->kind == ANK_KIND_ARCHITECTURE_LAYERING
                   ? c->u.layering.nimports
                   : 0;
    case ANK_MEMBERS_LAYER_BOUNDARIES:
        return c->kind == ANK_KIND_ARCHITECTURE_LAYERING
                   ? c->u.layering.nboundaries
                   : 0;
    }
    return 0;
}

ANK_API size_t ank_constraint_member_count(const ank_constraint *c,
                                           ank_members list)
{
    return member_count(c, list);
}

ANK_API const char *ank_constraint_member_name(const ank_constraint *c,
                                               ank_members list, size_t index)
{
    if (index >= member_count(c, list))
        return NULL;
    switch (list) {
    case ANK_MEMBERS_PARAMS:
        return c->u.sig.params[index].name;
    case ANK_MEMBERS_FIELDS:
        return c->u.shape.fields[index].name;
    case ANK_MEMBERS_VARIANTS:
        return c->u.shape.variants[index].name;
    case ANK_MEMBERS_BINDINGS:
        return c->u.hole.bindings[index].name;
    case ANK_MEMBERS_LAYER_IMPORTS:
        return c->u.layering.imports[index].unit;
    case ANK_MEMBERS_LAYER_BOUNDARIES:
        return c->u.layering.boundaries[index];
    }
    return NULL;
}

ANK_API const char *ank_constraint_member_type(const ank_constraint *c,
                                               ank_members list, size_t index)
{
    if (index >= member_count(c, list))
        return NULL;
    switch (list) {
    case ANK_MEMBERS_PARAMS:
        return c->u.sig.params[index].type.text;
    case ANK_MEMBERS_FIELDS:
        return c->u.shape.fields[index].type.text;
    case ANK_MEMBERS_BINDINGS:
        return c->u.hole.bindings[index].type.text;
    case ANK_MEMBERS_VARIANTS:
    case ANK_MEMBERS_LAYER_IMPORTS:
    case ANK_MEMBERS_LAYER_BOUNDARIES:
        return NULL;
    }
    return NULL;
}

ANK_API ank_status ank_constraint_hole_range(const ank_constraint *c,
                                             uint32_t *start_byte,
                                             uint32_t *end_byte)
{
    if (start_byte)
        *start_byte = 0;
    if (end_byte)
        *end_byte = 0;
    if (!c || !start_byte || !end_byte || c->kind != ANK_KIND_HOLE)
        return ANK_ERR_INVALID_ARGUMENT;
    *start_byte = c->u.hole.replace.start_byte;
    *end_byte = c->u.hole.replace.end_byte;
    return ANK_OK;
}

/*
 * constraint.h - the constraint record, its payloads and the normalized type
 * expression tree.  docs/constraints.md is the prose description and
 * docs/constraints.schema.json the schema of the JSON form.
 *
 * All memory hanging off a constraint (strings, arrays, type trees) belongs
 * to the arena of the ank_result that holds it.  Strings are NUL-terminated
 * and NULL means "absent" (written as JSON null or left out, as the schema
 * says).
 */
#ifndef ANK_CONSTRAINT_H
#define ANK_CONSTRAINT_H

#include <stdbool.h>
#include <stdint.h>

#include "ananke.h"

/* The closed list of kinds.  X(enum, "dotted.name", category). */
#define ANK_KIND_LIST(X)                                                   \
    X(ANK_KIND_FUNCTION_SIGNATURE, "function.signature", ANK_CAT_SYNTACTIC) \
    X(ANK_KIND_TYPE_SHAPE, "type.shape", ANK_CAT_TYPE)                      \
    X(ANK_KIND_IMPORT_MODULE, "import.module", ANK_CAT_ARCHITECTURAL)       \
    X(ANK_KIND_NAMING_CONVENTION, "naming.convention", ANK_CAT_SYNTACTIC)   \
    X(ANK_KIND_ERROR_STYLE, "error.style", ANK_CAT_OPERATIONAL)             \
    X(ANK_KIND_SECURITY_FINDING, "security.finding", ANK_CAT_SECURITY)      \
    X(ANK_KIND_SECURITY_FORBID, "security.forbid", ANK_CAT_SECURITY)        \
    X(ANK_KIND_HOLE, "hole", ANK_CAT_SEMANTIC)                              \
    X(ANK_KIND_ARCHITECTURE_LAYERING, "architecture.layering",              \
      ANK_CAT_ARCHITECTURAL)

typedef enum ank_kind {
#define ANK_KIND_ENUM_(e, name, cat) e,
    ANK_KIND_LIST(ANK_KIND_ENUM_)
#undef ANK_KIND_ENUM_
    ANK_KIND_COUNT_
} ank_kind;

typedef enum ank_category {
    ANK_CAT_SYNTACTIC,
    ANK_CAT_TYPE,
    ANK_CAT_SEMANTIC,
    ANK_CAT_ARCHITECTURAL,
    ANK_CAT_OPERATIONAL,
    ANK_CAT_SECURITY
} ank_category;

typedef enum ank_severity {
    ANK_SEV_ERROR,   /* generated code must keep it */
    ANK_SEV_WARNING, /* generated code should keep it */
    ANK_SEV_INFO     /* describes the project; a soft preference */
} ank_severity;

const char *ank__kind_name(ank_kind kind);
ank_category ank__kind_category(ank_kind kind);
const char *ank__category_name(ank_category category);
const char *ank__severity_name(ank_severity severity);

/* ------------------------------------------------------------- type tree */

typedef enum ank_type_kind {
    ANK_TYPE_NAMED,        /* name, items = type arguments */
    ANK_TYPE_OPTIONAL,     /* a = inner; may be absent or null */
    ANK_TYPE_POINTER,      /* a = pointee; flags NULLABLE / MUTABLE */
    ANK_TYPE_ARRAY,        /* a = element; length >= 0 when fixed; name =
                              container ("Vec", "list") when not built in */
    ANK_TYPE_MAP,          /* a = key, b = value; name = container */
    ANK_TYPE_TUPLE,        /* items */
    ANK_TYPE_UNION,        /* items (members) */
    ANK_TYPE_INTERSECTION, /* items (members) */
    ANK_TYPE_FUNCTION,     /* items = parameter types, b = return (nullable) */
    ANK_TYPE_LITERAL,      /* literal + name = value (strings unquoted) */
    ANK_TYPE_OBJECT,       /* fields (an inline object/record type) */
    ANK_TYPE_ERROR_UNION,  /* a = error set (nullable: inferred), b = payload */
    ANK_TYPE_UNKNOWN       /* name = source text braid cannot interpret */
} ank_type_kind;

typedef enum ank_literal_kind {
    ANK_LIT_STRING,
    ANK_LIT_NUMBER,
    ANK_LIT_BOOLEAN,
    ANK_LIT_NULL
} ank_literal_kind;

#define ANK_TYPE_NULLABLE 1u /* POINTER: may be nil/null (Go *T) */
#define ANK_TYPE_MUTABLE 2u  /* POINTER: &mut T, *T (Zig), *mut T */
#define ANK_TYPE_CONST 4u    /* ARRAY/POINTER: []const T, *const T */

/* Nesting deeper than this is cut off: the subtree becomes UNKNOWN with its
 * source text, so no type walk recurses without bound. */
#define ANK_TYPE_MAX_DEPTH 48

typedef struct ank_field ank_field;
typedef struct ank_type ank_type;

struct ank_type {
    ank_type_kind kind;
    uint8_t literal;   /* ank_literal_kind, for ANK_TYPE_LITERAL */
    uint8_t flags;     /* ANK_TYPE_* flags */
    int64_t length;    /* ARRAY: fixed length, -1 when not fixed */
    const char *name;  /* see ank_type_kind */
    ank_type *a, *b;   /* see ank_type_kind */
    ank_type **items;
    uint32_t nitems;
    ank_field *fields; /* OBJECT */
    uint32_t nfields;
};

/* A type as written (`text`) and normalized (`tree`).  Both NULL when the
 * source gives no type; `tree` is never NULL when `text` is set. */
typedef struct ank_typeref {
    const char *text;
    ank_type *tree;
} ank_typeref;

/* ---------------------------------------------------------------- pieces */

/* Where something is, in the original input (1-based lines and columns,
 * counted in bytes; end_byte exclusive). */
typedef struct ank_span {
    uint32_t start_line, start_column, end_line, end_column;
    uint32_t start_byte, end_byte;
} ank_span;

#define ANK_PARAM_OPTIONAL 1u        /* may be omitted: default, `?`, Option */
#define ANK_PARAM_VARIADIC 2u        /* ...rest, *args, variadic Go/Zig */
#define ANK_PARAM_KEYWORD_ONLY 4u    /* after `*` or `*args` in Python */
#define ANK_PARAM_POSITIONAL_ONLY 8u /* before `/` in Python */
#define ANK_PARAM_SELF 16u           /* self, &self, cls, Go/Zig receiver */
#define ANK_PARAM_KWARGS 32u         /* **kwargs */

typedef struct ank_param {
    const char *name; /* NULL for unnamed parameters (Go `func(int)`) */
    ank_span name_span; /* where the name is; zeroed when unknown (not
                           written: it locates naming outliers) */
    ank_typeref type;
    const char *default_text;
    uint32_t flags; /* ANK_PARAM_* */
} ank_param;

typedef struct ank_generic {
    const char *name;
    const char *bound;        /* `T extends X`, `T: Trait`, `T any`; NULL if none */
    const char *default_text; /* `T = X`; NULL if none */
} ank_generic;

struct ank_field {
    const char *name;        /* tuple fields are "0", "1", ... */
    ank_span name_span;      /* where the name is; zeroed when unknown (not
                                written: it locates naming outliers) */
    ank_typeref type;
    const char *default_text;
    const char *doc;         /* first line of the doc comment */
    const char *tag;         /* Go struct tag, raw, without the backquotes */
    const char *rename;      /* serialised name: serde rename, Go json tag */
    const char **attributes; /* decorators/attributes, source text */
    uint32_t nattributes;
    bool optional;           /* `?`, Optional/Option, omitempty, NotRequired */
    bool readonly;           /* TS readonly, Python Final/frozen */
    bool skip;               /* json:"-", #[serde(skip)] */
    bool embedded;           /* Go embedded field, Zig usingnamespace */
    bool is_static;          /* static / class-level member */
};

typedef struct ank_variant {
    const char *name;
    const char *value;  /* explicit discriminant or initializer text */
    const char *doc;
    const char *rename;
    ank_field *fields;  /* data carried (Rust variant fields, Zig payload) */
    uint32_t nfields;
    bool tuple;         /* fields are positional */
} ank_variant;

/* ------------------------------------------------------------- payloads */

typedef enum ank_error_style {
    ANK_ERRSTYLE_NONE,
    ANK_ERRSTYLE_RESULT,      /* Rust Result<T, E> */
    ANK_ERRSTYLE_OPTION,      /* Rust Option<T> */
    ANK_ERRSTYLE_ERROR_RETURN,/* Go trailing error */
    ANK_ERRSTYLE_ERROR_UNION, /* Zig !T */
    ANK_ERRSTYLE_PROMISE,     /* TS Promise<T> (rejection) */
    ANK_ERRSTYLE_EXCEPTION    /* Python/TS raise/throw declared by docs */
} ank_error_style;

typedef enum ank_visibility {
    ANK_VIS_PUBLIC,    /* exported / pub / capitalised / public member */
    ANK_VIS_MODULE,    /* file- or module-private (TS non-export, Zig non-pub) */
    ANK_VIS_PACKAGE,   /* Go lower-case: visible within the package */
    ANK_VIS_CRATE,     /* Rust pub(crate) */
    ANK_VIS_RESTRICTED,/* Rust pub(super), pub(in path) */
    ANK_VIS_PROTECTED, /* TS protected */
    ANK_VIS_PRIVATE    /* TS private/#x, Python _x, Rust no pub */
} ank_visibility;

const char *ank__error_style_name(ank_error_style style);
const char *ank__visibility_name(ank_visibility visibility);

typedef struct ank_signature {
    const char *receiver;     /* enclosing type, impl target or Go receiver */
    const char *signature;    /* declaration text up to the body */
    ank_param *params;
    uint32_t nparams;
    ank_typeref returns;
    ank_generic *generics;
    uint32_t ngenerics;
    const char **decorators;  /* source text, without `@` / `#[...]` */
    uint32_t ndecorators;
    const char *doc;
    ank_visibility visibility;
    ank_error_style error_style;
    bool exported;
    bool is_async;
    bool is_generator;
    bool is_static;
    bool is_abstract;         /* no body: trait/interface/abstract/protocol */
} ank_signature;

typedef enum ank_shape_kind {
    ANK_SHAPE_INTERFACE,
    ANK_SHAPE_TYPE_ALIAS,
    ANK_SHAPE_CLASS,
    ANK_SHAPE_ENUM,
    ANK_SHAPE_STRUCT,
    ANK_SHAPE_TUPLE_STRUCT,
    ANK_SHAPE_UNION,
    ANK_SHAPE_TRAIT,
    ANK_SHAPE_DEFINED,   /* Go `type X Y` */
    ANK_SHAPE_DATACLASS,
    ANK_SHAPE_PYDANTIC,
    ANK_SHAPE_TYPEDDICT,
    ANK_SHAPE_NAMEDTUPLE,
    ANK_SHAPE_PROTOCOL
} ank_shape_kind;

const char *ank__shape_kind_name(ank_shape_kind kind);

typedef struct ank_shape {
    ank_shape_kind shape;
    ank_typeref aliased;     /* TYPE_ALIAS / DEFINED / Zig backing type */
    ank_field *fields;
    uint32_t nfields;
    ank_variant *variants;
    uint32_t nvariants;
    const char **methods;    /* method names, in source order */
    uint32_t nmethods;
    const char **bases;      /* extends/implements/base classes/embeds */
    uint32_t nbases;
    ank_generic *generics;
    uint32_t ngenerics;
    const char **attributes; /* decorators, derives, #[serde(...)] text */
    uint32_t nattributes;
    const char *doc;
    const char *rename_all;  /* #[serde(rename_all = "...")] */
    ank_visibility visibility;
    bool exported;
} ank_shape;

typedef enum ank_import_origin {
    ANK_ORIGIN_RELATIVE, /* ./x, ..x, crate::/self::/super::, "file.zig" */
    ANK_ORIGIN_STDLIB,   /* the language's standard library */
    ANK_ORIGIN_EXTERNAL  /* a third-party package or another module */
} ank_import_origin;

const char *ank__origin_name(ank_import_origin origin);

typedef struct ank_import_name {
    const char *name;  /* "default" for a TS default import */
    const char *alias; /* NULL when not renamed */
} ank_import_name;

typedef struct ank_import {
    const char *module;       /* as written, without quotes */
    const char *alias;        /* module alias: `import x as y`, `* as ns`,
                                 Go `f "fmt"`, Zig `const y = @import(..)` */
    ank_import_name *names;
    uint32_t nnames;
    ank_import_origin origin;
    bool wildcard;            /* `*`, Go dot import */
    bool type_only;           /* TS `import type` */
    bool side_effect;         /* `import "x"`, Go `_ "x"` */
} ank_import;

/* ------------------------------------------------------ naming conventions */

typedef enum ank_id_class {
    ANK_ID_FUNCTION,
    ANK_ID_METHOD,
    ANK_ID_TYPE,
    ANK_ID_CONSTANT,
    ANK_ID_VARIABLE, /* variables and parameters */
    ANK_ID_FIELD,
    ANK_ID_MODULE,   /* the file name, without its extension */
    ANK_ID_CLASS_COUNT_
} ank_id_class;

typedef enum ank_style {
    ANK_STYLE_SNAKE,     /* snake_case */
    ANK_STYLE_CAMEL,     /* camelCase */
    ANK_STYLE_PASCAL,    /* PascalCase */
    ANK_STYLE_SCREAMING, /* SCREAMING_SNAKE_CASE */
    ANK_STYLE_KEBAB,     /* kebab-case */
    ANK_STYLE_FLAT,      /* flatcase */
    ANK_STYLE_OTHER,
    ANK_STYLE_COUNT_
} ank_style;

const char *ank__id_class_name(ank_id_class id_class);
const char *ank__style_name(ank_style style);

#define ANK_NAMING_OUTLIERS_MAX 20

typedef struct ank_naming_outlier {
    const char *name;
    ank_style style;  /* the style it is written in */
    const char *file;
    ank_span span;
} ank_naming_outlier;

/* An identifier as the naming analysis saw it (kept for project results;
 * not written). */
typedef struct ank_named_id {
    const char *name;
    const char *file;
    ank_span span;
    uint8_t mask;    /* the styles it fits, bit per ank_style */
    uint8_t primary; /* the style it is written in */
} ank_named_id;

typedef struct ank_naming {
    ank_id_class id_class;
    ank_style style;        /* the dominant style */
    uint32_t support;       /* identifiers that fit the dominant style */
    uint32_t total;         /* identifiers of the class */
    uint32_t counts[ANK_STYLE_COUNT_]; /* identifiers that fit each style
                                          (one may fit several) */
    ank_naming_outlier *outliers;      /* at most ANK_NAMING_OUTLIERS_MAX */
    uint32_t noutliers;
    uint32_t noutliers_total;
    uint32_t files;         /* files combined (1 for a file result) */
    bool project;           /* a project-level result */
    ank_named_id *ids;      /* every identifier of the class */
    uint32_t nids;
} ank_naming;

/* ----------------------------------------------------- error-handling style */

typedef struct ank_count {
    const char *name; /* a counter named by the language's rules */
    uint32_t count;
} ank_count;

typedef struct ank_error_facts {
    const char *function;      /* id of the function.signature; NULL in a
                                  project summary */
    const char **caught;       /* exception / error types caught */
    uint32_t ncaught;
    ank_count *counts;         /* in the order the rules first named them */
    uint32_t ncounts;
    uint32_t functions;        /* functions with any error handling */
    bool project;
} ank_error_facts;

/* ---------------------------------------------------------------- security */

/* One entry of a language's security catalog. */
typedef struct ank_pattern {
    const char *id;       /* "python.eval" */
    const char *cwe;      /* "CWE-95" */
    ank_severity severity;
    const char *message;  /* one line, for people */
} ank_pattern;

typedef struct ank_finding {
    const ank_pattern *pattern; /* static */
    uint32_t count;             /* forbid: findings of the pattern seen */
    uint32_t files;             /* forbid: files of the language scanned */
    bool project;
} ank_finding;

/* ------------------------------------------------------------------ holes */

typedef enum ank_binding_origin {
    ANK_BIND_PARAMETER,
    ANK_BIND_FIELD,
    ANK_BIND_MODULE
} ank_binding_origin;

typedef struct ank_binding {
    const char *name;
    ank_typeref type;
    ank_binding_origin origin;
} ank_binding;

typedef struct ank_hole {
    const char *function;      /* id of the enclosing function.signature */
    const char *function_name;
    const char *marker;        /* what marked it: "todo!()", "pass", ... */
    ank_typeref returns;       /* the expected return type */
    ank_span replace;          /* the bytes to replace */
    ank_binding *bindings;
    uint32_t nbindings;
    const char **applies;      /* ids of constraints that apply to it */
    uint32_t napplies;
    uint32_t function_start;   /* internal: the function node's start byte */
} ank_hole;

/* ------------------------------------------------------------- layering */

/* One unit importing another: how many import statements, and where the
 * first one (in file order, then source order) is. */
typedef struct ank_layer_edge {
    const char *unit;   /* the imported unit's name */
    uint32_t count;
    const char *file;   /* shared with the file record */
    uint32_t line, column;
} ank_layer_edge;

/* A project unit (a top-level directory) of one language and the units it
 * does and does not import (clew/layering.c).  Lists are sorted by unit
 * name; unit names are shared between the constraints of a result. */
typedef struct ank_layering {
    const char *unit;          /* the directory, relative to the root; "." */
    uint32_t files;            /* files of the language in it */
    uint32_t resolved;         /* its imports that name a project unit,
                                  its own included */
    ank_layer_edge *imports;   /* other units it imports */
    uint32_t nimports;
    const char **imported_by;  /* other units that import it */
    uint32_t nimported_by;
    const char **boundaries;   /* other units it never imports */
    uint32_t nboundaries;
} ank_layering;

/* ------------------------------------------------------------ the record */

struct ank_constraint {
    char id[17];              /* 16 hex digits */
    ank_kind kind;
    ank_severity severity;
    ank_lang language;
    double confidence;
    const char *file;         /* shared with the file record; NULL for a
                                 project-level constraint (no location) */
    ank_span span;
    const char *name;         /* qualified: "Type.method", "Outer.Inner" */
    const char *evidence;     /* source text, see ANK_EVIDENCE_MAX */
    union {
        ank_signature sig;
        ank_shape shape;
        ank_import import;
        ank_naming naming;
        ank_error_facts errors;
        ank_finding finding;
        ank_hole hole;
        ank_layering layering;
    } u;
};

/* Evidence is cut at this many bytes (at a UTF-8 boundary) and "…" added. */
#define ANK_EVIDENCE_MAX 240
/* Signature text is cut at this many bytes the same way. */
#define ANK_SIGNATURE_MAX 4096
/* At most this many parse errors are listed per file. */
#define ANK_PARSE_ERRORS_MAX 50

#endif
